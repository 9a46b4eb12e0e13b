"""Drawing a Line API pane's rows to the screen without Textual's styles cache.

Textual passes every row of a widget through its styles cache, which spends some 50 us a row on
borders, outlines, tints and opacity. The article and detail panes have none of these, only
padding (and the detail pane a scrollbar's gutter), and on a key they redraw many rows: those
rows are framed here exactly as the styles cache would frame them (tests/test_article_pane.py
compares the two), and a pane styled with anything more goes back to Textual's own path.
Measured (bench_ui, against the three-pane floor): without it, the next item took 1.1-2.3x
the floor; with it, 0.75-1.1x.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, NamedTuple, TypeVar

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget


class Framing(NamedTuple):
    """A frame's padding and line filters, as Textual's styles cache would apply them."""

    left: Segment | None
    fill: Segment | None  # the content area beyond the rows: a scrollbar's gutter
    right: Segment | None
    width: int
    filters: tuple[LineFilter, ...]
    background: Color

    def frame(self, strip: Strip) -> Strip:
        """A row (as wide as the scrollable content) framed to the widget's width."""
        segments = list(strip)
        if self.left is not None:
            segments.insert(0, self.left)
        if self.fill is not None:
            segments.append(self.fill)
        if self.right is not None:
            segments.append(self.right)
        return Strip(segments, self.width)

    def draw(self, crop: Region, row: Callable[[int], Strip]) -> list[Strip]:
        """The rows of `crop` (`row(y)` gives row y framed), filtered and cropped."""
        strips = []
        for y in crop.line_range:
            strip = row(y)
            for line_filter in self.filters:  # a strip keeps what each filter made of it
                strip = strip.apply_filter(line_filter, self.background)
            strips.append(strip)
        x1, x2 = crop.column_span
        if (x1, x2) != (0, self.width):
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips


K = TypeVar("K")
V = TypeVar("V")


class FramedRows(Generic[K, V]):
    """A pane's rows as framed, kept for as long as the framing holds (a theme, a width, the
    pane's focus tint change it)."""

    def __init__(self) -> None:
        self.framing: Framing | None = None
        self.rows: dict[K, V] = {}

    def begin(self, widget: Widget) -> Framing | None:
        """This frame's framing of `widget` (None: Textual's own path draws it), the rows
        kept for another framing forgotten."""
        framing = framing_of(widget)
        if framing != self.framing:  # (what changes it, a style, size or theme, also has
            self.rows.clear()  # Textual refresh the widget: its own path starts anew too)
            self.framing = framing
        return framing

    def forget(self) -> None:
        """Forget the rows and the framing: nothing is drawn ahead before the next frame
        has said how rows are framed."""
        self.rows.clear()
        self.framing = None


def framing_of(widget: Widget) -> Framing | None:
    """How Textual would frame `widget`'s rows if it is styled with no more than left and
    right padding; None if it is styled with anything more."""
    styles = widget.styles
    top, right, bottom, left = styles.padding
    content = widget.content_region.width
    if (
        top
        or bottom
        or any(edge for edge, _ in styles.border)
        or any(edge for edge, _ in styles.outline)
        or styles.tint.a
        or widget.opacity != 1
        or styles.text_opacity != 1
        or (styles.has_rule("hatch") and styles.hatch != "none")
        or left + content + right != widget.outer_size.width
    ):
        return None
    base_background, background = widget.background_colors
    inner = Style(background=base_background + background).rich_style
    fill = content - widget.scrollable_content_region.width

    def blank(cells: int) -> Segment | None:
        return Segment(" " * cells, inner) if cells > 0 else None

    return Framing(
        blank(left),
        blank(fill),
        blank(right),
        widget.outer_size.width,
        tuple(widget.get_line_filters()),
        background,
    )
