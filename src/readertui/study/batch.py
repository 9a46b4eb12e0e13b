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


def read_all(paths: Sequence[Path], kind: str = "all") -> Iterator[list[Found]]:
    """Each article's items, in batches as they are read (`workers.each_article`)."""
    return each_article(partial(_read_chunk, kind=kind), paths)
