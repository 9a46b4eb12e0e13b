"""The sidecar's journal: each change appended and flushed between whole writes of the sidecar.

Each change is appended to a journal beside the sidecar (`story.txt.annotations.json.journal`)
and flushed to disk: a ~600-byte append instead of rewriting a file of a megabyte. Its first
line names the sidecar it extends by the SHA-256 of its bytes (`base`); each further line is one
annotation's record exactly as the sidecar holds it (the post's latest version, so replaying is
idempotent), `{"remove": ID}`, or `{"compacted": SHA}`, written just before the journal is
folded into a new sidecar with that hash. Every reader of a sidecar reads it through
`load_sidecar`, which replays the journal when its base is the sidecar on disk; a last line cut
short by a crash is ignored. A journal whose base is not the sidecar on disk is not applied:
either it was already folded into it (a crash between the rename and the journal's removal), or
another program replaced the sidecar.

Built on `sidecar` (each line is a sidecar record). Reading a sidecar means replaying its
journal, so `load_sidecar`, `read_sidecar` and `merged_document` live here too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from readertui.files import mode_for, sync_folder
from readertui.store.records import Record, SidecarError, parse_record
from readertui.store.sidecar import (
    FORMAT,
    VERSION,
    SidecarWriteError,
    Stored,
    check_version,
    decode_json,
    disk_state,
    dumps,
    encode_document,
    parse_sidecar,
    read_file,
)
from readertui.textsafe import file_name

JOURNAL_FORMAT = "readertui-journal"
JOURNAL_VERSION = 2  # 2: records may carry corrections (see sidecar.VERSION)
JOURNAL_SUFFIX = ".journal"
#: A journal is folded into its sidecar once it holds this many changes or bytes, so that
#: replaying it stays quick and the file small.
JOURNAL_ENTRIES = 256
JOURNAL_BYTES = 256 * 1024


def fingerprint(data: bytes) -> str:
    """What names a sidecar's exact bytes in its journal."""
    return hashlib.sha256(data).hexdigest()


def journal_path(sidecar: Path) -> Path:
    """`story.txt.annotations.json.journal`, beside the file the sidecar's name leads to."""
    target = sidecar
    with contextlib.suppress(OSError, RuntimeError):
        if sidecar.is_symlink():
            target = sidecar.resolve()
    return target.with_name(target.name + JOURNAL_SUFFIX)


@dataclass(frozen=True, slots=True)
class Journal:
    """A journal as read: the changes of its complete lines, in order."""

    raw: bytes  # as read, a last line cut short included
    base: str | None  # the fingerprint of the sidecar it extends
    #: (item id, its record as the sidecar holds it); record None: removed.
    changes: tuple[tuple[str, Record | None], ...]
    compacted: frozenset[str]  # fingerprints of the sidecars it was folded into
    complete: int  # bytes of complete lines

    @property
    def torn(self) -> bool:
        return self.complete < len(self.raw)


def read_journal(path: Path) -> Journal | None:
    """The journal at `path`, None if there is none, or SidecarError if it is damaged."""
    if path.is_symlink():
        raise SidecarError(f"{path} is a link; readertui never makes its journal one")
    raw = read_file(path, "annotation journal")
    if raw is None:
        return None
    complete = raw.rfind(b"\n") + 1  # a line cut short by a crash was never acknowledged
    lines = raw[:complete].split(b"\n")[:-1]
    if not lines:
        return Journal(raw, None, (), frozenset(), complete)
    header = decode_json(lines[0], f"{path}, line 1")
    if not isinstance(header, dict) or header.get("format") != JOURNAL_FORMAT:
        raise SidecarError(f"{path} is not a readertui journal")
    check_version(header.get("version"), JOURNAL_VERSION, str(path), "journal")
    base = header.get("base")
    changes: list[tuple[str, Record | None]] = []
    compacted: set[str] = set()
    for n, line in enumerate(lines[1:], start=2):
        where = f"{path}, line {n}"
        entry = decode_json(line, where)
        if isinstance(entry, dict) and "post" in entry:
            record = parse_record(entry, where)
            changes.append((record.id, record))
        elif isinstance(entry, dict) and isinstance(entry.get("remove"), str):
            changes.append((entry["remove"], None))
        elif isinstance(entry, dict) and isinstance(entry.get("compacted"), str):
            compacted.add(entry["compacted"])
        else:
            raise SidecarError(f"{where} is damaged: not a change readertui writes")
    return Journal(
        raw, base if isinstance(base, str) else None, tuple(changes), frozenset(compacted), complete
    )


def apply_journal(stored: Stored, journal: Journal) -> Stored:
    """`stored` with the journal's changes: each record replaced where it stands, new ones
    after the others, removed ones gone."""
    records = {record.id: record for record in stored.records}
    annotations = dict(stored.annotations)
    for item_id, record in journal.changes:
        if record is None:
            records.pop(item_id, None)
            annotations.pop(item_id, None)
        else:
            records[item_id] = record
            annotations[item_id] = record.annotation
    return replace(stored, annotations=annotations, records=tuple(records.values()))


def changes_anything(stored: Stored | None, journal: Journal) -> bool:
    """Whether replaying the journal on `stored` would change it."""
    records = {r.id: r.raw for r in stored.records} if stored is not None else {}
    final = {item_id: record.raw if record else None for item_id, record in journal.changes}
    return any(records.get(item_id) != record for item_id, record in final.items())


@dataclass(frozen=True, slots=True)
class Loaded:
    """A sidecar and its journal as read (see the module's docstring)."""

    stored: Stored | None  # with the journal's changes when they apply
    raw: bytes | None  # the sidecar's bytes (None: no sidecar)
    journal: Journal | None = None
    #: "none" (no journal), "applied" (its changes are in `stored`), "stale" (nothing in it
    #: the sidecar lacks: empty, or already folded in) or "foreign" (changes made to a sidecar
    #: another program has since replaced: not applied).
    status: str = "none"


def load_sidecar(path: Path) -> Loaded:
    """The sidecar at `path` and the journal beside it; SidecarError if either is unreadable."""
    raw = read_file(path, "annotation file")
    stored = None
    if raw is not None:
        stored = parse_sidecar(decode_json(raw, path), str(path))
    journal = read_journal(journal_path(path))
    if journal is None or not journal.changes:
        return Loaded(stored, raw, journal, "none" if journal is None else "stale")
    sha = fingerprint(raw) if raw is not None else None
    if stored is not None and sha == journal.base:
        return Loaded(apply_journal(stored, journal), raw, journal, "applied")
    if sha in journal.compacted or not changes_anything(stored, journal):
        return Loaded(stored, raw, journal, "stale")
    return Loaded(stored, raw, journal, "foreign")


def read_sidecar(path: Path) -> Stored | None:
    """The sidecar's contents with its journal's changes, None if there is none, or
    SidecarError saying why not."""
    return load_sidecar(path).stored


def merged_document(loaded: Loaded) -> bytes:
    """The sidecar as read with its journal replayed on it, whatever the journal's base: what
    is saved aside when another program replaced the sidecar the journal extended."""
    header: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if loaded.raw is not None:
        header = dict(json.loads(loaded.raw))
    records = {r["post"]["id"]: r for r in header.pop("annotations", [])}
    for item_id, record in loaded.journal.changes if loaded.journal else ():
        if record is None:
            records.pop(item_id, None)
        else:
            records[item_id] = record.raw
    return encode_document(header, [dumps(r) for r in records.values()])


def journal_header(sidecar_name: str, base: str) -> bytes:
    return dumps(
        {
            "format": JOURNAL_FORMAT,
            "version": JOURNAL_VERSION,
            "sidecar": sidecar_name,
            "base": base,
        }
    )


class JournalWriter:
    """The journal a session appends to: created by the first change after each whole write,
    kept open while the session holds its lock, removed once folded into the sidecar."""

    def __init__(self, sidecar: Path) -> None:
        self.sidecar = sidecar
        self.path = journal_path(sidecar)
        self._fd: int | None = None
        self.written = b""  # the journal's bytes as this session wrote them
        self.entries = 0  # changes in it
        #: False after a write that failed: the file may hold part of a line after `written`.
        self.exact = True

    @property
    def active(self) -> bool:
        """Whether this session has a journal on disk (its changes not yet in the sidecar)."""
        return self._fd is not None

    @property
    def full(self) -> bool:
        return self.entries >= JOURNAL_ENTRIES or len(self.written) >= JOURNAL_BYTES

    def adopt(self, journal: Journal) -> None:
        """Take over a journal a killed session left (with the sidecar's lock held)."""
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError as exc:
            raise SidecarWriteError(f"cannot write {self.path} ({exc.strerror or exc})") from None
        if os.fstat(fd).st_nlink != 1:  # a hard link to another file: never appended to
            os.close(fd)
            raise SidecarWriteError(f"not writing {self.path}: it is linked to another file")
        self._fd = fd
        self.written = journal.raw[: journal.complete]
        self.entries = len(journal.changes)
        self.exact = not journal.torn

    def append(self, lines: bytes, count: int, base: Callable[[], str]) -> None:
        """Add `count` changes (whole lines) and flush them to disk; the journal is created,
        naming the sidecar by `base()`, when there is none."""
        if self._fd is None:
            folder = self.path.parent
            # The sidecar's permissions: the journal holds the same codes.
            mode = mode_for(self.path.with_name(self.path.name[: -len(JOURNAL_SUFFIX)]))
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_NOFOLLOW
            try:
                self._fd = os.open(self.path, flags | os.O_CLOEXEC, mode)
            except OSError as exc:
                raise SidecarWriteError(
                    f"cannot write in {folder} ({exc.strerror or exc})"
                ) from None
            self.written, self.entries, self.exact = b"", 0, True
            self._write(journal_header(file_name(self.sidecar.name), base()) + b"\n" + lines)
            sync_folder(folder)  # the new file's name must be on disk too
        else:
            self._write(lines)
        self.entries += count

    def mark_compacted(self, sha: str) -> None:
        """Say, before the sidecar with fingerprint `sha` replaces the old one, that it holds
        every change here: found after a crash, the journal is then known to be folded in."""
        if self._fd is None:
            return
        if not self.exact:  # what a failed write left after the last whole change: cut off
            try:
                os.ftruncate(self._fd, len(self.written))
                os.fsync(self._fd)
            except OSError as exc:
                raise SidecarWriteError(
                    f"cannot write {self.path} ({exc.strerror or exc})"
                ) from None
            self.exact = True
        if self.entries:  # (without any, there is nothing in it to replay twice)
            self._write(dumps({"compacted": sha}) + b"\n")

    def matches_disk(self) -> bool:
        """Whether the journal on disk is this session's (or absent when it has none)."""
        on_disk = disk_state(self.path)
        if self._fd is None:
            return on_disk is None
        if on_disk is None:
            return False
        return on_disk == self.written if self.exact else on_disk.startswith(self.written)

    def discard(self) -> bool:
        """Close and remove the journal (its changes are in the sidecar); False if it could
        not be removed, and is still this session's."""
        if self._fd is None:
            return True
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            return False
        self.close()
        self.written, self.entries, self.exact = b"", 0, True
        return True

    def close(self) -> None:
        """Close the file, leaving it on disk."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def _write(self, data: bytes) -> None:
        assert self._fd is not None
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
            os.fsync(self._fd)
        except OSError as exc:
            self.exact = False
            raise SidecarWriteError(f"cannot write {self.path} ({exc.strerror or exc})") from None
        self.written += data
