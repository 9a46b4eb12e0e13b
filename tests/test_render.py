"""Rendering to readable text, and the way back from every shown character to the source."""

from __future__ import annotations

from pathlib import Path

import pytest

from readertui.article import load_article
from readertui.document import Article

from conftest import SAMPLE_FILES, analyse


def styled(article: Article, name: str) -> list[str]:
    return [article.display[s.start : s.end] for s in article.styles if s.name == name]


def assert_maps_back(article: Article) -> None:
    """Every shown character that stands verbatim in the source maps to that very character."""
    checked = 0
    for i, char in enumerate(article.display):
        s = article.srcmap.to_source(i)
        if char.strip() and s < len(article.source) and article.source[s] == char:
            checked += 1
            continue
        start, end = article.srcmap.source_span(i, i + 1)
        # Otherwise it stands for markup (an entity, an escape) or was added by rendering.
        assert end >= start
    assert checked > len(article.display.replace(" ", "").replace("\n", "")) * 0.8


def test_plain_text_is_shown_exactly_as_written() -> None:
    text = "\ufeff# Not a heading\n\n*not emphasis* [not a link](x) <b>not html</b>\n"
    article = analyse(text, "text")
    assert article.display == text[1:]
    assert article.styles == []
    assert [article.display[b.start : b.end] for b in article.blocks] == [
        "# Not a heading",
        "*not emphasis* [not a link](x) <b>not html</b>",
    ]
    assert article.srcmap.to_source(0) == 1


def test_markdown_renders_structure_and_styles() -> None:
    text = (
        "# Title\n\nSome *em* and **strong** and `code` and [a link](https://example.org).\n\n"
        "- one\n- two\n\n1. first\n\n> quoted\n\n```\ncode  block\n```\n\n---\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    article = analyse(text, "markdown")
    blocks = [(b.kind, article.display[b.start : b.end]) for b in article.blocks]
    assert blocks == [
        ("heading", "Title"),
        ("paragraph", "Some em and strong and code and a link."),
        ("list_item", "one"),
        ("list_item", "two"),
        ("list_item", "first"),
        ("paragraph", "quoted"),
        ("code", "code  block"),
        ("rule", "───"),
        ("table_row", "a │ b"),
        ("table_row", "1 │ 2"),
    ]
    assert "• one\n• two" in article.display
    assert "1. first" in article.display
    assert styled(article, "em") == ["em"]
    assert styled(article, "strong") == ["strong"]
    assert styled(article, "code") == ["code"]
    assert [(link.href, article.display[link.start : link.end]) for link in article.links] == [
        ("https://example.org", "a link")
    ]
    quote = article.blocks[5]
    assert quote.container is not None and quote.quote_depth == 1
    assert article.containers[quote.container].kind == "blockquote"
    assert_maps_back(article)


def test_markdown_escapes_and_entities_map_to_their_markup() -> None:
    text = "4\\. März &amp; more\n"
    article = analyse(text, "markdown")
    assert article.display == "4. März & more"
    dot = article.display.index(".")
    assert article.srcmap.source_span(dot, dot + 1) == (1, 3)
    amp = article.display.index("&")
    assert text[slice(*article.srcmap.source_span(amp, amp + 1))] == "&amp;"


def test_front_matter_is_a_quiet_block_of_fields_not_parsed() -> None:
    text = '---\ntitle: "A post: *not* emphasis"\ntags: [a, b]\nnested:\n  - x\n---\n\n# Heading\n'
    article = analyse(text, "markdown")
    assert [(b.kind, article.display[b.start : b.end]) for b in article.blocks] == [
        ("front_matter", "Title: A post: *not* emphasis\nTags: a, b\nnested:\n  - x"),
        ("heading", "Heading"),
    ]
    # The values are the file's own characters: a find or a highlight maps back to them.
    value = article.display.index("A post")
    start, end = article.srcmap.source_span(value, value + len("A post: *not* emphasis"))
    assert text[start:end] == "A post: *not* emphasis"


def test_front_matter_after_a_byte_order_mark() -> None:
    text = "\ufeff---\ntitle: A post\n---\n\n> Words. — Jane (@jane) [May 1, 2024](https://x.com/jane/status/9)\n"
    article = analyse(text, "markdown")
    assert article.blocks[0].kind == "front_matter"
    [post] = article.posts
    assert text[post.start : post.end] == "Words."


def test_html_renders_text_collapses_space_and_skips_scripts() -> None:
    text = (
        "<html><head><title>T</title><style>p{}</style></head><body>"
        "<h1>Head  line</h1><p>One\n   two &amp; three<br>four</p>"
        "<script>var x = '<blockquote class=\"twitter-tweet\">';</script>"
        "<ul><li>item</li></ul><p>&nbsp;</p></body></html>"
    )
    article = analyse(text, "html")
    assert [(b.kind, article.display[b.start : b.end]) for b in article.blocks] == [
        ("heading", "Head line"),
        ("paragraph", "One two & three\nfour"),
        ("list_item", "item"),
    ]
    assert article.containers == []
    assert_maps_back(article)


def test_html_blockquote_is_a_container_with_its_attributes() -> None:
    text = '<p>a</p><blockquote class="twitter-tweet" data-lang="en"><p>b</p></blockquote>'
    article = analyse(text, "html")
    [c] = article.containers
    assert (c.kind, dict(c.attrs)) == ("blockquote", {"class": "twitter-tweet", "data-lang": "en"})
    assert article.display[c.start : c.end] == "b"
    assert text[c.source_start : c.source_end] == text[text.index("<blockquote") :]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_maps_back_to_its_source(path: Path) -> None:
    assert_maps_back(load_article(path))
