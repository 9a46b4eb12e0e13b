"""Opening one coder's codes of one article: which file, what it holds, whether it may be written.

`open_sidecar` finds the coder's sidecar (`naming`), locks it, reads it with its journal,
places its codes on the article as it is now (`anchoring`), and decides what may be written.
It never writes over work it must not touch: a sidecar it cannot read, one for another article
or coder, one whose codes the chosen codebook cannot express, one another reader has open, one
that is a link out of its folder or to no file: each leaves the file as it is and the codes
open read-only, with the reason. A journal a killed reader left is taken over; the codes of an
edited article found again are saved under their items' new ids at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from readertui.annotations import Annotation, Annotations
from readertui.codebook import DEFAULT, Codebook
from readertui.document import Article
from readertui.store.anchoring import Anchoring, reanchor
from readertui.store.journal import load_sidecar
from readertui.store.lock import Holder, SidecarLock
from readertui.store.naming import coder_sidecar, plain_sidecar, sidecar_for
from readertui.store.others import other_coders
from readertui.store.records import Record
from readertui.store.saving import SidecarSaver
from readertui.store.sidecar import SidecarError, Stored, disk_state, remove_leftovers
from readertui.textsafe import file_name


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(slots=True)
class Opened:
    """A coder's codes of an article as found, and the writer that saves them."""

    codes: Annotations
    codebook: Codebook
    #: Codes on items the article no longer has, kept in the file as they were.
    orphans: list[Record]
    saver: SidecarSaver
    #: Said once on opening: the article changed since the codes were saved, or the codebook
    #: is the one other coders used, or the folder cannot be written now.
    notice: str | None


def open_sidecar(
    article: Article,
    coder: str,
    *,
    codebook: Codebook | None = None,
    annotations_path: Path | None = None,
    clock: Callable[[], str] = utc_now,
    blind: bool = False,
) -> Opened:
    """`coder`'s codes of `article` (`annotations_path`: in that file, not the usual one)."""
    notices: list[str] = []
    refusals: list[str] = []
    path = annotations_path or sidecar_for(article.path, coder)
    # Locked before it is read: what is read is then what may be written over.
    path, lock, holder = _lock(path, article, coder, chosen=annotations_path is None)
    if annotations_path is None and (link := unsafe_link(path)):
        refusals.append(link)
    stored = loaded = None
    try:
        loaded = load_sidecar(path)
        stored = loaded.stored
    except SidecarError as exc:
        refusals.append(f"{exc}; opened read-only, the file is left untouched")
    codes, orphans = Annotations(), []
    if stored is not None:
        found = reanchor(stored.records, article, stored.article_sha256)
        refusals += _refusals(stored, path, article, coder, codebook)
        if found.problems:
            refusals.append(
                f"{path} is damaged: {'; '.join(found.problems[:3])}; opened read-only, the "
                "file is left untouched"
            )
        if _edited_since(stored, article):
            notices.append(changed_notice(found, stored.records))
        # Codes found on an item move to its current id (and are saved with its selector).
        codes = Annotations(
            {item_id: placement.record.annotation for item_id, placement in found.placed.items()}
        )
        orphans = list(found.orphans)
    book = codebook or (stored.codebook if stored else None)
    if book is None:
        book, said = _others_codebook(article.path, path, blind)
        notices += [said] if said else []
    if holder is not None:
        refusals.append(f"{holder.message}; opened read-only")
    if refusals:
        lock.release()  # nothing will be written: another reader may
    elif lock.held:
        remove_leftovers(path)
    elif lock.unavailable:
        notices.append(
            f"{path.parent} cannot be written now ({lock.unavailable}); your codes are kept "
            "and saved as soon as it can be."
        )
    saver = SidecarSaver(
        path,
        article,
        coder=coder,
        codebook=book,
        lock=lock,
        saved=codes,
        orphans=orphans,
        # The sidecar's bytes as read: a save finds another program's edit by comparing them.
        disk=loaded.raw if loaded is not None else disk_state(path),
        whole=stored is None or not _appendable(stored, article, coder, book),
        confined=annotations_path is None,
        clock=clock,
        read_only_reason=refusals[0] if refusals else None,
    )
    left = loaded if loaded is not None and loaded.journal is not None else None
    if left is not None and not saver.read_only and (said := saver.take_over(left, codes)):
        notices.append(said)  # a journal a killed reader left
    if stored is not None and _edited_since(stored, article) and not saver.read_only:
        # The article changed: the codes found again are saved under their items' ids and
        # quotes now, not at the first change (each opening would find them again, and say
        # so); what was not found stays in the file, as it was.
        saved = saver.save(codes)
        if not saved.ok:
            notices.append(f"They are not saved yet: {saved.message}")
    return Opened(codes, book, orphans, saver, " ".join(notices) or None)


def _lock(
    path: Path, article: Article, coder: str, chosen: bool
) -> tuple[Path, SidecarLock, Holder | None]:
    """Take the sidecar's lock; who or what holds it if another does. Another coder who
    opened the same new article a moment before has the plain file (`chosen`: by the naming
    rule): this coder's codes go to their own file instead."""
    lock = SidecarLock(path, coder)
    holder = lock.acquire()
    if (
        chosen
        and holder is not None
        and holder.coder not in (None, "", coder)
        and path == plain_sidecar(article.path)
    ):
        path = coder_sidecar(article.path, coder)
        lock = SidecarLock(path, coder)
        holder = lock.acquire()
    return path, lock, holder


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


def _refusals(
    stored: Stored, path: Path, article: Article, coder: str, codebook: Codebook | None
) -> list[str]:
    """Why the codes must open read-only rather than be written over by this coder."""
    refusals = []
    name, article_name = path.name, file_name(article.path.name)
    if stored.article_file and stored.article_file != article_name:
        refusals.append(
            f"{name} holds the codes of {stored.article_file!r}, not of "
            f"{article.path.name!r}; opened read-only"
        )
    if stored.coder and stored.coder != coder:
        refusals.append(
            f"{name} holds the codes of coder {stored.coder!r}, not {coder!r}; opened "
            f"read-only (use --coder {stored.coder} to continue)"
        )
    if codebook is not None and stored.codebook is not None and codebook != stored.codebook:
        missing = missing_codes(codebook, stored.annotations.values())
        if missing:
            shown = ", ".join(missing[:4]) + (" …" if len(missing) > 4 else "")
            refusals.append(
                f"the codes in {name} use values this codebook does not have ({shown}); "
                "opened read-only (code with the codebook they were saved with: without "
                "--codebook, or with it back in the study file)"
            )
    return refusals


def _edited_since(stored: Stored, article: Article) -> bool:
    """Whether the article changed since `stored` was saved (older files do not say)."""
    return bool(stored.article_sha256) and stored.article_sha256 != article.sha256


def _appendable(stored: Stored, article: Article, coder: str, codebook: Codebook) -> bool:
    """Whether changes can be journaled on the sidecar as it is: it says what would be written
    in its header and holds these codes under these ids."""
    return (
        stored.article_file == file_name(article.path.name)
        and stored.article_sha256 == article.sha256
        and stored.coder == coder
        and stored.codebook == codebook
        and not any(a.is_empty for a in stored.annotations.values())
    )


def _others_codebook(article: Path, own: Path, blind: bool) -> tuple[Codebook, str | None]:
    """The codebook the article's other coders used, when they all used the same one: a coder
    opening it for the first time without `--codebook` codes with it too (and is told, without
    their names when coding blind), not silently with the default one."""
    used: dict[Codebook, list[str]] = {}
    for other in other_coders(article, own):
        if other.stored.codebook is not None:
            used.setdefault(other.stored.codebook, []).append(other.coder)
    if len(used) != 1:
        return DEFAULT, None
    [(book, coders)] = used.items()
    named = f" ({book.name})" if book.name else ""
    if blind:
        return book, f"Coding with the codebook{named} this article was coded with before."
    return book, (
        f"Coding with the codebook{named} {', '.join(sorted(coders))} used on this article "
        "(open with --codebook to use another)."
    )


def missing_codes(codebook: Codebook, annotations: Iterable[Annotation]) -> list[str]:
    """The `variable=value` codes in use that a codebook cannot express (a typed-in number
    or text is one it can, if its variable still takes it)."""
    missing = []
    for annotation in annotations:
        for name, values in annotation.tags.items():
            variable = codebook.variable(name)
            for value in values:
                code = f"{name}={value}"
                if (variable is None or not variable.takes(value)) and code not in missing:
                    missing.append(code)
    return missing


def changed_notice(found: Anchoring, records: Sequence[Record]) -> str:
    """What the coder is told when the article changed since the codes were saved."""
    kinds = {r.kind or "post" for r in records}
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
