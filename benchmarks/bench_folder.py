"""The folder picker on a study of 1,000 articles, beside a minimal Textual app.

    python benchmarks/bench_folder.py              # 1,000 articles, 3 runs
    python benchmarks/bench_folder.py --articles 300 --runs 5

Measured in a real pseudo-terminal (120x36), from the outside:
- first paint: process start to the first frame listing the articles (floor: a minimal app
  showing one line of text);
- read all: process start until every article has been read and counted (the header stops
  saying "reading");
- key while reading: `down` in the list while the folder is still being read, against the floor
  of a minimal app moving an OptionList of as many rows.
Reports medians.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the pty driver is shared with the tests

from terminal import Terminal  # noqa: E402

SAMPLES = HERE.parent / "sample_articles"
KINDS = ["council-vote.txt", "live-blog-storm.txt", "harbor-festival.md", "saved-page.html"]


def make_study(folder: Path, count: int) -> None:
    for n in range(count):
        name = KINDS[n % len(KINDS)]
        sub = folder / f"batch{n // 100:02d}"
        sub.mkdir(exist_ok=True)
        shutil.copy(SAMPLES / name, sub / f"{n:04d}-{name}")


def run_once(folder: Path, count: int) -> dict[str, float]:
    term = Terminal([sys.executable, "-m", "readertui", str(folder), "--coder", "bench"])
    try:
        paint = term.wait_for(b"batch00/0000")
        keys = [term.key_latency(b"\x1b[B", quiet=0.03)[0] for _ in range(5)]
        marker = f"0/{count} articles coded \xb7 coder bench \xb7 sorted".encode()
        reading = marker not in term.output  # the keys were measured before the end
        done = term.wait_for(marker, 300)
        return {"paint": paint, "done": done, "key": statistics.median(keys), "reading": reading}
    finally:
        term.close()


def floor(count: int) -> tuple[float, float]:
    argv = [sys.executable, str(HERE / "floor_apps.py"), "optionlist", str(count)]
    term = Terminal(argv)
    try:
        paint = term.wait_for(b"floor-app-ready")
        keys = [term.key_latency(b"\x1b[B", quiet=0.03)[0] for _ in range(5)]
        return paint, statistics.median(keys)
    finally:
        term.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "study"
        folder.mkdir()
        make_study(folder, args.articles)
        runs = [run_once(folder, args.articles) for _ in range(args.runs)]
    floors = [floor(args.articles) for _ in range(args.runs)]
    paint = statistics.median(r["paint"] for r in runs)
    floor_paint = statistics.median(p for p, _ in floors)
    key = statistics.median(r["key"] for r in runs)
    floor_key = statistics.median(k for _, k in floors)
    print(
        json.dumps(
            {
                "articles": args.articles,
                "first_paint_s": round(paint, 3),
                "floor_first_paint_s": round(floor_paint, 3),
                "first_paint_ratio": round(paint / floor_paint, 2),
                "all_read_s": round(statistics.median(r["done"] for r in runs), 2),
                "keys_measured_while_reading": all(r["reading"] for r in runs),
                "key_while_reading_ms": round(key * 1000, 1),
                "floor_optionlist_key_ms": round(floor_key * 1000, 1),
                "runs": args.runs,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
