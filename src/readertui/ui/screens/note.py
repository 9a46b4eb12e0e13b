"""Editing a post's note: enter saves, escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from readertui.textsafe import printable


class NoteScreen(ModalScreen[str | None]):
    """Asks for a note; dismisses with the new text, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note.cancel")
    ]
    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical {
        width: 80%; max-width: 100; height: auto;
        border: round $accent; background: $panel; padding: 0 1;
    }
    NoteScreen Label { color: $text-muted; }
    """

    def __init__(self, note: str, title: str) -> None:
        super().__init__()
        self.note = note
        #: The note as the field shows it: control characters (a note from someone else's
        #: file) as visible stand-ins, which are saved only if the note is edited.
        self.shown = printable(note)
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(printable(self.heading), markup=False)
            yield Input(value=self.shown, placeholder="A note on this post", id="note-input")
            yield Label("enter saves · escape cancels")

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(self.note if event.value == self.shown else event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
