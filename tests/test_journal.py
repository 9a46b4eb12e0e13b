"""The sidecar's journal: each change appended and flushed, every reader replaying it, folded
into the sidecar on closing, when idle or when long, and never a way to lose or overwrite codes:
killed mid-append, killed mid-fold, another program's edits, a damaged journal."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import readertui.store.journal as journal_mod
import readertui.store.sidecar as sidecar_mod
from readertui.article import load_article
from readertui.cli.main import main
from readertui.session import CodingSession
from readertui.store.journal import JournalWriter, journal_path, load_sidecar, read_sidecar
from readertui.store.lock import lock_path
from readertui.store.naming import coder_sidecar, plain_sidecar
from readertui.store.others import other_coders
from readertui.store.sidecar import SidecarError
from readertui.study.folder import summarize

from conftest import FIXTURES, many_posts, saved

STAMP = "2026-01-02T03:04:05Z"
HANDLES = ["rosadelgado_hc", "HarborLedger", "feldbait", "walkharbor", "HCTransport"]
VALUES = {"1": "support", "2": "oppose", "3": "neutral", "4": "sarcasm", "5": "off-topic"}


def open_session(article: Path, coder: str = "k", **kw: Any) -> CodingSession:
    return CodingSession(load_article(article), coder=coder, clock=lambda: STAMP, **kw)


def killed(session: CodingSession) -> None:
    """What SIGKILL leaves: the journal and the lock's file as they are, nothing folded (the
    lock names this process, so it is removed for the next session to open; a lock left by a
    dead process is taken over, see test_faults)."""
    session.store.journal.close()
    session.store.lock.release()


def read(sidecar: Path) -> dict[str, list[str]]:
    """The codes every reader sees (sidecar with its journal replayed), by handle."""
    stored = read_sidecar(sidecar)
    assert stored is not None
    return {r.raw["post"]["handle"]: r.raw["tags"].get("stance", []) for r in stored.records}


def in_file(sidecar: Path) -> dict[str, list[str]]:
    """The codes in the sidecar file alone, by handle."""
    data = json.loads(sidecar.read_bytes())
    return {r["post"]["handle"]: r["tags"].get("stance", []) for r in data["annotations"]}


def asides(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.mine.json"))


# -- each change appended, the sidecar written whole now and then ----------------------------
def test_the_first_change_writes_the_sidecar_the_next_ones_append_to_the_journal(
    council: Path,
) -> None:
    sidecar, journal = plain_sidecar(council), journal_path(plain_sidecar(council))
    assert journal == council.with_name("council-vote.txt.annotations.json.journal")
    with open_session(council) as s:
        assert saved(s.code(0, "1")).ok  # no sidecar yet: written whole, no journal
        assert sidecar.exists() and not journal.exists() and s.journaled == 0
        whole = sidecar.read_bytes()
        assert (
            saved(s.code(1, "2")).ok and saved(s.set_note(1, "check")).ok and saved(s.clear(0)).ok
        )
        assert sidecar.read_bytes() == whole  # untouched between folds
        lines = journal.read_bytes().split(b"\n")
        header = json.loads(lines[0])
        assert header["format"] == "readertui-journal" and header["sidecar"] == sidecar.name
        assert header["base"] == journal_mod.fingerprint(whole)
        assert [json.loads(line).get("remove") for line in lines[1:-1]] == [
            None,
            None,
            s.items[0].id,
        ]
        assert lines[-1] == b"" and s.journaled == 3
        assert read(sidecar) == {"HarborLedger": ["oppose"]}
        assert read_sidecar(sidecar).annotations[s.items[1].id].note == "check"  # type: ignore[union-attr]
    # Closing folds the journal in: no journal, and the sidecar complete on its own.
    assert not journal.exists() and not lock_path(sidecar).exists()
    assert in_file(sidecar) == {"HarborLedger": ["oppose"]}


def test_a_reopened_sidecar_gets_the_next_change_in_its_journal(council: Path) -> None:
    with open_session(council) as s:
        assert saved(s.code(0, "1")).ok
    whole = plain_sidecar(council).read_bytes()
    with open_session(council) as s:
        assert saved(s.code(1, "2")).ok  # the header is this session's: appended, not rewritten
        assert plain_sidecar(council).read_bytes() == whole and s.journaled == 1
    council.write_text(council.read_text() + "\nA new paragraph at the end.\n")
    with open_session(council) as s:  # an edited article: written whole on opening, with
        assert json.loads(plain_sidecar(council).read_bytes())["article"]["sha256"] == (
            s.article.sha256  # its new hash and the codes found again
        )
        assert saved(s.code(2, "3")).ok and s.journaled == 1  # then appended to


def test_folded_when_idle_and_when_long(council: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sidecar, journal = plain_sidecar(council), journal_path(plain_sidecar(council))
    with open_session(council) as s:
        assert s.compact().ok and not sidecar.exists()  # nothing to fold: nothing written
        assert saved(s.code(0, "1")).ok and saved(s.code(1, "2")).ok and journal.exists()
        assert s.compact().ok  # the reader idle
        assert not journal.exists() and in_file(sidecar) == {
            "rosadelgado_hc": ["support"],
            "HarborLedger": ["oppose"],
        }
        folded = sidecar.read_bytes()
        assert s.compact().ok and sidecar.read_bytes() == folded  # nothing new: left alone
        monkeypatch.setattr(journal_mod, "JOURNAL_ENTRIES", 4)
        for n in range(1, 4):
            assert saved(s.code(2, str(n))).ok and s.journaled == n
        assert saved(s.code(3, "4")).ok  # the fourth change: folded at once
        assert s.journaled == 0 and not journal.exists()
        assert in_file(sidecar)["walkharbor"] == ["sarcasm"]
        monkeypatch.setattr(journal_mod, "JOURNAL_BYTES", 1)
        assert saved(s.code(4, "5")).ok and s.journaled == 0 and not journal.exists()
        assert in_file(sidecar)["HCTransport"] == ["off-topic"]


# -- killed: mid-append, mid-fold --------------------------------------------------------------
def test_a_last_line_cut_short_is_ignored_and_the_rest_folded_in_on_opening(
    council: Path,
) -> None:
    sidecar, journal = plain_sidecar(council), journal_path(plain_sidecar(council))
    s = open_session(council)
    assert saved(s.code(0, "1")).ok and saved(s.code(1, "2")).ok and saved(s.code(2, "3")).ok
    record = s.store.writer.record(s.items[3].id, s.state.get_annotation(s.items[1].id))
    killed(s)
    expected = {"rosadelgado_hc": ["support"], "HarborLedger": ["oppose"], "feldbait": ["neutral"]}
    with journal.open("ab") as f:
        f.write(record[: len(record) // 2])  # killed in the middle of an append
    assert read(sidecar) == expected
    assert load_sidecar(sidecar).journal.torn  # type: ignore[union-attr]
    with open_session(council) as again:
        assert not again.read_only and again.notice is None
        assert not journal.exists() and in_file(sidecar) == expected
        assert saved(again.code(3, "4")).ok and journal.exists()  # and the journal starts again
    assert in_file(sidecar) == {**expected, "walkharbor": ["sarcasm"]}
    assert asides(council.parent) == []


def test_killed_between_the_folds_rename_and_the_journals_removal(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sidecar holds everything the journal does: replaying it changes nothing, and the
    next session removes it without a word (the journal says which sidecar it was folded
    into; one that does not still changes nothing when replayed)."""
    sidecar, journal = plain_sidecar(council), journal_path(plain_sidecar(council))
    expected = {"rosadelgado_hc": ["support"], "HarborLedger": ["neutral"]}
    for marked in (True, False):
        s = open_session(council)
        assert saved(s.code(0, "1")).ok and saved(s.code(1, "2")).ok and saved(s.code(1, "3")).ok
        assert s.journaled == 2
        before = journal.read_bytes()
        with monkeypatch.context() as m:
            m.setattr(JournalWriter, "discard", lambda self: False)  # killed before removing
            assert s.compact().ok
        killed(s)
        assert in_file(sidecar) == expected and journal.exists()
        if not marked:  # a journal that does not name the new sidecar
            journal.write_bytes(before)
        else:
            assert b'"compacted"' in journal.read_bytes()
        loaded = load_sidecar(sidecar)
        assert loaded.status == "stale" and read(sidecar) == expected
        with open_session(council) as again:
            assert again.notice is None and not again.read_only
            assert not journal.exists() and read(sidecar) == expected
            assert saved(again.clear(0)).ok and saved(again.clear(1)).ok  # next round starts afresh
        assert asides(council.parent) == []
        sidecar.unlink()


def test_killed_between_the_folds_mark_and_its_rename(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sidecar, journal = plain_sidecar(council), journal_path(plain_sidecar(council))
    s = open_session(council)
    assert saved(s.code(0, "1")).ok and saved(s.code(1, "2")).ok
    whole = sidecar.read_bytes()

    def crash(data: bytes) -> None:
        raise sidecar_mod.SidecarWriteError("killed")

    monkeypatch.setattr(s.store.writer, "write", crash)
    assert s.compact().ok  # nothing lost
    killed(s)
    assert sidecar.read_bytes() == whole and b'"compacted"' in journal.read_bytes()
    assert load_sidecar(sidecar).status == "applied"
    assert read(sidecar) == {"rosadelgado_hc": ["support"], "HarborLedger": ["oppose"]}
    monkeypatch.undo()
    with open_session(council) as again:
        assert again.coded_count == 2 and not journal.exists()
    assert in_file(sidecar) == {"rosadelgado_hc": ["support"], "HarborLedger": ["oppose"]}


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import readertui.store.journal
    from readertui.article import load_article
    from readertui.session import CodingSession

    readertui.store.journal.JOURNAL_ENTRIES = int(sys.argv[3])  # folds while being killed too
    session = CodingSession(load_article(Path(sys.argv[1])), coder="k")
    step = int(sys.argv[2])
    print("open", flush=True)
    while True:
        items = len(session.items)
        result = session.code(step % items, str((step // items) % 5 + 1))
        assert result is not None and result.ok, result
        print(step, flush=True)
        step += 1
    """
)


def after(steps: int, items: int) -> dict[str, list[str]]:
    """The codes after `steps` keys of the child: step i sets post i % items to a value that
    is not the one it had (so it replaces, never clears)."""
    codes: dict[str, list[str]] = {}
    for step in range(steps):
        codes[f"user{step % items:03d}"] = [VALUES[str((step // items) % 5 + 1)]]
    return codes


@pytest.mark.slow
def test_killed_at_random_instants_every_acknowledged_change_is_read_back(
    tmp_path: Path,
) -> None:
    """SIGKILL at random instants (mid-append, mid-fold, between): every change the process
    acknowledged is read back, the sidecar is always whole, and the next one folds it in."""
    article = tmp_path / "many.txt"
    items = 12
    many_posts(article, items)
    sidecar, journal = plain_sidecar(article), journal_path(plain_sidecar(article))
    rng = random.Random(20261207)
    step = 0
    folds_met = journals_met = 0
    for trial in range(16):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(article), str(step), str(rng.choice([3, 7, 256]))],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "open\n"
            time.sleep(rng.uniform(0.0, 0.12))
            child.send_signal(signal.SIGKILL)
            child.wait()
            said = child.stdout.read().split()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        acknowledged = int(said[-1]) + 1 if said else step
        if sidecar.exists():
            json.loads(sidecar.read_bytes())  # always whole
        journals_met += journal.exists()
        folds_met += any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
        found = read(sidecar) if sidecar.exists() else {}
        # Every acknowledged change; at most the one in flight besides.
        assert found in (after(acknowledged, items), after(acknowledged + 1, items)), trial
        step = acknowledged + (found != after(acknowledged, items))
        with open_session(article) as again:  # folds what the journal held
            assert not journal.exists() and not again.read_only
            assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
        assert in_file(sidecar) == found
    assert step > 100 and journals_met > 4  # not vacuous: kills left journals to replay
    assert asides(tmp_path) == []
    print(f"{journals_met} of 16 kills left a journal, {folds_met} came in the middle of a fold")


# -- every reader sees journaled codes ---------------------------------------------------------
def test_export_agree_the_folder_and_review_see_codes_only_the_journal_holds(
    council: Path,
) -> None:
    with open_session(council, coder="bob") as bob:
        for index, key in enumerate("12311"):
            assert saved(bob.code(index, key)).ok
    alice = open_session(council, coder="alice")
    try:
        assert alice.path == coder_sidecar(council, "alice")
        for index, key in enumerate("12322"):
            assert saved(alice.code(index, key)).ok
        assert alice.journaled == 4  # the first change wrote the sidecar; four only journaled
        assert len(in_file(alice.path)) == 1
        # The folder's count.
        assert summarize(council, "alice").coded == 5
        # Export.
        out = io.StringIO()
        assert main(["export", str(council.parent), "--format", "jsonl"], out=out) == 0
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        assert sorted((r["coder"], r["handle"]) for r in rows) == sorted(
            (coder, handle) for coder in ("alice", "bob") for handle in HANDLES
        )
        alices = {r["handle"]: r["tags"]["stance"] for r in rows if r["coder"] == "alice"}
        assert alices == dict(
            zip(HANDLES, [["support"], ["oppose"], ["neutral"]] + [["oppose"]] * 2, strict=True)
        )
        # Agreement: items 3 and 4 (alice oppose, bob support) are the disagreements.
        out = io.StringIO()
        assert main(["agree", str(council.parent), "--json"], out=out) == 0
        report = json.loads(out.getvalue())
        assert [d["item"] for d in report["disagreements"]] == [alice.items[i].id for i in (3, 4)]
        # Review: bob's reader sees alice's journaled codes.
        [codes] = other_coders(council, plain_sidecar(council), load_article(council))
        assert codes.coder == "alice" and len(codes.stored.annotations) == 5
    finally:
        alice.close()


# -- read-only sessions, damaged journals -------------------------------------------------------
def test_a_second_reader_sees_the_journal_and_never_writes_it(council: Path) -> None:
    sidecar, journal = plain_sidecar(council), journal_path(plain_sidecar(council))
    first = open_session(council)
    try:
        assert saved(first.code(0, "1")).ok and saved(first.code(1, "2")).ok
        files = (sidecar.read_bytes(), journal.read_bytes())
        with open_session(council) as second:
            assert second.read_only and second.coded_count == 2
            assert second.code(2, "3") is None and second.compact().ok
        assert (sidecar.read_bytes(), journal.read_bytes()) == files
        assert saved(first.code(2, "3")).ok  # the first goes on appending
    finally:
        first.close()
    assert in_file(sidecar) == {
        "rosadelgado_hc": ["support"],
        "HarborLedger": ["oppose"],
        "feldbait": ["neutral"],
    }


@pytest.mark.parametrize(
    "damage",
    [
        b'{"format": "something-else"}\n',
        b"not json\n",
        b"[1, 2]\n",
        b'{"post": {"id": 7}}\n',
    ],
    ids=["other-format", "not-json", "not-a-change", "bad-record"],
)
def test_a_damaged_journal_opens_read_only_and_is_left_as_it_is(
    council: Path, damage: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    sidecar, journal = plain_sidecar(council), journal_path(plain_sidecar(council))
    s = open_session(council)
    assert saved(s.code(0, "1")).ok and saved(s.code(1, "2")).ok
    killed(s)
    if damage.startswith(b'{"format"'):
        journal.write_bytes(damage)
    else:
        journal.write_bytes(journal.read_bytes() + damage + b'{"remove": "x"}\n')
    files = (sidecar.read_bytes(), journal.read_bytes())
    with pytest.raises(SidecarError, match=journal.name):
        read_sidecar(sidecar)
    with open_session(council) as again:
        assert again.read_only and "left untouched" in (again.read_only_reason or "")
        assert again.code(2, "3") is None
    assert (sidecar.read_bytes(), journal.read_bytes()) == files
    assert main(["export", str(council.parent), "-o", str(council.parent / "out.csv")]) == 1
    assert journal.name in capsys.readouterr().err


def test_a_journal_that_is_a_link_is_never_followed(council: Path, tmp_path: Path) -> None:
    sidecar, journal = plain_sidecar(council), journal_path(plain_sidecar(council))
    with open_session(council) as s:
        assert saved(s.code(0, "1")).ok
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep me\n")
    journal.symlink_to(victim)
    with open_session(council) as s:
        assert s.read_only and "is a link" in (s.read_only_reason or "")
    assert victim.read_bytes() == b"keep me\n" and journal.is_symlink()
    assert sidecar.exists()


# -- another program's edits -------------------------------------------------------------------
def test_the_sidecar_changed_by_another_program_with_a_journal_open(council: Path) -> None:
    sidecar, journal = plain_sidecar(council), journal_path(plain_sidecar(council))
    s = open_session(council)
    assert saved(s.code(0, "1")).ok and saved(s.code(1, "2")).ok and journal.exists()
    theirs = sidecar.read_bytes().replace(b'{"stance": ["support"]}', b'{"stance": ["sarcasm"]}')
    sidecar.write_bytes(theirs)
    assert read(sidecar) == {"rosadelgado_hc": ["sarcasm"]}  # their file: our journal is not theirs
    result = s.code(2, "3")
    assert result is not None and not result.ok and "changed by another program" in result.message
    assert s.read_only and sidecar.read_bytes() == theirs
    assert not journal.exists()  # its changes are in the file saved aside
    [aside] = asides(council.parent)
    assert in_file(aside) == {
        "rosadelgado_hc": ["support"],
        "HarborLedger": ["oppose"],
        "feldbait": ["neutral"],
    }
    s.close()
    assert sidecar.read_bytes() == theirs and not lock_path(sidecar).exists()


def test_the_journal_changed_by_another_program_is_left_as_it_is(council: Path) -> None:
    journal = journal_path(plain_sidecar(council))
    s = open_session(council)
    assert saved(s.code(0, "1")).ok and saved(s.code(1, "2")).ok
    before = journal.stat()
    theirs = journal.read_bytes().replace(b'"oppose"', b'"sarcsm"')  # the same size
    journal.write_bytes(theirs)
    os.utime(journal, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = s.set_note(2, "x")
    assert result is not None and not result.ok and "changed by another program" in result.message
    assert journal.read_bytes() == theirs and s.read_only
    [aside] = asides(council.parent)
    assert in_file(aside) == {
        "rosadelgado_hc": ["support"],
        "HarborLedger": ["oppose"],
        "feldbait": [],
    }
    s.close()
    assert journal.read_bytes() == theirs


def test_the_sidecar_replaced_after_a_kill_keeps_the_journals_changes_aside(
    council: Path,
) -> None:
    sidecar, journal = plain_sidecar(council), journal_path(plain_sidecar(council))
    s = open_session(council)
    assert saved(s.code(0, "1")).ok and saved(s.code(1, "2")).ok and saved(s.code(2, "3")).ok
    killed(s)
    theirs = sidecar.read_bytes().replace(b'{"stance": ["support"]}', b'{"stance": ["sarcasm"]}')
    sidecar.write_bytes(theirs)  # e.g. restored from a backup, synced from elsewhere
    loaded = load_sidecar(sidecar)
    assert loaded.status == "foreign" and read(sidecar) == {"rosadelgado_hc": ["sarcasm"]}
    with open_session(council) as again:
        assert not again.read_only
        [aside] = asides(council.parent)
        assert aside.name in (again.notice or "") and "another program" in (again.notice or "")
        assert again.annotation(0).tags == {"stance": ("sarcasm",)}  # their file, as they left it
        assert again.coded_count == 1 and not journal.exists()
        assert sidecar.read_bytes() == theirs
    assert in_file(aside) == {
        "rosadelgado_hc": ["sarcasm"],
        "HarborLedger": ["oppose"],
        "feldbait": ["neutral"],
    }


# -- what is saved is what is read ------------------------------------------------------------
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["code", "code", "code", "note", "clear", "undo", "redo", "compact"]),
        st.integers(0, 4),
        st.sampled_from(["1", "2", "3", "4", "5", "", "a note", " spaced "]),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(actions=ACTIONS, entries=st.sampled_from([2, 5, 256]))
def test_every_state_saved_is_the_state_read_back(
    actions: list[tuple[str, int, str]], entries: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "council.txt"
        article.write_bytes((FIXTURES / "five-posts.txt").read_bytes())
        original = journal_mod.JOURNAL_ENTRIES
        journal_mod.JOURNAL_ENTRIES = entries
        try:
            with open_session(article) as s:
                for action, index, arg in actions:
                    if action == "code" and arg[:1].isdigit():
                        s.code(index, arg)
                    elif action == "note":
                        s.set_note(index, arg)
                    elif action == "clear":
                        s.clear(index)
                    elif action in ("undo", "redo"):
                        getattr(s, action)()
                    elif action == "compact":
                        assert s.compact().ok
                    assert s.save_error is None
                    if s.path.exists():
                        stored = read_sidecar(s.path)
                        assert stored is not None and dict(stored.annotations) == dict(s.state)
                expected = dict(s.state)
        finally:
            journal_mod.JOURNAL_ENTRIES = original
        sidecar = plain_sidecar(article)
        assert not journal_path(sidecar).exists()
        if sidecar.exists():
            data = sidecar_mod.parse_sidecar(json.loads(sidecar.read_bytes()), "x")
            assert dict(data.annotations) == expected
        else:
            assert expected == {}
        with open_session(article) as again:
            assert dict(again.state) == expected


@settings(max_examples=150, derandomize=True, database=None, deadline=None)
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_journal_reads_or_is_a_sidecar_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt.annotations.json"
        path.write_bytes(b'{"format": "readertui-annotations", "version": 1, "annotations": []}')
        journal_path(path).write_bytes(b'{"format": "readertui-journal", "version": 1}\n' + raw)
        with contextlib.suppress(SidecarError):
            read_sidecar(path)
