"""Minimal Textual apps that set the floor readertui is measured against.

python floor_apps.py static          # paints one line of text
python floor_apps.py optionlist 2000 # a focused OptionList of 2,000 rows
python floor_apps.py panes 2000      # the same list beside a text pane and under a detail
                                     # pane: each move writes the detail and scrolls the text,
                                     # as readertui's screen does, with nothing else
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Region
from textual.widgets import Footer, OptionList, Static


class StaticApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("floor-app-ready")


class ListApp(App[None]):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        yield Static("floor-app-ready")
        yield OptionList(*[f"row {n} of the floor list" for n in range(self.count)])

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()


class PanesApp(ListApp):
    CSS = """
    #text { width: 1fr; }
    #side { width: 54; border-left: vkey $primary; }
    OptionList { height: 1fr; }
    #detail { height: 1fr; }
    """
    #: Lines of the text pane per list row (each row's place in it, as a post's in an article),
    #: and lines the detail pane shows per row.
    SPACING, DETAIL_LINES = 9, 9

    def compose(self) -> ComposeResult:
        yield Static("floor-app-ready")
        rows = self.SPACING * self.count + 40
        text = "\n".join(f"Line {n} of a made-up article that fills the pane" for n in range(rows))
        with Horizontal():
            with VerticalScroll(id="text"):
                yield Static(text)
            with Vertical(id="side"):
                yield OptionList(*[f"row {n} of the floor list" for n in range(self.count)])
                yield Static(id="detail")
        yield Footer()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        row = event.option_index
        lines = (f"line {n} about row {row} of the floor list" for n in range(self.DETAIL_LINES))
        self.query_one("#detail", Static).update("\n".join(lines))
        # Scrolled only when the row's place is off the page, as readertui scrolls its article.
        place = Region(0, row * self.SPACING, 1, 3)
        self.query_one("#text", VerticalScroll).scroll_to_region(place, animate=False)


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "static":
        app: App[None] = StaticApp()
    else:
        app = (PanesApp if kind == "panes" else ListApp)(int(sys.argv[2]))
    app.run()
