"""The items as a coder corrected them: the detector's, with the coder's own versions applied.

A coder's `Unit` (see `annotations`) replaces the detected item it corrects, or stands as an
item of its own when they added it; the list is kept in article order. The checks a new item's
words must pass are here too, so the command line and the reader word them alike.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from readertui.annotations import FIELDS, Annotations, Unit
from readertui.document import ARTICLE_ID, Article, Item

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HANDLE = re.compile(r"[\w.\-]+(?:@[\w.\-]+)?")


def corrected_items(article: Article, state: Annotations) -> list[Item]:
    """The article's items with the coder's versions in `state` applied, in article order."""
    units = {item_id: a.unit for item_id, a in state.items() if a.unit is not None}
    if not units:
        return list(article.items)
    items = []
    for item in article.items:
        unit = units.pop(item.id, None)
        items.append(item if unit is None else unit_item(article, item.id, unit, item))
    items += [
        unit_item(article, item_id, unit, None)
        for item_id, unit in units.items()
        if unit.origin == "added"
    ]
    items.sort(key=lambda item: item.span[0])  # stable: the detector's order among equals
    return items


def article_item(article: Article) -> Item:
    """The article itself as an item, for its article-level variables: named by its first
    heading (else its first line, else its file)."""
    blocks = article.blocks
    first = next((b for b in blocks[:50] if b.kind == "heading"), blocks[0] if blocks else None)
    words = article.display[first.start : min(first.end, first.start + 400)] if first else ""
    title = " ".join(words.split())[:200] or article.path.name
    return Item(
        kind="article",
        platform=None,
        author=None,
        handle=None,
        date=None,
        url=None,
        text=title,
        start=None,
        end=None,
        span=(0, 0),
        form="article",
        id=ARTICLE_ID,
    )


def unit_item(article: Article, item_id: str, unit: Unit, detected: Item | None) -> Item:
    """The item a coder's unit stands for (`detected`: the item it corrects)."""
    a, b = article.srcmap.display_span(unit.start, unit.end)
    text = " ".join(article.display[a:b].split())
    span = (unit.start, unit.end)
    if detected is not None and (detected.start, detected.end) == span:
        span = detected.span  # only fields corrected: still highlighted whole
    return Item(
        kind=unit.kind,
        platform=unit.platform,
        author=unit.author,
        handle=unit.handle,
        date=unit.date,
        url=unit.url,
        text=text,
        start=unit.start,
        end=unit.end,
        span=span,
        form=detected.form if detected is not None else "added",
        id=item_id,
    )


def unit_of(item: Item, origin: str) -> Unit:
    """An item as a unit, to be corrected (`origin`: "edited" for a detected one)."""
    start, end = (item.start, item.end) if item.start is not None else item.span
    assert end is not None
    return Unit(
        origin, item.kind, start, end, item.platform, item.author, item.handle, item.date, item.url
    )


def selection_problem(
    article: Article, items: Sequence[Item], start: int, end: int, own: str | None = None
) -> str | None:
    """Why source range [start, end) cannot be an item's words (None: it can). `own`: the
    item being corrected, whose own words it may overlap."""
    if end <= start:
        return "Nothing is selected: v starts a selection, and moves extend it."
    if not article.source[start:end].strip():
        return "The selection holds only spaces: select the item's words."
    for item in items:
        if item.id == own:
            continue
        a, b = item.span
        inside, around = a <= start and end <= b, start <= a and b <= end
        if a < end and start < b and not (inside or around):
            who = f"@{item.handle}" if item.handle else (item.author or "another item")
            return f"The selection crosses {who}'s item: select within it, or around it whole."
    return None


def new_item_id(article: Article, start: int, end: int, taken: Callable[[str], bool]) -> str:
    """An id for an added item: from its words and place, numbered if that is taken."""
    digest = hashlib.sha256(f"{start}:{end}:{article.source[start:end]}".encode()).hexdigest()
    base = f"added-{digest[:10]}"
    ident, n = base, 1
    while taken(ident):
        n += 1
        ident = f"{base}-{n}"
    return ident


def with_fields(unit: Unit, fields: Mapping[str, str | None]) -> Unit:
    """`unit` with the fields given (empty text: none; a handle without its `@`)."""
    unknown = set(fields) - set(FIELDS)
    assert not unknown, unknown
    given: dict[str, Any] = {name: (value or "").strip() or None for name, value in fields.items()}
    if given.get("handle"):
        given["handle"] = given["handle"].lstrip("@") or None
    return replace(unit, **given)


def fields_problem(fields: Mapping[str, str | None]) -> str | None:
    """Why fields a coder typed cannot be saved (None: they can), in one line: what the
    sidecar's schema and every export promise of them."""
    date, url = (fields.get("date") or "").strip(), (fields.get("url") or "").strip()
    handle = (fields.get("handle") or "").strip().lstrip("@")
    if date and not _DATE.fullmatch(date):
        return f"Date {date!r}: write it as YYYY-MM-DD (2025-07-19), or leave it empty."
    if url and not url.lower().startswith(("http://", "https://")):
        return f"URL {url!r}: only http:// and https:// addresses are kept."
    if handle and not _HANDLE.fullmatch(handle):
        return f"Handle {handle!r}: a handle has no spaces (user, or user@server.social)."
    if any(not (v or "").isprintable() for v in fields.values()):
        return "A field holds a line break or a control character: one line each."
    return None


def corrected_unit(
    article: Article,
    items: Sequence[Item],
    item: Item,
    current: Unit | None,
    span: tuple[int | None, int | None],
    fields: Mapping[str, str | None],
    kind: str | None = None,
) -> Unit | str | None:
    """`item` (whose coder's version is `current`) with its words moved to `span` (None: where
    they are), its `kind` (None: as it is) and `fields` corrected: the unit to keep (None: the
    detector's item as it was), or why it cannot be."""
    unit = current or unit_of(item, "edited")
    start = unit.start if span[0] is None else span[0]
    end = unit.end if span[1] is None else span[1]
    if (start, end) != (unit.start, unit.end):
        problem = selection_problem(article, items, start, end, own=item.id)
        if problem is None and not (start < item.span[1] and item.span[0] < end):
            problem = "The selection is not on this item: select within or around its words."
        if problem is not None:
            return problem
    new = with_fields(replace(unit, start=start, end=end, kind=kind or unit.kind), fields)
    if new.origin == "edited":
        detected = next((i for i in article.items if i.id == item.id), None)
        if detected is not None and new == unit_of(detected, "edited"):
            return None  # back to what the detector found
    return new


def suggested_fields(article: Article, start: int, end: int) -> tuple[str, dict[str, str | None]]:
    """What display range [start, end) or the lines after it say about the item it would be:
    its likely kind, and the fields an attribution (`— Name (@handle) Date`) or the
    detector's speaker give."""
    from readertui.detect.attribution import find_attributions
    from readertui.detect.quotes import speaker_of
    from readertui.platforms import platform_of_handle

    text = article.display
    # Its own attribution: in the words, or right after them (on the same or the next line).
    signed = next(find_attributions(text, start, min(len(text), end + 200)), None)
    if signed is not None and signed.start < end + 40:
        end = max(end, signed.end)  # its date may link to the post
        return "post", _savable(
            platform=platform_of_handle(signed.handle),
            author=signed.author,
            handle=signed.handle,
            date=signed.date,
            url=signed.url or _link_in(article, start, end),
        )
    speaker = speaker_of(article, start, end)
    quoted = start > 0 and text[start - 1] in '"“‘«„'
    kind = "quote" if speaker or quoted else "span"
    return kind, _savable(author=speaker, url=_link_in(article, start, end))


def _savable(**fields: str | None) -> dict[str, str | None]:
    """The suggested fields a coder could save as they are (an item is added with them at
    once); any other is left empty."""
    return {name: v if fields_problem({name: v}) is None else None for name, v in fields.items()}


def _link_in(article: Article, start: int, end: int) -> str | None:
    """The first link in the range that is a post's address (not a picture's, a profile's)."""
    from readertui.platforms import parse_post_url

    links = article.links  # in article order: the ones in the range found by bisection
    first = bisect_left(links, start, key=lambda link: link.start)
    for link in itertools.islice(links, first, None):
        if link.start >= end:
            break
        if parse_post_url(link.href) is not None:
            return link.href
    return None
