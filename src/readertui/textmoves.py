"""Moving a cursor through text by words and paragraphs, as vim's `w`, `b`, `}` and `{` do.

Offsets are into the article's display text; each move looks only as far as the next word or
paragraph, so a move costs the same in a short article and a 5 MB one.
"""

from __future__ import annotations

import re

_WORD_START = re.compile(r"(?<!\S)\S|(?<=\W)\w|(?<=\w)[^\w\s]")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
#: Characters a word move looks through at most (a line of 100,000 spaces).
_REACH = 4096


def next_word(text: str, pos: int) -> int:
    """The start of the next word after `pos` (the end of the text if there is none)."""
    end = min(len(text), pos + _REACH)
    found = _WORD_START.search(text, pos + 1, end)
    return found.start() if found else end


def previous_word(text: str, pos: int) -> int:
    """The start of the word before `pos` (or of the one `pos` is inside)."""
    start = max(0, pos - _REACH)
    last = start
    for found in _WORD_START.finditer(text, start, pos):
        last = found.start()
    return last


def word_end(text: str, pos: int) -> int:
    """The end of the word at or after `pos` (just after its last character)."""
    end = min(len(text), pos + _REACH)
    while pos < end and text[pos].isspace():
        pos += 1
    while pos < end and not text[pos].isspace():
        pos += 1
    return pos


def next_paragraph(text: str, pos: int) -> int:
    """The start of the next paragraph (after the next blank line), or the end of the text."""
    found = _PARAGRAPH.search(text, pos)
    return found.end() if found else len(text)


def previous_paragraph(text: str, pos: int) -> int:
    """The start of this paragraph, or of the one before when `pos` is at its start."""
    at = max(0, pos - 1)
    while at > 0:
        gap = text.rfind("\n\n", 0, at)
        if gap < 0:
            return 0
        start = gap + 2
        if start < pos:
            return start
        at = gap
    return 0


def move_start(text: str, start: int, step: int) -> int:
    """An item's start a word later (`step` 1) or earlier (-1)."""
    return next_word(text, start) if step > 0 else previous_word(text, start)


def move_end(text: str, end: int, step: int) -> int:
    """An item's end (just after its last character) a word later (1) or earlier (-1)."""
    if step > 0:
        return word_end(text, end)
    last = previous_word(text, max(0, end - 1))  # the start of its last word
    return len(text[:last].rstrip()) if last > 0 else end
