"""The reader's corrections of its units: add an item from a selection, correct one, reject one.

Each asks the session (which saves before it returns) and has the screen show the list again
when the items changed; what cannot be done is said in one line and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from readertui import textmoves
from readertui.corrections import suggested_fields
from readertui.session import SaveResult
from readertui.ui.widgets.article_cursor import ArticleCursor
from readertui.ui.widgets.item_detail import ItemDetail
from readertui.ui.widgets.item_form import FormResult, ItemForm, Mover
from readertui.ui.widgets.item_list import ItemList

if TYPE_CHECKING:
    from readertui.ui.screens.reader import ReaderScreen

SELECT_FIRST = (
    "Select the words first: in the article pane (tab to it), v starts a selection and moves "
    "extend it; or drag over them with the mouse."
)


class UnitActions:
    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen

    def _source_range(self, words: tuple[int, int]) -> tuple[int, int]:
        """The source range of display range `words`, without spaces at either end."""
        text = self.screen.article.display
        start, end = words
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return self.screen.article.srcmap.source_span(start, max(start, end))

    def _warn(self, message: str) -> None:
        self.screen.notify(message, title="Not changed", severity="warning", markup=False)

    def add(self) -> None:
        """Make the selection an item at once, of the kind and with the fields its words and
        the lines around them suggest (an annotation tool's way: mark first, then correct
        the item's kind and fields with `e` if the suggestion is wrong)."""
        screen = self.screen
        view = screen.query_one(ArticleCursor)
        if view.selection is None:
            screen.notify(SELECT_FIRST, title="Add an item", timeout=8, markup=False)
            return
        words = view.selection
        start, end = self._source_range(words)
        if words[1] > words[0] and not screen.article.display[slice(*words)].strip():
            self._warn("The selection holds only spaces: select the item's words.")
            return
        kind, fields = suggested_fields(screen.article, *words)
        self._added(start, end, kind, fields)  # (or why the words cannot be an item)

    def _form(
        self,
        title: str,
        words: tuple[int, int],
        kind: str,
        fields: dict[str, str | None],
        done: Callable[[FormResult | None], None],
        mover: Mover | None = None,
        choose: bool = False,
    ) -> None:
        """Open the item form in the detail pane's place; the other panes stay in view but out
        of the focus's way (tab goes round the form's fields) until it closes."""
        screen = self.screen
        detail, form = screen.query_one(ItemDetail), screen.query_one(ItemForm)
        panes = (screen.query_one(ArticleCursor), screen.query_one(ItemList))
        focused = screen.focused

        def closed(result: FormResult | None) -> None:
            detail.display, form.display = True, False
            for pane in panes:
                pane.can_focus = True
            if focused is not None and focused.is_attached:
                screen.set_focus(focused)
            done(result)

        for pane in panes:
            pane.can_focus = False
        # (Shown by `display`, not by a class: a class on the side pane would have Textual
        # apply the stylesheet to every widget in it again, ~40 ms.)
        detail.display, form.display = False, True
        text = screen.article.display
        form.open(title, text, words, kind, fields, closed, mover=mover, choose=choose)

    def add_span(self) -> int | None:
        """The selection as a passage (kind `span`), to be coded at once: its index (the
        caller shows the list, once coded)."""
        view = self.screen.query_one(ArticleCursor)
        assert view.selection is not None
        return self._added(*self._source_range(view.selection), "span", {}, show=False)

    def _added(
        self, start: int, end: int, kind: str, fields: dict[str, str | None], show: bool = True
    ) -> int | None:
        screen = self.screen
        outcome = screen.session.add(start, end, kind, **fields)
        if isinstance(outcome, str):
            self._warn(outcome)
            return None
        index, result = outcome
        screen.query_one(ArticleCursor).drop_selection()
        if show:
            screen.item_added(index, result)
        return index

    def edit(self, index: int) -> None:
        """Open the form correcting item `index`: its words (the selection's, if any) and fields."""
        screen = self.screen
        session, article = screen.session, screen.article
        item = session.items[index]
        view = screen.query_one(ArticleCursor)
        start, end = (item.start, item.end) if item.start is not None else item.span
        assert end is not None
        words = view.selection or article.srcmap.display_span(start, end)
        text = article.display

        def mover(offset: int, which: int, step: int) -> int:
            move = textmoves.move_start if which == 0 else textmoves.move_end
            return move(text, offset, step)

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            start, end = self._source_range(result.words)
            outcome = session.edit(index, start, end, result.kind, **result.fields)
            if isinstance(outcome, str):
                self._warn(outcome)
            elif outcome is not None:
                view.drop_selection()
                screen.items_changed(session.index_of(item.id), outcome)

        fields = {
            name: getattr(item, name) for name in ("platform", "author", "handle", "date", "url")
        }
        who = "quotation" if item.kind == "quote" else "passage" if item.kind == "span" else "post"
        self._form(f"Correct this {who}", words, item.kind, fields, done, mover, choose=True)

    def reject(self, index: int) -> SaveResult | None:
        """Reject item `index`, or restore it; the list is shown again without it."""
        screen = self.screen
        result = screen.session.reject(index)
        if result is None:
            return None
        annotation = screen.session.annotation(index)
        if annotation.rejected:
            added = annotation.unit is not None and annotation.unit.origin == "added"
            what = "Withdrawn (your own addition)" if added else "Rejected"
            screen.notify(
                f"{what}: left out of the list, progress and exports (its codes are kept). "
                "f shows rejected items; x there restores one.",
                timeout=6,
            )
        screen.items_changed(None, result)
        return result
