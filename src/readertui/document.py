"""The article model: readable text, where each piece of it came from, and what was found in it.

Every format is turned into one `Article`: a *display* text (what a reader sees: Markdown and HTML
rendered, plain text as written) with a `SourceMap` back to offsets in the *source* text (what is
on disk). Blocks, containers (blockquotes, embeds), links and styles are ranges of the display
text. Detected posts carry source offsets, so annotations survive any change in rendering.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

from readertui.source import Format


class SourceMap:
    """Maps display offsets to source offsets and back.

    Built from segments `(display_start, source_start, display_len, source_len)`. A segment whose
    two lengths are equal maps character by character (verbatim text); otherwise it maps as one
    unit (an entity `&amp;` shown as `&`, a space standing for a run of whitespace). Display
    characters outside every segment were added by rendering (bullets, separators) and map to
    the nearest source position. Both offsets grow monotonically, so lookups bisect.
    """

    __slots__ = (
        "_closers", "_dlen", "_dstart", "_next_d", "_next_s", "_openers", "_slen", "_sstart"
    )  # fmt: skip

    def __init__(self) -> None:
        self._dstart = array("q")
        self._sstart = array("q")
        self._dlen = array("q")
        self._slen = array("q")
        # Markup that opens or closes a construct around display text (`[`, `](url)`, `**`):
        # a span starting or ending exactly there takes the markup in, as the source wrote it.
        self._openers: dict[int, int] = {}
        self._closers: dict[int, int] = {}
        self._next_d = self._next_s = -1

    def add_opener(self, display: int, source: int) -> None:
        """Markup starting at `source` opens a construct whose text starts at `display`."""
        self._openers[display] = min(source, self._openers.get(display, source))

    def add_closer(self, display: int, source: int) -> None:
        """Markup ending at `source` closes a construct whose text ends at `display`."""
        self._closers[display] = max(source, self._closers.get(display, source))

    def add(self, dstart: int, sstart: int, dlen: int, slen: int) -> None:
        """Append a segment; contiguous verbatim segments are merged to keep the map small."""
        if dlen <= 0:
            return
        if dlen == slen and dstart == self._next_d and sstart == self._next_s:
            i = len(self._dlen) - 1
            self._dlen[i] += dlen
            self._slen[i] += slen
        else:
            self._dstart.append(dstart)
            self._sstart.append(sstart)
            self._dlen.append(dlen)
            self._slen.append(slen)
        # Where a verbatim segment would have to start to extend this one (-1: it cannot).
        self._next_d, self._next_s = (dstart + dlen, sstart + slen) if dlen == slen else (-1, -1)

    def __len__(self) -> int:
        return len(self._dstart)

    def segments(self, dstart: int, dend: int) -> Iterator[tuple[int, int, int, int]]:
        """The segments within display range [dstart, dend), verbatim ones clipped to it."""
        i = max(0, bisect_right(self._dstart, dstart) - 1)
        while i < len(self._dstart) and self._dstart[i] < dend:
            ds, ss, dl, sl = self._dstart[i], self._sstart[i], self._dlen[i], self._slen[i]
            i += 1
            if ds + dl <= dstart:
                continue
            if dl == sl:  # verbatim: clip to the range
                lo, hi = max(ds, dstart), min(ds + dl, dend)
                yield lo, ss + (lo - ds), hi - lo, hi - lo
            else:
                yield ds, ss, dl, sl

    def markup(self) -> Iterator[tuple[bool, int, int]]:
        """Every recorded opening (True) and closing (False) markup: (opens, display, source)."""
        for d, src in self._openers.items():
            yield True, d, src
        for d, src in self._closers.items():
            yield False, d, src

    def to_source(self, d: int) -> int:
        """The source offset of the character shown at display offset `d` (or just before it)."""
        return _point(self._dstart, self._dlen, self._sstart, self._slen, d)

    def to_display(self, s: int) -> int:
        """The display offset showing source offset `s`, or the next one shown after it."""
        return _point(self._sstart, self._slen, self._dstart, self._dlen, s)

    def source_span(self, dstart: int, dend: int) -> tuple[int, int]:
        """The source range that produced display range [dstart, dend), markup included."""
        start, end = _span(self._dstart, self._dlen, self._sstart, self._slen, dstart, dend)
        start = min(start, self._openers.get(dstart, start))
        end = max(end, self._closers.get(dend, end))
        return start, max(start, end)

    def display_span(self, sstart: int, send: int) -> tuple[int, int]:
        """The display range showing source range [sstart, send)."""
        return _span(self._sstart, self._slen, self._dstart, self._dlen, sstart, send)


# The map reads the same in both directions: `ks`/`kl` are the starts and lengths of the side
# looked up, `vs`/`vl` those of the side answered.
Arr: TypeAlias = "array[int]"


def _point(ks: Arr, kl: Arr, vs: Arr, vl: Arr, x: int) -> int:
    i = bisect_right(ks, x) - 1
    if i < 0:
        return vs[0] if vs else 0
    if x < ks[i] + kl[i]:
        return vs[i] + (x - ks[i]) if kl[i] == vl[i] else vs[i]
    return vs[i + 1] if i + 1 < len(vs) else vs[i] + vl[i]


def _span(ks: Arr, kl: Arr, vs: Arr, vl: Arr, x0: int, x1: int) -> tuple[int, int]:
    start = _point(ks, kl, vs, vl, x0)
    if x1 <= x0:
        return start, start
    i = bisect_right(ks, x1 - 1) - 1
    if i < 0:
        return start, start
    last = x1 - 1
    if last < ks[i] + kl[i]:
        end = vs[i] + (last - ks[i]) + 1 if kl[i] == vl[i] else vs[i] + vl[i]
    else:
        end = vs[i] + vl[i]  # the last character was added by rendering: end after the segment
    return start, max(start, end)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-like unit of the display text, for layout and for finding where posts start.

    `gap_before` counts the blank lines that separated it from the previous block in the source:
    scrapers keep line breaks inside a post as longer gaps than those between paragraphs.
    """

    kind: str  # paragraph, heading, code, list_item, table_row, rule, front_matter, html
    start: int
    end: int
    level: int = 0  # heading level, or list nesting depth
    quote_depth: int = 0
    container: int | None = None  # index of the innermost Container holding this block
    gap_before: int = 1


@dataclass(frozen=True, slots=True)
class Container:
    """A blockquote or embed element: the display range it covers and the attributes it had."""

    kind: str  # "blockquote" (Markdown or HTML), or the HTML tag of an embed (figure, iframe...)
    start: int
    end: int
    source_start: int
    source_end: int
    attrs: Mapping[str, str] = field(default_factory=dict)
    parent: int | None = None


@dataclass(frozen=True, slots=True)
class Link:
    start: int
    end: int
    href: str


@dataclass(frozen=True, slots=True)
class Style:
    start: int
    end: int
    name: str  # strong, em, code, link, strike, heading, html, image


#: The id of the article itself as an item: what article-level variables are coded on.
#: (Detected and added items' ids end in a hash, so none is ever this.)
ARTICLE_ID = "article"


@dataclass(frozen=True, slots=True)
class Item:
    """Something to code: an embedded post, or a direct quotation in the article's prose.

    `start`/`end` are source offsets of the post's own words (None when the embed carries none);
    `span` is the source range of the whole embed, attribution included, for highlighting.
    """

    kind: str  # post, quote, span (a coder's passage), or article (the article itself)
    platform: str | None
    author: str | None
    handle: str | None
    date: str | None
    url: str | None
    text: str
    start: int | None
    end: int | None
    span: tuple[int, int]
    form: str
    id: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "platform": self.platform,
            "author": self.author,
            "handle": self.handle,
            "date": self.date,
            "url": self.url,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "form": self.form,
        }


@dataclass(slots=True)
class Rendered:
    """A text as shown (Markdown and HTML rendered, plain text as written), its map back to
    the source, and its structure: ranges of the display text."""

    display: str
    srcmap: SourceMap
    blocks: list[Block]
    containers: list[Container]
    links: list[Link]
    styles: list[Style]
    warnings: list[str] = field(default_factory=list)
    #: Source ranges of page furniture (navigation, site header and footer, sidebars,
    #: comments) found while rendering HTML, for choosing a page's main content.
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    #: Source ranges of elements that mark an article (<article>, itemprop=articleBody...).
    articles: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Article(Rendered):
    """An article as read and rendered, with the posts and quotations found in it."""

    path: Path
    format: Format
    source: str
    sha256: str
    #: Embedded posts and direct quotations, in document order.
    items: list[Item] = field(default_factory=list)

    @property
    def posts(self) -> list[Item]:
        return [item for item in self.items if item.kind == "post"]

    @property
    def quotes(self) -> list[Item]:
        return [item for item in self.items if item.kind == "quote"]
