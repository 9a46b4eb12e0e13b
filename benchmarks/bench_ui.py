"""How fast the reader reaches the screen, beside minimal Textual apps on the same machine.

    python benchmarks/bench_ui.py             # 5 KB and 5 MB articles, 5 runs each
    python benchmarks/bench_ui.py --runs 3

Measured in a real pseudo-terminal (120x36), from the outside:
- first paint: from starting the process to the first frame showing the article's name and
  opening lines (floor: a minimal app showing one line of text); reader ready: until the
  reader itself, with every post listed, is on screen;
- peak memory: the reader's peak resident memory once ready, beyond the minimal app's, per
  byte of the article file;
- key to screen: from writing a key to the pty until the update it causes has been written,
  for `j` (next post) and for a coding key (which also writes the sidecar); the floor is a
  minimal app moving the cursor of an OptionList with as many rows as the article has posts.
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
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the pty driver is shared with the tests

from synthetic import article  # noqa: E402
from terminal import Terminal  # noqa: E402

SAMPLE = HERE.parent / "sample_articles" / "live-blog-storm.txt"
#: What only the reader shows (its header), not the opening screen before it.
READY = "coded \u00b7 coder bench".encode()


def first_paint(argv: list[str], marker: bytes, ready: bytes | None = None) -> tuple[float, float]:
    """Seconds to the first frame (showing `marker`) and until `ready` is on screen."""
    term = Terminal(argv)
    try:
        painted = term.wait_for(marker)
        return painted, term.wait_for(ready) if ready else painted
    finally:
        term.close()


def peak_memory(argv: list[str], ready: bytes) -> int:
    """Peak resident memory (bytes) of the program once `ready` is on screen."""
    term = Terminal(argv)
    try:
        term.wait_for(ready)
        term.settle()
        status = Path(f"/proc/{term.proc.pid}/status").read_text()
        kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(kb) * 1024
    finally:
        term.close()


def key_latencies(argv: list[str], marker: bytes, keys: list[bytes]) -> list[tuple[float, float]]:
    term = Terminal(argv)
    try:
        term.wait_for(marker)
        return [term.key_latency(key) for key in keys]
    finally:
        term.close()


def ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def measure(name: str, path: Path, posts: int, ready: bytes, runs: int) -> dict[str, object]:
    py = sys.executable
    reader = [py, "-m", "readertui", str(path), "--coder", "bench"]
    floor_static = [py, str(HERE / "floor_apps.py"), "static"]
    floor_list = [py, str(HERE / "floor_apps.py"), "optionlist", str(posts)]
    marker = path.name.encode()
    opened = [first_paint(reader, marker, ready) for _ in range(runs)]
    floor_paint = [first_paint(floor_static, b"floor-app-ready")[0] for _ in range(runs)]
    moves = key_latencies(reader, ready, [b"j"] * (runs * 3))
    codes = key_latencies(reader, ready, [b"1", b"j"] * runs)[0::2]
    floor = key_latencies(floor_list, b"floor-app-ready", [b"\x1b[B"] * (runs * 3))
    paint = statistics.median(p for p, _ in opened)
    memory = peak_memory(reader, ready)
    floor_memory = peak_memory(floor_static, b"floor-app-ready")
    size = path.stat().st_size
    return {
        "article": name,
        "chars": len(path.read_text(encoding="utf-8")),
        "first_paint_s": round(paint, 3),
        "reader_ready_s": round(statistics.median(r for _, r in opened), 3),
        "floor_first_paint_s": round(statistics.median(floor_paint), 3),
        "first_paint_ratio": round(paint / statistics.median(floor_paint), 2),
        "next_post_first_frame_ms": ms([a for a, _ in moves]),
        "next_post_settled_ms": ms([b for _, b in moves]),
        "code_post_first_frame_ms": ms([a for a, _ in codes]),
        "code_post_settled_ms": ms([b for _, b in codes]),
        "floor_optionlist_first_frame_ms": ms([a for a, _ in floor]),
        "floor_optionlist_settled_ms": ms([b for _, b in floor]),
        "peak_memory_mb": round(memory / 2**20, 1),
        "floor_peak_memory_mb": round(floor_memory / 2**20, 1),
        "memory_beyond_floor_per_file_byte": round((memory - floor_memory) / size, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small-5kb.txt"
        shutil.copy(SAMPLE, small)
        big = Path(tmp) / "big-5mb.md"
        big.write_text(article(5_000_000, 2000, markdown=True), encoding="utf-8")
        results = [
            measure("5 KB text, 14 posts", small, 14, READY, args.runs),
            measure("5 MB Markdown, 2,000 posts", big, 2000, READY, args.runs),
        ]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
