"""The codebook in REFI-QDA's terms (QDA-XML 1.0, the exchange format of ATLAS.ti, MAXQDA,
NVivo, QualCoder): each variable a `Code`, its values `Code`s inside it (a value's children
inside the value), as the ATLAS.ti sample nests them.

A REFI code has a name, a description and whether it can be coded; readertui's own settings
(a value's key, a variable's type, keys, targets, bounds) have no place of their own, so they
are kept as JSON on the last line of the code's description (`readertui: {"key": "1"}`), where
any program shows them and a codebook written by readertui and read back is the same one.

lxml is imported by the functions that write or read XML, never on the way to the first frame.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from readertui.codebook.model import Codebook, Variable

if TYPE_CHECKING:
    from lxml import etree

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = {
    PROJECT_NS: f"{PROJECT_NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd",
    CODEBOOK_NS: f"{CODEBOOK_NS} http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd",
}
#: How the line with readertui's settings of a code begins, at the end of its description.
SETTINGS = "readertui: "
#: Every GUID is a name-based UUID in this namespace: the same study gives the same file.
GUIDS = uuid.uuid5(uuid.NAMESPACE_URL, "readertui:refi-qda")
#: Characters XML 1.0 cannot hold at all (not even escaped).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def guid(*parts: str) -> str:
    """A GUID for what `parts` name, upper case as ATLAS.ti writes them."""
    return str(uuid.uuid5(GUIDS, "\n".join(parts))).upper()


def code_guid(variable: str, value: str | None = None) -> str:
    """The GUID of a variable's code, or of one of its values' codes."""
    return guid("code", variable) if value is None else guid("code", variable, value)


def xml_text(text: str) -> str:
    """`text` as XML can carry it: the few characters it cannot hold become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


@dataclass(slots=True)
class Code:
    """A REFI-QDA code as it is written: what the `Code` element says."""

    guid: str
    name: str
    codable: bool
    description: str = ""
    children: list[Code] = field(default_factory=list)


def codebook_codes(codebook: Codebook) -> list[Code]:
    """The codebook's variables as codes: a chosen variable's code is a folder (it is never
    coded itself, its values are), a typed one's is coded and the value typed is said apart."""
    return [variable_code(var) for var in codebook.variables]


def variable_code(var: Variable) -> Code:
    settings = {k: v for k, v in var.to_json().items() if k not in ("name", "description")}
    settings.pop("values", None)
    code = Code(code_guid(var.name), var.name, var.typed, described(var.description, settings))
    nodes: dict[str | None, Code] = {None: code}
    for value in var.values:  # parents come before their children
        node = Code(
            code_guid(var.name, value.name),
            value.name,
            True,
            described(value.description, {"key": value.key}),
        )
        nodes[value.name] = node
        parent = nodes.get(value.parent, code)
        parent.children.append(node)
    return code


def described(description: str, settings: dict[str, Any]) -> str:
    """A code's description: readertui's own, then the line with its settings."""
    line = SETTINGS + json.dumps(settings, ensure_ascii=False)
    return f"{description}\n{line}" if description else line


def settings_of(description: str) -> tuple[str, dict[str, Any] | None]:
    """A code's description without readertui's settings line, and those settings (None: it
    has no such line, as in a codebook another program wrote). ValueError: a line that
    begins as readertui's but does not hold a JSON object."""
    head, _, last = description.rstrip().rpartition("\n")
    if not last.startswith(SETTINGS):
        return description, None
    settings = json.loads(last[len(SETTINGS) :])
    if not isinstance(settings, dict):
        raise ValueError("not a JSON object")
    return head, settings


def code_elements(parent: etree._Element, namespace: str, codes: Iterable[Code]) -> None:
    """Append each code (and the codes inside it) to `parent` as `Code` elements."""
    from lxml import etree

    for code in codes:
        element = etree.SubElement(
            parent,
            f"{{{namespace}}}Code",
            guid=code.guid,
            name=xml_text(code.name),
            isCodable="true" if code.codable else "false",
        )
        if code.description:
            etree.SubElement(element, f"{{{namespace}}}Description").text = xml_text(
                code.description
            )
        code_elements(element, namespace, code.children)


def root_element(namespace: str, tag: str, **attributes: str) -> etree._Element:
    """A REFI-QDA document's root: its namespace the default one, its schema located."""
    from lxml import etree

    root = etree.Element(f"{{{namespace}}}{tag}", nsmap={None: namespace, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION[namespace])
    for name, value in attributes.items():
        root.set(name, xml_text(value))
    return root


def xml_bytes(root: etree._Element) -> bytes:
    """The document as UTF-8 with its declaration, indented, as ATLAS.ti writes it."""
    from lxml import etree

    etree.indent(root, space="  ")
    body = etree.tostring(root, encoding="utf-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


class XMLRefused(ValueError):
    """A file that is not XML, or declares a document type; `line` where, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class _Doctype(Exception):
    pass


def parse_xml(data: bytes) -> etree._Element:
    """The root element of the XML document `data`, parsed as a file from anywhere must be:
    a document type declaration is refused before anything in it is read (its entities could
    expand without end, "billion laughs", or read other files), nothing is fetched."""
    import xml.parsers.expat

    from lxml import etree

    expat = xml.parsers.expat.ParserCreate()  # stops at a DOCTYPE before reading its entities

    def doctype(*_: object) -> None:
        raise _Doctype

    expat.StartDoctypeDeclHandler = doctype
    expat.EntityDeclHandler = doctype
    try:
        expat.Parse(data, True)
    except _Doctype:
        raise XMLRefused(
            "declares a document type (<!DOCTYPE>), which REFI-QDA files never need; refused, "
            "as its entities could expand without end or read other files",
            expat.CurrentLineNumber,
        ) from None
    except xml.parsers.expat.ExpatError as exc:
        reason = xml.parsers.expat.ErrorString(exc.code) if exc.code else str(exc)
        raise XMLRefused(f"not XML ({reason})", exc.lineno) from None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:  # what expat let pass and libxml2 did not
        raise XMLRefused(f"not XML ({exc.msg})", exc.lineno) from None


def codebook_qdc(codebook: Codebook, origin: str) -> bytes:
    """The codebook as a REFI-QDA codebook file (`.qdc`)."""
    from lxml import etree

    root = root_element(CODEBOOK_NS, "CodeBook", origin=origin)
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    code_elements(codes, CODEBOOK_NS, codebook_codes(codebook))
    return xml_bytes(root)
