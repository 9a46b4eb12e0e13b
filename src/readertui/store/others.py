"""The codes other coders keep for an article: every readable sidecar of it but one's own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from readertui.annotations import Annotation
from readertui.document import Article
from readertui.store.anchoring import reanchor
from readertui.store.journal import read_sidecar
from readertui.store.naming import article_sidecars
from readertui.store.records import Record
from readertui.store.sidecar import SidecarError, Stored


@dataclass(frozen=True, slots=True)
class CoderCodes:
    """One coder's sidecar for an article, as read."""

    coder: str
    path: Path
    stored: Stored


def differs(others: Iterable[CoderCodes], item_id: str, mine: Annotation) -> bool:
    """Whether another coder who coded item `item_id` gave it other codes than `mine`."""
    for other in others:
        theirs = other.stored.annotations.get(item_id)
        if theirs is not None and theirs.is_coded and dict(theirs.tags) != dict(mine.tags):
            return True
    return False


def anchored(stored: Stored, article: Article) -> Stored:
    """`stored` as the article is now: each annotation under the id of the item it is found on
    (see `anchoring`), the ones found nowhere under their old ids, as orphans."""
    if stored.article_sha256 == article.sha256:
        return stored  # ids come from the text: the same text, the same ids
    found = reanchor(stored.records, article, stored.article_sha256)
    records = [placement.record.moved(item_id) for item_id, placement in found.placed.items()]
    records += [_unplaced(record) for record in found.orphans]
    annotations = {record.id: record.annotation for record in records}
    approximate = frozenset(item_id for item_id, p in found.placed.items() if not p.exact)
    return replace(stored, annotations=annotations, records=tuple(records), approximate=approximate)


def _unplaced(record: Record) -> Record:
    """An orphan: a coder's own item it held is nowhere in the article (its offsets unknown)."""
    unit = record.annotation.unit
    if unit is None:
        return record
    return replace(
        record, annotation=replace(record.annotation, unit=replace(unit, start=-1, end=-1))
    )


def other_coders(article: Path, own: Path, current: Article | None = None) -> list[CoderCodes]:
    """The codes other coders keep for `article` (every readable sidecar but `own`), placed
    on the `current` article's items when it is given."""
    found = []
    for sidecar in article_sidecars(article):
        if sidecar.path == own:
            continue
        try:
            stored = read_sidecar(sidecar.path)
        except SidecarError:
            continue  # review shows what can be read; `agree` names the damaged files
        if stored is not None:
            stored = anchored(stored, current) if current is not None else stored
            found.append(
                CoderCodes(stored.coder or sidecar.coder or "unknown", sidecar.path, stored)
            )
    return found
