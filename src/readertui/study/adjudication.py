"""Adjudication: where the coders of an article disagree, and what the adjudicator may take.

The adjudicator codes in a sidecar of their own (the study's gold coder), never in a coder's:
taking a coder's codes copies them there. Pure: the reader shows what this finds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from readertui.annotations import Annotation
from readertui.store import CoderCodes


def coded_by(others: Iterable[CoderCodes], item_id: str) -> list[tuple[str, Annotation]]:
    """Each coder who coded (or rejected) item `item_id`, with what they gave it."""
    found = []
    for other in others:
        theirs = other.stored.annotations.get(item_id)
        if theirs is not None and (theirs.is_coded or theirs.rejected):
            found.append((other.coder, theirs))
    return found


def disputed(others: Sequence[CoderCodes]) -> frozenset[str]:
    """The items two coders coded differently (other values), or that one rejected and
    another, who coded the article, did not (as `agree` reports it)."""
    ids = {item_id for other in others for item_id in other.stored.annotations}
    found = set()
    for item_id in ids:
        given = {_verdict(a) for _, a in coded_by(others, item_id)}
        rejected = [_rejected(other, item_id) for other in others]
        if len(given) > 1 or (any(rejected) and not all(rejected)):
            found.add(item_id)
    return frozenset(found)


def _rejected(other: CoderCodes, item_id: str) -> bool:
    annotation = other.stored.annotations.get(item_id)
    return annotation is not None and annotation.rejected


def _verdict(annotation: Annotation) -> tuple[object, ...]:
    if annotation.rejected:
        return ("rejected",)
    return tuple(sorted((k, v) for k, v in annotation.tags.items() if v))
