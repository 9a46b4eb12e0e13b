"""`readertui export PATHS... [--format csv|jsonl|w3c] [-o FILE] [--wide]`.

Writes every coder's codes to standard output or, atomically, to FILE. What could not be read
is reported on standard error, one line each, and left out; the export goes on. Exit status:
0 written, 1 nothing to export or FILE not written, 2 bad arguments.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO, cast

from readertui.commands import Parser
from readertui.corpus import SIDECAR_SUFFIX, is_article
from readertui.export import Export, Format, collect, format_warnings, render
from readertui.sidecar import SidecarWriteError, write_atomic
from readertui.textsafe import printable

PROG = "readertui export"


def _parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="Export every coder's codes of the articles below PATHS, for analysis.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="articles, annotation files or folders"
    )
    parser.add_argument(
        "--format",
        choices=("csv", "jsonl", "w3c"),
        default="csv",
        help="csv (one row per value), jsonl (one object per annotation) or w3c "
        "(a W3C Web Annotation collection, JSON-LD); default csv",
    )
    parser.add_argument(
        "--wide", action="store_true", help="csv: one row per item and coder, a column a variable"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (replaced atomically), not stdout"
    )
    return parser


def main(argv: list[str], out: TextIO) -> int:
    parser = _parser()
    options = parser.parse_args(argv)
    fmt = cast(Format, options.format)
    if options.wide and fmt != "csv":
        parser.error("--wide applies to --format csv only")
    export = collect(options.paths)
    for line in [*export.warnings, *format_warnings(export, fmt, options.wide)]:
        _say(f"warning: {line}")
    if not export.coded:
        _say(f"nothing to export: no codes found in {' '.join(options.paths)}")
        return 1
    data = render(export, fmt, options.wide)
    if options.output in (None, "-"):
        _emit(data, out)
        return 0
    return _write(Path(options.output), data, export)


def _write(target: Path, data: bytes, export: Export) -> int:
    refused = _refusal(target)
    if refused:
        _say(f"{target}: {refused}; choose another output file")
        return 1
    try:
        write_atomic(target, data)
    except SidecarWriteError as exc:
        _say(str(exc))
        return 1
    coders = len({c.coder for c in export.coded})
    articles = len({c.article for c in export.coded})
    counts = ", ".join(_count(n, word) for n, word in ((coders, "coder"), (articles, "article")))
    _say(f"wrote {_count(len(export.coded), 'annotation')} ({counts}) to {target}")
    return 0


def _refusal(target: Path) -> str | None:
    """Why `target` must not be written: it is a sidecar, an existing article (or may be), or
    would be taken for an article once written."""
    names = _links(target)  # a link to an article is the article, a link to a link the same
    if any(path.name.endswith(SIDECAR_SUFFIX) for path in names):
        return "is an annotation file"
    if names[-1].exists() and any(is_article(path) for path in names):
        return "is an article (or may be one)"
    if any(is_article(path) for path in names):
        return "has an article's name: the next reading of its folder would take it for one"
    return None


def _links(path: Path) -> list[Path]:
    """`path`, each link it leads through (a sidecar that is a link to elsewhere must not be
    written through), and the file it finally names."""
    hops = [path]
    while hops[-1].is_symlink() and len(hops) < 40:
        try:
            hops.append(hops[-1].parent / hops[-1].readlink())
        except OSError:
            break
    try:
        return [*hops, path.resolve()]
    except (OSError, RuntimeError):  # a loop of links
        return hops


def _emit(data: bytes, out: TextIO) -> None:
    """The exact bytes (UTF-8, CSV's CRLF), even where the console would translate newlines."""
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
