"""Detection's shortcuts find what the plain way finds.

Some searches of the whole display text are narrowed to where a match can be (a case-insensitive
pattern tried only before each "(@"), some patterns are written to be searched faster, some
regular expressions replaced by string methods; these tests compare them with the plain way.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readertui.detect import prose, written_embeds

#: Real commands, pseudo-terminals or many generated inputs: left out of `-m "not slow"`.
pytestmark = pytest.mark.slow


PIECES = st.sampled_from(
    [
        "A post shared by ", "a PHOTO shared by", "A video shared by\n", "A post ",
        "shared by", "Ana Souza", " ", "  ", "\n", "(", ")", "(@", "@", "ana.s", "x" * 40,
        "(@ana_s)", "A post shared by Ana (@ana)", "ſhared by", "A", "a ",
        "(@abcdefghijklmnopqrstuvwxyz0123)", "\u00a0", "\u2003", "\x1c", "\t\n ",
        "Fifty characters of a name, no more, no less; yes!", "123456789 ", "(@abcdefghijklmnopqrstuvwxyz01234)",
    ]
)  # fmt: skip
texts = st.lists(PIECES, max_size=30).map("".join)


def spans(matches: object) -> list[tuple[int, int, str, str]]:
    return [(m.start(), m.end(), m.group("name"), m.group("handle")) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=1000, derandomize=True, database=None, deadline=None)
@given(text=texts | st.text(max_size=80))
def test_instagram_credits_found_as_a_full_search_finds_them(text: str) -> None:
    expected = spans(written_embeds._INSTAGRAM_SHARED.finditer(text))
    assert spans(written_embeds._instagram_matches(text)) == expected


def test_instagram_credits_examples() -> None:
    text = (
        "View this post on Instagram\n\nA post shared by Ana Souza (@ana.s)\n\n"
        "(a) A photo shared by  Ben (@ben) and A video shared by (@x)(@y) "
        "A post shared by A post shared by Zoë (@zoe)"
    )
    found = spans(written_embeds._instagram_matches(text))
    assert found == spans(written_embeds._INSTAGRAM_SHARED.finditer(text))
    assert [h for *_, h in found] == ["ana.s", "ben", "x", "zoe"]


def test_instagram_credits_at_the_pattern_s_limits() -> None:
    """Names of every length up to past the limit, after every kind of gap."""
    for words in ("A post shared by", "a PHOTO shared by", "A video shared by"):
        for gap in (" ", "\n \t", "\u00a0" * 5):
            for length in range(58, 63):
                for name in ("n" * length, " " * length, "n " * (length // 2)):
                    for tail in ("(@h)", " (@h)", "\n(@h)", "(@" + "h" * 30 + ")"):
                        text = f"x (y) {words}{gap}{name}{tail} z"
                        expected = spans(written_embeds._INSTAGRAM_SHARED.finditer(text))
                        assert spans(written_embeds._instagram_matches(text)) == expected, text


PROSE = st.lists(
    st.sampled_from(
        [
            "word", "Word", "ABC", "abc", "x", ".", "!", "?", ":", "…", '"', "'", "”", "’", ")",
            "]", "_", "1", "é", "É", "com", "The", " ", "  ", "\n", "\t", "\u00a0", "\u2028",
            "\u3000", "\x1c", "\u200b", "http://a.b/c", "https://t.co/x", "www.e.org",
            "pic.twitter.com/Ab1", "http", "www",
        ]
    ),
    max_size=40,
).map("".join)  # fmt: skip
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+")
_GLUED = re.compile(
    r"(?:(?<=[^\W_A-Z])|(?<=[)\]\"'”’]))[.!?:][\"'”’]?(?=[A-Z])"
    r"|(?<=[a-z]{3})[.!?](?=[a-z]{2,}\b)"
)


@settings(max_examples=1000, derandomize=True, database=None, deadline=None)
@given(text=PROSE | st.text(max_size=60))
def test_post_length_counts_as_the_patterns_did(text: str) -> None:
    expected = len(re.sub(r"\s+", " ", _URL.sub("x" * 23, text)).strip())
    assert prose.post_length(text) == expected


@settings(max_examples=1000, derandomize=True, database=None, deadline=None)
@given(text=PROSE | st.text(max_size=60))
def test_glued_boundaries_found_as_the_lookbehind_first_pattern_found_them(text: str) -> None:
    expected = [m.span() for m in _GLUED.finditer(text)]
    assert [m.span() for m in prose.GLUED_BOUNDARY.finditer(text)] == expected


def test_glued_boundaries_examples() -> None:
    for text in [
        "the end.Next", "a].Word", 'said".Then', "end’.Next", "x).Y", "x)!”Y", "abc.def",
        "ab.cd", "www.e.org", "end:Now", "A.B", "_.X", "é.É", "1.X", "abc?de", "abc:de",
    ]:  # fmt: skip
        expected = [m.span() for m in _GLUED.finditer(text)]
        assert [m.span() for m in prose.GLUED_BOUNDARY.finditer(text)] == expected, text
