"""Finding a record's text among an article's current items, fast: the searches `anchoring`
makes. A text is looked for only around the items still unclaimed; a record is compared word by
word with a few candidate items, picked by the rarest word pairs they share; similarity is
difflib's ratio of word sequences.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from heapq import nlargest
from typing import Literal, NamedTuple

from readertui.document import Item

#: How a record was placed (see `anchoring`).
Method = Literal["id", "position", "quote", "words", "fuzzy"]

#: Hits of one quote examined (a short quote may occur all over a long article).
MAX_HITS = 64
#: Items compared word by word with each record, picked by the rarest word pairs they share.
CANDIDATES = 8
#: A word pair found in more items than this does not help to pick candidates.
COMMON = 64
#: Words compared of a very long quote (its first and last halves).
MAX_WORDS = 400


# -- similarity -----------------------------------------------------------------------------
def quote_words(text: str) -> tuple[str, ...]:
    words = text.split()
    if len(words) > MAX_WORDS:
        words = words[: MAX_WORDS // 2] + words[-MAX_WORDS // 2 :]
    return tuple(words)


def word_similarity(a: Sequence[str], b: Sequence[str], floor: float = 0.0) -> float:
    """How alike two word sequences are (0-1), blind to spacing and line breaks; 0 when it
    cannot reach `floor` (told cheaply)."""
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0  # cheap upper bounds already too low
    return matcher.ratio()


def text_similarity(stored: str, current: str) -> float:
    """How alike two short context strings are (0-1); an empty stored context agrees."""
    if not stored:
        return 1.0
    if stored == current:
        return 1.0
    return SequenceMatcher(None, stored, current, autojunk=False).ratio()


# -- the current items ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Target:
    index: int  # in article.items
    item: Item
    start: int  # the item's anchor range
    end: int


class Candidate(NamedTuple):  # a tuple: thousands are made on every open
    score: float
    record: int
    item: int
    method: Method


class Pool:
    """The items still unclaimed, sorted by position, to find those a range lands on."""

    def __init__(self, targets: list[Target]) -> None:
        self.targets = sorted(targets, key=lambda t: (t.start, t.end))
        self.starts = [t.start for t in self.targets]
        self.longest = max((t.end - t.start for t in self.targets), default=0)

    def overlapping(self, s: int, e: int) -> Iterator[Target]:
        j = bisect_left(self.starts, e) - 1
        while j >= 0 and self.starts[j] > s - self.longest - 1:
            if self.targets[j].end > s:
                yield self.targets[j]
            j -= 1


class Haystack:
    """The text around each unclaimed item, joined, so one `str.find` searches them all.

    A hit can only land on an item (`OVERLAP`) if it lies within one anchor length of it, so
    searching these windows finds every hit a search of the whole article would place."""

    def __init__(self, source: str, targets: list[Target]) -> None:
        parts: list[str] = []
        self.offsets: list[int] = []  # where each window starts in the haystack
        self.windows: list[tuple[int, int]] = []  # and in the source
        at = 0
        for t in targets:
            length = t.end - t.start
            lo, hi = max(0, t.start - length), min(len(source), t.end + length)
            parts.append(source[lo:hi])
            self.offsets.append(at)
            self.windows.append((lo, hi))
            at += hi - lo + 1
        self.text = "\0".join(parts)
        self.targets = targets

    def find(self, needle: str) -> Iterator[tuple[int, Target]]:
        """(source offset, item) of each hit of `needle` within an item's window."""
        at, hits = self.text.find(needle), 0
        while at >= 0 and hits < MAX_HITS:
            k = bisect_right(self.offsets, at) - 1
            lo, hi = self.windows[k]
            start = lo + at - self.offsets[k]
            if start + len(needle) <= hi:
                hits += 1
                yield start, self.targets[k]
            at = self.text.find(needle, at + 1)


class WordIndex:
    """Items by the word pairs in their anchor text, to pick a few candidates per record."""

    def __init__(self, targets: list[tuple[Target, tuple[str, ...]]]) -> None:
        self.targets = targets
        self.postings: dict[tuple[str, ...], list[int]] = {}
        for k, (_, words) in enumerate(targets):
            for key in word_keys(words):
                self.postings.setdefault(key, []).append(k)

    def candidates(self, words: tuple[str, ...]) -> list[tuple[Target, tuple[str, ...]]]:
        weight: dict[int, float] = {}
        for key in word_keys(words):
            found = self.postings.get(key, ())
            if len(found) <= COMMON:
                for k in found:
                    weight[k] = weight.get(k, 0.0) + 1.0 / len(found)
        best = nlargest(CANDIDATES, weight, key=weight.__getitem__)
        return [self.targets[k] for k in best]


def word_keys(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Word pairs (a lone word for a one-word text), each counted once."""
    if len(words) == 1:
        return {words}
    return {words[i : i + 2] for i in range(len(words) - 1)}
