"""One writer per sidecar: a lock file beside it, taken over when its owner is gone.

`story.txt.annotations.json.lock` holds the process id, host and time of the reader that
writes the sidecar. A second reader on the same sidecar opens read-only instead of writing
over the first one's work. A lock left by a process that no longer runs on this host (a
crash, `kill -9`) is stale and taken over; one from another host is respected, and the
message says how to remove it.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path


def lock_path(sidecar: Path) -> Path:
    return sidecar.with_name(sidecar.name + ".lock")


class SidecarLock:
    def __init__(self, sidecar: Path) -> None:
        self.path = lock_path(sidecar)
        self.held = False

    def acquire(self) -> str | None:
        """Take the lock; None when taken (or when locking is impossible), else why not."""
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                owner = self._owner()
                if owner is not None:
                    return owner
                with contextlib.suppress(OSError):
                    self.path.unlink()  # stale: its process is gone
                continue
            except OSError:
                return None  # a folder we cannot write in: saving will fail and say so
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(
                        {
                            "pid": os.getpid(),
                            "host": socket.gethostname(),
                            "since": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        },
                        out,
                    )
            except OSError:  # a full disk: no empty lock left behind; saving will say so
                with contextlib.suppress(OSError):
                    self.path.unlink()
                return None
            self.held = True
            return None
        return None

    def _owner(self) -> str | None:
        """Who holds the lock, or None if the lock is stale."""
        try:
            with self.path.open("rb") as f:
                head = f.read(4096)  # a lock is tiny: a link to a device must not be read on
            info = json.loads(head.decode("utf-8"))
            pid, host, since = int(info["pid"]), str(info["host"]), str(info.get("since", "?"))
        except (OSError, ValueError, KeyError, TypeError, RecursionError, OverflowError):
            return None  # unreadable: not a lock any reader wrote
        if not 0 < pid < 2**31:
            return None  # no process has that id: not a lock any reader wrote
        if host == socket.gethostname() and not _alive(pid):
            return None
        where = f"process {pid}" + ("" if host == socket.gethostname() else f" on {host}")
        return (
            f"the codes are open in another readertui ({where}, since {since}); if none is "
            f"running, delete {self.path}"
        )

    def release(self) -> None:
        if self.held:
            self.held = False
            with contextlib.suppress(OSError):
                self.path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True
