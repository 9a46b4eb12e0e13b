"""Nothing is ever lost: the reader killed at random instants, full disks and read-only
folders, two readers on one sidecar, another program's edits, and a sidecar that is a link out
of the article's folder."""

from __future__ import annotations

import errno
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from readertui.article import load_article
from readertui.cli.main import main
from readertui.session import CodingSession
from readertui.store.journal import journal_path, read_sidecar
from readertui.store.lock import lock_path
from readertui.store.naming import coder_sidecar, plain_sidecar
from readertui.ui.app import build_app
from readertui.ui.screens.confirm import ConfirmScreen
from readertui.ui.screens.reader import ReaderScreen

from conftest import many_posts, notices, saved, status
from terminal import Terminal

#: Real commands, pseudo-terminals or many generated inputs: left out of `-m "not slow"`.
pytestmark = pytest.mark.slow


SCHEMA = json.loads(
    (Path(__file__).parent.parent / "src/readertui/schema/annotations.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
STAMP = "2026-01-02T03:04:05Z"
#: Terminal control sequences (colours, cursor moves), to read the words on the screen.
CONTROL = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b")


def reader(article: Path) -> Terminal:
    return Terminal([sys.executable, "-m", "readertui", str(article), "--coder", "k"])


def wait_until(
    condition: Callable[[], bool], term: Terminal, what: str, timeout: float = 30
) -> None:
    """Wait for `condition`, reading the reader's screen meanwhile (a full pty would stop it)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(what)
        term.read(0.005)


def wait_shown(term: Terminal, *words: str, timeout: float = 30) -> None:
    """Wait until the screen shows `words` in a row, however a notice wraps them (or draws
    them in pieces, cursor moves between)."""
    pattern = re.compile(rb"\W*".join(re.escape(w.encode()) for w in words))

    def shown() -> bool:
        return (
            pattern.search(re.sub(rb"\s+", b"", CONTROL.sub(b"", bytes(term.output)))) is not None
        )

    wait_until(shown, term, f"{' '.join(words)!r} on the screen", timeout)


def exit_status(term: Terminal) -> int:
    """Wait for the reader to quit, reading what it draws on the way out."""
    wait_until(lambda: term.proc.poll() is not None, term, "the reader to quit")
    return term.proc.returncode


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- 1. killed (SIGKILL) at a random instant while coding keys keep arriving -----------------
#
# An article of POSTS posts, user000, user001, ...; the keys code the item on screen and move on
# (`1 j 2 j 3 j ...`, post i gets value i % 5), so after any number of keys the codes on disk
# can only be the first n posts with their values: `prefix(n)`. The codes on disk are the
# sidecar with its journal replayed, as every reader of them reads them (`read_sidecar`): a
# change is appended to the journal, the sidecar written whole only now and then. A change is
# *acknowledged* once, before the kill, the test read it on disk or the reader's header showed
# it ("n/40 coded": the session writes before the screen redraws). After the kill the sidecar
# must be complete and schema-valid, and the codes on disk `prefix(n)`, n at least every
# acknowledged count and at most the codes pressed. Trials run SLOTS at a time; a slot's next
# trial reopens the folder the last one was killed in (its lock, its journal and any
# half-written temporary file left behind), and the journal must be folded into the sidecar.

POSTS = 40
VALUES = ("support", "oppose", "neutral", "sarcasm", "off-topic")
TRIALS = 50
SLOTS = 3
KILL_WITHIN = 0.4  # seconds after the reader's first frame
POLL = 0.004  # how often the test reads the sidecar


def prefix(n: int) -> list[tuple[str, list[str]]]:
    return [(f"user{i:03d}", [VALUES[i % 5]]) for i in range(n)]


def on_disk(sidecar: Path) -> list[tuple[str, list[str]]]:
    """The codes on disk, in order ([] before the first write): the sidecar with its journal
    replayed (a last line cut short ignored); fails unless the sidecar is whole."""
    try:
        raw = sidecar.read_bytes()
    except FileNotFoundError:
        return []
    json.loads(raw)  # the sidecar itself is always whole
    stored = read_sidecar(sidecar)
    assert stored is not None
    return [(a.raw["post"]["handle"], a.raw["tags"]["stance"]) for a in stored.records]


def in_sidecar(sidecar: Path) -> list[tuple[str, list[str]]]:
    """The codes in the sidecar file alone, in order."""
    data = json.loads(sidecar.read_bytes())
    return [(a["post"]["handle"], a["tags"]["stance"]) for a in data["annotations"]]


@dataclass
class Plan:
    kill_at: float
    key_times: list[float]  # when each key after the first is sent


@dataclass
class Outcome:
    trial: int
    start: int  # codes on disk when the reader opened
    read: int  # the most codes the test read in the sidecar before the kill
    shown: int  # the most codes the reader's header showed
    pressed: int  # codes pressed before the kill
    final: list[tuple[str, list[str]]]
    leftover: bool  # a temporary file was left: killed during a write
    journaled: bool  # the kill left changes in the journal, not yet in the sidecar


def plans(seed: int) -> list[Plan]:
    """Keys 4-36 ms apart (the reader sometimes idle, sometimes behind); the kill at any
    instant, or, every other trial, within 10 ms after a code key, where its write happens."""
    rng = random.Random(seed)
    made = []
    for trial in range(TRIALS):
        times = [0.0]  # `j`, then a code, `j`, a code, ...
        while times[-1] < KILL_WITHIN:
            times.append(times[-1] + rng.uniform(0.004, 0.036))
        if trial % 2:
            kill_at = rng.choice(times[1:-1:2]) + rng.uniform(0.0, 0.01)
        else:
            kill_at = rng.uniform(0.005, KILL_WITHIN)
        made.append(Plan(kill_at, [t for t in times if t < kill_at]))
    return made


def kill_trial(trial: int, article: Path, start: int, plan: Plan) -> Outcome:
    sidecar = plain_sidecar(article)
    keys = [
        str((start + n // 2) % 5 + 1) if n % 2 == 0 else "j" for n in range(1 + len(plan.key_times))
    ]
    term = reader(article)
    try:
        term.wait_for(f"{start}/{POSTS} coded".encode())
        # The lock of the reader killed before is taken over; its temporary file cleared; its
        # journal folded into the sidecar, which now holds every code on its own.
        assert json.loads(lock_path(sidecar).read_text())["pid"] == term.proc.pid
        assert temporaries(article.parent) == []
        assert not journal_path(sidecar).exists()
        assert (in_sidecar(sidecar) if sidecar.exists() else []) == prefix(start)
        term.send(keys[0].encode())  # one change acknowledged on the screen in every trial
        term.wait_for(f"{start + 1}/{POSTS} coded".encode())
        sent, read = 1, 0
        began = time.perf_counter()
        polled = -POLL
        while (now := time.perf_counter() - began) < plan.kill_at:
            while sent <= len(plan.key_times) and plan.key_times[sent - 1] <= now:
                term.send(keys[sent].encode())
                sent += 1
            if now - polled >= POLL:
                polled = now
                codes = on_disk(sidecar)
                assert codes == prefix(len(codes)), (trial, codes)
                read = max(read, len(codes))
            term.read(min(POLL, max(0.0, plan.kill_at - now)))
        os.killpg(term.proc.pid, signal.SIGKILL)
        term.proc.wait()
        while term.read(0):  # what it drew before it died
            pass
    finally:
        term.close()
    shown = [int(n) for n in re.findall(rb"(\d+)/%d coded" % POSTS, bytes(term.output))]
    leftover = bool(temporaries(article.parent))
    if sidecar.exists():
        VALIDATOR.validate(json.loads(sidecar.read_bytes()))
    pressed = (sent + 1) // 2  # keys alternate: a code, then `j`
    final = on_disk(sidecar)
    journaled = sidecar.exists() and in_sidecar(sidecar) != final
    return Outcome(trial, start, read, max(shown), pressed, final, leftover, journaled)


def run_slot(slot: int, trials: list[tuple[int, Plan]], root: Path) -> list[Outcome]:
    outcomes = []
    article: Path | None = None
    codes = 0
    for trial, plan in trials:
        if article is None or codes + len(plan.key_times) // 2 + 2 > POSTS:
            folder = root / f"slot{slot}-{trial}"
            folder.mkdir()
            article = folder / "many.txt"
            many_posts(article, POSTS)
            codes = 0
        outcome = kill_trial(trial, article, codes, plan)
        codes = len(outcome.final)
        outcomes.append(outcome)
    return outcomes


def test_killed_at_random_instants_keeps_every_acknowledged_code(tmp_path: Path) -> None:
    probe = tmp_path / "probe.txt"
    many_posts(probe, POSTS)
    assert [item.handle for item in load_article(probe).items] == [h for h, _ in prefix(POSTS)]
    schedule = list(enumerate(plans(20261201)))
    with ThreadPoolExecutor(SLOTS) as pool:
        slots = [
            pool.submit(run_slot, slot, schedule[slot::SLOTS], tmp_path) for slot in range(SLOTS)
        ]
        outcomes = sorted((o for s in slots for o in s.result()), key=lambda o: o.trial)
    assert len(outcomes) == TRIALS
    for o in outcomes:
        n = len(o.final)
        assert o.final == prefix(n), o  # only what was pressed, in order, with its value
        assert max(o.read, o.shown) <= n, o  # every acknowledged change is there
        assert n <= o.start + o.pressed, o  # and nothing that was never pressed
    # Not vacuous: the screen and the file acknowledged changes in every trial, and most
    # trials reopened the folder of a reader killed before.
    assert all(o.shown > o.start and o.read > o.start for o in outcomes)
    assert sum(o.start > 0 for o in outcomes) > TRIALS // 2
    # And most kills left changes that only the journal held, for the next reader to fold in.
    assert sum(o.journaled for o in outcomes) > TRIALS // 2
    during = sum(o.leftover for o in outcomes)
    print(f"{during} of {TRIALS} kills came between a write's temporary file and its rename")


# -- 2. a full disk or a read-only folder when saving -------------------------------------------
#
# We run as root, where chmod stops nothing: the error is injected where the operating system
# would report it: creating a file (read-only file system, no inodes), writing it (full disk,
# quota), flushing it to disk, renaming it over the old one. A coding key appends to the
# sidecar's journal (create, write, flush); the sidecar is written whole (create, write, flush,
# rename) for the first change, after a failure, and when the journal is folded into it.


class FullFile:
    """A file opened on a full disk: every write fails."""

    def __init__(self, file: Any, err: int) -> None:
        self._file, self._err = file, err

    def write(self, _data: object) -> int:
        raise OSError(self._err, os.strerror(self._err))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __enter__(self) -> FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()


def inject(monkeypatch: pytest.MonkeyPatch, where: str, err: int) -> None:
    def fail(*_args: object, **_kw: object) -> None:
        raise OSError(err, os.strerror(err))

    if where == "create":
        real_open = os.open

        def guarded(path: Any, flags: int, *args: Any, **kw: Any) -> int:
            if flags & os.O_CREAT:
                fail()
            return real_open(path, flags, *args, **kw)

        monkeypatch.setattr(os, "open", guarded)
    elif where == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *a, **kw: FullFile(real_fdopen(*a, **kw), err))
        monkeypatch.setattr(os, "write", fail)  # the journal's appends
    elif where == "fsync":
        monkeypatch.setattr(os, "fsync", fail)
    else:
        monkeypatch.setattr(os, "replace", fail)


def open_session(article: Path, **kw: Any) -> CodingSession:
    return CodingSession(load_article(article), coder="k", clock=lambda: STAMP, **kw)


def tags_on_disk(sidecar: Path) -> dict[str, Any]:
    """The codes in the sidecar file alone (schema-checked)."""
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    VALIDATOR.validate(data)
    return {a["post"]["handle"]: (a["tags"], a["note"]) for a in data["annotations"]}


def tags_read(sidecar: Path) -> dict[str, Any]:
    """The codes every reader sees: the sidecar with its journal replayed."""
    stored = read_sidecar(sidecar)
    assert stored is not None
    return {a.raw["post"]["handle"]: (a.raw["tags"], a.raw["note"]) for a in stored.records}


FAULTS = [
    ("create", errno.EROFS),
    ("create", errno.ENOSPC),
    ("write", errno.ENOSPC),
    ("write", errno.EDQUOT),
    ("fsync", errno.EIO),
    ("fsync", errno.ENOSPC),
    ("rename", errno.EROFS),
]


# A key appends to the journal and renames nothing; a failed rename is the whole sidecar's
# (`test_a_failed_fold_loses_nothing_and_is_tried_again`, and test_sidecar's first write).
@pytest.mark.parametrize(("where", "err"), [f for f in FAULTS if f[0] != "rename"])
def test_a_failed_save_keeps_the_codes_and_the_next_one_writes_them_all(
    council: Path, monkeypatch: pytest.MonkeyPatch, where: str, err: int
) -> None:
    sidecar = plain_sidecar(council)
    with open_session(council) as s:
        assert saved(s.code(0, "1")).ok  # the first change writes the sidecar whole
        good = sidecar.read_bytes()
        with monkeypatch.context() as m:
            inject(m, where, err)
            failed = s.code(1, "2")  # appended to the journal
            assert failed is not None and not failed.ok
            assert os.strerror(err) in failed.message and "your codes are kept" in failed.message
            assert str(council.parent) in failed.message  # says where
            again = s.set_note(1, "check")  # after a failure: the whole sidecar
            assert again is not None and not again.ok and s.save_error
            assert s.annotation(1).tags == {"stance": ("oppose",)}
            assert sidecar.read_bytes() == good  # the last complete file, untouched
            assert temporaries(council.parent) == []
        recovered = s.code(2, "3")
        assert recovered is not None and recovered.ok and recovered.message == "saved again"
        assert s.save_error is None
    expected = {
        "rosadelgado_hc": ({"stance": ["support"]}, ""),
        "HarborLedger": ({"stance": ["oppose"]}, "check"),
        "feldbait": ({"stance": ["neutral"]}, ""),
    }
    assert tags_on_disk(sidecar) == expected
    with open_session(council) as reopened:
        assert reopened.coded_count == 3 and reopened.annotation(1).note == "check"


@pytest.mark.parametrize(("where", "err"), FAULTS)
def test_a_failed_fold_loses_nothing_and_is_tried_again(
    council: Path, monkeypatch: pytest.MonkeyPatch, where: str, err: int
) -> None:
    """The journal folded into the sidecar (when idle, on closing) on a full disk or a
    read-only folder: the sidecar stays as it was, the journal holds every change, and the
    next reader folds it in."""
    sidecar = plain_sidecar(council)
    journal = journal_path(sidecar)
    s = open_session(council)
    assert (
        saved(s.code(0, "1")).ok and saved(s.code(1, "2")).ok and saved(s.set_note(1, "check")).ok
    )
    assert s.journaled == 2 and journal.exists()
    good = sidecar.read_bytes()
    expected = {
        "rosadelgado_hc": ({"stance": ["support"]}, ""),
        "HarborLedger": ({"stance": ["oppose"]}, "check"),
    }
    with monkeypatch.context() as m:
        inject(m, where, err)
        folded = s.compact()
        assert folded.ok and s.save_error is None  # nothing is lost: no alarm
        assert sidecar.read_bytes() == good and temporaries(council.parent) == []
        assert s.journaled == 2 and tags_read(sidecar) == expected
        s.close()  # folding on closing fails the same way
        assert sidecar.read_bytes() == good and journal.exists()
        assert not lock_path(sidecar).exists()
    assert tags_read(sidecar) == expected
    with open_session(council) as again:  # the next reader folds the journal in
        assert not journal.exists() and again.coded_count == 2
        assert tags_on_disk(sidecar) == expected
    assert tags_on_disk(sidecar) == expected


def test_opening_on_a_full_disk_is_no_crash_and_the_first_change_says_so(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sidecar = plain_sidecar(council)
    with monkeypatch.context() as m:
        inject(m, "write", errno.ENOSPC)  # the lock file can be made, not written
        s = open_session(council)
        assert not s.read_only
        assert not lock_path(sidecar).exists()  # no empty lock left to puzzle the next reader
        failed = s.code(0, "1")
        assert failed is not None and not failed.ok and "No space left" in failed.message
    assert saved(s.code(1, "2")).ok
    s.close()
    assert set(tags_on_disk(sidecar)) == {"rosadelgado_hc", "HarborLedger"}


def test_changed_by_another_program_on_a_full_disk_keeps_the_codes_until_saved_aside(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sidecar = plain_sidecar(council)
    s = open_session(council)
    assert saved(s.code(0, "1")).ok
    theirs = sidecar.read_text().replace('"support"', '"sarcasm"')
    sidecar.write_text(theirs)
    with monkeypatch.context() as m:
        inject(m, "create", errno.ENOSPC)
        failed = s.code(1, "2")
        assert failed is not None and not failed.ok
        assert "changed by another program" in failed.message
        assert "could not be saved beside it" in failed.message and "kept" in failed.message
        assert s.read_only and s.save_error  # so quitting asks before losing them
        assert not s.save().ok  # leaving tries again: still full
    assert s.save().ok and s.save_error is None  # space again: the next try saves them aside
    [aside] = council.parent.glob("*.mine.json")
    assert set(tags_on_disk(aside)) == {"rosadelgado_hc", "HarborLedger"}
    assert sidecar.read_text() == theirs
    s.close()


async def test_the_reader_on_a_full_disk_says_so_keeps_the_codes_and_asks_before_quitting(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(council, coder="k")
    shown = notices(app)
    sidecar = plain_sidecar(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        with monkeypatch.context() as m:
            inject(m, "write", errno.ENOSPC)
            await pilot.press("1")
            assert "NOT SAVED" in status(screen)
            [notice] = [n for n in shown if n.title == "Not saved"]
            assert "No space left on device" in notice.message and "kept" in notice.message
            assert screen.session.annotation(0).tags == {"stance": ("support",)}
            await pilot.press("j", "1", "k")  # failing again: said once, not once a key
            assert [n.title for n in shown].count("Not saved") == 1
            await pilot.press("q")
            assert isinstance(app.screen, ConfirmScreen)
            assert not shown  # nothing covers the question
            assert "not saved" in app.screen.question and "No space left" in app.screen.question
            await pilot.press("n")
            assert app.screen is screen and app.is_running  # type: ignore[comparison-overlap]
            await pilot.press("2")  # failing still: said again, the question having cleared it
            assert [n.title for n in shown] == ["Not saved"]
        assert not sidecar.exists()
        await pilot.press("q")  # the disk has room again: quitting saves, and asks nothing
        await pilot.pause()
    assert not app.is_running and app.return_code == 0
    assert tags_on_disk(sidecar) == {
        "rosadelgado_hc": ({"stance": ["oppose"]}, ""),
        "HarborLedger": ({"stance": ["support"]}, ""),
    }


# -- 3. two readers on one sidecar; locks; another program's edits ------------------------------


def test_a_second_reader_opens_read_only_and_says_so(council: Path) -> None:
    sidecar = plain_sidecar(council)
    first = reader(council)
    second: Terminal | None = None
    try:
        first.wait_for(b"0/5 coded")
        first.send(b"1")
        wait_until(lambda: len(on_disk(sidecar)) == 1, first, "the first reader's code")
        written = sidecar.read_bytes()
        second = reader(council)
        second.wait_for(b"READ-ONLY")
        # Looked for in pieces: the notice wraps where the process id's length puts it.
        wait_shown(second, "open", "in", "another", "readertui")
        wait_shown(second, f"{first.proc.pid},")
        second.send(b"2j3q")  # refused, then quits
        assert exit_status(second) == 0
        assert sidecar.read_bytes() == written
        assert json.loads(lock_path(sidecar).read_text())["pid"] == first.proc.pid  # kept
        first.send(b"j2")  # the first reader goes on writing
        wait_until(lambda: len(on_disk(sidecar)) == 2, first, "the first reader's second code")
        first.send(b"q")
        assert exit_status(first) == 0
    finally:
        first.close()
        if second is not None:
            second.close()
    assert not lock_path(sidecar).exists()
    assert on_disk(sidecar) == [("rosadelgado_hc", ["support"]), ("HarborLedger", ["oppose"])]


def test_a_lock_from_another_host_is_respected_and_says_how_to_remove_it(council: Path) -> None:
    lock = lock_path(plain_sidecar(council))
    lock.write_text(json.dumps({"pid": 1, "host": "elsewhere.invalid", "since": STAMP}))
    with open_session(council) as s:
        reason = s.read_only_reason or ""
        assert "process 1 on elsewhere.invalid" in reason and f"delete {lock}" in reason
        assert s.code(0, "1") is None
    assert lock.exists() and not plain_sidecar(council).exists()


def test_an_empty_lock_left_by_a_reader_killed_while_making_it_is_taken_over(
    council: Path,
) -> None:
    lock = lock_path(plain_sidecar(council))
    lock.write_bytes(b"")
    with open_session(council) as s:
        assert not s.read_only and saved(s.code(0, "1")).ok
        assert json.loads(lock.read_text())["pid"] == os.getpid()
    assert not lock.exists()


def test_an_edit_of_the_same_size_with_its_time_set_back_is_not_written_over(
    council: Path,
) -> None:
    """What `cp -p`, `rsync -t` or an edit within the clock's tick leave: same size, same time."""
    sidecar = plain_sidecar(council)
    with open_session(council) as s:
        assert saved(s.code(0, "1")).ok
        before = sidecar.stat()
        theirs = sidecar.read_bytes().replace(b'"support"', b'"neutral"')
        assert len(theirs) == before.st_size
        sidecar.write_bytes(theirs)
        os.utime(sidecar, ns=(before.st_atime_ns, before.st_mtime_ns))
        result = s.code(1, "2")
        assert result is not None and not result.ok
        assert "changed by another program" in result.message
    assert sidecar.read_bytes() == theirs
    [aside] = council.parent.glob("*.mine.json")
    assert set(tags_on_disk(aside)) == {"rosadelgado_hc", "HarborLedger"}


def test_another_program_writing_the_sidecar_while_the_reader_has_it_open(council: Path) -> None:
    sidecar = plain_sidecar(council)
    term = reader(council)
    try:
        term.wait_for(b"0/5 coded")
        term.send(b"1")
        wait_until(lambda: len(on_disk(sidecar)) == 1, term, "the reader's code")
        edit = (
            "import pathlib, sys; p = pathlib.Path(sys.argv[1]); "
            "p.write_text(p.read_text().replace('\"support\"', '\"oppose\"'))"
        )
        subprocess.run([sys.executable, "-c", edit, str(sidecar)], check=True)
        theirs = sidecar.read_bytes()
        term.send(b"j2")
        wait_until(lambda: any(council.parent.glob("*.mine.json")), term, "codes saved aside")
        term.wait_for(b"READ-ONLY")
        wait_shown(term, "was", "changed", "by", "another", "program")
        term.send(b"3q")  # refused (read-only); its codes are safe aside, so it quits at once
        assert exit_status(term) == 0
    finally:
        term.close()
    assert sidecar.read_bytes() == theirs
    [aside] = council.parent.glob("*.mine.json")
    assert on_disk(aside) == [("rosadelgado_hc", ["support"]), ("HarborLedger", ["oppose"])]
    assert not lock_path(sidecar).exists()


# -- 4. a sidecar that is a link out of the article's folder ------------------------------------
#
# A hostile corpus could ship `story.txt.annotations.json -> ~/.bashrc`: the reader must not
# write through it. It opens read-only and says where the link leads; `--annotations PATH`,
# named by the user, is followed.


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def hostile(council: Path, link: Path, target: Path) -> None:
    link.symlink_to(target)
    assert link.parent == council.parent


@pytest.mark.parametrize(
    ("name", "victim"), [("plain", "existing"), ("plain", "missing"), ("per-coder", "existing")]
)
def test_a_sidecar_linked_out_of_the_folder_is_never_written_through(
    council: Path, outside: Path, name: str, victim: str
) -> None:
    target = outside / ".bashrc"
    if victim == "existing":
        target.write_text("export PATH=/usr/bin\n")
    link = plain_sidecar(council) if name == "plain" else coder_sidecar(council, "k")
    hostile(council, link, target)
    before = target.read_bytes() if target.exists() else None
    with open_session(council) as s:
        assert s.path == link and s.read_only
        reason = s.read_only_reason or ""
        assert f"is a link to {target}, outside the article's folder" in reason
        assert s.code(0, "1") is None and not s.save().ok
    assert (target.read_bytes() if target.exists() else None) == before
    assert link.is_symlink()
    left = sorted(p.name for p in council.parent.iterdir() if p != outside)
    assert left == sorted([council.name, link.name])  # no lock, no temporary file


def test_a_dangling_per_coder_link_is_passed_over(council: Path, outside: Path) -> None:
    target = outside / ".bashrc"
    hostile(council, coder_sidecar(council, "k"), target)
    with open_session(council) as s:  # it names no coder: the plain file is the coder's
        assert s.path == plain_sidecar(council) and saved(s.code(0, "1")).ok
    assert not target.exists() and set(tags_on_disk(plain_sidecar(council))) == {"rosadelgado_hc"}


def test_a_link_to_a_device_opens_at_once_read_only(council: Path) -> None:
    plain_sidecar(council).symlink_to("/dev/zero")  # read whole, it would never end
    opened = (
        "import sys; from pathlib import Path; from readertui.article import load_article; "
        "from readertui.session import CodingSession; "
        "print(CodingSession(load_article(Path(sys.argv[1])), coder='k').read_only_reason)"
    )
    limit = 1 << 30  # should it read the device after all: fail, not fill the machine's memory
    proc = subprocess.run(
        [sys.executable, "-c", opened, str(council)],
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
    )
    assert proc.returncode == 0, proc.stderr
    assert "is a link to /dev/zero, outside the article's folder" in proc.stdout


def test_codes_kept_in_a_linked_file_are_shown_and_annotations_names_it(
    council: Path, outside: Path
) -> None:
    shared = outside / "council.json"
    with open_session(council, annotations_path=shared) as s:  # named by the user: written
        assert not s.read_only and saved(s.code(0, "2")).ok
    link = plain_sidecar(council)
    hostile(council, link, shared)
    with open_session(council) as s:
        assert s.read_only and f"--annotations {shared}" in (s.read_only_reason or "")
        assert s.annotation(0).tags == {"stance": ("oppose",)}  # shown, not lost from view
    with open_session(council, annotations_path=link) as s:  # the link named by the user
        assert not s.read_only and saved(s.code(1, "1")).ok
    assert link.is_symlink() and set(tags_on_disk(shared)) == {"rosadelgado_hc", "HarborLedger"}


def test_a_link_within_the_folder_is_followed(council: Path) -> None:
    kept = council.with_name("codes-k.json")
    with open_session(council, annotations_path=kept) as s:
        assert saved(s.code(1, "2")).ok
    plain_sidecar(council).symlink_to(kept.name)
    with open_session(council) as s:
        assert not s.read_only and saved(s.code(0, "1")).ok
    assert plain_sidecar(council).is_symlink()
    assert set(tags_on_disk(kept)) == {"rosadelgado_hc", "HarborLedger"}


def test_a_link_to_no_file_is_never_written_through(council: Path) -> None:
    """A planted link to a name not yet taken would have readertui make a file of any name in
    the folder (an article the next scan lists, say)."""
    plain_sidecar(council).symlink_to("notes.txt")
    with open_session(council) as s:
        assert s.read_only and "which is not a file" in (s.read_only_reason or "")
        assert s.code(0, "1") is None
    assert not council.with_name("notes.txt").exists()


@pytest.mark.parametrize("victim", ["existing", "missing"])
def test_export_never_writes_through_a_sidecar_link(
    council: Path, outside: Path, victim: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_session(council, annotations_path=coder_sidecar(council, "k")) as s:
        assert saved(s.code(0, "1")).ok
    assert main(["export", str(council.parent), "-o", str(outside / "codes.csv")]) == 0
    target = outside / ".profile"
    if victim == "existing":
        target.write_text("umask 022\n")
    link = plain_sidecar(council)
    hostile(council, link, target)
    before = target.read_bytes() if target.exists() else None
    chained = council.with_name("codes.csv")
    chained.symlink_to(link.name)  # a link to the link
    for output in (link, chained):
        assert main(["export", str(council.parent), "-o", str(output)]) == 1
        assert "choose another output file" in capsys.readouterr().err
        assert (target.read_bytes() if target.exists() else None) == before


def test_export_to_a_loop_of_links_is_refused_not_a_crash(
    council: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_session(council) as s:
        assert saved(s.code(0, "1")).ok
    loop = council.with_name("loop.csv")
    loop.symlink_to(loop.name)
    assert main(["export", str(council.parent), "-o", str(loop)]) == 1
    assert "is a symbolic link" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content",
    [
        b'{"pid": 1e30, "host": "HOST"}',
        b'{"pid": 0, "host": "HOST"}',
        b'{"pid": -1, "host": "HOST"}',
        b'{"pid": ' + b"[" * 5000 + b"]" * 5000 + b', "host": "HOST"}',
        b"\x00" * 100_000,
    ],
    ids=["huge-pid", "pid-0", "pid-minus-1", "deep-json", "zeros"],
)
def test_a_lock_no_reader_could_have_written_is_taken_over(council: Path, content: bytes) -> None:
    import socket

    lock = lock_path(plain_sidecar(council))
    lock.write_bytes(content.replace(b"HOST", socket.gethostname().encode()))
    with CodingSession(load_article(council), coder="k") as session:
        assert not session.read_only, session.read_only_reason
        assert session.code(0, "1") is not None
