"""Telling a post's first words from the article prose before them.

Scrapers glue article paragraphs to the posts they introduce. These are the clues used to cut
them apart again, each one general rather than fitted to an article:

- a *glued boundary*: a sentence end followed by a capital with no space (`expected.What kind`),
  which is how flattened text joins paragraphs;
- a *lead-in*: a sentence of reporting that introduces the post (`..., Trump tweeted.`,
  `She wrote on Twitter:`), which is prose however close it sits;
- *length*: a post is short (Twitter and Bluesky allow 280-300 characters, links counted as
  23), so a candidate far longer than that has swallowed prose;
- *repetition*: articles often quote a post's words just before embedding it; a post does not
  repeat its own first sentence.
"""

from __future__ import annotations

import re

#: The most a flattened post runs to, in Twitter's counting (links as 23 characters).
POST_MAX = 320

GLUED_BOUNDARY = re.compile(r"(?:(?<=[^\W_A-Z])|(?<=[)\]\"'”’]))[.!?:][\"'”’]?(?=[A-Z])")
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"“‘'(\[]?[\w@#])")
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[\w’']+")

_REPORTING = (
    r"tweet(?:ed|s)?|retweet(?:ed|s)?|twitter|wrote|writes|post(?:ed|s)?|said|says|"
    r"shared|replied|responded|reacted|added|noted|noting|declared|announced|stated|quipped|"
    r"commented|blasted|slammed|thread|account|platform|x\.com"
)
_LEAD_IN_COLON = re.compile(rf"\b(?:{_REPORTING})\b|\bon x\b|\bcompte\b|\bschrieb\b|\bescribió\b")
_LEAD_IN_END = re.compile(rf"\b(?:{_REPORTING})\b(?:\W+\w+){{0,3}}\W*$")
_MENTIONS_POST = re.compile(r"\btweet(?:s|ed)?\b|\btook to (?:twitter|x)\b|\bin a (?:post|tweet)\b")


def post_length(text: str) -> int:
    """Length as Twitter counts it: whitespace runs as one, every link as 23 characters."""
    text = _URL.sub("x" * 23, text)
    return len(_SPACE.sub(" ", text).strip())


def last_sentence(text: str) -> str:
    text = text.rstrip()
    cut = 0
    for m in SENTENCE_END.finditer(text):
        if m.end() < len(text):
            cut = m.end()
    return text[cut:]


def is_lead_in(text: str) -> bool:
    """Whether a paragraph or sentence ends by introducing a post rather than being one."""
    sentence = last_sentence(text).lower()
    if not sentence:
        return False
    if sentence.rstrip(" \"'”’").endswith(":"):
        return bool(_LEAD_IN_COLON.search(sentence))
    return bool(_LEAD_IN_END.search(sentence) or _MENTIONS_POST.search(sentence))


def last_glued_boundary(text: str, start: int, end: int) -> int | None:
    """Offset just after the last glued sentence boundary in text[start:end], outside links."""
    found = None
    for m in GLUED_BOUNDARY.finditer(text, start, end):
        token_start = max(text.rfind(" ", start, m.start()), text.rfind("\n", start, m.start()))
        if "/" in text[token_start + 1 : m.start()]:
            continue  # inside a link
        found = m.end()
    return found


def sentence_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets where sentences begin in text[start:end] (start included)."""
    starts = [start]
    for m in SENTENCE_END.finditer(text, start, end):
        if m.end() < end:
            starts.append(m.end())
    return starts


def trim_to_post(text: str, start: int, end: int) -> int:
    """For an over-long candidate text[start:end], the offset where the post most likely starts.

    Walks back sentence by sentence from the attribution, stopping before a lead-in sentence or
    when the post would grow past POST_MAX; then drops leading sentences the post repeats.
    """
    if post_length(text[start:end]) <= POST_MAX:
        return start
    starts = sentence_starts(text, start, end)
    keep = starts[-1]
    for i in range(len(starts) - 1, 0, -1):
        before = text[starts[i - 1] : starts[i]]
        if is_lead_in(before) or post_length(text[starts[i - 1] : end]) > POST_MAX:
            break
        keep = starts[i - 1]
    return drop_repeated_lead(text, keep, end)


def drop_repeated_lead(text: str, start: int, end: int) -> int:
    """Skip leading sentences that recur later in text[start:end] (a quote before the embed)."""
    while True:
        starts = sentence_starts(text, start, end)
        if len(starts) < 2:
            return start
        first = _norm(text[starts[0] : starts[1]])
        if len(first) < 12 or not any(
            _norm(text[a:b]) == first for a, b in zip(starts[1:], [*starts[2:], end], strict=True)
        ):
            return start
        start = starts[1]


def repeats(earlier: str, later: str) -> bool:
    """Whether `earlier` quotes the first sentence of `later` (prose quoting the post)."""
    starts = sentence_starts(later, 0, len(later))
    first = _norm(later[: starts[1]] if len(starts) > 1 else later)
    return len(first) >= 20 and first in _norm(earlier)


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))
