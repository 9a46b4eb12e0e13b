"""Find in the article: type to highlight matches, enter for the next one, escape to close."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FindBar(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close find", id="find.close"),
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

    def open(self) -> None:
        self.add_class("-open")
        # Focused now, not when the app next gets to it (`focus()` waits its turn): keys typed
        # right after the one that opened it, already queued, are then meant for it, and are
        # not taken for moving or coding keys.
        self.screen.set_focus(self)

    def action_close(self) -> None:
        self.remove_class("-open")
        self.post_message(self.Closed())

    def action_step(self, direction: int) -> None:
        self.post_message(self.Step(direction))
