"""The codebook: the variables a coder assigns to each post, their values and their keys.

A codebook file is TOML (read with the standard library's `tomllib`):

    name = "Stance"

    [[variables]]
    name = "stance"
    exclusive = true            # one value at a time; false allows several
    description = "The post's stance toward the article's subject"
    values = [
      { key = "1", name = "support", description = "Supports it" },
      { key = "2", name = "oppose",  description = "Opposes it" },
    ]

Keys are single letters or digits 1-9, unique across the codebook and distinct from the
reader's own keys. Errors name the line they concern.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readertui.tomlfile import parse_toml

#: Keys the reader itself uses; a codebook cannot take them.
RESERVED_KEYS = frozenset("0 f j k n r u q".split())
_KEY = re.compile(r"^[1-9A-Za-z]$")
_NAME = re.compile(r"^[^\s\"'\\]{1,40}$")


class CodebookError(Exception):
    """A codebook that cannot be used, worded as one line naming the file and line."""


@dataclass(frozen=True, slots=True)
class Value:
    key: str
    name: str  # what the sidecar stores
    description: str = ""


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    values: tuple[Value, ...]
    exclusive: bool = True
    description: str = ""

    def value(self, name: str) -> Value | None:
        return next((v for v in self.values if v.name == name), None)


@dataclass(frozen=True, slots=True)
class Codebook:
    variables: tuple[Variable, ...]
    name: str = ""

    def by_key(self) -> dict[str, tuple[Variable, Value]]:
        return {v.key: (var, v) for var in self.variables for v in var.values}

    def variable(self, name: str) -> Variable | None:
        return next((var for var in self.variables if var.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "variables": [
                {
                    "name": var.name,
                    "exclusive": var.exclusive,
                    "description": var.description,
                    "values": [
                        {"key": v.key, "name": v.name, "description": v.description}
                        for v in var.values
                    ],
                }
                for var in self.variables
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], where: str = "codebook") -> Codebook:
        """Build and validate a codebook from parsed TOML or a sidecar's JSON."""
        return _validate(data, where, text=None)


DEFAULT = Codebook(
    name="stance",
    variables=(
        Variable(
            name="stance",
            exclusive=True,
            description="The post's stance toward the article's subject",
            values=(
                Value("1", "support", "Supports or agrees with the subject"),
                Value("2", "oppose", "Opposes or criticises the subject"),
                Value("3", "neutral", "Reports without taking a side"),
                Value("4", "sarcasm", "Says the opposite of what it means"),
                Value("5", "off-topic", "Not about the article's subject"),
            ),
        ),
    ),
)


def load_codebook(path: Path | str) -> Codebook:
    """Read a codebook file, or raise CodebookError saying what is wrong and where."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such codebook file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(f"{path}: cannot be read ({exc})") from None
    return _validate(parse_toml(text, str(path), CodebookError), str(path), text)


def _validate(data: Mapping[str, Any], where: str, text: str | None) -> Codebook:
    def fail(message: str, needle: str | None = None, occurrence: int = 1) -> CodebookError:
        line = _line_of(text, needle, occurrence) if text and needle else None
        return CodebookError(f"{where}{f', line {line}' if line else ''}: {message}")

    unknown = set(data) - {"name", "description", "variables"}
    if unknown:
        key = sorted(unknown)[0]
        raise fail(f"unknown setting {key!r} (expected name, description, variables)", key)
    variables = data.get("variables")
    if not isinstance(variables, list) or not variables:
        raise fail("needs at least one [[variables]] table with values", "variables")
    seen_keys: dict[str, str] = {}
    seen_vars: set[str] = set()
    result = []
    for var in variables:
        if not isinstance(var, dict):
            raise fail("each entry of 'variables' must be a table", "variables")
        name = var.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise fail(f"variable name {name!r} must be a word of up to 40 characters", "name")
        if name in seen_vars:
            raise fail(f"variable {name!r} is defined twice", f'"{name}"', 2)
        seen_vars.add(name)
        extra = set(var) - {"name", "exclusive", "description", "values"}
        if extra:
            key = sorted(extra)[0]
            raise fail(f"variable {name!r}: unknown setting {key!r}", key)
        exclusive = var.get("exclusive", True)
        if not isinstance(exclusive, bool):
            raise fail(f"variable {name!r}: exclusive must be true or false", "exclusive")
        values = var.get("values")
        if not isinstance(values, list) or not values:
            raise fail(f"variable {name!r} needs a list of values", f'"{name}"')
        parsed = []
        value_names: set[str] = set()
        for value in values:
            if not isinstance(value, dict):
                raise fail(f"variable {name!r}: each value must be a {{key, name}} table", "values")
            vkey, vname = value.get("key"), value.get("name")
            desc = value.get("description", "")
            if not isinstance(vname, str) or not _NAME.match(vname):
                raise fail(f"variable {name!r}: value name {vname!r} must be a word", str(vname))
            if not isinstance(vkey, str) or not _KEY.match(vkey):
                raise fail(
                    f"value {vname!r}: key {vkey!r} must be one letter or a digit 1-9",
                    f"{vname}",
                )
            if vkey in RESERVED_KEYS:
                raise fail(
                    f"value {vname!r}: key {vkey!r} is used by the reader itself "
                    f"(reserved: {', '.join(sorted(RESERVED_KEYS))})",
                    f'"{vkey}"',
                )
            if vkey in seen_keys:
                raise fail(
                    f"key {vkey!r} is used twice ({seen_keys[vkey]} and {name}.{vname})",
                    f'"{vkey}"',
                    2,
                )
            if vname in value_names:
                raise fail(f"variable {name!r}: value {vname!r} is listed twice", f'"{vname}"', 2)
            if not isinstance(desc, str) or "\n" in desc:
                raise fail(f"value {vname!r}: description must be one line of text", f'"{vname}"')
            seen_keys[vkey] = f"{name}.{vname}"
            value_names.add(vname)
            parsed.append(Value(vkey, vname, desc))
        result.append(Variable(name, tuple(parsed), exclusive, str(var.get("description", ""))))
    return Codebook(tuple(result), str(data.get("name", "")))


def _line_of(text: str, needle: str, occurrence: int) -> int | None:
    """The line of the n-th occurrence of `needle` in the file, for error messages."""
    pos = -1
    for _ in range(occurrence):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            return None
    return text.count("\n", 0, pos) + 1
