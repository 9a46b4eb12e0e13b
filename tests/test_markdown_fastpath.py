"""The Markdown fast paths give exactly markdown-it's tokens, and so does parsing one
top-level block at a time and its inline content only when it is reached, as the renderer does.

`formats/mdrules.py` builds the children of plain inline content directly and returns plain
URLs from link normalisation at once. Whole token streams (type, tag, content, markup, map,
level, attrs, children, ...) are compared with those of the same parser without the fast paths,
on every sample article and on generated Markdown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt, helpers
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.rules_core import inline
from markdown_it.token import Token

from readertui.formats import mdrules
from readertui.formats.markdown import _MarkdownRenderer, _parseable
from readertui.formats.markdown_parser import BLOCKS, fill_children, new_parser, parse_tokens
from readertui.formats.mdrules import top_level_blocks
from test_fuzz import articles

from conftest import SAMPLE_FILES

#: Real commands, pseudo-terminals or many generated inputs: left out of `-m "not slow"`.
pytestmark = pytest.mark.slow


FAST = new_parser()
SLOW = new_parser(fast_paths=False)


def filled(tokens: list[Token], env: dict[str, object]) -> list[Token]:
    """Each inline token's children filled as the renderer fills them, once it reaches it."""
    for token in tokens:
        if token.type == "inline":
            assert token.children == []  # nothing parsed ahead of time
            fill_children(token, env)
    return tokens


def streamed(text: str) -> list[Token]:
    """The tokens as the renderer streams them: one top-level block at a time."""
    env: dict[str, object] = {}
    blocks = list(top_level_blocks(BLOCKS, text, env))
    return filled([token for block in blocks for token in block], env)


def same_tokens(text: str) -> None:
    fast, slow = FAST.parse(text), SLOW.parse(text)
    # Tokens are dataclasses: == compares every field, children included.
    assert fast == slow
    env: dict[str, object] = {}
    assert filled(parse_tokens(text, env), env) == slow
    readable = _parseable(text)  # line ends and NULs as the renderer hands them over
    assert streamed(readable) == SLOW.parse(readable)


def same_rendering(text: str) -> None:
    """Rendering block by block, as articles are rendered, gives what rendering the whole
    token stream gives: display text, source map, blocks, styles, links, warnings."""
    streamed = _MarkdownRenderer(text).render_streaming()
    whole = _MarkdownRenderer(text).render()
    if streamed is None:  # a link reference definition, or a fence left open
        assert "]:" in text or any("never closes" in w for w in whole.warnings)
        return
    assert (streamed.display, streamed.blocks, streamed.containers) == (
        whole.display,
        whole.blocks,
        whole.containers,
    )
    assert (streamed.links, streamed.styles, streamed.warnings) == (
        whole.links,
        whole.styles,
        whole.warnings,
    )
    length = len(streamed.display)
    for d in range(0, length + 1, max(1, length // 500)):
        assert streamed.srcmap.to_source(d) == whole.srcmap.to_source(d)


def test_the_fast_paths_are_installed() -> None:
    assert FAST.core.ruler.getRules("") != SLOW.core.ruler.getRules("")
    assert FAST.normalizeLink is mdrules._normalize_link


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_articles(path: Path) -> None:
    same_tokens(path.read_text(encoding="utf-8", errors="replace"))
    same_rendering(path.read_text(encoding="utf-8", errors="replace"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain words",
        "plain  \nhard break",
        "soft \nbreak\n  indented\tnext",
        "tab\t\nbreak",
        "continued\n\tafter a tab\n \t mixed",
        "trailing   \n   \nx",
        "a\\\nb",
        "# heading   \n\nlist:\n- one  \n- two",
        "| a | b |\n|---|---|\n| c  | d |",
        "> quoted line  \n> more\n>\n> — Jane (@j) May 1, 2024",
        "x &amp; y",
        "a ~b~ *c* _d_ `e` [f](g) ![h](i) <j> <http://k.l>",
        "[ref]\n\n[ref]: http://example.org",
        "[a][late] and [late]\n\n> [b][late]\n\n- [late]: http://example.org 'title'",
        "text with - dashes: colons @handles #tags and 100% = {}",
        "before\n```\nnever closed\n\nstill code",
        "- item\n```\n  indented after an open fence",
        "> quoted\n> ```py\n> x\n\nafter",
        "para\n\n\n\n- a\n\n- b\n\n  more of b\n\n1) one\n2) two\n\n---\nSetext\n===",
    ],
)
def test_examples(text: str) -> None:
    same_tokens(text)
    same_rendering(text)


FUZZ = settings(
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LINE_PIECES = st.sampled_from(
    [
        "word", "two words", " ", "  ", "   ", "\t", "\n", "\n\n", "  \n", " \n", "\t\n", "\n  ", "\n\t",
        "> ", "- ", "1. ", "# ", "---", "|", "*", "**", "_", "~", "~~", "`", "[", "]", "(", ")",
        "!", "<", ">", "&", "&amp;", "\\", "\\\n", ":", "-", "#", "@", "é", "\u00a0", "\u3000",
        "https://example.org/a?b=c#d", "[x](https://e.org/p)", "<br>", "\r\n", "\x00",
    ]
)  # fmt: skip
markdownish = st.lists(LINE_PIECES, max_size=40).map("".join)


@FUZZ
@given(text=markdownish)
def test_generated_markdown(text: str) -> None:
    same_tokens(text)
    same_rendering(text)


@FUZZ
@given(text=articles)
def test_generated_articles(text: str) -> None:
    same_tokens(text)
    same_rendering(text)


def test_a_parser_with_other_inline_rules_keeps_markdown_its_own() -> None:
    md = MarkdownIt("commonmark").enable("linkify")  # linkify reacts to plain words
    mdrules.install_fast_paths(md)
    assert inline in md.core.ruler.getRules("")


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(url=st.from_regex(mdrules._PLAIN_URL, fullmatch=True) | st.text(max_size=40))
def test_plain_urls_normalise_as_markdown_it_does(url: str) -> None:
    assert mdrules._normalize_link(url) == normalizeLink(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org",
        "https://example.org/",
        "http://a.b/c?d=e&f=g#h",
        "https://www.tiktok.com/@user/video/1",
        "https://x.org/%41%zz",
        "https://x.org/a b",
        "https://EXAMPLE.org/",
        "https://exämple.org/",
        "https://" + "a" * 64 + ".org/",
        "https://" + ".".join(["a" * 60] * 5) + "/",
        "https://x.org:80/",
        "https://user@x.org/",
        "mailto:a@b.c",
        "javascript:alert(1)",
        "//x.org/",
    ],
)
def test_urls_normalise_as_markdown_it_does(url: str) -> None:
    assert mdrules._normalize_link(url) == normalizeLink(url)


DESTINATION_CHARS = st.sampled_from(
    [*list("ab/:.?=#%&;()<>\\ \t\n\x00\x1f\x7f\"'é"), "&amp;", "\\)"]
)


@settings(max_examples=500, derandomize=True, database=None, deadline=None)
@given(text=st.lists(DESTINATION_CHARS, max_size=20).map("".join), data=st.data())
def test_link_destinations_read_as_markdown_it_reads_them(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    maximum = data.draw(st.integers(pos, len(text) + 2))
    fast = mdrules._link_destination(text, pos, maximum)
    slow = helpers.parseLinkDestination(text, pos, maximum)
    assert (fast.ok, fast.pos, fast.str) == (slow.ok, slow.pos, slow.str)  # type: ignore[attr-defined]


LINKS = st.sampled_from(
    [
        "[a link](https://example.org/1)", "[x](y)", "[](z)", "[a](b \"t\")", "[a](<b c>)",
        "[a](b(c))", "[a](b\\)c)", "[a]( b )", "[a](\nb)", "![i](u)", "[a][r]", "[r]",
        "[r]: https://r.org/\n", "[*e*](f)", "[a](&amp;)", "[a](ja va)", "[[n]](m)", "(", ")",
    ]
)  # fmt: skip
links = st.lists(LINKS | LINE_PIECES, max_size=20).map("".join)


@FUZZ
@given(text=links)
def test_generated_links(text: str) -> None:
    same_tokens(text)


EMPHASIS_PIECES = st.sampled_from(
    [
        "*", "**", "***", "_", "__", " ", "  ", "a", "Bc", "9", ".", ",", "!", "?", ":", ";",
        "'", '"', ")", "(", "%", "é", "\u00a0", "\t", "-", "!", "[x](https://e.org/1)",
        "[a b](y)", "![i](u)", "]", "[", "&amp;", "\\*", "`c`", "~~", "<b>", "\n",
    ]
)  # fmt: skip
emphasis = st.lists(EMPHASIS_PIECES, max_size=25).map("".join)


@settings(
    max_examples=1500,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=emphasis)
def test_generated_emphasis_and_links(text: str) -> None:
    same_tokens(text)


@pytest.mark.parametrize(
    "text",
    [
        "a *b.* c [d](https://e.org/1).",
        "*Sentence words.* and [a link](https://example.org/12).",
        "**d**", "**d** e", "a **d**", "*d*", "[x](y)", "__d__ [a](b)", "_a_ __b__ *c* **d**",
        "x *a*b", "x *a *b*", "*a*!", "Wow! *a* [b](c) !", "a ![b](c)", "a![b](c) d",
        "*a* [b](c)*d*", "[b](c)(d)", "[b](javascript:x)", "[b](&amp;)", "*é*", "*a\u00a0*",
        "***a***", "**a*", "*a**", "a * b *", "[a]", "[a](b c)", "[](x)", "x *1%* y",
        "a_b_ c", "x _a_b c", "a__b__ c", "x *\u00a0a* y", "x _\u00a0a_ y", "*a.*.", "_a._.",
    ],
)  # fmt: skip
def test_emphasis_and_link_examples(text: str) -> None:
    same_tokens(text)


def test_simple_emphasis_and_links_take_the_fast_path() -> None:
    for text in ["a *b.* c [d](https://e.org/1).", "**d** e", "_a_ [b](c)", "Wow! [b](c)"]:
        assert mdrules._simple_inline(text, FAST) is not None, text
    for text in ["x *a*b", "a ![b](c)", "[b](javascript:x)", "*é*", "plain"]:
        assert mdrules._simple_inline(text, FAST) is None, text


def test_lazy_inline_content_refuses_a_parser_with_rules_after_inline() -> None:
    # text_join runs after `inline`: filling children one block at a time would skip it.
    with pytest.raises(ValueError, match="inline"):
        mdrules.inline_children(MarkdownIt("commonmark"))
