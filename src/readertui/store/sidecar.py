"""The sidecar file: every code and note, kept beside the article and written atomically.

`story.txt` -> `story.txt.annotations.json`. Each annotation names its post (id, platform,
handle, ...) and anchors it in the article the way the W3C Web Annotation model does, with a
TextQuoteSelector (`exact`, `prefix`, `suffix`) and a TextPositionSelector (`start`, `end`),
so it can be found again if the article changes. A sidecar that cannot be read is never
written over; a write goes to a temporary file in the same folder, is flushed to disk, and
then renamed over the old one, so a crash at any instant leaves the old file or the new one.

Only the file itself lives here: its format, records, selectors, errors and atomic writes.
The journal that extends it, and `load_sidecar` that replays it, are in `journal`.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readertui.annotations import FIELDS, Annotation, Annotations
from readertui.codebook import Codebook, CodebookError
from readertui.document import ARTICLE_ID, Item
from readertui.files import (
    NotRegular,
    TooLarge,
    WriteError,
    read_regular,
    write_atomic,
)
from readertui.store.records import Record, parse_record
from readertui.store.records import SidecarError as SidecarError  # re-exported

FORMAT = "readertui-annotations"
#: 2 added coders' corrections (`origin`, `rejected`); a version 1 file is read as it is and
#: written as version 2 only when the coder changes something.
VERSION = 2
#: Characters of context kept before and after each quote, to find it again after edits.
CONTEXT = 32
#: The largest sidecar or journal read: thousands of times what a study's article needs (a
#: sidecar from someone else must not take the memory of the machine).
MAX_BYTES = 64 << 20


#: How JSON writes half of a UTF-16 pair (`\ud83d`); a whole pair decodes to one character.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


#: A sidecar that could not be written (read-only folder, full disk).
SidecarWriteError = WriteError


def disk_state(path: Path) -> bytes | None:
    """A file's current version on disk: its bytes (None if it cannot be read). Times and sizes
    would miss an edit of the same size within the clock's tick, or one that sets the old time
    back (`cp -p`, `rsync -t`)."""
    try:
        return read_regular(path, MAX_BYTES)
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class Stored:
    """What a sidecar held when it was opened."""

    coder: str | None
    codebook: Codebook | None
    article_file: str | None
    article_sha256: str | None
    annotations: Mapping[str, Annotation]  # by item id
    records: Sequence[Record] = field(default_factory=tuple)  # as read, in the file's order
    #: Items whose codes were found again only approximately (see `anchoring`).
    approximate: frozenset[str] = frozenset()


def read_file(path: Path, what: str) -> bytes | None:
    """The bytes of a sidecar or its journal, None if there is none, or SidecarError."""
    try:
        return read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return None
    except NotRegular as exc:
        if exc.kind == "a folder":
            raise SidecarError(f"{path} is a folder, not an {what}") from None
        raise SidecarError(f"{path} {exc}") from None
    except TooLarge as exc:
        raise SidecarError(f"{path} is {exc}") from None
    except OSError as exc:
        raise SidecarError(f"{path} cannot be read ({exc.strerror or exc})") from None


def decode_json(raw: bytes, path: Path | str) -> Any:
    """The JSON in `raw`, or SidecarError saying what is wrong with it at `path`."""
    try:
        data = json.loads(raw.decode("utf-8"))
        if _SURROGATE_ESCAPE.search(raw):  # rare: only then is every string looked at
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        return data
    except UnicodeEncodeError:
        # `"\ud800"`: JSON may escape half of a character; no text can be saved with it.
        raise SidecarError(
            f"{path} is damaged: it holds half of a character (a lone surrogate)"
        ) from None
    except UnicodeDecodeError:
        raise SidecarError(f"{path} is not text (not valid UTF-8)") from None
    except json.JSONDecodeError as exc:
        # json's reasons end where it would put the position ("Unterminated string starting
        # at"): given here as line and column instead.
        reason = exc.msg.removesuffix(" at").removesuffix(" starting")
        where = f"line {exc.lineno}, column {exc.colno}"
        raise SidecarError(f"{path} is not valid JSON ({where}: {reason})") from None
    except (ValueError, RecursionError):  # the json module's own limits
        raise SidecarError(
            f"{path} is not a readertui annotation file (a number of over 4,300 digits or "
            "nesting hundreds of levels deep)"
        ) from None


def dumps(value: object) -> bytes:
    """One record on one line, as the sidecar and the journal hold it."""
    return json.dumps(value, ensure_ascii=False).encode()


def check_version(version: object, newest: int, where: str, kind: str) -> None:
    """A file readertui can read: a version number, and not one from a newer readertui."""
    if not isinstance(version, int) or version < 1:
        raise SidecarError(f"{where} has no valid version number")
    if version > newest:
        raise SidecarError(
            f"{where} was written by a newer readertui ({kind} version {version}; "
            f"this one reads up to {newest})"
        )


def parse_sidecar(data: object, where: str) -> Stored:
    if not isinstance(data, dict):
        kind = "a JSON array" if isinstance(data, list) else "no JSON object"
        raise SidecarError(f"{where} is not a readertui annotation file (it holds {kind})")
    if data.get("format") != FORMAT:
        raise SidecarError(
            f"{where} is not a readertui annotation file (format: {data.get('format')!r})"
        )
    check_version(data.get("version"), VERSION, where, "format")
    records = data.get("annotations")
    if not isinstance(records, list):
        raise SidecarError(f"{where} is damaged: 'annotations' is not a list")
    kept = [parse_record(record, f"{where}: annotation {n}") for n, record in enumerate(records, 1)]
    codebook = None
    if data.get("codebook") is not None:
        if not isinstance(data["codebook"], dict):
            raise SidecarError(f"{where} is damaged: 'codebook' is not a table")
        try:
            codebook = Codebook.from_json(data["codebook"], f"{where}: codebook")
        except CodebookError as exc:
            raise SidecarError(str(exc)) from None
    # Whose codes, and of which article: a value that says neither is damage, not "nobody's"
    # (taken as nobody's, the file would be rewritten as the current coder's).
    coder = _text_field(data, "coder", where)
    article = data.get("article")
    if article is not None and not isinstance(article, dict):
        raise SidecarError(f"{where} is damaged: 'article' is not a table")
    article = article or {}
    return Stored(
        coder=coder,
        codebook=codebook,
        article_file=_text_field(article, "file", where),
        article_sha256=_text_field(article, "sha256", where),
        annotations={record.id: record.annotation for record in kept},
        records=tuple(kept),
    )


def _text_field(data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise SidecarError(f"{where} is damaged: {key!r} is not text")
    return value


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

    def __init__(
        self, path: Path, source: str, posts: Iterable[Item], confined: bool = False
    ) -> None:
        self.path = path
        self.confined = confined  # never written through a link out of its folder
        self.source = source
        self.items = {post.id: post for post in posts}
        self.order = {item_id: n for n, item_id in enumerate(self.items)}
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
        orphans: Sequence[Record] = (),
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
        lines = [self.record(item_id, annotations[item_id]) for item_id in self._ids]
        lines += [dumps(record.raw) for record in orphans]  # as written, unknown fields too
        return encode_document(header, lines)

    def record(self, item_id: str, annotation: Annotation) -> bytes:
        """One annotation's record, as the sidecar and the journal hold it (one line)."""
        cached = self._cache.get(item_id)
        if cached is not None and cached[0] is annotation:
            return cached[1]
        post = self.items.get(item_id)
        record: dict[str, Any] = {"post": {"id": item_id}}
        unit = annotation.unit
        if unit is not None:
            fields = {name: getattr(unit, name) for name in FIELDS}
            record["post"] = {"id": item_id, "kind": unit.kind, **fields}
            record["quote"] = quote_selector(self.source, unit.start, unit.end)
            record["origin"] = unit.origin
        elif post is not None:
            record["post"] = {
                "id": item_id,
                "kind": post.kind,
                "platform": post.platform,
                "handle": post.handle,
                "author": post.author,
                "date": post.date,
                "url": post.url,
            }
            record["quote"] = quote_selector(self.source, *anchor(post))
        elif item_id == ARTICLE_ID:  # the article itself: no words to quote
            record["post"] = {"id": item_id, "kind": "article"}
        if annotation.rejected:
            record["rejected"] = True
        record["tags"] = {k: list(v) for k, v in annotation.tags.items()}
        record["note"] = annotation.note
        record["created"] = annotation.created
        record["modified"] = annotation.modified
        encoded = dumps(record)
        self._cache[item_id] = (annotation, encoded)
        return encoded

    def write(self, data: bytes) -> None:
        write_atomic(self.path, data, self.confined)


def encode_document(header: Mapping[str, Any], lines: Sequence[bytes]) -> bytes:
    """A sidecar's bytes: the readable header, then the encoded records one per line."""
    head = json.dumps(header, ensure_ascii=False, indent=2)[:-2].encode()  # reopen it
    if not lines:
        return head + b',\n  "annotations": []\n}\n'
    # Bytes throughout: each record is encoded once, when it changes, not at every save.
    return b"".join((head, b',\n  "annotations": [\n    ', b",\n    ".join(lines), b"\n  ]\n}\n"))


def remove_leftovers(path: Path) -> None:
    """Delete temporary files a killed writer left beside `path` (call with its lock held).
    A journal it left holds changes: the session takes it over instead (see `session`)."""
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
