"""Export speed on a folder of coded articles: copies of a sample, each coded by two coders.

    python benchmarks/bench_export.py                 # 200 copies of council-vote.txt, 5 runs
    python benchmarks/bench_export.py --copies 1000 --runs 3

Reports medians: `readertui export FOLDER --format F` end to end (to memory), split into
collecting (reading every sidecar and article) and rendering; and the floor, reading and
analysing the same articles with `load_article`, which an export does once per article so that
items are described as the article has them now.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import tempfile
from functools import partial
from pathlib import Path

from readertui.article import load_article
from readertui.cli.main import main as cli
from readertui.codebook import load_codebook
from readertui.session import CodingSession
from readertui.study.export import ExportFormat, collect
from readertui.study.export_formats import render

from timing import median_time

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_articles" / "council-vote.txt"
BOOK = load_codebook(ROOT / "examples" / "codebook.toml")


def to_memory(argv: list[str]) -> int:
    """The command, its output kept in memory (no terminal or disk in the measure)."""
    return cli(argv, out=io.StringIO())


def coded_folder(folder: Path, copies: int) -> list[Path]:
    """`copies` articles, every item coded by alice and bob (bob with two sources and a note)."""
    first = folder / "article-0000.txt"
    shutil.copy(SAMPLE, first)
    for coder, keys in (("alice", "1"), ("bob", "2ad")):
        with CodingSession(load_article(first), coder=coder, codebook=BOOK) as session:
            for index in range(len(session.items)):
                for key in keys:
                    session.code(index, key)
                if coder == "bob":
                    session.set_note(index, 'a note, with "quotes"')
    sidecars = sorted(folder.glob("article-0000.txt.*json"))
    articles = [first]
    for n in range(1, copies):
        article = folder / f"article-{n:04d}.txt"
        shutil.copy(first, article)
        for sidecar in sidecars:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
            data["article"]["file"] = article.name
            name = sidecar.name.replace(first.name, article.name)
            (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        articles.append(article)
    return articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        articles = coded_folder(folder, args.copies)
        export = collect([folder])
        floor = median_time(lambda: [load_article(p) for p in articles], args.runs)
        gathering = median_time(lambda: collect([folder]), args.runs)
        print(
            f"{len(articles)} articles, {len(export.coded)} annotations "
            f"({len(export.coded) // len(articles)} an article, 2 coders)"
        )
        print(f"floor: load_article on every article  {floor * 1000:8.1f} ms")
        print(f"collect (sidecars + articles)         {gathering * 1000:8.1f} ms")
        runs: list[tuple[ExportFormat, bool]] = [
            ("csv", False),
            ("csv", True),
            ("jsonl", False),
            ("w3c", False),
        ]
        for fmt, wide in runs:
            rendering = median_time(partial(render, export, fmt, wide), args.runs)
            size = len(render(export, fmt, wide))
            argv = ["export", str(folder), "--format", fmt, *(["--wide"] if wide else [])]
            total = median_time(partial(to_memory, argv), args.runs)
            label = f"{fmt}{' --wide' if wide else ''}"
            print(
                f"{label:10} render {rendering * 1000:7.1f} ms   end to end {total * 1000:8.1f} ms"
                f"   {size / 1024:7.0f} KB   {len(articles) / total:6.0f} articles/s"
            )


if __name__ == "__main__":
    main()
