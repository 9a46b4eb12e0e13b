"""The readertui application: global keys, the stylesheet, settings, and which screen is up.

One article: the reader screen. A folder: the picker, with the reader pushed over it for the
article chosen; `ctrl+n` / `ctrl+p` replace it with the next or previous article in the
picker's order, `escape` goes back to the picker.

The first frame comes first: this module imports only what the opening screen needs, and an
article is parsed, searched and matched with its sidecar in a worker thread (which imports the
parsers), behind a screen already showing its opening lines.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from readertui.codebook import Codebook, load_codebook
from readertui.config import Settings, checked_coder, default_coder, load_settings
from readertui.source import ArticleError, Source, read_source
from readertui.study.settings import GOLD, StudyError, find_study
from readertui.textsafe import printable
from readertui.ui.screens.opening import OpeningScreen
from readertui.ui.widgets.terminal import TERMINAL_SAFE, lenient

if TYPE_CHECKING:  # imported when first needed, after the first frame
    from readertui.session import CodingSession
    from readertui.ui.screens.picker import PickerScreen

#: What a folder key says when one article is open, by what it does in a folder.
ONE_ARTICLE = {
    "move": "Only one article is open: open a folder (readertui FOLDER) to move between articles.",
    "back": "Only one article is open: there is no list of articles to go back to "
    "(readertui FOLDER opens one).",
}


class ReaderApp(App[None]):
    CSS_PATH = "readertui.tcss"
    TITLE = "readertui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "toggle_help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        # ctrl+p is the previous article in a folder, so the palette has a key of its own.
        Binding("ctrl+k", "command_palette", "Commands", show=False, id="app.commands"),
        Binding("ctrl+n", "next_article(1)", "Next article", show=False, id="app.next_article"),
        Binding(
            "ctrl+p", "next_article(-1)", "Previous article", show=False, id="app.prev_article"
        ),
        # One article open: the folder keys are hidden, but pressed they say why they do
        # nothing. (The same ids: a keymap that moves the folder keys moves these with them.)
        Binding("ctrl+n", "one_article('move')", show=False, system=True, id="app.next_article"),
        Binding("ctrl+p", "one_article('move')", show=False, system=True, id="app.prev_article"),
    ]
    COMMAND_PALETTE_BINDING = "ctrl+k"  # the footer shows the palette's key from this
    COMMAND_PALETTE_DISPLAY = "^k"

    def __init__(
        self,
        source: Source | None = None,
        *,
        folder: Path | None = None,
        articles: list[Path] | None = None,
        codebook: Codebook | None = None,
        coder: str | None = None,
        annotations_path: Path | None = None,
        settings: Settings | None = None,
        blind: bool = False,
        adjudicate: bool = False,
        notice: str | None = None,
    ) -> None:
        super().__init__()
        #: The coder is the study's adjudicator: every coder's codes shown, `=` takes them.
        self.adjudicate = adjudicate
        #: The study codes blind: nothing of other coders is shown (see `study.settings`).
        self.blind = blind
        self.notice = notice  # said once the first screen is up
        self.source = source
        self.folder = folder
        self.articles = articles or []
        self.codebook = codebook
        self.coder = coder or default_coder()
        self.annotations_path = annotations_path
        self.settings = settings or Settings()
        self.session: CodingSession | None = None
        self.picker: PickerScreen | None = None
        self.reader: Screen[None] | None = None  # the reader screen showing the session
        self._painted = False
        self.crashed = False  # ended by an error in the app (see `panic`)
        self._when_ready: Callable[[], None] | None = None

    def on_mount(self) -> None:
        self._apply_settings()
        if self.notice:
            self.notify(self.notice, title="Study", severity="warning", timeout=15, markup=False)
        if self.folder is not None:
            from readertui.ui.screens.picker import PickerScreen

            self.picker = PickerScreen(self.folder, self.articles, self.coder, self.codebook)
            self.push_screen(self.picker)
        elif self.source is not None:
            self._load(self.source)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notification never drives the terminal: messages carry file names, settings and
        the coder names of sidecars. (readertui's own pass `markup=False` too: they are text.)"""
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def panic(self, *renderables: RenderableType) -> None:
        """An error in the app itself: it ends, saying so, with a status that says so too."""
        self.crashed = True
        super().panic(*renderables)

    def get_driver_class(self) -> type[Driver]:
        return lenient(super().get_driver_class())

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the guard that keeps every line from driving the terminal."""
        return [*super().get_line_filters(), TERMINAL_SAFE]

    def _apply_settings(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
            unknown = sorted(set(self.settings.keymap) - known_binding_ids())
            unknown = [i for i in unknown if not i.startswith("code.")]
            if unknown:
                self.notify(
                    f"Not readertui keys: {', '.join(unknown)} (the README lists the ids)",
                    title="Settings",
                    severity="warning",
                    timeout=15,
                    markup=False,
                )
        theme = self.settings.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            self.notify(
                f"No theme called {theme!r}; ctrl+k lists the themes.",
                severity="warning",
                markup=False,
            )

    # -- opening an article -----------------------------------------------------------------
    def _load(self, source: Source) -> None:
        """Open `source` in a thread, its opening lines on screen meanwhile."""
        self.push_screen(OpeningScreen(source.path.name, source.text))

        def start() -> None:
            self.run_worker(self._open_in_thread(source), name="open", exit_on_error=False)

        # Started once the opening screen is on the terminal: the worker's imports and parsing
        # would otherwise hold the interpreter while the first frame waits to be written.
        if self._painted:
            self.call_after_refresh(start)
        else:
            self._when_ready = start

    def on_ready(self) -> None:
        """The first frame is on the terminal."""
        self._painted = True
        if self._when_ready is not None:
            self._when_ready()
            self._when_ready = None

    def on_key(self, event: events.Key) -> None:
        """A printable key that reaches the app while a text field has focus was sent to the
        pane that had focus before: typed right after the key that opened the field (a paste,
        or keys queued while the app was busy). It is text for the field. (A text field stops
        the keys it types, and by now no binding has taken it: the field's own keys win.)"""
        from textual.widgets import Input

        field = self.focused
        if isinstance(field, Input) and event.is_printable:
            event.stop()
            event.prevent_default()  # nor a binding's key: a keymap may have moved one onto it
            field.post_message(events.Key(event.key, event.character))

    async def _open_in_thread(self, source: Source) -> CodingSession:
        """`_open` in a thread of its own, which quitting does not wait for: a large article
        takes seconds to read, and `q` must end the reader at once (Textual's thread workers
        run in the event loop's executor, which the program waits for before it ends). A
        session made after the reader ended is closed (its lock released)."""
        loop = asyncio.get_running_loop()
        opened: asyncio.Future[CodingSession] = loop.create_future()

        def settle(result: CodingSession | None, error: BaseException | None) -> None:
            if opened.done():  # the reader ended meanwhile
                if result is not None:
                    result.close()
            elif error is not None:
                opened.set_exception(error)
            else:
                opened.set_result(result)  # type: ignore[arg-type]

        def run() -> None:
            result, error = None, None
            try:
                result = self._open(source)
            except BaseException as exc:  # handed to the worker, which reports it
                error = exc
            try:
                loop.call_soon_threadsafe(settle, result, error)
            except RuntimeError:  # the event loop is gone: the reader has ended
                if result is not None:
                    result.close()

        threading.Thread(target=run, name="readertui-open", daemon=True).start()
        return await opened

    def _open(self, source: Source) -> CodingSession:
        """Render the article, find its posts and read its sidecar (runs in a thread)."""
        from readertui.article import article_from_source
        from readertui.session import CodingSession
        from readertui.ui.screens.reader import ReaderScreen  # noqa: F401  (imported off-screen)

        article = article_from_source(source)
        return CodingSession(
            article,
            codebook=self.codebook,
            coder=self.coder,
            annotations_path=self.annotations_path,
            blind=self.blind,
            adjudicating=self.adjudicate,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "open":
            return
        if event.state == WorkerState.SUCCESS and event.worker.result is not None:
            self.pop_screen()  # the opening screen
            self._show(event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = f"could not open {event.worker.error}"
            if self.picker is None:
                # Text, not a str: the message names a file, and a str would be read as markup.
                self.exit(return_code=1, message=Text(printable(f"readertui: {error}")))
            else:
                self.pop_screen()
                self.notify(error, title="Not opened", severity="error", markup=False)

    def _show(self, session: CodingSession) -> None:
        from readertui.ui.screens.reader import ReaderScreen

        self.session = session
        screen = ReaderScreen.for_codebook(session.codebook)(session)
        reading, self.reader = self._reading(), screen
        if reading:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self.call_after_refresh(self._settle_memory)

    def _settle_memory(self) -> None:
        """Once the reader it replaced is gone: collect the article closed before this one,
        then freeze this one. It lives until another is opened, and out of the collector's
        reach it spares every later collection a walk through millions of objects."""
        gc.collect()
        gc.freeze()

    def on_picker_screen_open(self, event: PickerScreen.Open) -> None:
        self._switch_to(event.path)

    def _switch_to(self, path: Path, step: int = 0) -> None:
        """Leave the current article (its codes saved) and open `path` from the folder; one
        that cannot be read is said and, when moving by `step`, passed over for the next."""

        def go() -> None:
            target: Path | None = path
            while target is not None:
                try:
                    source = read_source(target)
                    break
                except ArticleError as exc:
                    self.notify(str(exc), title="Not opened", severity="error", markup=False)
                    target = self.picker.neighbour(target, step) if step and self.picker else None
            else:
                return
            self._close_session()
            if self.picker is not None:
                self.picker.select(source.path)
            self._load(source)

        self._leave(go)

    def action_next_article(self, step: int) -> None:
        if self.picker is None or self.session is None:
            return
        path = self.picker.neighbour(self.session.article.path, step)
        if path is None:
            self.notify("This is the last article." if step > 0 else "This is the first article.")
            return
        self._switch_to(path, step)

    def action_back_to_folder(self) -> None:
        if self.picker is None or not self._reading():
            return

        def go() -> None:
            self._close_session()
            self.pop_screen()
            self.reader = None  # (it holds the article: let it go)

        self._leave(go)

    def action_one_article(self, key: str) -> None:
        """A folder key pressed with one article open: say why it does nothing. (Escape, which
        has nothing else to close by now, closes the help panel first.)"""
        if key == "back" and self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
            return
        self.notify(ONE_ARTICLE[key], title="One article", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_article", "back_to_folder"):
            # Folder keys: hidden (not greyed) when one article was opened.
            return self.picker is not None and self._reading()
        if action == "one_article":
            return self.picker is None and self._reading()
        return True

    def _reading(self) -> bool:
        """Whether the reader is on top (not a dialog over it, nor the folder's picker)."""
        return self.reader is not None and self.screen is self.reader

    def _close_session(self) -> None:
        session = self.session
        if session is None:
            return
        session.close()  # let another reader write the sidecar
        self.session = None
        gc.unfreeze()  # the article may now be collected
        if self.picker is not None:  # the session knows the counts: no need to read it again
            from readertui.study.folder import Summary

            article = session.article
            counts = Summary(
                article.path,
                len(article.posts),
                len(article.quotes),
                session.coded_count,
                article=int(session.codes_article),
            )
            self.picker.update_summaries([counts])

    # -- leaving ----------------------------------------------------------------------------
    def _leave(self, then: Callable[[], None]) -> None:
        """Do `then`, unless codes are not saved: then try again, and ask before losing them."""
        session = self.session
        if session is None or not session.save_error or session.save().ok:
            then()
            return

        def answered(lose: bool | None) -> None:
            if lose:
                then()

        from readertui.ui.screens.confirm import ConfirmScreen

        question = f"Your latest codes are not saved: {session.save_error}. Leave and lose them?"
        self.clear_notifications()  # they would cover the question (the reader, back, says
        # why its codes are not saved again: see ReaderScreen.on_screen_resume)
        self.push_screen(ConfirmScreen(question), answered)

    async def action_quit(self) -> None:
        self._leave(self.exit)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()  # let another reader write the sidecar

    def action_toggle_help(self) -> None:
        """Show or hide the panel listing every active key (read from the bindings)."""
        from textual.widgets import HelpPanel  # brings in Markdown: not needed before this

        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()


def known_binding_ids() -> set[str]:
    """The ids a keymap may name (codebook keys, `code.VARIABLE.VALUE`, come on top)."""
    from readertui.ui.screens.picker import ArticleTable, PickerScreen
    from readertui.ui.screens.reader import ReaderScreen
    from readertui.ui.widgets.article_cursor import ArticleCursor
    from readertui.ui.widgets.item_form import ItemForm, Words
    from readertui.ui.widgets.item_list import ItemList

    owners = (
        *(ReaderApp, ReaderScreen, ItemList, ArticleCursor),
        *(ItemForm, Words, PickerScreen, ArticleTable),
    )
    return {
        binding.id
        for owner in owners
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and binding.id
    }


def build_app(
    article: Path | str,
    *,
    codebook: Path | str | None = None,
    coder: str | None = None,
    annotations: Path | str | None = None,
    settings: Settings | None = None,
    adjudicate: bool = False,
) -> ReaderApp:
    """The reader for an article, or the picker for a folder of them. Files, codebook and
    settings are read here, before the terminal is taken over, so bad input is reported on the
    command line (ArticleError, CodebookError, ConfigError, StudyError). The study file above
    the article (`readertui.toml`) gives the codebook unless `--codebook` does, says who may
    code, and whether they code blind."""
    path = Path(article)
    study = find_study(path)
    gold = study.gold if study is not None else GOLD
    if adjudicate and coder is not None and coder != gold:
        where = f"{study.path} names {gold!r}" if study is not None else f"it is {gold!r}"
        raise StudyError(
            f"--adjudicate codes as the adjudicator ({where}), never in a coder's own file: "
            f"leave out --coder {coder}"
        )
    if adjudicate:
        coder = gold
    coder = checked_coder(coder) if coder is not None else default_coder()
    settings = settings if settings is not None else load_settings(coder)
    book = load_codebook(codebook) if codebook else None
    notice = None
    if study is not None:
        study.check_coder(coder)
        adjudicate = coder == study.gold
        if book is None:
            book = study.codebook
        elif study.codebook is not None and book != study.codebook:
            notice = f"Coding with --codebook {codebook}, not the codebook {study.path} names."
    blind = study is not None and study.blind_for(coder)
    if path.is_dir():
        if annotations:
            raise ArticleError(
                "--annotations names one article's file; it cannot be used with a folder"
            )
        from readertui.study.articles import find_articles

        articles = list(find_articles(path))
        if not articles:
            raise ArticleError(f"{path}: no articles (.txt, .md, .html) in this folder")
        from readertui.study.workers import prepare_workers

        prepare_workers()
        return ReaderApp(
            folder=path,
            articles=articles,
            codebook=book,
            coder=coder,
            settings=settings,
            blind=blind,
            adjudicate=adjudicate,
            notice=notice,
        )
    return ReaderApp(
        read_source(path),
        codebook=book,
        coder=coder,
        annotations_path=Path(annotations) if annotations else None,
        settings=settings,
        blind=blind,
        adjudicate=adjudicate,
        notice=notice,
    )
