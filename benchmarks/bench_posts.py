"""`readertui posts FOLDER` in articles and items a second, beside floors measured in the same run.

    python benchmarks/bench_posts.py              # 1,000 synthetic articles, 3 runs
    python benchmarks/bench_posts.py --articles 300 --runs 5

The command runs as a subprocess, as a user runs it, its JSON Lines read from a pipe; timed from
process start to exit (start-up and worker processes included). Floors, on the same files:
- start-up: `python -c "import readertui"`, the least any command of it costs;
- read bytes: one process reading every file's bytes, the least any reader of them costs;
- one process: the same analysis and JSON in a single process, no workers (what the worker
  processes gain, or lose, on this machine's cores).
The folder is a made-up study of .txt, .md and .html articles of news-article sizes
(`synthetic.py`, seeded); `../shared/corpus` is measured too when present. Reports medians.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
sys.path.insert(0, str(HERE))

from synthetic import article, html_page  # noqa: E402

READ_BYTES = """
import sys
from pathlib import Path
from readertui.study.articles import find_articles
print(sum(len(p.read_bytes()) for p in find_articles(Path(sys.argv[1]))))
"""
ONE_PROCESS = """
import json, sys
from pathlib import Path
from readertui.study.articles import find_articles
from readertui.study.batch import read_one
items = 0
for path in find_articles(Path(sys.argv[1])):
    for item in read_one(path, "all").items:
        json.dumps(item, ensure_ascii=False)
        items += 1
print(items)
"""


def make_study(folder: Path, count: int) -> int:
    """`count` articles, 100 a subfolder: 2 in 5 plain text (2-6 KB, 1-4 posts), 2 in 5
    Markdown (3-20 KB, 2-8 posts), 1 in 5 saved web pages (20-150 KB, 2-10 posts). Returns
    how many posts they embed (they quote nobody: every item found should be one)."""
    planted = 0
    for n in range(count):
        sub = folder / f"batch{n // 100:02d}"
        sub.mkdir(exist_ok=True)
        step = n * 7919  # sizes spread over their range, the same every run
        kind = n % 5
        if kind in (0, 1):
            text = article(2000 + step % 4000, 1 + n % 4, markdown=False, seed=n)
            (sub / f"{n:04d}.txt").write_text(text, encoding="utf-8")
        elif kind in (2, 3):
            text = article(3000 + step % 17000, 2 + n % 7, markdown=True, seed=n)
            (sub / f"{n:04d}.md").write_text(text, encoding="utf-8")
        else:
            text = html_page(20000 + step % 130000, 2 + n % 9, seed=n)
            (sub / f"{n:04d}.html").write_text(text, encoding="utf-8")
        # Counted in the text: a short article ends before all the posts asked for fit.
        planted += text.count("pic.twitter.com/Ab")
    return planted


def timed(argv: list[str]) -> tuple[float, float, str]:
    """Seconds from start to exit, CPU seconds (its worker processes' too), stdout; a failure
    stops the benchmark. CPU time is what another busy process on the cores cannot inflate."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", check=False)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed ({done.returncode}): {done.stderr[-500:]}")
    return seconds, _children_cpu() - cpu0, done.stdout


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(folder: Path, runs: int) -> dict[str, object]:
    python = sys.executable
    posts, posts_cpu, startup, read, single, single_cpu = [], [], [], [], [], []
    items = -1
    for _ in range(runs):  # interleaved: a busy moment slows the floors as much as the command
        seconds, cpu, out = timed([python, "-m", "readertui", "posts", str(folder)])
        posts.append(seconds)
        posts_cpu.append(cpu)
        lines = out.count("\n")
        assert items in (-1, lines), "a different number of items from run to run"
        items = lines
        startup.append(timed([python, "-c", "import readertui"])[0])
        seconds, _, out = timed([python, "-c", READ_BYTES, str(folder)])
        read.append(seconds)
        size = int(out)
        seconds, cpu, out = timed([python, "-c", ONE_PROCESS, str(folder)])
        single.append(seconds)
        single_cpu.append(cpu)
        assert int(out) == items, "one process found other items than the command"
    from readertui.study.articles import find_articles

    count = len(list(find_articles(folder)))
    posts_s, startup_s = statistics.median(posts), statistics.median(startup)
    read_s, single_s = statistics.median(read), statistics.median(single)
    return {
        "articles": count,
        "items": items,
        "mb": round(size / 1e6, 2),
        "posts_s": round(posts_s, 3),
        "articles_per_s": round(count / posts_s, 1),
        "items_per_s": round(items / posts_s, 1),
        "floor_startup_s": round(startup_s, 3),
        "floor_read_bytes_s": round(read_s, 3),
        "ratio_to_read_bytes": round(posts_s / read_s, 1),
        "posts_cpu_s": round(statistics.median(posts_cpu), 3),
        "one_process_s": round(single_s, 3),
        "one_process_cpu_s": round(statistics.median(single_cpu), 3),
        "workers_speedup": round(single_s / posts_s, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    report: dict[str, object] = {"cores": os.cpu_count(), "runs": args.runs}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "study"
        folder.mkdir()
        planted = make_study(folder, args.articles)
        report["synthetic"] = {**measure(folder, args.runs), "posts_planted": planted}
    if CORPUS.is_dir():
        report["corpus"] = measure(CORPUS, args.runs)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
