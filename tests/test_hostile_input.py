"""Hostile input through the real command and the reader: huge files, broken encodings, text
that tries to drive the terminal or pass for markup, and folders that link back into themselves.

`readertui posts FILE --json` runs as a subprocess; the reader runs in a pseudo-terminal (as a
user's would) and its output bytes are searched for what must never reach a terminal.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.segment import Segment
from textual.widgets import DataTable

from readertui.source import MAX_BYTES, ArticleError, read_source
from readertui.ui.app import build_app
from readertui.ui.screens.picker import PickerScreen
from readertui.ui.screens.reader import ReaderScreen
from readertui.ui.widgets.article_view import ArticleView
from readertui.ui.widgets.item_detail import ItemDetail
from readertui.ui.widgets.item_list import ItemList

from conftest import FIXTURES, notices, settle
from terminal import Terminal

#: Real commands, pseudo-terminals or many generated inputs: left out of `-m "not slow"`.
pytestmark = pytest.mark.slow


ATTRIBUTION = " — Jane Doe (@jdoe) December 2, 2021"


#: `python -m readertui`, then its peak resident memory (VmHWM, Linux) written to PEAK_FILE.
#: (The kernel's rusage would count the memory of the test process it was forked from.)
MEASURED = """
import os, runpy
try:
    runpy.run_module("readertui", run_name="__main__", alter_sys=True)
finally:
    with open("/proc/self/status") as status, open(os.environ["PEAK_FILE"], "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM")))
"""


@dataclass
class Run:
    status: int
    out: str
    err: str
    seconds: float
    peak_mb: float | None = None  # the command's peak resident memory, when measured


def posts_json(path: Path, tmp_path: Path, *, measure: bool = False) -> Run:
    """`readertui posts PATH --json`, timed; with `measure`, its peak memory too."""
    peak = tmp_path / "peak"
    start = [sys.executable, "-c", MEASURED] if measure else [sys.executable, "-m", "readertui"]
    started = time.perf_counter()
    proc = subprocess.run(
        [*start, "posts", str(path), "--json"],
        capture_output=True,
        env=dict(os.environ, PYTHONIOENCODING="utf-8", PEAK_FILE=str(peak)),
        check=False,
    )
    seconds = time.perf_counter() - started
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    if not measure:
        return Run(proc.returncode, out, err, seconds)
    kilobytes = int(peak.read_text(encoding="ascii").split()[1])  # "VmHWM:  41234 kB"
    return Run(proc.returncode, out, err, seconds, kilobytes / 1024)


def assert_one_line_refusal(run: Run, *words: str) -> None:
    assert run.status == 1, run
    assert run.out == ""
    assert run.err.count("\n") == 1 and run.err.startswith("readertui: "), run.err
    for word in words:
        assert word in run.err


# -- size -----------------------------------------------------------------------------------
def test_a_200_mb_file_is_refused_by_its_size_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:
        f.truncate(200 * 2**20)  # sparse: made in an instant, no disk used
    run = posts_json(big, tmp_path, measure=Path("/proc/self/status").exists())
    assert_one_line_refusal(run, "too large", "200 MB", "16 MB")
    assert run.seconds < 5
    if run.peak_mb is not None:
        assert run.peak_mb < 150  # reading it would take 200 MB at least


def test_the_size_is_checked_before_any_byte_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "huge.md"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)

    def never(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(ArticleError, match="too large"):
        read_source(big)


def test_a_single_10_mb_line_is_read_in_seconds(tmp_path: Path) -> None:
    sentence = "Guns don't go off by themselves and the council knows it. "
    line = sentence * (10_000_000 // len(sentence)) + ATTRIBUTION.strip()
    path = tmp_path / "one-line.txt"
    path.write_text(line, encoding="utf-8")
    run = posts_json(path, tmp_path)
    assert run.status == 0, run.err
    [post] = json.loads(run.out)
    assert post["handle"] == "jdoe"
    assert line[post["start"] : post["end"]] == post["text"] == sentence.strip()
    assert run.seconds < 15


def test_the_reader_opens_a_single_10_mb_line_and_answers_keys(tmp_path: Path) -> None:
    sentence = "Guns don't go off by themselves and the council knows it. "
    path = tmp_path / "one-line.md"
    path.write_text(sentence * (10_000_000 // len(sentence)) + ATTRIBUTION, encoding="utf-8")
    term = Terminal([sys.executable, "-m", "readertui", str(path), "--coder", "k"])
    try:
        opened = term.wait_for(b"@jdoe", timeout=60)
        first, _ = term.key_latency(b"\t")  # focus moves: the panes are drawn again
    finally:
        term.close()
    assert opened < 20
    assert first < 2


# -- bytes that are not text ----------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_nul_bytes_are_refused_in_one_line(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"binary{suffix}"
    path.write_bytes(b"<p>Words\x00\x00\x00 and more words.</p>" + ATTRIBUTION.encode())
    assert_one_line_refusal(posts_json(path, tmp_path), "NUL")


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_invalid_utf8_is_refused_with_where_it_is(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"latin1{suffix}"
    path.write_bytes("Café owners are angry.".encode("latin-1") + ATTRIBUTION.encode())
    assert_one_line_refusal(posts_json(path, tmp_path), "not valid UTF-8", "0xe9", "offset 3")


def test_stray_bytes_in_a_page_are_shown_and_said(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"<p>Caf\xe9 owners are angry \xe2\x80\x94 Jane Doe (@jdoe) May 1, 2024</p>")
    run = posts_json(path, tmp_path)
    assert run.status == 0
    assert "not valid UTF-8" in run.err and run.err.count("\n") == 1
    [post] = json.loads(run.out)
    assert post["text"] == "Caf\ufffd owners are angry"


# -- Unicode: offsets in code points, as Python reads the file ------------------------------
UNICODE_ARTICLE = (
    "Residents reacted online within minutes.\n\n"
    "החלטה מבישה של המועצה הלילה. — רות כהן (@ruthcohen) March 4, 2025\n\n"
    "Family day at the pier 👩‍👩‍👧‍👦 cancelled again 🏳️‍🌈 — Walk Harbor (@walkharbor) March 4, 2025\n\n"
    "Cafe\u0301 owners say the decision is nai\u0308ve. — Zoe\u0308 Mu\u0308ller (@zoemuller) "
    "March 5, 2025\n\n"
    "\u202eThis text is reversed\u202c by an override. — Tro\u200djan (@trojan) March 5, 2025\n\n"
    "“La décision est injuste et nous allons la contester,” a dit Zoë Müller.\n"
)
UNICODE_HANDLES = ["ruthcohen", "walkharbor", "zoemuller", "trojan"]


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("utf-16", "\r\n"), ("utf-16-be", "\n")],
    ids=["utf-8", "utf-8-bom-crlf", "utf-16-bom-crlf", "utf-16-be-bom"],
)
def test_offsets_are_code_points_of_the_file_as_python_reads_it(
    tmp_path: Path, encoding: str, newline: str
) -> None:
    path = tmp_path / "unicode.txt"
    data = UNICODE_ARTICLE.replace("\n", newline)
    path.write_bytes(("\ufeff" + data).encode(encoding) if encoding == "utf-16-be" else
                     data.encode(encoding))  # fmt: skip
    run = posts_json(path, tmp_path)
    assert run.status == 0, run.err
    items = json.loads(run.out)
    assert [i["handle"] for i in items if i["kind"] == "post"] == UNICODE_HANDLES
    assert any(i["kind"] == "quote" for i in items)
    python_reads = "utf-16" if encoding.startswith("utf-16") else "utf-8"
    with path.open(encoding=python_reads) as f:  # universal newlines; a UTF-8 BOM kept
        source = f.read()
    for item in items:
        assert source[item["start"] : item["end"]] == item["text"], item
    family = next(i for i in items if i["handle"] == "walkharbor")
    assert "👩\u200d👩\u200d👧\u200d👦" in family["text"]  # the ZWJ sequence whole


def highlighted_text(view: ArticleView) -> str:
    """The characters drawn with the highlight's background, row after row, as on screen."""
    background = view.get_component_rich_style("article--highlight").bgcolor
    shown = []
    for y in range(view.scrollable_content_region.height):
        for segment in view.render_line(y):
            assert isinstance(segment, Segment)
            if segment.style is not None and segment.style.bgcolor == background:
                shown.append(segment.text)
    return "".join(shown)


async def test_the_highlight_lands_on_the_post_s_characters(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_text(UNICODE_ARTICLE, encoding="utf-8")
    app = build_app(path, coder="k")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        article = screen.session.article
        view = screen.query_one(ArticleView)
        for n, item in enumerate(screen.session.items):
            if n:
                await pilot.press("j")
                await pilot.pause()
            assert screen.selected == n
            assert view.highlight == article.srcmap.display_span(*item.span)
            start, end = view.highlight
            assert article.display[start:end] == article.source[item.span[0] : item.span[1]]
            on_screen = highlighted_text(view)
            wanted = (
                article.display[start:end].replace("\u202e", "\ufffd").replace("\u202c", "\ufffd")
            )
            assert "".join(on_screen.split()) == "".join(wanted.split()), item


# -- text that would drive the terminal, or pass for markup ----------------------------------
HOSTILE_ARTICLE = (
    "Intro with a clipboard grab \x1b]52;c;Q0xJUEJPQVJE\x07 and a clear \x1b[2JCLEARED here.\n\n"
    "Evil words\x1b]8;;https://e.vil\x1b\\link\x1b]8;;\x1b\\ and \x9b31mC1RED [bold]BOLD[/] "
    "[link=https://e.vil]click[/link] [@click=app.quit]quit[/] — Ev\x1b[5mil Na\u202eme "
    "(@evilhandle) May 1, 2024\n\n"
    "Second post [/] with stray markup. — Plain Person (@plainperson) May 2, 2024\n"
)
HOSTILE_NOTE = "note \x1b]52;c;Tk9URQ==\x07 \x1b[2JNOTECLEAR \x9b [red]RED[/red] [/] \u202eRLO"
#: What must never reach the terminal: the sequences themselves, C1 CSI, a bidi override.
FORBIDDEN = [b"\x1b]52;", b"\x1b[2JCLEARED", b"\x1b[2JNOTECLEAR", b"\x1b]8;;https://e.vil",
             b"\x1b[5mil", "\x9b".encode(), "\u202e".encode()]  # fmt: skip


def hostile_sidecar(article: Path, coder: str = "k") -> Path:
    """A sidecar coding every post of `article`, each with a hostile note."""
    from readertui.article import load_article

    items = load_article(article).posts
    records = [
        {"post": {"id": item.id, "kind": "post", "handle": item.handle},
         "tags": {"stance": ["support"]}, "note": HOSTILE_NOTE}
        for item in items
    ]  # fmt: skip
    path = Path(f"{article}.annotations.json")
    path.write_text(
        json.dumps({"format": "readertui-annotations", "version": 1, "coder": coder,
                    "annotations": records}),
        encoding="utf-8",
    )  # fmt: skip
    return path


def test_escapes_and_markup_in_the_article_and_notes_never_reach_the_terminal(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    # Another coder's file, named with --annotations: the notice saying so names that coder.
    sidecar = hostile_sidecar(path, coder="[/]ann\x1b]52;c;Q09ERVI=\x07")
    argv = [sys.executable, "-m", "readertui", str(path), "--coder", "k", "--annotations"]
    term = Terminal([*argv, str(sidecar)])
    try:
        term.wait_for(b"@evilhandle", timeout=30)
        term.wait_for(b"NOTECLEAR", timeout=10)  # the first post's note, in the detail pane
        term.wait_for(b"holds the codes of coder", timeout=10)  # the read-only notice
        term.send(b"j")
        term.wait_for(b"@plainperson", timeout=10)
        term.settle(0.3)
    finally:
        term.close()
    out = bytes(term.output)
    for forbidden in FORBIDDEN:
        assert forbidden not in out, forbidden
    # Textual's own OSC 22 (pointer shape) ends with BEL; no other BEL may come through.
    assert b"\x07" not in re.sub(rb"\x1b\]22;[^\x07\x1b]*\x07", b"", out)
    # What was there is shown, as visible stand-ins and literal brackets.
    assert "␛]52;c;Q0xJUEJPQVJE␇".encode() in out
    assert "␛[2JCLEARED".encode() in out
    assert "[/]ann␛]52;c;Q09ERVI=␇".encode() in out
    for literal in (b"[bold]BOLD[/]", b"[link=https://e.vil]click[/link]", b"[@click=app.quit]",
                    b"[red]RED[/red]"):  # fmt: skip
        assert literal in out, literal


def test_posts_output_carries_no_terminal_control(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    for args in ([], ["--json"]):
        proc = subprocess.run(
            [sys.executable, "-m", "readertui", "posts", str(path), *args],
            capture_output=True,
            env=dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="200"),
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        for forbidden in [b"\x1b", b"\x07", "\x9b".encode(), "\u202e".encode()]:
            assert forbidden not in proc.stdout, (args, forbidden)
    data = json.loads(proc.stdout)
    assert [p["handle"] for p in data] == ["evilhandle", "plainperson"]
    assert data[0]["text"].startswith("Evil words\x1b]8;;")  # JSON keeps the text exact


async def test_markup_look_alikes_are_shown_as_written(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    hostile_sidecar(path)
    app = build_app(path, coder="k")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        detail = app.screen.query_one(ItemDetail).text
        assert "[bold]BOLD[/] [link=https://e.vil]click[/link] [@click=app.quit]quit[/]" in detail
        assert "[red]RED[/red] [/]" in detail
        row = app.screen.query_one(ItemList).row_text(1)
        assert "Second post [/] with stray markup." in row


async def test_a_sidecar_s_coder_name_is_text_in_the_read_only_notice(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Words of a post here." + ATTRIBUTION + "\n", encoding="utf-8")
    sidecar = tmp_path / "a.txt.annotations.json"
    coder = "[/]x[@click=app.quit]y\x1b]52;c;QQ==\x07"
    sidecar.write_text(
        json.dumps({"format": "readertui-annotations", "version": 1, "coder": coder,
                    "annotations": []}),
        encoding="utf-8",
    )  # fmt: skip
    app = build_app(path, coder="k", annotations=sidecar)
    shown = notices(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        [notice] = [n for n in shown if n.title == "Read-only"]
        # Given as text, never as markup (what reaches the terminal: the pty tests above).
        assert "--coder [/]x[@click=app.quit]y\x1b]52;c;QQ==\x07 to continue" in notice.message
        assert notice.markup is False


# -- folders that link back into themselves --------------------------------------------------
@pytest.fixture
def looped(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "a.txt").write_text("Words of a post here." + ATTRIBUTION + "\n", encoding="utf-8")
    (folder / "sub" / "b.md").write_text("> Quoted post words.\n>" + ATTRIBUTION + "\n")
    (folder / "sub" / "deeper" / "c.html").write_text("<p>Just prose, nothing else.</p>")
    (folder / "sub" / "deeper" / "up").symlink_to("../..")  # a loop back to the top
    (folder / "sub" / "self").symlink_to(".")
    (folder / "sub" / "alias").symlink_to("deeper")  # the same folder under two names
    (folder / "x.txt").symlink_to("y.txt")  # a loop of file links
    (folder / "y.txt").symlink_to("x.txt")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    return folder


async def test_a_folder_with_link_loops_lists_each_article_once(looped: Path) -> None:
    app = build_app(looped, coder="k")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        table = picker.query_one(DataTable)
        names = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
    assert names == ["a.txt", "sub/alias/c.html", "sub/b.md"]


def test_the_command_opens_a_folder_with_link_loops(looped: Path) -> None:
    term = Terminal([sys.executable, "-m", "readertui", str(looped), "--coder", "k"])
    try:
        term.wait_for(b"b.md", timeout=30)
        term.settle(0.3)
        assert term.proc.poll() is None  # still running, not crashed
    finally:
        term.close()
    assert b"up/" not in term.output and b"self/" not in term.output


def test_names_notes_and_other_coders_never_drive_the_terminal(tmp_path: Path) -> None:
    """Every place text from the folder enters the screen: the picker and the header (a file
    name), review (another coder's name, planted in a shared folder), the note editor (a
    stored note), the detail pane and the list (orphan codes), the help panel."""
    folder = tmp_path / "study"
    folder.mkdir()
    article = folder / "ev\x1b]0;PWNFILE\x07il.txt"
    article.write_bytes((FIXTURES / "five-posts.txt").read_bytes())
    from readertui.article import load_article

    items = load_article(article).posts
    note = "n\x1b]52;c;UFdORUQ=\x07 \x1b[2JPWNCLEAR \x9bPWNC1 \x1b]8;;https://e.vil\x1b\\x"

    def sidecar(coder: str, name: str, orphan: bool = False) -> None:
        records = [
            {"post": {"id": item.id, "kind": "post", "handle": item.handle},
             "tags": {"stance": ["support"]}, "note": note}
            for item in items  # all coded: the reader opens on the first
        ]  # fmt: skip
        if orphan:
            records.append({"post": {"id": "gone", "handle": "h\x1b]0;PWNORPHAN\x07"},
                            "quote": {"exact": "x\x1b[2JPWNGONE"}, "tags": {"stance": ["oppose"]}})  # fmt: skip
        data = {"format": "readertui-annotations", "version": 1, "coder": coder,
                "article": {"file": article.name}, "annotations": records}  # fmt: skip
        (folder / f"{article.name}.{name}.annotations.json").write_text(json.dumps(data))

    sidecar("b\x1b]0;PWNCODER\x07ob", "bob")
    sidecar("k", "k", orphan=True)
    term = Terminal([sys.executable, "-m", "readertui", str(folder), "--coder", "k"])
    try:
        term.wait_for("␛]0;PWNFILE␇".encode(), timeout=30)  # the picker lists it
        term.settle(0.5)
        term.send(b"\r")
        term.wait_for(b"coded", timeout=30)
        term.wait_for(b"PWNORPHAN", timeout=10)
        term.send(b"r")  # review: the other coder's name in the header
        term.wait_for(b"PWNCODER", timeout=10)
        term.send(b"n")  # the stored note in the note editor
        term.wait_for(b"Note on", timeout=10)
        term.settle(0.3)
        term.send(b"\x1b")
        term.settle(0.3)
        term.send(b"?")  # the help panel
        term.wait_for(b"support", timeout=10)
        term.settle(0.5)
    finally:
        term.close()
    out = bytes(term.output)
    for planted in (b"\x1b]0;PWN", b"\x1b]52;", b"\x1b[2JPWN", "\x9b".encode(),
                    b"\x1b]8;;https://e.vil"):  # fmt: skip
        assert planted not in out, planted
    assert b"\x07" not in re.sub(rb"\x1b\]22;[^\x07\x1b]*\x07", b"", out)
    assert "b␛]0;PWNCODER␇ob".encode() in out  # shown, as text
    assert b"PWNCLEAR" in out  # the note, in the detail pane and its editor


def exit_within(term: Terminal, seconds: float) -> int | None:
    deadline = time.perf_counter() + seconds
    while term.proc.poll() is None and time.perf_counter() < deadline:
        term.read(0.05)
    return term.proc.poll()


def test_q_ends_the_reader_while_a_large_article_is_still_being_read(tmp_path: Path) -> None:
    path = tmp_path / "slow.md"
    path.write_text("# a heading\n" * 150_000, encoding="utf-8")  # seconds of Markdown to read
    term = Terminal([sys.executable, "-m", "readertui", str(path), "--coder", "k"])
    try:
        term.wait_for(b"Finding posts", timeout=30)  # the opening screen, while it is read
        started = time.perf_counter()
        term.send(b"q")
        status = exit_within(term, 10)
        assert status == 0 and time.perf_counter() - started < 3
    finally:
        term.close()
    assert not list(tmp_path.glob("*.lock"))


def test_a_terminal_that_goes_away_ends_the_reader_and_frees_its_lock(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes((FIXTURES / "five-posts.txt").read_bytes())
    term = Terminal([sys.executable, "-m", "readertui", str(path), "--coder", "k"])
    try:
        term.wait_for(b"coded", timeout=30)
        assert list(tmp_path.glob("*.lock"))
        os.close(term.master)  # no hangup signal: the reader was started in a session of its own
        deadline = time.perf_counter() + 10
        while term.proc.poll() is None and time.perf_counter() < deadline:
            time.sleep(0.05)
        assert term.proc.poll() == 129
    finally:
        term.master = os.open(os.devnull, os.O_RDONLY)  # for close()
        term.close()
    assert not list(tmp_path.glob("*.lock"))


def test_the_reader_without_a_terminal_says_so_instead_of_waiting(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes((FIXTURES / "five-posts.txt").read_bytes())
    proc = subprocess.run(
        [sys.executable, "-m", "readertui", str(path), "--coder", "k"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.count(b"\n") == 1 and b"needs a terminal" in proc.stderr
    assert not list(tmp_path.glob("*.lock"))
