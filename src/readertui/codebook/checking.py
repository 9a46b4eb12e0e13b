"""Reading a codebook file and checking every setting in it: any mistake, an unknown setting
anywhere included, is one line naming the file and the line it is on."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeGuard

from readertui.codebook.model import (
    ITEMS,
    RESERVED_KEYS,
    TARGETS,
    TYPES,
    Codebook,
    CodebookError,
    Value,
    Variable,
)
from readertui.textsafe import printable
from readertui.tomlfile import read_toml

_NAME = re.compile(r"^[^\s\"'\\\x00-\x1f\x7f-\x9f]{1,40}$")
#: Levels a hierarchy of values may have (a codebook's categories, sub- and sub-sub-...).
MAX_DEPTH = 6
_VARIABLE_SETTINGS = (
    "name", "type", "exclusive", "applies_to", "description", "values", "key", "step_keys",
    "min", "max",
)  # fmt: skip
_VALUE_SETTINGS = ("key", "name", "description", "children")
#: A variable's table: `[[variables]]`, or `[[codebook.variables]]` in a study file.
_TABLE = re.compile(
    r"^[ \t]*\[\[[ \t]*(?:codebook[ \t]*\.[ \t]*)?variables[ \t]*\]\]", re.MULTILINE
)
#: The settings each type takes besides name, type, applies_to and description.
_TYPE_SETTINGS = {
    "nominal": ("exclusive", "values"),
    "ordinal": ("exclusive", "values", "step_keys"),
    "number": ("key", "min", "max"),
    "text": ("key",),
}


def load(path: Path) -> Codebook:
    """Read a codebook file, or raise CodebookError saying what is wrong and where."""
    try:
        text, data = read_toml(path, CodebookError)
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such codebook file") from None
    return checked(data, str(path), text)


def checked(data: Mapping[str, Any], where: str, text: str | None) -> Codebook:
    """The codebook `data` describes (parsed TOML, or a sidecar's JSON), or CodebookError.
    `text`: the file as written, for the line of a mistake."""
    return _Checker(where, text).codebook(data)


class _Checker:
    def __init__(self, where: str, text: str | None) -> None:
        self.where, self.text = where, text
        self.keys: dict[str, str] = {}  # key -> what it does, for "used twice"
        #: Where the variable being checked is written (its [[variables]] table), to look for
        #: a mistake's line there first: other variables have settings of the same names.
        self.tables = [m.start() for m in _TABLE.finditer(text or "")]
        self.region = (0, len(text or ""))

    def fail(self, message: str, needle: str | None = None, occurrence: int = 1) -> CodebookError:
        """`needle`: a pattern for where in the file the mistake is, for its line number."""
        line = None
        if self.text and needle:
            line = _line_of(self.text, needle, occurrence, self.region)
            line = line or _line_of(self.text, needle, occurrence, (0, len(self.text)))
        return CodebookError(f"{self.where}{f', line {line}' if line else ''}: {message}")

    def codebook(self, data: Mapping[str, Any]) -> Codebook:
        self.unknown(data, ("name", "description", "variables"), "")
        for field in ("name", "description"):
            if not _one_line(data.get(field, "")):
                raise self.fail(f"{field} must be one line of text, without control characters")
        variables = data.get("variables")
        if not isinstance(variables, list) or not variables:
            raise self.fail("needs at least one [[variables]] table", _key("variables"))
        result: list[Variable] = []
        tables = self.tables if len(self.tables) == len(variables) else []
        for n, var in enumerate(variables):
            if not isinstance(var, dict):
                raise self.fail("each entry of 'variables' must be a table", _key("variables"))
            if tables:
                self.region = (
                    tables[n],
                    tables[n + 1] if n + 1 < len(tables) else len(self.text or ""),
                )
            variable = self.variable(var)
            if any(v.name == variable.name for v in result):
                raise self.fail(
                    f"variable {variable.name!r} is defined twice",
                    _setting("name", variable.name),
                    2,
                )
            result.append(variable)
        return Codebook(tuple(result), data.get("name", ""))

    def unknown(self, table: Mapping[str, Any], known: tuple[str, ...], what: str) -> None:
        """A misspelt setting would otherwise be ignored without a word."""
        extra = sorted(set(table) - set(known))
        if extra:
            raise self.fail(
                f"{what}unknown setting {extra[0]!r} (expected {', '.join(known)})", _key(extra[0])
            )

    def variable(self, var: Mapping[str, Any]) -> Variable:
        name = var.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise self.fail(
                f"variable name {printable(str(name))!r} must be a word of up to 40 characters",
                _key("name"),
            )
        what, at = f"variable {name!r}: ", _setting("name", name)
        self.unknown(var, _VARIABLE_SETTINGS, what)
        kind = var.get("type", "nominal")
        if kind not in TYPES:
            raise self.fail(
                f"{what}type {printable(str(kind))!r} is not one of {', '.join(TYPES)}",
                _key("type"),
            )
        for setting in sorted(set(var) - {"name", "type", "applies_to", "description"}):
            if setting not in _TYPE_SETTINGS[kind]:
                raise self.fail(f"{what}a {kind} variable has no {setting!r}", _key(setting))
        if not _one_line(var.get("description", "")):
            raise self.fail(
                f"{what}description must be one line of text, without control characters", at
            )
        exclusive = var.get("exclusive", True)
        if not isinstance(exclusive, bool):
            raise self.fail(f"{what}exclusive must be true or false", _key("exclusive"))
        if kind == "ordinal" and not exclusive:
            raise self.fail(f"{what}an ordinal variable holds one value", _key("exclusive"))
        values: tuple[Value, ...] = ()
        if kind in ("nominal", "ordinal"):
            raw = var.get("values")
            if not isinstance(raw, list) or not raw:
                raise self.fail(f"{what}needs a list of values", at)
            values = tuple(self.values(raw, name, kind, None, set()))
        key = var.get("key")
        if kind in ("number", "text"):
            if key is None:
                raise self.fail(f"{what}a {kind} variable needs a key that asks for it", at)
            self.claim(key, name, f"variable {name!r}", _setting("key", str(key)))
        minimum, maximum = self.number(var, "min", what), self.number(var, "max", what)
        if minimum is not None and maximum is not None and minimum > maximum:
            raise self.fail(f"{what}min is more than max", _key("min"))
        return Variable(
            name,
            values,
            exclusive,
            var.get("description", ""),
            type=kind,
            applies_to=self.targets(var.get("applies_to", "any"), what),
            key=key,
            step_keys=self.steps(var.get("step_keys"), name),
            minimum=minimum,
            maximum=maximum,
        )

    def values(
        self,
        raw: list[Any],
        variable: str,
        kind: str,
        parent: str | None,
        names: set[str],
        level: int = 1,
    ) -> list[Value]:
        """The values of `raw` (at `level` of the tree), each followed by its children."""
        result: list[Value] = []
        for value in raw:
            if not isinstance(value, dict):
                raise self.fail(
                    f"variable {variable!r}: each value must be a {{key, name}} table",
                    _key("values"),
                )
            vname = value.get("name")
            named = f"value {printable(vname)!r}" if isinstance(vname, str) else "a value"
            self.unknown(value, _VALUE_SETTINGS, f"variable {variable!r}, {named}: ")
            if not isinstance(vname, str) or not _NAME.match(vname):
                raise self.fail(
                    f"variable {variable!r}: value name {printable(str(vname))!r} must be a word",
                    _setting("name", str(vname)),
                )
            if vname in names:
                raise self.fail(
                    f"variable {variable!r}: value {vname!r} is listed twice",
                    _setting("name", vname),
                    2,
                )
            names.add(vname)
            self.claim(
                value.get("key"),
                f"{variable}.{vname}",
                f"value {vname!r}",
                _setting("key", str(value.get("key"))),
            )
            if not _one_line(value.get("description", "")):
                raise self.fail(
                    f"value {vname!r}: description must be one line of text, without control "
                    "characters",
                    _setting("name", vname),
                )
            result.append(Value(value["key"], vname, value.get("description", ""), parent))
            children = value.get("children")
            if children is None:
                continue
            if kind != "nominal":
                raise self.fail(
                    f"value {vname!r}: only a nominal variable's values have children "
                    "(an ordinal's are a scale)",
                    _key("children"),
                )
            if not isinstance(children, list) or not children:
                raise self.fail(
                    f"value {vname!r}: children must be a list of values", _key("children")
                )
            if level >= MAX_DEPTH:
                raise self.fail(
                    f"value {vname!r}: at most {MAX_DEPTH} levels of values", _key("children")
                )
            result += self.values(children, variable, kind, vname, names, level + 1)
        return result

    def claim(self, key: object, owner: str, label: str, at: str) -> None:
        """`key` for `owner` (variable.value, or a variable asking for its value), called
        `label` in messages."""
        if not is_key(key):
            raise self.fail(
                f"{label}: key {printable(str(key))!r} must be one letter or a digit 1-9", at
            )
        self.take(key, owner, label, at)

    def take(self, key: str, owner: str, label: str, at: str) -> None:
        if key in RESERVED_KEYS:
            raise self.fail(
                f"{label}: key {key!r} is used by the reader itself "
                f"(reserved: {' '.join(sorted(RESERVED_KEYS))})",
                at,
            )
        if key in self.keys:
            raise self.fail(f"key {key!r} is used twice ({self.keys[key]} and {owner})", at, 2)
        self.keys[key] = owner

    def steps(self, raw: object, variable: str) -> tuple[str, str] | None:
        if raw is None:
            return None
        at = _key("step_keys")
        if (
            not isinstance(raw, list)
            or len(raw) != 2
            or not all(
                isinstance(k, str) and len(k) == 1 and k.isprintable() and not k.isspace()
                for k in raw
            )
            or raw[0] == raw[1]
        ):
            raise self.fail(
                f"variable {variable!r}: step_keys must be two keys, to lower and to raise "
                '(["<", ">"])',
                at,
            )
        self.take(raw[0], f"{variable} lower", f"variable {variable!r}", at)
        self.take(raw[1], f"{variable} raise", f"variable {variable!r}", at)
        return raw[0], raw[1]

    def targets(self, raw: object, what: str) -> frozenset[str]:
        named = [raw] if isinstance(raw, str) else raw
        if not isinstance(named, list) or not named or not all(isinstance(t, str) for t in named):
            named = [repr(raw)]
        found: set[str] = set()
        for target in named:
            if target == "any":
                found |= ITEMS
            elif target in TARGETS:
                found.add(target)
            else:
                raise self.fail(
                    f"{what}applies_to {printable(target)!r} is not one of "
                    f"{', '.join(TARGETS)}, any",
                    _key("applies_to"),
                )
        return frozenset(found)

    def number(self, var: Mapping[str, Any], setting: str, what: str) -> float | None:
        raw = var.get(setting)
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != raw:
            raise self.fail(f"{what}{setting} must be a number", _key(setting))
        return float(raw)


def is_name(name: object) -> TypeGuard[str]:
    """A variable's or a value's name: a word of up to 40 characters, no quotes or controls."""
    return isinstance(name, str) and _NAME.match(name) is not None


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


def _line_of(text: str, needle: str, occurrence: int, region: tuple[int, int]) -> int | None:
    """The line of the n-th match of the pattern `needle` in `region` of the file."""
    pattern = re.compile(needle, re.MULTILINE)
    for n, m in enumerate(pattern.finditer(text, *region), start=1):
        if n == occurrence:
            return text.count("\n", 0, m.start()) + 1
    return None
