"""The reader: article, post list and detail side by side, coded from the keyboard.

The screen owns the state the panes share (which post is selected, the coding session) and
mediates between them: the list reports a highlight, the screen updates the detail pane and
the article highlight in the same handler, and every coding key goes to the session, which
saves before the screen redraws the row.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList

from readertui.codebook import Codebook
from readertui.screens.note import NoteScreen
from readertui.session import CodingSession, SaveResult
from readertui.widgets.article_view import ArticleView
from readertui.widgets.find_bar import FindBar
from readertui.widgets.post_detail import PostDetail
from readertui.widgets.post_list import PostList
from readertui.widgets.status_header import StatusHeader

#: Actions that change annotations: unavailable when read-only or when there is nothing to code.
CODING_ACTIONS = frozenset({"code", "clear", "note", "undo", "redo"})
MAX_MATCHES = 10_000


class ReaderScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "move(1)", "Next post", id="reader.next", show=False),
        Binding("k", "move(-1)", "Previous post", id="reader.previous", show=False),
        Binding("0,backspace", "clear", "Clear codes", id="reader.clear", show=False),
        Binding("n", "note", "Note", id="reader.note"),
        Binding("u", "undo", "Undo", id="reader.undo"),
        Binding("ctrl+r", "redo", "Redo", id="reader.redo", show=False),
        Binding(
            "right_square_bracket",
            "next_uncoded",
            "Next uncoded",
            key_display="]",
            id="reader.next_uncoded",
        ),
        Binding("slash", "find", "Find", key_display="/", id="reader.find"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (130, "-wide")]  # noqa: RUF012 (Textual's type)

    @classmethod
    def for_codebook(cls, codebook: Codebook) -> type[ReaderScreen]:
        """This screen with one binding per codebook value, so the footer, the help panel and
        user keymaps all read the codebook's keys from the same declarations."""
        bindings: list[BindingType] = [
            Binding(
                value.key,
                f"code({value.key!r})",
                escape(value.name),  # help panels read descriptions as markup
                tooltip=f"{variable.name}: {value.description}".rstrip(": "),
                id=f"code.{variable.name}.{value.name}",
                show=False,  # the detail pane lists them beside their values
            )
            for variable in codebook.variables
            for value in variable.values
        ]
        return type(cls.__name__, (cls,), {"BINDINGS": bindings})

    def __init__(self, session: CodingSession) -> None:
        super().__init__()
        self.session = session
        self.article = session.article
        self.selected = 0
        self._find_text = self.article.display
        self._matches: list[tuple[int, int]] = []
        self._match = -1
        self._availability = (False, False)  # (can undo, can redo) as the footer shows it

    # -- building ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusHeader(id="header")
        with Horizontal(id="main"):
            yield ArticleView(self.article, id="article")
            with Vertical(id="side"):
                yield PostList(id="posts")
                yield PostDetail(id="detail")
        yield FindBar(placeholder="Find in the article", id="find")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.article.path.name
        posts = self.session.items
        post_list = self.query_one(PostList)
        post_list.show_posts(posts, [self.session.annotation(i) for i in range(len(posts))])
        self._update_progress()
        if posts:
            post_list.highlighted = 0
            self._select(0)
        else:
            self.query_one(PostDetail).show(Content(_NO_POSTS))
        post_list.focus()
        if self.session.read_only_reason:
            self.notify(
                self.session.read_only_reason, title="Read-only", severity="warning", timeout=20
            )
        if self.session.notice:
            self.notify(
                self.session.notice, title="Article changed", severity="warning", timeout=20
            )
        for warning in self.article.warnings:
            self.notify(warning, title="Article", severity="information", timeout=8)

    # -- selection --------------------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#posts")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # The list's cursor is the one source of truth for the selection. The message may be
        # stale (keys arriving together: a `j` handled after it was queued already moved on),
        # so its index is ignored and the cursor read as it is now.
        current = self.query_one(PostList).highlighted
        if current is not None and current != self.selected:
            self._select(current)

    def _select(self, index: int) -> None:
        """Show post `index` everywhere: detail pane, article highlight (same frame)."""
        if not self.session.items:
            return
        self.selected = index
        post = self.session.items[index]
        session = self.session
        detail = self.query_one(PostDetail)
        detail.show_post(post, session.annotation(index), session.codebook, session.read_only)
        start, end = self.article.srcmap.display_span(*post.span)
        self.query_one(ArticleView).show(start, end)

    def action_move(self, delta: int) -> None:
        if not self.session.items:
            return
        index = max(0, min(len(self.session.items) - 1, self.selected + delta))
        self._go(index)

    def _go(self, index: int) -> None:
        self.query_one(PostList).highlighted = index
        self._select(index)

    def action_next_uncoded(self) -> None:
        if not self.session.items:
            return
        index = self.session.next_uncoded(self.selected)
        if index is None:
            self.notify("Every post is coded.", timeout=4)
        elif index == self.selected:
            self.notify("This is the only post left to code.", timeout=4)
        else:
            self._go(index)

    # -- coding -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CODING_ACTIONS:
            if not self.session.items:
                return None
            if self.session.read_only:
                # Coding keys still answer, to say why nothing changes; undo/redo grey out.
                return None if action in ("undo", "redo") else True
            if action == "undo":
                return True if self.session.history.can_undo else None
            if action == "redo":
                return True if self.session.history.can_redo else None
        if action in ("move", "next_uncoded") and not self.session.items:
            return None
        return True

    def _refused(self) -> bool:
        """In read-only mode, say so (the reason may have scrolled away) and do nothing."""
        if self.session.read_only:
            self.notify(self.session.read_only_reason or "", title="Read-only", severity="warning")
        return self.session.read_only

    def action_code(self, key: str) -> None:
        if not self._refused():
            self._changed(self.selected, self.session.code(self.selected, key))

    def action_clear(self) -> None:
        if not self._refused():
            self._changed(self.selected, self.session.clear(self.selected))

    def action_note(self) -> None:
        if self._refused():
            return
        index = self.selected
        post = self.session.items[index]
        who = f"@{post.handle}" if post.handle else (post.author or "this post")

        def done(note: str | None) -> None:
            if note is not None:
                self._changed(index, self.session.set_note(index, note))

        self.app.push_screen(
            NoteScreen(self.session.annotation(index).note, f"Note on {who}"), done
        )

    def action_undo(self) -> None:
        self._stepped(self.session.undo())

    def action_redo(self) -> None:
        self._stepped(self.session.redo())

    def _stepped(self, outcome: tuple[int | None, SaveResult] | None) -> None:
        if outcome is None:
            return
        index, result = outcome
        self._refresh_all_rows()
        if index is not None:
            self._go(index)
        else:
            self._select(self.selected)
        self._report(result)

    def _changed(self, index: int, result: SaveResult | None) -> None:
        if result is None:
            return
        post = self.session.items[index]
        self.query_one(PostList).update_row(index, post, self.session.annotation(index))
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
        if not result.ok:
            self.notify(result.message, title="Not saved", severity="error", timeout=10)
        elif result.message:
            self.notify(f"All codes {result.message}.", timeout=4)

    def _refresh_all_rows(self) -> None:
        post_list = self.query_one(PostList)
        for index, post in enumerate(self.session.items):
            post_list.update_row(index, post, self.session.annotation(index))

    def _update_progress(self, extra: str = "") -> None:
        total = len(self.session.items)
        status = f"{self.session.coded_count}/{total} coded · coder {self.session.coder}{extra}"
        alert = ""
        if self.session.read_only:
            alert = "READ-ONLY"
        elif self.session.save_error:
            alert = "NOT SAVED"
        # Kept as the screen's sub-title too, for the command palette and for tests.
        self.sub_title = f"{status} · {alert}" if alert else status
        self.query_one(StatusHeader).show(self.article.path.name, status, alert)

    # -- find -------------------------------------------------------------------------------
    def action_find(self) -> None:
        self.query_one(FindBar).open()

    @on(FindBar.Changed, "#find")
    def _find_changed(self, event: FindBar.Changed) -> None:
        query = event.value
        matches: list[tuple[int, int]] = []
        if query.strip():
            pattern = re.compile(re.escape(query), re.IGNORECASE)
            for m in pattern.finditer(self._find_text):
                matches.append(m.span())
                if len(matches) >= MAX_MATCHES:
                    break
        self._matches = matches
        view = self.query_one(ArticleView)
        top = view.top_offset()
        # Start from the first match at or below the top of the pane.
        self._match = (
            next((n for n, (a, _) in enumerate(matches) if a >= top), 0) if matches else -1
        )
        view.set_matches(matches, self._match if matches else None)
        self._announce_matches(query)

    @on(FindBar.Submitted, "#find")
    def _find_next(self, event: FindBar.Submitted) -> None:
        event.stop()
        self._step_match(1)

    @on(FindBar.Step)
    def _find_step(self, event: FindBar.Step) -> None:
        self._step_match(event.direction)

    def _step_match(self, direction: int) -> None:
        if not self._matches:
            return  # the header says "find: none"
        self._match = (self._match + direction) % len(self._matches)
        self.query_one(ArticleView).set_matches(self._matches, self._match)
        self._announce_matches(self.query_one(FindBar).value)

    def _announce_matches(self, query: str) -> None:
        """Say where we are among the matches, in the header beside the progress."""
        if not query.strip():
            self._update_progress()
            return
        count = len(self._matches)
        where = f"{self._match + 1}/{count}" if count else "none"
        more = "+" if count >= MAX_MATCHES else ""
        self._update_progress(f" · find: {where}{more}")

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        self._matches = []
        self.query_one(ArticleView).set_matches([], None)
        self._update_progress()
        self.query_one(PostList).focus()


_NO_POSTS = "No embedded posts were found in this article.\n\nYou can still read it on the left."
