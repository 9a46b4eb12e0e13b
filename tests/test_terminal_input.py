"""The real command in a pseudo-terminal, with keys as a slow link delivers them: bunched."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from terminal import Terminal


def test_bunched_keys_code_the_posts_they_were_meant_for(tmp_path: Path) -> None:
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
            for key in (b"1", b"j"):
                term.send(key)
                time.sleep(0.004)
        deadline = time.perf_counter() + 10
        sidecar = Path(f"{article}.annotations.json")
        while time.perf_counter() < deadline:
            term.settle(0.2)
            if sidecar.exists() and len(json.loads(sidecar.read_text())["annotations"]) >= 30:
                break
    finally:
        term.close()
    coded = [a["post"]["handle"] for a in json.loads(sidecar.read_text())["annotations"]]
    assert coded == [f"rep{n}" for n in range(30)]
