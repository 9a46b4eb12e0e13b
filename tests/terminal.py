"""Driving a program in a pseudo-terminal: what the tests and the UI benchmark both use."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time


class Terminal:
    """A program running in a pty of the given size; its output is read as it comes."""

    def __init__(self, argv: list[str], cols: int = 120, rows: int = 36) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        env.pop("TEXTUAL", None)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.output = bytearray()

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:
            return b""
        self.output.extend(data)
        return data

    def wait_for(self, marker: bytes, timeout: float = 60) -> float:
        """Seconds since start until `marker` has appeared in the output."""
        deadline = time.perf_counter() + timeout
        while marker not in self.output:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{marker!r} never appeared")
            self.read(0.05)
        return time.perf_counter() - self.started

    def settle(self, quiet: float = 0.3, timeout: float = 10) -> None:
        """Read until nothing has arrived for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self.read(quiet):
                return

    def key_latency(self, key: bytes, quiet: float = 0.05) -> tuple[float, float]:
        """Seconds from writing `key` until the first and the last write of the screen update
        it causes (the last is followed by `quiet` seconds of silence)."""
        self.settle()
        sent = time.perf_counter()
        os.write(self.master, key)
        first = last = None
        while True:
            if self.read(quiet if last else 5.0):
                last = time.perf_counter()
                first = first or last
            elif last is not None or time.perf_counter() - sent > 5:
                break
        end = last or time.perf_counter()
        return (first or end) - sent, end - sent

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self.master)
