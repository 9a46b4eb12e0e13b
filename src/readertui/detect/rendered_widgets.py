"""Tweets as a scraper or a site's own card leaves them: the rendered widget's text.

A tweet widget copied as text (or a news site's tweet card) shows the author's name and
`@handle` above the words (with `✔`, `Verified account` or `Follow`), a time line under them
in the widget's own format (`3:05 PM - Apr 1, 2018`, `10:45 PM - 07 Jun 2019`), and chrome
around them (`Replying to @x`, like and retweet counts, `Twitter Ads info and privacy`).
The time is the anchor: only tweets print a time, a dash and a date that way; the byline is
looked for above it (a line of its own, a block of its own in a site's card, or the start of
the paragraph a Markdown quote joins the widget's lines into). Works on any format's display
text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from readertui.detect.dates import find_date
from readertui.detect.structure import Structure
from readertui.detect.written_embeds import TextEmbed
from readertui.platforms import PostRef

_TIME = re.compile(
    r"\b\d{1,2}:\d{2}\s?(?:AM|PM|am|pm)\s?[-–·]\s?"
    r"(?:\d{1,2}\s[A-Z][a-z]{2,8}\.?\s\d{4}|[A-Z][a-z]{2,8}\.?\s\d{1,2},\s\d{4})\b"
)
#: A byline at the start of a line: the name, then the handle (on the same line or the next),
#: with `✔`, "Verified account" or "Follow" around them.
_BYLINE = re.compile(
    r"(?m)^[ \t]*(?P<name>[^\n@.!?“”\"]{1,60}?)[\s✔✓☑]*(?:Verified account\s*)?"
    r"@(?P<handle>[A-Za-z0-9_]{1,15})\b[ \t✔✓☑]*(?:\n?[ \t]*Follow(?:ing)?\b)?"
)
_REPLYING = re.compile(r"\s*Replying to(?:\s+(?:@\w+|and))+")
#: What a widget prints after its time line: the client, counts, the ads notice.
_CHROME_AFTER = re.compile(
    r"(?:\s*(?:·[^\n]{0,40}|[\d,.]+[KkM]?\s+(?:Retweets?|Likes?|Replies|Reposts?|Quote Tweets?)"
    r"|Twitter Ads info and privacy|See @?\w+['’]s other Tweets|[\d,.]+ people are talking "
    r"about this)\s*)*"
)
#: How far above its time a tweet's byline may stand: characters, and paragraph breaks (a
#: site's card puts name, words and time in blocks of their own).
MAX_CHARS = 900
MAX_BREAKS = 3


def find_rendered_widgets(structure: Structure) -> Iterator[TextEmbed]:
    text = structure.text
    floor = 0  # a byline is looked for after the previous time: each stretch read once
    for m in _TIME.finditer(text):
        if m.start() < floor or structure.in_code(m.start()):
            continue
        found = _widget(text, m, max(floor, m.start() - MAX_CHARS))
        floor = found.end if found is not None else m.end()
        if found is not None:
            yield found


def _widget(text: str, time: re.Match[str], lo: int) -> TextEmbed | None:
    """The tweet whose time is `time`: the nearest byline above it with words between the
    two, the chrome around them left out."""
    bylines = [
        b
        for b in _BYLINE.finditer(text, lo, time.start())
        if not b.group("name").strip().startswith("Replying")
    ]
    for byline in reversed(bylines):
        name = byline.group("name").strip(" \t✔✓☑")
        if not name or text.count("\n\n", byline.end(), time.start()) > MAX_BREAKS:
            continue  # a byline is the widget's, a few blocks at most above its time
        start = byline.end()
        if m := _REPLYING.match(text, start, time.start()):
            start = m.end()
        end = time.start()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in " \t\n-–·":
            end -= 1
        if end <= start:
            return None
        date = find_date(text, time.start(), time.end())
        chrome = _CHROME_AFTER.match(text, time.end())
        stop = chrome.end() if chrome else time.end()
        while stop > time.end() and text[stop - 1].isspace():
            stop -= 1
        return TextEmbed(
            byline.start("name"),
            stop,
            PostRef("twitter", byline.group("handle"), None, ""),
            "flattened",
            author=name,
            date=date[0] if date else None,
            text_start=start,
            text_end=end,
        )
    return None
