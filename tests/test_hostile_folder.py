"""A shared folder is input from someone else: what readertui writes, and where, when files in
it are planted to make it write elsewhere or over what it must keep; and locks that fit a team.
Every test hashes the files before and after: what must not change, does not."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from readertui.article import load_article
from readertui.cli.main import main
from readertui.session import CodingSession
from readertui.store.journal import journal_path, read_sidecar
from readertui.store.lock import lock_path
from readertui.store.naming import coder_sidecar, plain_sidecar

from conftest import saved

STAMP = "2026-12-07T10:00:00Z"


def session(article: Path, coder: str = "k", **kw: object) -> CodingSession:
    return CodingSession(load_article(article), coder=coder, clock=lambda: STAMP, **kw)  # type: ignore[arg-type]


def fingerprints(folder: Path) -> dict[str, str]:
    """Every entry below `folder`: a file's hash, a link's target, another entry's kind."""
    found = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            found[str(path)] = "-> " + str(path.readlink())
        elif stat.S_ISREG(mode):
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[str(path)] = stat.filemode(mode)
    return found


@pytest.fixture
def coded(council: Path) -> Path:
    """The council article with one code in its sidecar and a second in its journal."""
    with session(council) as s:
        assert saved(s.code(0, "1")).ok
    s = session(council)
    assert saved(s.code(1, "2")).ok  # journaled, and left there: the reader is "killed"
    s.store.journal.close()
    s.store.lock.release()
    assert journal_path(plain_sidecar(council)).exists()
    return council


# -- export -o writes only a new name or an earlier export -------------------------------------
def victims(council: Path, outside: Path) -> dict[str, Path]:
    """Files a hostile `-o` could name: every kind readertui reads or writes, and links."""
    folder = council.parent
    sidecar = plain_sidecar(council)
    custom = folder / "mycodes.json"
    custom.write_bytes(sidecar.read_bytes())
    aside = folder / f"{sidecar.name}.20261207T100000Z.mine.json"
    aside.write_bytes(sidecar.read_bytes())
    article = folder / "story.article"
    article.write_text("A story of the pier — Rosa Delgado (@rosadelgado_hc) May 1, 2024\n")
    notes = folder / "NOTES"
    notes.write_text("# Notes\n\n- one\n- two\n")
    lock = lock_path(sidecar)
    lock.write_text(json.dumps({"pid": 1, "host": "elsewhere", "since": "x"}))
    codebook = folder / "codebook.toml"
    codebook.write_text('[[variables]]\nname = "s"\nvalues = [{ key = "1", name = "a" }]\n')
    home = outside / ".profile"
    home.write_text("umask 022\n")
    named = {
        "the sidecar": sidecar,
        "the journal": journal_path(sidecar),
        "the lock": lock,
        "codes saved aside": aside,
        "a sidecar of another name": custom,
        "an article named .article": article,
        "a Markdown article without suffix": notes,
        "a codebook": codebook,
        "the article": council,
    }
    for what, target in list(named.items()):
        link = folder / f"link-to-{target.name}.csv"
        link.symlink_to(target.name)
        named[f"a link to {what}"] = link
    outward = folder / "results.csv"
    outward.symlink_to(home)
    named["a link out of the folder"] = outward
    dangling = folder / "later.csv"
    dangling.symlink_to(outside / "not-yet.csv")
    named["a link to a file not made yet"] = dangling
    fifo = folder / "pipe.csv"
    os.mkfifo(fifo)
    named["a named pipe"] = fifo
    named["a folder"] = outside
    named["a device"] = Path("/dev/null")
    return named


def test_export_o_writes_none_of_the_files_readertui_reads_or_writes(
    coded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "home"
    outside.mkdir()
    targets = victims(coded, outside)
    before = fingerprints(tmp_path)
    for what, target in targets.items():
        assert main(["export", str(coded.parent), "-o", str(target)]) == 1, what
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "choose another output file" in err, (what, err)
        assert fingerprints(tmp_path) == before, what
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    # The codes are all still there, journal included.
    stored = read_sidecar(plain_sidecar(coded))
    assert stored is not None and len(stored.annotations) == 2


@pytest.mark.parametrize(
    "name", ["story.txt.annotations.json.journal", "x.lock", "a.mine.json", "new.md", "n.html"]
)
def test_export_o_refuses_a_new_name_readertui_would_take_for_its_own(
    coded: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = coded.with_name(name)
    assert main(["export", str(coded.parent), "-o", str(target)]) == 1
    assert "choose another output file" in capsys.readouterr().err
    assert not target.exists()


def test_export_o_replaces_an_earlier_export_and_writes_a_new_file(
    coded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt, name in (("csv", "codes.csv"), ("jsonl", "codes.jsonl"), ("w3c", "codes.jsonld")):
        target = coded.with_name(name)
        for _ in range(2):  # new, then over the earlier export
            assert main(["export", str(coded.parent), "--format", fmt, "-o", str(target)]) == 0
            assert "wrote 2 annotations" in capsys.readouterr().err
    empty = coded.with_name("made-by-mktemp.csv")
    empty.touch()
    assert main(["export", str(coded.parent), "-o", str(empty)]) == 0
    assert empty.read_bytes().startswith(b"article,item_id,")
    settings = coded.with_name("config.toml")  # empty: a settings file readertui reads
    settings.touch()
    assert main(["export", str(coded.parent), "-o", str(settings)]) == 1
    assert settings.read_bytes() == b""


def test_export_o_empty_is_a_usage_error(coded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(coded.parent), "-o", ""]) == 2
    assert "-o needs a file name" in capsys.readouterr().err


# -- the reader saves aside only under a new name ----------------------------------------------
def test_a_planted_link_named_like_codes_saved_aside_is_never_written_through(
    council: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "home"
    outside.mkdir()
    sidecar = plain_sidecar(council)
    planted = sidecar.with_name(f"{sidecar.name}.{STAMP.replace(':', '')}.mine.json")
    planted.symlink_to(outside / "stolen.json")  # dangling: to a file not made yet
    s = session(council)
    assert saved(s.code(0, "1")).ok
    sidecar.write_text(sidecar.read_text().replace('"support"', '"oppose"'))  # another program
    result = saved(s.code(1, "2"))
    assert not result.ok and "saved to" in result.message
    assert list(outside.iterdir()) == []
    assert planted.is_symlink()
    [aside] = [p for p in council.parent.glob("*.mine.json") if not p.is_symlink()]
    assert aside.name.endswith("-2.mine.json")
    assert {r["post"]["handle"] for r in json.loads(aside.read_text())["annotations"]} == {
        "rosadelgado_hc",
        "HarborLedger",
    }
    s.close()


def test_a_journal_hard_linked_to_another_file_is_never_appended_to(coded: Path) -> None:
    journal = journal_path(plain_sidecar(coded))
    other = coded.with_name("other-file")
    os.link(journal, other)
    before = other.read_bytes()
    s = session(coded)
    assert s.read_only and "linked to another file" in (s.read_only_reason or "")
    s.close()
    assert other.read_bytes() == before


# -- locks that fit a team ------------------------------------------------------------------
def test_two_coders_opening_a_new_article_at_once_each_write_their_own_file(
    council: Path,
) -> None:
    alice = session(council, coder="alice")
    bob = session(council, coder="bob")  # before alice saved anything
    assert not alice.read_only and not bob.read_only
    assert alice.path == plain_sidecar(council) and bob.path == coder_sidecar(council, "bob")
    assert saved(alice.code(0, "1")).ok and saved(bob.code(0, "2")).ok
    alice.close()
    bob.close()
    mine = read_sidecar(plain_sidecar(council))
    theirs = read_sidecar(coder_sidecar(council, "bob"))
    assert mine is not None and mine.coder == "alice"
    assert theirs is not None and theirs.coder == "bob"
    assert not lock_path(plain_sidecar(council)).exists()


def test_the_same_coder_twice_is_still_locked_out(council: Path) -> None:
    first = session(council, coder="alice")
    second = session(council, coder="alice")
    assert second.read_only and "alice, process" in (second.read_only_reason or "")
    first.close()
    second.close()


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_something_else_at_the_lock_s_name_is_said_and_kept(council: Path, kind: str) -> None:
    lock = lock_path(plain_sidecar(council))
    if kind == "folder":
        lock.mkdir()
    else:
        os.mkfifo(lock)
    s = session(council)
    assert s.read_only
    assert f"{lock.name} is a" in (s.read_only_reason or "")
    assert s.code(0, "1") is None
    s.close()
    assert lock.is_dir() if kind == "folder" else stat.S_ISFIFO(lock.stat().st_mode)
    assert not plain_sidecar(council).exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_folder_read_only_at_opening_is_said_and_locked_once_writable(council: Path) -> None:
    folder = council.parent
    folder.chmod(0o555)
    try:
        s = session(council)
        assert not s.read_only and "cannot be written now" in (s.notice or "")
        assert not saved(s.code(0, "1")).ok  # said, and kept
    finally:
        folder.chmod(0o755)
    assert saved(s.code(1, "2")).ok  # writable now: locked, then saved
    assert lock_path(s.path).exists()
    s.close()
    stored = read_sidecar(plain_sidecar(council))
    assert stored is not None and len(stored.annotations) == 2


def no_room_for_the_lock(council: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """Make the lock's file impossible to create (as on a full disk); returns the real open."""
    real_open = os.open
    lock = lock_path(plain_sidecar(council))

    def full(path: object, flags: int, *args: object) -> int:
        if Path(str(path)) == lock:
            raise OSError(28, "No space left on device")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", full)
    return real_open


def test_a_lock_unavailable_at_opening_is_taken_before_the_first_save(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the test above, for root (who can write in a read-only folder): the lock's file could
    not be made at opening (here: a full disk), and is made before the first save."""
    real_open = no_room_for_the_lock(council, monkeypatch)
    lock = lock_path(plain_sidecar(council))
    s = session(council)
    assert not s.read_only and "cannot be written now (No space left" in (s.notice or "")
    assert not s.store.lock.held
    monkeypatch.setattr(os, "open", real_open)
    assert saved(s.code(0, "1")).ok
    assert s.store.lock.held and lock.exists()
    s.close()
    assert not lock.exists()


def test_a_lock_taken_by_another_reader_meanwhile_saves_aside(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = no_room_for_the_lock(council, monkeypatch)
    s = session(council)
    monkeypatch.setattr(os, "open", real_open)
    other = session(council)  # the disk has room again: this one takes the lock
    assert other.store.lock.held
    result = saved(s.code(0, "1"))
    assert not result.ok and "saved to" in result.message and s.read_only
    other.close()
    s.close()
