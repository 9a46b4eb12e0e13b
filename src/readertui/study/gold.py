"""Coders against a gold standard: one coder's codes (an expert's, a training set's) taken as
right, and how often each other coder gave the same.

Accuracy, per coder and variable, is the share of the units both the coder and the gold coder
coded on which the coder's values are gold's, compared as `agreement` compares them (a number
as a number, a text normalised). A variable taking several values must match as a whole set
(exact set match): `economy; health` against gold's `economy` is wrong. A hierarchical
variable is also measured at each broader level, like the agreement figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from readertui.study.coded import Codes, Tags, Unit, coded, is_exclusive, views


@dataclass(frozen=True, slots=True)
class Accuracy:
    """One coder's accuracy on one variable (at one level) against the gold standard."""

    coder: str
    variable: str
    level: int | None
    exclusive: bool
    units: int  # coded by both the coder and gold
    matches: int

    @property
    def name(self) -> str:
        return self.variable if self.level is None else f"{self.variable} (level {self.level})"

    @property
    def value(self) -> float | None:
        """The share that matched, 0-1; None when no unit was coded by both."""
        return float(Fraction(self.matches, self.units)) if self.units else None

    @property
    def compared(self) -> str:
        return "the value" if self.exclusive else "the set of values (exact set match)"

    def to_json(self) -> dict[str, Any]:
        return {
            "coder": self.coder,
            "name": self.name,
            "variable": self.variable,
            "level": self.level,
            "compared": self.compared,
            "units": self.units,
            "matches": self.matches,
            "accuracy": self.value,
        }


def accuracy(
    codes: Codes, gold_tags: Mapping[Unit, Tags], gold: str, coders: Sequence[str]
) -> list[Accuracy]:
    """Each of `coders` against `gold`'s codes, variable by variable in codebook order (only
    those gold coded), on every unit both coded; `codes` no longer holds gold's codes."""
    both = {unit: {**codes.tags.get(unit, {}), gold: tags} for unit, tags in gold_tags.items()}
    used = {v for tags in gold_tags.values() for v, values in tags.items() if values}
    compared = [
        (variable, is_exclusive(codes, variable), views(codes, variable, coded(variable, both)))
        for variable in codes.declared
        if variable in used
    ]
    found = []
    for coder in coders:
        for variable, exclusive, every in compared:
            for level, units in every:
                pairs = [(u[coder], u[gold]) for u in units.values() if coder in u and gold in u]
                if pairs:
                    matches = sum(set(mine) == set(right) for mine, right in pairs)
                    found.append(Accuracy(coder, variable, level, exclusive, len(pairs), matches))
    return found
