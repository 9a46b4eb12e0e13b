"""A study's codes as rows and records for analysis: CSV (long or wide), JSON Lines, W3C.

Every coder's sidecar of every article below the paths given is read (`readertui.study.codes`).
Each coded item is described by the article as it is now (its current fields and position),
or, when the article cannot be read or no longer has the item, by what the sidecar recorded.

Choices, so that files from different studies and runs compare:

- Order is stable: article path (folder by folder), the item's position in the article (items
  no longer in it come after, by their recorded position), coder name, the codebooks' order of
  variables, the order of values in the codebook.
- `article` is the path relative to the deepest folder holding every path given, with `/`.
- Long CSV has one row per value (tidy data): a variable with two values gives two rows, an
  item with only a note one row with `variable` and `value` empty.
- Wide CSV joins several values with `"; "`. Codebook value names never hold whitespace, so the
  joiner cannot occur inside one; split on exactly `"; "`.
- Choosing a child implies its parents: a value's path (broadest first) is in long CSV's `path`
  (joined by `" > "`, `government > police`) and JSON Lines' `paths`; a hierarchical variable
  gets a wide column per level (`actor_level1` the broadest; a value chosen at a broader level
  leaves the deeper ones empty). Paths come from the coder's own sidecar's codebook; a number
  or text has none.
- W3C: one AnnotationCollection with its one page embedded, the form the model gives for a
  complete set (Example 40). Codes are `TextualBody` tags, `variable:value`; the note is a
  `commenting` body. Ids are `urn:uuid:` uuid5s of article, coder and item id (`NAMESPACE`),
  so re-exporting the same study from the same folder gives the same ids.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from readertui.annotations import EMPTY, Annotation, Unit
from readertui.article import article_from_source, load_article
from readertui.codebook import Codebook, CodebookError
from readertui.corrections import article_item, unit_item
from readertui.document import ARTICLE_ID, Article, Item
from readertui.source import ArticleError, Source
from readertui.store import CoderCodes, Record, anchor, quote_selector
from readertui.study.codes import Study, StudyArticle, load_study
from readertui.textsafe import file_name

ExportFormat = Literal["csv", "jsonl", "w3c"]
ITEM_COLUMNS = (
    *("item_id", "kind", "platform", "handle", "author", "date", "url", "text"),
    *("origin", "status"),  # detected/added/edited; found/approximate/orphan
)


@dataclass(frozen=True, slots=True)
class Quote:
    """Where an item is in the article file (the W3C text quote and text position selectors)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class ItemFields:
    """What the export says about a coded item; `position` None: not in the article now."""

    id: str
    kind: str
    platform: str | None
    handle: str | None
    author: str | None
    date: str | None
    url: str | None
    text: str
    quote: Quote | None
    position: int | None
    origin: str = "detected"  # or "added", "edited": the coder's own version
    status: str = "found"  # or "approximate", "orphan": what re-anchoring said

    def _values(self) -> tuple[str | None, ...]:
        fields = (self.id, self.kind, self.platform, self.handle, self.author, self.date)
        return (*fields, self.url, self.text, self.origin, self.status)

    def cells(self) -> list[str]:
        """The item's CSV cells, in ITEM_COLUMNS order (absent fields empty)."""
        return [value or "" for value in self._values()]

    def to_json(self) -> dict[str, Any]:
        """The item's fields under their CSV column names (absent fields null)."""
        return dict(zip(ITEM_COLUMNS, self._values(), strict=True))

    def sort_key(self) -> tuple[bool, int, int, str]:
        start = self.quote.start if self.quote else -1
        return self.position is None, self.position or 0, start, self.id


@dataclass(frozen=True, slots=True)
class Paths:
    """Each value's path in a codebook's hierarchy (broadest first), worked out once a
    sidecar; a value it does not list is its own path, a typed-in one (number, text) has none."""

    typed: frozenset[str] = frozenset()
    paths: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def of(cls, codebook: Codebook | None) -> Paths:
        if codebook is None:
            return NO_PATHS
        return cls(
            frozenset(var.name for var in codebook.variables if var.typed),
            {
                var.name: {v.name: var.path(v.name) for v in var.values}
                for var in codebook.variables
            },
        )

    def path(self, variable: str, value: str) -> tuple[str, ...] | None:
        if variable in self.typed:
            return None
        return self.paths.get(variable, {}).get(value, (value,))


NO_PATHS = Paths()


@dataclass(frozen=True, slots=True)
class Coded:
    """One coder's annotation of one item."""

    article: str  # relative to the export's folder, with '/'
    source: str  # the article file's URI
    coder: str
    item: ItemFields
    annotation: Annotation
    paths: Paths = NO_PATHS  # from the coder's sidecar's codebook

    def pairs(self, variables: Sequence[str]) -> list[tuple[str, str]]:
        """(variable, value) for every value set, in `variables` order then value order."""
        return [(var, value) for var in variables for value in self.annotation.values(var)]

    def path(self, variable: str, value: str) -> tuple[str, ...] | None:
        """The value with the values it is a kind of, the broadest first (see `Paths`)."""
        return self.paths.path(variable, value)


@dataclass(slots=True)
class Export:
    coded: list[Coded] = field(default_factory=list)
    #: Every variable of every codebook seen (and any other a sidecar uses), in order.
    variables: list[str] = field(default_factory=list)
    #: The hierarchical ones: how many levels their values have (the most any codebook gives).
    depths: dict[str, int] = field(default_factory=dict)
    #: One line each: sidecars and articles that could not be used as they are.
    warnings: list[str] = field(default_factory=list)
    #: Each codebook the sidecars were coded with, and the sidecars coded with it.
    codebooks: dict[Codebook, list[str]] = field(default_factory=dict)
    #: Each readable article's text as read, by its label (only when asked for: a project
    #: export embeds the articles).
    sources: dict[str, str] = field(default_factory=dict)


# -- collecting ------------------------------------------------------------------------------
def collect(
    paths: Sequence[Path | str],
    *,
    include_rejected: bool = False,
    all_items: bool = False,
    sources: bool = False,
    coders: Collection[str] | None = None,
) -> Export:
    """Every annotation of every coder below `paths` (of `coders` only, when given: a gold
    standard, say), in the stable order; the items a coder rejected only with
    `include_rejected`; with `all_items`, a row (no coder) for each item of an article none of
    them coded; with `sources`, the text of each article."""
    study = load_study(paths)
    if coders is not None:
        study = _of_coders(study, coders)
    root = export_root(paths)
    entries = sorted(
        ((article_label(entry.article, root), entry) for entry in study.articles),
        key=lambda pair: PurePosixPath(pair[0]).parts,
    )
    export = Export(
        variables=variable_order(e for _, e in entries),
        depths=variable_depths(e for _, e in entries),
        warnings=study.problems,
    )
    for label, entry in entries:
        for codes in entry.coders:
            if codes.stored.codebook is not None:
                export.codebooks.setdefault(codes.stored.codebook, []).append(str(codes.path))
        current = _CurrentItems(entry.article, label, export.warnings, entry.current, entry.source)
        if sources and current.readable:
            export.sources[label] = current.source
        export.coded += _article_codes(
            label, entry, current, export.warnings, include_rejected, all_items
        )
    return export


def study_codebook(export: Export) -> Codebook:
    """The one codebook every sidecar was coded with, or CodebookError naming two sidecars
    coded with different ones (a project or codebook file holds one codebook)."""
    if not export.codebooks:
        raise CodebookError("no sidecar says which codebook it was coded with")
    if len(export.codebooks) > 1:
        (_, [one, *_]), (_, [other, *_]) = list(export.codebooks.items())[:2]
        raise CodebookError(f"{one} and {other} were coded with different codebooks")
    return next(iter(export.codebooks))


def _of_coders(study: Study, coders: Collection[str]) -> Study:
    """The study with only `coders`' sidecars (and the articles they have one for); a problem
    for each of them who has none."""
    missing = [
        f"no sidecar of coder {name!r} was found" for name in coders if name not in study.coders
    ]
    articles = [
        replace(a, coders=[c for c in a.coders if c.coder in coders]) for a in study.articles
    ]
    return Study([a for a in articles if a.coders], [*study.problems, *missing])


def export_root(paths: Iterable[Path | str]) -> Path | None:
    """The deepest folder holding every path given (None: there is none, e.g. two drives)."""
    folders = [_absolute(p) if Path(p).is_dir() else _absolute(p).parent for p in paths]
    try:
        return Path(os.path.commonpath(folders)) if folders else None
    except ValueError:
        return None


def article_label(article: Path, root: Path | None) -> str:
    """The article's path as the export names it: relative to `root`, else as given."""
    if root is not None:
        try:
            return file_name(_absolute(article).relative_to(root).as_posix())
        except ValueError:
            pass
    return file_name(article.as_posix())


def _absolute(path: Path | str) -> Path:
    """Absolute and without `..`, but symbolic links kept, so labels stay as the user sees."""
    return Path(os.path.normpath(Path(path).absolute()))


def variable_order(entries: Iterable[StudyArticle]) -> list[str]:
    """Codebook variables in codebook order, first codebook first; then any others used."""
    codebooks: dict[str, None] = {}
    used: dict[str, None] = {}
    for entry in entries:
        for codes in entry.coders:
            if codes.stored.codebook is not None:
                codebooks.update((var.name, None) for var in codes.stored.codebook.variables)
            for annotation in codes.stored.annotations.values():
                used.update((name, None) for name in annotation.tags)
    return [*codebooks, *(name for name in used if name not in codebooks)]


def variable_depths(entries: Iterable[StudyArticle]) -> dict[str, int]:
    """The variables whose values have children in some codebook, and their most levels."""
    depths: dict[str, int] = {}
    for entry in entries:
        for codes in entry.coders:
            for var in codes.stored.codebook.variables if codes.stored.codebook else ():
                if var.depth > 1 and not var.typed:
                    depths[var.name] = max(var.depth, depths.get(var.name, 1))
    return depths


def _article_codes(
    label: str,
    entry: StudyArticle,
    current: _CurrentItems,
    warnings: list[str],
    rejected: bool,
    all_items: bool,
) -> list[Coded]:
    source = entry.article.resolve().as_uri()
    coded: list[Coded] = []
    seen: set[str] = set()  # items some coder coded, noted, corrected or rejected
    for codes in sorted(entry.coders, key=lambda c: c.coder):
        _check_sidecar(codes, entry.article, warnings)
        paths = Paths.of(codes.stored.codebook)
        records = {record.id: record for record in codes.stored.records}
        for item_id, annotation in codes.stored.annotations.items():
            seen.add(item_id)
            if annotation.rejected and not rejected:
                continue
            item = current.get(item_id, annotation.unit)
            item = item or _from_record(records[item_id], current.readable)
            if item_id in codes.stored.approximate and item.status == "found":
                item = replace(item, status="approximate")
            coded.append(Coded(label, source, codes.coder, item, annotation, paths))
    if all_items and current.readable:  # "seen, not coded", told from "not in the article"
        for item_id in current.ids - seen:
            fields = current.get(item_id)
            assert fields is not None
            coded.append(Coded(label, source, "", fields, EMPTY))
    coded.sort(key=lambda c: (c.item.sort_key(), c.coder))
    if current.readable and (
        gone := sorted({c.item.id for c in coded if c.item.status == "orphan"})
    ):
        warnings.append(
            f"{label}: {len(gone)} coded item(s) are no longer in the article "
            f"({', '.join(gone[:3])}{', …' if len(gone) > 3 else ''}); exported as the "
            "sidecar recorded them"
        )
    return coded


def _check_sidecar(codes: CoderCodes, article: Path, warnings: list[str]) -> None:
    named = codes.stored.article_file
    if named and named != file_name(article.name):
        warnings.append(f"{codes.path}: holds the codes of {named!r}, not of {article.name!r}")


class _CurrentItems:
    """The article's items as it is now, read once; fields built only for the coded ones."""

    def __init__(
        self,
        path: Path,
        label: str,
        warnings: list[str],
        article: Article | None = None,
        source: Source | None = None,
    ) -> None:
        self.source = ""
        self.article: Article | None = None
        self.items: dict[str, tuple[int, Item]] = {}
        self._built: dict[str, ItemFields] = {}
        self.readable = True
        try:
            # What the study already read or analysed is not read again.
            if article is None:
                article = article_from_source(source) if source else load_article(path)
        except ArticleError as exc:
            self.readable = False
            warnings.append(f"{label}: {exc}; item fields taken from the sidecars")
            return
        self.source = article.source
        self.article = article
        self.items = {item.id: (n, item) for n, item in enumerate(article.items)}

    @property
    def ids(self) -> set[str]:
        return set(self.items)

    def get(self, item_id: str, unit: Unit | None = None) -> ItemFields | None:
        """The item's fields now; with a coder's `unit`, as that coder added or corrected it."""
        if item_id == ARTICLE_ID and self.article is not None:  # coded on the article itself
            title = article_item(self.article).text
            return ItemFields(item_id, "article", *(None,) * 5, title, None, -1)
        found = self.items.get(item_id)
        if unit is not None and self.article is not None and unit.start >= 0:
            detected = found[1] if found else None
            item = unit_item(self.article, item_id, unit, detected)
            # Among the detected items, where its words begin (ties: by its start).
            at = (
                found[0]
                if found
                else sum(1 for _, i in self.items.values() if i.span[0] <= unit.start)
            )
            return self._fields(item, at, unit.origin)
        if found is None:
            return None
        if item_id not in self._built:
            n, item = found
            self._built[item_id] = self._fields(item, n, "detected")
        return self._built[item_id]

    def _fields(self, item: Item, position: int, origin: str) -> ItemFields:
        quote = Quote(**quote_selector(self.source, *anchor(item)))
        values = (item.kind, item.platform, item.handle, item.author, item.date, item.url)
        return ItemFields(item.id, *values, item.text, quote, position, origin)


def _from_record(record: Record, readable: bool) -> ItemFields:
    """An item's fields as its sidecar record wrote them (the article lost it or is unreadable)."""
    found = record.quote
    quote = None
    if found is not None and found.start is not None and found.end is not None:
        quote = Quote(found.exact, found.prefix, found.suffix, found.start, found.end)
    unit = record.annotation.unit
    return ItemFields(
        record.id,
        record.kind or "",
        record.platform,
        record.handle,
        record.author,
        record.date,
        record.url,
        quote.exact if quote else "",
        quote,
        None,
        unit.origin if unit else "detected",
        "orphan" if readable else "",  # (unreadable: where it is cannot be told)
    )
