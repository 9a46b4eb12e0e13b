"""The `readertui` command: arguments, subcommands, and bad input reported in one line."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import readertui
from readertui.cli.args import Parser as _Parser
from readertui.cli.args import UsageError
from readertui.codebook import CodebookError
from readertui.config import ConfigError
from readertui.source import ArticleError
from readertui.study.settings import StudyError
from readertui.textsafe import json_safe, one_line, printable

if TYPE_CHECKING:  # the article model is imported when an article is read, after the first frame
    from readertui.document import Article, Item

SUBCOMMANDS = ("posts", "export", "agree", "serve")
#: Subcommands with a module of their own in readertui.cli.args.
COMMAND_MODULES = ("export", "agree", "serve")


def _open_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="readertui",
        description="Read a news article and code the social-media posts embedded in it.",
        epilog=(
            "Other commands: 'readertui posts FILE [--json]' lists the posts and quotations "
            "found in an article; 'readertui export PATHS --format csv|jsonl|w3c|qdpx|qdc' "
            "writes every coder's codes for analysis or QDA software; 'readertui agree PATHS' "
            "measures agreement between coders. Settings (theme, keys): see READERTUI_CONFIG in "
            "the README."
        ),
    )
    parser.add_argument(
        "article", help="the article to open (.txt, .md or .html), or a folder of them"
    )
    parser.add_argument(
        "--codebook",
        metavar="FILE",
        help="the variables and values to code with (.toml, or a REFI-QDA codebook .qdc)",
    )
    parser.add_argument("--coder", metavar="NAME", help="who is coding (default: login name)")
    parser.add_argument(
        "--annotations",
        metavar="PATH",
        help="where to keep the codes (default: ARTICLE.annotations.json beside the article)",
    )
    parser.add_argument(
        "--adjudicate",
        action="store_true",
        help="code the gold standard: every coder's codes beside yours, the items they "
        "disagree on first, = takes one coder's codes (coder: the study's adjudicator, or gold)",
    )
    # Answered by main() before parsing: reading the version costs every start ~40 ms.
    parser.add_argument("--version", "-V", action="store_true", help="show the version")
    return parser


def _posts_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="readertui posts",
        description="List the posts embedded in an article and the quotations in its prose.",
    )
    parser.add_argument(
        "article",
        help="the article to read (.txt, .md or .html), or a folder: every article below it, "
        "as JSON Lines (one item a line, with its article's path)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON array, one object an item"
    )
    parser.add_argument(
        "--kind",
        choices=("all", "post", "quote"),
        default="all",
        help="list only embedded posts or only quotations (default: both)",
    )
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command; return its exit status (0 ok, 1 unreadable input, 2 bad usage)."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    try:
        if args and args[0] == "posts":
            options = _posts_parser().parse_args(args[1:])
            return _posts(options.article, options.json, out, options.kind)
        if args and args[0] in COMMAND_MODULES:
            command = importlib.import_module(f"readertui.cli.{args[0]}")
            status: int = command.main(args[1:], out)
            return status
        if "--version" in args or "-V" in args:
            print(f"readertui {readertui.__version__}", file=out)
            return 0
        options = _open_parser().parse_args(args)
        return _open(options)
    except UsageError as exc:
        prog = str(exc).split(":", 1)[0]  # "readertui export: ..." -> its own --help
        print(f"{printable(str(exc))} (see '{printable(prog)} --help')", file=sys.stderr)
        return 2
    except (ArticleError, CodebookError, ConfigError, StudyError) as exc:
        print(f"readertui: {printable(str(exc))}", file=sys.stderr)
        return 1


def run() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show a character gets an escape, not a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        status = main()
    except KeyboardInterrupt:
        status = 130
    except BrokenPipeError:
        # The reader of our output went away (`readertui posts x | head`): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = 0
    except Exception as exc:  # a bug, not bad input: one line, the traceback on request
        if os.environ.get("READERTUI_DEBUG"):
            raise
        print(
            f"readertui: internal error: {type(exc).__name__}: {printable(str(exc))}",
            file=sys.stderr,
        )
        print("Set READERTUI_DEBUG=1 to see the traceback, and please report it.", file=sys.stderr)
        status = 70
    sys.exit(status)


def _open(options: argparse.Namespace) -> int:
    from readertui.ui.app import build_app  # Textual is imported only when a screen is needed

    app = build_app(  # the files are read first: what is wrong with them is said first
        options.article,
        codebook=options.codebook,
        coder=options.coder,
        annotations=options.annotations,
        adjudicate=options.adjudicate,
    )
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Without a terminal to read keys from, the reader could never be left.
        which = "input" if not sys.stdin.isatty() else "output"
        print(
            f"readertui: the reader needs a terminal, and standard {which} is not one (to list "
            "an article's posts and quotations: readertui posts FILE)",
            file=sys.stderr,
        )
        return 2
    # What is imported by now lives as long as the program: moving it out of the collector's
    # reach spares the first frame's many small allocations a walk through all of it.
    gc.freeze()
    try:
        app.run()
    finally:
        if app.session is not None:  # however the app ended: its lock is released
            app.session.close()
    if app.crashed:
        return 70
    return app.return_code or 0


def _posts(path: str, as_json: bool, out: TextIO, kind: str = "all") -> int:
    from readertui.article import load_article

    if Path(path).is_dir():
        return _posts_in_folder(Path(path), out, kind)
    article = load_article(path)
    for warning in article.warnings:
        print(f"readertui: warning: {printable(warning)}", file=sys.stderr)
    if as_json:
        import json

        data = [item.to_json() for item in _chosen(article, kind)]
        # Plain ASCII JSON where the output cannot carry Unicode: still valid, still exact.
        ascii_only = not _unicode_capable(out)
        print(json_safe(json.dumps(data, ensure_ascii=ascii_only, indent=2)), file=out)
    else:
        _print_table(article, _chosen(article, kind), out)
    return 0


def _posts_in_folder(folder: Path, out: TextIO, kind: str) -> int:
    """Every item below `folder`, one JSON object a line (in the order articles are read);
    progress and unreadable articles on stderr. Status 1 if any article could not be read."""
    import json

    from readertui.study.articles import find_articles
    from readertui.study.batch import read_all
    from readertui.study.workers import prepare_workers

    paths = list(find_articles(folder))
    if not paths:
        raise ArticleError(f"{folder}: no articles (.txt, .md, .html) in this folder")
    prepare_workers()
    ascii_only = not _unicode_capable(out)
    done = items = failed = 0
    progress = sys.stderr.isatty()
    for batch in read_all(paths, kind):
        for found in batch:
            done += 1
            if found.error is not None:
                failed += 1
                print(f"readertui: {printable(found.error)}", file=sys.stderr)
            for item in found.items:
                print(json_safe(json.dumps(item, ensure_ascii=ascii_only)), file=out)
            items += len(found.items)
        if progress:
            print(f"\r{done}/{len(paths)} articles read", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    print(f"readertui: {items} items from {done - failed} articles", file=sys.stderr)
    return 1 if failed else 0


def _chosen(article: Article, kind: str) -> list[Item]:
    return [item for item in article.items if kind == "all" or item.kind == kind]


def _unicode_capable(out: TextIO) -> bool:
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    return encoding in ("utf8", "utf16", "utf32", "utf8sig")


def _print_table(article: Article, items: list[Item], out: TextIO) -> None:
    posts = items
    name = printable(article.path.name)
    if not posts:
        print(f"{name}: no embedded posts or quotations found", file=out)
        return
    width = shutil.get_terminal_size((100, 24)).columns
    rows = [
        (
            str(i),
            post.platform or post.kind,
            "@" + post.handle if post.handle else "-",
            post.date or "-",
            post.author or "-",
        )
        for i, post in enumerate(posts, start=1)
    ]
    header = ("#", "platform", "handle", "date", "author/speaker")
    widths = [min(24, max(len(printable(r[c])) for r in [header, *rows])) for c in range(5)]
    text_width = max(20, width - sum(widths) - 2 * len(widths) - 1)

    def line(cells: Sequence[str], text: str) -> str:
        parts = [one_line(cell, w).ljust(w) for cell, w in zip(cells, widths, strict=True)]
        return "  ".join([*parts, one_line(text, text_width)]).rstrip()

    print(line(header, "text"), file=out)
    for row, post in zip(rows, posts, strict=True):
        print(line(row, post.text or "(no text in the embed)"), file=out)
    counts = [
        f"{n} {kind}{'' if n == 1 else 's'}"
        for kind, n in (
            ("post", sum(1 for p in posts if p.kind == "post")),
            ("quotation", sum(1 for p in posts if p.kind == "quote")),
        )
        if n
    ]
    print(f"\n{' and '.join(counts)} in {name} ({article.format})", file=out)
