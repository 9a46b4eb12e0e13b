"""One annotation as a sidecar holds it, parsed once: its item, where it is anchored, its codes.

A record is checked where it is read (`parse_record`): its id, codes and note must be sound or
the file is refused as damaged; the item's other fields and its quote are taken when they are
of the right type and left out when not (a hand-edited file), never re-checked after. The
record as written (`raw`) travels with it: codes kept for an item the article no longer has are
written back byte for byte, fields readertui does not know included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from readertui.annotations import FIELDS, KINDS, ORIGINS, Annotation, Unit


class SidecarError(Exception):
    """A sidecar that cannot be read; it must be left exactly as it is."""


@dataclass(frozen=True, slots=True)
class Quote:
    """Where the item was: the W3C text quote selector, and the position one when sound."""

    exact: str
    prefix: str
    suffix: str
    start: int | None  # offsets into the article as it was; None: not usable
    end: int | None


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    kind: str | None  # "post" or "quote"
    platform: str | None
    handle: str | None
    author: str | None  # a post's author, a quotation's speaker
    date: str | None
    url: str | None
    quote: Quote | None
    annotation: Annotation
    raw: Mapping[str, Any]  # as written

    def moved(self, item_id: str) -> Record:
        """This record under another id (the item it was found on), the rest as written."""
        item = self.raw.get("post")
        raw = {**self.raw, "post": {**(item if isinstance(item, dict) else {}), "id": item_id}}
        return replace(self, id=item_id, raw=raw)


def parse_record(record: object, where: str) -> Record:
    """A sidecar's or a journal line's record, or SidecarError saying what is wrong with it."""
    if not isinstance(record, dict):
        raise SidecarError(f"{where} is damaged: not an object")
    item = record.get("post")
    item_id = item.get("id") if isinstance(item, dict) else None
    if not isinstance(item_id, str) or not item_id:
        raise SidecarError(f"{where} is damaged: no post id")
    tags = record.get("tags", {})
    if not isinstance(tags, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
        for k, v in tags.items()
    ):
        raise SidecarError(f"{where} is damaged: tags must map variables to lists of values")
    note = record.get("note", "")
    if not isinstance(note, str):
        raise SidecarError(f"{where} is damaged: note is not text")
    rejected = record.get("rejected", False)
    if not isinstance(rejected, bool):
        raise SidecarError(f"{where} is damaged: 'rejected' is not true or false")
    assert isinstance(item, dict)
    quote = _quote(record.get("quote"))
    created, modified = record.get("created", ""), record.get("modified", "")
    annotation = Annotation(
        tags=MappingProxyType({k: tuple(v) for k, v in tags.items() if v}),
        note=note,
        created=created if isinstance(created, str) else "",
        modified=modified if isinstance(modified, str) else "",
        rejected=rejected,
        unit=_unit(record.get("origin"), item, quote, where),
    )
    return Record(
        item_id,
        kind=_text(item, "kind"),
        platform=_text(item, "platform"),
        handle=_text(item, "handle"),
        author=_text(item, "author"),
        date=_text(item, "date"),
        url=_text(item, "url"),
        quote=quote,
        annotation=annotation,
        raw=record,
    )


def _unit(origin: object, item: Mapping[str, Any], quote: Quote | None, where: str) -> Unit | None:
    """The coder's own version of the item, for a record of an added or corrected item: its
    kind must be known and its words quoted (they are what finds it again)."""
    if origin is None:
        return None
    if origin not in ORIGINS:
        raise SidecarError(f"{where} is damaged: unknown origin {origin!r}")
    kind = item.get("kind")
    if kind not in KINDS:
        raise SidecarError(f"{where} is damaged: an {origin} item of unknown kind {kind!r}")
    if quote is None or not quote.exact.strip():
        raise SidecarError(f"{where} is damaged: an {origin} item without its words")
    start = quote.start if quote.start is not None else -1  # found by its words
    end = quote.end if quote.end is not None else -1
    fields = {name: _text(item, name) for name in FIELDS}
    return Unit(str(origin), str(kind), start, end, **fields)


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _quote(raw: object) -> Quote | None:
    """A recorded quote selector, if its text is there (a hand-edited file may lack it)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("exact"), str):
        return None
    start, end = _offset(raw.get("start")), _offset(raw.get("end"))
    if start is None or end is None or end < start:
        start = end = None
    prefix, suffix = raw.get("prefix", ""), raw.get("suffix", "")
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        return None
    return Quote(raw["exact"], prefix, suffix, start, end)


def _offset(value: object) -> int | None:
    if type(value) is not int or value < 0:
        return None
    return value
