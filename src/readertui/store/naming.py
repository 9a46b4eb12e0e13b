"""Which sidecar holds which coder's codes: the names of annotation files.

Where a coder's codes for `story.txt` are kept (the rule the README documents):

1. `--annotations PATH`, when given.
2. `story.txt.<coder>.annotations.json`, when it exists.
3. `story.txt.annotations.json`, when it holds this coder's codes (or no coder's): one coder
   working alone keeps the plain name.
4. Otherwise a new file: the plain name while the folder is one coder's, the per-coder name
   once another coder works in it (a sidecar in the folder names another coder), and always
   when the plain file holds another coder's codes or another coder's reader has it open (two
   coders opening a new article at once). So a second coder never mixes codes into, nor
   writes over, the first one's file, and the first one's files stay where they were.

Coder names in file names keep letters (any script), digits, `.`, `_` and `-`; anything else
becomes `_`.
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from readertui.files import read_regular
from readertui.store.lock import holder_of

SIDECAR_SUFFIX = ".annotations.json"
_UNSAFE = re.compile(r"[^\w.-]")
#: The writer puts the header first, so the coder is within the first bytes of a sidecar.
_CODER_FIELD = re.compile(rb'"coder"\s*:\s*"((?:[^"\\]|\\.)*)"')
_HEAD_BYTES = 4096


def plain_sidecar(article: Path) -> Path:
    return article.with_name(article.name + SIDECAR_SUFFIX)


def coder_sidecar(article: Path, coder: str) -> Path:
    return article.with_name(f"{article.name}.{safe_name(coder)}{SIDECAR_SUFFIX}")


def safe_name(coder: str) -> str:
    """A coder's name as it may stand in a file name."""
    return _UNSAFE.sub("_", coder.strip()).strip(".") or "coder"


def sidecar_coder(path: Path) -> str | None:
    """The coder a sidecar names, read from its header alone (cheap for a whole folder)."""
    try:
        head = read_regular(path, _HEAD_BYTES, head=True)
    except OSError:
        return None
    m = _CODER_FIELD.search(head)
    if m is None:
        return None
    try:
        value = json.loads(b'"' + m.group(1) + b'"')
    except ValueError:
        return None
    return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class CoderFile:
    """One sidecar of an article and the coder whose codes it holds (None: not said)."""

    path: Path
    coder: str | None


def sidecar_names(folder: Path) -> list[str]:
    """The names of the sidecars in `folder`, sorted (list once, look up for every article)."""
    try:
        return sorted(e.name for e in os.scandir(folder) if e.name.endswith(SIDECAR_SUFFIX))
    except OSError:
        return []


def article_sidecars(article: Path, names: list[str] | None = None) -> list[CoderFile]:
    """Every sidecar of `article`: the plain one first, then the per-coder ones by name.

    `names`: the folder's `sidecar_names`, when the caller looks at many of its articles."""
    found: list[CoderFile] = []
    plain = plain_sidecar(article)
    names = sidecar_names(article.parent) if names is None else names
    if plain.name in names:
        found.append(CoderFile(plain, sidecar_coder(plain)))
    prefix = article.name + "."
    start = bisect_left(names, prefix)
    for name in names[start:]:
        if not name.startswith(prefix):
            break
        middle = name[len(prefix) : -len(SIDECAR_SUFFIX)]
        if name == plain.name or not middle or article.with_name(prefix + middle).is_file():
            continue  # `story.txt.v2.md.annotations.json` belongs to the article `story.txt.v2.md`
        path = article.with_name(name)
        found.append(CoderFile(path, sidecar_coder(path) or middle))
    return found


def sidecar_for(article: Path, coder: str) -> Path:
    """Where `coder` keeps the codes of `article` (the rule in this module's docstring)."""
    own = coder_sidecar(article, coder)
    if own.exists():
        return own
    plain = plain_sidecar(article)
    if plain.exists():
        owner = sidecar_coder(plain)
        return plain if owner in (None, coder) and not open_by_another(plain, coder) else own
    return own if _shared_folder(article.parent, coder) or open_by_another(plain, coder) else plain


def open_by_another(sidecar: Path, coder: str) -> bool:
    """Whether another coder's reader holds the lock of `sidecar` (they began on the same
    article a moment before, and write the plain file: this coder writes their own)."""
    holder = holder_of(sidecar)
    return holder is not None and holder.coder not in (None, "", coder)


def _shared_folder(folder: Path, coder: str) -> bool:
    """Whether another coder has codes in `folder` (any of its sidecars names someone else)."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(SIDECAR_SUFFIX)]
    except OSError:
        return False
    for entry in entries:
        owner = sidecar_coder(Path(entry.path))
        if owner is not None and owner != coder:
            return True
    return False
