"""What passes between readertui and the terminal, made safe both ways.

Out: text from files, names and other coders is made printable where it enters a pane
(`textsafe.printable`: visible stand-ins such as ␛). Every line of every widget then passes
`TerminalSafe` on its way to the terminal, whatever drew it (Textual's own widgets too: the
help panel, inputs, tooltips, the command palette): a control character that slipped past is
dropped (it takes no cell, so the line keeps its layout), half a character is shown as �, and a
link whose address could end its escape sequence early loses the link.

In: input that is not UTF-8 (a stray byte, a terminal set to another encoding) is dropped, where
Textual's input thread would die and take the reader with it; a terminal that goes away ends the
reader, its codes saved and its lock released (`lenient`).
"""

from __future__ import annotations

import re
import select
import threading
from typing import Any

from rich.segment import Segment
from textual.app import App
from textual.color import Color
from textual.driver import Driver
from textual.filter import LineFilter

#: Zero-width controls (C0, DEL, C1, bidirectional overrides, BOM) and lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    return _UNSAFE.sub("", _SURROGATES.sub("\ufffd", text))


class TerminalSafe(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        cleaned: list[Segment] | None = None
        for n, segment in enumerate(segments):
            text, style, control = segment
            link = style.link if style is not None else None
            unsafe_text = not control and _UNSAFE.search(text) is not None
            unsafe_link = link is not None and _UNSAFE.search(link) is not None
            if not (unsafe_text or unsafe_link):
                if cleaned is not None:
                    cleaned.append(segment)
                continue
            if cleaned is None:
                cleaned = segments[:n]
            if unsafe_link and style is not None:
                style = style.update_link(None)
            cleaned.append(Segment(_clean(text) if unsafe_text else text, style, control))
        return segments if cleaned is None else cleaned


TERMINAL_SAFE = TerminalSafe()


def lenient(driver: type[Driver]) -> type[Driver]:
    """`driver`, reading on past input that is not UTF-8 when it is Textual's terminal driver
    (the chunk read with the bad byte is dropped; the keys after it are read as usual)."""
    if driver.__name__ != "LinuxDriver":
        return driver  # Windows, or the web (textual-serve): their input is decoded elsewhere

    class LenientDriver(driver):  # type: ignore[valid-type,misc]
        def __init__(self, app: App[object], **options: Any) -> None:
            super().__init__(app, **options)
            self.reader = app  # to end, told from the hang-up watcher's thread

        def run_input_thread(self) -> None:
            threading.Thread(
                target=self._watch_hangup, name="readertui-hangup", daemon=True
            ).start()
            while True:
                try:
                    super().run_input_thread()
                    return
                except UnicodeDecodeError:
                    continue

        def _watch_hangup(self) -> None:
            """A terminal that goes away without a hangup signal (its other end closed by a
            program that started the reader in a new session): Textual's input thread would
            read nothing at full speed for ever, holding the lock."""
            watch = select.poll()
            watch.register(self.fileno, 0)  # hang-ups and errors are always reported
            while not self.exit_event.is_set():
                if watch.poll(500):
                    self.reader.call_from_thread(self.reader.exit, None, 129)  # as for SIGHUP
                    return

    return LenientDriver
