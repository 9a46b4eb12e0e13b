"""Reading a REFI-QDA project (`.qdpx`) back: each plain-text source's text and each of its
selections with the words it lands on, its coder, its codes (each by its path in the codebook:
variable, value, ...), its description and its notes.

This is how readertui checks what `qdpx` writes; a project of another program reads the same
way, as far as its sources are plain text. The zip is read as a file from anywhere is: entries
over a size are refused unread, and the XML as `codebook.refi.parse_xml` reads it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readertui.codebook.refi import PROJECT_NS, Code, XMLRefused, parse_xml, settings_of

if TYPE_CHECKING:
    from lxml import etree

#: No article (16 MiB at most) nor project file comes near this once unpacked.
MAX_ENTRY = 64 << 20
INTERNAL = "internal://"


class ProjectError(ValueError):
    """A file that is not a REFI-QDA project readertui can read, said in one line."""


@dataclass(frozen=True, slots=True)
class Selection:
    source: str  # the source's name
    user: str  # the name of the user who made it ("" when not said)
    start: int
    end: int
    text: str  # the source's text from start to end
    codes: tuple[tuple[str, ...], ...]  # each coding's code, by its path of names
    description: str
    notes: tuple[str, ...]
    created: str | None
    modified: str | None


@dataclass(slots=True)
class Project:
    name: str
    users: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # name -> text
    selections: list[Selection] = field(default_factory=list)


def read_qdpx(data: bytes) -> Project:
    """The project in the `.qdpx` file's bytes, or ProjectError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ProjectError("not a zip file, so not a .qdpx") from None
    with archive:
        entries = {info.filename.lower(): info for info in archive.infolist()}
        try:
            root = parse_xml(_entry(archive, entries, "project.qde"))
        except XMLRefused as exc:
            raise ProjectError(f"project.qde: {exc}") from None
        if root.tag != _ns("Project"):
            raise ProjectError("project.qde: its root is not a REFI-QDA <Project>")
        return _Reader(archive, entries).project(root)


def _entry(archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], name: str) -> bytes:
    info = entries.get(name.lower())
    if info is None:
        raise ProjectError(f"has no {name}")
    if info.file_size > MAX_ENTRY:
        raise ProjectError(f"{name} is too large ({info.file_size} bytes unpacked)")
    return archive.read(info)


class _Reader:
    def __init__(self, archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> None:
        self.archive, self.entries = archive, entries
        self.users: dict[str, str] = {}
        self.paths: dict[str, tuple[str, ...]] = {}  # code GUID -> its path of names
        self.notes: dict[str, str] = {}

    def project(self, root: etree._Element) -> Project:
        project = Project(root.get("name", ""))
        for user in root.iterfind(f"{_ns('Users')}/{_ns('User')}"):
            self.users[user.get("guid", "")] = user.get("name", "")
        project.users = list(self.users.values())
        codes = root.find(f"{_ns('CodeBook')}/{_ns('Codes')}")
        project.codes = self.codes(codes, ()) if codes is not None else []
        for note in root.iterfind(f"{_ns('Notes')}/{_ns('Note')}"):
            self.notes[note.get("guid", "")] = self.text_of(note)
        for source in root.iterfind(f"{_ns('Sources')}/{_ns('TextSource')}"):
            name, text = source.get("name", ""), self.text_of(source)
            project.sources[name] = text
            project.selections += [
                self.selection(name, text, s) for s in source.iterfind(_ns("PlainTextSelection"))
            ]
        return project

    def codes(self, parent: etree._Element, path: tuple[str, ...]) -> list[Code]:
        found = []
        for element in parent.iterfind(_ns("Code")):
            name, guid = element.get("name", ""), element.get("guid", "")
            self.paths[guid] = (*path, name)
            description = element.findtext(_ns("Description")) or ""
            found.append(
                Code(
                    guid,
                    name,
                    element.get("isCodable") in ("true", "1"),
                    settings_of(description)[0] if description else "",
                    self.codes(element, (*path, name)),
                )
            )
        return found

    def text_of(self, element: etree._Element) -> str:
        """A source's or note's text: its PlainTextContent, or the file its path names."""
        content = element.find(_ns("PlainTextContent"))
        if content is not None:
            return content.text or ""
        path = element.get("plainTextPath", "")
        if not path.startswith(INTERNAL):
            raise ProjectError(f"{element.get('name', '')!r}: its text is not in the project")
        data = _entry(self.archive, self.entries, f"sources/{path[len(INTERNAL) :]}")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise ProjectError(f"{path}: not UTF-8 text") from None

    def selection(self, source: str, text: str, element: etree._Element) -> Selection:
        start, end = int(element.get("startPosition", 0)), int(element.get("endPosition", 0))
        codes = tuple(
            self.paths.get(ref.get("targetGUID", ""), ())
            for ref in element.iterfind(f"{_ns('Coding')}/{_ns('CodeRef')}")
        )
        notes = tuple(
            self.notes.get(ref.get("targetGUID", ""), "")
            for ref in element.iterfind(_ns("NoteRef"))
        )
        return Selection(
            source,
            self.users.get(element.get("creatingUser", ""), ""),
            start,
            end,
            text[start:end],
            codes,
            element.findtext(_ns("Description")) or "",
            notes,
            element.get("creationDateTime"),
            element.get("modifiedDateTime"),
        )


def _ns(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"
