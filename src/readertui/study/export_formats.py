"""Writing a study's codes out: CSV (long or wide), JSON Lines and W3C Web Annotation.

The rows and records come from `export.collect` (see its docstring for the choices that keep
files from different studies and runs comparable). CSV cells a spreadsheet would run as
formulas are neutralised unless asked not to (OWASP, "CSV Injection").
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from readertui.study.export import ITEM_COLUMNS, Coded, Export, ExportFormat
from readertui.textsafe import json_safe

#: Joins several values of a variable in a wide row (never inside a value: names hold no space).
JOINER = "; "
#: Annotation ids are uuid5(NAMESPACE, f"{article}\n{coder}\n{item id}").
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "readertui:annotation")
#: What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")
_UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: How every CSV and JSON Lines export begins (a W3C one names its context and label first).
EXPORT_STARTS = (b"article,item_id,", b'{"article": ')
LONG_COLUMNS = (
    *("article", *ITEM_COLUMNS, "coder", "rejected"),
    *("variable", "value", "path", "note"),
)
#: Joins a hierarchical value's path, broadest first (never inside a name: names hold no space).
PATH_JOINER = " > "


# -- warnings about the format chosen ---------------------------------------------------------
def format_warnings(export: Export, fmt: ExportFormat, wide: bool = False) -> list[str]:
    """Codes the chosen format cannot write unambiguously (only hand-edited sidecars have them)."""
    if fmt == "csv" and wide:
        values = {v for c in export.coded for vs in c.annotation.tags.values() for v in vs}
        clash = sorted(v for v in values if JOINER in v)
        return [f"value {v!r} holds {JOINER!r}: in --wide it reads as several" for v in clash]
    if fmt == "csv":
        found = {v for c in export.coded for var, v in c.pairs(export.variables) if c.path(var, v)}
        clash = sorted(v for v in found if PATH_JOINER in v)
        return [
            f"value {v!r} holds {PATH_JOINER!r}: its path reads as several levels" for v in clash
        ]
    if fmt == "w3c":
        clash = sorted(var for var in export.variables if ":" in var)
        return [f"variable {v!r} holds ':': its tags 'variable:value' are ambiguous" for v in clash]
    return []


# -- formats -----------------------------------------------------------------------------------
def render(export: Export, fmt: ExportFormat, wide: bool = False, raw_cells: bool = False) -> bytes:
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
        head = [c.article, *c.item.cells(), c.coder, _flag(c.annotation.rejected)]
        for variable, value in c.pairs(export.variables) or [("", "")]:
            path = c.path(variable, value) if variable else None
            yield [*head, variable, value, PATH_JOINER.join(path or ()), c.annotation.note]


def _levels(export: Export, variable: str) -> range:
    """The levels a variable gets a wide column each for (none unless it is hierarchical)."""
    return range(1, export.depths[variable] + 1) if variable in export.depths else range(0)


def wide_columns(export: Export) -> list[str]:
    """Item columns, one per variable (a hierarchical one's followed by one per level,
    `actor_level1` the broadest), then note; a variable named like a column gets `code_`."""
    taken = {"article", *ITEM_COLUMNS, "coder", "rejected", "note"}
    names = []
    for variable in export.variables:
        for name in (variable, *(f"{variable}_level{n}" for n in _levels(export, variable))):
            while name in taken:
                name = f"code_{name}"
            taken.add(name)
            names.append(name)
    return ["article", *ITEM_COLUMNS, "coder", "rejected", *names, "note"]


def wide_rows(export: Export) -> Iterator[list[str]]:
    """One row per article x item x coder; several values of a variable joined by JOINER; a
    hierarchical variable's level columns hold the values' categories at that level (a value
    chosen at a broader level leaves the deeper ones empty)."""
    for c in export.coded:
        codes = []
        for variable in export.variables:
            values = c.annotation.values(variable)
            codes.append(JOINER.join(values))
            paths = [c.path(variable, value) or () for value in values]
            for level in _levels(export, variable):
                at = (path[level - 1] for path in paths if len(path) >= level)
                codes.append(JOINER.join(dict.fromkeys(at)))
        rejected = _flag(c.annotation.rejected)
        yield [c.article, *c.item.cells(), c.coder, rejected, *codes, c.annotation.note]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def jsonl_record(c: Coded, variables: Sequence[str]) -> dict[str, Any]:
    tags = {v: list(c.annotation.values(v)) for v in variables if c.annotation.values(v)}
    paths = {v: [c.path(v, value) for value in values] for v, values in tags.items()}
    return {
        "article": c.article,
        **c.item.to_json(),
        "coder": c.coder,
        "rejected": c.annotation.rejected,
        "tags": tags,
        "paths": {v: [list(p) for p in found if p] for v, found in paths.items() if all(found)},
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
        if utc_time(stamp):  # the model allows only xsd:dateTime in UTC ("Z")
            annotation[key] = stamp
    annotation["body"] = body
    annotation["target"] = _target(c)
    return annotation


def utc_time(stamp: str) -> bool:
    """Whether `stamp` is an xsd:dateTime in UTC, as sidecars write them (`…T03:04:05Z`)."""
    return _UTC_TIME.match(stamp) is not None


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
