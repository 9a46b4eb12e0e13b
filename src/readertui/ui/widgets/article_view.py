"""The article pane: the rendered article, wrapped once per width, drawn line by line.

A Line API widget (Textual's `ScrollView`): only the rows on screen are rendered, so a 5 MB
article scrolls as fast as a short one. Article text is data: each row is built as a Rich
`Text` from sanitised characters and styled by offsets, never parsed as markup.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from readertui.document import Article, Block
from readertui.textsafe import printable
from readertui.ui.widgets.framing import FramedRows, Framing

#: Inline styles shown, and the component class that draws each.
_INLINE = {
    "strong": "article--strong",
    "em": "article--em",
    "code": "article--code-inline",
    "link": "article--link",
    "strike": "article--strike",
    "image": "article--image",
}
_BLOCK_STYLES = {
    "heading": "article--heading",
    "front_matter": "article--front-matter",
    "code": "article--code",
    "rule": "article--rule",
}


class Row(NamedTuple):
    start: int  # display offsets of the characters on this row
    end: int
    block: int  # index of the block it belongs to, -1 for a blank separator
    depth: int  # blockquote depth: how many quote bars to draw


class _Rows:
    """Every row of the wrapped article, in flat arrays: a 5 MB article has ~100,000 rows,
    which as objects would take ten times the memory. A `Row` is made for rows on screen."""

    def __init__(self) -> None:
        self.starts = array("q")  # searched with bisect: the row showing an offset
        self._ends = array("q")
        self._blocks = array("q")
        self._depths = array("h")

    def append(self, start: int, end: int, block: int, depth: int) -> None:
        self.starts.append(start)
        self._ends.append(end)
        self._blocks.append(block)
        self._depths.append(depth)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> Row:
        return Row(self.starts[index], self._ends[index], self._blocks[index], self._depths[index])


class ArticleView(ScrollView, can_focus=True):
    """Shows an article; highlights one range (the selected post) and find matches."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article--heading",
        "article--front-matter",
        "article--code",
        "article--rule",
        "article--quote-bar",
        "article--strong",
        "article--em",
        "article--code-inline",
        "article--link",
        "article--strike",
        "article--image",
        "article--highlight",
        "article--match",
        "article--current-match",
    }
    DEFAULT_CSS = """
    ArticleView {
        padding: 0 1;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 0;
        & > .article--heading { text-style: bold; color: $accent; }
        & > .article--front-matter { color: $text-muted; }
        & > .article--code { color: $text-muted; background: $boost; }
        & > .article--rule { color: $text-muted; }
        & > .article--quote-bar { color: $primary; }
        & > .article--strong { text-style: bold; }
        & > .article--em { text-style: italic; }
        & > .article--code-inline { background: $boost; }
        & > .article--link { text-style: underline; color: $text-primary; }
        & > .article--strike { text-style: strike; }
        & > .article--image { text-style: italic; color: $text-muted; }
        & > .article--highlight { background: $accent 35%; }
        /* Matches differ from the selected item's tint by more than a hue, which a 256- or
           16-colour terminal may reduce to the same colour: reversed, the current one
           underlined on $warning. */
        & > .article--match { text-style: reverse; }
        & > .article--current-match {
            background: $warning; color: auto 90%; text-style: bold underline;
        }
    }
    """

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self._rows = _Rows()
        self._wrapped_for = -1
        self._block_starts = [b.start for b in article.blocks]
        self._style_starts = [s.start for s in article.styles]
        self.highlight: tuple[int, int] | None = None
        # Rows drawn without marks, by row index: most rows never change once drawn. The
        # framed ones carry the pane's padding and are what reaches the screen (framing.py).
        self._cache: dict[int, Strip] = {}
        self._frames: FramedRows[int, Strip] = FramedRows()
        self._styles: dict[str, Style] = {}  # component class -> style, for the current theme
        self._base = Style()
        self._width_now = 0
        self.matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self.current_match: int | None = None

    def notify_style_update(self) -> None:
        """A new theme or stylesheet: every cached row must be drawn again."""
        super().notify_style_update()
        self._cache.clear()
        self._frames.forget()
        self._styles.clear()

    # -- layout -----------------------------------------------------------------------------
    def on_resize(self) -> None:
        self._wrap(self.scrollable_content_region.width)
        # The first selection is shown before the pane has a size (nothing can scroll then),
        # and a new width moves it: bring it into view again.
        if self.highlight is not None:
            self._scroll_into_view(*self.highlight)

    def _wrap(self, width: int) -> None:
        width = max(width, 10)
        if width == self._wrapped_for:
            return
        top = self.top_offset()
        self._wrapped_for = width
        self._rows = rows = _Rows()
        text = self.article.display
        blocks = self.article.blocks
        pos = 0
        length = len(text)
        while pos <= length:
            nl = text.find("\n", pos)
            end = length if nl < 0 else nl
            # The block on this line: the last one starting by its end (a list item's block
            # starts after its bullet, "• ", which is on the line too).
            index = bisect_right(self._block_starts, end) - 1
            block = blocks[index] if index >= 0 and pos <= blocks[index].end else None
            if block is None or end == pos:
                depth = _separator_depth(blocks, index)
                rows.append(pos, pos, -1, depth)
            else:
                room = max(4, width - 2 * block.quote_depth)
                for a, b in _wrap_line(text, pos, end, room):
                    rows.append(a, b, index, block.quote_depth)
            if nl < 0:
                break
            pos = nl + 1
        self._cache.clear()
        self._frames.forget()
        self.virtual_size = Size(width, len(rows))
        self.scroll_to(y=self.row_of(top), animate=False)
        self.refresh()

    def top_offset(self) -> int:
        """The display offset of the first character on screen."""
        rows = self._rows
        return rows[min(int(self.scroll_offset.y), len(rows) - 1)].start if rows else 0

    def row_of(self, offset: int) -> int:
        """The row showing display offset `offset`."""
        return max(0, bisect_right(self._rows.starts, offset) - 1)

    # -- what to mark ----------------------------------------------------------------------
    def show(self, start: int, end: int) -> None:
        """Highlight display range [start, end) and scroll it into view."""
        highlight = (start, end) if end > start else None
        if highlight == self.highlight and highlight is not None:
            self._scroll_into_view(start, end)  # the same item (coded): nothing to repaint
            return
        before = self._rows_under(self.highlight)
        self.highlight = highlight
        if self._scroll_into_view(start, end):
            return  # scrolling repaints the whole pane
        # Most keys move the highlight within the page: repaint only the rows it leaves and
        # the rows it reaches (those on screen), not every row of the pane.
        top = int(self.scroll_offset.y)
        bottom = top + max(1, self.scrollable_content_region.height)
        for rows in (before, self._rows_under(highlight)):
            first, stop = max(rows.start, top), min(rows.stop, bottom)
            if first < stop:
                self.refresh_lines(first, stop - first)

    def set_matches(self, matches: list[tuple[int, int]], current: int | None) -> None:
        self.matches = matches
        self._match_starts = [m[0] for m in matches]
        self.current_match = current
        if current is not None:
            self._scroll_into_view(*matches[current])
        self.refresh()

    def _scroll_into_view(self, start: int, end: int) -> bool:
        """Scroll so that [start, end) shows, now (in the frame that shows the highlight);
        whether it scrolled."""
        if not self._rows:
            self._wrap(self.scrollable_content_region.width or 80)
        top = int(self.scroll_offset.y)
        target = self._top_showing(start, end)
        if target == top:
            return False
        self.scroll_to(y=target, animate=False, immediate=True)
        return int(self.scroll_offset.y) != top

    def _top_showing(self, start: int, end: int) -> int:
        """The first row on screen once [start, end) is scrolled into view."""
        first, last = self.row_of(start), self.row_of(max(start, end - 1))
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if first >= top and last < top + height:
            return top
        # Put the start a third of the way down, so what led up to it stays visible.
        target = first - height // 3 if last - first < height else first
        return max(0, min(target, len(self._rows) - height))

    def prepare(self, start: int, end: int) -> None:
        """Draw the rows that showing [start, end) would scroll to, so that they are ready."""
        framing = self._frames.framing
        if framing is None or not self._rows:
            return
        top = self._top_showing(start, end)
        height = self.scrollable_content_region.height
        framing.draw(Region(0, 0, framing.width, height), lambda y: self._line(top + y, framing))

    # -- drawing ----------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        # Looked up once per frame rather than once per row: both walk the widget tree.
        self._base = self.rich_style
        self._width_now = self.scrollable_content_region.width
        # A scroll redraws every row: framed here, not by Textual's styles cache (framing.py).
        framing = self._frames.begin(self)
        if framing is None:
            return super().render_lines(crop)
        top = int(self.scroll_offset.y)
        return framing.draw(crop, lambda y: self._line(top + y, framing))

    def _rows_under(self, span: tuple[int, int] | None) -> range:
        """The rows a highlight of `span` is drawn on."""
        if span is None or not self._rows:
            return range(0)
        start, end = span
        return range(self.row_of(start), self.row_of(max(start, end - 1)) + 1)

    def render_line(self, y: int) -> Strip:
        return self._line(int(self.scroll_offset.y) + y, None)

    def _line(self, index: int, framing: Framing | None) -> Strip:
        """Row `index`, framed if `framing` is given (cached unless marked)."""
        width = self._width_now
        if index >= len(self._rows):
            strip = Strip.blank(width, self._base)
            return framing.frame(strip) if framing is not None else strip
        cache = self._frames.rows if framing is not None else self._cache
        row = self._rows[index]
        marks = self._marks(row)
        if not marks and (cached := cache.get(index)) is not None:
            return cached
        strip = self._render_row(row, marks, width)
        if framing is not None:
            strip = framing.frame(strip)
        if not marks:
            if len(cache) > 8192:  # a long read through a large article: keep memory flat
                cache.clear()
            cache[index] = strip
        return strip

    def _render_row(self, row: Row, marks: list[tuple[int, int, str]], width: int) -> Strip:
        """The row's segments, built directly from its styled ranges (no Rich `Text`)."""
        base = self._base
        segments: list[Segment] = []
        if row.depth:
            segments.append(Segment("▌ " * row.depth, base + self._style("article--quote-bar")))
        line = printable(self.article.display[row.start : row.end]).replace("\t", " ")
        spans = self._spans(row)  # (start, end, style) within the row, later ones on top
        spans += [(a - row.start, b - row.start, self._style(name)) for a, b, name in marks]
        # A mark past the row's last character (a cursor on the line's end) takes one cell.
        after = [style for start, _, style in spans if start >= len(line)]
        if not spans:
            segments.append(Segment(line, base))
        else:
            cuts = sorted({0, len(line), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
            for a, b in pairwise(cuts):
                style = base
                for start, end, extra in spans:
                    if start <= a and end >= b:
                        style = style + extra
                segments.append(Segment(line[a:b], style))
        if after:
            segments.append(Segment(" ", base + after[-1]))
        return Strip(segments).crop_extend(0, width, base)

    def _style(self, component: str) -> Style:
        """A component class's style, looked up once per theme."""
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = self.get_component_rich_style(component)
        return style

    def _spans(self, row: Row) -> list[tuple[int, int, Style]]:
        """The block's style and the inline styles (bold, links...) on this row."""
        if row.block < 0:
            return []
        block = self.article.blocks[row.block]
        spans = []
        name = _BLOCK_STYLES.get(block.kind)
        if name:
            spans.append((0, row.end - row.start, self._style(name)))
        styles = self.article.styles
        lo = bisect_right(self._style_starts, block.start - 1)
        hi = bisect_right(self._style_starts, row.end)
        for style in styles[lo:hi]:
            if style.end <= row.start or style.name not in _INLINE:
                continue
            start = max(style.start, row.start) - row.start
            end = min(style.end, row.end) - row.start
            if end > start:
                spans.append((start, end, self._style(_INLINE[style.name])))
        return spans

    def _marks(self, row: Row) -> list[tuple[int, int, str]]:
        marks = []
        if self.highlight is not None:
            a, b = self.highlight
            if (a < row.end and b > row.start) or (a == row.start and row.start == row.end):
                marks.append((max(a, row.start), min(b, row.end), "article--highlight"))
        for n, (a, b) in self._matches_near(row).items():
            name = "article--current-match" if n == self.current_match else "article--match"
            marks.append((max(a, row.start), min(b, row.end), name))
        return marks

    def _matches_near(self, row: Row) -> dict[int, tuple[int, int]]:
        """The find matches on this row, by their index in `matches`."""
        if not self.matches:
            return {}
        i = max(0, bisect_right(self._match_starts, row.start) - 1)
        found = {}
        while i < len(self.matches) and self.matches[i][0] < row.end:
            a, b = self.matches[i]
            if b > row.start:
                found[i] = (a, b)
            i += 1
        return found


def _separator_depth(blocks: Sequence[Block], index: int) -> int:
    """A blank line between two quoted blocks keeps the quote bar."""
    before = blocks[index].quote_depth if 0 <= index < len(blocks) else 0
    after = blocks[index + 1].quote_depth if 0 <= index + 1 < len(blocks) else 0
    return min(before, after)


def _wrap_line(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of text[start:end] into rows of at most `width` cells."""
    if end - start <= width:
        line = text[start:end]
        if line.isascii() or cell_len(line) <= width:
            return [(start, end)]
    rows = []
    pos = start
    while pos < end:
        limit = _fit(text, pos, end, width)
        if limit >= end:
            rows.append((pos, end))
            break
        cut = text.rfind(" ", pos, limit + 1)
        if cut <= pos:
            cut = limit  # a word longer than the row: break it
            rows.append((pos, cut))
            pos = cut
        else:
            rows.append((pos, cut))
            pos = cut + 1
    return rows or [(start, end)]


def _fit(text: str, start: int, end: int, width: int) -> int:
    """The largest offset such that text[start:offset] fits in `width` cells."""
    stop = min(end, start + width)
    chunk = text[start:stop]
    if chunk.isascii():
        return stop
    cells = 0
    for i, char in enumerate(chunk):
        cells += cell_len(char)
        if cells > width:
            return start + max(i, 1)
    return stop
