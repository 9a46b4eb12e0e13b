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

from readertui.document import Block, Container, Link, Rendered, SourceMap, Style
from readertui.platforms import embed_of

_WORD = re.compile(r"\w+")
_PAGE = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
#: Blocks with fewer words than this match the extracted text by accident too easily.
ANCHOR_WORDS = 8
#: How much extracted text may lie between two blocks found in it (captions, lists).
ALIGN_WINDOW = 3000
#: An article element holding less text than this is a teaser, not the article.
MIN_ARTICLE = 500
#: Pages larger than this (characters) are judged by their article element, not trafilatura.
EXTRACT_MAX = 2_000_000


def is_full_page(source: str) -> bool:
    return _PAGE.search(source, 0, 65536) is not None


def main_content(source: str, doc: Rendered) -> Rendered:
    """The page reduced to its article (or unchanged, for a fragment)."""
    if not is_full_page(source) or not doc.blocks:
        return doc
    furniture = _furniture_flags(doc)
    # trafilatura judges best (measured on real pages) and takes milliseconds on a page of
    # ordinary size; on a huge one it takes seconds, and the page's own article element is
    # the quicker judge.
    extracted = _extract(source) if len(source) <= EXTRACT_MAX else None
    if extracted is not None:
        keep = _choose(doc, extracted, furniture)
    elif (landmark := _by_landmark(doc, furniture)) is not None:
        keep = landmark
    else:
        keep = [not f for f in furniture]
        if len(source) > 20_000:  # a short page is all article anyway
            doc.warnings.append(
                "the page's main content could not be told apart; showing all but its menus"
            )
    # Embeds are posts, whatever decided what the article is (a sidebar's are the sidebar's).
    for i in _embed_blocks(doc):
        keep[i] = keep[i] or not furniture[i]
    if all(keep) or not any(keep):
        # Nothing told apart from the furniture (a page whose article sits in what looks like
        # a sidebar lost all its tweets that way): the page whole, never nothing.
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
    return _in_regions(doc, doc.boilerplate)


def _in_regions(doc: Rendered, regions: Sequence[tuple[int, int]]) -> list[bool]:
    """For each block, whether its first character comes from one of the source regions."""
    if not regions:
        return [False] * len(doc.blocks)
    # Elements nest: merge them into disjoint ranges, then look each block up.
    merged: list[list[int]] = []
    for start, end in sorted(regions):
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


def _by_landmark(doc: Rendered, furniture: Sequence[bool]) -> list[bool] | None:
    """The blocks of the element the page marks as its article, when it holds the article's
    text (most of it, not a teaser card); None when the page marks none that does."""
    if not doc.articles:
        return None
    sizes = [b.end - b.start for b in doc.blocks]
    total = sum(size for size, f in zip(sizes, furniture, strict=True) if not f)
    best: list[bool] | None = None
    best_size = 0
    for region in doc.articles:
        members = _in_regions(doc, [region])
        size = sum(z for z, m, f in zip(sizes, members, furniture, strict=True) if m and not f)
        if size > best_size:
            best, best_size = members, size
    if best is None or best_size < max(MIN_ARTICLE, 0.3 * total):
        return None
    keep = [m and not f for m, f in zip(best, furniture, strict=True)]
    first = keep.index(True) if True in keep else 0
    # The title often sits just outside the article element: the nearest top heading before.
    for i in range(first - 1, -1, -1):
        block = doc.blocks[i]
        if block.kind == "heading" and block.level == 1 and not furniture[i]:
            keep[i] = True
            break
    return keep


def _choose(doc: Rendered, extracted: tuple[str, str], furniture: Sequence[bool]) -> list[bool]:
    text, title = extracted
    display = doc.display
    norms = [_norm(display[b.start : b.end]) for b in doc.blocks]
    in_text = _aligned(norms, text)
    anchors = [
        i
        for i, n in enumerate(norms)
        if in_text[i] and not furniture[i] and n.count(" ") + 1 >= ANCHOR_WORDS
    ]
    if not anchors:
        return [not f for f in furniture]
    first, last = anchors[0], anchors[-1]
    keep = []
    for i in range(len(doc.blocks)):
        keep.append(not furniture[i] and first <= i <= last and in_text[i])
    # The article's title: just before its text, left out of the extracted text. It is the
    # heading trafilatura names as the title, or else the page's first top-level heading.
    headings = [i for i in range(first) if doc.blocks[i].kind == "heading" and not furniture[i]]
    named = [i for i in headings if title and norms[i] == title]
    top = [i for i in headings if doc.blocks[i].level == 1]
    for i in (named or top)[:1]:
        keep[i] = True
    return keep


def _aligned(norms: Sequence[str], text: str) -> list[bool]:
    """Which blocks' words appear in the extracted text, matched in one pass in order: both
    follow the page, so each search starts where the last match ended, within a window."""
    found = []
    pointer = 0
    for n in norms:
        if not n:
            found.append(False)
            continue
        long_enough = n.count(" ") >= 2
        window = pointer + len(n) + (ALIGN_WINDOW if long_enough else 300)
        pos = text.find(n, pointer, window)
        while pos >= 0 and not _whole_words(text, pos, pos + len(n)):
            pos = text.find(n, pos + 1, window)
        found.append(pos >= 0)
        if pos >= 0 and long_enough:  # short blocks ("Share") must not move the pointer
            pointer = pos + len(n)
    return found


def _whole_words(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1] == " ") and (end == len(text) or text[end] == " ")


def _embed_blocks(doc: Rendered) -> set[int]:
    """Blocks inside an official embed (a container with an embed class or a post URL)."""
    embeds = {i for i, c in enumerate(doc.containers) if embed_of(c.attrs)[0] is not None}
    found = set()
    for n, block in enumerate(doc.blocks):
        index = block.container
        while index is not None:
            if index in embeds:
                found.add(n)
                break
            index = doc.containers[index].parent
    return found


def _block_at(b: Block, start: int, container: int | None) -> Block:
    """`b` moved to `start` in another container: built directly, as `dataclasses.replace`
    costs ~6 µs a call, a second per 100,000 blocks."""
    return Block(
        b.kind, start, start + b.end - b.start, b.level, b.quote_depth, container, b.gap_before
    )


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
        kept.append(_block_at(block, block.start + delta, block.container))
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
        b if b.container is None else _block_at(b, b.start, renumber.get(b.container)) for b in kept
    ]
    links = [
        Link(a, b, link.href)
        for link in doc.links
        # (a link with no text may name a post: builder.close_link)
        if (a := moved(link.start)) is not None and (b := moved(link.end)) is not None and b >= a
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
