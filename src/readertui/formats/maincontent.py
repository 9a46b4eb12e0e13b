"""A saved web page's main content: the article, without navigation, ads and comments.

Choosing what is the article is what trafilatura, the field's standard extractor, does well;
but it returns text, and readertui must keep the source offset of every character it shows.
So the page is rendered whole by readertui's own renderer, trafilatura's text decides which of
the rendered blocks are the article, and the document is reduced to those blocks, offsets
intact. Embeds and their posts are kept wherever they sit in the article (extractors tend to
drop them), and page furniture (nav, site header and footer, sidebars, comments) never.
When trafilatura finds nothing, the page is reduced to what is not furniture.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace

from readertui.document import Block, Container, Link, SourceMap, Style
from readertui.formats.builder import Rendered
from readertui.platforms import parse_post_url, platform_of_classes

_WORD = re.compile(r"\w+")
_PAGE = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
#: Blocks with fewer words than this match the extracted text by accident too easily.
ANCHOR_WORDS = 8


def is_full_page(source: str) -> bool:
    return _PAGE.search(source, 0, 65536) is not None


def main_content(source: str, doc: Rendered) -> Rendered:
    """The page reduced to its article (or unchanged, for a fragment)."""
    if not is_full_page(source) or not doc.blocks:
        return doc
    extracted = _extract(source)
    furniture = _furniture_flags(doc)
    if extracted is None:
        keep = [not f for f in furniture]
        doc.warnings.append("the page's main content could not be found; showing all of it")
    else:
        keep = _choose(doc, extracted, furniture)
    if all(keep):
        return doc
    return keep_blocks(doc, keep)


def _extract(source: str) -> tuple[str, str] | None:
    """trafilatura's reading of the page: (normalised main text, normalised title)."""
    try:
        import trafilatura  # imported only for web pages: it costs a tenth of a second
    except ImportError:
        return None
    try:
        # Its default balance: favouring recall lets site footers back in (measured on real
        # pages); embeds, which extractors drop, are kept separately anyway.
        result = trafilatura.bare_extraction(source, include_comments=False, include_tables=True)
    except Exception:
        return None
    if result is None:
        return None
    text = getattr(result, "text", None) if not isinstance(result, dict) else result.get("text")
    title = getattr(result, "title", None) if not isinstance(result, dict) else result.get("title")
    if not text or len(text) < 80:
        return None
    return _norm(text), _norm(title or "")


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _furniture_flags(doc: Rendered) -> list[bool]:
    """For each block, whether it lies in page furniture (by its source position)."""
    regions = doc.boilerplate
    if not regions:
        return [False] * len(doc.blocks)
    # Furniture elements nest: merge them into disjoint ranges, then look each block up.
    merged: list[list[int]] = []
    for start, end in regions:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [r[0] for r in merged]
    flags = []
    for block in doc.blocks:
        src = doc.srcmap.to_source(block.start)
        i = bisect_right(starts, src) - 1
        flags.append(i >= 0 and src < merged[i][1])
    return flags


def _choose(doc: Rendered, extracted: tuple[str, str], furniture: Sequence[bool]) -> list[bool]:
    text, title = extracted
    display = doc.display
    norms = [_norm(display[b.start : b.end]) for b in doc.blocks]
    padded = f" {text} "
    # Whole words only: a block "1" must not match inside "2013".
    in_text = [bool(n) and f" {n} " in padded for n in norms]
    anchors = [
        i
        for i, n in enumerate(norms)
        if in_text[i] and not furniture[i] and n.count(" ") + 1 >= ANCHOR_WORDS
    ]
    if not anchors:
        return [not f for f in furniture]
    first, last = anchors[0], anchors[-1]
    embedded = _embed_blocks(doc)
    keep = []
    for i in range(len(doc.blocks)):
        if furniture[i]:
            keep.append(False)
        elif i in embedded:
            keep.append(True)  # embeds are posts, whatever an extractor thinks of them
        elif first <= i <= last:
            keep.append(in_text[i])
        else:
            keep.append(False)
    # The article's title: just before its text, left out of the extracted text. It is the
    # heading trafilatura names as the title, or else the page's first top-level heading.
    headings = [i for i in range(first) if doc.blocks[i].kind == "heading" and not furniture[i]]
    named = [i for i in headings if title and norms[i] == title]
    top = [i for i in headings if doc.blocks[i].level == 1]
    for i in (named or top)[:1]:
        keep[i] = True
    return keep


def _embed_blocks(doc: Rendered) -> set[int]:
    """Blocks inside an official embed (a container with an embed class or a post URL)."""
    embeds = set()
    for i, c in enumerate(doc.containers):
        attrs = c.attrs
        url = attrs.get("cite") or attrs.get("src") or attrs.get("data-href") or ""
        if platform_of_classes(attrs.get("class", "")) or (url and parse_post_url(url)):
            embeds.add(i)
    found = set()
    for n, block in enumerate(doc.blocks):
        index = block.container
        while index is not None:
            if index in embeds:
                found.add(n)
                break
            index = doc.containers[index].parent
    return found


def keep_blocks(doc: Rendered, keep: Sequence[bool]) -> Rendered:
    """The document with only the blocks marked to keep, every offset still pointing home."""
    parts: list[str] = []
    length = 0
    srcmap = SourceMap()
    kept: list[Block] = []
    moves: list[tuple[int, int, int]] = []  # (old start, old end, new start) of kept blocks
    for block, wanted in zip(doc.blocks, keep, strict=True):
        if not wanted:
            continue
        if parts:
            tight = block.kind in ("list_item", "table_row") and kept[-1].kind == block.kind
            sep = "\n" if tight else "\n\n"
            parts.append(sep)
            length += len(sep)
        delta = length - block.start
        for ds, ss, dl, sl in doc.srcmap.segments(block.start, block.end):
            srcmap.add(ds + delta, ss, dl, sl)
        parts.append(doc.display[block.start : block.end])
        moves.append((block.start, block.end, length))
        kept.append(replace(block, start=block.start + delta, end=block.end + delta))
        length += block.end - block.start
    old_starts = [m[0] for m in moves]

    def moved(offset: int) -> int | None:
        """Where an old display offset is now, if its block was kept."""
        i = bisect_right(old_starts, offset) - 1
        if i < 0 or offset > moves[i][1]:
            return None
        return offset - moves[i][0] + moves[i][2]

    for opens, d, src in doc.srcmap.markup():
        new = moved(d)
        if new is not None:
            (srcmap.add_opener if opens else srcmap.add_closer)(new, src)
    containers, renumber = _kept_containers(doc, kept, moved)
    blocks = [
        replace(b, container=None if b.container is None else renumber.get(b.container))
        for b in kept
    ]
    links = [
        Link(a, b, link.href)
        for link in doc.links
        if (a := moved(link.start)) is not None and (b := moved(link.end)) is not None and b > a
    ]
    styles = [
        Style(a, b, style.name)
        for style in doc.styles
        if (a := moved(style.start)) is not None and (b := moved(style.end)) is not None and b > a
    ]
    return Rendered(
        "".join(parts), srcmap, blocks, containers, links, styles, doc.warnings, doc.boilerplate
    )


def _kept_containers(
    doc: Rendered, blocks: Sequence[Block], moved: Callable[[int], int | None]
) -> tuple[list[Container], dict[int, int]]:
    """Containers that still hold a kept block (or, empty embeds such as an iframe, sit
    among kept text), with their new ranges and renumbered parents."""
    old = doc.containers
    spans: dict[int, list[int]] = {}
    for block in blocks:
        index = block.container
        while index is not None:
            span = spans.setdefault(index, [block.start, block.end])
            span[0], span[1] = min(span[0], block.start), max(span[1], block.end)
            index = old[index].parent
    for index, c in enumerate(old):
        if index not in spans and c.start == c.end and (at := moved(c.start)) is not None:
            spans[index] = [at, at]  # an embed with no text of its own
    renumber: dict[int, int] = {}
    kept: list[Container] = []
    for index in sorted(spans):
        c = old[index]
        parent = c.parent
        while parent is not None and parent not in spans:
            parent = old[parent].parent
        renumber[index] = len(kept)
        start, end = spans[index]
        kept.append(
            replace(c, start=start, end=end, parent=None if parent is None else renumber[parent])
        )
    return kept, renumber
