"""The readertui application: global keys, the stylesheet, and the reader screen."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import HelpPanel
from textual.worker import Worker, WorkerState

from readertui.article import article_from_source
from readertui.codebook import Codebook, load_codebook
from readertui.screens.confirm import ConfirmScreen
from readertui.screens.loading import LoadingScreen
from readertui.screens.reader import ReaderScreen
from readertui.session import CodingSession
from readertui.source import Source, read_source

#: Articles larger than this are read in a worker behind a loading screen.
BACKGROUND_LOAD = 200_000


class ReaderApp(App[None]):
    CSS_PATH = "readertui.tcss"
    TITLE = "readertui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "toggle_help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        source: Source,
        *,
        codebook: Codebook | None = None,
        coder: str | None = None,
        annotations_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.source = source
        self.codebook = codebook
        self.coder = coder
        self.annotations_path = annotations_path
        self.session: CodingSession | None = None

    def on_mount(self) -> None:
        if len(self.source.text) <= BACKGROUND_LOAD:
            self._show(self._open())
        else:
            self.push_screen(LoadingScreen(self.source.path.name, len(self.source.text)))
            self.run_worker(self._open, name="open", thread=True, exit_on_error=False)

    def _open(self) -> CodingSession:
        """Render the article, find its posts and read its sidecar (may run in a thread)."""
        article = article_from_source(self.source)
        return CodingSession(
            article,
            codebook=self.codebook,
            coder=self.coder,
            annotations_path=self.annotations_path,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "open":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, CodingSession):
            self.switch_screen(self._reader(event.worker.result))
        elif event.state == WorkerState.ERROR:
            error = f"readertui: could not open {self.source.path}: {event.worker.error}"
            self.exit(return_code=1, message=error)

    def _show(self, session: CodingSession) -> None:
        self.push_screen(self._reader(session))

    def _reader(self, session: CodingSession) -> ReaderScreen:
        self.session = session
        # The article is built and will live as long as the app: moving it out of the
        # collector's reach spares every later collection a walk through millions of objects.
        gc.freeze()
        return ReaderScreen.for_codebook(session.codebook)(session)

    async def action_quit(self) -> None:
        """Quit, unless codes are not saved: then try again, and ask before losing them."""
        session = self.session
        if session is None or not session.save_error or session.save().ok:
            self.exit()
            return

        def answered(lose: bool | None) -> None:
            if lose:
                self.exit()

        question = f"Your latest codes are not saved: {session.save_error}. Quit and lose them?"
        self.push_screen(ConfirmScreen(question), answered)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()  # let another reader write the sidecar

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
    """The reader for an article. The file and codebook are read here, before the terminal is
    taken over, so bad input is reported on the command line (ArticleError, CodebookError)."""
    return ReaderApp(
        read_source(article),
        codebook=load_codebook(codebook) if codebook else None,
        coder=coder,
        annotations_path=Path(annotations) if annotations else None,
    )
