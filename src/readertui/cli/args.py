"""Subcommands that work without a screen (`readertui export`, `readertui agree`).

Each module here has `main(argv, out) -> int` and parses its own arguments with `Parser`, which
raises `UsageError` (exit status 2) instead of exiting, so `readertui.cli.main` reports every
mistake the same way.
"""

from __future__ import annotations

import argparse


class UsageError(Exception):
    """Bad arguments: reported like argparse does, with exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")
