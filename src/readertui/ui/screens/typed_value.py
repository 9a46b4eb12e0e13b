"""Typing a number or a text variable's value: enter saves (if the codebook takes it), escape
cancels, an empty field clears it. Any character may be typed: what is not a number is said,
never silently dropped (`12.3K` is refused, not stored as 12.3)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from readertui.codebook import Variable, plain_number
from readertui.textsafe import printable


class TypedValueScreen(ModalScreen[str | None]):
    """Asks for `variable`'s value; dismisses with the text typed, or None when cancelled.
    A value the codebook would refuse is said under the field, which stays open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="value.cancel")
    ]
    DEFAULT_CSS = """
    TypedValueScreen { align: center middle; }
    TypedValueScreen > Vertical {
        width: 80%; max-width: 100; height: auto;
        border: round $accent; background: $panel; padding: 0 1;
    }
    TypedValueScreen Label { color: $text-muted; }
    TypedValueScreen #value-problem { color: $error; }
    """

    def __init__(self, variable: Variable, current: str, heading: str) -> None:
        super().__init__()
        self.variable = variable
        self.current = current
        self.heading = heading

    def compose(self) -> ComposeResult:
        variable = self.variable
        limits = [
            f"{word} {plain_number(number)}"
            for word, number in (("at least", variable.minimum), ("at most", variable.maximum))
            if number is not None
        ]
        what = "a number" + (f" ({', '.join(limits)})" if limits else "")
        with Vertical():
            yield Label(printable(self.heading), markup=False)
            yield Input(
                value=printable(self.current),
                placeholder=what if variable.type == "number" else "a few words",
                id="value-input",
            )
            yield Label("", id="value-problem", markup=False)
            yield Label("enter saves · an empty field clears it · escape cancels")

    @on(Input.Changed)
    def _edited(self) -> None:
        self.query_one("#value-problem", Label).update("")  # said of what was typed before

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            try:
                self.variable.parse(event.value)
            except ValueError as exc:
                self.query_one("#value-problem", Label).update(str(exc))
                return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
