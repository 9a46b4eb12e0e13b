"""The header: the article's name, coding progress and state, on one line.

Updated in the same handler as the change it reports and without a layout pass (it is always
one line), so the progress reaches the screen in the same frame as the code itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from readertui.textsafe import printable

if TYPE_CHECKING:
    from readertui.session import CodingSession


class StatusHeader(Static):
    DEFAULT_CSS = """
    StatusHeader {
        dock: top; height: 1; width: 1fr;
        background: $panel; color: $foreground;
        content-align: center middle; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def show(self, title: str, status: str, alert: str = "") -> None:
        self.update(header(title, status, alert), layout=False)


def header(title: str, status: str, alert: str = "") -> Content:
    """The header's line: what is open, how far coding has got, and any alert. The title and
    status name files and coders: made printable here, for every screen."""
    parts: list[str | tuple[str, str]] = [("readertui", "bold"), "  ", printable(title)]
    if status:
        parts += [("  —  ", "$text-muted"), printable(status)]
    if alert:
        parts += ["  ", (f" {alert} ", "bold $text-error on $error-muted")]
    return Content.assemble(*parts)


def status_line(
    session: CodingSession,
    shown: tuple[str, int, int] | None,
    reviewing: list[str] | None,
    extra: str = "",
) -> tuple[str, str]:
    """The reader's progress (items coded of those not rejected, the filter and how many it
    shows, whose codes review shows) and its alert (read-only, not saved)."""
    status = f"{session.coded_count}/{session.unit_count} coded · coder {session.coder}"
    if shown is not None:  # (the filter's name, how many match it, how many are listed)
        label, matching, listed = shown
        count = f"{matching}" if matching == listed else f"{matching} of {listed} listed"
        status += f" · showing {label} ({count})"
    if reviewing is not None:
        status += f" · review: {', '.join(reviewing) or 'no other coder'}"
    alert = "READ-ONLY" if session.read_only else "NOT SAVED" if session.save_error else ""
    return status + extra, alert
