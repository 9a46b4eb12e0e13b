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
#: A line this short can open a post of several paragraphs.
SHORT_LINE = 100

GLUED_BOUNDARY = re.compile(
    # Written to start with the mark itself (a pattern starting with a character class is
    # searched fast; one starting with a lookbehind is tried at every position).
    r"[.!?:](?:"
    r"(?<=[^\W_A-Z][.!?:]|[)\]\"'”’][.!?:])[\"'”’]?(?=[A-Z])"  # ...the end.Next sentence
    r"|(?<=[a-z]{3}[.!?])(?=[a-z]{2,}\b)"  # ...the end.lowercase post (not a domain name)
    r")"
)
#: Endings of domain names, which glue a dot to a lowercase word without ending a sentence.
_TLDS = frozenset(
    "com org net gov edu mil int io co uk de fr es it nl be ch at se no dk fi pl ru jp cn in "
    "au nz ca us ly me tv info biz app dev news online site html htm php asp aspx pdf jpg png "
    "gif txt md js py".split()
)
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"“‘'(\[]?[\w@#])")
_TOKEN = re.compile(r"\S+")
_MAX_TOKEN = 200
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+")
_WORD = re.compile(r"[\w’']+")

_REPORTING_VERBS = (
    r"tweeted|retweeted|wrote|writes|posted|said|says|shared|replied|responded|reacted|added|"
    r"noted|noting|declared|announced|stated|quipped|commented|blasted|slammed|tweets"
)
_REPORTING = _REPORTING_VERBS + r"|tweet|twitter|posts?|thread|account|platform|x\.com"
_LEAD_IN_COLON = re.compile(rf"\b(?:{_REPORTING})\b|\bon x\b|\bcompte\b|\bschrieb\b|\bescribió\b")
_LEAD_IN_END = re.compile(rf"\b(?:{_REPORTING_VERBS})\b(?:\W+\w+){{0,3}}\W*$")
_MENTIONS_POST = re.compile(r"\btweet(?:s|ed)?\b|\btook to (?:twitter|x)\b|\bin a (?:post|tweet)\b")
#: The author's own voice: a post's opener says "I", "we" or "you"; article prose rarely does.
_OWN_VOICE = re.compile(
    r"\b(?:i|i'm|i’m|i've|i’ve|we|we're|we’re|we've|we’ve|us|our|my|me|you|your|you're|you’re"
    r"|yo|mi|mis|nos|nosotros|nuestro|nuestra|tengo|estoy|soy|gracias"  # es
    r"|je|j|moi|mon|ma|mes|nous|notre|vous|votre|merci"  # fr
    r"|ich|mich|mir|mein|meine|wir|uns|unser|unsere|danke|du|dein"  # de
    r"|io|mio|mia|noi|nostro|grazie|eu|meu|minha|nós|nosso|obrigado|obrigada)\b"  # it, pt
)


def post_length(text: str) -> int:
    """Length as Twitter counts it: whitespace runs as one, every link as 23 characters."""
    if "http" in text or "www." in text or "pic.twitter.com/" in text:
        text = _URL.sub("x" * 23, text)
    # `split` cuts at the same whitespace as the pattern `\s+`.
    return len(" ".join(text.split()))


def last_sentence(text: str) -> str:
    text = text.rstrip()
    cut = 0
    for m in SENTENCE_END.finditer(text):
        if m.end() < len(text):
            cut = m.end()
    return text[cut:]


def names_author(text: str, author: str | None, handle: str | None) -> bool:
    """Whether prose names the post's author: articles do, a post rarely names itself."""
    folded = text.casefold()
    if handle and "@" + handle.casefold() in folded:
        return True
    if not author:
        return False
    name = " ".join(_WORD.findall(author.casefold()))
    return len(name) >= 4 and name in " ".join(_WORD.findall(folded))


def in_own_voice(text: str) -> bool:
    """A short line speaking in the first or second person ("Here's where we're at:")."""
    return post_length(text) <= SHORT_LINE and bool(_OWN_VOICE.search(text.lower()))


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
        # The word around the boundary, looked at within a bounded window (links are short).
        lo = max(start, m.start() - _MAX_TOKEN)
        token_start = max(text.rfind(" ", lo, m.start()), text.rfind("\n", lo, m.start())) + 1
        token = _TOKEN.match(text, max(lo, token_start), min(end, m.end() + _MAX_TOKEN))
        if token and ("/" in token.group() or "www." in token.group()):
            continue  # inside a link
        word = re.match(r"[a-z]*", text[m.end() : m.end() + 12])
        if word and word.group() in _TLDS:
            continue  # a domain or file name: cnn.com, report.pdf
        found = m.end()
    return found


def sentence_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets where sentences begin in text[start:end] (start included)."""
    starts = [start]
    for m in SENTENCE_END.finditer(text, start, end):
        if m.end() < end:
            starts.append(m.end())
    return starts


#: How far before an attribution sentence-level analysis looks: a post is far shorter.
WINDOW = 3000


def trim_to_post(text: str, start: int, end: int) -> int:
    """Where the post most likely starts in candidate text[start:end] of running prose.

    Skips prose that quotes the post before it is embedded; then, if the candidate is still
    too long to be a post, walks back sentence by sentence from the attribution, stopping
    before a lead-in sentence or when the post would grow past POST_MAX.
    """
    if end - start > WINDOW:
        starts = sentence_starts(text, end - WINDOW, end)
        start = starts[1] if len(starts) > 1 else end - WINDOW
    start = after_quoted_lead(text, start, end)
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


def after_quoted_lead(text: str, start: int, end: int) -> int:
    """The first sentence whose opening words the prose before it already quoted, if any."""
    starts = sentence_starts(text, start, end)
    for s in starts[1:]:
        words = _norm(text[s:end]).split(" ")
        if len(words) < 6:
            continue
        if " ".join(words[:8]) in _norm(text[start:s]):
            return s
    return start


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
