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

Keys are single letters (of any alphabet) or digits 1-9, unique across the codebook and
distinct from the reader's own keys. Errors name the line they concern.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from readertui.textsafe import printable
from readertui.tomlfile import read_toml

#: Keys the reader itself uses; a codebook cannot take them.
RESERVED_KEYS = frozenset("0 f j k n r u q".split())
_NAME = re.compile(r"^[^\s\"'\\\x00-\x1f\x7f-\x9f]{1,40}$")


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
        text, data = read_toml(path, CodebookError)
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such codebook file") from None
    return _validate(data, str(path), text)


def _validate(data: Mapping[str, Any], where: str, text: str | None) -> Codebook:
    def fail(message: str, needle: str | None = None, occurrence: int = 1) -> CodebookError:
        """`needle`: a pattern for where in the file the mistake is, for its line number."""
        line = _line_of(text, needle, occurrence) if text and needle else None
        return CodebookError(f"{where}{f', line {line}' if line else ''}: {message}")

    unknown = set(data) - {"name", "description", "variables"}
    if unknown:
        key = sorted(unknown)[0]
        raise fail(f"unknown setting {key!r} (expected name, description, variables)", _key(key))
    for field in ("name", "description"):
        if not _one_line(data.get(field, "")):
            raise fail(f"{field} must be one line of text, without control characters")
    variables = data.get("variables")
    if not isinstance(variables, list) or not variables:
        raise fail("needs at least one [[variables]] table with values", _key("variables"))
    seen_keys: dict[str, str] = {}
    seen_vars: set[str] = set()
    result = []
    for var in variables:
        if not isinstance(var, dict):
            raise fail("each entry of 'variables' must be a table", _key("variables"))
        name = var.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise fail(
                f"variable name {printable(str(name))!r} must be a word of up to 40 characters",
                _key("name"),
            )
        if name in seen_vars:
            raise fail(f"variable {name!r} is defined twice", _setting("name", name), 2)
        seen_vars.add(name)
        extra = set(var) - {"name", "exclusive", "description", "values"}
        if extra:
            key = sorted(extra)[0]
            raise fail(f"variable {name!r}: unknown setting {key!r}", _key(key))
        exclusive = var.get("exclusive", True)
        if not isinstance(exclusive, bool):
            raise fail(f"variable {name!r}: exclusive must be true or false", _key("exclusive"))
        if not _one_line(var.get("description", "")):
            raise fail(
                f"variable {name!r}: description must be one line of text, without control "
                "characters",
                _setting("name", name),
            )
        values = var.get("values")
        if not isinstance(values, list) or not values:
            raise fail(f"variable {name!r} needs a list of values", _setting("name", name))
        parsed = []
        value_names: set[str] = set()
        for value in values:
            if not isinstance(value, dict):
                raise fail(
                    f"variable {name!r}: each value must be a {{key, name}} table", _key("values")
                )
            vkey, vname = value.get("key"), value.get("name")
            desc = value.get("description", "")
            if not isinstance(vname, str) or not _NAME.match(vname):
                raise fail(
                    f"variable {name!r}: value name {printable(str(vname))!r} must be a word",
                    _setting("name", str(vname)),
                )
            at_key = _setting("key", str(vkey))
            if not is_key(vkey):
                raise fail(
                    f"value {vname!r}: key {printable(str(vkey))!r} must be one letter or a "
                    "digit 1-9",
                    at_key,
                )
            if vkey in RESERVED_KEYS:
                raise fail(
                    f"value {vname!r}: key {vkey!r} is used by the reader itself "
                    f"(reserved: {', '.join(sorted(RESERVED_KEYS))})",
                    at_key,
                )
            if vkey in seen_keys:
                raise fail(
                    f"key {vkey!r} is used twice ({seen_keys[vkey]} and {name}.{vname})",
                    at_key,
                    2,
                )
            if vname in value_names:
                raise fail(
                    f"variable {name!r}: value {vname!r} is listed twice",
                    _setting("name", vname),
                    2,
                )
            if not _one_line(desc):
                raise fail(
                    f"value {vname!r}: description must be one line of text, without control "
                    "characters",
                    _setting("name", vname),
                )
            seen_keys[vkey] = f"{name}.{vname}"
            value_names.add(vname)
            parsed.append(Value(vkey, vname, desc))
        result.append(Variable(name, tuple(parsed), exclusive, var.get("description", "")))
    return Codebook(tuple(result), data.get("name", ""))


def is_key(key: object) -> TypeGuard[str]:
    """A codebook key: one letter of any alphabet (`é` is a key on a French keyboard's 2) or a
    digit 1-9; Textual names such a key by its character."""
    return isinstance(key, str) and len(key) == 1 and (key.isalpha() or key in "123456789")


def _one_line(text: object) -> bool:
    return (
        isinstance(text, str) and "\n" not in text and "\t" not in text and printable(text) == text
    )


def _key(name: str) -> str:
    """Where a TOML key is set (at the start of a line, or inside an inline table)."""
    return rf"(?:^|[{{,]|\[\[?)\s*{re.escape(name)}\s*(?:=|\]|$)"


def _setting(key: str, value: str) -> str:
    """Where `key = "value"` is written (either kind of quotes)."""
    return rf"""\b{re.escape(key)}\s*=\s*(?:"{re.escape(value)}"|'{re.escape(value)}')"""


def _line_of(text: str, needle: str, occurrence: int) -> int | None:
    """The line of the n-th match of the pattern `needle` in the file, for error messages."""
    for n, m in enumerate(re.finditer(needle, text, re.MULTILINE), start=1):
        if n == occurrence:
            return text.count("\n", 0, m.start()) + 1
    return None
