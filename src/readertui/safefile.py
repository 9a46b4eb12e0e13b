"""Reading a file someone else may have planted: only a regular file, only up to a limit.

Every file readertui reads (articles, sidecars, journals, locks, codebooks, settings) comes
through `read_regular`. A named pipe would block the reader for ever, a device never end
(`/dev/zero`), a folder fail later with a confusing message: their type is checked before they
are opened, and again on the open file (it may have been swapped meanwhile; the open itself
does not block on a pipe). A file larger than the limit is refused before it is read, and
reading stops at the limit if it grows meanwhile.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_CHUNK = 1 << 20


class FileRefused(OSError):
    """A path readertui will not read; `str()` says why in words a user can act on (without
    the path: callers name it their own way)."""


class NotRegular(FileRefused):
    """Not a regular file: a folder, a named pipe, a device or a socket (`kind`)."""

    def __init__(self, mode: int) -> None:
        self.kind = kind_of(mode)
        super().__init__(f"is {self.kind}, not a regular file")


class TooLarge(FileRefused):
    def __init__(self, size: int, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(f"too large ({size_text(size)}; the limit is {size_text(limit)})")


def kind_of(mode: int) -> str:
    """What a file of `mode` is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def read_regular(path: Path | str, limit: int, head: bool = False) -> bytes:
    """The bytes of the regular file at `path` (its first `limit` bytes when `head`).

    Raises NotRegular for anything but a regular file, TooLarge (unless `head`) for one over
    `limit` bytes; FileNotFoundError, PermissionError and other OSErrors as `open` does."""
    mode = Path(path).stat().st_mode
    if not stat.S_ISREG(mode):
        raise NotRegular(mode)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped for something else since the check
            raise NotRegular(st.st_mode)
        if st.st_size > limit and not head:
            raise TooLarge(st.st_size, limit)
        chunks: list[bytes] = []
        left = limit + (0 if head else 1)  # one byte more tells a file that grew meanwhile
        while left > 0:
            chunk = os.read(fd, min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLarge(len(data), limit)
    return data


def size_text(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.0f} MB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.0f} KB"
    return f"{n} bytes"
