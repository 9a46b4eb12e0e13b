"""Shown while a large article is read, so the terminal answers at once."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Header, LoadingIndicator, Static


class LoadingScreen(Screen[None]):
    DEFAULT_CSS = """
    LoadingScreen Static { width: auto; color: $text-muted; }
    LoadingScreen LoadingIndicator { height: 3; }
    """

    def __init__(self, name: str, size: int) -> None:
        super().__init__()
        self.article_name = name
        self.article_size = size

    def compose(self) -> ComposeResult:
        yield Header()
        with Middle(), Center():
            yield Static(
                f"Reading {self.article_name} ({self.article_size / 1e6:.1f} MB)…", markup=False
            )
            yield LoadingIndicator()
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.article_name
