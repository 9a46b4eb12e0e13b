"""A coding session: one coder coding one article's items, every change saved at once.

The session holds the items, the codes and their history (so every change can be undone), and
hands each change to the store's writer, which has it on disk before the call returns (see
`store.saving`). What file the codes are in, whether it may be written and what the coder is
told on opening are the store's (`store.opening`). Nothing here knows about Textual: the
reader's screen calls this and shows what it reports.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from pathlib import Path

from readertui.annotations import KINDS, Annotation, Annotations, History, Unit
from readertui.codebook import TARGETS, Codebook, Variable
from readertui.config import default_coder
from readertui.corrections import (
    article_item,
    corrected_items,
    corrected_unit,
    fields_problem,
    new_item_id,
    selection_problem,
    unit_item,
    with_fields,
)
from readertui.document import ARTICLE_ID, Article, Item
from readertui.store import Record, SaveResult, SidecarSaver, open_sidecar, utc_now

__all__ = ["CodingSession", "SaveResult"]


class CodingSession:
    def __init__(
        self,
        article: Article,
        *,
        codebook: Codebook | None = None,
        coder: str | None = None,
        annotations_path: Path | None = None,
        clock: Callable[[], str] = utc_now,
        blind: bool = False,
        adjudicating: bool = False,
    ) -> None:
        self.article = article
        #: The coder is the study's adjudicator: their codes are the gold standard.
        self.adjudicating = adjudicating
        #: Blind coding: nothing of other coders' codes is to be shown (nor their names).
        self.blind = blind
        self.items: Sequence[Item] = article.items
        self.coder = coder or default_coder()
        self.clock = clock
        opened = open_sidecar(
            article,
            self.coder,
            codebook=codebook,
            annotations_path=annotations_path,
            clock=clock,
            blind=blind,
        )
        #: The writer of the codes: every change goes to it.
        self.store: SidecarSaver = opened.saver
        self.codebook = opened.codebook
        self.orphans: Sequence[Record] = opened.orphans
        #: Said once when the session opens (see `store.opening.Opened`).
        self.notice = opened.notice
        self.history = History(opened.codes)
        #: The article itself is the list's first item when it has codes of its own to take
        #: (or had, with another codebook: they are shown, not hidden).
        self._article: list[Item] = (
            [article_item(article)]
            if self.codebook.codes_article or ARTICLE_ID in opened.codes
            else []
        )
        self._items_for: Annotations | None = None
        self._index: dict[str, int] = {}
        self._update_items()
        self.closed = False  # by `close`: another reader may write the file now

    # -- what the store says ------------------------------------------------------------------
    @property
    def path(self) -> Path:
        """The file the codes are kept in."""
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def read_only_reason(self) -> str | None:
        return self.store.read_only_reason

    @property
    def save_error(self) -> str | None:
        """Why the latest codes are not on disk (they are kept, and saved with the next
        change), or None."""
        return self.store.save_error

    @property
    def journaled(self) -> int:
        """Changes on disk in the journal, not yet folded into the sidecar."""
        return self.store.journaled

    # -- reading ----------------------------------------------------------------------------
    @property
    def state(self) -> Annotations:
        return self.history.state

    def annotation(self, index: int) -> Annotation:
        return self.state.get_annotation(self.items[index].id)

    def index_of(self, item_id: str | None) -> int | None:
        return None if item_id is None else self._index.get(item_id)

    @property
    def coded_count(self) -> int:
        """Items coded, of those not rejected."""
        state, index = self.state.items(), self._index
        return sum(1 for i, a in state if a.is_coded and not a.rejected and i in index)

    @property
    def codes_article(self) -> bool:
        """The article itself is an item to code (the list's first row)."""
        return bool(self._article)

    @property
    def unit_count(self) -> int:
        """Items to code: every item but those rejected."""
        rejected = sum(1 for i, a in self.state.items() if a.rejected and i in self._index)
        return len(self.items) - rejected

    def next_uncoded(self, after: int) -> int | None:
        """The next item (not rejected) without codes after `after`, wrapping around; None if
        all are coded."""
        total = len(self.items)
        for step in range(1, total + 1):
            index = (after + step) % total
            annotation = self.annotation(index)
            if not annotation.is_coded and not annotation.rejected:
                return index
        return None

    def _update_items(self, item_id: str | None = None) -> None:
        """The items as the coder's corrections make them, when those of `item_id` (None: of
        any item) changed."""
        state, before = self.state, self._items_for
        self._items_for = state
        if before is not None and item_id is not None:
            was, now = before.get_annotation(item_id).unit, state.get_annotation(item_id).unit
            if was == now:
                return
            if was is None and now is not None and now.origin == "added":
                # One item more, the others as they were: put in its place, where sorting
                # them all would put it (after those starting where it does), in a new list.
                item = unit_item(self.article, item_id, now, None)
                first = len(self._article)  # (the article's own row stays first)
                at = bisect_right(self.items, item.span[0], lo=first, key=lambda i: i.span[0])
                self.items = [*self.items[:at], item, *self.items[at:]]
                self._index = {item.id: n for n, item in enumerate(self.items)}
                return
        self.items = [*self._article, *corrected_items(self.article, state)]
        self._index = {item.id: n for n, item in enumerate(self.items)}

    # -- changing ---------------------------------------------------------------------------
    def code(self, index: int, key: str) -> SaveResult | None:
        """Set or toggle the value bound to `key` on item `index` (None: nothing changed;
        `refusal` says why)."""
        found = self.codebook.by_key().get(key)
        if found is None or self.read_only:
            return None
        variable, value = found
        if self.not_coded_on(self.items[index].kind, variable):
            return None
        item_id = self.items[index].id
        state = self.state.toggle(item_id, variable, value, self.clock(), order=self._order())
        return self._apply(state, item_id)

    def step(self, index: int, key: str) -> SaveResult | None:
        """Lower or raise the ordinal variable `key` steps (from an end when not coded)."""
        found = self.codebook.step_keys().get(key)
        if found is None or self.read_only:
            return None
        variable, by = found
        if self.not_coded_on(self.items[index].kind, variable):
            return None
        current = self.annotation(index).values(variable.name)
        new = variable.stepped(current[0] if current else None, by)
        if new is None or (new,) == current:
            return None
        return self._set(index, variable, (new,))

    def type_in(self, index: int, name: str, text: str) -> SaveResult | str | None:
        """Give number or text variable `name` the value typed (nothing: not coded)."""
        variable = self.codebook.variable(name)
        if variable is None or not variable.typed or self.read_only:
            return None
        if problem := self.not_coded_on(self.items[index].kind, variable):
            return problem
        try:
            chosen = (variable.parse(text),) if text.strip() else ()
        except ValueError as exc:
            return f"{name}: {exc}"
        if chosen == self.annotation(index).values(name):
            return None
        return self._set(index, variable, chosen)

    def take(self, index: int, theirs: Annotation) -> SaveResult | None:
        """Adjudicating: give item `index` the codes another coder gave it (those this codebook
        has), or their rejection; the adjudicator's note stays."""
        if self.read_only:
            return None
        item_id = self.items[index].id
        mine = self.state.get_annotation(item_id)
        known = {v.name: v for v in self.codebook.for_kind(self.items[index].kind)}
        tags = {  # only what this codebook can hold: a file it could not open again else
            name: kept
            for name, values in theirs.tags.items()
            if name in known and (kept := tuple(v for v in values if known[name].takes(v)))
        }
        if dict(mine.tags) == tags and mine.rejected == theirs.rejected:
            return None
        order = self._order()
        tags = dict(sorted(tags.items(), key=lambda kv: order.index(kv[0])))
        state = self.state.with_tags(item_id, tags, theirs.rejected, self.clock())
        return self._apply(state, item_id)

    def refusal(self, kind: str, key: str) -> str | None:
        """Why the codebook's `key` does nothing on an item of `kind`, if that is the reason."""
        found = self.codebook.by_key().get(key) or self.codebook.step_keys().get(key)
        variable = found[0] if found else self.codebook.input_keys().get(key)
        return None if variable is None else self.not_coded_on(kind, variable)

    def not_coded_on(self, kind: str, variable: Variable) -> str | None:
        """Why `variable` is not coded on an item of `kind` (the codebook's applies_to)."""
        if variable.applies(kind):
            return None
        if variable.applies_to == {"article"}:
            return f"{variable.name} is coded on the article itself: its row is the list's first"
        targets = [t for t in TARGETS if t in variable.applies_to]
        what = {"post": "a post", "quote": "a quotation", "span": "a passage"}.get(
            kind, "the article"
        )
        listed = ", ".join(targets[:-1]) + f" and {targets[-1]}" if len(targets) > 1 else targets[0]
        return f"{variable.name} is coded on {listed}, not on {what}"

    def _set(self, index: int, variable: Variable, chosen: tuple[str, ...]) -> SaveResult:
        item_id = self.items[index].id
        state = self.state.with_values(item_id, variable.name, chosen, self.clock(), self._order())
        return self._apply(state, item_id)

    def _order(self) -> list[str]:
        return [v.name for v in self.codebook.variables]

    def clear(self, index: int) -> SaveResult | None:
        item_id = self.items[index].id
        if self.read_only or not self.state.get_annotation(item_id).is_coded:
            return None
        return self._apply(self.state.clear(item_id, self.clock()), item_id)

    def set_note(self, index: int, note: str) -> SaveResult | None:
        item_id = self.items[index].id
        if self.read_only or note.strip() == self.state.get_annotation(item_id).note:
            return None
        return self._apply(self.state.with_note(item_id, note, self.clock()), item_id)

    # -- correcting the units ---------------------------------------------------------------
    def add(
        self, start: int, end: int, kind: str, **fields: str | None
    ) -> tuple[int, SaveResult] | str:
        """Make source range [start, end) an item of `kind` (post, quote or span): its index
        once added and the save's result, or why it cannot be one."""
        assert kind in KINDS, kind  # (written, any other would make the file unreadable)
        if self.read_only:
            return self.read_only_reason or "read-only"
        problem = selection_problem(self.article, self.items, start, end) or fields_problem(fields)
        if problem is not None:
            return problem
        state = self.state
        item_id = new_item_id(self.article, start, end, lambda i: i in self._index or i in state)
        unit = with_fields(Unit("added", kind, start, end), fields)
        result = self._apply(self.state.with_unit(item_id, unit, self.clock()), item_id)
        index = self.index_of(item_id)
        assert index is not None
        return index, result

    def reject(self, index: int) -> SaveResult | None:
        """Reject item `index` ("not a post"), or restore it if it is rejected."""
        if self.read_only:
            return None
        item_id = self.items[index].id
        rejected = not self.state.get_annotation(item_id).rejected
        return self._apply(self.state.with_rejected(item_id, rejected, self.clock()), item_id)

    def edit(
        self,
        index: int,
        start: int | None = None,
        end: int | None = None,
        kind: str | None = None,
        **fields: str | None,
    ) -> SaveResult | str | None:
        """Correct item `index`: its words (source range), kind and fields; it keeps its id and
        codes. None: nothing changed; text: why it cannot be."""
        assert kind is None or kind in KINDS, kind
        if self.read_only or (problem := fields_problem(fields)):
            return None if self.read_only else problem
        item = self.items[index]
        current = self.state.get_annotation(item.id).unit
        span = (start, end)
        new = corrected_unit(self.article, self.items, item, current, span, fields, kind)
        if isinstance(new, str) or new == current:
            return new if isinstance(new, str) else None
        return self._apply(self.state.with_unit(item.id, new, self.clock()), item.id)

    def undo(self) -> tuple[int | None, SaveResult] | None:
        if self.read_only or not self.history.can_undo:
            return None
        return self._stepped(self.history.undo())

    def redo(self) -> tuple[int | None, SaveResult] | None:
        if self.read_only or not self.history.can_redo:
            return None
        return self._stepped(self.history.redo())

    def _apply(self, state: Annotations, item_id: str) -> SaveResult:
        self.history.push(state, item_id)
        self._update_items(item_id)
        self.store.touched(item_id, self.state)
        return self.save()

    def _stepped(self, item_id: str | None) -> tuple[int | None, SaveResult]:
        self._update_items(item_id)
        self.store.touched(item_id, self.state)
        return self.index_of(item_id), self.save()

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> SaveResult:
        """Put the codes on disk now (a change does so itself; after a failure, try again)."""
        return self.store.save(self.state)

    def compact(self) -> SaveResult:
        """Fold the journal into the sidecar (see `SidecarSaver.compact`)."""
        return self.store.compact(self.state)

    def idle(self) -> SaveResult:
        """The coder has paused: what is pending is written (the journal folded into the
        sidecar, so that programs reading the sidecar alone see every change; codes a failed
        save kept, saved). The session decides what that takes; nothing, after `close`."""
        return SaveResult(True) if self.closed else self.compact()

    def close(self) -> None:
        """Fold the journal into the sidecar and let another reader write it."""
        if not self.closed:
            self.closed = True
            self.store.close(self.state)

    def __enter__(self) -> CodingSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
