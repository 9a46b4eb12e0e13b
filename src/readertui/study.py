"""A study as `export` and `agree` see it: articles, and every coder's sidecar for each.

Paths may be article files, sidecar files (their article is meant) or folders (every article
below them). Sidecars are only read here, never written. One that cannot be read is reported
in `problems` and left out, so one damaged file does not stop an export of hundreds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from readertui.corpus import SIDECAR_SUFFIX, article_sidecars, find_articles, sidecar_names
from readertui.sidecar import SidecarError, Stored, read_sidecar


@dataclass(frozen=True, slots=True)
class CoderCodes:
    """One coder's sidecar for an article, as read."""

    coder: str
    path: Path
    stored: Stored


@dataclass(slots=True)
class StudyArticle:
    article: Path
    coders: list[CoderCodes] = field(default_factory=list)


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


def other_coders(article: Path, own: Path) -> list[CoderCodes]:
    """The codes other coders keep for `article` (every readable sidecar but `own`)."""
    found = []
    for sidecar in article_sidecars(article):
        if sidecar.path == own:
            continue
        try:
            stored = read_sidecar(sidecar.path)
        except SidecarError:
            continue  # review shows what can be read; `agree` names the damaged files
        if stored is not None:
            found.append(
                CoderCodes(stored.coder or sidecar.coder or "unknown", sidecar.path, stored)
            )
    return found


def load_study(paths: Iterable[Path | str]) -> Study:
    """Every readable sidecar of every article the paths name."""
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
            study.articles.append(entry)
    return study
