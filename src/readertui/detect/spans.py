"""A set of text ranges asked, many times over, whether a range overlaps any of them.

Asking each of n ranges against a list of n is quadratic: 20,000 posts on their own lines
took 15 s. Kept merged and sorted, a question is a binary search.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class Spans:
    """Half-open ranges [start, end); overlapping ones are merged as they are added."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        for start, end in merged:
            self._starts.append(start)
            self._ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a position with a range of the set (an empty range:
        whether it lies strictly inside one)."""
        n = bisect_left(self._starts, end)  # the ranges that start before `end`
        return n > 0 and self._ends[n - 1] > start and (start < end or self._starts[n - 1] < start)

    def add(self, start: int, end: int) -> None:
        """Add a range that overlaps none of the set (callers ask first)."""
        if end <= start:
            return  # overlaps nothing, and kept it would unsort the ends
        n = bisect_left(self._starts, start)
        self._starts.insert(n, start)
        self._ends.insert(n, end)

    def include(self, start: int, end: int) -> None:
        """Add [start, end), merged with the ranges it overlaps or touches."""
        i = bisect_left(self._ends, start)
        j = bisect_right(self._starts, end)
        if i < j:
            start, end = min(start, self._starts[i]), max(end, self._ends[j - 1])
        self._starts[i:j] = [start]
        self._ends[i:j] = [end]

    def gaps(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of [start, end) that no range of the set covers."""
        found = []
        i = bisect_right(self._ends, start)
        while i < len(self._starts) and self._starts[i] < end:
            if self._starts[i] > start:
                found.append((start, self._starts[i]))
            start = max(start, self._ends[i])
            i += 1
        if start < end:
            found.append((start, end))
        return found
