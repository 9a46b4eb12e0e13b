"""Plain-text articles: shown exactly as written, never interpreted as Markdown or markup.

The display text is the source itself (less a byte-order mark), so the source map is one
segment. Blocks are the paragraphs between blank lines, each remembering how many blank lines
preceded it: scrapers often mark line breaks inside an embedded post with longer gaps.
"""

from __future__ import annotations

import re

from readertui.document import Block, Rendered, SourceMap

_BLANK_RUN = re.compile(r"\n(?:[ \t\f\v]*\n)+")


def render_text(source: str) -> Rendered:
    offset = 1 if source.startswith("\ufeff") else 0
    display = source[offset:]
    srcmap = SourceMap()
    srcmap.add(0, offset, len(display), len(display))
    blocks: list[Block] = []
    pos = 0
    gap = 0
    for match in _BLANK_RUN.finditer(display):
        _add_paragraph(blocks, display, pos, match.start(), gap)
        gap = match.group().count("\n") - 1
        pos = match.end()
    _add_paragraph(blocks, display, pos, len(display), gap)
    return Rendered(display, srcmap, blocks, [], [], [])


def _add_paragraph(blocks: list[Block], text: str, start: int, end: int, gap: int) -> None:
    while start < end and text[start] in " \t\n":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    if end > start:
        blocks.append(Block("paragraph", start, end, gap_before=gap if blocks else 0))
