"""The sidecar file: every code and note, kept beside the article and written atomically.

`story.txt` -> `story.txt.annotations.json`. Each annotation names its post (id, platform,
handle, ...) and anchors it in the article the way the W3C Web Annotation model does, with a
TextQuoteSelector (`exact`, `prefix`, `suffix`) and a TextPositionSelector (`start`, `end`),
so it can be found again if the article changes. A sidecar that cannot be read is never
written over; a write goes to a temporary file in the same folder, is flushed to disk, and
then renamed over the old one, so a crash at any instant leaves the old file or the new one.

Between those whole writes, each change is appended to a journal beside the sidecar
(`story.txt.annotations.json.journal`) and flushed to disk: a ~600-byte append instead of
rewriting a file of a megabyte. Its first line names the sidecar it extends by the SHA-256 of
its bytes (`base`); each further line is one annotation's record exactly as the sidecar holds
it (the post's latest version, so replaying is idempotent), `{"remove": ID}`, or
`{"compacted": SHA}`, written just before the journal is folded into a new sidecar with that
hash. Every reader of a sidecar reads it through `load_sidecar`, which replays the journal when
its base is the sidecar on disk; a last line cut short by a crash is ignored. A journal whose
base is not the sidecar on disk is not applied: either it was already folded into it (a crash
between the rename and the journal's removal), or another program replaced the sidecar.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from readertui.annotations import Annotation, Annotations
from readertui.codebook import Codebook, CodebookError
from readertui.document import Item

FORMAT = "readertui-annotations"
VERSION = 1
#: Characters of context kept before and after each quote, to find it again after edits.
CONTEXT = 32
JOURNAL_FORMAT = "readertui-journal"
JOURNAL_VERSION = 1
JOURNAL_SUFFIX = ".journal"
#: A journal is folded into its sidecar once it holds this many changes or bytes, so that
#: replaying it stays quick and the file small.
JOURNAL_ENTRIES = 256
JOURNAL_BYTES = 256 * 1024


class SidecarError(Exception):
    """A sidecar that cannot be read; it must be left exactly as it is."""


class SidecarWriteError(Exception):
    """A sidecar that could not be written (read-only folder, full disk)."""


def disk_state(path: Path) -> bytes | None:
    """A file's current version on disk: its bytes (None if it cannot be read). Times and sizes
    would miss an edit of the same size within the clock's tick, or one that sets the old time
    back (`cp -p`, `rsync -t`)."""
    try:
        return path.read_bytes() if stat.S_ISREG(path.stat().st_mode) else None
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class Stored:
    """What a sidecar held when it was opened."""

    coder: str | None
    codebook: Codebook | None
    article_file: str | None
    article_sha256: str | None
    annotations: Mapping[str, Annotation]  # by post id
    records: Sequence[Mapping[str, Any]] = field(default_factory=tuple)  # as written, by id order


def read_sidecar(path: Path) -> Stored | None:
    """The sidecar's contents with its journal's changes, None if there is none, or
    SidecarError saying why not."""
    return load_sidecar(path).stored


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
    raw = _read_file(path, "annotation file")
    stored = None
    if raw is not None:
        stored = parse_sidecar(_decode(raw, path), str(path))
    journal = read_journal(journal_path(path))
    if journal is None or not journal.changes:
        return Loaded(stored, raw, journal, "none" if journal is None else "stale")
    sha = fingerprint(raw) if raw is not None else None
    if stored is not None and sha == journal.base:
        return Loaded(apply_journal(stored, journal), raw, journal, "applied")
    if sha in journal.compacted or not changes_anything(stored, journal):
        return Loaded(stored, raw, journal, "stale")
    return Loaded(stored, raw, journal, "foreign")


def _read_file(path: Path, what: str) -> bytes | None:
    with contextlib.suppress(OSError):  # a pipe would block, a device never end (/dev/zero)
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            raise SidecarError(f"{path} is not a regular file (a device, pipe or socket)")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise SidecarError(f"{path} is a folder, not an {what}") from None
    except OSError as exc:
        raise SidecarError(f"{path} cannot be read ({exc.strerror or exc})") from None


def _decode(raw: bytes, path: Path | str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SidecarError(f"{path} is not text (not valid UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise SidecarError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except (ValueError, RecursionError):  # the json module's own limits
        raise SidecarError(
            f"{path} is not a readertui annotation file (a number of over 4,300 digits or "
            "nesting hundreds of levels deep)"
        ) from None


def fingerprint(data: bytes) -> str:
    """What names a sidecar's exact bytes in its journal."""
    return hashlib.sha256(data).hexdigest()


# -- the journal ----------------------------------------------------------------------------
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
    #: (post id, record as the sidecar holds it, its annotation); record None: removed.
    changes: tuple[tuple[str, Mapping[str, Any] | None, Annotation | None], ...]
    compacted: frozenset[str]  # fingerprints of the sidecars it was folded into
    complete: int  # bytes of complete lines

    @property
    def torn(self) -> bool:
        return self.complete < len(self.raw)


def read_journal(path: Path) -> Journal | None:
    """The journal at `path`, None if there is none, or SidecarError if it is damaged."""
    if path.is_symlink():
        raise SidecarError(f"{path} is a link; readertui never makes its journal one")
    raw = _read_file(path, "annotation journal")
    if raw is None:
        return None
    complete = raw.rfind(b"\n") + 1  # a line cut short by a crash was never acknowledged
    lines = raw[:complete].split(b"\n")[:-1]
    if not lines:
        return Journal(raw, None, (), frozenset(), complete)
    header = _decode(lines[0], f"{path}, line 1")
    if not isinstance(header, dict) or header.get("format") != JOURNAL_FORMAT:
        raise SidecarError(f"{path} is not a readertui journal")
    version = header.get("version")
    if not isinstance(version, int) or version < 1:
        raise SidecarError(f"{path} has no valid version number")
    if version > JOURNAL_VERSION:
        raise SidecarError(
            f"{path} was written by a newer readertui (journal version {version}; this one "
            f"reads up to {JOURNAL_VERSION})"
        )
    base = header.get("base")
    changes: list[tuple[str, Mapping[str, Any] | None, Annotation | None]] = []
    compacted: set[str] = set()
    for n, line in enumerate(lines[1:], start=2):
        where = f"{path}, line {n}"
        entry = _decode(line, where)
        if isinstance(entry, dict) and "post" in entry:
            post_id, annotation = _parse_record(entry, where)
            changes.append((post_id, entry, annotation))
        elif isinstance(entry, dict) and isinstance(entry.get("remove"), str):
            changes.append((entry["remove"], None, None))
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
    records = {record["post"]["id"]: record for record in stored.records}
    annotations = dict(stored.annotations)
    for post_id, record, annotation in journal.changes:
        if record is None or annotation is None:
            records.pop(post_id, None)
            annotations.pop(post_id, None)
        else:
            records[post_id] = record
            annotations[post_id] = annotation
    return replace(stored, annotations=annotations, records=tuple(records.values()))


def changes_anything(stored: Stored | None, journal: Journal) -> bool:
    """Whether replaying the journal on `stored` would change it."""
    records = {r["post"]["id"]: r for r in stored.records} if stored is not None else {}
    final = {post_id: record for post_id, record, _ in journal.changes}
    return any(records.get(post_id) != record for post_id, record in final.items())


def merged_document(loaded: Loaded) -> bytes:
    """The sidecar as read with its journal replayed on it, whatever the journal's base: what
    is saved aside when another program replaced the sidecar the journal extended."""
    header: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if loaded.raw is not None:
        header = dict(json.loads(loaded.raw))
    records = {r["post"]["id"]: r for r in header.pop("annotations", [])}
    for post_id, record, _ in loaded.journal.changes if loaded.journal else ():
        if record is None:
            records.pop(post_id, None)
        else:
            records[post_id] = record
    return encode_document(header, [_dumps(r) for r in records.values()])


def journal_header(sidecar_name: str, base: str) -> bytes:
    return _dumps(
        {
            "format": JOURNAL_FORMAT,
            "version": JOURNAL_VERSION,
            "sidecar": sidecar_name,
            "base": base,
        }
    )


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


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
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError as exc:
            raise SidecarWriteError(f"cannot write {self.path} ({exc.strerror or exc})") from None
        self.written = journal.raw[: journal.complete]
        self.entries = len(journal.changes)
        self.exact = not journal.torn

    def append(self, lines: bytes, count: int, base: Callable[[], str]) -> None:
        """Add `count` changes (whole lines) and flush them to disk; the journal is created,
        naming the sidecar by `base()`, when there is none."""
        if self._fd is None:
            folder = self.path.parent
            # The sidecar's permissions: the journal holds the same codes.
            mode = _mode_for(self.path.with_name(self.path.name[: -len(JOURNAL_SUFFIX)]))
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_NOFOLLOW
            try:
                self._fd = os.open(self.path, flags | os.O_CLOEXEC, mode)
            except OSError as exc:
                raise SidecarWriteError(
                    f"cannot write in {folder} ({exc.strerror or exc})"
                ) from None
            self.written, self.entries, self.exact = b"", 0, True
            self._write(journal_header(self.sidecar.name, base()) + b"\n" + lines)
            _sync_folder(folder)  # the new file's name must be on disk too
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
            self._write(_dumps({"compacted": sha}) + b"\n")

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


def parse_sidecar(data: object, where: str) -> Stored:
    if not isinstance(data, dict):
        kind = "a JSON array" if isinstance(data, list) else "no JSON object"
        raise SidecarError(f"{where} is not a readertui annotation file (it holds {kind})")
    if data.get("format") != FORMAT:
        raise SidecarError(
            f"{where} is not a readertui annotation file (format: {data.get('format')!r})"
        )
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise SidecarError(f"{where} has no valid version number")
    if version > VERSION:
        raise SidecarError(
            f"{where} was written by a newer readertui (format version {version}; "
            f"this one reads up to {VERSION})"
        )
    records = data.get("annotations")
    if not isinstance(records, list):
        raise SidecarError(f"{where} is damaged: 'annotations' is not a list")
    annotations: dict[str, Annotation] = {}
    kept: list[Mapping[str, Any]] = []
    for n, record in enumerate(records, start=1):
        post_id, annotation = _parse_record(record, f"{where}: annotation {n}")
        annotations[post_id] = annotation
        kept.append(record)
    codebook = None
    if isinstance(data.get("codebook"), dict):
        try:
            codebook = Codebook.from_json(data["codebook"], f"{where}: codebook")
        except CodebookError as exc:
            raise SidecarError(str(exc)) from None
    coder = data.get("coder")
    article = data.get("article")
    sha, name = (
        (article.get("sha256"), article.get("file")) if isinstance(article, dict) else (None, None)
    )
    return Stored(
        coder=coder if isinstance(coder, str) else None,
        codebook=codebook,
        article_file=name if isinstance(name, str) else None,
        article_sha256=sha if isinstance(sha, str) else None,
        annotations=annotations,
        records=tuple(kept),
    )


def _parse_record(record: object, where: str) -> tuple[str, Annotation]:
    if not isinstance(record, dict):
        raise SidecarError(f"{where} is damaged: not an object")
    post = record.get("post")
    post_id = post.get("id") if isinstance(post, dict) else None
    if not isinstance(post_id, str) or not post_id:
        raise SidecarError(f"{where} is damaged: no post id")
    tags = record.get("tags", {})
    if not isinstance(tags, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
        for k, v in tags.items()
    ):
        raise SidecarError(f"{where} is damaged: tags must map variables to lists of values")
    note = record.get("note", "")
    if not isinstance(note, str):
        raise SidecarError(f"{where} is damaged: note is not text")
    created, modified = record.get("created", ""), record.get("modified", "")
    return post_id, Annotation(
        tags=MappingProxyType({k: tuple(v) for k, v in tags.items() if v}),
        note=note,
        created=created if isinstance(created, str) else "",
        modified=modified if isinstance(modified, str) else "",
    )


def anchor(post: Item) -> tuple[int, int]:
    """The source range an annotation is anchored to: the post's words, or its whole embed."""
    if post.start is not None and post.end is not None and post.end > post.start:
        return post.start, post.end
    return post.span


def quote_selector(source: str, start: int, end: int) -> dict[str, Any]:
    """W3C TextQuoteSelector and TextPositionSelector fields for source[start:end]."""
    return {
        "exact": source[start:end],
        "prefix": source[max(0, start - CONTEXT) : start],
        "suffix": source[end : end + CONTEXT],
        "start": start,
        "end": end,
    }


class SidecarWriter:
    """Encodes and writes sidecars, re-encoding only the annotations that changed."""

    def __init__(self, path: Path, source: str, posts: Iterable[Item]) -> None:
        self.path = path
        self.source = source
        self.items = {post.id: post for post in posts}
        self.order = {post_id: n for n, post_id in enumerate(self.items)}
        self._cache: dict[str, tuple[Annotation, bytes]] = {}
        # The ids of the last save in article order: a coding key changes a post's codes, far
        # more rarely which posts have any, so the order is sorted again only then.
        self._ids: list[str] = []
        self._id_set: frozenset[str] = frozenset()

    def encode(
        self,
        annotations: Annotations,
        *,
        article_name: str,
        sha256: str,
        codebook: Codebook,
        coder: str,
        saved: str,
        orphans: Sequence[Mapping[str, Any]] = (),
    ) -> bytes:
        """The sidecar's bytes: a readable header, then one annotation per line."""
        header = {
            "format": FORMAT,
            "version": VERSION,
            "article": {"file": article_name, "sha256": sha256},
            "coder": coder,
            "saved": saved,
            "codebook": codebook.to_json(),
        }
        if annotations.keys() != self._id_set:
            self._id_set = frozenset(annotations)
            self._ids = sorted(annotations, key=lambda i: self.order.get(i, len(self.order)))
        lines = [self.record(post_id, annotations[post_id]) for post_id in self._ids]
        lines += [_dumps(record) for record in orphans]
        return encode_document(header, lines)

    def record(self, post_id: str, annotation: Annotation) -> bytes:
        """One annotation's record, as the sidecar and the journal hold it (one line)."""
        cached = self._cache.get(post_id)
        if cached is not None and cached[0] is annotation:
            return cached[1]
        post = self.items.get(post_id)
        record: dict[str, Any] = {"post": {"id": post_id}}
        if post is not None:
            record["post"] = {
                "id": post_id,
                "kind": post.kind,
                "platform": post.platform,
                "handle": post.handle,
                "author": post.author,
                "date": post.date,
                "url": post.url,
            }
            record["quote"] = quote_selector(self.source, *anchor(post))
        record["tags"] = {k: list(v) for k, v in annotation.tags.items()}
        record["note"] = annotation.note
        record["created"] = annotation.created
        record["modified"] = annotation.modified
        encoded = _dumps(record)
        self._cache[post_id] = (annotation, encoded)
        return encoded

    def write(self, data: bytes) -> None:
        write_atomic(self.path, data)


def encode_document(header: Mapping[str, Any], lines: Sequence[bytes]) -> bytes:
    """A sidecar's bytes: the readable header, then the encoded records one per line."""
    head = json.dumps(header, ensure_ascii=False, indent=2)[:-2].encode()  # reopen it
    if not lines:
        return head + b',\n  "annotations": []\n}\n'
    # Bytes throughout: each record is encoded once, when it changes, not at every save.
    return b"".join((head, b',\n  "annotations": [\n    ', b",\n    ".join(lines), b"\n  ]\n}\n"))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old file or the new one."""
    try:
        target = path.resolve() if path.is_symlink() else path
    except (OSError, RuntimeError):
        raise SidecarWriteError(f"cannot write {path} (a loop of symbolic links)") from None
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise SidecarWriteError(f"cannot write in {folder} ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(tmp).chmod(_mode_for(target))
        Path(tmp).replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise SidecarWriteError(f"cannot write {target} ({exc.strerror or exc})") from None
    _sync_folder(folder)


def remove_leftovers(path: Path) -> None:
    """Delete temporary files a killed writer left beside `path` (call with its lock held).
    A journal it left holds changes: the session takes it over instead (see `session`)."""
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (it lives in the folder's entry)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
