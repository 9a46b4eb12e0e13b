"""Reading an article file into text: encodings, newlines, and the errors a user can act on.

Offsets everywhere in readertui are code points into the text exactly as Python reads the file
(`open(path, encoding=...).read()`): universal newlines, and a UTF-8 byte-order mark kept as
U+FEFF at offset 0. That is what annotation tools and the corpus scorer agree on.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from readertui.files import NotRegular, TooLarge, read_regular

Format = Literal["text", "markdown", "html"]

#: Any character that is not blank: an article without one is empty.
_WORDS = re.compile("[^\ufeff \t\n\x0b\x0c]")
#: Larger files are refused outright: no article is this long, and a saved page this large is
#: mostly scripts; reading it would take seconds and a gigabyte of memory.
MAX_BYTES = 16 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
#: Formats people may try that are not articles readertui can read as text.
UNSUPPORTED_SUFFIXES = {
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".png", ".jpg", ".jpeg", ".gif",
    ".webp", ".zip", ".gz", ".tar", ".mp3", ".mp4", ".xls", ".xlsx",
}  # fmt: skip

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ArticleError(Exception):
    """A problem with an input file, worded as one line a user can act on."""


@dataclass(frozen=True, slots=True)
class Source:
    """An article's text as read from disk, with what identifies that exact version."""

    path: Path
    text: str
    sha256: str
    encoding: str
    warnings: tuple[str, ...] = ()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, name: str = "input") -> tuple[str, str, str | None]:
    """Decode a web page as a browser would: UTF-8, else the `<meta charset>` it declares,
    else Windows-1252; bytes that fit none are replaced. Returns (text, encoding, warning)."""
    try:
        text, encoding = decode(data, name)
        return text, encoding, None
    except ArticleError:
        if b"\x00" in data[:8192]:
            raise  # binary: no encoding makes it a page (UTF-16 pages carry a BOM, read above)
    declared = _META_CHARSET.search(data[:8192])
    lenient = data.decode("utf-8", errors="replace")
    if declared is None and any(ord(c) > 127 and c != "\ufffd" for c in lenient):
        # Mostly UTF-8 with a few stray bytes (pasted from elsewhere): keep the UTF-8.
        warning = f"{name}: a few bytes are not valid UTF-8; they are shown as \ufffd"
        return _newlines(lenient), "utf-8", warning
    encoding = declared.group(1).decode("ascii").lower() if declared else "windows-1252"
    if encoding != "windows-1252":
        try:
            return _decode_as(data, encoding, name)
        except (LookupError, UnicodeError):
            pass  # no such codec, or not one for text (`charset=hex`, `idna`, `undefined`)
    return _decode_as(data, "windows-1252", name)


def _decode_as(data: bytes, encoding: str, name: str) -> tuple[str, str, str | None]:
    try:
        return _newlines(data.decode(encoding)), encoding, None
    except UnicodeDecodeError:
        warning = (
            f"{name}: not all of it is valid {encoding}; the bytes that are not were shown as "
            "\ufffd"
        )
        return _newlines(data.decode(encoding, errors="replace")), encoding, warning


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode article bytes to text with universal newlines; return (text, encoding)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _newlines(data.decode(encoding)), encoding
            except UnicodeDecodeError as exc:
                raise ArticleError(f"{name}: not valid {encoding.upper()} ({exc.reason})") from None
    if b"\x00" in data:
        if order := _utf16_without_bom(data):
            raise ArticleError(
                f"{name}: looks like UTF-16 text without a byte-order mark; convert it to UTF-8 "
                f"first, e.g. with iconv -f UTF-16{order} -t UTF-8"
            )
        raise ArticleError(
            f"{name}: looks like a binary file (it contains NUL bytes), not an article"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        if _mostly_binary(data):
            raise ArticleError(f"{name}: looks like a binary file, not an article") from None
        raise ArticleError(
            f"{name}: not valid UTF-8 (byte 0x{bad:02x} at offset {exc.start}); "
            "convert it to UTF-8 first, e.g. with iconv"
        ) from None
    return _newlines(text), "utf-8"


def read_source(path: Path | str) -> Source:
    """Read an article file, or raise ArticleError saying why it cannot be read."""
    path = Path(path)
    name = str(path)
    try:
        data = read_regular(path, MAX_BYTES)
    except OSError as exc:
        raise ArticleError(f"{name}: {_unreadable(path, exc)}") from None
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        raise ArticleError(
            f"{name}: {suffix} files are not supported; readertui reads .txt, .md and .html"
        )
    warning = None
    if suffix in HTML_SUFFIXES:
        text, encoding, warning = decode_html(data, name)
    else:
        text, encoding = decode(data, name)
    if _WORDS.search(text) is None:  # not `strip()`: that copies a large text to answer
        raise ArticleError(f"{name}: is empty")
    return Source(
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        warnings=(warning,) if warning else (),
    )


def _unreadable(path: Path, exc: OSError) -> str:
    """Why the article at `path` could not be read, in words a user can act on."""
    if isinstance(exc, NotRegular):
        return "is a folder, not an article file" if exc.kind == "a folder" else str(exc)
    if isinstance(exc, TooLarge):
        return (
            f"too large to be an article ({exc.size / 2**20:.0f} MB; "
            f"the limit is {MAX_BYTES // 2**20} MB)"
        )
    if exc.errno == errno.ELOOP or (isinstance(exc, FileNotFoundError) and path.is_symlink()):
        return "a link that leads nowhere (a loop, or a missing file)"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot be read ({exc.strerror or exc})"


def _newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """ "LE" or "BE" when `data` reads as UTF-16 text of that order (every other byte NUL, as
    in Latin-script text); None when it does not."""
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    for order, zeros, chars in (
        ("LE", sample[1::2], sample[0::2]),
        ("BE", sample[0::2], sample[1::2]),
    ):
        if zeros.count(0) >= 0.9 * len(zeros) and chars.count(0) == 0:
            try:
                text = sample.decode(f"utf-16-{order.lower()}")
            except UnicodeDecodeError:
                continue
            if text.isprintable() or all(c.isprintable() or c in "\t\n\r" for c in text):
                return order
    return None


def _mostly_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in b"\t\n\r\f\x1b")
    return controls > len(sample) // 20
