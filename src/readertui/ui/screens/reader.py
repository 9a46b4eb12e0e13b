"""The reader: article, item list and detail side by side, coded from the keyboard.

The screen owns the state the panes share (which item is selected, which items the filter
shows, the coding session) and mediates between them: the list reports a highlight, the
screen updates the detail pane and the article highlight in the same handler, and every
coding key goes to the session, which saves before the screen redraws the row.

`selected` is an index into the session's items; the list shows the items the filter lets
through (`listed`), so list rows and items are told apart throughout.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from readertui.annotations import EMPTY, Annotation
from readertui.codebook import Codebook
from readertui.config import keymap_clashes
from readertui.document import Item
from readertui.filters import ALL, Filter, choices, count_matches
from readertui.session import CodingSession, SaveResult
from readertui.store import CoderCodes, differs, other_coders
from readertui.study import adjudication
from readertui.textsafe import is_web_address
from readertui.ui.screens.codebook_keys import codebook_bindings
from readertui.ui.screens.filter import FilterScreen
from readertui.ui.screens.note import NoteScreen
from readertui.ui.screens.save_notices import SaveNotices
from readertui.ui.screens.take import TakeScreen
from readertui.ui.screens.typed_value import TypedValueScreen
from readertui.ui.screens.unit_actions import UnitActions
from readertui.ui.widgets.article_cursor import ArticleCursor
from readertui.ui.widgets.article_view import ArticleView
from readertui.ui.widgets.find_bar import FindBar
from readertui.ui.widgets.item_detail import ItemDetail, Keys, Others
from readertui.ui.widgets.item_form import ItemForm
from readertui.ui.widgets.item_list import ItemList, others_added
from readertui.ui.widgets.status_header import StatusHeader, status_line

#: Actions that change annotations: unavailable when there is nothing to code.
CODING_ACTIONS = frozenset(
    {"code", "step", "ask", "clear", "note", "undo", "redo", "reject", "edit", "add", "take"}
)
#: Seconds without a coding key before the journal is folded into the sidecar.
IDLE_FOLD = 2.0
#: Seconds without a key before the items around the selection are drawn ahead.
IDLE_TIDY = 0.2


class ReaderScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "move(1)", "Next item", id="reader.next", show=False),
        Binding("k", "move(-1)", "Previous item", id="reader.previous", show=False),
        Binding("0,backspace", "clear", "Clear codes", id="reader.clear", show=False),
        Binding("n", "note", "Note", id="reader.note"),
        Binding("o,ctrl+o", "open_url", "Open the post", id="reader.open", show=False),
        Binding("u", "undo", "Undo", id="reader.undo"),
        # Each with a second key: a codebook's key (older codebooks may use a, e or x) wins.
        Binding("a,plus", "add", "Add item", id="reader.add"),
        Binding("e,ctrl+e", "edit", "Edit item", id="reader.edit", show=False),
        Binding("x,delete", "reject", "Reject/restore", id="reader.reject", show=False),
        Binding("ctrl+r", "redo", "Redo", id="reader.redo", show=False),
        Binding(
            "right_square_bracket",
            "next_uncoded",
            "Next uncoded",
            key_display="]",
            id="reader.next_uncoded",
        ),
        Binding("f", "filter", "Filter", id="reader.filter"),
        Binding("slash", "find", "Find", key_display="/", id="reader.find"),
        Binding("r", "review", "Review", id="reader.review"),
        Binding("equals_sign", "take", "Take codes", key_display="=", id="reader.take"),
        Binding("escape", "app.back_to_folder", "Folder", id="reader.folder"),
        # With one article open (see ReaderApp's folder keys).
        Binding("escape", "app.one_article('back')", show=False, system=True, id="reader.folder"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (130, "-wide")]  # noqa: RUF012 (Textual's type)

    @classmethod
    def for_codebook(cls, codebook: Codebook) -> type[ReaderScreen]:
        """This screen with one binding per codebook value, so the footer, the help panel and
        user keymaps all read the codebook's keys from the same declarations."""
        bindings = codebook_bindings(codebook)
        return type(cls.__name__, (cls,), {"BINDINGS": bindings})

    def __init__(self, session: CodingSession) -> None:
        super().__init__()
        self.session = session
        #: Review mode: the other coders' codes on the selected item, read when it is turned on.
        self.others: list[CoderCodes] | None = None
        self.article = session.article
        self.selected = 0  # an index into session.items
        self.filter = ALL
        self.listed: list[int] = list(range(len(session.items)))  # items the list shows
        self._row_of = {item: row for row, item in enumerate(self.listed)}
        self._stale: set[int] = set()
        self._availability = (False, False)  # (can undo, can redo) as the footer shows it
        self.units = UnitActions(self)
        self._items_listed = session.items  # the items `listed` was made from
        self._fold_timer: Timer | None = None
        self._tidy_timer: Timer | None = None
        self._notices = SaveNotices(self.notify)
        self._form = ItemForm(id="form")  # (asked on every key: whether it is open)
        #: Adjudicating: the items the coders disagree on.
        self.disputed: frozenset[str] | None = None

    # -- building ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusHeader(id="header")
        with Horizontal(id="main"):
            yield ArticleCursor(self.article, id="article")
            with Vertical(id="side"):
                yield ItemList(id="posts")
                yield ItemDetail(id="detail")
                yield self._form
        yield FindBar(placeholder="Find in the article", id="find")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.article.path.name
        keymap: dict[str, str] = getattr(getattr(self.app, "settings", None), "keymap", {})
        shown = {name: keys.split(",")[0] for name, keys in keymap.items()}  # a key each
        self.query_one(ItemDetail).keys = Keys(
            shown.get("reader.note", "n"),
            shown.get("reader.edit", "e"),
            shown.get("reader.reject", "x"),
        )
        self._warn_clashes(keymap)
        if self.session.adjudicating:
            self._adjudicate()
        # Resume where coding stopped: the first item not yet coded.
        first = self.session.next_uncoded(-1) if self.session.items else None
        self._show_list(keep=first or 0)
        self.query_one(ItemList).focus()
        session = self.session
        for message, title in (
            (session.read_only_reason, "Read-only"),
            (session.notice, "On opening"),  # the article changed; whose codebook is used
        ):
            if message:
                self.notify(message, title=title, severity="warning", timeout=20, markup=False)
        for warning in self.article.warnings:  # they name the file: text, not markup
            self.notify(warning, title="Article", severity="information", timeout=8, markup=False)

    def _warn_clashes(self, keymap: dict[str, str]) -> None:
        """A key the user's keymap gives to a reader action while the codebook codes with it."""
        for clash in keymap_clashes(keymap, self.session.codebook):
            self.notify(clash, title="Settings", severity="warning", timeout=15, markup=False)

    def _show_list(self, keep: int | None) -> None:
        """Fill the list with the items the filter lets through; select `keep` if shown, else
        the item now where the selected one was."""
        session = self.session
        was = self._row_of.get(self.selected, 0)
        self._items_listed = items = session.items
        annotation, matches = session.state.get_annotation, self.filter.matches
        shown = [(i, a) for i, item in enumerate(items) if matches(item, a := annotation(item.id))]
        self.listed = [i for i, _ in shown]
        self._stale = set()  # listed items that no longer match the filter (coded since)
        self._row_of = {item: row for row, item in enumerate(self.listed)}
        item_list = self.query_one(ItemList)
        if not session.items:
            empty = "No embedded posts or quotations found in this article."
        else:
            empty = f"Nothing here matches the filter ({self.filter.label}); press f to change it."
        item_list.show_items(
            [items[i] for i in self.listed],
            [a for _, a in shown],
            empty,
            session.orphans,
            others_added(self.others or (), session.index_of),
        )
        self._update_progress()
        if not self.listed:
            self.query_one(ItemDetail).show(Content(empty))
            self.query_one(ArticleView).show(0, 0)
            return
        item = keep if keep in self._row_of else self.listed[min(was, len(self.listed) - 1)]
        item_list.highlighted = self._row_of[item]
        self._select(item)

    # -- selection --------------------------------------------------------------------------
    @on(ItemList.Highlighted)
    def _highlighted(self) -> None:
        # The message may be stale (keys arriving together: a `j` handled after it was queued
        # already moved on), so the cursor is read as it is now.
        self._follow_cursor()

    def _follow_cursor(self) -> int:
        """The selected item, once any move of the list's cursor whose message has not arrived
        yet is taken: the cursor is the one source of truth. Keys in a burst (a paste, or keys
        queued while the app was busy) need this: `down` then `1` codes the item moved to."""
        row = self.query_one(ItemList).highlighted
        if row is not None and row < len(self.listed) and self.listed[row] != self.selected:
            self._select(self.listed[row])
        return self.selected

    def _select(self, index: int) -> None:
        """Show item `index` everywhere: detail pane, article highlight (same frame)."""
        self.selected = index
        self.query_one(ItemDetail).show_item(*self._detail_of(index))
        self.query_one(ArticleView).show(*self._span_of(index))
        if self._tidy_timer is not None:
            self._tidy_timer.stop()
        self._tidy_timer = self.set_timer(IDLE_TIDY, self._tidy_when_idle)

    def _detail_of(self, index: int) -> tuple[Item, Annotation, Codebook, bool, Others]:
        """What the detail pane shows for item `index`."""
        session = self.session
        item = session.items[index]
        others = None
        if self.others is not None:
            others = [(c.coder, c.stored.annotations.get(item.id, EMPTY)) for c in self.others]
        return item, session.annotation(index), session.codebook, session.read_only, others

    def _span_of(self, index: int) -> tuple[int, int]:
        """Item `index`'s range of the article's display text."""
        return self.article.srcmap.display_span(*self.session.items[index].span)

    def _tidy_when_idle(self) -> None:
        """Between keys: draw ahead what the next key will most likely show (the items before
        and after this one). Measured: without it, the next item at the end of a list of 8 or
        2,000 took 1.6-1.7x the three-pane floor; with it, 0.8-1.1x."""
        self._tidy_timer = None
        if self.session.closed:  # another article is being opened over this one
            return
        row = self._row_of.get(self.selected)
        if row is not None:
            detail, article = self.query_one(ItemDetail), self.query_one(ArticleView)
            for near in (row + 1, row - 1):
                if 0 <= near < len(self.listed):
                    detail.prepare(*self._detail_of(self.listed[near]))
                    article.prepare(*self._span_of(self.listed[near]))

    def action_move(self, delta: int) -> None:
        row = self._row_of.get(self._follow_cursor())
        if row is None:
            return
        self._go(self.listed[max(0, min(len(self.listed) - 1, row + delta))])

    def _go(self, index: int) -> None:
        """Select item `index`, showing every item again if the filter hides it."""
        if index not in self._row_of:
            self.filter = ALL
            self._show_list(keep=index)
            return
        self.query_one(ItemList).highlighted = self._row_of[index]
        self._select(index)

    def action_next_uncoded(self) -> None:
        index = self.session.next_uncoded(self._follow_cursor())
        if index is None:
            self.notify("Every item is coded.", timeout=4)
        elif index == self.selected:
            self.notify("This is the only item left to code.", timeout=4)
        else:
            self._go(index)

    def action_filter(self) -> None:
        session = self.session
        self._follow_cursor()
        offered = choices(session.codebook, self.disputed)
        annotations = [session.annotation(i) for i in range(len(session.items))]
        counts = count_matches(offered, session.items, annotations)

        def chosen(new: Filter | None) -> None:
            if new is not None:
                self.filter = new
                self._show_list(keep=self.selected)

        self.app.push_screen(FilterScreen(offered, self.filter, counts), chosen)

    def _adjudicate(self) -> None:
        """The adjudicator sees every coder's codes and, at first, the items they disagree on."""
        self.others = others = other_coders(self.article.path, self.session.path, self.article)
        self.query_one(ItemList).differs = lambda item, mine: differs(others, item.id, mine)
        self.disputed = adjudication.disputed(others)
        if self.disputed & {item.id for item in self.session.items}:
            self.filter = Filter(among=self.disputed)
        said = (
            f"Adjudicating: {len(self.disputed)} items where {len(others)} coders disagree. "
            "= takes one coder's codes; the codebook's keys code anew (f: all items)."
            if others
            else "Adjudicating, but no coder has coded this article yet."
        )
        self.notify(said, title="Gold standard", timeout=10, markup=False)

    def action_take(self) -> None:
        """Adjudicating: the selected item gets one coder's codes."""
        index = self._follow_cursor()
        item = self.session.items[index]
        coders = adjudication.coded_by(self.others or [], item.id)
        if not coders:
            self.notify("No coder coded this item: code it with the codebook's keys.", timeout=4)
            return

        def chosen(which: int | None) -> None:
            if which is not None:
                self._changed(index, self.session.take(index, coders[which][1]))

        self.app.push_screen(TakeScreen(coders, _called(item)), chosen)

    def action_review(self) -> None:
        """Show or hide the other coders' codes on each item, beside one's own."""
        if self.session.adjudicating:  # (they are what `=` takes: never hidden)
            self.notify("Adjudicating: every coder's codes are always shown.", timeout=4)
            return
        if self.session.blind:
            self.notify(
                "Blind coding: other coders' codes are not shown until the study file "
                "(readertui.toml) sets blind = false.",
                timeout=6,
                markup=False,
            )
            return
        item_list = self.query_one(ItemList)
        if self.others is None:
            self.others = other_coders(self.article.path, self.session.path, self.article)
            others = self.others
            item_list.differs = lambda item, mine: differs(others, item.id, mine)
            if not self.others:
                self.notify("No other coder has coded this article yet.", timeout=4)
        else:
            self.others = None
            item_list.differs = None
        self._show_list(keep=self.selected)  # with the items only others added, in review

    # -- coding -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._form.is_open:  # its keys only, until it is saved or cancelled
            return False
        if action == "take" and not self.session.adjudicating:
            return False
        if action == "add":  # (an article without items is where adding matters most)
            return None if self.session.read_only else True
        if not self.session.items:
            if action in CODING_ACTIONS or action in ("move", "next_uncoded", "filter", "open_url"):
                return None
            return True
        if action in CODING_ACTIONS:
            if self.session.read_only:
                # Coding keys still answer, to say why nothing changes; undo/redo grey out.
                return None if action in ("undo", "redo") else True
            if action == "undo":
                return True if self.session.history.can_undo else None
            if action == "redo":
                return True if self.session.history.can_redo else None
        if action in CODING_ACTIONS and self.selected not in self._row_of:
            return None
        return True

    def _refused(self) -> bool:
        """In read-only mode, say so (the reason may have scrolled away) and do nothing."""
        if self.session.read_only:
            reason = self.session.read_only_reason or ""
            self.notify(reason, title="Read-only", severity="warning", markup=False)
        return self.session.read_only

    def action_code(self, key: str) -> None:
        if self._refused():
            return
        view = self.query_one(ArticleCursor)
        if view.selection is not None and self.focused is view:
            if self._not_for("span", key):
                return
            index = self.units.add_span()  # a selection is coded as a passage of its own
            result = None if index is None else self.session.code(index, key)
            if index is not None and result is not None:
                self.item_added(index, result)
            return
        index = self._follow_cursor()
        if not self._not_for(self.session.items[index].kind, key):
            self._changed(index, self.session.code(index, key))

    def action_step(self, key: str) -> None:
        """Lower or raise an ordinal variable."""
        index = self._follow_cursor()
        if not self._refused() and not self._not_for(self.session.items[index].kind, key):
            self._changed(index, self.session.step(index, key))

    def action_ask(self, name: str) -> None:
        """Type a number or a text variable's value in."""
        index = self._follow_cursor()
        variable = self.session.codebook.variable(name)
        if self._refused() or variable is None:
            return
        item = self.session.items[index]
        if why := self.session.not_coded_on(item.kind, variable):
            self.notify(why, timeout=5, markup=False)
            return

        def done(text: str | None) -> None:
            if text is None:
                return
            result = self.session.type_in(index, name, text)
            if isinstance(result, str):  # (the field checked it: only a codebook change)
                self.notify(result, severity="warning", markup=False)
            else:
                self._changed(index, result)

        current = self.session.annotation(index).values(name)
        heading = f"{name} of {_called(item)}" + (
            f": {variable.description}" if variable.description else ""
        )
        self.app.push_screen(
            TypedValueScreen(variable, current[0] if current else "", heading), done
        )

    def _not_for(self, kind: str, key: str) -> bool:
        """Say so when `key`'s variable is not coded on an item of `kind`."""
        why = self.session.refusal(kind, key)
        if why:
            self.notify(why, timeout=5, markup=False)
        return why is not None

    def action_open_url(self) -> None:
        """Open the selected item's address (the original post) in the browser."""
        item = self.session.items[self._follow_cursor()]
        if not item.url:
            self.notify("This item has no address to open.", timeout=4)
            return
        if not is_web_address(item.url):  # an article's `javascript:` link runs in the page
            self.notify(f"Not a web address, not opened: {item.url}", timeout=6, markup=False)
            return
        self.app.open_url(item.url)
        self.notify(f"Opening {item.url}", timeout=4, markup=False)

    def action_add(self) -> None:
        if not self._refused():
            self.units.add()

    def action_edit(self) -> None:
        if not self._refused() and not self._whole_article():
            self.units.edit(self._follow_cursor())

    def action_reject(self) -> None:
        if not self._refused() and not self._whole_article():
            self.units.reject(self._follow_cursor())

    def _whole_article(self) -> bool:
        """The article's own row is selected: it is not an item to correct or reject."""
        if self.session.items[self._follow_cursor()].kind != "article":
            return False
        self.notify("This row is the article itself: it is coded, not corrected.", timeout=4)
        return True

    def item_added(self, index: int, result: SaveResult) -> None:
        """Item `index` was added, every other item staying as it was: its row is put in
        place and selected (the list is not made again, nor the screen laid out)."""
        session, item_list = self.session, self.query_one(ItemList)
        item, annotation = session.items[index], session.annotation(index)
        if len(session.items) != len(self._items_listed) + 1 or not self.filter.matches(
            item, annotation
        ):
            self.items_changed(index, result)
            return
        self._items_listed = session.items
        self.listed = [i + (i >= index) for i in self.listed]  # the items after it moved on
        self._stale = {i + (i >= index) for i in self._stale}
        row = bisect_left(self.listed, index)
        self.listed.insert(row, index)
        self._row_of = {item: row for row, item in enumerate(self.listed)}
        item_list.insert_row(row, item, annotation)
        item_list.highlighted = row
        self._select(index)
        self._report(result)

    def items_changed(self, index: int | None, result: SaveResult) -> None:
        """Items were added, corrected, rejected or restored: the list again, `index` (None:
        the item where the selected one was) selected."""
        self._show_list(keep=index)
        self._report(result)

    def action_clear(self) -> None:
        if not self._refused():
            index = self._follow_cursor()
            self._changed(index, self.session.clear(index))

    def action_note(self) -> None:
        if self._refused():
            return
        index = self._follow_cursor()

        def done(note: str | None) -> None:
            if note is not None:
                self._changed(index, self.session.set_note(index, note))

        note = self.session.annotation(index).note
        who = _called(self.session.items[index])
        self.app.push_screen(NoteScreen(note, f"Note on {who}"), done)

    def action_undo(self) -> None:
        self._stepped(self.session.undo())

    def action_redo(self) -> None:
        self._stepped(self.session.redo())

    def _stepped(self, outcome: tuple[int | None, SaveResult] | None) -> None:
        if outcome is None:
            return
        index, result = outcome
        session = self.session
        listed = index is not None and self.filter.matches(
            session.items[index], session.annotation(index)
        )
        if session.items is not self._items_listed or listed != (index in self._row_of):
            self._show_list(keep=index)  # an item added, corrected, rejected: listed anew
        else:
            self._refresh_all_rows()
            annotation, matches = session.annotation, self.filter.matches
            self._stale = {i for i in self.listed if not matches(session.items[i], annotation(i))}
            if index is not None:
                self._go(index)
            else:
                self._select(self.selected)
        self._report(result)

    def _changed(self, index: int, result: SaveResult | None) -> None:
        if result is None:
            return
        row = self._row_of.get(index)
        if row is not None:  # coded rows stay listed until the filter is chosen again
            item, annotation = self.session.items[index], self.session.annotation(index)
            self.query_one(ItemList).update_row(row, item, annotation)
            if self.filter.matches(item, annotation):  # (the header counts the ones that do)
                self._stale.discard(index)
            else:
                self._stale.add(index)
        if index == self.selected:
            self._select(index)
        self._report(result)

    def _report(self, result: SaveResult) -> None:
        self._update_progress()
        history = self.session.history
        availability = (history.can_undo, history.can_redo)
        if availability != self._availability:  # the footer redraws only when keys change
            self._availability = availability
            self.refresh_bindings()
        self._notices.after_key(result)
        # A key only appends to the sidecar's journal; once the keys stop, fold it in.
        if self._fold_timer is not None:
            self._fold_timer.stop()
        self._fold_timer = self.set_timer(IDLE_FOLD, self._fold_when_idle)

    def on_screen_resume(self) -> None:  # back from a dialog: its question cleared notices
        self._notices.forget()

    def _fold_when_idle(self) -> None:
        """The keys have stopped: the session writes what is pending (not `_report`: that
        would start the timer again, and a failing retry would notify every few seconds)."""
        self._fold_timer = None
        result = self.session.idle()
        if not result.ok or result.message:
            self._update_progress()
        self._notices.when_idle(result)

    def on_unmount(self) -> None:  # (the session is closed, and folded, by the app)
        for timer in (t for t in (self._fold_timer, self._tidy_timer) if t is not None):
            timer.stop()

    def _refresh_all_rows(self) -> None:
        items, annotation = self.session.items, self.session.annotation
        rows = ((row, items[i], annotation(i)) for row, i in enumerate(self.listed))
        self.query_one(ItemList).update_rows(rows, refresh=True)

    def _update_progress(self, extra: str = "") -> None:
        listed = len(self.listed)
        shown = (
            None if self.filter == ALL else (self.filter.label, listed - len(self._stale), listed)
        )
        reviewing = None if self.others is None else [c.coder for c in self.others]
        status, alert = status_line(self.session, shown, reviewing, extra)
        # Kept as the screen's sub-title too, for the command palette and for tests; set
        # without the reactive's repaint, which would redraw the whole screen on every code.
        self.set_reactive(Screen.sub_title, f"{status} · {alert}" if alert else status)
        self.query_one(StatusHeader).show(self.article.path.name, status, alert)

    # -- find -------------------------------------------------------------------------------
    def action_find(self) -> None:
        self.query_one(FindBar).open(self.article.display, self.query_one(ArticleView).top_offset)

    @on(FindBar.Found)
    def _show_matches(self, event: FindBar.Found) -> None:
        """Mark the matches in the article; say where the current one is, in the header."""
        matches, view = event.matches, self.query_one(ArticleCursor)
        if matches.current is not None:  # a selection begun next starts at the match
            view.cursor = matches.spans[matches.current][0]
        view.set_matches(matches.spans, matches.current)
        self._update_progress(f" · find: {matches.where()}" if matches.query.strip() else "")

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        self.query_one(ArticleView).set_matches([], None)
        self._update_progress()
        if self.focused is None:  # the pane it came from is gone
            self.query_one(ItemList).focus()


def _called(item: Item) -> str:
    """How a dialog names the item: the article, a speaker's quotation, a post's author."""
    if item.kind == "article":
        return "the article"
    if item.kind == "quote":
        return f"{item.author}'s quotation" if item.author else "this quotation"
    if item.kind == "span":
        return "this passage"
    return f"@{item.handle}" if item.handle else (item.author or "this post")
