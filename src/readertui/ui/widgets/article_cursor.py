"""The article pane with a cursor: select words by keyboard or mouse, to make them an item.

Focused, the pane shows a cursor that moves by character (`h` `l`), word (`w` `b`), line (`j`
`k`, arrows) and paragraph (`{` `}`); `v` starts a selection and ends it (like vim's visual
mode), a mouse drag makes one too, and `escape` drops it. The selection is what the reader's
add (`a`), edit (`e`) and codebook keys act on. Offsets are display offsets of the article.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from readertui import textmoves
from readertui.document import Article
from readertui.ui.widgets.article_view import ArticleView, Row


class ArticleCursor(ArticleView, inherit_bindings=False):
    ALLOW_SELECT = False  # its own selection, not Textual's screen-wide text selection
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *ArticleView.COMPONENT_CLASSES,
        "article--cursor",
        "article--selection",
    }
    DEFAULT_CSS = """
    ArticleCursor {
        & > .article--cursor { text-style: reverse bold; }
        & > .article--selection { background: $primary 60%; text-style: underline; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "select", "Select", id="article.select"),
        Binding("escape", "drop", "Drop selection", id="article.drop", show=False),
        Binding("h,left", "char(-1)", "Cursor left", id="article.left", show=False),
        Binding("l,right", "char(1)", "Cursor right", id="article.right", show=False),
        Binding("w", "word(1)", "Next word", id="article.word", show=False),
        Binding("b", "word(-1)", "Previous word", id="article.back", show=False),
        Binding("j,down", "line(1)", "Line down", id="article.down", show=False),
        Binding("k,up", "line(-1)", "Line up", id="article.up", show=False),
        Binding("right_curly_bracket", "paragraph(1)", "Next paragraph", key_display="}",
                id="article.paragraph", show=False),
        Binding("left_curly_bracket", "paragraph(-1)", "Previous paragraph", key_display="{",
                id="article.paragraph_back", show=False),
        Binding("pagedown", "line(20)", "Page down", id="article.page_down", show=False),
        Binding("pageup", "line(-20)", "Page up", id="article.page_up", show=False),
        Binding("home", "edge(-1)", "Line start", id="article.home", show=False),
        Binding("end", "edge(1)", "Line end", id="article.end", show=False),
    ]  # fmt: skip

    class Selected(Message):
        """The selection changed (read `selection` for what it is now)."""

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(article, id=id)
        self.cursor = 0
        self.select_from: int | None = None  # where the selection started; None: no selection
        self._dragging = False

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected display range, from where it began to the cursor (the character under
        the cursor left out, as a mouse drag leaves out the cell it ends on), or None."""
        if self.select_from is None:
            return None
        start, end = sorted((self.select_from, self.cursor))
        return start, end

    def drop_selection(self) -> None:
        if self.select_from is not None:
            self._changed(self.cursor, select_from=None)

    # -- keys -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drop":  # without a selection, escape is the screen's
            return self.select_from is not None
        return True

    def action_select(self) -> None:
        self._changed(
            self.cursor, select_from=None if self.select_from is not None else self.cursor
        )

    def action_drop(self) -> None:
        self.drop_selection()

    def action_char(self, step: int) -> None:
        self._move(self.cursor + step)

    def action_word(self, step: int) -> None:
        text = self.article.display
        move = textmoves.next_word if step > 0 else textmoves.previous_word
        self._move(move(text, self.cursor))

    def action_paragraph(self, step: int) -> None:
        text = self.article.display
        move = textmoves.next_paragraph if step > 0 else textmoves.previous_paragraph
        self._move(move(text, self.cursor))

    def action_line(self, rows: int) -> None:
        if not self._rows:
            return
        here = self.row_of(self.cursor)
        row = self._rows[here]
        cells = cell_len(self.article.display[row.start : self.cursor])
        target = max(0, min(len(self._rows) - 1, here + rows))
        self._move(self._offset_in_row(target, cells + 2 * row.depth))

    def action_edge(self, side: int) -> None:
        if self._rows:
            row = self._rows[self.row_of(self.cursor)]
            self._move(row.start if side < 0 else row.end)

    # -- mouse ------------------------------------------------------------------------------
    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at(event)
        if event.button == 1 and offset is not None:
            self._dragging = True
            self.capture_mouse()
            self._changed(offset, select_from=None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = self._offset_at(event)
        if self._dragging and offset is not None and offset != self.cursor:
            self._changed(
                offset, select_from=self.cursor if self.select_from is None else self.select_from
            )

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        where = event.get_content_offset(self)
        if where is None or not self._rows:
            return None
        index = int(self.scroll_offset.y) + where.y
        if index >= len(self._rows):
            return len(self.article.display)
        return self._offset_in_row(index, where.x)

    def _offset_in_row(self, index: int, x: int) -> int:
        """The offset shown at cell `x` of row `index` (its last if `x` is beyond it)."""
        row = self._rows[index]
        cells = 2 * row.depth  # the quote bars
        for offset in range(row.start, row.end):
            cells += cell_len(self.article.display[offset])
            if cells > x:
                return offset
        return row.end

    # -- showing ----------------------------------------------------------------------------
    def on_focus(self) -> None:
        if self.highlight is not None and self.row_of(self.highlight[0]) in self._on_screen():
            self.cursor = self.highlight[0]  # where the selected item starts
        elif self.row_of(self.cursor) not in self._on_screen():
            self.cursor = self.top_offset()
        self._refresh_rows(self.cursor, self.cursor)

    def on_blur(self) -> None:
        self._refresh_rows(self.cursor, self.cursor)

    def _move(self, offset: int) -> None:
        self._changed(offset, select_from=self.select_from)

    def _changed(self, cursor: int, *, select_from: int | None) -> None:
        """Move the cursor to `cursor` with the selection from `select_from`, redrawing only the
        rows whose marks change, and keep the cursor on screen."""
        cursor = max(0, min(cursor, len(self.article.display)))
        before, old_from = self.cursor, self.select_from
        self.cursor, self.select_from = cursor, select_from
        if select_from != old_from:  # a selection begun or dropped: all of it is redrawn
            ends = [cursor, before, *(a for a in (select_from, old_from) if a is not None)]
            self._refresh_rows(min(ends), max(ends))
        else:
            self._refresh_rows(min(before, cursor), max(before, cursor))
        self._keep_on_screen(cursor)
        if select_from is not None or old_from is not None:
            self.post_message(self.Selected())

    def _on_screen(self) -> range:
        top = int(self.scroll_offset.y)
        return range(top, top + max(1, self.scrollable_content_region.height))

    def _refresh_rows(self, start: int, end: int) -> None:
        shown = self._on_screen()
        first = max(self.row_of(start), shown.start)
        last = min(self.row_of(end), shown.stop - 1)
        if first <= last:
            self.refresh_lines(first, last - first + 1)

    def _keep_on_screen(self, offset: int) -> None:
        row, shown = self.row_of(offset), self._on_screen()
        if row < shown.start:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= shown.stop:
            self.scroll_to(y=row - len(shown) + 1, animate=False, immediate=True)

    def _marks(self, row: Row) -> list[tuple[int, int, str]]:
        marks = super()._marks(row)
        start, end = row.start, row.end
        if (selection := self.selection) is not None:
            a, b = selection
            if a <= end and b > start:
                marks.append((max(a, start), min(b, end + 1), "article--selection"))
        if self.has_focus and start <= self.cursor <= end:
            # (a wrapped row's end is the space the wrap dropped: the cursor is drawn there)
            marks.append((self.cursor, self.cursor + 1, "article--cursor"))
        return marks
