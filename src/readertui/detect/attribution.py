"""The attribution line that ends an embedded post: `— Display Name (@handle) Month D, YYYY`.

Twitter's embed (and Bluesky's, which copies it) closes the post with a dash, the author's
display name, the handle in parentheses and the date. Scrapers mangle it: an en dash or `--`,
the dash stripped (leaving two spaces), no display name, the date glued to the next sentence,
the date left as a Markdown link. The anchor is `(@handle)` followed by a date; the name and
dash are then read backwards on the same line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from readertui.detect.dates import match_date

HANDLE_PAREN = re.compile(
    r"\(\s*@(?P<handle>[A-Za-z0-9_]{1,30}(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?"
    r"|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\s*\)"
)
_AFTER_HANDLE = re.compile(r"[ \t\u00a0]*(?:\n[ \t]*)?(?P<bracket>\[)?")
_MD_LINK_TAIL = re.compile(r"\]\((?P<url>[^)\s]+)\)")
_DASHES = re.compile(r"(?:—|–|―|--|(?:^|(?<=\s))-(?=\s))")
_WIDE_GAP = re.compile(r"(?:[ \t\u00a0]{2,}|\t)")
_NAME_WORD = re.compile(
    r"^(?:[A-Z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff][\w.'’&-]*|de|da|van|von|der|al|bin|el|la|le|di|du|del)$"
)
MAX_NAME = 60
_SENTENCE_BREAK = re.compile(r"(?<![A-Z])[.!?](?:\s|$)|https?://|#\w")
_WINDOW = 120


@dataclass(frozen=True, slots=True)
class Attribution:
    start: int  # where the attribution begins: its dash, or its name when there is no dash
    end: int  # just after the date (and the URL of a Markdown link around it)
    author: str | None
    handle: str
    date: str | None
    date_start: int
    date_end: int
    url: str | None  # the URL of a raw Markdown link around the date, if any
    dashed: bool


def find_attributions(text: str, start: int = 0, end: int | None = None) -> Iterator[Attribution]:
    """Every attribution in text[start:end], in order."""
    end = len(text) if end is None else end
    for m in HANDLE_PAREN.finditer(text, start, end):
        attribution = parse_at(text, m)
        if attribution is not None:
            yield attribution


def parse_at(text: str, m: re.Match[str]) -> Attribution | None:
    after = _AFTER_HANDLE.match(text, m.end())
    assert after is not None  # every part of the pattern is optional
    dated = match_date(text, after.end())
    if dated is None:
        return None
    iso, date_end = dated
    end = date_end
    url = None
    if after.group("bracket") and (link := _MD_LINK_TAIL.match(text, date_end)):
        url = link.group("url")
        end = link.end()
    start, author, dashed = _name_before(text, m.start())
    return Attribution(
        start=start,
        end=end,
        author=author,
        handle=m.group("handle"),
        date=iso,
        date_start=after.end() - (1 if after.group("bracket") else 0),
        date_end=date_end,
        url=url,
        dashed=dashed,
    )


def _name_before(text: str, paren: int) -> tuple[int, str | None, bool]:
    """Read the display name (and dash) before `(@handle)`: (start, name, had a dash)."""
    # Only the window is read: a search back to the line's start would read a whole one-line
    # article again for each of its posts.
    lo = max(0, paren - _WINDOW)
    lo = max(lo, text.rfind("\n", lo, paren) + 1)
    window = text[lo:paren]
    stripped = window.rstrip(" \t\u00a0")
    dash = _last(_DASHES, window)
    if dash is None and len(window) - len(stripped) >= 2:
        # A wide gap right before the handle: a stripped dash and an empty display name.
        return lo + len(stripped), None, False
    if dash is not None and window[dash.end() :].lstrip()[:1].islower():
        # Display names start with a capital or a symbol: "— Sam — the bus guy" is one name.
        dash = _earlier_name_dash(window, dash) or dash
    # Otherwise the separator nearest the handle wins: a dash, or the gap a stripped dash left.
    gap = _last(_WIDE_GAP, stripped)
    candidates = [(m, dashed) for m, dashed in ((dash, True), (gap, False)) if m is not None]
    candidates.sort(key=lambda c: c[0].start(), reverse=True)
    for sep, dashed in candidates:
        name = window[sep.end() :].strip()
        if len(name) <= MAX_NAME:
            return lo + sep.start(), name or None, dashed
    # No separator: take the capitalised words just before the handle as the name.
    taken: list[str] = []
    for word in reversed(stripped.split(" ")):
        if len(taken) == 5 or not word or not _NAME_WORD.match(word):
            break
        if word[-1] in ".!?:" and not re.fullmatch(r"[A-Z]\.", word):
            break
        taken.append(word)
    if not taken:
        return lo + len(stripped), None, False
    name = " ".join(reversed(taken))
    return lo + max(0, stripped.rfind(name)), name, False


def _earlier_name_dash(window: str, last: re.Match[str]) -> re.Match[str] | None:
    for dash in _DASHES.finditer(window, 0, last.start()):
        name = window[dash.end() :].strip()
        if len(name) <= MAX_NAME and name[:1].isupper() and not _SENTENCE_BREAK.search(name):
            return dash
    return None


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    match = None
    for match in pattern.finditer(text):  # noqa: B007 - we want the last one
        pass
    return match
