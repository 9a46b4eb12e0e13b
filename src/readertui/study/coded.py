"""A study's codes by unit, as `agreement` and its gold standard compare them.

A unit is one item of one article (article path, item id; an article's own codes are the
item "article"). Each variable is compared in the form its type calls for: a number as a
number (`2.50` is `2.5`), a text after whitespace and case normalisation (`Tax  cut` is
`tax cut`), any other value as it is. A hierarchical variable can also be compared at a
level: every value cut to its ancestor at that level (a value chosen at a broader level stays
as it is).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from readertui.codebook import Variable, plain_number
from readertui.store import Record, Stored
from readertui.study.codes import Study

#: One coder's codes of one item: variable -> values.
Tags = Mapping[str, tuple[str, ...]]
#: One unit's codes of one variable: coder -> values. A coder who did not code it is not in it.
ByCoder = dict[str, tuple[str, ...]]


class Unit(NamedTuple):
    article: str
    item: str


@dataclass(slots=True)
class Codes:
    """A study's codes by unit, with what the figures and disagreements need to know."""

    tags: dict[Unit, dict[str, Tags]] = field(default_factory=dict)
    sidecar_coders: dict[str, list[str]] = field(default_factory=dict)  # by article
    posts: dict[Unit, Record] = field(default_factory=dict)  # first record seen
    declared: dict[str, list[bool]] = field(default_factory=dict)  # variable -> exclusive?
    values: dict[str, list[str]] = field(default_factory=dict)  # in codebook order
    #: Each variable as the first codebook defining it has it, and every type codebooks give it.
    definitions: dict[str, Variable] = field(default_factory=dict)
    types: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: Values of a number variable that are no numbers: variable -> (unit, coder, value).
    not_numbers: dict[str, dict[tuple[Unit, str, str], None]] = field(default_factory=dict)
    #: Units some coder added or rejected, by coder: (article, change) -> item -> coders.
    changed: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)

    def type_of(self, variable: str) -> str:
        """The variable's type: the one every codebook defining it gives, else nominal."""
        types = set(self.types.get(variable, ()))
        return types.pop() if len(types) == 1 else "nominal"

    def depth(self, variable: str) -> int:
        """How many levels a nominal variable's values have (1: not hierarchical)."""
        definition = self.definitions.get(variable)
        if definition is None or self.type_of(variable) != "nominal":
            return 1
        return definition.depth

    def take_out(self, coder: str) -> dict[Unit, Tags]:
        """Leave `coder` out of the study (a gold standard is no independent coder); their
        codes by unit are returned."""
        taken = {unit: by.pop(coder) for unit, by in self.tags.items() if coder in by}
        self.tags = {unit: by for unit, by in self.tags.items() if by}
        for article, coders in list(self.sidecar_coders.items()):
            if coder in coders:
                coders.remove(coder)
            if not coders:
                del self.sidecar_coders[article]
        for change, items in list(self.changed.items()):  # what only they added or rejected
            rest = {item: [c for c in by if c != coder] for item, by in items.items()}
            kept = {item: by for item, by in rest.items() if by}
            if kept and change[0] in self.sidecar_coders:
                self.changed[change] = kept
            else:  # (an article only they coded is no longer in the study)
                del self.changed[change]
        return taken


def collect(study: Study) -> Codes:
    codes = Codes()
    for entry in study.articles:
        article = str(entry.article)
        coders = codes.sidecar_coders.setdefault(article, [])
        for sidecar in entry.coders:
            if sidecar.coder in coders:
                codes.notes.append(
                    f"{sidecar.path}: a second sidecar of {sidecar.coder!r} for {article}; "
                    "left out (the first one is used)"
                )
                continue
            coders.append(sidecar.coder)
            _add_sidecar(codes, article, sidecar.coder, sidecar.stored)
    for variable, types in codes.types.items():
        if len(set(types)) > 1:
            codes.notes.append(
                f"variable {variable!r} has another type in another codebook "
                f"({', '.join(dict.fromkeys(types))}): compared as nominal"
            )
    return codes


def _add_sidecar(codes: Codes, article: str, coder: str, stored: Stored) -> None:
    if stored.codebook is not None:
        for variable in stored.codebook.variables:
            codes.declared.setdefault(variable.name, []).append(variable.exclusive)
            codes.definitions.setdefault(variable.name, variable)
            codes.types.setdefault(variable.name, []).append(variable.type)
            _add_new(codes.values.setdefault(variable.name, []), (v.name for v in variable.values))
    for record in stored.records:
        codes.posts.setdefault(Unit(article, record.id), record)
    for item, annotation in stored.annotations.items():
        unit = Unit(article, item)
        added = annotation.unit is not None and annotation.unit.origin == "added"
        if added and annotation.rejected:
            continue  # an addition its coder withdrew: no unit at all
        if added:
            codes.changed.setdefault((article, "added"), {}).setdefault(item, []).append(coder)
        if annotation.rejected:  # not a unit for this coder: no codes of theirs count
            codes.changed.setdefault((article, "rejected"), {}).setdefault(item, []).append(coder)
            continue
        codes.tags.setdefault(unit, {})[coder] = annotation.tags
        for name, chosen in annotation.tags.items():
            codes.declared.setdefault(name, [])
            _add_new(codes.values.setdefault(name, []), chosen)


def _add_new(known: list[str], values: Iterable[str]) -> None:
    for value in values:
        if value not in known:
            known.append(value)


def is_exclusive(codes: Codes, variable: str) -> bool:
    """Declared exclusive by every codebook that has it, and never given two values at once."""
    if not all(codes.declared[variable]):
        return False
    return all(
        len(tags.get(variable, ())) <= 1 for by in codes.tags.values() for tags in by.values()
    )


def coded(variable: str, tags: Mapping[Unit, Mapping[str, Tags]]) -> dict[Unit, ByCoder]:
    """Each unit's values of `variable` as coded, by the coders who coded it there."""
    found: dict[Unit, ByCoder] = {}
    for unit, by_coder in tags.items():
        chosen = {c: given[variable] for c, given in by_coder.items() if given.get(variable)}
        if chosen:
            found[unit] = chosen
    return found


def comparable(codes: Codes, variable: str, units: Mapping[Unit, ByCoder]) -> dict[Unit, ByCoder]:
    """The values in the form they are compared in (see the module docstring); a value that is
    no number, of a number variable, is left out (missing) and kept in `codes.not_numbers`."""
    kind = codes.type_of(variable)
    found: dict[Unit, ByCoder] = {}
    for unit, by_coder in units.items():
        forms: ByCoder = {}
        for coder, values in by_coder.items():
            pairs = [(v, compared_form(kind, v)) for v in values]
            for value, form in pairs:
                if form is None:
                    codes.not_numbers.setdefault(variable, {})[unit, coder, value] = None
            if kept := tuple(dict.fromkeys(f for _, f in pairs if f is not None)):
                forms[coder] = kept
        if forms:
            found[unit] = forms
    return found


def not_number_notes(codes: Codes) -> list[str]:
    """One note for each number variable some coder gave values that are no numbers."""
    return [
        f"variable {variable!r}: {len(bad)} value(s) that are not numbers left out "
        f"(the first: {next(iter(bad))[2]!r})"
        for variable, bad in codes.not_numbers.items()
    ]


def compared_form(kind: str, value: str) -> str | None:
    """`value` as a variable of type `kind` compares it; None: a number variable's non-number."""
    if kind == "text":
        return " ".join(value.split()).casefold()
    if kind != "number":
        return value
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return plain_number(number) if math.isfinite(number) and "_" not in value else None


def cut(
    codes: Codes, variable: str, units: Mapping[Unit, ByCoder], level: int
) -> dict[Unit, ByCoder]:
    """Every value cut to its ancestor at `level` (1: the broadest)."""
    up = _ancestor(codes, variable, level)
    return {
        unit: {c: tuple(dict.fromkeys(map(up, values))) for c, values in by.items()}
        for unit, by in units.items()
    }


def _ancestor(codes: Codes, variable: str, level: int) -> Callable[[str], str]:
    """A value's ancestor at `level`, as the first codebook defining the variable has its
    hierarchy; a value at a broader level (or in no codebook) is its own."""
    definition = codes.definitions[variable]
    found: dict[str, str] = {}

    def up(value: str) -> str:
        if value not in found:
            found[value] = definition.path(value)[:level][-1]
        return found[value]

    return up


#: A way of comparing a variable: its level (None: the values as chosen) and the units' values.
View = tuple[int | None, dict[Unit, ByCoder]]


def views(codes: Codes, variable: str, units: Mapping[Unit, ByCoder]) -> list[View]:
    """The values as compared, then, for a hierarchical variable, cut to each broader level."""
    forms = comparable(codes, variable, units)
    levels = range(1, codes.depth(variable))
    return [(None, forms), *((level, cut(codes, variable, forms, level)) for level in levels)]


def value_order(codes: Codes, variable: str, level: int | None) -> list[str]:
    """The variable's values in codebook order (then as first used), as compared."""
    kind = codes.type_of(variable)
    forms = (compared_form(kind, v) for v in codes.values[variable])
    order = [f for f in forms if f is not None]
    if level is not None:
        order = list(map(_ancestor(codes, variable, level), order))
    return list(dict.fromkeys(order))
