"""`readertui serve`: the guards, from an HTTP client, and the reader in a real browser (the
system's Chromium driven by Playwright; skipped where either is missing, see README)."""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from readertui.cli.main import main

from conftest import FIXTURES

pytest.importorskip("textual_serve", reason="readertui[web] is not installed")
from aiohttp import WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

from readertui.ui.web.server import MAX_READERS, ReaderServer, reader_command

TOKEN = "t" * 43


def guarded(port: int = 8642) -> ReaderServer:
    return ReaderServer("true", "127.0.0.1", port, TOKEN)


async def client_for(server: ReaderServer) -> TestClient:  # type: ignore[type-arg]
    client = TestClient(TestServer(server.application(), host="127.0.0.1", port=server.port))
    await client.start_server()
    return client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_the_page_needs_the_token_and_the_servers_own_host() -> None:
    server = guarded(free_port())
    client = await client_for(server)
    try:
        host = {"Host": f"127.0.0.1:{server.port}"}
        for path in ("/", "/?token=", f"/?token={TOKEN[:-1]}x"):
            response = await client.get(path, headers=host)
            assert response.status == 403
            assert "only the address it printed" in await response.text()
        response = await client.get(f"/?token={TOKEN}", headers=host)
        assert response.status == 200
        page = await response.text()
        assert f"/ws/{TOKEN}" in page  # the page's own connection carries it
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Frame-Options"] == "DENY"
        rebound = {"Host": f"attacker.example:{server.port}"}  # DNS rebinding
        assert (await client.get(f"/?token={TOKEN}", headers=rebound)).status == 403
    finally:
        await client.close()


async def test_the_websocket_needs_the_token_and_the_servers_origin() -> None:
    server = guarded(free_port())
    client = await client_for(server)
    own = f"http://127.0.0.1:{server.port}"
    try:
        for path, origin in (
            ("/ws/wrong", own),
            (f"/ws/{TOKEN}", "http://attacker.example"),
            (f"/ws/{TOKEN}", "null"),
        ):
            with pytest.raises(WSServerHandshakeError) as refused:
                await client.ws_connect(path, headers={"Origin": origin})
            assert refused.value.status == 403
    finally:
        await client.close()


async def test_odd_tokens_are_refused_not_failed_and_readers_are_limited() -> None:
    server = guarded(free_port())
    client = await client_for(server)
    host = {"Host": f"127.0.0.1:{server.port}"}
    try:
        for path in ("/?token=%C3%A9", "/ws/%C3%A9"):  # compare_digest would raise on text
            assert (await client.get(path, headers=host)).status == 403
        server.services.update(object() for _ in range(MAX_READERS))  # type: ignore[misc]
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect(f"/ws/{TOKEN}", headers=host)
        assert refused.value.status == 503
    finally:
        server.services.clear()
        await client.close()


async def test_on_every_interface_any_host_name_but_still_the_token() -> None:
    server = ReaderServer("true", "0.0.0.0", free_port(), TOKEN)
    assert "0.0.0.0" not in server.url  # the machine's own name, which others can reach
    client = await client_for(server)
    try:
        other = {"Host": f"coder-laptop.local:{server.port}"}
        assert (await client.get(f"/?token={TOKEN}", headers=other)).status == 200
        assert (await client.get("/", headers=other)).status == 403
    finally:
        await client.close()


def test_the_reader_command_keeps_the_folder_off_its_path_and_quotes_everything(
    tmp_path: Path,
) -> None:
    import argparse

    from readertui.cli.serve import _reader_argv

    article = tmp_path / "a b'c.txt"
    shutil.copy(FIXTURES / "five-posts.txt", article)
    options = argparse.Namespace(path=str(article), codebook=None, coder="-x", adjudicate=False)
    argv, coder = _reader_argv(options)
    assert argv[1:4] == ["-P", "-m", "readertui"] and argv[5] == "--coder=-x" and coder == "-x"
    assert shlex.split(reader_command(argv)) == argv  # the shell gets the very arguments


def test_bad_input_is_one_line_before_anything_is_served(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "readertui.toml").write_text("blinde = true\n", encoding="utf-8")
    shutil.copy(FIXTURES / "five-posts.txt", tmp_path / "a.txt")
    assert main(["serve", str(tmp_path / "a.txt"), "--no-browser"], io.StringIO()) == 1
    err = capsys.readouterr().err
    assert "unknown setting 'blinde'" in err and err.count("\n") == 1
    assert main(["serve", str(tmp_path / "missing.txt")], io.StringIO()) == 1
    assert main(["serve", str(tmp_path), "--port", "0"], io.StringIO()) == 2


# -- in a real browser ------------------------------------------------------------------------
CHROMIUM = os.environ.get("READERTUI_CHROMIUM") or shutil.which("chromium") or ""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    """`readertui serve` on a study folder (its study file, one article: a copy of
    five-posts.txt) for coder ana: its address, the article, the server's process."""
    pytest.importorskip("playwright", reason="Playwright is not installed (README: tests)")
    if not CHROMIUM:
        pytest.skip("no system Chromium (apt install chromium; or READERTUI_CHROMIUM=path)")
    article = tmp_path / "council-vote.txt"
    shutil.copy(FIXTURES / "five-posts.txt", article)
    (tmp_path / "readertui.toml").write_text('coders = ["ana"]\nblind = true\n', "utf-8")
    port = free_port()
    argv = [sys.executable, "-m", "readertui", "serve", str(tmp_path), "--coder", "ana"]
    process = subprocess.Popen(
        [*argv, "--port", str(port), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = ""
        for line in process.stdout:
            if found := re.search(r"http://\S+token=\S+", line):
                url = found.group(0)
                break
        assert url.startswith(f"http://127.0.0.1:{port}/?token="), process.stderr
        yield url, article, process
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_for(condition: object, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def records(article: Path) -> dict[str, dict[str, object]]:
    from readertui.store.journal import read_sidecar
    from readertui.store.naming import plain_sidecar

    stored = read_sidecar(plain_sidecar(article))
    return {} if stored is None else {r.raw["post"]["handle"]: dict(r.raw) for r in stored.records}


def open_the_article(page: Any, url: str, lock: Path) -> None:
    """Open the served study's picker in `page` and its article from it, ready for keys."""
    page.goto(url)
    page.wait_for_timeout(2500)  # the folder's picker
    page.locator(".xterm-helper-textarea").focus()  # where xterm.js reads keys
    page.keyboard.press("Enter")
    wait_for(lock.exists)  # the reader is up: it holds the sidecar's lock
    page.wait_for_timeout(1500)


@pytest.mark.slow
def test_coding_in_the_browser_saves_what_the_terminal_would(
    served: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    from playwright.sync_api import sync_playwright

    url, article, _ = served
    lock = article.parent / f"{article.name}.annotations.json.lock"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            size: dict[str, int] = {}
            page.on(
                "websocket",
                lambda ws: size.update(
                    zip(("cols", "rows"), map(int, re.findall(r"=(\d+)", ws.url)), strict=False)
                ),
            )
            refused = page.goto(url.split("?")[0])
            assert refused is not None and refused.status == 403
            open_the_article(page, url, lock)
            page.keyboard.press("1")  # the first post: support
            page.keyboard.press("j")
            page.keyboard.press("n")
            page.wait_for_timeout(500)
            page.keyboard.type("typed in a browser")
            page.keyboard.press("Enter")
            wait_for(lambda: records(article).get("HarborLedger", {}).get("note"))
            # The mouse: the list's third row (under the header), then a key codes it.
            box = page.locator(".xterm-screen").bounding_box()
            assert box is not None and size
            cell_w, cell_h = box["width"] / size["cols"], box["height"] / size["rows"]
            list_x = box["x"] + cell_w * (size["cols"] * 0.55)
            page.mouse.click(list_x, box["y"] + cell_h * 3.5)
            page.wait_for_timeout(500)
            page.keyboard.press("2")
            wait_for(lambda: "feldbait" in records(article))
            page.close()  # the tab closes: the reader quits, its journal folded, lock freed
            wait_for(lambda: not lock.exists())
        finally:
            browser.close()
    saved = records(article)
    assert {handle: r["tags"] for handle, r in saved.items()} == {
        "rosadelgado_hc": {"stance": ["support"]},
        "HarborLedger": {},
        "feldbait": {"stance": ["oppose"]},
    }
    assert saved["HarborLedger"]["note"] == "typed in a browser"
    sidecar = json.loads((article.parent / f"{article.name}.annotations.json").read_text())
    assert sidecar["coder"] == "ana" and len(sidecar["annotations"]) == 3  # folded: no journal
    assert _kept(saved) == asyncio.run(_in_a_terminal(article.parent / "terminal"))


def _kept(saved: dict[str, dict[str, object]]) -> dict[str, object]:
    """What a sidecar says of each item but when: its codes and note."""
    return {handle: (r["tags"], r["note"]) for handle, r in saved.items()}


async def _in_a_terminal(folder: Path) -> dict[str, object]:
    """The same keys and click in the terminal reader (Pilot), on a copy: what it saved."""
    from readertui.ui.app import build_app
    from readertui.ui.widgets.item_list import ItemList

    from conftest import settle

    folder.mkdir()
    article = folder / "council-vote.txt"
    shutil.copy(FIXTURES / "five-posts.txt", article)
    app = build_app(article, coder="ana")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("1", "j", "n", *"typed in a browser", "enter")
        await pilot.click(ItemList, offset=(4, 2))
        await pilot.press("2")
    return _kept(records(article))


@pytest.mark.slow
def test_stopping_the_server_quits_its_readers_with_their_codes_saved(
    served: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    """`kill` (as ctrl+c) with a tab open: the reader quits as `q` would, nothing left behind."""
    from playwright.sync_api import sync_playwright

    url, article, server = served
    lock = article.parent / f"{article.name}.annotations.json.lock"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            open_the_article(page, url, lock)
            page.keyboard.press("3")
            wait_for(lambda: "rosadelgado_hc" in records(article))
            server.terminate()
            assert server.wait(timeout=20) == 0
            wait_for(lambda: not lock.exists())  # the reader quit: its lock released
        finally:
            browser.close()
    assert records(article)["rosadelgado_hc"]["tags"] == {"stance": ["neutral"]}
    assert not list(article.parent.glob("*.journal"))  # folded into the sidecar


async def test_a_reader_that_ends_closes_its_page() -> None:
    """A reader that fails (its article gone, say) closes the page's connection: the page
    says it closed, rather than wait with its keys going nowhere."""
    from aiohttp import WSMsgType

    server = ReaderServer(
        reader_command([sys.executable, "-c", "print('no app')"]), "127.0.0.1", free_port(), TOKEN
    )
    client = await client_for(server)
    try:
        socket_ = await client.ws_connect(
            f"/ws/{TOKEN}?width=80&height=24", headers={"Host": f"127.0.0.1:{server.port}"}
        )
        message = await socket_.receive(timeout=20)
        assert message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)
    finally:
        await client.close()


def test_on_port_80_the_host_a_browser_sends_without_its_port_is_answered() -> None:
    assert "localhost" in (ReaderServer("x", "127.0.0.1", 80, TOKEN).hosts() or set())
    assert "localhost" not in (ReaderServer("x", "127.0.0.1", 8642, TOKEN).hosts() or set())
