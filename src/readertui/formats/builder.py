"""Accumulates display text, its source map, blocks, containers, links and styles.

Renderers (Markdown, HTML, plain text) call this instead of concatenating strings, so that every
character they show keeps a way back to the source. Block separators are written lazily, when a
block receives its first character, so blocks that turn out empty leave no trace.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from readertui.document import Block, Container, Link, Rendered, SourceMap, Style
from readertui.platforms import parse_post_url


# Blocks, styles and links are frozen dataclasses, whose `__init__` assigns each field through
# `object.__setattr__`; a 5 MB article makes some 40,000 of them, so they are built here by
# setting their slots directly (two to three times faster). The fields are checked at import.
def _setters(cls: type, names: str) -> list[Callable[[object, object], None]]:
    assert [f.name for f in fields(cls)] == names.split(), cls
    assert not hasattr(cls, "__post_init__"), cls
    return [getattr(cls, name).__set__ for name in names.split()]


_new = object.__new__
_B = _setters(Block, "kind start end level quote_depth container gap_before")
_S = _setters(Style, "start end name")
_L = _setters(Link, "start end href")


def _make_block(
    kind: str, start: int, end: int, level: int, quote: int, container: int | None, gap: int
) -> Block:
    block = _new(Block)
    _B[0](block, kind)
    _B[1](block, start)
    _B[2](block, end)
    _B[3](block, level)
    _B[4](block, quote)
    _B[5](block, container)
    _B[6](block, gap)
    return block


def _make_style(start: int, end: int, name: str) -> Style:
    style = _new(Style)
    _S[0](style, start)
    _S[1](style, end)
    _S[2](style, name)
    return style


def _make_link(start: int, end: int, href: str) -> Link:
    link = _new(Link)
    _L[0](link, start)
    _L[1](link, end)
    _L[2](link, href)
    return link


@dataclass(slots=True)
class _OpenBlock:
    kind: str
    level: int
    gap: int
    start: int | None = None  # display offset of its first character, once it has one
    prefix: str = ""


@dataclass(slots=True)
class _OpenContainer:
    kind: str
    attrs: Mapping[str, str]
    source_start: int
    parent: int | None
    start: int | None = None
    end: int = 0
    source_end: int = 0
    closed: bool = False


class DisplayBuilder:
    """Writes display text block by block, recording where each character came from."""

    def __init__(self) -> None:
        self.boilerplate: list[tuple[int, int]] = []
        self.articles: list[tuple[int, int]] = []
        self._parts: list[str] = []
        self.length = 0
        self.srcmap = SourceMap()
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.styles: list[Style] = []
        self.warnings: list[str] = []
        self._containers: list[_OpenContainer] = []
        self._stack: list[int] = []  # open containers, innermost last
        self._quotes = 0  # blockquotes among the open containers
        self._unstarted: list[int] = []  # open containers that have no text yet
        self._block: _OpenBlock | None = None
        self._last = "\n"  # last character written
        self._pending_space: tuple[int, int] | None = None  # collapsed whitespace not yet shown
        self._links: list[tuple[int, str]] = []
        self._styles: list[tuple[int, str]] = []
        self._openers: list[int] = []  # opening markup waiting for the text it opens

    # -- blocks ---------------------------------------------------------------------------
    def open_block(self, kind: str, level: int = 0, gap: int = 1, prefix: str = "") -> None:
        """Start a block; the previous one, if still open, is closed first."""
        self.close_block()
        self._block = _OpenBlock(kind, level, gap, prefix=prefix)

    def close_block(self) -> None:
        block = self._block
        self._block = None
        self._pending_space = None
        self._openers.clear()
        if block is None or block.start is None:
            return
        quote_depth = self._quotes
        self.blocks.append(
            _make_block(
                block.kind,
                block.start,
                self.length,
                block.level,
                quote_depth,
                self._stack[-1] if self._stack else None,
                block.gap,
            )
        )

    def _begin_text(self) -> None:
        """Called before the first character of a block: write the separator and any prefix."""
        block = self._block
        if block is None:
            self._block = block = _OpenBlock("paragraph", 0, 1)
        if block.start is not None:
            return
        if self.length:
            tight = (
                block.kind in ("list_item", "table_row")
                and self.blocks
                and (self.blocks[-1].kind == block.kind)
            )
            self._write("\n" if tight else "\n\n")
        if block.prefix:
            self._write(block.prefix)
        block.start = self.length
        for i in self._unstarted:
            self._containers[i].start = block.start
        self._unstarted.clear()

    # -- text -----------------------------------------------------------------------------
    def _write(self, s: str) -> None:
        self._parts.append(s)
        self.length += len(s)
        self._last = s[-1]

    def _flush_space(self) -> None:
        if self._pending_space is not None:
            s0, s1 = self._pending_space
            self._pending_space = None
            self.srcmap.add(self.length, s0, 1, s1 - s0)
            self._write(" ")

    def _place_openers(self) -> None:
        for source in self._openers:
            self.srcmap.add_opener(self.length, source)
        self._openers.clear()

    def opener(self, src: int) -> None:
        """Markup at `src` (`[`, `**`) opens a construct around the text that comes next."""
        self._openers.append(src)

    def closer(self, src_end: int) -> None:
        """Markup ending at `src_end` (`](url)`, `**`) closes the text written so far."""
        if self._block is None or self._block.start is None:
            return  # it closes nothing shown (`**<b></b>**`): the text before is another block's
        self.srcmap.add_closer(self.length, src_end)

    def text(self, s: str, src: int) -> None:
        """Show `s`, which stands verbatim at source offset `src`."""
        if not s:
            return
        block = self._block
        if block is None or block.start is None:
            self._begin_text()
        if self._pending_space is not None:
            self._flush_space()
        if self._openers:
            self._place_openers()
        n = len(s)
        self.srcmap.add(self.length, src, n, n)
        self._parts.append(s)
        self.length += n
        self._last = s[-1]

    def mapped(self, s: str, src_start: int, src_end: int) -> None:
        """Show `s` in place of source range [src_start, src_end) (an entity, an escape)."""
        if not s:
            return
        self._begin_text()
        self._flush_space()
        self._place_openers()
        self.srcmap.add(self.length, src_start, len(s), src_end - src_start)
        self._write(s)

    def synthetic(self, s: str) -> None:
        """Show `s`, which has no source of its own (a separator added by rendering)."""
        if not s:
            return
        self._begin_text()
        self._flush_space()
        self._write(s)

    def space(self, src_start: int, src_end: int) -> None:
        """Whitespace that collapses to one space, shown only between words of a block."""
        if self._block is None or self._block.start is None:
            return
        if self._last in " \n" or self._pending_space is not None:
            return
        self._pending_space = (src_start, src_end)

    def newline(self, src_start: int, src_end: int) -> None:
        """A line break inside a block (`<br>`, a Markdown hard break)."""
        self._pending_space = None
        self.mapped("\n", src_start, src_end)

    # -- containers, links, styles ----------------------------------------------------------
    def open_container(self, kind: str, attrs: Mapping[str, str], source_start: int) -> int:
        self.close_block()
        parent = self._stack[-1] if self._stack else None
        self._containers.append(_OpenContainer(kind, dict(attrs), source_start, parent))
        index = len(self._containers) - 1
        self._stack.append(index)
        self._unstarted.append(index)
        self._quotes += kind == "blockquote"
        return index

    def empty_container(self) -> Mapping[str, str] | None:
        """The innermost open container's attributes if it shows nothing yet, else None."""
        if self._stack and self._unstarted and self._unstarted[-1] == self._stack[-1]:
            return self._containers[self._stack[-1]].attrs
        return None

    def close_container(self, source_end: int) -> None:
        if not self._stack:
            return
        self.close_block()
        index = self._stack.pop()
        if self._unstarted and self._unstarted[-1] == index:
            self._unstarted.pop()
        container = self._containers[index]
        self._quotes -= container.kind == "blockquote"
        container.end = self.length
        container.source_end = max(source_end, container.source_start)
        container.closed = True

    @property
    def container_depth(self) -> int:
        return len(self._stack)

    def open_link(self, href: str) -> None:
        self._links.append((self.length, href))

    def _drop_stale_opener(self) -> None:
        """A construct closing with no text in it (`![](img)`) leaves no opener behind."""
        if self._openers:
            self._openers.pop()

    def close_link(self) -> None:
        self._drop_stale_opener()
        if self._links:
            start, href = self._links.pop()
            start = max(start, self._block_start_or(start))
            if self.length > start:
                self.links.append(_make_link(start, self.length, href))
                self.styles.append(_make_style(start, self.length, "link"))
            elif parse_post_url(href) is not None:
                # A link with no text still names a post (an embed left only its link).
                self.links.append(_make_link(start, start, href))

    def open_style(self, name: str) -> None:
        self._styles.append((self.length, name))

    def close_style(self, name: str) -> None:
        self._drop_stale_opener()
        for i in range(len(self._styles) - 1, -1, -1):
            if self._styles[i][1] == name:
                start, _ = self._styles.pop(i)
                start = max(start, self._block_start_or(start))
                if self.length > start:
                    self.styles.append(_make_style(start, self.length, name))
                return

    def _block_start_or(self, default: int) -> int:
        block = self._block
        return block.start if block is not None and block.start is not None else default

    # -- result ---------------------------------------------------------------------------
    def finish(self, source_end: int) -> Rendered:
        self.close_block()
        while self._stack:
            self.close_container(source_end)
        containers = [
            Container(
                kind=c.kind,
                start=c.start if c.start is not None else c.end,
                end=c.end,
                source_start=c.source_start,
                source_end=c.source_end,
                attrs=c.attrs,
                parent=c.parent,
            )
            for c in self._containers
        ]
        self.styles.sort(key=lambda s: (s.start, -s.end))
        self.links.sort(key=lambda link: link.start)
        return Rendered(
            display="".join(self._parts),
            srcmap=self.srcmap,
            blocks=self.blocks,
            containers=containers,
            links=self.links,
            styles=self.styles,
            warnings=self.warnings,
            boilerplate=sorted(self.boilerplate),
            articles=sorted(self.articles),
        )
