"""Parsing and detection speed of the core, against markdown-it-py's own parse time.

    python benchmarks/bench_core.py            # 5 MB with 2,000 posts, 5 runs each
    python benchmarks/bench_core.py --runs 9 --size 1000000
    python benchmarks/bench_core.py --memory   # also the memory analysing the Markdown takes
    python benchmarks/bench_core.py --one-line # also one-line articles of 1 and 3 MB packed
                                               # with posts: the time must grow with the size

Reports medians. The floor is markdown-it-py alone (`MarkdownIt("commonmark").parse`) on the
same text in the same process; readertui's time covers everything `readertui posts` does after
reading the file: rendering with a source map, detection and ids. Memory is what tracemalloc
sees `article_from_text` allocate: its peak, and what the article it returns keeps.
"""

from __future__ import annotations

import argparse
import json
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from markdown_it import MarkdownIt

from readertui.article import article_from_text
from readertui.gcutil import gc_paused

from synthetic import article
from timing import median_time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=5_000_000, help="characters (default 5 MB)")
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--memory", action="store_true", help="also measure memory (tracemalloc)")
    ap.add_argument(
        "--one-line", action="store_true", help="also one-line articles packed with posts"
    )
    args = ap.parse_args()

    md_text = article(args.size, args.posts, markdown=True)
    txt_text = article(args.size, args.posts, markdown=False)
    plain = MarkdownIt("commonmark")

    md_posts = len(article_from_text(md_text, "markdown").posts)
    txt_posts = len(article_from_text(txt_text, "text").posts)
    floor = median_time(lambda: plain.parse(md_text), args.runs)

    def parse_gc_paused() -> None:
        with gc_paused():
            plain.parse(md_text)

    floor_gc = median_time(parse_gc_paused, args.runs)
    ours_md = median_time(lambda: article_from_text(md_text, "markdown"), args.runs)
    ours_txt = median_time(lambda: article_from_text(txt_text, "text"), args.runs)
    result = {
        "markdown_chars": len(md_text),
        "markdown_posts_found": md_posts,
        "markdown_it_parse_s": round(floor, 3),
        "readertui_markdown_s": round(ours_md, 3),
        "markdown_ratio": round(ours_md / floor, 2),
        "markdown_it_parse_gc_paused_s": round(floor_gc, 3),
        "markdown_ratio_vs_gc_paused_floor": round(ours_md / floor_gc, 2),
        "text_chars": len(txt_text),
        "text_posts_found": txt_posts,
        "readertui_text_s": round(ours_txt, 3),
        "runs": args.runs,
    }
    if args.memory:
        result.update(_memory(md_text))
    if args.one_line:
        result.update(_one_line(args.runs))
    print(json.dumps(result, indent=2))


def _one_line(runs: int) -> dict[str, float]:
    """A whole article on one line, a post every 60 characters (a scraper that dropped every
    line break): anything that reads back to the line's start for each post shows here as a
    ratio well over 3."""

    def packed(size: int) -> str:
        posts, n = [], 0
        while n * 60 < size:
            posts.append(f"Post {n} words here — Reporter {n} (@rep{n}) May 1, 2024 ".ljust(60))
            n += 1
        return "".join(posts)

    small, large = packed(1_000_000), packed(3_000_000)
    t_small = median_time(lambda: article_from_text(small, "text"), runs)
    t_large = median_time(lambda: article_from_text(large, "text"), runs)
    return {
        "one_line_1mb_s": round(t_small, 3),
        "one_line_3mb_s": round(t_large, 3),
        "one_line_3mb_over_1mb": round(t_large / t_small, 2),
    }


def _memory(text: str) -> dict[str, float]:
    """Peak and retained memory of analysing `text` as Markdown, in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        article = article_from_text(text, "markdown")  # noqa: F841 - alive while measured
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {
        "markdown_peak_mb": round((peak - before) / 1e6, 1),
        "markdown_retained_mb": round((retained - before) / 1e6, 1),
    }


if __name__ == "__main__":
    main()
