"""How fast the reader reaches the screen, beside minimal Textual apps on the same machine.

    python benchmarks/bench_ui.py             # 8 posts in 5 KB, 2,000 posts in 5 MB; 5 runs
    python benchmarks/bench_ui.py --runs 3

Measured in a real pseudo-terminal (120x36), from the outside:
- first paint: from starting the process to the first frame showing the article's name and
  opening lines (floor: a minimal app showing one line of text); reader ready: until the
  reader itself, with every post listed, is on screen;
- peak memory: the reader's peak resident memory once ready, beyond the minimal app's, per
  byte of the article file; for a Markdown article, also beside markdown-it-py alone reading
  and parsing the same file (its peak beyond a bare Python that imported it);
- key to screen: from writing a key to the pty until the update it causes has been written,
  at the top of the list (`j`, next post) and at its end (`end`, then `k`), and for a coding
  key (which also writes the sidecar); the floor is a minimal app moving the cursor of an
  OptionList with as many rows as the article has posts, at its top and at its end. A second
  floor is the same list in readertui's layout, beside a text pane and above a detail pane,
  each move rewriting the detail and scrolling the text when needed, with nothing else: what
  Textual itself takes to update the panes readertui shows.
Reports medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the pty driver is shared with the tests

from synthetic import article  # noqa: E402
from terminal import Terminal  # noqa: E402

END = b"\x1b[F"
DOWN, UP = b"\x1b[B", b"\x1b[A"
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


# Reads and parses a Markdown file with markdown-it-py alone; prints, in bytes, the peak
# resident memory once imported, once the file is read, and once it is parsed.
MARKDOWN_IT_ALONE = """
import sys
from pathlib import Path
from markdown_it import MarkdownIt
def peak():
    status = Path("/proc/self/status").read_text().splitlines()
    return int(next(line.split()[1] for line in status if line.startswith("VmHWM:"))) * 1024
md = MarkdownIt("commonmark")
imported = peak()
text = Path(sys.argv[1]).read_text(encoding="utf-8")
read = peak()
md.parse(text)
print(imported, read, peak())
"""


def markdown_it_memory(path: Path) -> tuple[int, int]:
    """Peak resident memory (bytes) markdown-it-py alone adds reading `path`, and reading and
    parsing it, beyond a bare Python that imported it."""
    out = subprocess.run(
        [sys.executable, "-c", MARKDOWN_IT_ALONE, str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    imported, read, parsed = map(int, out.split())
    return read - imported, parsed - imported


def key_latencies(
    argv: list[str], marker: bytes, keys: list[bytes], first: bytes = b""
) -> list[tuple[float, float]]:
    """Latency of each key, after `first` (not timed) has been sent."""
    term = Terminal(argv)
    try:
        term.wait_for(marker)
        if first:
            term.settle()
            term.send(first)
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
    floor_panes = [py, str(HERE / "floor_apps.py"), "panes", str(posts)]
    marker = path.name.encode()
    opened = [first_paint(reader, marker, ready) for _ in range(runs)]
    floor_paint = [first_paint(floor_static, b"floor-app-ready")[0] for _ in range(runs)]
    # Every timed key must move: a key at the last post changes nothing on screen.
    n = min(runs * 3, posts - 1)
    pairs = min(runs, (posts - 1) // 2 + 1)
    moves = key_latencies(reader, ready, [b"j"] * n)
    moves_end = key_latencies(reader, ready, [b"k"] * n, first=END)
    codes = key_latencies(reader, ready, [b"1", b"j"] * pairs)[0::2]
    codes_end = key_latencies(reader, ready, [b"1", b"k"] * pairs, first=END)[0::2]
    floor = key_latencies(floor_list, b"floor-app-ready", [DOWN] * n)
    floor_end = key_latencies(floor_list, b"floor-app-ready", [UP] * n, first=END)
    panes = key_latencies(floor_panes, b"floor-app-ready", [DOWN] * n)
    panes_end = key_latencies(floor_panes, b"floor-app-ready", [UP] * n, first=END)
    paint = statistics.median(p for p, _ in opened)
    memory = peak_memory(reader, ready)
    floor_memory = peak_memory(floor_static, b"floor-app-ready")
    size = path.stat().st_size
    extra: dict[str, object] = {}
    if path.suffix == ".md":
        read_only, parsed = markdown_it_memory(path)
        extra = {
            "markdown_it_alone_read_mb": round(read_only / 2**20, 1),
            "markdown_it_alone_parse_mb": round(parsed / 2**20, 1),
            "memory_ratio_vs_markdown_it_alone": round((memory - floor_memory) / parsed, 2),
        }
    return {
        "article": name,
        "chars": len(path.read_text(encoding="utf-8")),
        "first_paint_s": round(paint, 3),
        "reader_ready_s": round(statistics.median(r for _, r in opened), 3),
        "floor_first_paint_s": round(statistics.median(floor_paint), 3),
        "first_paint_ratio": round(paint / statistics.median(floor_paint), 2),
        "next_post_top_ms": ms([a for a, _ in moves]),
        "next_post_end_ms": ms([a for a, _ in moves_end]),
        "code_post_top_ms": ms([a for a, _ in codes]),
        "code_post_end_ms": ms([a for a, _ in codes_end]),
        "code_post_settled_ms": ms([b for _, b in codes + codes_end]),
        "worst_key_ms": round(max(a for a, _ in moves + moves_end + codes + codes_end) * 1000, 1),
        "floor_optionlist_top_ms": ms([a for a, _ in floor]),
        "floor_optionlist_end_ms": ms([a for a, _ in floor_end]),
        "key_ratio_top": round(ms([a for a, _ in moves]) / ms([a for a, _ in floor]), 2),
        "key_ratio_end": round(ms([a for a, _ in moves_end]) / ms([a for a, _ in floor_end]), 2),
        "code_ratio_top": round(ms([a for a, _ in codes]) / ms([a for a, _ in floor]), 2),
        "code_ratio_end": round(ms([a for a, _ in codes_end]) / ms([a for a, _ in floor_end]), 2),
        "floor_panes_top_ms": ms([a for a, _ in panes]),
        "floor_panes_end_ms": ms([a for a, _ in panes_end]),
        "key_ratio_vs_panes_top": round(ms([a for a, _ in moves]) / ms([a for a, _ in panes]), 2),
        "key_ratio_vs_panes_end": round(
            ms([a for a, _ in moves_end]) / ms([a for a, _ in panes_end]), 2
        ),
        "code_ratio_vs_panes_top": round(ms([a for a, _ in codes]) / ms([a for a, _ in panes]), 2),
        "code_ratio_vs_panes_end": round(
            ms([a for a, _ in codes_end]) / ms([a for a, _ in panes_end]), 2
        ),
        "peak_memory_mb": round(memory / 2**20, 1),
        "floor_peak_memory_mb": round(floor_memory / 2**20, 1),
        "memory_beyond_floor_per_file_byte": round((memory - floor_memory) / size, 2),
        **extra,
    }


def bench_articles(folder: Path) -> list[tuple[str, Path, int]]:
    """The two articles the UI benchmarks use, written into `folder`: (name, path, posts)."""
    small = folder / "small-5kb.txt"
    small.write_text(article(5_000, 8, markdown=False), encoding="utf-8")
    big = folder / "big-5mb.md"
    big.write_text(article(5_000_000, 2000, markdown=True), encoding="utf-8")
    return [("5 KB text, 8 posts", small, 8), ("5 MB Markdown, 2,000 posts", big, 2000)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [
            measure(name, path, posts, READY, args.runs)
            for name, path, posts in bench_articles(Path(tmp))
        ]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
