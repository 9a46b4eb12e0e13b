"""`readertui serve`: the reader in a browser, each connection a reader process of its own.

textual-serve runs a Textual app behind a web page (xterm.js over a websocket). It has no
access control: anyone who can reach its port drives the app. This server uses its
`AppService` (one reader process per connection) and its page and scripts, behind guards of
its own, the way Jupyter guards a notebook server:

- a random token, printed at start, in the page's address and in its websocket's path: a
  request without it gets nothing (compared in constant time);
- the Host header must be the address served (a DNS-rebinding page cannot borrow the
  browser), and a websocket's Origin, when sent, that address too (another site's page
  cannot connect, even knowing the port);
- the page is never cached, never framed and never sends its address (with the token) to
  another site as a referrer.

The reader is started with the coder and codebook given on the command line: nothing the
browser sends can change them. What it saves is what the terminal saves: the same program.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import signal
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

log = logging.getLogger("readertui.serve")
_PACKAGE = Path(textual_serve.__file__).parent
#: Headers of every answer: never cached, framed, or told to another site.
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}
_REFUSED = "This readertui server answers only the address it printed, with its token."
#: Addresses that are this machine only, and addresses that are every interface.
LOOPBACK_HOSTS = frozenset(("127.0.0.1", "::1", "localhost"))
WILDCARDS = frozenset(("0.0.0.0", "::", ""))
#: Readers (processes) one server runs at a time: tabs beyond are refused.
MAX_READERS = 16


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(slots=True)
class ReaderServer:
    """Serves `command` (a readertui reader) at `host`:`port` to whoever has `token`."""

    command: str
    host: str
    port: int
    token: str
    title: str = "readertui"
    services: set[AppService] = field(default_factory=set)
    downloads: DownloadManager = field(default_factory=DownloadManager)

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The address to open: the page, with the token (on every interface: by this
        machine's name, which other machines may know it by)."""
        origin = self.origin
        if self.host in WILDCARDS:
            origin = f"http://{socket.gethostname()}:{self.port}"
        return f"{origin}/?token={self.token}"

    def hosts(self) -> set[str] | None:
        """Host headers the server answers (None: any): its address, and localhost's names
        for loopback. Listening on every address (0.0.0.0), it cannot know the names it is
        reached by; the token alone guards it, as the warning printed says."""
        if self.host in WILDCARDS:
            return None
        hosts = {self.origin.removeprefix("http://").rsplit(":", 1)[0]}
        if self.host in LOOPBACK_HOSTS:
            hosts |= {"127.0.0.1", "localhost", "[::1]"}
        names = {f"{h}:{self.port}" for h in hosts}
        return names | hosts if self.port == 80 else names  # (a browser leaves out :80)

    def _known_host(self, host: str) -> bool:
        names = self.hosts()
        return names is None or host in names

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(_PACKAGE / "templates"))
        app.add_routes(
            [
                web.get("/", self.page),
                web.get("/ws/{token}", self.socket),
                web.static("/static", _PACKAGE / "static"),
            ]
        )
        app.on_shutdown.append(self._stop_all)
        return app

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if not self._known_host(request.host):
            return _refuse(421 if request.path.startswith("/static") else 403)
        response = await handler(request)
        response.headers.update(_HEADERS)
        return response

    def _has_token(self, given: str | None) -> bool:
        # As bytes: compare_digest refuses text that is not ASCII (a 500 any page could cause).
        return given is not None and secrets.compare_digest(given.encode(), self.token.encode())

    async def page(self, request: web.Request) -> web.StreamResponse:
        if not self._has_token(request.query.get("token")):
            return _refuse(403)
        context = {
            "font_size": _font_size(request.query.get("fontsize")),
            "app_websocket_url": f"ws://{request.host}/ws/{self.token}",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
            "ping_url": "",
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def socket(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if not self._has_token(request.match_info.get("token")) or (
            origin is not None and origin != f"http://{request.host}"
        ):
            return _refuse(403)  # (the Host was checked: its own page's Origin is its own)
        if len(self.services) >= MAX_READERS:  # each is a process: a token holder's limit
            return _refuse(503)
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        service = _Reader(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=lambda: _closed(websocket),
            download_manager=self.downloads,
        )
        self.services.add(service)
        try:
            size = request.query
            await service.start(_cells(size.get("width"), 80), _cells(size.get("height"), 24))
            await _relay(websocket, service)
        except asyncio.CancelledError:
            pass
        finally:
            self.services.discard(service)
            await service.stop()  # the reader quits: its codes are on disk already
            await websocket.close()
        return websocket

    async def _stop_all(self, _: web.Application) -> None:
        """The server stops: every reader quits as `q` would (each change is on disk at once;
        quitting folds the journal and releases the lock)."""
        await asyncio.gather(*(s.stop() for s in list(self.services)), return_exceptions=True)


class _Reader(AppService):
    """A reader process behind a page: when it ends, however (`q`, an error), the page is
    told, rather than left waiting with its keys going nowhere."""

    async def run(self) -> None:
        try:
            await super().run()
        finally:
            with contextlib.suppress(Exception):  # the page may be gone already
                await self.remote_close()


async def _relay(websocket: web.WebSocketResponse, service: AppService) -> None:
    """What the page sends to the reader: keys and mouse as terminal input, and its size."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            kind, data = json.loads(message.data)
        except (ValueError, TypeError, RecursionError):  # not what the page sends: ignored
            continue
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8", "replace"))
        elif kind == "resize" and isinstance(data, dict):
            await service.set_terminal_size(
                _cells(data.get("width"), 80), _cells(data.get("height"), 24)
            )
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind in ("blur", "focus"):
            await (service.blur() if kind == "blur" else service.focus())


async def _closed(websocket: web.WebSocketResponse) -> None:
    await websocket.close()


def _cells(value: object, default: int) -> int:
    """A terminal dimension from the page: a whole number of cells, within reason."""
    try:
        number = int(str(value))
    except ValueError:
        return default
    return min(max(number, 10), 1000)


def _font_size(value: str | None) -> int:
    return _cells(value, 16) if value else 16


def _refuse(status: int) -> web.Response:
    return web.Response(status=status, text=_REFUSED, headers=_HEADERS)


def serve(server: ReaderServer, on_ready: Callable[[], None]) -> None:
    """Run until interrupted (ctrl+c, which the caller catches; `kill`): `on_ready` once the
    port is open. OSError if it cannot be (the port is taken, say)."""
    with contextlib.suppress(asyncio.CancelledError):
        asyncio.run(_serve(server, on_ready))


async def _serve(server: ReaderServer, on_ready: Callable[[], None]) -> None:
    # Stopped by `kill` or a closed terminal as by ctrl+c: each reader is told to quit (else
    # it would live on, orphaned, holding its sidecar's lock).
    loop, task = asyncio.get_running_loop(), asyncio.current_task()
    assert task is not None
    for stop in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(NotImplementedError, AttributeError):  # (Windows)
            loop.add_signal_handler(stop, task.cancel)
    runner = web.AppRunner(server.application(), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, server.host, server.port).start()
        on_ready()
        await asyncio.Event().wait()  # until cancelled
    finally:
        await runner.cleanup()  # each reader quits, its codes saved


def reader_command(argv: Sequence[str]) -> str:
    """The shell command textual-serve runs for each connection (it takes one string)."""
    import shlex

    return shlex.join(argv)
