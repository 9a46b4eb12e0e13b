"""Every file readertui reads or writes goes through here: the rules that keep a shared folder safe.

Reading: every file readertui reads (articles, sidecars, journals, locks, codebooks, settings) comes
through `read_regular`. A named pipe would block the reader for ever, a device never end
(`/dev/zero`), a folder fail later with a confusing message: their type is checked before they
are opened, and again on the open file (it may have been swapped meanwhile; the open itself
does not block on a pipe). A file larger than the limit is refused before it is read, and
reading stops at the limit if it grows meanwhile.

Writing: `write_atomic` replaces a file whole or not at all (a temporary file in the same folder,
flushed, renamed over it), so a crash at any instant leaves the old file or the new one;
`write_new` makes a file only where nothing (not even a link) has that name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
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


class WriteError(Exception):
    """A file that could not be written (read-only folder, full disk), worded as one line."""


def write_atomic(path: Path, data: bytes, confined: bool = False) -> None:
    """Replace `path` with `data` so that a crash leaves either the old file or the new one.
    A link is written through (the file it names is replaced), unless `confined` and it leads
    out of its folder or to no file (it may have been planted since the file was opened)."""
    try:
        target = path.resolve() if path.is_symlink() else path
    except (OSError, RuntimeError):
        raise WriteError(f"cannot write {path} (a loop of symbolic links)") from None
    if (
        confined
        and target is not path
        and (target.parent != path.parent.resolve() or not target.is_file())
    ):
        raise WriteError(f"not writing {path}: it is now a link out of its folder, or to no file")
    tmp = _temporary(target, data)
    try:
        Path(tmp).replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise WriteError(f"cannot write {target} ({exc.strerror or exc})") from None
    sync_folder(target.parent)


def write_new(path: Path, data: bytes) -> None:
    """Create `path` holding `data`, whole or not at all, only if nothing has that name: not a
    file, not a link (a planted link, even to nowhere, is never written through).
    FileExistsError if something has."""
    tmp = _temporary(path, data)
    try:
        os.link(tmp, path)  # fails if the name is taken, by a dangling link too
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise WriteError(f"cannot write {path} ({exc.strerror or exc})") from None
        _write_exclusive(path, data)  # a file system without hard links
    finally:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
    sync_folder(path.parent)


def _write_exclusive(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, mode_for(path))
    except FileExistsError:
        raise
    except OSError as exc:
        raise WriteError(f"cannot write {path} ({exc.strerror or exc})") from None
    try:
        _fill(fd, data)
    except OSError as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        raise WriteError(f"cannot write {path} ({exc.strerror or exc})") from None


def _fill(fd: int, data: bytes) -> None:
    """Write `data` to the new file open as `fd`, on disk before it is closed."""
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _temporary(target: Path, data: bytes) -> str:
    """A new hidden file beside `target` holding `data`, on disk, with `target`'s permissions."""
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"cannot write in {folder} ({exc.strerror or exc})") from None
    try:
        _fill(fd, data)
        Path(tmp).chmod(mode_for(target))
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise WriteError(f"cannot write {target} ({exc.strerror or exc})") from None
    return tmp


def mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (it lives in the folder's entry)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
