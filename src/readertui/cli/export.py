"""`readertui export PATHS... [--format csv|jsonl|w3c|qdpx|qdc] [-o FILE] [--coder NAME]...`.

Writes every coder's codes (or only those of the coders named) to standard output or,
atomically, to FILE; `qdpx` the study as a REFI-QDA project (to FILE only: it is a zip), `qdc`
its codebook. What could not be read is reported on standard error, one line each, and left
out; the export goes on. Exit status: 0 written, 1 nothing to export (a coder named has no
sidecar, say) or FILE not written, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import stat
import sys
import zipfile
from pathlib import Path
from typing import TextIO, cast

import readertui
from readertui.cli.args import Parser
from readertui.codebook import Codebook, CodebookError, load_codebook
from readertui.files import WriteError, kind_of, read_regular, write_atomic
from readertui.store import SIDECAR_SUFFIX
from readertui.study.articles import is_article
from readertui.study.export import Export, ExportFormat, collect, study_codebook
from readertui.study.export_formats import EXPORT_STARTS, W3C_CONTEXT, format_warnings, render
from readertui.study.settings import find_study
from readertui.textsafe import printable

PROG = "readertui export"
ROWS = ("csv", "jsonl", "w3c")
REFI = ("qdpx", "qdc")  # REFI-QDA: the study as a project, its codebook


def _parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="Export every coder's codes of the articles below PATHS, for analysis.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="articles, annotation files or folders"
    )
    parser.add_argument(
        "--format",
        choices=(*ROWS, *REFI),
        default="csv",
        help="csv (one row per value), jsonl (one object per annotation), w3c "
        "(a W3C Web Annotation collection, JSON-LD), qdpx (a REFI-QDA project for ATLAS.ti, "
        "MAXQDA, NVivo, QualCoder; needs -o) or qdc (the codebook, REFI-QDA); default csv",
    )
    parser.add_argument(
        "--codebook",
        metavar="FILE",
        help="qdpx, qdc: the codebook to write (.toml or .qdc; default: the one the sidecars "
        "were coded with); qdc needs no PATH then",
    )
    parser.add_argument(
        "--wide", action="store_true", help="csv: one row per item and coder, a column a variable"
    )
    parser.add_argument(
        "--raw-cells",
        action="store_true",
        help="csv: write every cell exactly as coded, for R or pandas (by default a cell that "
        "starts with = + - or @ gets a leading ' so that a spreadsheet never runs it)",
    )
    parser.add_argument(
        "--include-rejected",
        action="store_true",
        help="also the items a coder rejected (column rejected: true); left out by default",
    )
    parser.add_argument(
        "--all-items",
        action="store_true",
        help="also a row (no coder, no codes) for each item nobody coded: 'seen, not coded' "
        "told from 'not in the article'",
    )
    parser.add_argument(
        "--coder",
        action="append",
        metavar="NAME",
        help="only coder NAME's codes (repeat for several coders): the gold standard alone, say",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (replaced atomically), not stdout"
    )
    return parser


def main(argv: list[str], out: TextIO) -> int:
    parser = _parser()
    options = parser.parse_args(argv)
    if options.output is not None and not options.output.strip():
        parser.error("-o needs a file name (or - for standard output)")
    for flag, given in (("--wide", options.wide), ("--raw-cells", options.raw_cells)):
        if given and options.format != "csv":
            parser.error(f"{flag} applies to --format csv only")
    if not options.paths and not (options.format == "qdc" and options.codebook):
        parser.error("the following arguments are required: PATH")
    if options.paths:  # a study file with a mistake is said here as in the reader (StudyError)
        find_study(Path(options.paths[0]))
    if options.format in REFI:
        return _refi(parser, options, options.format, out)
    if options.codebook is not None:
        parser.error("--codebook applies to --format qdpx and qdc only")
    fmt = cast(ExportFormat, options.format)
    export = collect(
        options.paths,
        include_rejected=options.include_rejected,
        all_items=options.all_items,
        coders=options.coder,
    )
    for line in [*export.warnings, *format_warnings(export, fmt, options.wide)]:
        _say(f"warning: {line}")
    if not export.coded:
        _say(f"nothing to export: no codes found in {' '.join(options.paths)}")
        return 1
    data = render(export, fmt, options.wide, options.raw_cells)
    if options.output in (None, "-"):
        _emit(data, out)
        return 0
    return _write(Path(options.output), data, _summary(export))


def _refi(parser: Parser, options: argparse.Namespace, fmt: str, out: TextIO) -> int:
    """The study as a REFI-QDA project, or its codebook."""
    from readertui.codebook.refi import codebook_qdc
    from readertui.study.qdpx import qdpx_bytes

    for flag, given in (
        ("--include-rejected", options.include_rejected),
        ("--all-items", options.all_items),
    ):
        if given:
            parser.error(f"{flag} applies to --format {', '.join(ROWS)} only")
    if fmt == "qdpx" and options.output in (None, "-"):
        parser.error("--format qdpx writes a zip archive: name it with -o FILE.qdpx")
    export = (
        collect(options.paths, sources=fmt == "qdpx", coders=options.coder)
        if options.paths
        else Export()
    )
    for line in export.warnings:
        _say(f"warning: {line}")
    try:
        book = _codebook(options.codebook, export)
    except CodebookError as exc:
        _say(str(exc))
        return 1
    origin = f"readertui {readertui.__version__}"
    if fmt == "qdc":
        data = codebook_qdc(book, origin)
        summary = f"the codebook ({_count(len(book.variables), 'variable')})"
        if options.output in (None, "-"):
            _emit(data, out)
            return 0
        return _write(Path(options.output), data, summary)
    if not export.coded:
        _say(f"nothing to export: no codes found in {' '.join(options.paths)}")
        return 1
    project = qdpx_bytes(export, book, Path(options.output).stem, origin)
    for line in project.warnings:
        _say(f"warning: {line}")
    return _write(Path(options.output), project.data, _summary(export, project.selections))


def _codebook(named: str | None, export: Export) -> Codebook:
    """The codebook a project or codebook file holds: the one named, else the sidecars' own."""
    if named is not None:
        return load_codebook(named)
    try:
        return study_codebook(export)
    except CodebookError as exc:
        raise CodebookError(f"{exc}; name the codebook to write with --codebook FILE") from None


def _summary(export: Export, written: int | None = None) -> str:
    """How many annotations were written (all, unless `written` says), of how many coders and
    articles."""
    coders = len({c.coder for c in export.coded})
    articles = len({c.article for c in export.coded})
    counts = ", ".join(_count(n, word) for n, word in ((coders, "coder"), (articles, "article")))
    total = len(export.coded) if written is None else written
    return f"{_count(total, 'annotation')} ({counts})"


def _write(target: Path, data: bytes, summary: str) -> int:
    refused = _refusal(target)
    if refused:
        _say(f"{target}: {refused}; choose another output file")
        return 1
    try:
        write_atomic(target, data)
    except WriteError as exc:
        _say(str(exc))
        return 1
    _say(f"wrote {summary} to {target}")
    return 0


def _refusal(target: Path) -> str | None:
    """Why `target` must not be written. Only a new name, or a file an earlier export wrote,
    is written: anything else may be a file readertui reads or writes (an article of any
    name, a coder's codes under any name, a journal, a lock, codes saved aside) or someone's
    own file. A new name readertui would take for one of its own files is refused too."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        return f"cannot be checked ({exc.strerror or exc})"
    if mode is not None and stat.S_ISLNK(mode):
        return "is a symbolic link (an export is never written through one)"
    if mode is not None and not stat.S_ISREG(mode):
        return f"is {kind_of(mode)}, not a regular file"
    if owned_name(target):
        return "is named like a file readertui keeps codes in"
    if mode is not None and not _earlier_export(target):
        return (
            "exists and is not an earlier export (it may be an article, or someone's codes); "
            "remove it first if it is to be replaced"
        )
    if is_article(target):
        return "has an article's name: the next reading of its folder would take it for one"
    return None


def owned_name(path: Path) -> bool:
    """Whether `path` is named like a file readertui keeps codes in: a sidecar, its journal,
    lock or temporary file, or codes saved aside after a conflict."""
    name = path.name
    return SIDECAR_SUFFIX in name or name.endswith((".lock", ".mine.json", ".tmp"))


def _earlier_export(path: Path) -> bool:
    """Whether the file at `path` begins as readertui's exports begin, or is empty and named as
    an export is (an empty `config.toml` is a settings file readertui reads). A REFI-QDA file
    must be readertui's own too: a project or codebook another program wrote is someone's."""
    try:
        head = read_regular(path, 512, head=True)
    except OSError:
        return False
    if not head:
        return path.suffix.lower() in (".csv", ".jsonl", ".json", ".jsonld", ".qdpx", ".qdc")
    if head.startswith(b"PK\x03\x04"):
        return _our_project(path)
    return (
        head.startswith(EXPORT_STARTS)
        or (head.startswith(b"{") and W3C_CONTEXT.encode() in head and b"readertui codes" in head)
        or (head.startswith(b"<?xml") and b'origin="readertui ' in head)
    )


def _our_project(path: Path) -> bool:
    """Whether the zip at `path` is a project readertui wrote (its comment says so)."""
    from readertui.study.qdpx import ARCHIVE_COMMENT

    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment == ARCHIVE_COMMENT
    except (OSError, zipfile.BadZipFile):
        return False


def _emit(data: bytes, out: TextIO) -> None:
    """The exact bytes (UTF-8, CSV's CRLF), even where the console would translate newlines;
    on a terminal, text it would obey (a note's escape sequences) as visible stand-ins."""
    if out.isatty():
        data = printable(data.decode("utf-8").replace("\r\n", "\n")).encode("utf-8")
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(data.decode("utf-8"))
        return
    out.flush()
    buffer.write(data)
    buffer.flush()


def _say(message: str) -> None:
    """One line on standard error, whatever a path or message holds."""
    print(f"{PROG}: {printable(message).replace(chr(10), '␤')}", file=sys.stderr)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
