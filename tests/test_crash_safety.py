"""Killed at any instant (SIGKILL), the reader leaves a valid sidecar with every change it had
made before (in the sidecar or in its journal, which every reader replays), and never a
half-written one."""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
from pathlib import Path

import pytest

from readertui.article import load_article
from readertui.session import CodingSession
from readertui.store.journal import journal_path, read_sidecar
from readertui.store.naming import plain_sidecar as sidecar_path
from readertui.store.sidecar import SidecarError

from conftest import FIXTURES
from terminal import Terminal

# Move to the next post, code it: (keys, handle, value).

#: Real commands, pseudo-terminals or many generated inputs: left out of `-m "not slow"`.
pytestmark = pytest.mark.slow


STEPS = [("j2", "HarborLedger", "oppose"), ("j3", "feldbait", "neutral"),
         ("j1", "walkharbor", "support"), ("j4", "HCTransport", "sarcasm")]  # fmt: skip


def stored(path: Path) -> dict[str, list[str]]:
    """The codes on disk: the sidecar with its journal replayed, as every reader reads them."""
    data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))  # always whole
    assert data["format"] == "readertui-annotations"
    found = read_sidecar(sidecar_path(path))
    assert found is not None
    return {a.raw["post"]["handle"]: a.raw["tags"]["stance"] for a in found.records}


def in_sidecar(path: Path) -> dict[str, list[str]]:
    """The codes in the sidecar file alone."""
    data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    return {a["post"]["handle"]: a["tags"]["stance"] for a in data["annotations"]}


def wait_saved(path: Path, count: int, timeout: float = 10) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if len(stored(path)) >= count:
                return
        except (FileNotFoundError, json.JSONDecodeError, SidecarError):
            pass
        time.sleep(0.005)
    raise TimeoutError(f"{count} changes never reached {path}")


def test_sigkill_in_the_middle_of_coding(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    for trial in range(8):
        done = trial % (len(STEPS) + 1)  # changes made (and saved) before the fatal one
        article = tmp_path / f"trial{trial}" / "council-vote.txt"
        article.parent.mkdir()
        shutil.copy(FIXTURES / "five-posts.txt", article)
        term = Terminal([sys.executable, "-m", "readertui", str(article), "--coder", "k"])
        try:
            term.wait_for(b"0/5 coded", timeout=30)  # the reader, not the opening screen
            term.send(b"1")
            wait_saved(article, 1)
            for n, (keys, _, _) in enumerate(STEPS[:done], start=2):
                term.send(keys.encode())
                wait_saved(article, n)
            if done < len(STEPS):  # one more change, killed at a random instant around its write
                term.send(STEPS[done][0].encode())
                time.sleep(rng.uniform(0, 0.04))
        finally:
            term.close()  # SIGKILL, no chance to clean up
        found = stored(article)
        assert found.pop("rosadelgado_hc") == ["support"]
        expected = [(handle, [value]) for _, handle, value in STEPS]
        assert list(found.items()) in (expected[:done], expected[: done + 1]), (trial, found)
        # A write cut short may leave its temporary file; the next reader clears it away, and
        # folds the journal left behind into the sidecar.
        CodingSession(load_article(article), coder="k").close()
        assert [p.name for p in article.parent.iterdir() if p.suffix == ".tmp"] == []
        assert not journal_path(sidecar_path(article)).exists()
        assert in_sidecar(article) == {"rosadelgado_hc": ["support"], **found}


def test_sigkill_after_corrections_loses_nothing_the_screen_showed(tmp_path: Path) -> None:
    article = tmp_path / "council-vote.txt"
    shutil.copy(FIXTURES / "five-posts.txt", article)
    term = Terminal([sys.executable, "-m", "readertui", str(article), "--coder", "k"])
    try:
        term.wait_for(b"0/5 coded", timeout=30)
        term.send(b"x")  # the first post rejected
        term.wait_for(b"0/4 coded")
        term.send(b"\x1b[Z")  # to the article pane: its cursor on the selected item's start
        term.settle()
        term.send(b"v" + b"l" * 9 + b"2")  # its first words made a passage, coded
        term.wait_for(b"1/5 coded")
    finally:
        term.close()  # SIGKILL
    found = read_sidecar(sidecar_path(article))
    assert found is not None
    rejected = [r for r in found.records if r.annotation.rejected]
    added = [r for r in found.records if r.annotation.unit is not None]
    assert len(rejected) == 1 and len(added) == 1
    assert added[0].annotation.tags == {"stance": ("oppose",)} and added[0].kind == "span"
    again = CodingSession(load_article(article), coder="k")
    assert again.unit_count == 5 and again.coded_count == 1
    again.close()
