"""Every item of every article below a folder, read by worker processes: what
`readertui posts FOLDER` prints, one JSON object a line."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from readertui.study.workers import each_article


@dataclass(frozen=True, slots=True)
class Found:
    """One article's items (as JSON objects), or why it could not be read."""

    path: Path
    items: list[dict[str, Any]]
    error: str | None = None


def read_one(path: Path, kind: str) -> Found:
    from readertui.article import load_article
    from readertui.source import ArticleError

    try:
        article = load_article(path)
    except ArticleError as exc:
        return Found(path, [], str(exc))
    items = [item for item in article.items if kind == "all" or item.kind == kind]
    return Found(path, [{"article": str(path), **item.to_json()} for item in items])


def _read_chunk(paths: Sequence[Path], *, kind: str) -> list[Found]:
    return [read_one(path, kind) for path in paths]


#: Bytes of articles below which they are read in this process: starting worker processes
#: costs ~0.6 s of CPU (each imports readertui), more than they save on a small folder (46
#: articles, 0.9 MB: 0.69 s here, 1.25 s with workers; `benchmarks/bench_posts.py`).
IN_PROCESS_BYTES = 4 << 20


def read_all(paths: Sequence[Path], kind: str = "all") -> Iterator[list[Found]]:
    """Each article's items, in batches as they are read: by worker processes
    (`workers.each_article`), or here when there is too little to be worth starting them."""
    if _total_bytes(paths, IN_PROCESS_BYTES) < IN_PROCESS_BYTES:
        return (_read_chunk([path], kind=kind) for path in paths)
    return each_article(partial(_read_chunk, kind=kind), paths)


def _total_bytes(paths: Sequence[Path], enough: int) -> int:
    """The articles' size, counted until it reaches `enough` (a file that cannot be looked
    at counts as nothing: reading it will say why)."""
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue
        if total >= enough:
            break
    return total
