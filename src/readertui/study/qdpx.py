"""A study as a REFI-QDA project (`.qdpx`), the file ATLAS.ti, MAXQDA, NVivo and QualCoder
import: a zip of `project.qde` (QDA-XML 1.0, valid against the standard's project schema) and
one `Sources/<GUID>.txt` per article.

Where the standard leaves a choice, the ATLAS.ti sample's and the standard's own examples
decide:

- Each article is a `TextSource` named by its path, its text in `Sources/` exactly as readertui
  reads it (the text the sidecars' offsets count in), UTF-8 without a byte-order mark (a BOM
  some programs drop and others count is left out, and the offsets moved by one).
- Each coder's annotation of an item is a `PlainTextSelection` of that coder (`creatingUser`)
  at the item's offsets: code points, the first at 0, the end not included, as the standard
  counts them (ATLAS.ti's example: a 56-character quotation from 139 to 195). Its `name` is its
  text, cut at 100 characters as ATLAS.ti cuts it. Several coders of one item make several
  selections, as several coders' quotations do in these programs.
- A value chosen is a `Coding` of the value's code. A value typed (a number or text variable)
  is a `Coding` of the variable's code, the value on a line `variable = value` of the
  selection's `Description`, the quotation comment every one of these programs shows.
- A coder's note is a `Note` (its text as `PlainTextContent`, its coder and times) that the
  selection refers to (`NoteRef`): notes are separate objects in REFI-QDA.
- Codes of the article itself are a selection of its whole text: every program imports the
  codings of selections, not all import codings of a whole source.
- Coders are `User`s. GUIDs are name-based (uuid5) and the zip's entries dated 1980-01-01, so
  the same study gives the same file, byte for byte.

An item that is not at its offsets in the article as it is now (no longer in it), and every
item of an article that cannot be read, is left out with a warning: a selection must land on
the words the coder coded.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from readertui.codebook import Codebook
from readertui.codebook.refi import (
    PROJECT_NS,
    Code,
    code_elements,
    code_guid,
    codebook_codes,
    guid,
    root_element,
    xml_bytes,
    xml_text,
)
from readertui.document import ARTICLE_ID
from readertui.study.export import Coded, Export
from readertui.study.export_formats import utc_time

if TYPE_CHECKING:
    from lxml import etree

#: The zip's comment: how an earlier export is told from someone's own project file.
ARCHIVE_COMMENT = b"readertui export"
#: Where the articles' texts are in the zip (the ATLAS.ti and standard examples' folder).
SOURCES = "Sources/"
#: A selection's name is its text, cut as ATLAS.ti cuts it.
NAME_LIMIT = 100
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold


@dataclass(frozen=True, slots=True)
class ProjectFile:
    data: bytes  # the `.qdpx` file
    selections: int  # how many annotations it holds
    warnings: list[str]  # a line for each annotation left out, or article without its text


def qdpx_bytes(export: Export, codebook: Codebook, name: str, origin: str) -> ProjectFile:
    """The study as a `.qdpx` file named `name` (the project's name), written by `origin`."""
    project = _Project(export, codebook)
    qde = project.document(name, origin)
    data = _zip([("project.qde", qde), *project.texts])
    return ProjectFile(data, project.selections, project.warnings)


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for filename, data in entries:
            info = zipfile.ZipInfo(filename, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
        archive.comment = ARCHIVE_COMMENT
    return buffer.getvalue()


def label(text: str) -> str:
    """A selection's name: its text on one line, at most NAME_LIMIT characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= NAME_LIMIT else flat[: NAME_LIMIT - 1] + "…"


class _Project:
    def __init__(self, export: Export, codebook: Codebook) -> None:
        self.export, self.codebook = export, codebook
        self.codes = codebook_codes(codebook)
        self.variables = {code.name: code for code in self.codes}
        self.known = {node.guid for node in _walk(self.codes)}
        self.users: dict[str, str] = {}  # coder -> GUID, in order of first appearance
        self.notes: list[etree._Element] = []
        self.texts: list[tuple[str, bytes]] = []
        self.warnings: list[str] = []
        self.stamps: list[str] = []
        self.selections = 0

    def document(self, name: str, origin: str) -> bytes:
        from lxml import etree

        sources = [self.source(article, list(coded)) for article, coded in self._articles()]
        root = root_element(PROJECT_NS, "Project", name=name, origin=origin)
        if self.stamps:
            root.set("creationDateTime", min(self.stamps))
            root.set("modifiedDateTime", max(self.stamps))
        if self.users:
            users = etree.SubElement(root, f"{{{PROJECT_NS}}}Users")
            for coder, user in self.users.items():
                etree.SubElement(users, f"{{{PROJECT_NS}}}User", guid=user, name=xml_text(coder))
        codes = etree.SubElement(etree.SubElement(root, f"{{{PROJECT_NS}}}CodeBook"), _ns("Codes"))
        code_elements(codes, PROJECT_NS, self.codes)
        if any(s is not None for s in sources):
            parent = etree.SubElement(root, _ns("Sources"))
            parent.extend(s for s in sources if s is not None)
        if self.notes:
            etree.SubElement(root, _ns("Notes")).extend(self.notes)
        return xml_bytes(root)

    def _articles(self) -> Iterator[tuple[str, Iterator[Coded]]]:
        coded = (c for c in self.export.coded if c.coder)  # (not the rows of items nobody coded)
        return groupby(coded, key=lambda c: c.article)

    def source(self, article: str, coded: list[Coded]) -> etree._Element | None:
        from lxml import etree

        text = self.export.sources.get(article)
        if text is None:
            self.warnings.append(
                f"{article}: the article cannot be read, so its {len(coded)} annotation(s) are "
                "not in the project"
            )
            return None
        shift = 1 if text.startswith("\ufeff") else 0
        text = text[shift:]
        filename = f"{guid('text', article)}.txt"
        self.texts.append((SOURCES + filename, text.encode("utf-8")))
        element = etree.Element(
            _ns("TextSource"),
            guid=guid("source", article),
            name=xml_text(article),
            plainTextPath=f"internal://{filename}",
        )
        for c in coded:
            span = self._span(c, text, shift)
            if span is not None:
                element.append(self.selection(c, text, *span))
        return element

    def _span(self, c: Coded, text: str, shift: int) -> tuple[int, int] | None:
        """Where the annotation's item is in `text` (the article without its BOM)."""
        if _of_article(c):
            return 0, len(text)
        quote = c.item.quote
        if quote is not None:
            start, end = max(0, quote.start - shift), quote.end - shift
            exact = quote.exact[1:] if shift and quote.start == 0 else quote.exact
            if 0 <= start <= end <= len(text) and text[start:end] == exact:
                return start, end
        self.warnings.append(
            f"{c.article}: {c.coder}'s annotation of {c.item.id} is left out of the project: "
            "the item is not in the article as it is now"
        )
        return None

    def selection(self, c: Coded, text: str, start: int, end: int) -> etree._Element:
        from lxml import etree

        user = self.users.setdefault(c.coder, guid("user", c.coder))
        self.selections += 1
        ids = (c.article, c.coder, c.item.id)
        name = f"{ARTICLE_ID}: {c.article}" if _of_article(c) else label(text[start:end])
        element = etree.Element(
            _ns("PlainTextSelection"),
            guid=guid("selection", *ids),
            name=xml_text(name),
            startPosition=str(start),
            endPosition=str(end),
            creatingUser=user,
        )
        times = self._times(c)
        if "creationDateTime" in times:
            element.set("creationDateTime", times["creationDateTime"])
        element.set("modifyingUser", user)
        if "modifiedDateTime" in times:
            element.set("modifiedDateTime", times["modifiedDateTime"])
        typed = [
            f"{var} = {value}"
            for var, value in c.pairs(self.export.variables)
            if (v := self.codebook.variable(var)) is not None and v.typed
        ]
        if typed:
            etree.SubElement(element, _ns("Description")).text = xml_text("\n".join(typed))
        for var, value in c.pairs(self.export.variables):
            coding = etree.SubElement(
                element,
                _ns("Coding"),
                guid=guid("coding", *ids, var, value),
                creatingUser=user,
            )
            if "modifiedDateTime" in times:  # the codes are as they were when last saved
                coding.set("creationDateTime", times["modifiedDateTime"])
            etree.SubElement(coding, _ns("CodeRef"), targetGUID=self.code(var, value))
        if c.annotation.note:
            note = guid("note", *ids)
            etree.SubElement(element, _ns("NoteRef"), targetGUID=note)
            self.notes.append(self.note(c, note, user, name, times))
        return element

    def _times(self, c: Coded) -> dict[str, str]:
        times = {}
        for attribute, stamp in (
            ("creationDateTime", c.annotation.created),
            ("modifiedDateTime", c.annotation.modified),
        ):
            if utc_time(stamp):
                times[attribute] = stamp
                self.stamps.append(stamp)
        return times

    def note(
        self, c: Coded, note: str, user: str, name: str, times: dict[str, str]
    ) -> etree._Element:
        from lxml import etree

        element = etree.Element(
            _ns("Note"),
            guid=note,
            name=xml_text(label(f"{c.coder}'s note on {name}")),
            creatingUser=user,
            modifyingUser=user,
        )
        for attribute, stamp in times.items():
            element.set(attribute, stamp)
        etree.SubElement(element, _ns("PlainTextContent")).text = xml_text(c.annotation.note)
        return element

    def code(self, variable: str, value: str) -> str:
        """The GUID of the code a value is coded with; a value or variable the codebook does
        not have (a sidecar coded with another codebook) gets a code of its own."""
        var = self.codebook.variable(variable)
        if var is not None and var.typed:
            return code_guid(variable)
        parent = self.variables.get(variable)
        if parent is None:
            parent = self.variables[variable] = Code(code_guid(variable), variable, False)
            self.codes.append(parent)
        found = code_guid(variable, value)
        if found not in self.known:
            self.known.add(found)
            parent.children.append(Code(found, value, True, "Not in the codebook exported"))
            self.warnings.append(
                f"{variable}={value} is not in the codebook: exported as a code of its own"
            )
        return found


def _of_article(c: Coded) -> bool:
    """Whether these are codes of the article itself, not of an item in it."""
    return ARTICLE_ID in (c.item.kind, c.item.id)


def _ns(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def _walk(codes: list[Code]) -> Iterator[Code]:
    for code in codes:
        yield code
        yield from _walk(code.children)
