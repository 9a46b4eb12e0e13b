"""The first frame: the article's opening lines where the reader will show them, while its
posts and quotations are found in a worker (the reader replaces this screen when they are).

It needs nothing but the file's text, so it paints before the parsers are even imported; the
article can be scrolled meanwhile. Markdown and HTML show as written until the reader comes.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

from readertui.textsafe import printable
from readertui.ui.widgets.status_header import StatusHeader, header

#: Characters of the article shown before it is analysed: a few screens' worth.
PREVIEW = 6000


class OpeningScreen(Screen[None]):
    DEFAULT_CSS = """
    OpeningScreen #preview { padding: 0 1; }
    OpeningScreen #finding { padding: 1 2; color: $text-muted; height: auto; }
    OpeningScreen LoadingIndicator { height: 3; }
    """

    def __init__(self, name: str, text: str) -> None:
        super().__init__()
        self.article_name = name
        self.text = text

    def compose(self) -> ComposeResult:
        # Composed with its text, so the very first frame names the article.
        yield StatusHeader(header(printable(self.article_name), "reading…"), id="header")
        with Horizontal(id="main"):
            with VerticalScroll(id="article"):
                preview = printable(self.text[:PREVIEW].replace("\t", "    "))
                yield Static(Content(preview), id="preview")
            with Vertical(id="side"):
                size = len(self.text)
                what = f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size:,} characters"
                yield Static(f"Finding posts and quotations ({what})…", id="finding")
                yield LoadingIndicator()
        # No footer: its keys (built from every binding) cost the first frame a tenth of its
        # time, and while the article is read the only keys are the scrolling ones.

    def on_mount(self) -> None:
        self.title = self.article_name
        self.query_one("#article").focus()
