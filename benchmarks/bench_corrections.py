"""Correcting units from the keyboard, key to screen, beside the three-pane floor's key.

    python benchmarks/bench_corrections.py            # 8 posts in 5 KB, 2,000 in 5 MB
    python benchmarks/bench_corrections.py --runs 3

In a real pseudo-terminal (120x36), from the outside, as bench_ui measures a coding key:
- select: a cursor move (`l`) in the article pane while a selection is being made;
- form: `a` on a selection, until the add form is on screen;
- add: `enter` in the form, until the new item is listed, selected and saved (the form, a
  modal screen, is closed on the way: the reader's screen and footer are drawn again);
- code selection: a codebook key on a selection (no form), until the selection is an item,
  coded, listed and saved;
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


def corrections(argv: list[str], adds: int) -> tuple[list[float], ...]:
    """Latencies of selection moves, of opening the add form, of adding, and of coding a
    selection (seconds)."""
    term = Terminal(argv)
    selects, forms, added, coded = [], [], [], []
    try:
        term.wait_for(READY)
        term.settle()
        term.send(TO_ARTICLE)
        for _ in range(adds):
            term.settle()
            term.send(b"w")  # past the previous item's words
            term.settle()
            term.send(b"v")
            selects += [term.key_latency(b"l")[0] for _ in range(4)]
            forms.append(term.key_latency(b"a")[0])
            added.append(term.key_latency(b"\r")[0])
            for key in b"wwvlll":
                term.settle()
                term.send(bytes([key]))
            coded.append(term.key_latency(b"1")[0])
            term.settle()
            term.send(b"w")
    finally:
        term.close()
    return selects, forms, added, coded


def ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def measure(name: str, path: Path, posts: int, runs: int) -> dict[str, object]:
    py = sys.executable
    reader = [py, "-m", "readertui", str(path), "--coder", "bench"]
    floor = [py, str(HERE / "floor_apps.py"), "panes", str(posts)]
    selects, forms, added, coded = corrections(reader, runs * 2)
    panes = key_latencies(floor, b"floor-app-ready", [DOWN] * (runs * 3))
    base = ms([a for a, _ in panes])
    return {
        "article": name,
        "select_move_ms": ms(selects),
        "add_form_ms": ms(forms),
        "add_ms": ms(added),
        "code_selection_ms": ms(coded),
        "floor_panes_ms": base,
        "select_ratio": round(ms(selects) / base, 2),
        "form_ratio": round(ms(forms) / base, 2),
        "add_ratio": round(ms(added) / base, 2),
        "code_selection_ratio": round(ms(coded) / base, 2),
    }


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
