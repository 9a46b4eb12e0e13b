"""The readertui application: global keys, the stylesheet, and the reader screen."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import HelpPanel

from readertui.article import load_article
from readertui.codebook import Codebook, load_codebook
from readertui.screens.reader import ReaderScreen
from readertui.session import CodingSession


class ReaderApp(App[None]):
    CSS_PATH = "readertui.tcss"
    TITLE = "readertui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "toggle_help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, session: CodingSession) -> None:
        super().__init__()
        self.session = session

    def on_mount(self) -> None:
        self.push_screen(ReaderScreen.for_codebook(self.session.codebook)(self.session))

    def action_toggle_help(self) -> None:
        """Show or hide the panel listing every active key (read from the bindings)."""
        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()


def build_app(
    article: Path | str,
    *,
    codebook: Path | str | None = None,
    coder: str | None = None,
    annotations: Path | str | None = None,
) -> ReaderApp:
    """Everything the reader needs, loaded before the terminal is taken over, so that bad
    input is reported on the command line (ArticleError, CodebookError)."""
    book: Codebook | None = load_codebook(codebook) if codebook else None
    session = CodingSession(
        load_article(article),
        codebook=book,
        coder=coder,
        annotations_path=Path(annotations) if annotations else None,
    )
    return ReaderApp(session)
