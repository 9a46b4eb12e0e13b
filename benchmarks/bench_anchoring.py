"""Finding 2,000 coded posts again in a 5 MB article after it changed.

    python benchmarks/bench_anchoring.py            # 5 MB, 2,000 posts all coded, 5 runs each
    python benchmarks/bench_anchoring.py --runs 9 --size 1000000 --posts 500

Reports the median time of `readertui.store.anchoring.reanchor` (the sidecar's records against the
changed article, already loaded) for: the article unchanged; a paragraph inserted near the
top (the usual edit: every offset moves, every id holds); the same with every record's id
lost (ids from an older detector: each record found by its exact text); and every post's
words edited (each record found by approximate match: the worst case, bounded by the
budget). Loading the article is not timed: `bench_core.py` measures it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from readertui.annotations import Annotation, Annotations
from readertui.article import article_from_text
from readertui.codebook import DEFAULT
from readertui.document import Article
from readertui.store.anchoring import Anchoring, reanchor
from readertui.store.records import parse_record
from readertui.store.sidecar import SidecarWriter

from synthetic import article
from timing import median_time

Written = Mapping[str, Any]


def records_for(doc: Article) -> list[Written]:
    """A sidecar's records with every item of `doc` coded, as the session writes them."""
    coded = Annotation(tags={"stance": ("support",)}, created="t", modified="t")
    state = Annotations({item.id: coded for item in doc.items})
    data = SidecarWriter(doc.path, doc.source, doc.items).encode(
        state, article_name="a.txt", sha256=doc.sha256, codebook=DEFAULT, coder="b", saved="t"
    )
    records: list[Written] = json.loads(data)["annotations"]
    return records


def edit_words(text: str, doc: Article) -> str:
    """Every post's second word replaced, from the end so offsets stay valid."""
    for item in reversed(doc.posts):
        assert item.start is not None and item.end is not None
        words = text[item.start : item.end].split(" ")
        words[1] = "edited"
        text = text[: item.start] + " ".join(words) + text[item.end :]
    return text


def report(name: str, found: Anchoring, seconds: float) -> None:
    print(
        f"{name:34s} {seconds * 1000:9.1f} ms   found {found.exact} exactly, "
        f"{found.approximate} approximately, {len(found.orphans)} orphans"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=5_000_000, help="characters (default 5 MB)")
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    text = article(args.size, args.posts, markdown=False)
    before = article_from_text(text, "text")
    records = records_for(before)
    lead = text.index("\n\n") + 2
    inserted = article_from_text(
        text[:lead] + "An editor's note, added after publication.\n\n" + text[lead:], "text"
    )
    anonymous: list[Written] = [
        {**r, "post": {**r["post"], "id": f"old-{n}"}} for n, r in enumerate(records)
    ]
    edited = article_from_text(edit_words(text, before), "text")
    print(
        f"{len(text) / 1e6:.1f} MB article, {len(before.items)} items, {len(records)} records, "
        f"median of {args.runs} runs"
    )
    cases: list[tuple[str, list[Written], Article]] = [
        ("unchanged", records, before),
        ("paragraph inserted near the top", records, inserted),
        ("... and every id lost", anonymous, inserted),
        ("every post's words edited", records, edited),
    ]
    for name, written, doc in cases:
        recs = [parse_record(r, name) for r in written]  # as a sidecar holding them is read
        found = reanchor(recs, doc, before.sha256)
        seconds = median_time(partial(reanchor, recs, doc, before.sha256), args.runs)
        report(name, found, seconds)


if __name__ == "__main__":
    main()
