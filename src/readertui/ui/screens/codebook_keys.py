"""The reader's coding keys: one binding per codebook value, typed variable and ordinal step."""

from __future__ import annotations

import unicodedata

from rich.markup import escape
from textual.binding import Binding, BindingType
from textual.keys import KEY_NAME_REPLACEMENTS

from readertui.codebook import Codebook
from readertui.textsafe import printable


def key_name(character: str) -> str:
    """The name Textual gives the key that types `character` (`<` is `less_than_sign`, `-` is
    `minus`: its Unicode name, shortened where Textual shortens it)."""
    if character.isalnum():
        return character
    name = unicodedata.name(character, character).lower().replace(" ", "_").replace("-", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


def codebook_bindings(codebook: Codebook) -> list[BindingType]:
    """A binding per key, so the footer, the help panel and user keymaps all read the
    codebook's keys from the same declarations (`code.VARIABLE.VALUE`, `code.VARIABLE`,
    `code.VARIABLE.lower` / `.raise` ids)."""
    bindings: list[BindingType] = []
    for variable in codebook.variables:
        about = printable(f"{variable.name}: {variable.description}".rstrip(": "))
        for value in variable.values:
            bindings.append(
                Binding(
                    value.key,
                    f"code({value.key!r})",
                    escape(printable(value.name)),  # help panels read descriptions as markup
                    tooltip=printable(f"{variable.name}: {value.description}".rstrip(": ")),
                    id=f"code.{variable.name}.{value.name}",
                    show=False,  # the detail pane lists them beside their values
                )
            )
        if variable.key is not None:
            bindings.append(
                Binding(
                    variable.key,
                    f"ask({variable.name!r})",
                    "type in",
                    tooltip=about,
                    id=f"code.{variable.name}",
                    show=False,
                )
            )
        if variable.step_keys is not None:
            for character, step in zip(variable.step_keys, ("lower", "raise"), strict=True):
                bindings.append(
                    Binding(
                        key_name(character),
                        f"step({character!r})",
                        step,
                        key_display=character,
                        tooltip=about,
                        id=f"code.{variable.name}.{step}",
                        show=False,
                    )
                )
    return bindings
