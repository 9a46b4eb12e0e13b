"""Adjudicating: whose codes to take for the selected item (a digit or enter chooses)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from readertui.annotations import Annotation
from readertui.textsafe import one_line


class TakeScreen(ModalScreen[int | None]):
    """Lists each coder who coded the item with their codes and note; dismisses with the
    chosen one's position, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="take.cancel")
    ]
    DEFAULT_CSS = """
    TakeScreen { align: center middle; }
    TakeScreen > Vertical {
        width: 80%; max-width: 110; height: auto; max-height: 80%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    TakeScreen OptionList { height: auto; max-height: 20; border: none; }
    TakeScreen Label { color: $text-muted; }
    """

    def __init__(self, coders: Sequence[tuple[str, Annotation]], what: str) -> None:
        super().__init__()
        self.coders = list(coders)[:9]
        self.what = what

    def compose(self) -> ComposeResult:
        options = []
        for n, (coder, annotation) in enumerate(self.coders, start=1):
            codes = "; ".join(f"{k} {', '.join(v)}" for k, v in annotation.tags.items())
            if annotation.rejected:
                codes = f"rejected it{'; ' + codes if codes else ''}"
            parts: list[str | tuple[str, str]] = [
                (f"{n} ", "bold $accent"),
                (one_line(coder, 24), "bold"),
                "  ",
                one_line(codes, 70),
            ]
            if annotation.note:
                parts += [("  note: ", "$text-muted"), one_line(annotation.note, 60)]
            options.append(Option(Content.assemble(*parts)))
        with Vertical():
            yield Label(f"Take whose codes for {one_line(self.what, 60)}? (a digit or enter)")
            yield Label("Their codes (or rejection) are taken; their note is not: n writes yours.")
            yield OptionList(*options, id="coders")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            chosen = int(event.character) - 1
            if 0 <= chosen < len(self.coders):
                event.stop()
                self.dismiss(chosen)

    @on(OptionList.OptionSelected, "#coders")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
