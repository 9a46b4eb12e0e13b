"""Where an article's prose quotes: opening and closing quotation marks paired into stretches.

Marks of one family pair up (“…”, "…", «…», „…“, ‘…’, »…«); a mark opens only where a quotation
can start (after a space, a bracket, a dash or a colon) and an apostrophe (didn't, players')
never closes one. A paragraph left open whose next paragraph reopens with the same mark goes on
there, the newspaper way. Every search moves forward only, and each closing mark is looked for
once however many marks are left open before it: linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from readertui.detect.structure import Structure

# Opening mark -> closing marks, for each family.
PAIRS = {"“": "”", '"': '"', "«": "»", "„": "“”", "‘": "’", "'": "'", "‹": "›", "»": "«"}
# Scanned for as bare marks (a pattern that starts with a character class is searched fast);
# whether one opens a quotation is then decided by the character before it.
_MARKS = re.compile(r"[“\"«„‘'‹»]")
_OPENS_AFTER = frozenset(" \t\n\u00a0([—–:")


@dataclass(slots=True)
class Segment:
    open: int  # offset of the opening mark
    start: int  # the words
    end: int
    close: int  # offset just after the closing mark
    block: int


def segments(structure: Structure) -> Iterator[Segment]:
    """Quoted stretches of prose, paragraph continuations merged."""
    text = structure.text
    blocks = structure.blocks
    marks = _NextMark(text)
    #: By opening mark: the last block through which a quotation left open found no close
    #: (a later one left open in those blocks finds none either: not searched again).
    unclosed_through: dict[str, int] = {}
    n = 0
    while n < len(blocks):
        block = blocks[n]
        # Blocks without a mark hold no quotation: go straight to the next block with one.
        next_mark = _MARKS.search(text, block.start)
        if next_mark is None:
            return
        if next_mark.start() >= block.end:
            n = max(n + 1, structure.block_index(next_mark.start()) or 0)
            continue
        if not _is_prose(structure, n):
            n += 1
            continue
        pos = block.start
        while (m := _opening(text, pos, block.start, block.end)) is not None:
            mark, opening = m
            closing = marks.closing(mark, opening + 1, block.end)
            if closing is not None:
                yield Segment(opening, opening + 1, closing, closing + 1, n)
                pos = closing + 1
                continue
            # Left open: a quotation that goes on in the next paragraph, reopened there.
            end_block = n
            close_at = None
            while (
                end_block + 1 < len(blocks)
                and _is_prose(structure, end_block + 1)
                and unclosed_through.get(mark, -1) <= end_block
            ):
                nxt = blocks[end_block + 1]
                if text[nxt.start : nxt.start + 1] != mark:
                    break
                end_block += 1
                close_at = marks.closing(mark, nxt.start + 1, nxt.end)
                if close_at is not None:
                    break
            if close_at is None:
                unclosed_through[mark] = max(end_block, unclosed_through.get(mark, -1))
                pos = opening + 1  # an unpaired mark: skip it
                continue
            yield Segment(opening, opening + 1, close_at, close_at + 1, n)
            n = end_block
            block = blocks[n]
            pos = close_at + 1
        n += 1


def _opening(text: str, pos: int, block_start: int, end: int) -> tuple[str, int] | None:
    """The next opening quotation mark in text[pos:end]: (mark, offset)."""
    while (m := _MARKS.search(text, pos, end)) is not None:
        at = m.start()
        mark = m.group()
        nxt = text[at + 1 : at + 2]
        if mark == "»":  # German order: »quoted«
            if nxt.strip():
                return mark, at
        elif (at == block_start or text[at - 1] in _OPENS_AFTER) and (
            nxt.strip() or mark in "«‹"  # French sets its guillemets apart: « Nous … »
        ):
            return mark, at
        pos = at + 1
    return None


def _is_prose(structure: Structure, index: int) -> bool:
    block = structure.blocks[index]
    return block.kind in ("paragraph", "list_item") and block.container is None


class _NextMark:
    """Where quotations close, remembered while the searches move forward: a mark left open
    would otherwise search its paragraph to the end again for every mark after it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[str, tuple[int, int, int]] = {}  # char -> (from, end, found or -1)
        #: (mark, end) -> (from, closing): the closing found searching from `from`, which is
        #: the closing from any later start before it too (None: from any later start).
        self._closing: dict[tuple[str, int], tuple[int, int | None]] = {}

    def closing(self, mark: str, start: int, end: int) -> int | None:
        """The closing mark of a quotation opened with `mark`, in text[start:end]."""
        cached = self._closing.get((mark, end))
        if cached is not None:
            since, found = cached
            if since <= start and (found is None or start < found):
                return found
        found = _find_closing(self.text, mark, start, end, self)
        self._closing[(mark, end)] = (start, found)
        return found

    def find(self, char: str, pos: int, end: int) -> int:
        """The next `char` in text[pos:end], or -1."""
        cached = self._found.get(char)
        if cached is not None:
            start, limit, found = cached
            if limit == end and start <= pos and (found < 0 or pos <= found):
                return found
        found = self.text.find(char, pos, end)
        self._found[char] = (pos, end, found)
        return found


def _find_closing(text: str, mark: str, start: int, end: int, marks: _NextMark) -> int | None:
    closers = PAIRS[mark]
    pos = start
    while pos < end:
        found = min((i for c in closers if (i := marks.find(c, pos, end)) >= 0), default=-1)
        if found < 0:
            return None
        before = text[found - 1] if found > start else " "
        after = text[found + 1] if found + 1 < len(text) else " "
        if mark in "'‘" and (after.isalnum() or not before.strip()):
            pos = found + 1  # an apostrophe (didn't, players' union), not a closing quote
            continue
        if mark == '"' and not before.strip():
            pos = found + 1  # a straight quote that opens rather than closes
            continue
        return found
    return None
