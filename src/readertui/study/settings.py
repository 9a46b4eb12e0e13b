"""The study file: `readertui.toml` at the top of a corpus folder, what every article below it
is coded with and by whom, set up once rather than on every command line:

    name = "Harbor coverage, spring 2025"
    codebook = "codebook.toml"      # a path from this file (.toml or .qdc); or a [codebook] table
    coders = ["ana", "ben"]         # who codes (optional: anyone); the adjudicator is added
    gold = "gold"                   # the adjudicator's name: their codes are the gold standard
    blind = true                    # coders see nothing of each other's codes until it is false

Found by looking up from the article (or folder) opened. A mistake is one line naming the file
and the line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readertui.codebook import Codebook, CodebookError, load_codebook
from readertui.codebook.checking import checked
from readertui.config import ConfigError, checked_coder
from readertui.tomlfile import read_toml

STUDY_FILE = "readertui.toml"
#: Folders looked through upwards for a study file (a corpus is never nested deeper).
MAX_LEVELS = 40
_SETTINGS = ("name", "codebook", "coders", "gold", "blind")
#: The adjudicator's name when no study file names one.
GOLD = "gold"


class StudyError(Exception):
    """A study file that cannot be used, worded as one line naming the file and line."""


@dataclass(frozen=True, slots=True)
class StudySettings:
    path: Path
    name: str = ""
    codebook: Codebook | None = None
    coders: tuple[str, ...] = ()  # empty: anyone may code
    gold: str = GOLD
    blind: bool = False

    @property
    def folder(self) -> Path:
        return self.path.parent

    def check_coder(self, coder: str) -> None:
        """StudyError unless `coder` codes in this study (or adjudicates it)."""
        if self.coders and coder not in self.coders and coder != self.gold:
            raise StudyError(
                f"{self.path}: {coder!r} is not one of this study's coders "
                f"({', '.join(self.coders)}; adjudicator {self.gold}); use --coder NAME"
            )

    def blind_for(self, coder: str) -> bool:
        """Whether `coder` codes blind: everyone but the adjudicator, while the study says so."""
        return self.blind and coder != self.gold


def find_study(start: Path) -> StudySettings | None:
    """The study file of the article or folder `start`: the nearest `readertui.toml` in its
    folder or above. StudyError if it cannot be used."""
    folder = start if start.is_dir() else start.parent
    folder = folder.absolute()
    for candidate in [folder, *folder.parents][:MAX_LEVELS]:
        path = candidate / STUDY_FILE
        if path.exists() or path.is_symlink():
            return load_study(path)
    return None


def load_study(path: Path) -> StudySettings:
    try:
        text, data = read_toml(path, StudyError)
    except FileNotFoundError:
        raise StudyError(f"{path}: no such study file") from None
    return _checked(path, text, data)


def _checked(path: Path, text: str, data: Mapping[str, Any]) -> StudySettings:
    def fail(message: str, setting: str | None = None) -> StudyError:
        line = _line_of(text, setting) if setting else None
        return StudyError(f"{path}{f', line {line}' if line else ''}: {message}")

    unknown = sorted(set(data) - set(_SETTINGS))
    if unknown:  # a misspelt setting would otherwise be ignored without a word
        raise fail(f"unknown setting {unknown[0]!r} (expected {', '.join(_SETTINGS)})", unknown[0])
    name = data.get("name", "")
    if not isinstance(name, str) or not name.isprintable():
        raise fail("name must be one line of text", "name")
    blind = data.get("blind", False)
    if not isinstance(blind, bool):
        raise fail("blind must be true or false", "blind")
    gold = _coder(data.get("gold", GOLD), fail, "gold")
    coders = data.get("coders", [])
    if not isinstance(coders, list):
        raise fail('coders must be a list of names (["ana", "ben"])', "coders")
    names = tuple(_coder(c, fail, "coders") for c in coders)
    if gold in names:
        raise fail(f"{gold!r} is the adjudicator (gold): not also one of the coders", "gold")
    return StudySettings(
        path,
        name,
        _codebook(path, text, data.get("codebook"), fail),
        names,
        gold,
        blind,
    )


def _coder(value: object, fail: Any, setting: str) -> str:
    if not isinstance(value, str):
        raise fail(f"{setting}: a coder's name is text", setting)
    try:
        return checked_coder(value)
    except ConfigError as exc:
        raise fail(f"{setting}: {str(exc).removeprefix('--coder').strip(' :')}", setting) from None


def _codebook(path: Path, text: str, value: object, fail: Any) -> Codebook | None:
    if value is None:
        return None
    if isinstance(value, dict):  # inline: [codebook] name = ..., [[codebook.variables]]
        try:
            return checked(value, str(path), text)
        except CodebookError as exc:
            raise StudyError(str(exc)) from None
    if not isinstance(value, str) or not value.strip():
        raise fail('codebook must be a file ("codebook.toml") or a [codebook] table', "codebook")
    try:
        return load_codebook(path.parent / value)
    except CodebookError as exc:
        raise StudyError(f"{path}: codebook: {exc}") from None


def _line_of(text: str, setting: str) -> int | None:
    found = re.search(rf"^\s*\[?\s*{re.escape(setting)}\s*[=\]]", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None
