"""The folder picker: every article of a study, what it holds, and how far the coder has got.

The folder is listed at once (names only) and each article is then read in a thread worker,
its row filled in as it is done, so a folder of a thousand articles answers keys from the
first frame; the header counts the progress. `enter` opens the highlighted article.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer
from textual.worker import get_current_worker

from readertui.codebook import Codebook
from readertui.study.folder import ORDERS, SHOWS, Summary, arrange, summarize_all
from readertui.textsafe import printable
from readertui.ui.widgets.status_header import StatusHeader

COLUMNS = ("article", "posts", "quotes", "coded", "")
#: Rows are filled in at most this often while the folder is read (seconds).
BATCH_EVERY = 0.15


class ArticleTable(DataTable[object]):
    """The articles, one row each; `enter` opens one (shown in the footer as such)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="picker.open"),
        # The reader's keys for moving, here too.
        Binding("j", "cursor_down", "Next article", show=False, id="picker.next"),
        Binding("k", "cursor_up", "Previous article", show=False, id="picker.previous"),
    ]


class PickerScreen(Screen[None]):
    class Open(Message):
        """The coder chose an article to read."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort", "Sort", id="picker.sort"),
        Binding("f", "show", "Filter", id="picker.filter"),
    ]
    DEFAULT_CSS = """
    PickerScreen DataTable { height: 1fr; }
    """

    def __init__(
        self,
        folder: Path,
        articles: Sequence[Path],
        coder: str,
        codebook: Codebook | None = None,
    ) -> None:
        super().__init__()
        self.folder = folder
        self.coder = coder
        self.codebook = codebook  # the study's, or --codebook: what the counts count
        self.summaries: dict[Path, Summary] = {p: Summary(p, scanned=False) for p in articles}
        self.scanned = 0
        self.order = ORDERS[0]
        self.show = SHOWS[0]
        self.shown: list[Path] = []
        self._shown_set: set[Path] = set()

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="header")
        yield ArticleTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        width = max((len(_relative(p, self.folder)) for p in self.summaries), default=10)
        # Fixed widths: a row filled in by the scan then costs no measuring of the whole table.
        for name, size in zip(COLUMNS, (min(width, 60), 5, 6, 9, 70), strict=True):
            table.add_column(name, key=name, width=size)
        self._fill()
        table.focus()
        self.scan(list(self.summaries))

    # -- reading the folder -----------------------------------------------------------------
    @work(thread=True, exclusive=True, group="scan")
    def scan(self, paths: list[Path]) -> None:
        """Read every article in worker processes; this thread only waits and hands over."""
        worker = get_current_worker()
        batch: list[Summary] = []
        last = time.monotonic()
        for done in summarize_all(paths, self.coder, lambda: worker.is_cancelled, self.codebook):
            batch += done
            if time.monotonic() - last >= BATCH_EVERY:
                self.app.call_from_thread(self.update_summaries, batch)
                batch, last = [], time.monotonic()
        if not worker.is_cancelled:
            self.app.call_from_thread(self.update_summaries, batch)

    def update_summaries(self, summaries: Iterable[Summary]) -> None:
        """New counts for some articles (from the scan, or after coding one)."""
        table = self.query_one(DataTable)
        for summary in summaries:
            if not self.summaries[summary.path].scanned:
                self.scanned += 1
            self.summaries[summary.path] = summary
            if summary.path in self._shown_set:
                for column, value in zip(COLUMNS[1:], _cells(summary)[1:], strict=True):
                    table.update_cell(str(summary.path), column, value)
        self._status()

    # -- showing ----------------------------------------------------------------------------
    def _fill(self, keep: Path | None = None) -> None:
        table = self.query_one(DataTable)
        if keep is None and self.shown and table.cursor_row < len(self.shown):
            keep = self.shown[table.cursor_row]
        self.shown = [s.path for s in arrange(list(self.summaries.values()), self.order, self.show)]
        self._shown_set = set(self.shown)
        table.clear()
        for path in self.shown:
            table.add_row(*_cells(self.summaries[path], self.folder), key=str(path))
        if keep in self.shown:
            table.move_cursor(row=self.shown.index(keep), animate=False)
        self._status()

    def _status(self) -> None:
        total = len(self.summaries)
        done = sum(1 for s in self.summaries.values() if s.done)
        status = f"{done}/{total} articles coded · coder {self.coder}"
        if self.scanned < total:
            status += f" · reading {self.scanned}/{total}…"
        status += f" · sorted by {self.order.label}"
        if self.show is not SHOWS[0]:
            status += f" · showing {self.show.label} ({len(self.shown)})"
        self.set_reactive(Screen.sub_title, status)  # no repaint: the header shows it
        self.query_one(StatusHeader).show(printable(self.folder.name or str(self.folder)), status)

    def action_sort(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self._fill()

    def action_show(self) -> None:
        self.show = SHOWS[(SHOWS.index(self.show) + 1) % len(SHOWS)]
        self._fill()

    def neighbour(self, path: Path, step: int) -> Path | None:
        """The article before or after `path` in the order shown (None at either end)."""
        order = self.shown if path in self.shown else [
            s.path for s in arrange(list(self.summaries.values()), self.order, SHOWS[0])
        ]  # fmt: skip
        if path not in order:
            return order[0] if order else None
        index = order.index(path) + step
        return order[index] if 0 <= index < len(order) else None

    def select(self, path: Path) -> None:
        if path in self.shown:
            self.query_one(DataTable).move_cursor(row=self.shown.index(path), animate=False)

    # -- opening ----------------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        table = self.query_one(DataTable)
        if self.shown and 0 <= table.cursor_row < len(self.shown):
            self.post_message(self.Open(self.shown[table.cursor_row]))


def _cells(summary: Summary, folder: Path | None = None) -> tuple[object, ...]:
    name = Text(printable(_relative(summary.path, folder)) if folder else "")
    if not summary.scanned:
        return (name, "…", "…", "…", "")
    if summary.error:
        reason = summary.error.removeprefix(f"{summary.path}: ")
        return (name, "-", "-", "-", Text(printable(reason)[:200], style="red"))
    mark = "✓ done" if summary.done and summary.items else ""
    if not summary.items:
        mark = "nothing to code"
    coded = f"{summary.coded}/{summary.items}"
    return (name, summary.posts, summary.quotes, coded, mark)


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)
