"""Embeds written as text: a post's URL alone on a line, CMS shortcodes, and the words that
scrapers keep of an Instagram embed.

CMSs turn a post URL on a line of its own into an embed, and static-site generators do the
same with shortcodes (`{{< tweet user="x" id="1" >}}`, `{% tweet https://… %}`). Scraped
Instagram embeds leave "View this post on Instagram … A post shared by Name (@handle)". Each
is a post even without words of its own: its URL, platform and handle come from the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from readertui.detect.dates import find_date
from readertui.detect.structure import Structure
from readertui.platforms import PostRef, parse_post_url

_BARE_URL = re.compile(r"^<?((?:https?://|www\.)\S+?)>?$")
_HUGO = re.compile(
    r"\{\{[<%]\s*(?P<name>tweet|twitter|x|instagram|youtube|tiktok|bluesky|mastodon|threads)"
    r"\b(?P<args>[^}]{0,500}?)[%>]\}\}",  # bounded: one left open is not searched to the end
    re.IGNORECASE,
)
_JEKYLL = re.compile(
    r"(?<!\{)\{%\s*(?P<name>tweet|twitter|oembed|instagram|youtube|tiktok)\s+(?P<args>[^%]{0,500}?)%\}",
    re.IGNORECASE,
)
_ARG = re.compile(r"""(\w+)\s*=\s*["']?([^"'\s]+)["']?|["']?([^"'\s=]+)["']?""")
_INSTAGRAM_SHARED = re.compile(
    r"A (?:post|photo|video) shared by\s+(?P<name>[^()\n@]{0,60}?)\s*\(@(?P<handle>[\w.]{1,30})\)",
    re.IGNORECASE,
)
#: Longest `\(@handle\)`, name and "A photo shared by" of `_INSTAGRAM_SHARED`.
_HANDLE_TAIL = 33
_NAME_MAX = 60
_WORDS_MAX = len("A photo shared by")
_INSTAGRAM_VIEW = "View this post on Instagram"
# What a flattened Mastodon embed leaves: "Post by @user@server" (then "View on Mastodon").
_MASTODON_CHROME = re.compile(
    r"^Post by @(?P<handle>[\w.]+@[\w-]+(?:\.[\w-]+)+)(?:\s*View on Mastodon)?$"
)


@dataclass(frozen=True, slots=True)
class TextEmbed:
    start: int  # display range of the whole embed
    end: int
    ref: PostRef
    form: str
    author: str | None = None
    date: str | None = None
    text_start: int | None = None  # display range of the post's own words, if any
    text_end: int | None = None


def find_text_embeds(structure: Structure) -> Iterator[TextEmbed]:
    text = structure.text
    for block in structure.blocks:
        if block.kind == "code" or block.end <= block.start:
            continue
        first = text[block.start]
        if (
            first not in "<hwP"
            and not first.isspace()
            and text.find("{", block.start, block.end) < 0
        ):
            continue  # neither a URL, a shortcode nor "Post by @" (the usual paragraph)
        line = text[block.start : block.end].strip()
        if (m := _BARE_URL.match(line)) and (ref := parse_post_url(m.group(1))):
            yield TextEmbed(block.start, block.end, ref, "url")
            continue
        if "{" in line:
            yield from _shortcodes(structure, block.start, block.end)
        elif line.startswith("Post by @") and block.container is None:
            yield from _mastodon(structure, block.start, block.end)
    yield from _instagram(structure)


def _shortcodes(structure: Structure, start: int, end: int) -> Iterator[TextEmbed]:
    for pattern in (_HUGO, _JEKYLL):
        for m in pattern.finditer(structure.text, start, end):
            ref = _shortcode_ref(m.group("name").lower(), m.group("args"))
            if ref is not None:
                yield TextEmbed(m.start(), m.end(), ref, "shortcode")


def _mastodon(structure: Structure, start: int, end: int) -> Iterator[TextEmbed]:
    text = structure.text
    first = text[start:end].split("\n", 2)
    line = " ".join(part.strip() for part in first[:2]) if len(first) > 1 else first[0].strip()
    m = _MASTODON_CHROME.match(line) or _MASTODON_CHROME.match(first[0].strip())
    if m is None:
        return
    handle = m.group("handle")
    yield TextEmbed(start, end, PostRef("mastodon", handle, None, ""), "flattened")


def _shortcode_ref(name: str, args: str) -> PostRef | None:
    named: dict[str, str] = {}
    positional: list[str] = []
    for key, value, bare in _ARG.findall(args):
        if key:
            named[key.lower()] = value
        elif bare:
            positional.append(bare)
    url = named.get("url") or next((p for p in positional if "/" in p), None)
    if url:
        return parse_post_url(url)
    ident = named.get("id") or next((p for p in positional if p.isalnum()), None)
    user = named.get("user") or named.get("username")
    if not ident:
        return None
    if name in ("tweet", "twitter", "x"):
        path = f"{user}/status/{ident}" if user else f"i/web/status/{ident}"
        return parse_post_url(f"https://twitter.com/{path}")
    if name == "instagram":
        return parse_post_url(f"https://www.instagram.com/p/{ident}/")
    if name == "youtube":
        return parse_post_url(f"https://www.youtube.com/embed/{ident}")
    if name == "tiktok" and user:
        return parse_post_url(f"https://www.tiktok.com/@{user}/video/{ident}")
    return None


#: How far after "A post shared by Name (@handle)" its date may stand.
DATE_WINDOW = 120


def _instagram(structure: Structure) -> Iterator[TextEmbed]:
    """Flattened Instagram embeds: "View this post on Instagram [caption] A post shared by …"."""
    text = structure.text
    previous = 0  # where the last one ended: its caption is not the next one's
    for m in _instagram_matches(text):
        if structure.container_at(m.start()) is not None or structure.in_code(m.start()):
            continue  # inside embed markup, the markup pass reads it
        view = text.rfind(_INSTAGRAM_VIEW, max(previous, m.start() - 2500), m.start())
        previous = m.end()
        start = view if view >= 0 else m.start()
        caption_start = view + len(_INSTAGRAM_VIEW) if view >= 0 else None
        line_end = text.find("\n", m.end(), m.end() + DATE_WINDOW)
        # The date follows the attribution closely ("… (@x) • Jul 19, 2025 at 3:04pm PDT"): not
        # looked for to the end of the line (a one-line file was read to its end once a post).
        end = min(len(text), m.end() + DATE_WINDOW) if line_end < 0 else line_end
        dated = find_date(text, m.end(), end)
        handle = m.group("handle")
        ref = PostRef("instagram", handle, None, "")
        caption = None
        if caption_start is not None:
            a, b = caption_start, m.start()
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            caption = (a, b) if b > a else None
        yield TextEmbed(
            start,
            dated[1] if dated else m.end(),
            ref,
            "flattened",
            author=m.group("name").strip() or None,
            date=dated[0] if dated else None,
            text_start=caption[0] if caption else None,
            text_end=caption[1] if caption else None,
        )


def _instagram_matches(text: str) -> Iterator[re.Match[str]]:
    """`_INSTAGRAM_SHARED.finditer(text)`, tried only just before each "(@".

    A case-insensitive pattern is tried at every "a" of the text, which is slow. A match is
    "A post shared by", spaces, a name of at most 60 characters, spaces and "(@handle)", with
    no other "(": searching in order the stretch before each "(@" that can hold one finds the
    same matches.
    """
    searched_to = 0
    paren = text.find("(@")
    while paren >= 0:
        floor = max(searched_to, text.rfind("(", searched_to, paren) + 1)
        name_from = _spaces_from(text, paren, floor) - _NAME_MAX
        lo = _spaces_from(text, max(floor, name_from), floor) - _WORDS_MAX
        m = _INSTAGRAM_SHARED.search(text, max(floor, lo), paren + _HANDLE_TAIL)
        if m is not None:
            yield m
            searched_to = m.end()
        paren = text.find("(@", max(paren + 1, searched_to))


def _spaces_from(text: str, end: int, floor: int) -> int:
    """Where the run of whitespace ending at `end` starts (not before `floor`)."""
    while end > floor and text[end - 1].isspace():
        end -= 1
    return end
