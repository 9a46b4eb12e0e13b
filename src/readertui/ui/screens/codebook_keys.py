"""The reader's coding keys: one binding per codebook value."""

from __future__ import annotations

from rich.markup import escape
from textual.binding import Binding, BindingType

from readertui.codebook import Codebook
from readertui.textsafe import printable


def codebook_bindings(codebook: Codebook) -> list[BindingType]:
    """A binding per value, so the footer, the help panel and user keymaps all read the
    codebook's keys from the same declarations (`code.VARIABLE.VALUE` ids)."""
    return [
        Binding(
            value.key,
            f"code({value.key!r})",
            escape(printable(value.name)),  # help panels read descriptions as markup
            tooltip=printable(f"{variable.name}: {value.description}".rstrip(": ")),
            id=f"code.{variable.name}.{value.name}",
            show=False,  # the detail pane lists them beside their values
        )
        for variable in codebook.variables
        for value in variable.values
    ]
