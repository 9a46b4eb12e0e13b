"""Posts ending in an attribution: flattened text, Markdown blockquotes and HTML embeds alike.

The attribution tells where a post ends and who wrote it; the work is finding where it starts.
Inside a blockquote or embed, the post starts where the container does. In running text the
post's paragraph is extended backwards over gaps that mark line breaks inside a post, then cut
at the last glued sentence boundary, after a "Skip Twitter post by" wrapper, and, if still too
long to be a post, back to the sentences after the last lead-in (see `prose`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readertui.detect import prose
from readertui.detect.attribution import Attribution
from readertui.detect.embeds import embed_platform
from readertui.detect.structure import Structure
from readertui.document import Block

_SKIP_WRAPPER = re.compile(
    r"Skip (?:Twitter|X|Instagram|Facebook|YouTube|TikTok|Bluesky|Threads|Mastodon) "
    r"(?:post|content|video)(?: by)?[ \t]*",
    re.IGNORECASE,
)
_TRAILING = " \t\n\u00a0>│"
# Links embeds put after a post's words (Bluesky: "[image or embed]").
_TRAILING_CHROME = re.compile(
    r"\s*\[(?:image or embed|contains quote post or other embedded content)\]\s*$",
    re.IGNORECASE,
)
_LEADING = " \t\n\u00a0>"
_LINKS_ONLY = re.compile(r"(?:(?:https?://|pic\.twitter\.com/|www\.)\S+\s*)+")


@dataclass(frozen=True, slots=True)
class Bounds:
    start: int  # display offsets of the post's own words
    end: int
    container: int | None  # the blockquote or embed holding it, if any
    form: str


def post_bounds(structure: Structure, a: Attribution, floor: int) -> Bounds:
    """Where the words of the post closed by attribution `a` lie (display offsets).

    `floor` is the end of the previous attribution: no post reaches back past another.
    """
    text = structure.text
    container = structure.container_at(a.start)
    if container is not None:
        return _in_container(structure, container, floor, a.start)
    index = structure.block_index(a.start)
    if index is None:
        return Bounds(a.start, a.start, None, "flattened")
    block = structure.blocks[index]
    if text[max(block.start, floor) : a.start].strip(_LEADING):
        last = index
        end = _rstrip(text, floor, a.start)
    else:
        # The attribution opens its own block (a line, a list item): the post is the block
        # before it, or the blockquote just above when the quote holds the words.
        last = index - 1
        if last < 0 or structure.blocks[last].end <= floor:
            return Bounds(a.start, a.start, None, "flattened")
        prev = structure.blocks[last]
        if prev.container is not None:
            root = structure.ancestors(prev.container)[-1]
            if structure.container(root).start < floor:
                return Bounds(a.start, a.start, None, "flattened")
            return _in_container(structure, root, floor, structure.container(root).end)
        end = _rstrip(text, floor, prev.end)
    first = last
    while first > 0 and _joins(structure, first - 1, first, floor, end, a):
        first -= 1
    start = max(structure.blocks[first].start, floor)
    glued = prose.last_glued_boundary(text, start, min(structure.blocks[first].end, end))
    if glued is not None:
        start = glued
    start = _after_wrapper(text, start, end, a.author)
    start = _lstrip(text, start, end)
    start = prose.trim_to_post(text, start, end)
    start = _own_lines(text, start, a.start)
    return Bounds(_lstrip(text, start, end), end, None, "flattened")


def _own_lines(text: str, start: int, attribution: int) -> int:
    """In text whose paragraphs are single lines (a scrape that kept no blank lines), the
    post's lines: its attribution's own line when all it holds is links ("pic.twitter.com/x —
    Name (@h) date": the post's words are lost, the line before is the article's), or the run
    of `> ` lines just above a `> — Name` line (a post quoted email-style after a lead-in)."""
    line = text.rfind("\n", start, attribution) + 1
    if line <= start or not text[start : line - 1].strip() or text[line - 2] == "\n":
        return start  # one line, or lines apart: the paragraphs were judged already
    words = text[line:attribution].strip(_LEADING)
    if words:  # only its picture's link left: the line before is the article's
        return line if _LINKS_ONLY.fullmatch(words) else start
    if not text[line:attribution].lstrip(" \t").startswith(">"):
        return start
    first = line
    while first > start:
        above = text.rfind("\n", start, first - 1) + 1
        if not text[max(above, start) : first].lstrip(" \t").startswith(">"):
            break
        first = max(above, start)
    return first if first < line else start


def _in_container(structure: Structure, index: int, floor: int, limit: int) -> Bounds:
    """The words of a post held in a blockquote or embed, up to `limit`."""
    text = structure.text
    lo = max(structure.container(index).start, floor)
    end = _rstrip(text, lo, limit)
    if (chrome := _TRAILING_CHROME.search(text, lo, end)) is not None:
        end = _rstrip(text, lo, chrome.start())
    start = _lstrip(text, lo, end)
    official = structure.embed_platform(index) or embed_platform(structure.container(index))[0]
    return Bounds(start, end, index, "embed" if official else "blockquote")


def _joins(
    structure: Structure, prev_index: int, cur_index: int, floor: int, end: int, a: Attribution
) -> bool:
    """Whether paragraph `prev_index` is an earlier paragraph of the same post."""
    prev, cur = structure.blocks[prev_index], structure.blocks[cur_index]
    if not _is_prose_paragraph(prev, floor):
        return False
    text = structure.text
    before = text[prev.start : prev.end]
    post = text[cur.start : end]
    if prose.post_length(before) + prose.post_length(post) > prose.POST_MAX:
        return False
    if _introduces(before, a) or prose.repeats(before, post):
        return False
    if cur.gap_before > structure.typical_gap:
        return True  # a longer gap than between paragraphs: a line break inside the post
    # A short line in the author's own voice opens the post when it ends in a colon ("Here's
    # where we're at:") or follows prose that introduces the post ("Kit thanked the crew.").
    if not prose.in_own_voice(before):
        return False
    if before.rstrip().endswith(":"):
        return True
    if prev_index == 0:
        return False
    lead = structure.blocks[prev_index - 1]
    # The lead-in may share its block with the previous post's attribution line.
    lead_text = text[max(lead.start, floor) : lead.end]
    usable = lead.container is None and lead.kind == "paragraph" and lead.end > floor
    return usable and _introduces(lead_text, a)


def _is_prose_paragraph(block: Block, floor: int) -> bool:
    return block.container is None and block.kind == "paragraph" and block.start >= floor


def _introduces(paragraph: str, a: Attribution) -> bool:
    """Whether a paragraph introduces the post: a lead-in, or prose naming its author."""
    return prose.is_lead_in(paragraph) or prose.names_author(paragraph, a.author, a.handle)


def _after_wrapper(text: str, start: int, end: int, author: str | None) -> int:
    """Skip the BBC's "Skip Twitter post by <name>" accessibility wrapper."""
    wrapper = None
    for wrapper in _SKIP_WRAPPER.finditer(text, start, end):  # noqa: B007 - the last one
        pass
    if wrapper is None:
        return start
    start = wrapper.end()
    if author and text[start : start + len(author)].casefold() == author.casefold():
        start += len(author)
    return start


def _rstrip(text: str, floor: int, end: int) -> int:
    while end > floor and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and text[start] in _LEADING:
        start += 1
    return start
