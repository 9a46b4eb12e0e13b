"""Time and memory of reading inputs made to be slow (`tests/adversarial.py`), at two sizes.

    python benchmarks/bench_adversarial.py                 # every case, 256 KB and 1 MB
    python benchmarks/bench_adversarial.py --size 4000000  # 1 MB and 4 MB
    python benchmarks/bench_adversarial.py --only quotes   # cases whose name holds "quotes"

Each case is read (`article_from_text`: rendering, post and quotation detection) in a fresh
process, once at a quarter of `--size` and once at `--size`, with a time limit. Printed as JSON,
a line a case and format: seconds at each size, seconds per MB at the larger one, `growth` (the
time ratio of the two sizes; linear is 4) and the peak memory the reading added, per MB of text.
For Markdown, markdown-it-py's own parse of the same text (configured as readertui configures
it: CommonMark with tables and strikethrough) is measured in the same process first: its
seconds per MB, readertui's time ratio to it, and its memory per MB (readertui's peak is the
high-water mark after it, so it counts only what goes beyond markdown-it's own).
The targets: at most 2 s per MB, growth near 4, memory a small multiple of the text.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent / "tests"  # the inputs are shared with the tests (test_fuzz)

CHILD = """
import sys, time
sys.path.insert(0, {tests!r})
from adversarial import CASES
from readertui.article import article_from_text
text = CASES[{name!r}][1]({size})
article_from_text("Imported first. — A (@a) May 1, 2024", {fmt!r})  # not measured: imports
def rss(field):
    with open("/proc/self/status") as status:
        return int(next(l for l in status if l.startswith(field)).split()[1]) * 1024
floor = floor_peak = 0
if {fmt!r} == "markdown":  # markdown-it-py alone, first: its peak is not raised by ours
    from readertui.formats.markdown_parser import new_parser
    parser = new_parser(fast_paths=False)  # markdown-it-py as readertui configures it
    before = rss("VmRSS")
    started = time.perf_counter()
    tokens = parser.parse(text)
    floor = time.perf_counter() - started
    floor_peak = rss("VmHWM") - before
    del tokens
import gc; gc.collect()
before = rss("VmRSS")
started = time.perf_counter()
article = article_from_text(text, {fmt!r})
seconds = time.perf_counter() - started
peak = max(0, rss("VmHWM") - before)
print(seconds, peak, len(text.encode()), len(article.items), floor, floor_peak)
"""


def run(name: str, fmt: str, size: int, limit: float) -> dict[str, float] | None:
    code = CHILD.format(tests=str(TESTS), name=name, fmt=fmt, size=size)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        raise RuntimeError(f"{name} ({fmt}): {proc.stderr.strip().splitlines()[-1]}")
    seconds, peak, length, items, floor, floor_peak = proc.stdout.split()
    return {
        "seconds": float(seconds),
        "peak": int(peak),
        "bytes": int(length),
        "items": int(items),
        "floor": float(floor),
        "floor_peak": int(floor_peak),
    }


def main() -> None:
    sys.path.insert(0, str(TESTS))
    from adversarial import CASES

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="the larger size, in bytes")
    ap.add_argument("--only", default="", help="only the cases whose name holds this")
    ap.add_argument("--limit", type=float, default=60, help="seconds before a run is stopped")
    args = ap.parse_args()
    for name, (formats, _) in CASES.items():
        if args.only not in name:
            continue
        for fmt in formats:
            small = run(name, fmt, args.size // 4, args.limit)
            large = run(name, fmt, args.size, args.limit) if small else None
            row: dict[str, object] = {"case": name, "format": fmt}
            if small is None or large is None:
                row["timeout"] = args.limit
            else:
                mb = large["bytes"] / 1e6
                row.update(
                    small_s=round(small["seconds"], 3),
                    large_s=round(large["seconds"], 3),
                    s_per_mb=round(large["seconds"] / mb, 3),
                    growth=round(large["seconds"] / max(small["seconds"], 1e-4), 1),
                    memory_per_mb=round(large["peak"] / 1e6 / mb, 1),
                    items=large["items"],
                )
                if large["floor"]:  # Markdown: beside markdown-it-py's own parse
                    row.update(
                        markdown_it_s_per_mb=round(large["floor"] / mb, 3),
                        time_ratio=round(large["seconds"] / large["floor"], 2),
                        markdown_it_memory_per_mb=round(large["floor_peak"] / 1e6 / mb, 1),
                    )
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
