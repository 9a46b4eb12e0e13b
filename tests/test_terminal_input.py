"""The real command in a pseudo-terminal, with keys as a slow link delivers them: bunched."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from readertui.store.journal import read_sidecar

from terminal import Terminal

#: Real commands, pseudo-terminals or many generated inputs: left out of `-m "not slow"`.
pytestmark = pytest.mark.slow


def coded(sidecar: Path) -> list[str]:
    """The handles coded on disk, in order: the sidecar with its journal replayed."""
    stored = read_sidecar(sidecar)
    return [] if stored is None else [r.handle or "" for r in stored.records]


# Moving on with `j` (the reader's key), `]` (next uncoded) or `down` (the list's own key,
# whose move reaches the reader by a message a code key can overtake).
@pytest.mark.parametrize("move", [b"j", b"]", b"\x1b[B"], ids=["j", "next-uncoded", "down"])
def test_bunched_keys_code_the_posts_they_were_meant_for(tmp_path: Path, move: bytes) -> None:
    article = tmp_path / "many.txt"
    article.write_text(
        "".join(
            f"Post {n} words here — Reporter {n} (@rep{n}) May 1, 2024\n\n" for n in range(400)
        ),
        encoding="utf-8",
    )
    term = Terminal([sys.executable, "-m", "readertui", str(article), "--coder", "b"], 100, 30)
    try:
        term.wait_for(b"0/400 coded", timeout=30)  # the reader, not the opening screen
        term.settle(0.3)
        for _ in range(30):  # "code, next post" thirty times, a few milliseconds apart
            for key in (b"1", move):
                term.send(key)
                time.sleep(0.004)
        deadline = time.perf_counter() + 10
        sidecar = Path(f"{article}.annotations.json")
        while time.perf_counter() < deadline:
            term.settle(0.2)
            if len(coded(sidecar)) >= 30:
                break
    finally:
        term.close()
    assert coded(sidecar) == [f"rep{n}" for n in range(30)]
