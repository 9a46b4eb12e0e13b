"""Making article text safe to show: it is data, never markup or terminal control.

Control characters (escape sequences start with ESC), DEL, C1 controls and bidirectional
overrides are replaced one-for-one with visible stand-ins, so offsets into the text still hold.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def printable(text: str) -> str:
    """Text with every character that could control a terminal replaced by a visible one."""
    return _UNSAFE.sub(lambda m: _stand_in(m.group()), text)


def file_name(name: str) -> str:
    """A file name as text to store and show: bytes that are not UTF-8 (Python keeps them as
    lone surrogates, which no text file can hold) written as `\\xNN`. Stored names are
    compared in this form, so the same name gives the same text every time."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def json_safe(dumped: str) -> str:
    """Escape what `json.dumps(ensure_ascii=False)` leaves raw but a terminal might obey."""
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def one_line(text: str, width: int) -> str:
    """A printable single-line preview of at most `width` characters."""
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= width else flat[: max(0, width - 1)] + "…"


#: An address safe to open or link to: http(s), nothing that could end a terminal hyperlink
#: (never `javascript:`, `file:` or `data:`, which an article's text could hold).
_WEB_ADDRESS = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f]{1,2000}", re.IGNORECASE)


def is_web_address(url: str) -> bool:
    return _WEB_ADDRESS.fullmatch(url) is not None
