"""Importing a REFI-QDA codebook (`.qdc`, written by ATLAS.ti, MAXQDA, NVivo, QualCoder or
readertui) as a readertui codebook, whole or not at all.

The file is checked against the standard's codebook schema (shipped in readertui/schema), so
anything that is not a REFI-QDA codebook is refused with the schema's own words. A document
type declaration is refused before the file is parsed: its entities could expand without end
("billion laughs") or read other files.

How codes become variables and values:

- A top-level code with codes inside it is a variable; the codes inside are its values, their
  codes the values' children. QDA codes are not exclusive (one passage may carry several codes
  of a group), so neither is the variable. The top-level code itself is not coded with.
- Top-level codes without codes inside are gathered, in order, as the values of one variable,
  `codes` (a flat codebook is a set of tags). An empty folder (not codable) holds nothing to
  code with and is left out.
- Names become words as readertui needs them: blanks become `-`, quotes and backslashes go;
  a name that changed is the description when the code has none. Descriptions become one line.
- Keys are given in order: digits 1-9, then the letters readertui does not use itself, lower
  case then upper case. A codebook with more codes than that is refused.
- The settings readertui writes on a description's last line (`readertui: {...}`) are read
  back: a codebook readertui exported imports as it was, but for its name.
- A code's colour, which readertui has no use for, is not kept. Sets of codes, which it cannot
  represent, make the file refused.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readertui.codebook.checking import checked, is_key, is_name
from readertui.codebook.model import RESERVED_KEYS, Codebook, CodebookError
from readertui.codebook.refi import CODEBOOK_NS, PROJECT_NS, XMLRefused, parse_xml, settings_of
from readertui.files import FileRefused, read_regular
from readertui.textsafe import printable

if TYPE_CHECKING:
    from lxml import etree

#: A codebook is a page or two; ATLAS.ti's of a large project are well under a megabyte.
MAX_BYTES = 4 << 20
SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "Codebook.xsd"
#: The keys given to codes, in order.
KEYS = "".join(
    k
    for k in "123456789" + string.ascii_lowercase + string.ascii_uppercase
    if k not in RESERVED_KEYS
)
#: What a settings line may say of a variable's code and of a value's.
_VARIABLE_SETTINGS = {"type", "exclusive", "applies_to", "key", "step_keys", "min", "max"}
_VALUE_SETTINGS = {"key"}
#: Dropped from a name on its way to a word (the rest of what a name may not hold is refused).
_DROPPED = re.compile("[\"'\\\\\x00-\x1f\x7f-\x9f]")
#: The variable that gathers top-level codes without codes inside.
GATHERED = "codes"


def load_qdc(path: Path) -> Codebook:
    """The codebook the REFI-QDA codebook file at `path` describes, or CodebookError saying
    in one line what could not be read or represented."""
    data = _read(path)
    root = _parse(data, path)
    return _Importer(path).codebook(root)


def _read(path: Path) -> bytes:
    try:
        return read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such codebook file") from None
    except FileRefused as exc:
        raise CodebookError(f"{path}: {exc}") from None
    except OSError as exc:
        raise CodebookError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _parse(data: bytes, path: Path) -> etree._Element:
    """The root of the file's XML, checked against the codebook schema."""
    from lxml import etree

    try:
        root = parse_xml(data)
    except XMLRefused as exc:
        line = f", line {exc.line}" if exc.line else ""
        raise CodebookError(f"{path}{line}: {printable(str(exc))}") from None
    _check_root(root, path)
    schema = etree.XMLSchema(etree.parse(SCHEMA))
    if not schema.validate(root):
        error = schema.error_log[0]
        message = error.message.replace(f"{{{CODEBOOK_NS}}}", "")
        raise CodebookError(
            f"{path}, line {error.line}: not a valid REFI-QDA codebook ({printable(message)})"
        )
    return root


def _check_root(root: etree._Element, path: Path) -> None:
    from lxml import etree

    name = etree.QName(root)
    if name.namespace == CODEBOOK_NS and name.localname == "CodeBook":
        return
    if name.namespace == PROJECT_NS and name.localname == "Project":
        raise CodebookError(
            f"{path}: a REFI-QDA project (project.qde), not a codebook (.qdc); export the "
            "codebook from the program that made it"
        )
    where = f"namespace {name.namespace!r}" if name.namespace else "no namespace"
    raise CodebookError(
        f"{path}: not a REFI-QDA codebook: its root is <{printable(name.localname)}> in "
        f"{printable(where)}, not <CodeBook> in {CODEBOOK_NS!r}"
    )


class _Importer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.keyed: list[dict[str, Any]] = []  # every value and typed variable, in order

    def fail(self, message: str, element: etree._Element | None = None) -> CodebookError:
        line = f", line {element.sourceline}" if element is not None else ""
        return CodebookError(f"{self.path}{line}: {message}")

    def codebook(self, root: etree._Element) -> Codebook:
        if (sets := _child(root, "Sets")) is not None:
            raise self.fail(
                f"uses sets of codes ({len(sets)}), which readertui cannot represent; export "
                "the codebook without sets",
                sets,
            )
        codes = _child(root, "Codes")
        assert codes is not None  # the schema requires it
        variables: list[dict[str, Any]] = []
        gathered: dict[str, Any] | None = None
        for code in _codes(codes):
            description, settings = self.settings(code, _VARIABLE_SETTINGS)
            typed = settings.get("type") in ("number", "text")
            if _codes(code) or typed:
                variables.append(self.variable(code, description, settings))
            elif code.get("isCodable") in ("true", "1"):
                if gathered is None:
                    gathered = {"name": GATHERED, "exclusive": False, "values": []}
                    variables.append(gathered)
                gathered["values"].append(self.value(code, _VALUE_SETTINGS))
            # else: an empty folder, nothing to code with
        if not variables:
            raise self.fail("has no code to code with (only empty folders)", codes)
        if gathered is not None:
            gathered["name"] = _free_name({v["name"] for v in variables if v is not gathered})
            self.unique(gathered["values"], f"variable {gathered['name']!r}")
        self.unique(variables, "the codebook")
        self.give_keys(variables)
        return checked({"name": self.path.stem, "variables": variables}, str(self.path), text=None)

    def settings(self, code: etree._Element, allowed: set[str]) -> tuple[str, dict[str, Any]]:
        """The code's description and readertui's settings of it (none from other programs)."""
        raw = _text(_child(code, "Description"))
        try:
            description, settings = settings_of(raw)
        except ValueError as exc:
            raise self.fail(
                f"code {_shown(code)}: its last description line starts as readertui's "
                f"settings but is not a JSON object ({exc})",
                code,
            ) from None
        if settings is None:
            return " ".join(description.split()), {}
        if extra := sorted(set(settings) - allowed):
            raise self.fail(
                f"code {_shown(code)}: readertui setting {extra[0]!r} cannot be given in a "
                f"description (only {', '.join(sorted(allowed))})",
                code,
            )
        return description, settings

    def variable(
        self, code: etree._Element, description: str, settings: dict[str, Any]
    ) -> dict[str, Any]:
        # readertui's own settings say all; another program's codes are never exclusive.
        variable: dict[str, Any] = dict(settings) if settings else {"exclusive": False}
        variable.update(self.named(code, description))
        if variable.get("type") in ("number", "text"):
            if _codes(code):
                raise self.fail(
                    f"code {_shown(code)}: a {variable['type']} variable has no values, but "
                    "this code has codes inside",
                    code,
                )
            self.keyed.append(variable)
            return variable
        variable["values"] = [self.value(child, _VALUE_SETTINGS) for child in _codes(code)]
        self.unique(_flat(variable["values"]), f"variable {variable['name']!r}")
        return variable

    def value(self, code: etree._Element, allowed: set[str]) -> dict[str, Any]:
        if code.get("isCodable") not in ("true", "1"):
            raise self.fail(
                f"code {_shown(code)} is a folder (not codable) inside another code; every "
                "readertui value can be coded, so it cannot be represented",
                code,
            )
        description, settings = self.settings(code, allowed)
        value: dict[str, Any] = {**settings, **self.named(code, description)}
        self.keyed.append(value)
        children = [self.value(child, allowed) for child in _codes(code)]
        if children:
            value["children"] = children
        return value

    def named(self, code: etree._Element, description: str) -> dict[str, Any]:
        """The name (made a word) and description of a code; the line it is on, for messages."""
        raw = code.get("name", "")
        word = _DROPPED.sub("", "-".join(raw.split()))
        if not is_name(word):
            raise self.fail(
                f"code {_shown(code)}: its name cannot be made a word of 1 to 40 characters "
                f"(it gives {printable(word)[:60]!r}); rename it",
                code,
            )
        if word != raw and not description:
            description = " ".join(raw.split())
        return {"name": word, "description": description, "_code": code}

    def unique(self, named: list[dict[str, Any]], where: str) -> None:
        """Two codes whose names became the same word would be one value: refused."""
        seen: dict[str, dict[str, Any]] = {}
        for entry in named:
            if (first := seen.setdefault(entry["name"], entry)) is not entry:
                raise self.fail(
                    f"codes {_shown(first['_code'])} (line {first['_code'].sourceline}) and "
                    f"{_shown(entry['_code'])} in {where} both become {entry['name']!r}; "
                    "rename one",
                    entry["_code"],
                )

    def give_keys(self, variables: list[dict[str, Any]]) -> None:
        taken = {k for entry in self.keyed if is_key(k := entry.get("key"))}
        taken |= {k for var in variables for k in var.get("step_keys") or () if isinstance(k, str)}
        free = [k for k in KEYS if k not in taken]
        keyless = [entry for entry in self.keyed if "key" not in entry]
        if len(keyless) > len(free):
            raise self.fail(
                f"has {len(self.keyed)} codes to code with, and readertui has {len(KEYS)} keys "
                "(digits 1-9 and the letters it does not use itself); split the codebook"
            )
        for entry, key in zip(keyless, free, strict=False):
            entry["key"] = key
        for entry in [*variables, *self.keyed]:
            entry.pop("_code", None)


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return element.find(f"{{{CODEBOOK_NS}}}{name}")


def _codes(element: etree._Element) -> list[etree._Element]:
    return element.findall(f"{{{CODEBOOK_NS}}}Code")


def _text(element: etree._Element | None) -> str:
    return (element.text or "") if element is not None else ""


def _flat(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Values and their children, depth first: a variable's value names are one set."""
    return [v for value in values for v in (value, *_flat(value.get("children", [])))]


def _shown(code: etree._Element) -> str:
    return repr(printable(code.get("name", ""))[:60])


def _free_name(taken: set[str]) -> str:
    """GATHERED, or `codes-2`, `codes-3`, ... when another variable already has that name."""
    n, candidate = 1, GATHERED
    while candidate in taken:
        n += 1
        candidate = f"{GATHERED}-{n}"
    return candidate
