"""Embeds known by their markup rather than an attribution line.

Mastodon and Threads embeds carry only chrome ("Post by @user@server", "View on Threads"),
TikTok's puts the handle first and a music credit last, an iframe has no text at all. Such an
embed is still a post: its URL, platform and handle come from the markup's attributes and
links, its words (if any) from what is left once the chrome is taken away.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from readertui.detect.dates import find_date
from readertui.detect.structure import Structure
from readertui.document import Container
from readertui.platforms import PLACEHOLDER, PostRef, embed_of, parse_post_url

_CHROME = re.compile(
    r"^(?:View (?:this post )?on (?:Instagram|Threads|Mastodon|TikTok|Bluesky|Facebook|Reddit|X|"
    r"Twitter)|Post by @\S+|@[\w.]+|♬.*|Watch on (?:TikTok|YouTube)|A post shared by .*|"
    r"Loading.*|Click to load.*|See (?:this|more) (?:post|on) .*|Original sound.*|"
    r"by\s*u/[\w-]+(?:\s*in\s*(?:r/)?\w+)?|Posted by .*|Comment(?:s)?|Share|Like|[—–―-]+)$",
    re.IGNORECASE,
)
_SHARED_BY = re.compile(
    r"A (?:post|photo|video) shared by\s+(?P<name>[^(@\n]*?)\s*\(@(?P<handle>[\w.]+)\)"
    r"(?:\s+on\s+)?",
    re.IGNORECASE,
)
_POST_BY = re.compile(r"Post by @(?P<handle>[\w.]+@[\w.-]+)")
_UNDATED = re.compile(r"^[—–―-]+\s*(?P<name>[^\n@]{0,80}?)\s*\(\s*@(?P<handle>[\w.@-]{1,80})\s*\)$")
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+")
_REDDIT_BY = re.compile(r"^by\s*u/(?P<user>[\w-]+)(?:\s*in\s*(?:r/)?\w+)?$", re.IGNORECASE)
_POSTED_BY = re.compile(r"^Posted by (?P<name>.+?)(?:\s+on\b|$)", re.IGNORECASE)
_ORIGINAL_SOUND = re.compile(
    r"^♬\s*(?:original sound|son original|sonido original|originalton|som original|"
    r"suono originale|origineel geluid)\s*[-–—]\s*(?P<name>.+?)(?:\s*[-–—].*)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class EmbedPost:
    container: int
    platform: str
    handle: str | None
    author: str | None
    date: str | None
    url: str | None
    start: int  # display offsets of the words; start == end when there are none
    end: int


def embed_platform(c: Container) -> tuple[str | None, PostRef | None]:
    """The platform an embed container is for, and what its URL says, if it is an embed."""
    return embed_of(c.attrs)


def embed_post(structure: Structure, index: int) -> EmbedPost | None:
    """A post for embed container `index`, or None if it is not a recognised embed."""
    c = structure.container(index)
    platform, ref = embed_platform(c)
    if platform is None:
        return None
    if ref is None:
        ref = _first_post_link(structure, c, platform)
    handle = ref.handle if ref and ref.platform == platform else None
    if handle is None and (linked := _first_post_link(structure, c, platform)) is not None:
        ref, handle = linked, linked.handle  # the embed says a DID or an id; its link, a name
    if handle is None and platform == "reddit":
        # The user's profile link is exact; the "by u/name in sub" text may be glued together.
        handle = _reddit_user(structure, c)
    author = date = None
    words: list[tuple[int, int]] = []
    lines = list(_lines(structure, c.start, c.end))
    for n, (a, b) in enumerate(lines):
        line = structure.text[a:b]
        if m := _SHARED_BY.search(line):
            author = author or m.group("name").strip() or None
            handle = handle or m.group("handle")
            date = date or _date_in(line, m.end())
        elif m := _POST_BY.search(line):
            handle = handle or m.group("handle")
        elif m := _UNDATED.match(line):  # "— Name (they/them) (@handle)", its date left out
            author = author or m.group("name").strip() or None
            handle = handle or m.group("handle")
            continue
        elif m := _ORIGINAL_SOUND.match(line):
            author = author or m.group("name").strip()
        elif m := _REDDIT_BY.match(line):
            handle = handle or m.group("user")
        elif m := _POSTED_BY.match(line):
            author = author or m.group("name").strip()
            date = date or _date_in(line, m.end())
        elif n == 0 and platform == "tiktok" and re.fullmatch(r"@[\w.]+", line):
            handle = handle or line[1:]
        elif _BARE_URL.fullmatch(line) and (linked := parse_post_url(line)):
            # A post's address as text (WordPress auto-embeds): it names the post.
            ref = ref or linked
            handle = handle or (linked.handle if linked.platform == platform else None)
            continue
        if not _CHROME.match(line) and not PLACEHOLDER.fullmatch(line):
            words.append((a, b))
    start = words[0][0] if words else c.start
    end = words[-1][1] if words else c.start
    url = ref.url if ref else None
    return EmbedPost(index, platform, handle, author, date, url, start, end)


def _lines(structure: Structure, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The non-blank lines of the blocks inside display range [start, end], trimmed."""
    text = structure.text
    for block in structure.blocks_between(start, end):
        pos = block.start
        while pos < block.end:
            nl = text.find("\n", pos, block.end)
            stop = block.end if nl < 0 else nl
            a, b = pos, stop
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                yield a, b
            pos = stop + 1


def _reddit_user(structure: Structure, c: Container) -> str | None:
    for link in structure.links_between(c.start, c.end):
        if m := re.search(r"reddit\.com/(?:user|u)/([\w-]+)", link.href):
            return m.group(1)
    return None


def _date_in(line: str, start: int) -> str | None:
    found = find_date(line, start, len(line))
    return found[0] if found else None


def _first_post_link(structure: Structure, c: Container, platform: str) -> PostRef | None:
    """The first link in the container to a post of `platform`. A link with no text sits
    where the display stood when it closed: at the container's very end, or, in a container
    shown only by its placeholder line, just before that line (the paragraph break)."""
    for link in structure.links_between(max(0, c.start - 2), c.end):
        if link.start >= c.start or link.start == link.end:
            ref = parse_post_url(link.href)
            if ref is not None and ref.platform == platform:
                return ref
    return None
