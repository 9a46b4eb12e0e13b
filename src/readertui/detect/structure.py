"""Fast questions about a rendered text's structure: which block or container holds an offset."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter

from readertui.document import Block, Container, Link, Rendered
from readertui.platforms import platform_of_classes


class Structure:
    def __init__(self, doc: Rendered) -> None:
        self.doc = doc
        self.text = doc.display
        self.blocks = doc.blocks
        self.containers = doc.containers
        self._block_starts = [b.start for b in doc.blocks]
        self._link_starts = [link.start for link in doc.links]
        gaps = Counter(b.gap_before for b in doc.blocks[1:] if b.container is None)
        #: Blank lines that usually separate the article's paragraphs.
        self.typical_gap = max(1, gaps.most_common(1)[0][0]) if gaps else 1

    def block_index(self, offset: int) -> int | None:
        """The block holding display offset `offset`, or the last one before it."""
        i = bisect_right(self._block_starts, offset) - 1
        return i if i >= 0 else None

    def blocks_between(self, start: int, end: int) -> list[Block]:
        """The non-empty blocks lying wholly inside display range [start, end]."""
        lo = bisect_left(self._block_starts, start)
        hi = bisect_right(self._block_starts, end)
        return [b for b in self.blocks[lo:hi] if b.end <= end and b.end > b.start]

    def links_between(self, start: int, end: int) -> list[Link]:
        """The links starting inside display range [start, end]."""
        lo = bisect_left(self._link_starts, start)
        hi = bisect_right(self._link_starts, end)
        return list(self.doc.links[lo:hi])

    def block_at(self, offset: int) -> Block | None:
        i = self.block_index(offset)
        return self.blocks[i] if i is not None else None

    def container_at(self, offset: int) -> int | None:
        """The innermost container whose display range holds `offset`."""
        block = self.block_at(offset)
        index = block.container if block is not None and offset < block.end + 1 else None
        while index is not None:
            c = self.containers[index]
            if c.start <= offset <= c.end:
                return index
            index = c.parent
        return None

    def ancestors(self, index: int | None) -> list[int]:
        chain = []
        while index is not None:
            chain.append(index)
            index = self.containers[index].parent
        return chain

    def embed_platform(self, index: int | None) -> str | None:
        """The platform of the nearest container with an embed class (self or ancestor)."""
        for i in self.ancestors(index):
            platform = platform_of_classes(self.containers[i].attrs.get("class", ""))
            if platform:
                return platform
        return None

    def in_code(self, offset: int) -> bool:
        block = self.block_at(offset)
        return block is not None and block.kind == "code" and block.start <= offset < block.end

    def container(self, index: int) -> Container:
        return self.containers[index]
