"""Codes and notes on posts: immutable states, pure transitions, and their undo history.

Every coding action returns a new `Annotations` value; nothing is changed in place, so undo
and redo are a matter of keeping the previous values, and the sidecar always writes a
complete, consistent state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from readertui.codebook import Value, Variable

Tags = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Annotation:
    """One post's codes (variable -> values, in codebook order) and note."""

    tags: Tags = field(default_factory=lambda: MappingProxyType({}))
    note: str = ""
    created: str = ""
    modified: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.note and not any(self.tags.values())

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
        current = self.get_annotation(item_id)
        chosen = current.values(variable.name)
        if value.name in chosen:
            chosen = tuple(v for v in chosen if v != value.name)
        elif variable.exclusive:
            chosen = (value.name,)
        else:
            order = [v.name for v in variable.values]
            chosen = tuple(sorted({*chosen, value.name}, key=lambda n: _rank(order, n)))
        tags = {k: v for k, v in current.tags.items() if k != variable.name}
        if chosen:
            tags[variable.name] = chosen
        if order:
            tags = dict(sorted(tags.items(), key=lambda item: _rank(list(order), item[0])))
        return self._with(item_id, _touch(current, MappingProxyType(tags), current.note, now))

    def clear(self, item_id: str, now: str) -> Annotations:
        """Remove every code of a post (its note stays)."""
        current = self.get_annotation(item_id)
        return self._with(item_id, _touch(current, MappingProxyType({}), current.note, now))

    def with_note(self, item_id: str, note: str, now: str) -> Annotations:
        current = self.get_annotation(item_id)
        return self._with(item_id, _touch(current, current.tags, note.strip(), now))


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
