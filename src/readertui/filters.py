"""Which items the list shows: all, posts, quotations or passages only, coded or not, with a
value, the ones the coder rejected (every other filter leaves those out), or, adjudicating,
the ones the coders disagree on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from readertui.annotations import Annotation
from readertui.codebook import Codebook
from readertui.document import Item


@dataclass(frozen=True, slots=True)
class Filter:
    kind: str | None = None  # "post", "quote", "span", or None for all
    coded: bool | None = None  # True: coded only, False: uncoded only, None: either
    variable: str | None = None  # with `value`: items coded with this value
    value: str | None = None
    rejected: bool = False  # the rejected items only (struck through)
    #: Adjudication: only these items (where the coders disagree).
    among: frozenset[str] | None = None

    def matches(self, item: Item, annotation: Annotation) -> bool:
        if annotation.rejected != self.rejected:
            return False
        if self.among is not None and item.id not in self.among:
            return False
        if self.kind is not None and item.kind != self.kind:
            return False
        if self.coded is not None and annotation.is_coded != self.coded:
            return False
        return self.variable is None or self.value in annotation.values(self.variable)

    @property
    def label(self) -> str:
        parts = []
        if self.kind:
            parts.append({"post": "posts", "quote": "quotations", "span": "passages"}[self.kind])
        if self.among is not None:
            parts.append("disagreements")
        if self.rejected:
            parts.append("rejected")
        if self.coded is not None:
            parts.append("coded" if self.coded else "uncoded")
        if self.variable:
            parts.append(f"{self.variable}={self.value}")
        return " · ".join(parts) or "all"


ALL = Filter()


def choices(codebook: Codebook, disputed: frozenset[str] | None = None) -> list[Filter]:
    """The filters offered: by kind, by coded state, and by each of the codebook's values;
    when adjudicating, the items the coders disagree on (`disputed`)."""
    offered = [
        *([Filter(among=disputed)] if disputed is not None else []),
        ALL,
        Filter(kind="post"),
        Filter(kind="quote"),
        Filter(kind="span"),
        Filter(coded=False),
        Filter(coded=True),
    ]
    offered += [
        Filter(variable=variable.name, value=value.name)
        for variable in codebook.variables
        for value in variable.values
    ]
    return [*offered, Filter(rejected=True)]


def count_matches(
    offered: Sequence[Filter], items: Sequence[Item], annotations: Sequence[Annotation]
) -> list[int]:
    """How many of the items each filter lets through."""
    pairs = list(zip(items, annotations, strict=True))
    return [sum(1 for item, a in pairs if f.matches(item, a)) for f in offered]
