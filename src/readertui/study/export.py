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
- W3C: one AnnotationCollection with its one page embedded, the form the model gives for a
  complete set (Example 40). Codes are `TextualBody` tags, `variable:value`; the note is a
  `commenting` body. Ids are `urn:uuid:` uuid5s of article, coder and item id (`NAMESPACE`),
  so re-exporting the same study from the same folder gives the same ids.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from readertui.annotations import Annotation
from readertui.article import article_from_source, load_article
from readertui.document import Article, Item
from readertui.source import ArticleError, Source
from readertui.store import CoderCodes, anchor, quote_selector
from readertui.study.codes import StudyArticle, load_study
from readertui.textsafe import file_name, json_safe

Format = Literal["csv", "jsonl", "w3c"]
ITEM_COLUMNS = ("item_id", "kind", "platform", "handle", "author", "date", "url", "text")
LONG_COLUMNS = ("article", *ITEM_COLUMNS, "coder", "variable", "value", "note")
#: How every CSV and JSON Lines export begins (a W3C one names its context and label first).
EXPORT_STARTS = (b"article,item_id,", b'{"article": ')
#: Joins several values of a variable in a wide row (never inside a value: names hold no space).
JOINER = "; "
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Annotation ids are uuid5(NAMESPACE, f"{article}\n{coder}\n{item id}").
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "readertui:annotation")
#: What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")
_UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


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

    def cells(self) -> list[str]:
        """The item's CSV cells, in ITEM_COLUMNS order (absent fields empty)."""
        fields = (self.id, self.kind, self.platform, self.handle, self.author, self.date)
        return [value or "" for value in (*fields, self.url, self.text)]

    def to_json(self) -> dict[str, Any]:
        """The item's fields under their CSV column names (absent fields null)."""
        values = (self.id, self.kind, self.platform, self.handle, self.author, self.date)
        return dict(zip(ITEM_COLUMNS, (*values, self.url, self.text), strict=True))

    def sort_key(self) -> tuple[bool, int, int, str]:
        start = self.quote.start if self.quote else -1
        return self.position is None, self.position or 0, start, self.id


@dataclass(frozen=True, slots=True)
class Coded:
    """One coder's annotation of one item."""

    article: str  # relative to the export's folder, with '/'
    source: str  # the article file's URI
    coder: str
    item: ItemFields
    annotation: Annotation

    def pairs(self, variables: Sequence[str]) -> list[tuple[str, str]]:
        """(variable, value) for every value set, in `variables` order then value order."""
        return [(var, value) for var in variables for value in self.annotation.values(var)]


@dataclass(slots=True)
class Export:
    coded: list[Coded] = field(default_factory=list)
    #: Every variable of every codebook seen (and any other a sidecar uses), in order.
    variables: list[str] = field(default_factory=list)
    #: One line each: sidecars and articles that could not be used as they are.
    warnings: list[str] = field(default_factory=list)


# -- collecting ------------------------------------------------------------------------------
def collect(paths: Sequence[Path | str]) -> Export:
    """Every annotation of every coder below `paths`, in the stable order."""
    study = load_study(paths)
    root = export_root(paths)
    entries = sorted(
        ((article_label(entry.article, root), entry) for entry in study.articles),
        key=lambda pair: PurePosixPath(pair[0]).parts,
    )
    export = Export(variables=variable_order(e for _, e in entries), warnings=study.problems)
    for label, entry in entries:
        export.coded += _article_codes(label, entry, export.warnings)
    return export


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


def _article_codes(label: str, entry: StudyArticle, warnings: list[str]) -> list[Coded]:
    current = _CurrentItems(entry.article, label, warnings, entry.current, entry.source)
    source = entry.article.resolve().as_uri()
    coded: list[Coded] = []
    for codes in sorted(entry.coders, key=lambda c: c.coder):
        _check_sidecar(codes, entry.article, warnings)
        records = {record["post"]["id"]: record for record in codes.stored.records}
        for item_id, annotation in codes.stored.annotations.items():
            item = current.get(item_id) or _from_record(item_id, records.get(item_id, {}))
            coded.append(Coded(label, source, codes.coder, item, annotation))
    coded.sort(key=lambda c: (c.item.sort_key(), c.coder))
    if current.readable and (gone := sorted({c.item.id for c in coded} - current.ids)):
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
        self.items = {item.id: (n, item) for n, item in enumerate(article.items)}

    @property
    def ids(self) -> set[str]:
        return set(self.items)

    def get(self, item_id: str) -> ItemFields | None:
        found = self.items.get(item_id)
        if found is None:
            return None
        if item_id not in self._built:
            n, item = found
            quote = Quote(**quote_selector(self.source, *anchor(item)))
            self._built[item_id] = ItemFields(
                item.id,
                item.kind,
                item.platform,
                item.handle,
                item.author,
                item.date,
                item.url,
                item.text,
                quote,
                n,
            )
        return self._built[item_id]


def _from_record(item_id: str, record: Mapping[str, Any]) -> ItemFields:
    """An item's fields as its sidecar record wrote them (the article lost it or is unreadable)."""
    post = record.get("post")
    post = post if isinstance(post, dict) else {}
    quote = _quote(record.get("quote"))

    def text(key: str) -> str | None:
        value = post.get(key)
        return value if isinstance(value, str) else None

    return ItemFields(
        item_id,
        text("kind") or "",
        text("platform"),
        text("handle"),
        text("author"),
        text("date"),
        text("url"),
        quote.exact if quote else "",
        quote,
        None,
    )


def _quote(raw: object) -> Quote | None:
    """A recorded quote selector, if it is a sound one (sidecars may have been edited)."""
    if not isinstance(raw, dict):
        return None
    exact, start, end = raw.get("exact"), _offset(raw.get("start")), _offset(raw.get("end"))
    if not isinstance(exact, str) or start is None or end is None or end < start:
        return None
    prefix, suffix = raw.get("prefix"), raw.get("suffix")
    return Quote(
        exact,
        prefix if isinstance(prefix, str) else "",
        suffix if isinstance(suffix, str) else "",
        start,
        end,
    )


def _offset(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


# -- warnings about the format chosen ---------------------------------------------------------
def format_warnings(export: Export, fmt: Format, wide: bool = False) -> list[str]:
    """Codes the chosen format cannot write unambiguously (only hand-edited sidecars have them)."""
    if fmt == "csv" and wide:
        values = {v for c in export.coded for vs in c.annotation.tags.values() for v in vs}
        clash = sorted(v for v in values if JOINER in v)
        return [f"value {v!r} holds {JOINER!r}: in --wide it reads as several" for v in clash]
    if fmt == "w3c":
        clash = sorted(var for var in export.variables if ":" in var)
        return [f"variable {v!r} holds ':': its tags 'variable:value' are ambiguous" for v in clash]
    return []


# -- formats -----------------------------------------------------------------------------------
def render(export: Export, fmt: Format, wide: bool = False, raw_cells: bool = False) -> bytes:
    """The whole export in one format, as the UTF-8 bytes to write. CSV cells a spreadsheet
    would run as formulas are neutralised (see `spreadsheet_safe`) unless `raw_cells`."""
    if fmt == "csv":
        header, rows = (
            (wide_columns(export), wide_rows(export)) if wide else (LONG_COLUMNS, long_rows(export))
        )
        if not raw_cells:
            header = [spreadsheet_safe(cell) for cell in header]
            rows = ([spreadsheet_safe(cell) for cell in row] for row in rows)
        return csv_text(header, rows).encode("utf-8")
    if fmt == "jsonl":
        lines = (_dumps(jsonl_record(c, export.variables)) + "\n" for c in export.coded)
        return "".join(lines).encode("utf-8")
    return w3c_text(w3c_collection(export)).encode("utf-8")


def spreadsheet_safe(cell: str) -> str:
    """`cell` as a spreadsheet will show it and never run it: one that starts like a formula
    (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP recommends
    against CSV injection; plain numbers (`-2`, a tone scale's value) stay numbers."""
    if cell[:1] in _FORMULA_STARTS and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """RFC 4180 CSV: CRLF rows, fields with commas, quotes or line breaks quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # "\n" would leave a bare "\r" unquoted
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def long_rows(export: Export) -> Iterator[list[str]]:
    """One row per article x item x coder x variable x value (tidy); a bare note gets one."""
    for c in export.coded:
        head = [c.article, *c.item.cells(), c.coder]
        for variable, value in c.pairs(export.variables) or [("", "")]:
            yield [*head, variable, value, c.annotation.note]


def wide_columns(export: Export) -> list[str]:
    """Item columns, one per variable, then note; a variable named like a column gets `code_`."""
    taken = {"article", *ITEM_COLUMNS, "coder", "note"}
    names = []
    for variable in export.variables:
        name = variable
        while name in taken:
            name = f"code_{name}"
        taken.add(name)
        names.append(name)
    return ["article", *ITEM_COLUMNS, "coder", *names, "note"]


def wide_rows(export: Export) -> Iterator[list[str]]:
    """One row per article x item x coder; several values of a variable joined by JOINER."""
    for c in export.coded:
        codes = [JOINER.join(c.annotation.values(v)) for v in export.variables]
        yield [c.article, *c.item.cells(), c.coder, *codes, c.annotation.note]


def jsonl_record(c: Coded, variables: Sequence[str]) -> dict[str, Any]:
    tags = {v: list(c.annotation.values(v)) for v in variables if c.annotation.values(v)}
    return {
        "article": c.article,
        **c.item.to_json(),
        "coder": c.coder,
        "tags": tags,
        "note": c.annotation.note,
        "created": c.annotation.created,
        "modified": c.annotation.modified,
        "quote": c.item.quote.to_json() if c.item.quote else None,
    }


def annotation_id(c: Coded) -> str:
    """Stable across exports: the same article path, coder and item give the same id."""
    name = "\n".join((c.article, c.coder, c.item.id))
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def w3c_annotation(c: Coded, variables: Sequence[str]) -> dict[str, Any]:
    """One Web Annotation: codes as tags, the note as a comment, the item's text as target."""
    pairs = c.pairs(variables)
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": f"{var}:{value}"}
        for var, value in pairs
    ]
    if c.annotation.note:
        note = c.annotation.note
        body.append(
            {"type": "TextualBody", "purpose": "commenting", "value": note, "format": "text/plain"}
        )
    annotation: dict[str, Any] = {
        "id": annotation_id(c),
        "type": "Annotation",
        "motivation": "classifying" if pairs else "commenting",
        "creator": {"type": "Person", "nickname": c.coder},
    }
    for key in ("created", "modified"):
        stamp = getattr(c.annotation, key)
        if _UTC_TIME.match(stamp):  # the model allows only xsd:dateTime in UTC ("Z")
            annotation[key] = stamp
    annotation["body"] = body
    annotation["target"] = _target(c)
    return annotation


def _target(c: Coded) -> dict[str, Any] | str:
    quote = c.item.quote
    if quote is None:
        return c.source  # nothing recorded says where: the article as a whole
    return {
        "type": "SpecificResource",
        "source": c.source,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": quote.exact,
                "prefix": quote.prefix,
                "suffix": quote.suffix,
            },
            {"type": "TextPositionSelector", "start": quote.start, "end": quote.end},
        ],
    }


def w3c_collection(export: Export) -> dict[str, Any]:
    """An AnnotationCollection with its one AnnotationPage embedded (the model's Example 40)."""
    items = [w3c_annotation(c, export.variables) for c in export.coded]
    collection = uuid.uuid5(NAMESPACE, "\n".join(a["id"] for a in items))
    document: dict[str, Any] = {
        "@context": W3C_CONTEXT,
        "id": f"urn:uuid:{collection}",
        "type": "AnnotationCollection",
        "label": f"readertui codes: {len(items)} annotations",
        "total": len(items),
    }
    if items:  # a page must hold at least one annotation
        document["first"] = {
            "id": f"urn:uuid:{uuid.uuid5(collection, 'page 1')}",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        }
    return document


def w3c_text(document: dict[str, Any]) -> str:
    """The collection indented, but each annotation on one line: as readable, and as fast as
    compact JSON (an indented dump goes through the json module's slow pure-Python encoder)."""
    page = document.get("first")
    if page is None:
        return _dumps(document, indent=2) + "\n"
    frame = _dumps({**document, "first": {**page, "items": []}}, indent=2)
    items = ",\n      ".join(_dumps(annotation) for annotation in page["items"])
    return frame.replace('"items": []', f'"items": [\n      {items}\n    ]', 1) + "\n"


def _dumps(data: object, indent: int | None = None) -> str:
    """JSON keeping text readable; escaped (still exact): what a terminal would obey, and the
    line and paragraph separators that line-splitting readers take for line breaks."""
    text = json_safe(json.dumps(data, ensure_ascii=False, indent=indent))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
