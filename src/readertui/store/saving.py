"""Saving one coder's codes of one article, at once and safely: the store's writer.

Each save is on disk before it returns: the records changed since the last save appended to
the sidecar's journal and flushed (see `journal`), the whole sidecar written only when there is
none yet, after a failed write, and when the journal is folded into it (`compact`: when it
grows long, when the reader is idle, on `close`). The writer never writes over work it did not
make: a sidecar (or journal) changed on disk by another program since it was read or written
(compared byte for byte), or locked by another reader meanwhile, leaves the file as it is and
saves these codes beside it (`….<time>.mine.json`, always a new file), turning read-only. If a
write fails, the codes stay in memory and the next save tries again.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from readertui.annotations import Annotations
from readertui.codebook import Codebook
from readertui.document import Article
from readertui.files import write_new
from readertui.store.journal import JournalWriter, Loaded, fingerprint, merged_document
from readertui.store.lock import SidecarLock
from readertui.store.records import Record
from readertui.store.sidecar import SidecarWriteError, SidecarWriter, disk_state
from readertui.textsafe import file_name


@dataclass(frozen=True, slots=True)
class SaveResult:
    ok: bool
    message: str = ""


class SidecarSaver:
    """Writes one coder's codes of one article to `path` (see the module's docstring)."""

    def __init__(
        self,
        path: Path,
        article: Article,
        *,
        coder: str,
        codebook: Codebook,
        lock: SidecarLock,
        saved: Annotations,
        orphans: Sequence[Record],
        disk: bytes | None,
        whole: bool,
        confined: bool,
        clock: Callable[[], str],
        read_only_reason: str | None = None,
    ) -> None:
        self.path = path
        self.article = article
        self.coder = coder
        self.codebook = codebook
        self.lock = lock
        self.orphans = orphans
        self.clock = clock
        self.read_only_reason = read_only_reason
        self.save_error: str | None = None
        self.journal = JournalWriter(path)
        self.writer = SidecarWriter(path, article.source, article.items, confined=confined)
        self._index = {item.id: n for n, item in enumerate(article.items)}
        #: The sidecar's bytes as read or last written: another program's edit differs.
        self._disk = disk
        #: The next save writes the whole sidecar: there is none, or its header, ids or records
        #: are not yet this coder's (another codebook, an edited article).
        self._whole = whole
        #: What the sidecar and the journal hold: a save appends what changed since.
        self._saved = saved
        #: The items changed since `_saved`, while the state is `_tracked` (see `touched`).
        self._dirty: set[str] | None = set()
        self._tracked = saved
        #: Codes that could not be saved aside (see `_save_aside`), retried by `save`.
        self._unsaved_aside: bytes | None = None

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def journaled(self) -> int:
        """Changes in the journal, not yet folded into the sidecar."""
        return self.journal.entries

    def touched(self, item_id: str | None, state: Annotations) -> None:
        """Note the item a change concerned (None: not known), `state` being the result: a save
        appends only the records of the items changed since the last one."""
        if item_id is None or self._dirty is None:
            self._dirty = None  # not known: a save compares them all
        else:
            self._dirty.add(item_id)
        self._tracked = state

    def refuse(self, reason: str) -> None:
        """Write nothing from now on, for `reason` (the first reason given is kept)."""
        if self.read_only_reason is None:
            self.read_only_reason = reason

    # -- saving -----------------------------------------------------------------------------
    def save(self, state: Annotations) -> SaveResult:
        """Put `state` on disk (the changes since the last save appended to the journal, or
        the whole sidecar written); on failure keep it in memory and say why."""
        if self.read_only:
            if self._unsaved_aside is not None:
                return self._save_aside(self._unsaved_aside)
            return SaveResult(False, self.read_only_reason or "read-only")
        if self._changed_on_disk():
            return self._save_aside(self._encode(state))
        if not self._locked():
            return self._save_aside(self._encode(state), "opened in another readertui meanwhile")
        try:
            if self._whole or self.save_error is not None:
                self._write_whole(state)
            else:
                self._append_changes(state)
        except SidecarWriteError as exc:
            self.save_error = f"{exc}; your codes are kept and will be saved with the next change"
            return SaveResult(False, self.save_error)
        if self.journal.full:
            self._fold(state)
        recovered = self.save_error is not None
        self.save_error = None
        return SaveResult(True, "saved again" if recovered else "")

    def compact(self, state: Annotations) -> SaveResult:
        """Fold the journal into the sidecar, written whole. Nothing is done when there is
        nothing to fold. A failure is no loss, the journal still holding every change: it is
        tried again later. Codes a failed save kept in memory are saved (a save's result);
        another program's edit found meanwhile keeps both versions, as a save does."""
        if self.read_only:
            return SaveResult(True)
        if self.save_error is not None:
            return self.save(state)
        if not self.journal.active:
            return SaveResult(True)
        if self._changed_on_disk():
            return self._save_aside(self._encode(state))
        self._fold(state)
        return SaveResult(True)

    def close(self, state: Annotations) -> None:
        """Fold the journal into the sidecar and let another reader write it."""
        self.compact(state)
        self.journal.close()
        self.lock.release()

    def take_over(self, loaded: Loaded, state: Annotations) -> str | None:
        """A journal a killed reader left: folded into the sidecar (its changes are already in
        `state`), dropped if the sidecar holds it already, or saved aside when another program
        replaced the sidecar it extended (what to tell the coder is returned)."""
        journal = loaded.journal
        assert journal is not None
        if disk_state(self.journal.path) != journal.raw or disk_state(self.path) != self._disk:
            return None  # changed since it was read: the first save finds it and keeps both
        if loaded.status in ("none", "stale"):
            with contextlib.suppress(OSError):
                self.journal.path.unlink()
            return None
        if loaded.status == "applied":
            try:
                self.journal.adopt(journal)
            except SidecarWriteError as exc:
                self.refuse(f"{exc}; opened read-only, the file is left untouched")
                return None
            self._whole = True
            self.compact(state)
            return None
        try:
            aside = self._write_aside(merged_document(loaded))
        except SidecarWriteError as exc:
            self.refuse(
                f"{self.journal.path.name} holds changes to {self.path.name} from before "
                f"another program changed it, and they could not be saved beside it ({exc}); "
                "opened read-only, both files are left as they are"
            )
            return None
        with contextlib.suppress(OSError):
            self.journal.path.unlink()
        return (
            f"{self.path.name} was changed by another program after readertui last saved "
            f"codes to it; the codes it had not yet written into it were saved to "
            f"{aside.name}, and the file is shown as that program left it."
        )

    # -- how --------------------------------------------------------------------------------
    def _locked(self) -> bool:
        """Whether this writer may write: it holds the lock, or takes it now (a folder that
        could not be written at opening), or it still cannot be made (the write will fail and
        say why). False: another reader took it meanwhile."""
        return self.lock.held or self.lock.acquire() is None

    def _fold(self, state: Annotations) -> None:
        with contextlib.suppress(SidecarWriteError):  # kept in the journal; tried again later
            self._write_whole(state)

    def _encode(self, state: Annotations) -> bytes:
        return self.writer.encode(
            state,
            article_name=file_name(self.article.path.name),
            sha256=self.article.sha256,
            codebook=self.codebook,
            coder=self.coder,
            saved=self.clock(),
            orphans=self.orphans,
        )

    def _changed_on_disk(self) -> bool:
        """Whether another program changed the sidecar or the journal since they were read or
        written (compared byte for byte: see `disk_state`)."""
        return disk_state(self.path) != self._disk or not self.journal.matches_disk()

    def _write_whole(self, state: Annotations) -> None:
        """Write the whole sidecar, then remove the journal it now holds."""
        data = self._encode(state)
        self.journal.mark_compacted(fingerprint(data))
        self.writer.write(data)
        self._disk = data  # what was written, not a read after it that might be another's
        self._saved_now(state)
        # Left in place (it could not be removed): still this writer's, and the next save
        # writes whole again, to try again.
        self._whole = not self.journal.discard()

    def _append_changes(self, state: Annotations) -> None:
        """Append the records that changed since the last save to the journal."""
        saved = self._saved
        if state is not saved:
            if self._dirty is not None and state is self._tracked:
                touched = sorted(self._dirty, key=lambda i: self._index.get(i, len(self._index)))
            else:  # changed some other way: every item compared
                touched = [*state, *(item_id for item_id in saved if item_id not in state)]
            lines = []
            for item_id in touched:
                annotation = state.get(item_id)
                if annotation is saved.get(item_id):
                    continue
                if annotation is None:
                    lines.append(json.dumps({"remove": item_id}, ensure_ascii=False).encode())
                else:
                    lines.append(self.writer.record(item_id, annotation))
            if lines:
                disk = self._disk
                assert disk is not None  # written whole when there is no sidecar
                self.journal.append(
                    b"\n".join(lines) + b"\n", len(lines), lambda: fingerprint(disk)
                )
        self._saved_now(state)

    def _saved_now(self, state: Annotations) -> None:
        self._saved = self._tracked = state
        self._dirty = set()

    def _write_aside(self, data: bytes) -> Path:
        """Save `data` beside the sidecar under a new name (`….<time>.mine.json`), never over
        anything already there, nor through a link planted under that name."""
        stamp = self.clock().replace(":", "")
        for n in range(1, 1000):
            aside = self.path.with_name(
                f"{self.path.name}.{stamp}{'' if n == 1 else f'-{n}'}.mine.json"
            )
            with contextlib.suppress(FileExistsError):
                write_new(aside, data)
                return aside
        raise SidecarWriteError(f"cannot save beside {self.path}: every name is taken")

    def _save_aside(self, data: bytes, why: str = "") -> SaveResult:
        """The sidecar changed on disk since it was read or written (or `why`): keep both
        versions."""
        changed = (
            f"{self.path.name} was {why}; it is left to that reader"
            if why
            else f"{self.path.name} was changed by another program while open; it is left as "
            "that program wrote it"
        )
        try:
            aside = self._write_aside(data)
        except SidecarWriteError as exc:
            self.lock.release()
            # Kept, and tried again by `save` (quitting tries, and asks before losing them).
            self._unsaved_aside = data
            self.save_error = (
                f"{changed}, and your codes could not be saved beside it either ({exc}); they "
                "are kept and will be saved beside it when you leave"
            )
            self.refuse(f"{changed}; now read-only")
            return SaveResult(False, self.save_error)
        # This writer's journal's changes are in the file saved aside: found again, they would
        # be saved aside twice. A journal another program changed is left as it is.
        if self.journal.matches_disk():
            self.journal.discard()
        self.journal.close()
        self.lock.release()
        recovered = self._unsaved_aside is not None
        self._unsaved_aside = None
        self.save_error = None
        self.read_only_reason = (
            f"{changed} and your codes were saved to {aside.name} instead; now read-only"
        )
        if recovered:
            return SaveResult(True, f"saved to {aside.name}")
        return SaveResult(False, self.read_only_reason)
