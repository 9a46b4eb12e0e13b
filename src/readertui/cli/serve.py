"""`readertui serve PATH [--coder NAME] [--codebook FILE] [--port N] [--host ADDR]`: the reader
in a browser, for coders without a terminal (see `ui.web.server` for what keeps it private).

PATH, the codebook and the study file are checked first, as `readertui PATH` checks them, so a
mistake is one line before anything is served. Exit status: 0 when stopped with ctrl+c, 1 bad
input or the port cannot be had, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import os
import shutil
import sys
import tempfile
import webbrowser
from pathlib import Path
from typing import TextIO

from readertui.cli.args import Parser
from readertui.config import checked_coder, default_coder
from readertui.textsafe import printable

PROG = "readertui serve"
LOOPBACK = "127.0.0.1"
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
PORT = 8642


def _parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="Open the reader in a web browser: the same reader, keys and files as in "
        "a terminal, for coders who do not use one.",
    )
    parser.add_argument("path", metavar="PATH", help="an article, or a folder of them")
    parser.add_argument("--coder", metavar="NAME", help="who codes (default: login name)")
    parser.add_argument("--codebook", metavar="FILE", help="the codebook (.toml or .qdc)")
    parser.add_argument(
        "--adjudicate", action="store_true", help="code the gold standard (see readertui --help)"
    )
    parser.add_argument("--port", type=int, default=PORT, help=f"default {PORT}")
    parser.add_argument(
        "--host",
        default=LOOPBACK,
        metavar="ADDR",
        help="the address to listen on (default: this machine only); another one lets "
        "anyone who can reach it and has the printed address code and read the articles",
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="print the address, do not open a browser"
    )
    return parser


def main(argv: list[str], out: TextIO) -> int:
    parser = _parser()
    options = parser.parse_args(argv)
    if not 0 < options.port < 65536:
        parser.error("--port: a port number from 1 to 65535")
    try:
        from readertui.ui.web.server import ReaderServer, new_token, reader_command, serve
    except ImportError:
        print(
            "readertui serve needs the web extra: pip install 'readertui[web]' "
            "(or pip install -e '.[web]' in the project)",
            file=sys.stderr,
        )
        return 1
    argv_reader, coder = _reader_argv(options)
    server = ReaderServer(
        reader_command(argv_reader),
        options.host,
        options.port,
        new_token(),
        title=f"readertui · {Path(options.path).name}",
    )

    stack = contextlib.ExitStack()  # what opening the browser leaves, removed at the end

    def ready() -> None:
        print(f"readertui: serving {printable(options.path)} to coder {printable(coder)}", file=out)
        if options.host not in LOOPBACK_HOSTS:
            print(
                f"readertui: warning: listening on {options.host}, not this machine only: "
                "anyone who can reach it and has the address below can code and read the "
                "articles (over plain HTTP: use it only on a network you trust)",
                file=sys.stderr,
            )
        print(
            f"Open this address (it holds the server's key; ctrl+c stops):\n  {server.url}",
            file=out,
        )
        out.flush()
        if not options.no_browser and _has_screen():
            _open_privately(server.url, stack)

    try:
        with stack:
            serve(server, ready)
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        print(
            f"readertui: cannot serve on {options.host}:{options.port} "
            f"({exc.strerror or exc}); try another --port",
            file=sys.stderr,
        )
        return 1
    return 0


def _open_privately(url: str, stack: contextlib.ExitStack) -> None:
    """Open `url` in the browser through a file only this user can read that sends the browser
    on to it: given the address itself, the browser would show the token to every user of the
    machine in its command line (as Jupyter does, for the same reason)."""
    folder = Path(tempfile.mkdtemp(prefix="readertui-serve-"))  # (made 0700)
    stack.callback(shutil.rmtree, folder, ignore_errors=True)
    page = folder / "open.html"
    descriptor = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(
            '<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">'
            f'<meta http-equiv="refresh" content="0;url={html.escape(url)}">'
            f'<a href="{html.escape(url)}">readertui</a>'
        )
    with contextlib.suppress(webbrowser.Error):  # no browser here: the address printed says
        webbrowser.open(page.as_uri())


def _has_screen() -> bool:
    """A graphical browser can open: not on a Linux console or over ssh, where `webbrowser`
    would start a text browser (lynx, w3m) in the very terminal the server prints to."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _reader_argv(options: argparse.Namespace) -> tuple[list[str], str]:
    """The reader each connection runs: the checked path, coder and codebook, absolute (the
    coder is fixed here, never taken from the browser). Checking builds the app as
    `readertui PATH` would, so a mistake is said now, in one line (the caller's errors)."""
    from readertui.ui.app import build_app

    path = Path(options.path).absolute()
    codebook = str(Path(options.codebook).absolute()) if options.codebook else None
    coder = checked_coder(options.coder) if options.coder is not None else None
    app = build_app(path, codebook=codebook, coder=coder, adjudicate=options.adjudicate)
    coder = app.coder or default_coder()
    # -P: the folder `serve` was started in is not on the reader's import path (a `.py` file
    # left in a shared folder would run); `--coder=`: a name may start with a dash.
    argv = [sys.executable, "-P", "-m", "readertui", str(path), f"--coder={coder}"]
    if codebook:
        argv += [f"--codebook={codebook}"]
    if options.adjudicate:
        argv += ["--adjudicate"]
    return argv, coder
