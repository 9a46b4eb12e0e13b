"""The articles of a study: every article file below a folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from readertui.source import HTML_SUFFIXES, MARKDOWN_SUFFIXES, TEXT_SUFFIXES

ARTICLE_SUFFIXES = frozenset(TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES)


def is_article(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")


def find_articles(folder: Path) -> Iterator[Path]:
    """Every article below `folder`, in sorted order; hidden folders and link loops skipped."""
    seen: set[tuple[int, int]] = set()

    def walk(current: Path) -> Iterator[Path]:
        try:
            st = current.stat()
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            return
        if (st.st_dev, st.st_ino) in seen:  # a symbolic link back up the tree
            return
        seen.add((st.st_dev, st.st_ino))
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    folders.append(Path(entry.path))
                elif entry.is_file() and is_article(Path(entry.path)):
                    yield Path(entry.path)
            except OSError:
                continue
        for sub in folders:
            yield from walk(sub)

    yield from walk(folder)
