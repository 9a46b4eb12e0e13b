"""Codes, notes and corrections on items: immutable states, pure transitions, undo history.

Every coding action returns a new `Annotations` value; nothing is changed in place, so undo
and redo are a matter of keeping the previous values, and the sidecar always writes a
complete, consistent state. A coder's corrections of the units live here too, beside the
codes of the item they concern: an item rejected ("not a post"), or a `Unit` (an item the
coder added, or a detected one whose words or fields they corrected). So a correction is
saved, journaled, undone and re-anchored exactly as a code is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from readertui.codebook import Value, Variable

Tags = Mapping[str, tuple[str, ...]]

#: What an item is: an embedded post, a direct quotation, or any passage a coder marked.
KINDS = ("post", "quote", "span")
#: Where a coder's own version of an item came from.
ORIGINS = ("added", "edited")
#: The fields of an item a coder may correct.
FIELDS = ("platform", "author", "handle", "date", "url")


@dataclass(frozen=True, slots=True)
class Unit:
    """A coder's own version of an item: one they added, or a detected one they corrected.

    `start`/`end` are source offsets of its words (what the sidecar quotes and re-anchoring
    follows); the fields are as the coder gave them (`author` is a quotation's speaker)."""

    origin: str  # "added" or "edited"
    kind: str  # one of KINDS
    start: int
    end: int
    platform: str | None = None
    author: str | None = None
    handle: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    """One item's codes (variable -> values, in codebook order), note and corrections."""

    tags: Tags = field(default_factory=lambda: MappingProxyType({}))
    note: str = ""
    created: str = ""
    modified: str = ""
    rejected: bool = False  # "not a post" / "not a quotation": out of the list and exports
    unit: Unit | None = None  # the coder's version of the item (added or corrected)

    @property
    def is_empty(self) -> bool:
        return not self.note and not any(self.tags.values()) and not self.rejected and not self.unit

    @property
    def is_coded(self) -> bool:
        return any(self.tags.values())

    def values(self, variable: str) -> tuple[str, ...]:
        return self.tags.get(variable, ())


EMPTY = Annotation()


class Annotations(Mapping[str, Annotation]):
    """The annotations of an article, by post id. Immutable: every change makes a new one."""

    __slots__ = ("_items",)

    def __init__(
        self, items: Mapping[str, Annotation] | Iterable[tuple[str, Annotation]] = ()
    ) -> None:
        self._items: dict[str, Annotation] = {
            k: v for k, v in dict(items).items() if not v.is_empty
        }

    def __getitem__(self, item_id: str) -> Annotation:
        return self._items[item_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def get_annotation(self, item_id: str) -> Annotation:
        return self._items.get(item_id, EMPTY)

    def _with(self, item_id: str, annotation: Annotation) -> Annotations:
        items = dict(self._items)
        if annotation.is_empty:
            items.pop(item_id, None)
        else:
            items[item_id] = annotation
        new = Annotations.__new__(Annotations)
        new._items = items
        return new

    def toggle(
        self,
        item_id: str,
        variable: Variable,
        value: Value,
        now: str,
        order: Sequence[str] = (),
    ) -> Annotations:
        """Set a value, or clear it if it is already set (exclusive variables hold one).

        `order` is the codebook's order of variables, which the tags keep whatever the order
        of the keys pressed, so a row and a sidecar always read the same way."""
        chosen = self.get_annotation(item_id).values(variable.name)
        if value.name in chosen:
            chosen = tuple(v for v in chosen if v != value.name)
        elif variable.exclusive:
            chosen = (value.name,)
        else:
            ranks = [v.name for v in variable.values]
            chosen = tuple(sorted({*chosen, value.name}, key=lambda n: _rank(ranks, n)))
        return self.with_values(item_id, variable.name, chosen, now, order)

    def with_values(
        self, item_id: str, variable: str, chosen: tuple[str, ...], now: str, order: Sequence[str]
    ) -> Annotations:
        """`variable` holding exactly `chosen` (nothing: not coded), the others as they were."""
        current = self.get_annotation(item_id)
        tags = {k: v for k, v in current.tags.items() if k != variable}
        if chosen:
            tags[variable] = chosen
        if order:
            tags = dict(sorted(tags.items(), key=lambda item: _rank(list(order), item[0])))
        return self._with(item_id, _touch(current, MappingProxyType(tags), current.note, now))

    def with_tags(self, item_id: str, tags: Tags, rejected: bool, now: str) -> Annotations:
        """Exactly these codes (and rejection), the note and corrections as they were: what
        an adjudicator takes from a coder."""
        current = replace(self.get_annotation(item_id), rejected=rejected)
        kept = MappingProxyType({k: tuple(v) for k, v in tags.items() if v})
        return self._with(item_id, _touch(current, kept, current.note, now))

    def clear(self, item_id: str, now: str) -> Annotations:
        """Remove every code of a post (its note stays)."""
        current = self.get_annotation(item_id)
        return self._with(item_id, _touch(current, MappingProxyType({}), current.note, now))

    def with_note(self, item_id: str, note: str, now: str) -> Annotations:
        current = self.get_annotation(item_id)
        return self._with(item_id, _touch(current, current.tags, note.strip(), now))

    def with_rejected(self, item_id: str, rejected: bool, now: str) -> Annotations:
        """Reject the item, or restore it (its codes are kept either way)."""
        current = self.get_annotation(item_id)
        changed = replace(current, rejected=rejected)
        return self._with(item_id, _touch(changed, current.tags, current.note, now))

    def with_unit(self, item_id: str, unit: Unit | None, now: str) -> Annotations:
        """The coder's own version of the item (None: the detector's again)."""
        current = self.get_annotation(item_id)
        changed = replace(current, unit=unit)
        return self._with(item_id, _touch(changed, current.tags, current.note, now))


def _rank(order: list[str], name: str) -> int:
    return order.index(name) if name in order else len(order)


def _touch(current: Annotation, tags: Tags, note: str, now: str) -> Annotation:
    return replace(current, tags=tags, note=note, created=current.created or now, modified=now)


@dataclass(frozen=True, slots=True)
class Change:
    """A step in the history: the state after it, and the post it concerned."""

    state: Annotations
    item_id: str | None


class History:
    """Undo and redo over every change since the article was opened."""

    def __init__(self, initial: Annotations) -> None:
        self._past: list[Change] = []
        self._present = Change(initial, None)
        self._future: list[Change] = []

    @property
    def state(self) -> Annotations:
        return self._present.state

    @property
    def can_undo(self) -> bool:
        return bool(self._past)

    @property
    def can_redo(self) -> bool:
        return bool(self._future)

    def push(self, state: Annotations, item_id: str) -> None:
        self._past.append(self._present)
        self._present = Change(state, item_id)
        self._future.clear()

    def undo(self) -> str | None:
        """Step back; return the id of the post the undone change concerned."""
        if not self._past:
            return None
        undone = self._present
        self._future.append(undone)
        self._present = self._past.pop()
        return undone.item_id

    def redo(self) -> str | None:
        if not self._future:
            return None
        self._past.append(self._present)
        self._present = self._future.pop()
        return self._present.item_id
