"""A coding session: one coder coding one article's posts, every change saved at once.

The reader's screen calls this and shows what it reports; nothing here knows about Textual.
Every action goes through the history (so it can be undone) and is written to the sidecar
before the call returns. The session never writes over work it did not make: a sidecar it
cannot read, one for another article or coder, one whose codes the chosen codebook cannot
express, one another reader has open, or one changed on disk by another program all leave the
file as it is (read-only, or the session's own state saved beside it). If a write fails, the
codes stay in memory and the next change tries again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readertui.anchoring import Anchoring, reanchor
from readertui.annotations import Annotation, Annotations, History
from readertui.codebook import DEFAULT, Codebook
from readertui.config import default_coder
from readertui.corpus import sidecar_for
from readertui.document import Article, Item
from readertui.lock import SidecarLock
from readertui.sidecar import (
    SidecarError,
    SidecarWriteError,
    SidecarWriter,
    Stored,
    disk_state,
    read_sidecar,
    remove_leftovers,
    write_atomic,
)


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class SaveResult:
    ok: bool
    message: str = ""


def link_outside(path: Path) -> Path | None:
    """Where `path` leads, when it is a symbolic link out of its own folder (a hostile corpus
    could point a sidecar at any file, to have it written over); None when it is not one."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return path
    return None if target.parent == path.parent.resolve() else target


def missing_codes(codebook: Codebook, annotations: Iterable[Annotation]) -> list[str]:
    """The `variable=value` codes in use that a codebook cannot express."""
    missing = []
    for annotation in annotations:
        for name, values in annotation.tags.items():
            variable = codebook.variable(name)
            for value in values:
                code = f"{name}={value}"
                if (variable is None or variable.value(value) is None) and code not in missing:
                    missing.append(code)
    return missing


def changed_notice(found: Anchoring, records: Sequence[Mapping[str, Any]]) -> str:
    """What the coder is told when the article changed since the codes were saved."""
    kinds = {r["post"].get("kind", "post") for r in records}
    noun = {frozenset({"quote"}): "quotations", frozenset({"post"}): "posts"}
    what = noun.get(frozenset(kinds), "items")
    text = (
        f"The article has changed since these codes were saved: {found.found} of "
        f"{found.total} coded {what} were found again"
    )
    if found.approximate:
        text += f" ({found.approximate} by approximate match)"
    orphans = len(found.orphans)
    if orphans == 1:
        text += "; 1 is kept in the file as an orphan"
    elif orphans:
        text += f"; {orphans} are kept in the file as orphans"
    return text + "."


class CodingSession:
    def __init__(
        self,
        article: Article,
        *,
        codebook: Codebook | None = None,
        coder: str | None = None,
        annotations_path: Path | None = None,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.article = article
        self.items: Sequence[Item] = article.items
        self.coder = coder or default_coder()
        self.path = annotations_path or sidecar_for(article.path, self.coder)
        self.clock = clock
        self.read_only_reason: str | None = None
        self.save_error: str | None = None
        #: Said once when the session opens (the article changed since the codes were saved).
        self.notice: str | None = None
        self._index = {post.id: n for n, post in enumerate(self.items)}
        self.orphans: list[Mapping[str, Any]] = []
        self.lock = SidecarLock(self.path)
        #: Codes that could not be saved aside (see `_save_aside`), retried by `save`.
        self._unsaved_aside: bytes | None = None
        outside = None if annotations_path else link_outside(self.path)
        if outside is not None:
            self._refuse(
                f"{self.path.name} is a link to {outside}, outside the article's folder; opened "
                f"read-only, nothing is written through it (to code in that file, open with "
                f"--annotations {outside})"
            )
        stored = None
        try:
            stored = read_sidecar(self.path)
        except SidecarError as exc:
            self._refuse(f"{exc}; opened read-only, the file is left untouched")
        self._disk = disk_state(self.path)
        initial = Annotations()
        if stored is not None:
            found = reanchor(stored.records, article, stored.article_sha256)
            self._check(stored, codebook, found)
            # Codes found on an item move to its current id (and are saved with its selector).
            initial = Annotations(
                {
                    item_id: stored.annotations[placement.record["post"]["id"]]
                    for item_id, placement in found.placed.items()
                }
            )
            self.orphans = list(found.orphans)
        self.codebook = codebook or (stored.codebook if stored else None) or DEFAULT
        if not self.read_only and (held := self.lock.acquire()):
            self._refuse(f"{held}; opened read-only")
        if self.lock.held:
            remove_leftovers(self.path)
        self.history = History(initial)
        self.writer = SidecarWriter(self.path, article.source, self.items)

    def _refuse(self, reason: str) -> None:
        if self.read_only_reason is None:
            self.read_only_reason = reason

    def _check(self, stored: Stored, codebook: Codebook | None, found: Anchoring) -> None:
        """Open read-only rather than write over codes this session must not touch."""
        name = self.path.name
        if stored.article_file and stored.article_file != self.article.path.name:
            self._refuse(
                f"{name} holds the codes of {stored.article_file!r}, not of "
                f"{self.article.path.name!r}; opened read-only"
            )
        if stored.coder and stored.coder != self.coder:
            self._refuse(
                f"{name} holds the codes of coder {stored.coder!r}, not {self.coder!r}; opened "
                f"read-only (use --coder {stored.coder} to continue)"
            )
        if codebook is not None and stored.codebook is not None and codebook != stored.codebook:
            missing = missing_codes(codebook, stored.annotations.values())
            if missing:
                shown = ", ".join(missing[:4]) + (" …" if len(missing) > 4 else "")
                self._refuse(
                    f"the codes in {name} use values this codebook does not have ({shown}); "
                    "opened read-only (open without --codebook to code with the one they use)"
                )
        if stored.article_sha256 and stored.article_sha256 != self.article.sha256:
            self.notice = changed_notice(found, stored.records)

    # -- reading ----------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def state(self) -> Annotations:
        return self.history.state

    def annotation(self, index: int) -> Annotation:
        return self.state.get_annotation(self.items[index].id)

    def index_of(self, post_id: str | None) -> int | None:
        return None if post_id is None else self._index.get(post_id)

    @property
    def coded_count(self) -> int:
        return sum(1 for post_id, a in self.state.items() if a.is_coded and post_id in self._index)

    def next_uncoded(self, after: int) -> int | None:
        """The next post without codes after `after`, wrapping around; None if all are coded."""
        total = len(self.items)
        for step in range(1, total + 1):
            index = (after + step) % total
            if not self.annotation(index).is_coded:
                return index
        return None

    # -- changing ---------------------------------------------------------------------------
    def code(self, index: int, key: str) -> SaveResult | None:
        """Set or toggle the value bound to `key` on post `index`."""
        found = self.codebook.by_key().get(key)
        if found is None or self.read_only:
            return None
        variable, value = found
        post_id = self.items[index].id
        order = [v.name for v in self.codebook.variables]
        state = self.state.toggle(post_id, variable, value, self.clock(), order=order)
        return self._apply(state, post_id)

    def clear(self, index: int) -> SaveResult | None:
        post_id = self.items[index].id
        if self.read_only or not self.state.get_annotation(post_id).is_coded:
            return None
        return self._apply(self.state.clear(post_id, self.clock()), post_id)

    def set_note(self, index: int, note: str) -> SaveResult | None:
        post_id = self.items[index].id
        if self.read_only or note.strip() == self.state.get_annotation(post_id).note:
            return None
        return self._apply(self.state.with_note(post_id, note, self.clock()), post_id)

    def undo(self) -> tuple[int | None, SaveResult] | None:
        if self.read_only or not self.history.can_undo:
            return None
        post_id = self.history.undo()
        return self.index_of(post_id), self.save()

    def redo(self) -> tuple[int | None, SaveResult] | None:
        if self.read_only or not self.history.can_redo:
            return None
        post_id = self.history.redo()
        return self.index_of(post_id), self.save()

    def _apply(self, state: Annotations, post_id: str) -> SaveResult:
        self.history.push(state, post_id)
        return self.save()

    def save(self) -> SaveResult:
        """Write the whole current state; on failure keep it in memory and say why."""
        if self.read_only:
            if self._unsaved_aside is not None:
                return self._save_aside(self._unsaved_aside)
            return SaveResult(False, self.read_only_reason or "read-only")
        data = self.writer.encode(
            self.state,
            article_name=self.article.path.name,
            sha256=self.article.sha256,
            codebook=self.codebook,
            coder=self.coder,
            saved=self.clock(),
            orphans=self.orphans,
        )
        if disk_state(self.path) != self._disk:
            return self._save_aside(data)
        try:
            self.writer.write(data)
        except SidecarWriteError as exc:
            self.save_error = f"{exc}; your codes are kept and will be saved with the next change"
            return SaveResult(False, self.save_error)
        self._disk = data  # what we wrote, not a read after it that might be another's
        recovered = self.save_error is not None
        self.save_error = None
        return SaveResult(True, "saved again" if recovered else "")

    def _save_aside(self, data: bytes) -> SaveResult:
        """The sidecar changed on disk since we read or wrote it: keep both versions."""
        aside = self.path.with_name(f"{self.path.name}.{self.clock().replace(':', '')}.mine.json")
        changed = (
            f"{self.path.name} was changed by another program while open; it is left as that "
            "program wrote it"
        )
        self.lock.release()
        try:
            write_atomic(aside, data)
        except SidecarWriteError as exc:
            # Kept, and tried again by `save` (quitting tries, and asks before losing them).
            self._unsaved_aside = data
            self.save_error = (
                f"{changed}, and your codes could not be saved beside it either ({exc}); they "
                "are kept and will be saved beside it when you leave"
            )
            self._refuse(f"{changed}; now read-only")
            return SaveResult(False, self.save_error)
        recovered = self._unsaved_aside is not None
        self._unsaved_aside = None
        self.save_error = None
        self.read_only_reason = (
            f"{changed} and your codes were saved to {aside.name} instead; now read-only"
        )
        if recovered:
            return SaveResult(True, f"saved to {aside.name}")
        return SaveResult(False, self.read_only_reason)

    def close(self) -> None:
        """Let another reader write this sidecar."""
        self.lock.release()

    def __enter__(self) -> CodingSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
