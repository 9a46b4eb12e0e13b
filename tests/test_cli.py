"""`readertui posts` and `readertui FILE` end to end: output shape, exit codes, safe printing."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from readertui.cli.main import main

from conftest import SAMPLES

FIELDS = {
    "id",
    "kind",
    "platform",
    "author",
    "handle",
    "date",
    "url",
    "text",
    "start",
    "end",
    "form",
}


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


def test_posts_json_shape_and_offsets() -> None:
    path = SAMPLES / "council-vote.txt"
    status, out = run("posts", str(path), "--json")
    assert status == 0
    data = json.loads(out)
    assert [d["handle"] for d in data if d["kind"] == "post"] == [
        "rosadelgado_hc",
        "HarborLedger",
        "feldbait",
        "walkharbor",
        "HCTransport",
    ]
    assert [d["author"] for d in data if d["kind"] == "quote"] == [
        "Rosa Delgado",
        "Marco Feld",
        "The mayor",
        "One commuter",
    ]
    text = path.open(encoding="utf-8").read()
    for item in data:
        assert set(item) == FIELDS
        quoted = text[item["start"] : item["end"]]
        if item["kind"] == "post":
            assert quoted == item["text"]
        else:  # a quotation split by its attribution: its words, in order, in its span
            assert all(part.strip(" ,") in quoted for part in item["text"].split(", "))
    assert len({d["id"] for d in data}) == len(data)
    status, out = run("posts", str(path), "--json", "--kind", "post")
    assert {d["kind"] for d in json.loads(out)} == {"post"}


def test_posts_table_is_readable() -> None:
    status, out = run("posts", str(SAMPLES / "live-blog-storm.txt"))
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["#", "platform", "handle", "date", "author/speaker", "text"]
    assert "@WeatherOfficeBW" in lines[1]
    assert lines[-1] == "14 posts and 1 quotation in live-blog-storm.txt (text)"


def test_markup_lookalikes_are_printed_literally() -> None:
    status, out = run("posts", str(SAMPLES / "brackets-and-markup.txt"))
    assert status == 0
    assert "[bold]Status:[/bold] the CMS is down." in out
    assert (
        "[/][/][/] Mayor [italic]resigns[/italic]"
        in run("posts", str(SAMPLES / "brackets-and-markup.txt"), "--json")[1]
    )


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "evil.txt"
    path.write_text(
        "Intro.\n\nClick \x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \u202eevil "
        "\x9b2J — Evil (@evil) May 1, 2024\n",
        encoding="utf-8",
    )
    for args in (("posts", str(path)), ("posts", str(path), "--json")):
        status, out = run(*args)
        assert status == 0
        assert not any(c in out for c in "\x1b\x07\x9b\u202e"), repr(out)
    status, out = run("posts", str(path), "--json")
    assert json.loads(out)[0]["text"].startswith("Click \x1b[31mred")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "folder"),  # "is a folder" to list posts; "no articles in this folder"
        (
            lambda d: (d / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00") and d / "bin.txt",
            "binary",
        ),
        (lambda d: (d / "bad.txt").write_bytes(b"caf\xe9") and d / "bad.txt", "not valid UTF-8"),
        (lambda d: (d / "empty.md").write_bytes(b"") or d / "empty.md", "is empty"),
        (lambda d: (d / "loop.txt").symlink_to(d / "loop.txt") or d / "loop.txt", "a loop"),
        (lambda d: (d / "gone.txt").symlink_to(d / "nothing.txt") or d / "gone.txt", "missing"),
    ],
    ids=["missing", "folder", "binary", "invalid-utf8", "empty", "link-loop", "dangling-link"],
)
def test_bad_input_is_one_line_on_stderr_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    for args in (["posts", str(path)], ["posts", str(path), "--json"], [str(path)]):
        # Opening the reader reports bad input here, before the terminal is taken over.
        status, out = run(*args)
        err = capsys.readouterr().err
        assert status == 1
        assert out == ""
        assert err.count("\n") == 1 and message in err and err.startswith("readertui: ")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("posts")[0] == 2
    assert "readertui posts" in capsys.readouterr().err
    assert run("posts", "x", "--bogus")[0] == 2
    assert run()[0] == 2


def test_the_installed_command_never_shows_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 \xfd not text")
    proc = subprocess.run(
        [sys.executable, "-m", "readertui", "posts", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("readertui: ")


def test_version() -> None:
    status, out = run("--version")
    assert status == 0 and out.startswith("readertui ")


def test_posts_on_a_folder_writes_every_item_of_every_article_as_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from readertui.article import load_article

    names = ("council-vote.txt", "harbor-festival.md", "saved-page.html")
    for name in names:
        (tmp_path / "week1").mkdir(exist_ok=True)
        (tmp_path / "week1" / name).write_bytes((SAMPLES / name).read_bytes())
    status, out = run("posts", str(tmp_path), "--kind", "post")
    err = capsys.readouterr().err
    assert status == 0
    lines = [json.loads(line) for line in out.splitlines()]
    expected = {name: len(load_article(SAMPLES / name).posts) for name in names}
    got = {name: sum(1 for i in lines if Path(i["article"]).name == name) for name in names}
    assert got == expected and all(i["kind"] == "post" for i in lines)
    assert f"{len(lines)} items from 3 articles" in err
    # An article that cannot be read is said on stderr, the rest still listed; status 1.
    (tmp_path / "week1" / "broken.txt").write_bytes(b"caf\xe9")
    status, out = run("posts", str(tmp_path), "--kind", "post")
    err = capsys.readouterr().err
    assert status == 1 and len(out.splitlines()) == len(lines)
    assert "broken.txt" in err and "not valid UTF-8" in err
