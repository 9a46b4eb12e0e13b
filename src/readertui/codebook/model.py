"""The codebook's model: variables of four types, their values (a tree, when values have
children) and their keys. Pure data; files are read and checked in `checking`."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readertui.textsafe import printable

#: What a variable holds, and the level of measurement its agreement is computed at.
TYPES = ("nominal", "ordinal", "number", "text")
METRIC = {"nominal": "nominal", "ordinal": "ordinal", "number": "interval", "text": "nominal"}
#: What a variable is coded on; `any` in a codebook means every item (not the article).
TARGETS = ("posts", "quotations", "spans", "article")
ITEMS = frozenset(("posts", "quotations", "spans"))
TARGET_OF_KIND = {"post": "posts", "quote": "quotations", "span": "spans", "article": "article"}
#: Keys the reader itself uses; a codebook cannot take them.
RESERVED_KEYS = frozenset("0 f j k n r u q / ? { } [ ] + =".split())
#: The longest text a text variable takes (one line, shown in the list and the detail pane).
MAX_TEXT = 200


class CodebookError(Exception):
    """A codebook that cannot be used, worded as one line naming the file and line."""


@dataclass(frozen=True, slots=True)
class Value:
    key: str
    name: str  # what the sidecar stores
    description: str = ""
    parent: str | None = None  # the value this one is a kind of (a hierarchical codebook)


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    #: Every value, each parent before its children (depth first); an ordinal's in order.
    values: tuple[Value, ...] = ()
    exclusive: bool = True
    description: str = ""
    type: str = "nominal"
    applies_to: frozenset[str] = ITEMS
    key: str | None = None  # a number's or a text's: the key that asks for it
    step_keys: tuple[str, str] | None = None  # an ordinal's: lower, raise
    minimum: float | None = None
    maximum: float | None = None

    def value(self, name: str) -> Value | None:
        return next((v for v in self.values if v.name == name), None)

    @property
    def typed(self) -> bool:
        """Its value is typed in (a number or a text), not chosen."""
        return self.type in ("number", "text")

    @property
    def metric(self) -> str:
        """The level of measurement its agreement is computed at."""
        return METRIC[self.type]

    def applies(self, kind: str) -> bool:
        """Whether it is coded on an item of `kind` (post, quote, span, article)."""
        return TARGET_OF_KIND.get(kind) in self.applies_to

    def path(self, name: str) -> tuple[str, ...]:
        """The value `name` with the values it is a kind of, the broadest first."""
        return _paths(self).get(name, (name,))

    @property
    def depth(self) -> int:
        """How many levels its values have (1: no value has children)."""
        return max((len(path) for path in _paths(self).values()), default=1)

    def stepped(self, current: str | None, by: int) -> str | None:
        """An ordinal's value `by` steps from `current` (from the ends when none), kept in
        range; None when it has no values."""
        names = [v.name for v in self.values]
        if not names:
            return None
        if current not in names:
            return names[0] if by > 0 else names[-1]
        return names[max(0, min(len(names) - 1, names.index(current) + by))]

    def parse(self, text: str) -> str:
        """A typed-in value as stored (a number in its plain form), or ValueError saying why
        it cannot be one."""
        text = " ".join(text.split())
        if self.type == "text":
            if printable(text) != text:
                raise ValueError("text without control characters, please")
            if len(text) > MAX_TEXT:
                raise ValueError(f"at most {MAX_TEXT} characters, please")
            return text
        try:
            if "_" in text:  # float() takes 1_000; a coder means something else
                raise ValueError
            number = float(text.replace(",", ""))  # 1,200 followers
        except ValueError:
            raise ValueError(f"{printable(text)[:40]!r} is not a number") from None
        if not math.isfinite(number):
            raise ValueError("a finite number, please")
        if self.minimum is not None and number < self.minimum:
            raise ValueError(f"at least {plain_number(self.minimum)}, please")
        if self.maximum is not None and number > self.maximum:
            raise ValueError(f"at most {plain_number(self.maximum)}, please")
        return plain_number(number)

    def takes(self, value: str) -> bool:
        """Whether `value` is one this variable can hold: one of its values, or a typed-in
        number or text it would store as it is."""
        if not self.typed:
            return self.value(value) is not None
        try:
            return self.parse(value) == value
        except ValueError:
            return False

    def to_json(self) -> dict[str, Any]:
        """As a codebook file writes it: settings left at their defaults are left out."""
        data: dict[str, Any] = {"name": self.name}
        if self.type != "nominal":
            data["type"] = self.type
        if self.type == "nominal":
            data["exclusive"] = self.exclusive
        if self.applies_to != ITEMS:
            data["applies_to"] = [t for t in TARGETS if t in self.applies_to]
        data["description"] = self.description
        if self.key is not None:
            data["key"] = self.key
        if self.step_keys is not None:
            data["step_keys"] = list(self.step_keys)
        for setting, number in (("min", self.minimum), ("max", self.maximum)):
            if number is not None:
                data[setting] = int(number) if number.is_integer() else number
        if not self.typed:
            data["values"] = self._values_json(None)
        return data

    def _values_json(self, parent: str | None) -> list[dict[str, Any]]:
        values = []
        for v in self.values:
            if v.parent == parent:
                value: dict[str, Any] = {"key": v.key, "name": v.name, "description": v.description}
                if children := self._values_json(v.name):
                    value["children"] = children
                values.append(value)
        return values


@functools.lru_cache(maxsize=256)
def _paths(variable: Variable) -> dict[str, tuple[str, ...]]:
    """Each value's path, broadest first: worked out once a variable (the detail pane asks on
    every draw, an export for every value)."""
    paths: dict[str, tuple[str, ...]] = {}
    for value in variable.values:  # parents come before their children
        parent = paths.get(value.parent) if value.parent is not None else ()
        paths[value.name] = (*(parent or ()), value.name)
    return paths


def plain_number(number: float) -> str:
    """`3` rather than `3.0`; other numbers as Python writes them shortest."""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


@dataclass(frozen=True, slots=True)
class Codebook:
    variables: tuple[Variable, ...]
    name: str = ""

    def by_key(self) -> dict[str, tuple[Variable, Value]]:
        """The values a key chooses."""
        return {v.key: (var, v) for var in self.variables for v in var.values}

    def input_keys(self) -> dict[str, Variable]:
        """The number and text variables a key asks for."""
        return {var.key: var for var in self.variables if var.key is not None}

    def step_keys(self) -> dict[str, tuple[Variable, int]]:
        """The ordinal variables a key lowers (-1) or raises (+1)."""
        steps: dict[str, tuple[Variable, int]] = {}
        for var in self.variables:
            if var.step_keys is not None:
                steps[var.step_keys[0]] = (var, -1)
                steps[var.step_keys[1]] = (var, 1)
        return steps

    def variable(self, name: str) -> Variable | None:
        return next((var for var in self.variables if var.name == name), None)

    def for_kind(self, kind: str) -> tuple[Variable, ...]:
        """The variables coded on an item of `kind` (post, quote, span, article)."""
        return tuple(var for var in self.variables if var.applies(kind))

    @property
    def codes_article(self) -> bool:
        """Some variable is coded on the article itself."""
        return any("article" in var.applies_to for var in self.variables)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "variables": [var.to_json() for var in self.variables]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], where: str = "codebook") -> Codebook:
        """Build and validate a codebook from parsed TOML or a sidecar's JSON."""
        from readertui.codebook.checking import checked  # (checking builds on this module)

        return checked(data, where, text=None)


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
