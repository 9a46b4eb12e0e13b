"""TOML files a user writes (codebook, settings): parsed, with a one-line error for any flaw."""

from __future__ import annotations

import tomllib
from typing import Any


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
