"""The agreement coefficients of one variable (or one value of it), from its ratings: one
mapping coder -> category per unit, a coder who did not code the unit left out.

Every coefficient is computed exactly (fractions) and is None, with the reason, where it is
undefined: no unit two coders coded, or a single category used throughout (chance agreement
is then total and the ratio 0/0).

- Percent agreement: of every pair of coders who both coded a unit, the share that agree.
- Cohen's kappa: only when exactly two coders coded the variable, over the units both coded.
- Fleiss' kappa needs the same number of ratings on every unit: it uses the units coded by
  every coder who coded the variable, and says how many those are.
- Krippendorff's alpha (nominal): any number of coders and missing values, computed from the
  coincidence matrix (Krippendorff 2011) over the units at least two coders coded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

#: One unit's codes: coder -> category. A coder who did not code the unit is not in it.
Ratings = Mapping[str, str]
PRESENT, ABSENT = "present", "absent"


@dataclass(frozen=True, slots=True)
class Figure:
    """A coefficient and how many units it rests on; None, with the reason, if undefined."""

    value: float | None
    units: int
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "units": self.units, "reason": self.reason or None}


def _undefined(reason: str, units: int = 0) -> Figure:
    return Figure(None, units, reason)


def _pairable(units: Iterable[Ratings]) -> list[Counter[str]]:
    """How many coders chose each category, for the units at least two coders coded."""
    return [Counter(ratings.values()) for ratings in units if len(ratings) >= 2]


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _agreeing_pairs(counts: Counter[str]) -> int:
    """Pairs of coders on a unit who chose the same category."""
    return sum(_pairs(n) for n in counts.values())


def percent_agreement(units: Iterable[Ratings]) -> Figure:
    """The share, in percent, of coder pairs on a unit who gave it the same category."""
    pairable = _pairable(units)
    pairs = sum(_pairs(sum(c.values())) for c in pairable)
    if not pairs:
        return _undefined("no item was coded by two coders")
    agreeing = sum(_agreeing_pairs(c) for c in pairable)
    return Figure(float(Fraction(100 * agreeing, pairs)), len(pairable))


def cohen_kappa(units: Iterable[Ratings], coders: Sequence[str]) -> Figure:
    """Cohen's kappa of exactly two coders, over the units both coded."""
    if len(coders) != 2:
        return _undefined(f"Cohen's kappa is for two coders; {len(coders)} coded this")
    first, second = coders
    pairs = [(r[first], r[second]) for r in units if first in r and second in r]
    if not pairs:
        return _undefined("no item was coded by both coders")
    n = len(pairs)
    observed = Fraction(sum(a == b for a, b in pairs), n)
    of_first, of_second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = Fraction(sum(of_first[c] * of_second[c] for c in of_first), n * n)
    if chance == 1:
        return _undefined("both coders used one and the same category only", n)
    return Figure(float((observed - chance) / (1 - chance)), n)


def fleiss_kappa(units: Iterable[Ratings], coders: Sequence[str]) -> Figure:
    """Fleiss' kappa over the units that every one of `coders` coded."""
    m = len(coders)
    if m < 2:
        return _undefined("fewer than two coders coded this")
    full = [Counter(r[c] for c in coders) for r in units if all(c in r for c in coders)]
    if not full:
        return _undefined(f"no item was coded by all {m} coders")
    n = len(full)
    observed = Fraction(sum(2 * _agreeing_pairs(c) for c in full), n * m * (m - 1))
    totals = sum(full, Counter[str]())
    chance = Fraction(sum(t * t for t in totals.values()), (n * m) ** 2)
    if chance == 1:
        return _undefined("only one category was used", n)
    return Figure(float((observed - chance) / (1 - chance)), n)


def krippendorff_alpha(units: Iterable[Ratings]) -> Figure:
    """Krippendorff's alpha for nominal data, from the coincidence matrix.

    alpha = 1 - (n - 1) * sum(o[c][k], c != k) / sum(n[c] * n[k], c != k), where a unit coded
    m times adds n_c * n_k / (m - 1) to o[c][k] and n counts the pairable values."""
    pairable = _pairable(units)
    if not pairable:
        return _undefined("no item was coded by two coders")
    totals = sum(pairable, Counter[str]())
    n = sum(totals.values())
    expected = n * n - sum(t * t for t in totals.values())
    if expected == 0:
        return _undefined("only one category was used", len(pairable))
    observed = sum((_off_diagonal(c) for c in pairable), Fraction(0))
    return Figure(float(1 - (n - 1) * observed / expected), len(pairable))


def _off_diagonal(counts: Counter[str]) -> Fraction:
    """One unit's share of the coincidences of differing categories: sum n_c n_k / (m - 1)."""
    m = sum(counts.values())
    return Fraction(m * m - sum(n * n for n in counts.values()), m - 1)
