"""readertui: read news articles in a terminal and code the posts and quotes embedded in them."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Read on demand: importlib.metadata costs ~40 ms of every start, and only --version asks.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("readertui")
        except PackageNotFoundError:  # running from a source tree that was not installed
            return "0+unknown"
    raise AttributeError(name)
