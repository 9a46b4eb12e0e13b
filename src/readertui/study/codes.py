"""A study as `export` and `agree` see it: articles, and every coder's sidecar for each.

Paths may be article files, sidecar files (their article is meant) or folders (every article
below them). Sidecars are only read here, never written. One that cannot be read is reported
in `problems` and left out, so one damaged file does not stop an export of hundreds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from readertui.article import article_from_source
from readertui.document import Article
from readertui.source import ArticleError, Source, read_source
from readertui.store import (
    SIDECAR_SUFFIX,
    CoderCodes,
    SidecarError,
    anchored,
    article_sidecars,
    read_sidecar,
    sidecar_names,
)
from readertui.study.articles import find_articles


@dataclass(slots=True)
class StudyArticle:
    article: Path
    coders: list[CoderCodes] = field(default_factory=list)
    #: The article's text as read, and the article as analysed when it had to be (it changed
    #: since a sidecar was saved): what readers of the study need not read again.
    source: Source | None = None
    current: Article | None = None


@dataclass(slots=True)
class Study:
    articles: list[StudyArticle] = field(default_factory=list)
    #: One line for each sidecar or path that could not be used.
    problems: list[str] = field(default_factory=list)

    @property
    def coders(self) -> list[str]:
        """Every coder in the study, in order of first appearance."""
        seen: dict[str, None] = {}
        for article in self.articles:
            for codes in article.coders:
                seen.setdefault(codes.coder, None)
        return list(seen)


def article_paths(paths: Iterable[Path | str]) -> tuple[list[Path], list[str]]:
    """The articles the paths name (folders searched), in order, each once; and problems."""
    found: dict[Path, None] = {}
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for article in find_articles(path):
                found.setdefault(article, None)
        elif path.name.endswith(SIDECAR_SUFFIX):
            found.setdefault(_article_of_sidecar(path), None)
        elif path.is_file():
            found.setdefault(path, None)
        else:
            problems.append(f"{path}: no such file or folder")
    return list(found), problems


def _article_of_sidecar(path: Path) -> Path:
    """`story.txt.annotations.json` and `story.txt.bob.annotations.json` -> `story.txt`."""
    stem = path.name[: -len(SIDECAR_SUFFIX)]
    while stem and not path.with_name(stem).is_file() and "." in stem:
        stem = stem.rsplit(".", 1)[0]
    return path.with_name(stem)


def load_study(paths: Iterable[Path | str]) -> Study:
    """Every readable sidecar of every article the paths name, each annotation under the id
    of the item it is on now (an article that changed since a sidecar was saved is read and
    the sidecar's codes re-anchored; an unchanged one is not even parsed)."""
    articles, problems = article_paths(paths)
    study = Study(problems=problems)
    listings: dict[Path, list[str]] = {}  # each folder listed once, however many articles
    for article in articles:
        entry = StudyArticle(article)
        names = listings.get(article.parent)
        if names is None:
            names = listings[article.parent] = sidecar_names(article.parent)
        for sidecar in article_sidecars(article, names):
            try:
                stored = read_sidecar(sidecar.path)
            except SidecarError as exc:
                study.problems.append(str(exc))
                continue
            if stored is None:
                continue
            coder = stored.coder or sidecar.coder or "unknown"
            entry.coders.append(CoderCodes(coder, sidecar.path, stored))
        if entry.coders:
            _reanchor(entry)
            study.articles.append(entry)
    return study


def _reanchor(entry: StudyArticle) -> None:
    """Bring every coder's ids up to date with the article, reading it only if it changed."""
    try:
        source = entry.source = read_source(entry.article)
    except ArticleError:
        return  # the sidecars are used as they are; `export` says the article is unreadable
    if all(c.stored.article_sha256 == source.sha256 for c in entry.coders):
        return
    entry.current = article_from_source(source)
    entry.coders = [replace(c, stored=anchored(c.stored, entry.current)) for c in entry.coders]
