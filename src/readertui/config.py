"""The user's settings: theme and key map, for everyone on this machine and for each coder.

`config.toml` in the user's config folder (platformdirs: `~/.config/readertui/` on Linux), or
the file `READERTUI_CONFIG` names:

    theme = "nord"                        # any Textual theme (ctrl+p lists them)

    [keymap]                              # binding id = keys, as the help panel lists them
    "reader.next" = "j,down"

    [coders.alice]                        # what alice prefers, over the settings above
    theme = "gruvbox"
    keymap = { "reader.note" = "m" }

Binding ids are those of readertui's keys (`reader.next`, `reader.note`, `code.stance.support`,
`app.quit`, ...); README lists them. Errors name the file and what is wrong in one line.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from readertui.codebook import Codebook
from readertui.textsafe import printable
from readertui.tomlfile import read_toml

CONFIG_ENV = "READERTUI_CONFIG"
#: A coder's name goes into file names, which have a limit (255 bytes on most file systems).
MAX_CODER = 100


class ConfigError(Exception):
    """A config file that cannot be used, worded as one line."""


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)


def default_coder() -> str:
    """Who is coding when `--coder` is not given: the login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return os.environ.get("USER") or "coder"


def checked_coder(name: str) -> str:
    """A coder's name as given (`--coder`), or ConfigError: it is written into files and shown
    on every screen, so it must be text without control characters."""
    if not name.strip():
        raise ConfigError("--coder needs a name")
    if not name.isprintable() or printable(name) != name:
        raise ConfigError(
            f"--coder {printable(name)[:60]!r}: a coder's name is one line of printable text "
            "(no tabs, line breaks, control characters or bytes that are not UTF-8)"
        )
    if len(name) > MAX_CODER:
        raise ConfigError(f"--coder: a name of at most {MAX_CODER} characters, please")
    return name


def config_path() -> Path:
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named)
    return platformdirs.user_config_path("readertui") / "config.toml"


def load_settings(coder: str, path: Path | None = None) -> Settings:
    """The settings for `coder`: the file's own, with the coder's section over them."""
    path = path or config_path()
    try:
        _, data = read_toml(path, ConfigError)
    except FileNotFoundError:
        if os.environ.get(CONFIG_ENV) == str(path):  # named on purpose: a typo, say so
            raise ConfigError(f"{path}: no such file ({CONFIG_ENV} names it)") from None
        return Settings()
    base = _section(data, str(path), top=True)
    coders = data.get("coders", {})
    if not isinstance(coders, dict):
        raise ConfigError(f"{path}: [coders] must be a table of coders")
    own = _section(coders.get(coder, {}), f"{path} [coders.{coder}]")
    return Settings(theme=own.theme or base.theme, keymap={**base.keymap, **own.keymap})


def _section(data: Any, where: str, top: bool = False) -> Settings:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a table")
    known = ("theme", "keymap", "coders") if top else ("theme", "keymap")
    unknown = sorted(set(data) - set(known))
    if unknown:  # a misspelt setting would otherwise be ignored without a word
        raise ConfigError(f"{where}: unknown setting {unknown[0]!r} ({', '.join(known)})")
    theme = data.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        raise ConfigError(f"{where}: theme must be a theme's name")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in keymap.items()
    ):
        raise ConfigError(f'{where}: keymap must map binding ids to keys ("reader.note" = "m")')
    return Settings(theme=theme, keymap=dict(keymap))


#: Reader keys a codebook written earlier may use: binding id -> (key, second key, action).
LATER_KEYS = {
    "reader.add": ("a", "+", "add an item"),
    "reader.edit": ("e", "ctrl+e", "correct an item"),
    "reader.reject": ("x", "delete", "reject an item"),
    "reader.open": ("o", "ctrl+o", "open an item's address"),
}


def keymap_clashes(keymap: dict[str, str], codebook: Codebook) -> list[str]:
    """What to tell the coder of each key the keymap gives to a reader action while the codebook
    codes with it (a value's key, a number's or a text's, an ordinal's step keys)."""
    codes = {
        key: f"codes {variable.name}={value.name}"
        for key, (variable, value) in codebook.by_key().items()
    }
    codes |= {key: f"asks for {variable.name}" for key, variable in codebook.input_keys().items()}
    codes |= {
        key: f"{'lowers' if step < 0 else 'raises'} {variable.name}"
        for key, (variable, step) in codebook.step_keys().items()
    }
    found = []
    # Keys the reader took after codebooks could use them: the codebook's key codes, the
    # reader's action has its second key.
    for binding_id, (key, other, what) in LATER_KEYS.items():
        if key in codes and binding_id not in keymap:
            found.append(
                f"{key!r} {codes[key]} in this codebook: {what} "
                f"with {other!r} (or map {binding_id} to another key)"
            )
    for binding_id, keys in keymap.items():
        if binding_id.startswith("code."):
            continue
        for key in (k.strip() for k in keys.split(",")):
            if key in codes:
                found.append(
                    f"{binding_id} is mapped to {key!r}, which {codes[key]}: change one of them"
                )
    return found
