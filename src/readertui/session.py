"""A coding session: one coder coding one article's posts, every change saved at once.

The reader's screen calls this and shows what it reports; nothing here knows about Textual.
Every action goes through the history (so it can be undone) and is on disk before the call
returns: appended to the sidecar's journal and flushed (see `journal`), the whole sidecar being
written only when there is none yet, after a failed write, and when the journal is folded into
it (`compact`: when it grows long, when the reader is idle, on `close`). A journal a killed
reader left is taken over on opening and folded in. The session never writes over work it did
not make: a sidecar it cannot read, one for another article or coder, one whose codes the
chosen codebook cannot express, one another reader has open, or one (or its journal) changed on
disk by another program all leave the file as it is (read-only, or the session's own state
saved beside it). If a write fails, the codes stay in memory and the next change tries again.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readertui.annotations import Annotation, Annotations, History
from readertui.codebook import DEFAULT, Codebook
from readertui.config import default_coder
from readertui.document import Article, Item
from readertui.store.anchoring import Anchoring, reanchor
from readertui.store.journal import (
    JournalWriter,
    Loaded,
    fingerprint,
    load_sidecar,
    merged_document,
)
from readertui.store.lock import Holder, SidecarLock
from readertui.store.naming import coder_sidecar, plain_sidecar, sidecar_for
from readertui.store.others import other_coders
from readertui.store.sidecar import (
    SidecarError,
    SidecarWriteError,
    SidecarWriter,
    Stored,
    disk_state,
    remove_leftovers,
    write_new,
)
from readertui.textsafe import file_name


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class SaveResult:
    ok: bool
    message: str = ""


def unsafe_link(path: Path) -> str | None:
    """Why the sidecar at `path` must not be written through, when it is a symbolic link that
    leads out of its own folder or to nothing (a hostile corpus could point it at any file, or
    have a file of any name made in the folder); None when it is not such a link."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return f"{path.name} is a loop of links; opened read-only"
    if target.parent != path.parent.resolve():
        return (
            f"{path.name} is a link to {target}, outside the article's folder; opened "
            f"read-only, nothing is written through it (to code in that file, open with "
            f"--annotations {target})"
        )
    if not target.is_file():
        return (
            f"{path.name} is a link to {target.name}, which is not a file; opened read-only, "
            "nothing is written through it"
        )
    return None


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
        #: Said once when the session opens: the article changed since the codes were saved, or
        #: the codebook is the one other coders used.
        self.notice: str | None = None
        self._index = {post.id: n for n, post in enumerate(self.items)}
        self.orphans: list[Mapping[str, Any]] = []
        # Locked before it is read: what is read is then what this session may write over.
        holder = self._lock(chosen=annotations_path is None)
        #: Codes that could not be saved aside (see `_save_aside`), retried by `save`.
        self._unsaved_aside: bytes | None = None
        self.journal = JournalWriter(self.path)
        if annotations_path is None and (link := unsafe_link(self.path)):
            self._refuse(link)
        stored = loaded = None
        try:
            loaded = load_sidecar(self.path)
            stored = loaded.stored
        except SidecarError as exc:
            self._refuse(f"{exc}; opened read-only, the file is left untouched")
        # The sidecar's bytes as read: a save finds another program's edit by comparing them.
        self._disk = loaded.raw if loaded is not None else disk_state(self.path)
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
        self.codebook = (
            codebook or (stored.codebook if stored else None) or self._others_codebook() or DEFAULT
        )
        if holder is not None:
            self._refuse(f"{holder.message}; opened read-only")
        if self.read_only:
            self.lock.release()  # nothing will be written: another reader may
        elif self.lock.held:
            remove_leftovers(self.path)
        elif self.lock.unavailable:
            said = (
                f"{self.path.parent} cannot be written now ({self.lock.unavailable}); your codes "
                "are kept and saved as soon as it can be."
            )
            self.notice = f"{self.notice} {said}" if self.notice else said
        self.history = History(initial)
        self.writer = SidecarWriter(
            self.path, article.source, self.items, confined=annotations_path is None
        )
        #: What the sidecar and the journal hold: a save appends what changed since.
        self._saved = initial
        #: The posts changed since `_saved`, while the state is `_tracked` (see `_touched`).
        self._dirty: set[str] | None = set()
        self._tracked = initial
        #: The next save writes the whole sidecar: there is none, or its header, ids or
        #: records are not yet this session's (another codebook, an edited article).
        self._whole = stored is None or not self._appendable(stored)
        if loaded is not None and loaded.journal is not None and not self.read_only:
            self._take_over(loaded)
        if stored is not None and self._edited_since(stored) and not self.read_only:
            # The article changed: the codes found again are saved under their items' ids and
            # quotes now, not at the first change (each opening would find them again, and
            # say so); what was not found stays in the file, as it was.
            saved = self.save()
            if not saved.ok:
                self.notice = f"{self.notice} They are not saved yet: {saved.message}"

    def _lock(self, chosen: bool) -> Holder | None:
        """Take the sidecar's lock; who or what holds it if another does. Another coder who
        opened the same new article a moment before has the plain file (`chosen`: by the
        naming rule): this coder's codes go to their own file instead."""
        self.lock = SidecarLock(self.path, self.coder)
        holder = self.lock.acquire()
        plain = plain_sidecar(self.article.path)
        if (
            chosen
            and holder is not None
            and holder.coder not in (None, "", self.coder)
            and self.path == plain
        ):
            self.path = coder_sidecar(self.article.path, self.coder)
            self.lock = SidecarLock(self.path, self.coder)
            holder = self.lock.acquire()
        return holder

    def _others_codebook(self) -> Codebook | None:
        """The codebook the article's other coders used, when they all used the same one: a
        coder opening it for the first time without `--codebook` codes with it too (said in
        the notice), not silently with the default one."""
        used: dict[Codebook, list[str]] = {}
        for other in other_coders(self.article.path, self.path):
            if other.stored.codebook is not None:
                used.setdefault(other.stored.codebook, []).append(other.coder)
        if len(used) != 1:
            return None
        [(book, coders)] = used.items()
        named = f" ({book.name})" if book.name else ""
        said = (
            f"Coding with the codebook{named} {', '.join(sorted(coders))} used on this article "
            "(open with --codebook to use another)."
        )
        self.notice = f"{self.notice} {said}" if self.notice else said
        return book

    def _appendable(self, stored: Stored) -> bool:
        """Whether changes can be journaled on the sidecar as it is: it says what this session
        would write in its header and holds these codes under these ids."""
        return (
            stored.article_file == file_name(self.article.path.name)
            and stored.article_sha256 == self.article.sha256
            and stored.coder == self.coder
            and stored.codebook == self.codebook
            and not any(a.is_empty for a in stored.annotations.values())
        )

    def _take_over(self, loaded: Loaded) -> None:
        """A journal a killed reader left: folded into the sidecar (its changes are already in
        this session's codes), dropped if the sidecar holds it already, or saved aside when
        another program replaced the sidecar it extended."""
        journal = loaded.journal
        assert journal is not None
        if disk_state(self.journal.path) != journal.raw or disk_state(self.path) != self._disk:
            return  # changed since it was read: the first save finds it and keeps both versions
        if loaded.status in ("none", "stale"):
            with contextlib.suppress(OSError):
                self.journal.path.unlink()
        elif loaded.status == "applied":
            try:
                self.journal.adopt(journal)
            except SidecarWriteError as exc:
                self._refuse(f"{exc}; opened read-only, the file is left untouched")
                return
            self._whole = True
            self.compact()
        else:
            try:
                aside = self._write_aside(merged_document(loaded))
            except SidecarWriteError as exc:
                self._refuse(
                    f"{self.journal.path.name} holds changes to {self.path.name} from before "
                    f"another program changed it, and they could not be saved beside it ({exc}); "
                    "opened read-only, both files are left as they are"
                )
                return
            with contextlib.suppress(OSError):
                self.journal.path.unlink()
            said = (
                f"{self.path.name} was changed by another program after readertui last saved "
                f"codes to it; the codes it had not yet written into it were saved to "
                f"{aside.name}, and the file is shown as that program left it."
            )
            self.notice = f"{self.notice} {said}" if self.notice else said

    def _refuse(self, reason: str) -> None:
        if self.read_only_reason is None:
            self.read_only_reason = reason

    def _check(self, stored: Stored, codebook: Codebook | None, found: Anchoring) -> None:
        """Open read-only rather than write over codes this session must not touch."""
        name = self.path.name
        if stored.article_file and stored.article_file != file_name(self.article.path.name):
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
        if self._edited_since(stored):
            self.notice = changed_notice(found, stored.records)

    def _edited_since(self, stored: Stored) -> bool:
        """Whether the article changed since `stored` was saved (older files do not say)."""
        return bool(stored.article_sha256) and stored.article_sha256 != self.article.sha256

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
        self._touched(post_id)
        return self.index_of(post_id), self.save()

    def redo(self) -> tuple[int | None, SaveResult] | None:
        if self.read_only or not self.history.can_redo:
            return None
        post_id = self.history.redo()
        self._touched(post_id)
        return self.index_of(post_id), self.save()

    def _apply(self, state: Annotations, post_id: str) -> SaveResult:
        self.history.push(state, post_id)
        self._touched(post_id)
        return self.save()

    def _touched(self, post_id: str | None) -> None:
        """Note the post the change just made concerned: a save appends only the records of
        the posts changed since the last one, rather than comparing every post's codes."""
        if post_id is None or self._dirty is None:
            self._dirty = None  # not known: a save compares them all
        else:
            self._dirty.add(post_id)
        self._tracked = self.state

    def save(self) -> SaveResult:
        """Put the current state on disk (the changes since the last save appended to the
        journal, or the whole sidecar written); on failure keep it in memory and say why."""
        if self.read_only:
            if self._unsaved_aside is not None:
                return self._save_aside(self._unsaved_aside)
            return SaveResult(False, self.read_only_reason or "read-only")
        if self._changed_on_disk() or not self._locked():
            return self._save_aside(self._encode())
        try:
            if self._whole or self.save_error is not None:
                self._write_whole()
            else:
                self._append_changes()
        except SidecarWriteError as exc:
            self.save_error = f"{exc}; your codes are kept and will be saved with the next change"
            return SaveResult(False, self.save_error)
        if self.journal.full:
            self._fold()
        recovered = self.save_error is not None
        self.save_error = None
        return SaveResult(True, "saved again" if recovered else "")

    def _locked(self) -> bool:
        """Whether this session may write: it holds the lock, or takes it now (a folder that
        could not be written at opening), or it still cannot be made (the write will fail and
        say why). False: another reader took it meanwhile."""
        return self.lock.held or self.lock.acquire() is None

    def compact(self) -> SaveResult:
        """Fold the journal into the sidecar, written whole (for the reader to call when idle;
        `close` does it, and so does a save once the journal is long). Nothing is done when
        there is nothing to fold. A failure is no loss, the journal still holding every change:
        it is tried again later. Codes a failed save kept in memory are saved (a save's result);
        another program's edit found meanwhile keeps both versions, as a save does."""
        if self.read_only:
            return SaveResult(True)
        if self.save_error is not None:
            return self.save()
        if not self.journal.active:
            return SaveResult(True)
        if self._changed_on_disk():
            return self._save_aside(self._encode())
        self._fold()
        return SaveResult(True)

    @property
    def journaled(self) -> int:
        """Changes in the journal, not yet folded into the sidecar."""
        return self.journal.entries

    def _fold(self) -> None:
        with contextlib.suppress(SidecarWriteError):  # kept in the journal; tried again later
            self._write_whole()

    def _encode(self) -> bytes:
        return self.writer.encode(
            self.state,
            article_name=file_name(self.article.path.name),
            sha256=self.article.sha256,
            codebook=self.codebook,
            coder=self.coder,
            saved=self.clock(),
            orphans=self.orphans,
        )

    def _changed_on_disk(self) -> bool:
        """Whether another program changed the sidecar or the journal since this session read
        or wrote them (compared byte for byte: see `disk_state`)."""
        return disk_state(self.path) != self._disk or not self.journal.matches_disk()

    def _write_whole(self) -> None:
        """Write the whole sidecar, then remove the journal it now holds."""
        state = self.state
        data = self._encode()
        self.journal.mark_compacted(fingerprint(data))
        self.writer.write(data)
        self._disk = data  # what we wrote, not a read after it that might be another's
        self._saved_now(state)
        # Left in place (it could not be removed): still this session's, and the next save
        # writes whole again, to try again.
        self._whole = not self.journal.discard()

    def _append_changes(self) -> None:
        """Append the records that changed since the last save to the journal."""
        saved, state = self._saved, self.state
        if state is not saved:
            if self._dirty is not None and state is self._tracked:
                touched = sorted(self._dirty, key=lambda i: self._index.get(i, len(self._index)))
            else:  # changed some other way: every post compared
                touched = [*state, *(post_id for post_id in saved if post_id not in state)]
            lines = []
            for post_id in touched:
                annotation = state.get(post_id)
                if annotation is saved.get(post_id):
                    continue
                if annotation is None:
                    lines.append(json.dumps({"remove": post_id}, ensure_ascii=False).encode())
                else:
                    lines.append(self.writer.record(post_id, annotation))
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

    def _save_aside(self, data: bytes) -> SaveResult:
        """The sidecar changed on disk since we read or wrote it: keep both versions."""
        changed = (
            f"{self.path.name} was changed by another program while open; it is left as that "
            "program wrote it"
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
            self._refuse(f"{changed}; now read-only")
            return SaveResult(False, self.save_error)
        # Our journal's changes are in the file saved aside: found again, it would be saved
        # aside twice. A journal another program changed is left as it is.
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

    def close(self) -> None:
        """Fold the journal into the sidecar and let another reader write it."""
        self.compact()
        self.journal.close()
        self.lock.release()

    def __enter__(self) -> CodingSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
