"""Find in the article: type to highlight matches, enter for the next one, escape to close.

The bar keeps the matches of what is typed and tells the screen each time they change
(`Found`), so the screen only shows them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from readertui.finding import Matches


class FindBar(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Closed as the key arrives (a priority binding), not once the keys queued behind it
        # have been typed into it: those are for the pane it gives focus back to.
        Binding("escape", "close", "Close find", id="find.close", priority=True),
        Binding("down", "step(1)", "Next match", id="find.next"),
        Binding("up", "step(-1)", "Previous match", id="find.previous"),
    ]
    DEFAULT_CSS = """
    FindBar { dock: bottom; display: none; }
    FindBar.-open { display: block; }
    """

    @dataclass
    class Found(Message):
        """The matches as they are now: typed, or stepped through."""

        matches: Matches

    class Closed(Message):
        pass

    #: What had focus when it opened: it has it back when it closes.
    _came_from: Widget | None = None
    matches = Matches("")
    _text = ""  # what is searched
    _top: Callable[[], int]

    def open(self, text: str, top: Callable[[], int]) -> None:
        """Search `text`; the first match shown is the first at or after `top()`, the offset
        at the top of the pane (read as each query is typed)."""
        self._text, self._top = text, top
        self.add_class("-open")
        # Focus moves now, not when the app next gets to it (`focus()` waits its turn), both
        # ways: keys typed right after the one that opened it, already queued, are meant for
        # it, not taken for moving or coding keys; those typed right after escape, for the
        # pane it came from.
        if self.screen.focused is not self:
            self._came_from = self.screen.focused
        self.screen.set_focus(self)

    def on_key(self, event: events.Key) -> None:
        # A key reaching it once closed was typed before escape (which overtook it): typing
        # it now would only change what a closed bar holds.
        if not self.has_class("-open"):
            event.prevent_default()  # not typed (Input's own handler is skipped)
            event.stop()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.matches = Matches(self._text, event.value, self._top())
        self.post_message(self.Found(self.matches))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_step(1)

    def action_close(self) -> None:
        self.remove_class("-open")
        self.matches = Matches("")
        back = self._came_from
        self.screen.set_focus(back if back is not None and back.is_attached else None)
        self.post_message(self.Closed())

    def action_step(self, direction: int) -> None:
        """The next (+1) or previous (-1) match, going round."""
        self.matches.step(direction)
        self.post_message(self.Found(self.matches))
