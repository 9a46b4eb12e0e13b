"""Choosing which items the list shows."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from readertui.filters import Filter


class FilterScreen(ModalScreen[Filter | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel")
    ]
    DEFAULT_CSS = """
    FilterScreen { align: center middle; }
    FilterScreen > Vertical {
        width: 56; max-width: 90%; height: auto; max-height: 80%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    FilterScreen OptionList { height: auto; max-height: 20; border: none; }
    FilterScreen Label { color: $text-muted; }
    """

    def __init__(self, offered: list[Filter], current: Filter, counts: list[int]) -> None:
        super().__init__()
        self.offered = offered
        self.current = current
        self.counts = counts

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Show in the list (enter chooses, escape cancels)")
            yield OptionList(
                *[
                    Option(Content.assemble(f.label, (f"  {n}", "$text-muted")))
                    for f, n in zip(self.offered, self.counts, strict=True)
                ],
                id="filters",
            )

    def on_mount(self) -> None:
        choice = self.query_one("#filters", OptionList)
        choice.highlighted = self.offered.index(self.current) if self.current in self.offered else 0
        choice.focus()

    @on(OptionList.OptionSelected, "#filters")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.offered[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
