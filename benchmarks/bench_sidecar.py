"""Saving the codes as a coder codes: one change appended to the journal; the sidecar written
whole when the journal is folded into it.

    python benchmarks/bench_sidecar.py            # 250 to 2,000 annotations, 21 runs each

`save_ms` is the median time of one coding key's save (`CodingSession.code`: the change found,
its record appended to the sidecar's journal and flushed to disk with fsync, after checking
that no other program changed the sidecar or the journal), with N annotations already saved;
`save_max_ms` the slowest of the runs. `compact_ms` is folding the journal into the sidecar
(`CodingSession.compact`: the whole sidecar encoded, written to a temporary file, flushed,
renamed over the old one, the journal removed), which the reader does when idle, on closing,
and on the key that makes the journal long (every 256 changes): off the key path, reported
apart. The floors: `plain_write_ms` writes the sidecar's bytes with a plain `write` (no fsync,
no rename), `append_fsync_ms` appends one record's bytes to a file and flushes it (the least a
durable key can cost). Cost per annotation shows whether each grows linearly.
"""

from __future__ import annotations

import argparse
import json
import os
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
    plain = folder / "plain.json"
    appended = folder / "append.log"
    fd = os.open(appended, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for index in range(count - 1):
            session.code(index, "1")
        assert session.compact().ok and session.journaled == 0
        # Each run times the save, then its floor: both meet the disk in the same state
        # (an fsync's cost swings with what else the machine writes).
        times, append_floor = [], []
        for n in range(runs):  # toggle the last one on and off: N and N-1 annotations
            t0 = time.perf_counter()
            result = session.code(count - 1, "2" if n % 2 else "1")
            times.append(time.perf_counter() - t0)
            assert result is not None and result.ok and session.journaled == n + 1
            record = session.journal.written.splitlines()[-1] + b"\n"
            t0 = time.perf_counter()
            os.write(fd, record)
            os.fsync(fd)
            append_floor.append(time.perf_counter() - t0)
        compact, floor = [], []
        for n in range(runs):  # one change in the journal, folded in
            session.code(count - 1, "2" if n % 2 else "1")
            t0 = time.perf_counter()
            assert session.compact().ok
            compact.append(time.perf_counter() - t0)
            assert session.journaled == 0
            data = session.path.read_bytes()
            t0 = time.perf_counter()
            plain.write_bytes(data)
            floor.append(time.perf_counter() - t0)
    finally:
        os.close(fd)
        session.close()
    save = statistics.median(times)
    folded = statistics.median(compact)
    return {
        "annotations": count,
        "bytes": len(data),
        "record_bytes": len(record),
        "save_ms": round(save * 1000, 2),
        "save_max_ms": round(max(times) * 1000, 2),
        "append_fsync_ms": round(statistics.median(append_floor) * 1000, 2),
        "us_per_annotation": round(save * 1e6 / count, 2),
        "compact_ms": round(folded * 1000, 2),
        "plain_write_ms": round(statistics.median(floor) * 1000, 2),
        "compact_us_per_annotation": round(folded * 1e6 / count, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    text = article(1_500_000, 2000, markdown=False)  # 2,000 posts need room
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:  # the project's disk, not tmpfs
        results = [measure(Path(tmp), text, n, args.runs) for n in (250, 500, 1000, 2000)]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
