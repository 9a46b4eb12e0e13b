"""Killed at any instant (SIGKILL), the reader leaves a valid sidecar with every change it had
acknowledged on screen, and never a half-written one."""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
from pathlib import Path

from conftest import SAMPLES
from readertui.sidecar import sidecar_path
from terminal import Terminal

# Coding keys after the first, acknowledged one: move to the next post, code it.
BURST = [("j", "2", "HarborLedger", "oppose"), ("j", "3", "feldbait", "neutral"),
         ("j", "1", "walkharbor", "support"), ("j", "4", "HCTransport", "sarcasm")]  # fmt: skip


def stored(path: Path) -> dict[str, list[str]]:
    data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    assert data["format"] == "readertui-annotations"
    return {a["post"]["handle"]: a["tags"]["stance"] for a in data["annotations"]}


def test_sigkill_during_a_burst_of_coding_keys(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    saved: list[int] = []
    for trial in range(8):
        article = tmp_path / f"trial{trial}" / "council-vote.txt"
        article.parent.mkdir()
        shutil.copy(SAMPLES / "council-vote.txt", article)
        term = Terminal([sys.executable, "-m", "readertui", str(article), "--coder", "k"])
        try:
            term.wait_for(b"rosadelgado_hc", timeout=30)
            term.settle(0.2)
            term.send(b"1")
            term.wait_for(b"[support]", timeout=10)  # acknowledged on screen
            # Keys at a typist's pace, killed at a random instant within the burst.
            kill_at = time.perf_counter() + rng.uniform(0, 0.2)
            for key in "".join(move + code for move, code, _, _ in BURST):
                if time.perf_counter() >= kill_at:
                    break
                term.send(key.encode())
                time.sleep(0.025)
            time.sleep(max(0.0, kill_at - time.perf_counter()))
        finally:
            term.close()  # SIGKILL
        found = stored(article)
        assert found.pop("rosadelgado_hc") == ["support"]
        # What is left is exactly the first n changes of the burst, for some n.
        expected = [(handle, [value]) for _, _, handle, value in BURST]
        assert list(found.items()) == expected[: len(found)], (trial, found)
        saved.append(len(found))
        assert [p.name for p in article.parent.iterdir() if p.suffix == ".tmp"] == []
    assert len(set(saved)) >= 3, saved  # the kills really fell at different moments
