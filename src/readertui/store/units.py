"""Finding a coder's own items again: the ones they added, and detected ones they corrected.

A corrected or added item is anchored by its own words (the record's quote selector), not by
what the detector finds: its words are looked for where they were, else anywhere in the
article (several hits told apart by the context before and after them, then by distance from
where they were). An added item is then where its words are. A corrected item goes back onto
the detected item its words overlap most (the same kind, not already claimed by another
record), so its codes and its identity stay together; when the detector no longer finds any
item there, it is an orphan, kept and listed like any other.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from readertui.document import Article, Item
from readertui.store.records import Record
from readertui.store.sidecar import anchor

#: Occurrences of a quote compared at most (a short quote in a long article).
MAX_HITS = 1000


@dataclass(frozen=True, slots=True)
class PlacedUnits:
    placed: dict[str, Record]  # item id -> the record, its unit at its current offsets
    exact: dict[str, bool]  # item id -> found where it was (False: found elsewhere)
    orphans: list[Record]
    problems: list[str]  # what makes the file untrustworthy (the sidecar opens read-only)


def place_units(
    records: Sequence[Record], article: Article, unchanged: bool, taken: Collection[str]
) -> PlacedUnits:
    """Place each record that holds a coder's own item (`annotation.unit`); `taken`: the
    detected items other records already went to."""
    placed: dict[str, Record] = {}
    exact: dict[str, bool] = {}
    orphans: list[Record] = []
    problems = _problems(records, article) if unchanged else []
    claimed = set(taken)
    for record in records:
        found = locate(record, article.source)
        unit = record.annotation.unit
        assert unit is not None
        if found is None:
            orphans.append(record)
            continue
        (start, end), where = found
        moved = replace(record.annotation, unit=replace(unit, start=start, end=end))
        item_id = record.id
        if unit.origin == "edited":
            item = _overlapping(article.items, unit.kind, start, end, claimed, record.id)
            if item is None:
                orphans.append(record)
                continue
            item_id = item.id
        elif item_id in claimed:  # (an added id is the coder's own: only a copied file)
            orphans.append(record)
            continue
        claimed.add(item_id)
        placed[item_id] = replace(record.moved(item_id), annotation=moved)
        exact[item_id] = where
    return PlacedUnits(placed, exact, orphans, problems)


def locate(record: Record, source: str) -> tuple[tuple[int, int], bool] | None:
    """Where the record's words are in `source` (and whether that is where they were), or
    None. Linear: at most MAX_HITS occurrences are compared, each on its context alone."""
    quote = record.quote
    if quote is None or not quote.exact:
        return None
    exact = quote.exact
    if quote.start is not None and source[quote.start : quote.start + len(exact)] == exact:
        return (quote.start, quote.start + len(exact)), True
    hits: list[int] = []
    at = source.find(exact)
    while at >= 0 and len(hits) < MAX_HITS:
        hits.append(at)
        at = source.find(exact, at + 1)
    if not hits:
        return None
    expected = quote.start if quote.start is not None else 0

    def score(hit: int) -> tuple[int, int]:
        before = source[max(0, hit - len(quote.prefix)) : hit]
        after = source[hit + len(exact) : hit + len(exact) + len(quote.suffix)]
        context = _common_suffix(before, quote.prefix) + _common_prefix(after, quote.suffix)
        return context, -abs(hit - expected)

    best = max(hits, key=score)
    return (best, best + len(exact)), False


def _overlapping(
    items: Sequence[Item], kind: str, start: int, end: int, claimed: Collection[str], own: str
) -> Item | None:
    """The detected item of `kind` that [start, end) overlaps most, not yet claimed (its own
    former item first, when it is still there)."""
    best, most = None, 0
    for item in items:
        if item.kind != kind or item.id in claimed:
            continue
        a, b = anchor(item)
        shared = min(b, end) - max(a, start)
        if item.id == own and shared > 0:
            return item
        if shared > most:
            best, most = item, shared
    return best


def _problems(records: Sequence[Record], article: Article) -> list[str]:
    """For the article the file was written for: corrections out of its range, or two of them
    over the same words."""
    problems = []
    length = len(article.source)
    spans = []
    for record in records:
        unit = record.annotation.unit
        assert unit is not None
        if unit.start < 0 and unit.end < 0:
            continue  # no positions: found by its words
        if not 0 <= unit.start < unit.end <= length:
            problems.append(f"the {unit.origin} item {record.id!r} is outside the article")
        else:
            spans.append((unit.start, unit.end, record.id))
    spans.sort()
    reach, last = -1, ""
    for start, end, ident in spans:
        if start < reach:
            problems.append(f"the corrected items {last!r} and {ident!r} overlap")
        if end > reach:
            reach, last = end, ident
    return problems


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n
