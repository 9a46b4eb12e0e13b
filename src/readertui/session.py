"""A coding session: one coder coding one article's posts, every change saved at once.

The reader's screen calls this and shows what it reports; nothing here knows about Textual.
Every action goes through the history (so it can be undone) and is written to the sidecar
before the call returns. If the sidecar could not be read, the session is read-only and never
writes; if a write fails, the codes stay in memory and the next change tries again.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readertui.annotations import Annotation, Annotations, History
from readertui.codebook import DEFAULT, Codebook
from readertui.document import Article, Post
from readertui.sidecar import (
    SidecarError,
    SidecarWriteError,
    SidecarWriter,
    read_sidecar,
    sidecar_path,
)


def default_coder() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return os.environ.get("USER") or "coder"


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class SaveResult:
    ok: bool
    message: str = ""


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
        self.posts: Sequence[Post] = article.posts
        self.coder = coder or default_coder()
        self.path = annotations_path or sidecar_path(article.path)
        self.clock = clock
        self.read_only_reason: str | None = None
        self.save_error: str | None = None
        self._index = {post.id: n for n, post in enumerate(self.posts)}
        self.orphans: list[Mapping[str, Any]] = []
        initial = Annotations()
        stored = None
        try:
            stored = read_sidecar(self.path)
        except SidecarError as exc:
            self.read_only_reason = f"{exc}; opened read-only, the file is left untouched"
        if stored is not None:
            if stored.coder and stored.coder != self.coder:
                # Never write one coder's work under another's name.
                self.read_only_reason = (
                    f"{self.path.name} holds the codes of coder {stored.coder!r}, not "
                    f"{self.coder!r}; opened read-only (use --coder {stored.coder} to continue)"
                )
            known = {k: v for k, v in stored.annotations.items() if k in self._index}
            initial = Annotations(known)
            self.orphans = [r for r in stored.records if r["post"]["id"] not in self._index]
        self.codebook = codebook or (stored.codebook if stored else None) or DEFAULT
        self.history = History(initial)
        self.writer = SidecarWriter(self.path, article.source, self.posts)

    # -- reading ----------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def state(self) -> Annotations:
        return self.history.state

    def annotation(self, index: int) -> Annotation:
        return self.state.get_annotation(self.posts[index].id)

    def index_of(self, post_id: str | None) -> int | None:
        return None if post_id is None else self._index.get(post_id)

    @property
    def coded_count(self) -> int:
        return sum(1 for post_id, a in self.state.items() if a.is_coded and post_id in self._index)

    def next_uncoded(self, after: int) -> int | None:
        """The next post without codes after `after`, wrapping around; None if all are coded."""
        total = len(self.posts)
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
        post_id = self.posts[index].id
        return self._apply(self.state.toggle(post_id, variable, value, self.clock()), post_id)

    def clear(self, index: int) -> SaveResult | None:
        post_id = self.posts[index].id
        if self.read_only or not self.state.get_annotation(post_id).is_coded:
            return None
        return self._apply(self.state.clear(post_id, self.clock()), post_id)

    def set_note(self, index: int, note: str) -> SaveResult | None:
        post_id = self.posts[index].id
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
        try:
            self.writer.write(data)
        except SidecarWriteError as exc:
            self.save_error = f"{exc}; your codes are kept and will be saved with the next change"
            return SaveResult(False, self.save_error)
        recovered = self.save_error is not None
        self.save_error = None
        return SaveResult(True, "saved again" if recovered else "")
