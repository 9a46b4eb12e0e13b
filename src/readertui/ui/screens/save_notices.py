"""What the coder is told about saving: each failure once while it shows, and what the quiet
save after the keys stop found."""

from __future__ import annotations

import time
from collections.abc import Callable

from readertui.session import SaveResult

#: Seconds a "Not saved" notice shows.
UNSAVED_SHOWN = 10.0


class SaveNotices:
    def __init__(self, notify: Callable[..., object]) -> None:
        self.notify = notify  # the screen's `notify`
        self._said = ("", -UNSAVED_SHOWN)  # the last "Not saved" shown, and when

    def after_key(self, result: SaveResult) -> None:
        """A coding key's save. A failure is said once while it shows, not once per key: each
        failing key would add another notice."""
        if not result.ok:
            said, at = self._said
            now = time.monotonic()
            if result.message != said or now - at > UNSAVED_SHOWN:
                self._said = (result.message, now)
                self.notify(
                    result.message,
                    title="Not saved",
                    severity="error",
                    timeout=UNSAVED_SHOWN,
                    markup=False,
                )
        elif result.message:
            self.notify(f"All codes {result.message}.", timeout=4)

    def when_idle(self, result: SaveResult) -> None:
        """The save once the keys stopped: said when it failed or had news (another program's
        edit found, or saved again)."""
        if not result.ok or result.message:
            self.notify(
                result.message,
                title="Saved" if result.ok else "Not saved",
                severity="information" if result.ok else "error",
                timeout=10,
                markup=False,
            )

    def forget(self) -> None:
        """Notices were cleared (a dialog asked a question): a save that fails again says so."""
        self._said = ("", -UNSAVED_SHOWN)
