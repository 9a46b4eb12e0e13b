"""The agreement coefficients of one variable (or one value of it), from its ratings: one
mapping coder -> category per unit, a coder who did not code the unit left out.

Every coefficient is computed exactly (fractions) and is None, with the reason, where it is
undefined: no unit two coders coded, or a single category used throughout (chance agreement
is then total and the ratio 0/0).

- Percent agreement: of every pair of coders who both coded a unit, the share that agree.
- Cohen's kappa: only when exactly two coders coded the variable, over the units both coded.
- Fleiss' kappa needs the same number of ratings on every unit: it uses the units coded by
  every coder who coded the variable, and says how many those are.
- Krippendorff's alpha: any number of coders and missing values, computed from the
  coincidence matrix (Krippendorff 2011) over the units at least two coders coded, with the
  nominal, ordinal (the values' order given) or interval metric.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
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


def krippendorff_alpha(
    units: Iterable[Ratings], metric: str = "nominal", order: Sequence[str] = ()
) -> Figure:
    """Krippendorff's alpha from the coincidence matrix (Krippendorff 2011, "Computing
    Krippendorff's Alpha-Reliability"), over the units at least two coders coded:

        alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c * n_k * d_ck)

    where a unit coded m times adds n_c * n_k / (m - 1) to o_ck, n_c counts value c among the
    pairable values and n all of them. The squared distance d_ck of the metric: nominal, 1
    when c != k; ordinal, the values ranked as in `order`, (sum of n_g for g from c to k
    - (n_c + n_k) / 2)^2; interval, (c - k)^2, the values being numbers."""
    pairable = _pairable(units)
    if not pairable:
        return _undefined("no item was coded by two coders")
    totals = sum(pairable, Counter[str]())
    try:
        spread = _spread_of(metric, totals, order)
    except ValueError as exc:
        return _undefined(str(exc), len(pairable))
    expected = spread(totals)
    if expected == 0:
        return _undefined("only one category was used", len(pairable))
    observed = sum((spread(c) / (c.total() - 1) for c in pairable), Fraction(0))
    return Figure(float(1 - (totals.total() - 1) * observed / expected), len(pairable))


#: sum(n_c * n_k * d_ck) over ordered pairs of values, for one unit's counts or the totals.
Spread = Callable[[Counter[str]], Fraction]


def _spread_of(metric: str, totals: Counter[str], order: Sequence[str]) -> Spread:
    """The metric's spread function; ValueError saying why a value does not fit it."""
    if metric == "nominal":
        return lambda c: Fraction(c.total() ** 2 - sum(n * n for n in c.values()))
    if metric == "interval":
        numbers = {value: _number(value) for value in totals}

        def interval(c: Counter[str]) -> Fraction:  # sum n_c n_k (x_c - x_k)^2, in closed form
            first = sum((n * numbers[v] for v, n in c.items()), Fraction(0))
            second = sum((n * numbers[v] ** 2 for v, n in c.items()), Fraction(0))
            return 2 * (c.total() * second - first * first)

        return interval
    if metric == "ordinal":
        distance = _ordinal_distances(totals, order)
        return lambda c: sum(
            (c[a] * c[b] * distance[a, b] for a in c for b in c if a != b), Fraction(0)
        )
    raise ValueError(f"no metric {metric!r}")


def _number(value: str) -> Fraction:
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{value!r} is not a number") from None


def _ordinal_distances(
    totals: Counter[str], order: Sequence[str]
) -> dict[tuple[str, str], Fraction]:
    """d_ck = (n_c + ... + n_k - (n_c + n_k) / 2)^2 for every two values used, the n_g being
    the pairable values' frequencies, of the values ranked from c to k (an unused one adds 0)."""
    rank = {value: n for n, value in enumerate(order)}
    if outside := [v for v in totals if v not in rank]:
        listed = ", ".join(repr(v) for v in outside)
        raise ValueError(f"not in the codebook's order of values: {listed}")
    used = sorted(totals, key=rank.__getitem__)
    below = [0]  # below[i]: the frequencies of used[:i], added up
    for value in used:
        below.append(below[-1] + totals[value])
    distance = {}
    for i, c in enumerate(used):
        for j in range(i, len(used)):
            k = used[j]
            d = (below[j + 1] - below[i] - Fraction(totals[c] + totals[k], 2)) ** 2
            distance[c, k] = distance[k, c] = d
    return distance
