"""One writer per sidecar: a lock file beside it, taken over when its owner is gone.

`story.txt.annotations.json.lock` holds the process id, host, coder and time of the reader
that writes the sidecar. A lock guards the file written, not the article: two coders coding
the same article write two files (see `corpus.sidecar_for`) and take two locks. A second
reader on the same sidecar opens read-only instead of writing over the first one's work. A
lock left by a process that no longer runs on this host (a crash, `kill -9`) is stale and
taken over; one from another host is respected, and the message says how to remove it.
Something else at the lock's name (a folder, a pipe) is never removed: the reader says so
and opens read-only. A lock that cannot be made (a read-only folder) is tried again before
each save, so it is taken once the folder can be written.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from readertui.files import NotRegular, read_regular


def lock_path(sidecar: Path) -> Path:
    return sidecar.with_name(sidecar.name + ".lock")


@dataclass(frozen=True, slots=True)
class Holder:
    """Why the lock is not ours: another reader has it (`coder`: who, when it says), or
    something that is not a lock stands at its name (`coder` None)."""

    message: str
    coder: str | None = None


class SidecarLock:
    def __init__(self, sidecar: Path, coder: str = "") -> None:
        self.path = lock_path(sidecar)
        self.coder = coder
        self.held = False
        #: Why the lock could not be made (a read-only folder): `acquire` is to be tried again.
        self.unavailable: str | None = None

    def acquire(self) -> Holder | None:
        """Take the lock. None when taken, or when it cannot be made now (`unavailable` says
        why); else who or what holds it."""
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if holder is not None:
                    return holder
                with contextlib.suppress(OSError):
                    self.path.unlink()  # stale: its process is gone
                continue
            except OSError as exc:  # a folder we cannot write in (yet)
                self.unavailable = exc.strerror or str(exc)
                return None
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(
                        {
                            "pid": os.getpid(),
                            "host": socket.gethostname(),
                            "coder": self.coder,
                            "since": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        },
                        out,
                    )
            except OSError as exc:  # a full disk: no empty lock left behind; saving will say so
                with contextlib.suppress(OSError):
                    self.path.unlink()
                self.unavailable = exc.strerror or str(exc)
                return None
            self.held = True
            self.unavailable = None
            return None
        return None

    def _holder(self) -> Holder | None:
        """Who holds the lock, or None if the lock is stale."""
        try:
            info = json.loads(read_regular(self.path, 4096, head=True).decode("utf-8"))
            pid, host, since = int(info["pid"]), str(info["host"]), str(info.get("since", "?"))
            coder = info.get("coder")
        except NotRegular as exc:
            return Holder(
                f"{self.path.name} {exc}, where readertui keeps its lock (remove it to code here)"
            )
        except (OSError, ValueError, KeyError, TypeError, RecursionError, OverflowError):
            return None  # unreadable: not a lock any reader wrote
        if not 0 < pid < 2**31:
            return None  # no process has that id: not a lock any reader wrote
        if host == socket.gethostname() and not _alive(pid):
            return None
        where = f"process {pid}" + ("" if host == socket.gethostname() else f" on {host}")
        named = isinstance(coder, str) and coder
        return Holder(
            f"the codes are open in another readertui ({f'{coder}, ' if named else ''}{where}, "
            f"since {since}); if none is running, delete {self.path}",
            # A lock from before locks named their coder: whose it is cannot be told.
            coder if named else "",
        )

    def release(self) -> None:
        if self.held:
            self.held = False
            with contextlib.suppress(OSError):
                self.path.unlink()


def holder_of(sidecar: Path) -> Holder | None:
    """Who holds the lock of `sidecar` now, without taking it (None: nobody)."""
    lock = SidecarLock(sidecar)
    if not lock.path.exists() and not lock.path.is_symlink():
        return None
    return lock._holder()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True
