"""Agreement between coders: how often independent coders gave the same items the same codes.

A unit is one item of one article (article path, item id). A coder who has a sidecar for the
article but gave an item no value of a variable has not coded that variable there: the value
is *missing*, never "absent", so a coder who skipped an item is not taken to disagree.

Exclusive variables take one value per coder and unit. A variable that takes several values
is split, as is usual, into one present/absent variable per value (`topic=economy`);
"absent" is only said of a coder who coded the variable on that item. A variable counts as
exclusive only if every codebook that defines it says so and no coder ever gave it two values
(a hand-edited file could); otherwise it is split, which is right for single values too.
A value no coder chose is not listed: all "absent", it has no figure. A coder with two
sidecars for one article (a plain one naming them and their own) counts once, the first.

Each variable is compared as its type calls for (see `coded`): Krippendorff's alpha with the
metric of its level of measurement, nominal for nominal and text variables (a text after
whitespace and case normalisation), ordinal for ordinal ones (the codebook's order of
values), interval for numbers; a split variable is nominal (present/absent). Percent
agreement and the kappas treat values as categories; for numbers percent agreement counts
equal numbers and the kappas do not apply. A hierarchical variable is compared on the value
chosen and again at each broader level (`actor (level 1)`: `government` against `citizen`,
whatever sub-category each coder chose), since coders often agree on the category and not the
sub-category. The coefficients are in `coefficients`.

A gold standard (one coder's codes taken as right, `gold`) is no independent coder: it is left
out of every figure here, and each other coder is measured against it instead (`accuracy`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from readertui.codebook.model import METRIC
from readertui.document import ARTICLE_ID
from readertui.store import Record
from readertui.study.coded import (
    ByCoder,
    Codes,
    Unit,
    View,
    coded,
    collect,
    is_exclusive,
    not_number_notes,
    value_order,
    views,
)
from readertui.study.codes import Study
from readertui.study.coefficients import (
    ABSENT,
    PRESENT,
    Figure,
    Ratings,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from readertui.study.gold import Accuracy, accuracy

#: How a variable's values are compared, by its type, read after "compared".
COMPARED = {
    "nominal": "as categories",
    "ordinal": "as categories; alpha by the codebook's order of values",
    "number": "as numbers; agree % counts equal numbers only",
    "text": "as categories, after whitespace and case normalisation",
}
SPLIT = "as present/absent of the value"
NO_KAPPA = "kappa is for categories, not numbers (alpha is interval)"


@dataclass(frozen=True, slots=True)
class Result:
    """The figures of one variable, or of one value of a multi-valued variable, at one level."""

    variable: str
    value: str | None  # the value a multi-valued variable was split on
    exclusive: bool
    coders: tuple[str, ...]
    units: int  # coded by at least one coder
    percent: Figure
    cohen: Figure
    fleiss: Figure
    alpha: Figure
    type: str = "nominal"  # the variable's
    metric: str = "nominal"  # alpha's level of measurement
    level: int | None = None  # a hierarchical variable's values cut to this level

    @property
    def name(self) -> str:
        name = self.variable if self.level is None else f"{self.variable} (level {self.level})"
        return name if self.value is None else f"{name}={self.value}"

    @property
    def compared(self) -> str:
        """What was compared, in words."""
        if self.value is not None:
            return SPLIT
        if self.level is not None:
            return f"by level-{self.level} category (a broader value chosen as it is)"
        return COMPARED.get(self.type, COMPARED["nominal"])

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "variable": self.variable,
            "value": self.value,
            "level": self.level,
            "type": self.type,
            "exclusive": self.exclusive,
            "compared": self.compared,
            "coders": list(self.coders),
            "units_coded": self.units,
            "percent_agreement": self.percent.to_json(),
            "cohen_kappa": self.cohen.to_json(),
            "fleiss_kappa": self.fleiss.to_json(),
            "krippendorff_alpha": {**self.alpha.to_json(), "metric": self.metric},
        }


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A unit two or more coders coded differently: what each coder with a sidecar said."""

    unit: Unit
    variable: str
    codes: tuple[tuple[str, tuple[str, ...] | None], ...]  # None: the coder did not code it
    post: Mapping[str, str] = field(default_factory=dict)  # kind, platform, handle, author
    text: str = ""  # the item's words, as the sidecar quotes them

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.unit.article,
            "item": self.unit.item,
            "variable": self.variable,
            "codes": {c: None if v is None else list(v) for c, v in self.codes},
            "post": dict(self.post),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class UnitDifference:
    """An item some of an article's coders added (or rejected) and the others did not: the
    coders disagree on the units themselves, before any code."""

    unit: Unit
    change: str  # "added" or "rejected"
    by: tuple[str, ...]
    not_by: tuple[str, ...]
    text: str = ""  # the item's words, as the sidecar quotes them

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.unit.article,
            "item": self.unit.item,
            "change": self.change,
            "by": list(self.by),
            "not_by": list(self.not_by),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Report:
    coders: tuple[str, ...]
    articles: int  # with at least one coder's sidecar
    shared: int  # with two coders' sidecars or more
    results: tuple[Result, ...]
    disagreements: tuple[Disagreement, ...]
    notes: tuple[str, ...] = ()  # what was left out of the data, and why
    #: Unitizing: the items coders did not agree were units (left out of the figures).
    unitizing: tuple[UnitDifference, ...] = ()
    #: Units the codes were compared on: coded by two coders or more, none of them in doubt.
    shared_units: int = 0
    gold: str | None = None  # the coder taken as right, left out of the figures above
    accuracy: tuple[Accuracy, ...] = ()  # each other coder against `gold`

    def to_json(self) -> dict[str, Any]:
        gold = {"gold": {"coder": self.gold, "accuracy": [a.to_json() for a in self.accuracy]}}
        return {
            **(gold if self.gold is not None else {}),
            "coders": list(self.coders),
            "articles": self.articles,
            "articles_coded_by_two_or_more": self.shared,
            "unitizing": [u.to_json() for u in self.unitizing],
            "shared_units": self.shared_units,
            "variables": [r.to_json() for r in self.results],
            "disagreements": [d.to_json() for d in self.disagreements],
            "notes": list(self.notes),
        }


def _figures(
    variable: str, kind: str, exclusive: bool, view: View, codes: Codes, order: Sequence[str]
) -> list[Result]:
    """The results of one view of a variable: one, or one per value when it is split."""
    level, units = view
    values = value_order(codes, variable, level)
    if exclusive:
        ratings: list[Ratings] = [{c: v[0] for c, v in u.items()} for u in units.values()]
        metric = METRIC.get(kind, "nominal") if level is None else "nominal"
        ranks = [v.name for v in codes.definitions[variable].values] if kind == "ordinal" else []
        return [_result(variable, None, level, kind, metric, ratings, order, ranks)]
    used = {v for u in units.values() for chosen in u.values() for v in chosen}
    return [
        _result(
            variable,
            value,
            level,
            kind,
            "nominal",
            [{c: PRESENT if value in v else ABSENT for c, v in u.items()} for u in units.values()],
            order,
        )
        for value in values
        if value in used
    ]


def _result(
    variable: str,
    value: str | None,
    level: int | None,
    kind: str,
    metric: str,
    units: list[Ratings],
    order: Sequence[str],
    ranks: Sequence[str] = (),
) -> Result:
    """`order`: the coders' order; `ranks`: an ordinal variable's values, lowest first."""
    coders = tuple(c for c in order if any(c in r for r in units))
    numbers = kind == "number" and value is None
    return Result(
        variable=variable,
        value=value,
        exclusive=value is None,
        coders=coders,
        units=len(units),
        percent=percent_agreement(units),
        cohen=Figure(None, 0, NO_KAPPA) if numbers else cohen_kappa(units, coders),
        fleiss=Figure(None, 0, NO_KAPPA) if numbers else fleiss_kappa(units, coders),
        alpha=krippendorff_alpha(units, metric, ranks),
        type=kind,
        metric=metric,
        level=level,
    )


def _post_fields(record: Record | None) -> tuple[dict[str, str], str]:
    if record is None:
        return {}, ""
    fields = {"kind": record.kind, "platform": record.platform, "handle": record.handle}
    fields["author"] = record.author
    return {k: v for k, v in fields.items() if v}, record.quote.exact if record.quote else ""


def _disagreements(
    codes: Codes, variable: str, raw: Mapping[Unit, ByCoder], forms: Mapping[Unit, ByCoder]
) -> list[Disagreement]:
    """The units coders coded differently (as compared: `Tax cut` and `tax cut` agree), with
    what each coder wrote."""
    found = []
    for unit, chosen in forms.items():
        if len(chosen) < 2 or len({frozenset(v) for v in chosen.values()}) == 1:
            continue
        post, text = _post_fields(codes.posts.get(unit))
        said = tuple((c, raw[unit].get(c)) for c in codes.sidecar_coders[unit.article])
        found.append(Disagreement(unit, variable, said, post, text))
    return found


def _position(codes: Codes, unit: Unit) -> tuple[int, str]:
    """Where the item is in its article (where its quote starts), to list units in reading order."""
    if unit.item == ARTICLE_ID:  # the article itself comes before its items
        return -1, unit.item
    record = codes.posts.get(unit)
    start = record.quote.start if record and record.quote else None
    return (start if start is not None else 1 << 62), unit.item


def _unitizing(codes: Codes) -> list[UnitDifference]:
    """The items of each article some of its coders added or rejected and others did not; an
    item every coder rejected is no unit at all. Their codes are left out of the figures."""
    found = []
    for (article, change), items in codes.changed.items():
        coders = codes.sidecar_coders[article]
        for item, by in items.items():
            unit = Unit(article, item)
            if len(by) < len(coders):
                others = tuple(c for c in coders if c not in by)
                _, text = _post_fields(codes.posts.get(unit))
                found.append(UnitDifference(unit, change, tuple(by), others, text))
            if change == "rejected" or len(by) < len(coders):
                codes.tags.pop(unit, None)
    return found


def agreement(study: Study, gold: str | None = None) -> Report:
    """Unitizing (items coders added or rejected that others did not), then the figures of
    every variable on the units the coders share, and every disagreement there. With `gold`,
    that coder is left out of all this, and every other coder is measured against them."""
    codes = collect(study)
    order = [c for c in study.coders if c != gold]
    measured: list[Accuracy] = []
    if gold is not None:
        measured = accuracy(codes, codes.take_out(gold), gold, order)
    unitizing = _unitizing(codes)
    used = {v for by_coder in codes.tags.values() for tags in by_coder.values() for v in tags}
    results: list[Result] = []
    disagreements: list[Disagreement] = []
    for variable in (v for v in codes.declared if v in used):
        raw = coded(variable, codes.tags)
        every = views(codes, variable, raw)
        kind, exclusive = codes.type_of(variable), is_exclusive(codes, variable)
        for view in every:
            results += _figures(variable, kind, exclusive, view, codes, order)
        disagreements += _disagreements(codes, variable, raw, every[0][1])
    articles = {a: n for n, a in enumerate(codes.sidecar_coders)}
    disagreements.sort(key=lambda d: (articles[d.unit.article], _position(codes, d.unit)))
    return Report(
        coders=tuple(order),
        articles=len(codes.sidecar_coders),
        shared=sum(1 for c in codes.sidecar_coders.values() if len(c) >= 2),
        results=tuple(results),
        disagreements=tuple(disagreements),
        notes=(*codes.notes, *not_number_notes(codes)),
        unitizing=tuple(
            sorted(
                unitizing, key=lambda u: (articles.get(u.unit.article, 0), _position(codes, u.unit))
            )
        ),
        shared_units=sum(1 for by in codes.tags.values() if len(by) >= 2),
        gold=gold,
        accuracy=tuple(measured),
    )
