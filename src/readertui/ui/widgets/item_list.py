"""The list of items: one row each, in document order, with its codes at a glance.

A Line API widget: it draws only the rows on screen, and a key draws again only the rows it
changes, so 2,000 items cost no more per key than 20. Rows are `Content` assembled from plain
strings, so nothing in an item is read as markup.
Posts and quotations look different: a post shows its handle, a quotation a quotation mark,
its speaker and its words in quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual

from readertui.annotations import Annotation
from readertui.document import Item
from readertui.store import CoderCodes, Record
from readertui.textsafe import one_line

CODED = "●"
UNCODED = "○"
QUOTE = "❝"
SPAN = "¶"
ARTICLE = "▤"
ORPHAN = "⚠"
DIFFERS = "≠"


def orphan_row(record: Record, width: int = 60) -> Content:
    """A coded item the changed article no longer has: its codes are kept, and shown here."""
    who = f"@{record.handle}" if record.handle else (record.author or "item")
    codes = ", ".join(v for values in record.annotation.tags.values() for v in values)
    exact = record.quote.exact if record.quote else ""
    return Content.assemble(
        (ORPHAN, "$warning"),
        " ",
        (one_line(who, 24), "bold $text-muted"),
        "  ",
        (f"[{one_line(codes, 30)}]" if codes else "", "$text-muted"),
        "  ",
        (one_line(exact, width), "$text-muted strike"),
        ("  not found in the article", "italic $warning"),
    )


def others_added(
    others: Iterable[CoderCodes], index_of: Callable[[str], int | None]
) -> list[Content]:
    """Review: a row for each item another coder added that this coder's list does not have."""
    rows = []
    for other in others:
        for record in other.stored.records:
            unit = record.annotation.unit
            if unit is None or unit.origin != "added" or index_of(record.id) is not None:
                continue
            exact = record.quote.exact if record.quote else ""
            rows.append(
                Content.assemble(
                    ("+", "$accent"),
                    " ",
                    (f"{one_line(other.coder, 20)} added", "bold $text-muted"),
                    "  ",
                    (one_line(exact, 60), "$text-muted"),
                )
            )
    return rows


def row(item: Item, annotation: Annotation, width: int = 60, differs: bool = False) -> Content:
    """One row: a coded/uncoded mark, who posted or said it, its codes, its first words;
    `+` on an item the coder added, `~` on one they corrected, struck through when rejected;
    in review, `≠` where another coder coded the item otherwise."""
    quote = item.kind == "quote"
    if quote:
        who = item.author or "unnamed speaker"
    elif item.kind == "span":
        who = "passage"
    elif item.kind == "article":
        who = "the article"
    else:
        who = f"@{item.handle}" if item.handle else (item.author or item.platform or "post")
    codes = ", ".join(v for values in annotation.tags.values() for v in values)
    mark = {"quote": QUOTE, "span": SPAN, "article": ARTICLE}.get(item.kind)
    mark = mark or (CODED if annotation.is_coded else UNCODED)
    parts: list[str | tuple[str, str]] = []
    if annotation.is_coded:
        parts += [(mark, "$success"), " ", (one_line(who, 24), "bold")]
    else:
        parts += [(mark, "$text-muted"), " ", (one_line(who, 24), "bold $text-muted")]
    if annotation.unit is not None:
        parts.append((" +" if annotation.unit.origin == "added" else " ~", "$accent"))
    if annotation.note:
        parts.append((" ✎", "$text-muted"))
    if differs:  # before the codes, which the row's width may cut off
        parts += [" ", (DIFFERS, "bold $warning")]
    if codes:
        parts += ["  ", (f"[{one_line(codes, 30)}]", "$success")]
    if quote:
        parts += ["  ", (f"“{one_line(item.text, width)}”", "italic")]
    else:
        words = item.text or f"({item.platform or 'embed'} without text)"
        parts += ["  ", one_line(words, width)]
    content = Content.assemble(*parts)
    return content.stylize("strike $text-muted") if annotation.rejected else content


class ItemList(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of items, then a row for each orphan (shown, never selectable); the screen keeps
    them in step with the annotations and the filter.

    Its own keys, described for coders (the generic scrolling keys a scrolling widget would
    inherit would crowd the help panel and hide the coding keys).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Next item", show=False, id="posts.down"),
        Binding("up", "cursor_up", "Previous item", show=False, id="posts.up"),
        Binding("home", "first", "First item", show=False, id="posts.first"),
        Binding("end", "last", "Last item", show=False, id="posts.last"),
        Binding("pagedown", "page_down", "Page of items down", show=False, id="posts.page_down"),
        Binding("pageup", "page_up", "Page of items up", show=False, id="posts.page_up"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"item-list--cursor", "item-list--disabled"}
    DEFAULT_CSS = """
    ItemList {
        height: 1fr;
        padding: 0 1;
        overflow-x: hidden;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $surface;
        & > .item-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .item-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .item-list--disabled { color: $text-disabled; }
    }
    """

    class Highlighted(Message):
        """The cursor moved to another row (read `highlighted` for where it is now: keys in
        a burst can move it again before this arrives)."""

    #: The row under the cursor: only ever an item's row, None when there are no items.
    highlighted: reactive[int | None] = reactive(None, repaint=False)
    #: In review, whether other coders coded an item otherwise (set by the screen).
    differs: Callable[[Item, Annotation], bool] | None = None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # An item's row is made when it is first drawn (a list of 2,000 is shown at once):
        # its item and annotation, and the row once made (None: not yet, or changed).
        self._shown: list[tuple[Item, Annotation]] = []
        self._made: list[Content | None] = []
        self._after: list[Content] = []  # the rows after the items': orphans, others' items
        self._drawn: dict[tuple[int, int, VisualStyle, int], tuple[Item, Annotation, Strip]] = {}
        self._drawn_for: object = None  # the `differs` the rows were drawn with
        self._items = 0  # the first rows are the items' (selectable); the rest are not

    @property
    def item_count(self) -> int:
        """The rows that are items (the first ones)."""
        return self._items

    @property
    def row_count(self) -> int:
        """Every row: the items', then the orphans' (or the one saying the list is empty)."""
        return self._items + len(self._after)

    def row_text(self, row: int) -> str:
        """Row `row` as plain text, as it is drawn."""
        return self._content(row).plain

    def _content(self, row: int) -> Content:
        if row >= self._items:
            return self._after[row - self._items]
        made = self._made[row]
        if made is None:
            made = self._made[row] = self._row(*self._shown[row])
        return made

    # -- what the rows hold -----------------------------------------------------------------
    def show_items(
        self,
        items: Sequence[Item],
        annotations: Sequence[Annotation],
        empty: str,
        orphans: Sequence[Record] = (),
        extra: Sequence[Content] = (),
    ) -> None:
        """The items' rows, then a row for each orphan and each `extra` one (never selectable);
        `empty` alone when there are no items."""
        if self.differs is not self._drawn_for:  # review turned on or off: rows differ
            self._drawn.clear()
            self._drawn_for = self.differs
        self._shown = list(zip(items, annotations, strict=True))
        self._made = [None] * len(self._shown)
        self._items = len(self._shown)
        self._after = [] if self._shown else [Content(empty)]
        self._after += [orphan_row(record) for record in orphans]
        self._after += extra
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)
        if self.highlighted is not None and self.highlighted >= self._items:
            self.highlighted = self._items - 1 if self._items else None
        self.refresh()

    def insert_row(self, index: int, item: Item, annotation: Annotation) -> None:
        """A row for a new item before row `index` (an item the coder added): the rows from
        there down are drawn again, the others stay as they are on screen."""
        self._shown.insert(index, (item, annotation))
        self._made.insert(index, None)
        self._items += 1
        rows, (width, height) = self.row_count, self.scrollable_content_region.size
        if rows <= height or (rows - 1 > height and self.show_vertical_scrollbar):
            # No scrollbar comes or goes: the list is not laid out again (as Textual itself
            # sets a scrolled widget's size), only its scrollbar's thumb moves. Measured: an
            # add took 2.0-2.6x the three-pane floor's key laying out the screen, 1.x without.
            self.set_reactive(ItemList.virtual_size, Size(width, rows))
            if self.show_vertical_scrollbar:
                self.vertical_scrollbar.window_virtual_size = rows
        else:
            self.virtual_size = Size(width, rows)
        top = self.scroll_offset.y
        if index < top + height:
            first = max(index, top)
            self.refresh_lines(first, top + height - first)

    def update_row(self, index: int, item: Item, annotation: Annotation) -> None:
        """Redraw one row (a coding key): only that line is painted again."""
        self.update_rows([(index, item, annotation)])
        self.refresh_lines(index)

    def update_rows(
        self, rows: Iterable[tuple[int, Item, Annotation]], refresh: bool = False
    ) -> None:
        """New rows for these items, redrawn at once if `refresh` (else by the caller)."""
        for index, item, annotation in rows:
            self._shown[index] = (item, annotation)
            self._made[index] = None
        if refresh:
            self.refresh()

    def _row(self, item: Item, annotation: Annotation) -> Content:
        differs = self.differs is not None and self.differs(item, annotation)
        return row(item, annotation, differs=differs)

    # -- drawing ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= self.row_count:
            return Strip.blank(width, self.rich_style)
        if index == self.highlighted:
            style = self.get_visual_style("item-list--cursor")
        elif index >= self._items:
            style = self.get_visual_style("item-list--disabled")
        else:
            style = self.visual_style
        if index >= self._items:
            return self._draw(self._content(index), width, style)
        # An item's row as drawn is kept while its item and codes stay the same objects (both
        # immutable): adding an item shifts every row below it, and none is drawn again.
        item, annotation = self._shown[index]
        key = (id(item), id(annotation), style, width)
        kept = self._drawn.get(key)
        if kept is not None and kept[0] is item and kept[1] is annotation:
            return kept[2]
        if len(self._drawn) > 4096:
            self._drawn.clear()
        strip = self._draw(self._content(index), width, style)
        self._drawn[key] = (item, annotation, strip)
        return strip

    def _draw(self, content: Content, width: int, style: VisualStyle) -> Strip:
        strips = Visual.to_strips(self, content, width, 1, style)
        return strips[0].extend_cell_length(width, style.rich_style) if strips else Strip([])

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)

    # -- the cursor -------------------------------------------------------------------------
    def validate_highlighted(self, row: int | None) -> int | None:
        if row is None or not self._items:
            return None
        return max(0, min(self._items - 1, row))

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for row in {old, new}:
            if row is not None:  # a row is always one line (text-wrap: nowrap)
                self.refresh_lines(row)
        if new is not None:
            width = self.scrollable_content_region.width
            self.scroll_to_region(
                Region(0, new, width, 1), animate=False, force=True, immediate=True
            )
            self.post_message(self.Highlighted())

    # The cursor stops at either end: wrapping from the first item to the 2,000th on one key
    # press loses a coder's place.
    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = self._items - 1

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height - 1))

    def _move(self, rows: int) -> None:
        row = self.highlighted
        self.highlighted = 0 if row is None else row + rows

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y + self.scroll_offset.y < self._items:
            self.highlighted = offset.y + self.scroll_offset.y
