"""Agreement between coders: how often independent coders gave the same items the same codes.

A unit is one item of one article (article path, item id). A coder who has a sidecar for the
article but gave an item no value of a variable has not coded that variable there: the value
is *missing*, never "absent", so a coder who skipped an item is not taken to disagree.

Exclusive variables are nominal, one value per coder and unit. A variable that takes several
values is split, as is usual, into one present/absent variable per value (`topic=economy`);
"absent" is only said of a coder who coded the variable on that item. A variable counts as
exclusive only if every codebook that defines it says so and no coder ever gave it two values
(a hand-edited file could); otherwise it is split, which is right for single values too.
A value no coder chose is not listed: all "absent", it has no figure. A coder with two
sidecars for one article (a plain one naming them and their own) counts once, the first.

The coefficients are in `coefficients`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from readertui.store import Record, Stored
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


class Unit(NamedTuple):
    article: str
    item: str


@dataclass(frozen=True, slots=True)
class Result:
    """The figures of one variable, or of one value of a multi-valued variable."""

    variable: str
    value: str | None  # the value a multi-valued variable was split on
    exclusive: bool
    coders: tuple[str, ...]
    units: int  # coded by at least one coder
    percent: Figure
    cohen: Figure
    fleiss: Figure
    alpha: Figure

    @property
    def name(self) -> str:
        return self.variable if self.value is None else f"{self.variable}={self.value}"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "variable": self.variable,
            "value": self.value,
            "exclusive": self.exclusive,
            "coders": list(self.coders),
            "units_coded": self.units,
            "percent_agreement": self.percent.to_json(),
            "cohen_kappa": self.cohen.to_json(),
            "fleiss_kappa": self.fleiss.to_json(),
            "krippendorff_alpha": self.alpha.to_json(),
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

    def to_json(self) -> dict[str, Any]:
        return {
            "coders": list(self.coders),
            "articles": self.articles,
            "articles_coded_by_two_or_more": self.shared,
            "unitizing": [u.to_json() for u in self.unitizing],
            "shared_units": self.shared_units,
            "variables": [r.to_json() for r in self.results],
            "disagreements": [d.to_json() for d in self.disagreements],
            "notes": list(self.notes),
        }


@dataclass(slots=True)
class _Codes:
    """A study's codes by unit, with what the figures and disagreements need to know."""

    tags: dict[Unit, dict[str, Mapping[str, tuple[str, ...]]]] = field(default_factory=dict)
    sidecar_coders: dict[str, list[str]] = field(default_factory=dict)  # by article
    posts: dict[Unit, Record] = field(default_factory=dict)  # first record seen
    declared: dict[str, list[bool]] = field(default_factory=dict)  # variable -> exclusive?
    values: dict[str, list[str]] = field(default_factory=dict)  # in codebook order
    notes: list[str] = field(default_factory=list)
    #: Units some coder added or rejected, by coder: (article, change) -> item -> coders.
    changed: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)


def _collect(study: Study) -> _Codes:
    codes = _Codes()
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
    return codes


def _add_sidecar(codes: _Codes, article: str, coder: str, stored: Stored) -> None:
    if stored.codebook is not None:
        for variable in stored.codebook.variables:
            codes.declared.setdefault(variable.name, []).append(variable.exclusive)
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


def _is_exclusive(codes: _Codes, variable: str) -> bool:
    """Declared exclusive by every codebook that has it, and never given two values at once."""
    if not all(codes.declared[variable]):
        return False
    return all(
        len(tags.get(variable, ())) <= 1 for by in codes.tags.values() for tags in by.values()
    )


def _coded(codes: _Codes, variable: str) -> dict[Unit, dict[str, tuple[str, ...]]]:
    """Each unit's values of `variable`, by the coders who coded it there."""
    found: dict[Unit, dict[str, tuple[str, ...]]] = {}
    for unit, by_coder in codes.tags.items():
        chosen = {coder: tags[variable] for coder, tags in by_coder.items() if tags.get(variable)}
        if chosen:
            found[unit] = chosen
    return found


def _result(
    variable: str, value: str | None, exclusive: bool, units: list[Ratings], order: Sequence[str]
) -> Result:
    coders = tuple(c for c in order if any(c in r for r in units))
    return Result(
        variable=variable,
        value=value,
        exclusive=exclusive,
        coders=coders,
        units=len(units),
        percent=percent_agreement(units),
        cohen=cohen_kappa(units, coders),
        fleiss=fleiss_kappa(units, coders),
        alpha=krippendorff_alpha(units),
    )


def _results(codes: _Codes, variable: str, order: Sequence[str]) -> list[Result]:
    coded = list(_coded(codes, variable).values())
    if _is_exclusive(codes, variable):
        units: list[Ratings] = [{c: v[0] for c, v in u.items()} for u in coded]
        return [_result(variable, None, True, units, order)]
    used = {v for u in coded for chosen in u.values() for v in chosen}
    return [
        _result(
            variable,
            value,
            False,
            [{c: PRESENT if value in v else ABSENT for c, v in u.items()} for u in coded],
            order,
        )
        for value in codes.values[variable]
        if value in used
    ]


def _post_fields(record: Record | None) -> tuple[dict[str, str], str]:
    if record is None:
        return {}, ""
    fields = {"kind": record.kind, "platform": record.platform, "handle": record.handle}
    fields["author"] = record.author
    return {k: v for k, v in fields.items() if v}, record.quote.exact if record.quote else ""


def _disagreements(codes: _Codes, variable: str) -> list[Disagreement]:
    found = []
    for unit, chosen in _coded(codes, variable).items():
        if len(chosen) < 2 or len({frozenset(v) for v in chosen.values()}) == 1:
            continue
        post, text = _post_fields(codes.posts.get(unit))
        said = tuple((c, chosen.get(c)) for c in codes.sidecar_coders[unit.article])
        found.append(Disagreement(unit, variable, said, post, text))
    return found


def _position(codes: _Codes, unit: Unit) -> tuple[int, str]:
    """Where the item is in its article (where its quote starts), to list units in reading order."""
    record = codes.posts.get(unit)
    start = record.quote.start if record and record.quote else None
    return (start if start is not None else 1 << 62), unit.item


def _unitizing(codes: _Codes) -> list[UnitDifference]:
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


def agreement(study: Study) -> Report:
    """Unitizing (items coders added or rejected that others did not), then the figures of
    every variable on the units the coders share, and every disagreement there."""
    codes = _collect(study)
    unitizing = _unitizing(codes)
    order = study.coders
    used = {v for by_coder in codes.tags.values() for tags in by_coder.values() for v in tags}
    variables = [v for v in codes.declared if v in used]
    results = [r for v in variables for r in _results(codes, v, order)]
    articles = {a: n for n, a in enumerate(codes.sidecar_coders)}
    disagreements = sorted(
        (d for v in variables for d in _disagreements(codes, v)),
        key=lambda d: (articles[d.unit.article], _position(codes, d.unit)),
    )
    return Report(
        coders=tuple(order),
        articles=len(codes.sidecar_coders),
        shared=sum(1 for c in codes.sidecar_coders.values() if len(c) >= 2),
        results=tuple(results),
        disagreements=tuple(disagreements),
        notes=tuple(codes.notes),
        unitizing=tuple(
            sorted(
                unitizing, key=lambda u: (articles.get(u.unit.article, 0), _position(codes, u.unit))
            )
        ),
        shared_units=sum(1 for by in codes.tags.values() if len(by) >= 2),
    )
