"""The sidecar on disk: what a session writes, what it restores, what it refuses to touch."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from readertui.article import load_article
from readertui.codebook import DEFAULT, load_codebook
from readertui.files import write_atomic
from readertui.session import CodingSession
from readertui.store.journal import read_sidecar
from readertui.store.naming import plain_sidecar as sidecar_path
from readertui.store.sidecar import CONTEXT, FORMAT, SidecarError, Stored, decode_json

from conftest import SAMPLES, saved

OPEN: list[CodingSession] = []


def session(path: Path, **kw: Any) -> CodingSession:
    """A session on the article; the previous one is closed first (one writer at a time)."""
    while OPEN:
        OPEN.pop().close()
    s = CodingSession(
        load_article(path),
        coder=kw.pop("coder", "alice"),
        clock=lambda: "2026-01-02T03:04:05Z",
        **kw,
    )
    OPEN.append(s)
    return s


@pytest.fixture(autouse=True)
def _close_sessions() -> Iterator[None]:
    yield
    while OPEN:
        OPEN.pop().close()


def test_sidecar_name_is_beside_the_article() -> None:
    assert sidecar_path(Path("/a/story.txt")) == Path("/a/story.txt.annotations.json")


def test_each_change_is_written_with_selectors_and_codebook(council: Path) -> None:
    s = session(council)
    assert saved(s.code(1, "2")).ok
    data = json.loads(sidecar_path(council).read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["version"] == 2
    assert data["article"]["file"] == "council-vote.txt"
    assert len(data["article"]["sha256"]) == 64
    assert data["coder"] == "alice"
    assert data["codebook"]["variables"][0]["values"][1]["name"] == "oppose"
    [record] = data["annotations"]
    post = s.items[1]
    assert record["post"] == {
        "id": post.id,
        "kind": "post",
        "platform": "twitter",
        "handle": "HarborLedger",
        "author": "The Harbor Ledger",
        "date": "2025-03-04",
        "url": None,
    }
    text = council.read_text(encoding="utf-8")
    quote = record["quote"]
    assert quote["exact"] == text[quote["start"] : quote["end"]] == post.text
    assert quote["prefix"] == text[quote["start"] - CONTEXT : quote["start"]]
    assert quote["suffix"] == text[quote["end"] : quote["end"] + CONTEXT]
    assert record["tags"] == {"stance": ["oppose"]}
    assert (record["note"], record["created"], record["modified"]) == (
        "",
        "2026-01-02T03:04:05Z",
        "2026-01-02T03:04:05Z",
    )


def test_reopening_restores_codes_notes_and_codebook(council: Path, tmp_path: Path) -> None:
    book = load_codebook(Path(__file__).parent.parent / "examples" / "codebook.toml")
    s = session(council, codebook=book)
    s.code(0, "1")
    s.code(0, "s")
    s.code(0, "d")
    s.set_note(2, "angry shop owner")
    again = session(council)
    assert again.codebook == book
    assert again.annotation(0).tags == {"stance": ("support",), "source": ("journalist", "expert")}
    assert again.annotation(2).note == "angry shop owner"
    assert again.coded_count == 1


def test_clearing_everything_leaves_an_empty_list(council: Path) -> None:
    s = session(council)
    s.code(0, "1")
    s.clear(0)
    assert on_disk(council).annotations == {}  # the journal says so at once
    s.close()  # and the sidecar once the journal is folded into it
    data = json.loads(sidecar_path(council).read_text(encoding="utf-8"))
    assert data["annotations"] == []


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b'{"annotations": [\n  {"note": "cut sh', "(line 2, column 12: Unterminated string)"),
        (b'{"a": 1,}', "(line 1, column 9: Expecting property name enclosed in double quotes)"),
        (b"[1] [2]", "(line 1, column 5: Extra data)"),
    ],
)
def test_json_mistakes_are_said_with_line_and_column(raw: bytes, said: str) -> None:
    with pytest.raises(SidecarError) as caught:
        decode_json(raw, "x.annotations.json")
    assert str(caught.value) == f"x.annotations.json is not valid JSON {said}"


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"format": "something-else", "version": 1}',
        b'{"format": "readertui-annotations", "version": 99, "annotations": []}',
        b'{"format": "readertui-annotations", "version": 1, "annotations": [{"post": {}}]}',
        b"\xff\xfe binary",
        b"[]",
    ],
    ids=["bad-json", "other-format", "newer-version", "damaged", "binary", "not-object"],
)
def test_unreadable_sidecar_opens_read_only_and_is_never_touched(
    council: Path, content: bytes
) -> None:
    path = sidecar_path(council)
    path.write_bytes(content)
    before = path.stat().st_mtime_ns
    s = session(council)
    assert s.read_only and "left untouched" in (s.read_only_reason or "")
    assert s.code(0, "1") is None and s.set_note(0, "x") is None and s.undo() is None
    assert not s.save().ok
    assert path.read_bytes() == content and path.stat().st_mtime_ns == before


def test_a_second_coder_gets_a_file_of_their_own(council: Path) -> None:
    session(council, coder="alice").code(0, "1")
    alices = sidecar_path(council).read_bytes()
    bob = session(council, coder="bob")
    assert not bob.read_only
    assert bob.path == council.with_name("council-vote.txt.bob.annotations.json")
    assert bob.annotation(0).tags == {}
    bob.code(0, "2")
    assert sidecar_path(council).read_bytes() == alices
    assert json.loads(bob.path.read_text(encoding="utf-8"))["coder"] == "bob"


def test_another_coders_sidecar_named_explicitly_is_read_only(council: Path) -> None:
    session(council, coder="alice").code(0, "1")
    bob = session(council, coder="bob", annotations_path=sidecar_path(council))
    assert bob.read_only and "alice" in (bob.read_only_reason or "")
    assert bob.annotation(0).tags == {"stance": ("support",)}


def test_a_failed_write_keeps_codes_and_the_next_change_saves_them(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = session(council)

    real = os.replace

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = s.code(0, "1")
    assert result is not None and not result.ok and "No space left" in result.message
    assert s.annotation(0).is_coded
    assert not sidecar_path(council).exists()
    assert [p for p in council.parent.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.setattr(os, "replace", real)
    assert saved(s.code(1, "2")).ok
    tags = [r["tags"] for r in json.loads(sidecar_path(council).read_text())["annotations"]]
    assert tags == [{"stance": ["support"]}, {"stance": ["oppose"]}]


def test_a_read_only_folder_is_reported(council: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    def refuse(**kw: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = session(council).code(0, "1")
    assert result is not None and not result.ok
    assert "cannot write in" in result.message and "Permission denied" in result.message


def test_annotations_of_posts_no_longer_found_are_kept(council: Path) -> None:
    s = session(council)
    s.code(0, "1")
    path = sidecar_path(council)
    data = json.loads(path.read_text())
    data["annotations"].append(
        {"post": {"id": "gone-123"}, "tags": {"stance": ["oppose"]}, "note": "kept"}
    )
    path.write_text(json.dumps(data))
    again = session(council)
    again.code(1, "3")
    assert {"gone-123", again.items[1].id} <= set(on_disk(council).annotations)
    again.close()
    ids = [r["post"]["id"] for r in json.loads(path.read_text())["annotations"]]
    assert "gone-123" in ids and len(ids) == 3


def test_write_atomic_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert (path.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_undo_and_redo_are_saved(council: Path) -> None:
    s = session(council)
    s.code(0, "1")
    s.code(0, "2")
    undone = s.undo()
    assert undone is not None
    index, result = undone
    assert index == 0 and result.ok
    [record] = on_disk(council).records
    assert record.raw["tags"] == {"stance": ["support"]}
    s.undo()
    assert on_disk(council).records == ()
    s.redo()
    assert s.annotation(0).tags == {"stance": ("support",)}
    assert on_disk(council).annotations[s.items[0].id].tags == {"stance": ("support",)}


def test_next_uncoded_wraps_around(council: Path) -> None:
    s = session(council)
    for i in (0, 1, 3):
        s.code(i, "3")
    assert s.next_uncoded(0) == 2
    assert s.next_uncoded(2) == 4
    assert s.next_uncoded(4) == 2
    for i in (2, 4):
        s.code(i, "3")
    assert s.next_uncoded(0) is None


def test_written_sidecars_follow_the_published_schema(council: Path) -> None:
    import jsonschema

    schema_path = (
        Path(__file__).parent.parent / "src" / "readertui" / "schema" / "annotations.schema.json"
    )
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    book = load_codebook(Path(__file__).parent.parent / "examples" / "codebook.toml")
    s = session(council, codebook=book)
    s.code(0, "1")
    s.code(0, "a")
    s.set_note(3, "a note with “quotes” and [brackets]")
    # Each change in the journal is a record as the sidecar holds it.
    journal = sidecar_path(council).with_name(sidecar_path(council).name + ".journal")
    changes = [json.loads(line) for line in journal.read_bytes().splitlines()[1:]]
    assert len(changes) == 2
    for record in changes:
        jsonschema.validate(record, {"$defs": schema["$defs"], "$ref": "#/$defs/annotation"})
    s.close()
    data = json.loads(sidecar_path(council).read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert len(data["annotations"]) == 2
    assert not journal.exists()


def test_a_second_reader_on_the_same_sidecar_is_read_only(council: Path) -> None:
    first = CodingSession(load_article(council), coder="alice")
    first.code(0, "1")
    second = CodingSession(load_article(council), coder="alice")
    assert second.read_only and "open in another readertui" in (second.read_only_reason or "")
    assert second.code(1, "2") is None
    first.close()
    third = CodingSession(load_article(council), coder="alice")
    assert not third.read_only and saved(third.code(1, "2")).ok
    third.close()
    assert set(stored_tags(council)) == {"rosadelgado_hc", "HarborLedger"}


def test_a_lock_left_by_a_dead_process_is_taken_over(council: Path) -> None:
    from readertui.store.lock import lock_path

    lock = lock_path(sidecar_path(council))
    lock.write_text(json.dumps({"pid": 999_999_999, "host": __import__("socket").gethostname()}))
    s = session(council)
    assert not s.read_only and saved(s.code(0, "1")).ok
    s.close()
    assert not lock.exists()


def test_a_sidecar_changed_by_another_program_is_not_overwritten(council: Path) -> None:
    s = session(council)
    s.code(0, "1")
    path = sidecar_path(council)
    theirs = path.read_text().replace('"support"', '"oppose"')
    path.write_text(theirs)
    result = s.code(1, "2")
    assert result is not None and not result.ok and "changed by another program" in result.message
    assert path.read_text() == theirs
    [aside] = [p for p in council.parent.iterdir() if p.name.endswith(".mine.json")]
    mine = json.loads(aside.read_text())
    assert {a["post"]["handle"] for a in mine["annotations"]} == {"rosadelgado_hc", "HarborLedger"}
    assert s.read_only


def test_another_articles_sidecar_is_read_only(council: Path, tmp_path: Path) -> None:
    s = session(council)
    s.code(0, "1")
    s.close()
    other = tmp_path / "other.txt"
    shutil.copy(SAMPLES / "live-blog-storm.txt", other)
    s2 = CodingSession(load_article(other), coder="alice", annotations_path=sidecar_path(council))
    assert s2.read_only and "'council-vote.txt', not of 'other.txt'" in (s2.read_only_reason or "")
    s2.close()


def test_a_codebook_that_cannot_express_the_codes_is_refused(council: Path) -> None:
    book = load_codebook(Path(__file__).parent.parent / "examples" / "codebook.toml")
    s = session(council, codebook=book)
    s.code(0, "a")
    s.close()
    from readertui.codebook import DEFAULT

    again = session(council, codebook=DEFAULT)
    assert again.read_only and "source=official" in (again.read_only_reason or "")
    superset = session(council, codebook=book)  # the same codebook is fine
    assert not superset.read_only


def test_a_changed_article_is_noticed(council: Path) -> None:
    s = session(council)
    s.code(0, "1")
    s.close()
    council.write_text(council.read_text() + "\nA new paragraph at the end.\n")
    again = session(council)
    assert again.notice and "1 of 1 coded posts were found again" in again.notice
    assert again.annotation(0).is_coded


def on_disk(article: Path) -> Stored:
    """What every reader of the sidecar sees: the file with its journal replayed."""
    found = read_sidecar(sidecar_path(article))
    assert found is not None
    return found


def stored_tags(path: Path) -> dict[str, dict[str, Any]]:
    return {
        a["post"]["handle"]: a["tags"]
        for a in json.loads(sidecar_path(path).read_text())["annotations"]
    }


def test_a_second_coder_without_a_codebook_codes_with_the_one_the_first_used(
    council: Path,
) -> None:
    book = load_codebook(Path(__file__).parent.parent / "examples" / "codebook.toml")
    with CodingSession(load_article(council), coder="alice", codebook=book) as alice:
        alice.code(0, "s")
    bob = session(council, coder="bob")
    assert bob.codebook == book
    assert bob.notice is not None and "codebook (Stance and source) alice used" in bob.notice
    bob.close()
    # Once coders have used different codebooks, none is taken for another.
    with CodingSession(load_article(council), coder="carol", codebook=DEFAULT) as carol:
        carol.code(0, "1")
    dave = session(council, coder="dave")
    assert dave.codebook == DEFAULT and dave.notice is None
