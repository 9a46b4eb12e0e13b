"""Saving the sidecar as a coder codes: one change, written whole and atomically.

    python benchmarks/bench_sidecar.py            # 250 to 2,000 annotations, 21 runs each

Each figure is the median time of one coding key's save (`CodingSession.code`: the new state
encoded, written to a temporary file, flushed to disk with fsync, renamed over the sidecar),
with N annotations already in it; the floor is writing the same bytes with a plain `write`
(no fsync, no rename). Cost per annotation shows whether it grows linearly.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from readertui.article import article_from_text
from readertui.session import CodingSession

from synthetic import article


def measure(folder: Path, text: str, count: int, runs: int) -> dict[str, float]:
    path = folder / f"article-{count}.txt"
    path.write_text(text, encoding="utf-8")
    doc = article_from_text(text, "text", path)
    session = CodingSession(doc, coder="bench", clock=lambda: "2026-01-01T00:00:00Z")
    try:
        for index in range(count - 1):
            session.code(index, "1")
        times = []
        for n in range(runs):  # toggle the last one on and off: N and N-1 annotations
            t0 = time.perf_counter()
            session.code(count - 1, "2" if n % 2 else "1")
            times.append(time.perf_counter() - t0)
        data = session.path.read_bytes()
        plain = folder / "plain.json"
        floor = []
        for _ in range(runs):
            t0 = time.perf_counter()
            plain.write_bytes(data)
            floor.append(time.perf_counter() - t0)
    finally:
        session.close()
    save = statistics.median(times)
    return {
        "annotations": count,
        "bytes": len(data),
        "save_ms": round(save * 1000, 2),
        "plain_write_ms": round(statistics.median(floor) * 1000, 2),
        "us_per_annotation": round(save * 1e6 / count, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    text = article(1_500_000, 2000, markdown=False)  # 2,000 posts need room
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(Path(tmp), text, n, args.runs) for n in (250, 500, 1000, 2000)]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
