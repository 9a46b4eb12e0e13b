"""Minimal Textual apps that set the floor readertui is measured against.

python floor_apps.py static          # paints one line of text
python floor_apps.py optionlist 2000 # a focused OptionList of 2,000 rows
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import OptionList, Static


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


if __name__ == "__main__":
    kind = sys.argv[1]
    app = StaticApp() if kind == "static" else ListApp(int(sys.argv[2]))
    app.run()
