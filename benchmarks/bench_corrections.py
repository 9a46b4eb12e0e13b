"""Correcting units from the keyboard, key to screen, beside the three-pane floor's key.

    python benchmarks/bench_corrections.py            # 8 posts in 5 KB, 2,000 in 5 MB
    python benchmarks/bench_corrections.py --runs 3

In a real pseudo-terminal (120x36), from the outside, as bench_ui measures a coding key:
- select: a cursor move (`l`) in the article pane while a selection is being made;
- add: `a` on a selection, until the new item is listed, selected, shown and saved;
- code selection: a codebook key on a selection, until the selection is an item, coded,
  listed and saved;
- form, save: `e` on the added item until the correction form is on screen, and `enter`
  in it until the item is shown again (both move the focus, which has Textual repaint the
  whole screen: compare them with a focus change, `tab`, measured too);
the floor is `floor_apps.py panes` moving its list's cursor (what Textual itself takes to
update three panes), measured in the same run. Reports medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_ui import DOWN, READY, bench_articles, key_latencies  # noqa: E402

from terminal import Terminal  # noqa: E402

TO_ARTICLE = b"\x1b[Z"  # shift+tab: from the list to the article pane
TAB = b"\t"


def corrections(argv: list[str], adds: int) -> dict[str, list[float]]:
    """Latencies (seconds) of each step, by name."""
    term = Terminal(argv)
    steps: dict[str, list[float]] = {
        n: [] for n in ("select", "add", "form", "save", "code", "tab")
    }
    try:
        term.wait_for(READY)
        term.settle()
        term.send(TO_ARTICLE)
        for _ in range(adds):
            for key in b"wv":  # past the previous item's words
                term.settle()
                term.send(bytes([key]))
            steps["select"] += [term.key_latency(b"l")[0] for _ in range(4)]
            steps["add"].append(term.key_latency(b"a")[0])
            steps["form"].append(term.key_latency(b"e")[0])
            steps["save"].append(term.key_latency(b"\r")[0])
            for key in b"wwvlll":
                term.settle()
                term.send(bytes([key]))
            steps["code"].append(term.key_latency(b"1")[0])
            steps["tab"] += [term.key_latency(TAB)[0] for _ in range(3)]  # round to the article
            term.settle()
            term.send(b"w")
    finally:
        term.close()
    return steps


def ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def measure(name: str, path: Path, posts: int, runs: int) -> dict[str, object]:
    py = sys.executable
    reader = [py, "-m", "readertui", str(path), "--coder", "bench"]
    floor = [py, str(HERE / "floor_apps.py"), "panes", str(posts)]
    steps = corrections(reader, runs * 2)
    panes = key_latencies(floor, b"floor-app-ready", [DOWN] * (runs * 3))
    base = ms([a for a, _ in panes])
    result: dict[str, object] = {"article": name, "floor_panes_ms": base}
    for step, values in steps.items():
        result[f"{step}_ms"] = ms(values)
        result[f"{step}_ratio"] = round(ms(values) / base, 2)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [
            measure(name, path, posts, args.runs) for name, path, posts in bench_articles(Path(tmp))
        ]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
