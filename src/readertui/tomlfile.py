"""TOML files a user writes (codebook, settings): parsed, with a one-line error for any flaw."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from readertui.files import FileRefused, read_regular

#: A codebook or a settings file is a page or two; a larger file is not one (and would be read
#: whole).
MAX_BYTES = 1 << 20


def read_toml(path: Path, error: type[Exception]) -> tuple[str, dict[str, Any]]:
    """The text of the TOML file at `path` and what it holds, or `error` saying in one line why
    not. FileNotFoundError passes through: what a missing file means is the caller's to say."""
    try:
        text = read_regular(path, MAX_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise
    except FileRefused as exc:
        raise error(f"{path}: {exc}") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not text (not valid UTF-8)") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return text, parse_toml(text, str(path), error)


def parse_toml(text: str, where: str, error: type[Exception]) -> dict[str, Any]:
    """`text` parsed, or `error` saying in one line why it cannot be."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{where}: not valid TOML ({exc})") from None
    except (ValueError, RecursionError):  # tomllib's own limits, not the file's
        raise error(
            f"{where}: not usable (a number of over 4,300 digits or nesting hundreds of levels "
            "deep)"
        ) from None
