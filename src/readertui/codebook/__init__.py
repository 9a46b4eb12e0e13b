"""The codebook: the variables a coder assigns to items (and to the article), their values and
their keys.

A codebook file is TOML (read with the standard library's `tomllib`, checked in `checking`):

    name = "Stance"

    [[variables]]
    name = "stance"
    type = "nominal"            # nominal (the default), ordinal, number or text
    exclusive = true            # nominal: one value at a time; false allows several
    applies_to = "posts"        # posts, quotations, spans, article, or any (every item)
    description = "The post's stance toward the article's subject"
    values = [
      { key = "1", name = "support", description = "Supports it" },
      { key = "2", name = "oppose",  description = "Opposes it",
        children = [ { key = "3", name = "mocks" } ] },     # a kind of `oppose`
    ]

An ordinal variable's values are in order, lowest first; `step_keys = ["<", ">"]` lower and
raise it. A number or text variable has a `key` that asks for it, a number optional `min` and
`max`. Keys are single letters (of any alphabet) or digits 1-9 (step keys: any character),
unique across the codebook and distinct from the reader's own keys.

A REFI-QDA codebook (`.qdc`, from ATLAS.ti, MAXQDA, NVivo or QualCoder) is imported by `qdc`;
`refi` writes a codebook in REFI-QDA's terms.
"""

from __future__ import annotations

from pathlib import Path

from readertui.codebook.checking import load
from readertui.codebook.model import (
    DEFAULT,
    ITEMS,
    MAX_TEXT,
    RESERVED_KEYS,
    TARGET_OF_KIND,
    TARGETS,
    TYPES,
    Codebook,
    CodebookError,
    Value,
    Variable,
    plain_number,
)

__all__ = [
    "DEFAULT",
    "ITEMS",
    "MAX_TEXT",
    "RESERVED_KEYS",
    "TARGETS",
    "TARGET_OF_KIND",
    "TYPES",
    "Codebook",
    "CodebookError",
    "Value",
    "Variable",
    "load_codebook",
    "plain_number",
]


def load_codebook(path: Path | str) -> Codebook:
    """Read a codebook file (TOML, or a REFI-QDA `.qdc`), or raise CodebookError saying what
    is wrong and where."""
    path = Path(path)
    if path.suffix.lower() == ".qdc":
        from readertui.codebook.qdc import load_qdc  # lxml is loaded only for such a file

        return load_qdc(path)
    return load(path)
