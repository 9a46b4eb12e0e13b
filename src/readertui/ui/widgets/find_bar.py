"""Find in the article: type to highlight matches, enter for the next one, escape to close."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input


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
    class Step(Message):
        """Go to the next (+1) or previous (-1) match."""

        direction: int

    class Closed(Message):
        pass

    #: What had focus when it opened: it has it back when it closes.
    _came_from: Widget | None = None

    def open(self) -> None:
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

    def action_close(self) -> None:
        self.remove_class("-open")
        back = self._came_from
        self.screen.set_focus(back if back is not None and back.is_attached else None)
        self.post_message(self.Closed())

    def action_step(self, direction: int) -> None:
        self.post_message(self.Step(direction))
