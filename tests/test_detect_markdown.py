"""Posts in Markdown: blockquotes with an attribution, raw HTML embeds, and what is not a post."""

from __future__ import annotations

from conftest import analyse, posts, span_text

BLOCKQUOTE_POST = """\
# Title

Intro paragraph.

> Gates are open! Come *early* [#fest](https://twitter.com/hashtag/fest)
> [pic.twitter.com/Tq9](https://t.co/Tq9)
>
> — Harbor Festival (@harborfest) [July 19, 2025](https://twitter.com/harborfest/status/19465?ref_src=twsrc%5Etfw)

After.
"""


def test_blockquote_post_spans_its_markdown_source_and_reads_as_plain_text() -> None:
    [post] = posts(BLOCKQUOTE_POST, "markdown")
    assert span_text(BLOCKQUOTE_POST, post) == (
        "Gates are open! Come *early* [#fest](https://twitter.com/hashtag/fest)\n"
        "> [pic.twitter.com/Tq9](https://t.co/Tq9)"
    )
    assert post.text == "Gates are open! Come early #fest pic.twitter.com/Tq9"
    assert post.url == "https://twitter.com/harborfest/status/19465"
    assert (post.author, post.handle, post.date) == ("Harbor Festival", "harborfest", "2025-07-19")
    assert post.form == "blockquote"


def test_ordinary_blockquotes_and_code_are_not_posts() -> None:
    text = (
        "> We underestimated Saturday by a third. That is on us.\n"
        "> — the festival director\n\n"
        "```\n> GET /queues — 45 minutes (@gate3) July 20, 2025\n```\n\n"
        "    — indented code (@gate4) July 20, 2025\n"
    )
    assert posts(text, "markdown") == []


def test_raw_html_embed_inside_markdown() -> None:
    text = (
        "Intro.\n\n"
        '<blockquote class="twitter-tweet" data-lang="en"><p lang="en" dir="ltr">Sunset &amp; '
        'stage <a href="https://t.co/Vb3">pic.twitter.com/Vb3</a></p>&mdash; The Ledger '
        '(@ledger) <a href="https://twitter.com/ledger/status/1946?ref_src=twsrc%5Etfw">July 20, '
        "2025</a></blockquote>\n"
        '<script async src="https://platform.twitter.com/widgets.js"></script>\n'
    )
    [post] = posts(text, "markdown")
    assert (
        span_text(text, post) == 'Sunset &amp; stage <a href="https://t.co/Vb3">pic.twitter.com/Vb3'
    )
    assert post.text == "Sunset & stage pic.twitter.com/Vb3"
    assert post.url == "https://twitter.com/ledger/status/1946"
    assert post.author == "The Ledger"
    assert post.form == "embed"


def test_wordpress_body_with_blank_lines_is_read_as_one_html_region() -> None:
    text = (
        "---\ntitle: x\n---\n"
        '<div class="entry">\n  <p>\n    Prose.\n  </p>\n  \n'
        '  <blockquote class="twitter-tweet">\n    <p>\n      Tweet text here.\n    </p>\n    \n'
        '    <p>\n      &mdash; Roger (@rdp) <a href="https://twitter.com/rdp/status/5">'
        "September 30, 2014</a>\n    </p>\n  </blockquote>\n</div>\n"
    )
    [post] = posts(text, "markdown")
    assert span_text(text, post) == "Tweet text here."
    assert post.url == "https://twitter.com/rdp/status/5"


def test_a_code_fence_that_never_closes_does_not_hide_the_rest() -> None:
    text = "Intro.\n\n```\n\nStill the article. — Jane (@jane) May 1, 2024\n"
    article = analyse(text, "markdown")
    assert [p.handle for p in article.posts] == ["jane"]
    assert any("never closes" in w for w in article.warnings)


def test_chrome_only_embeds_are_posts_without_text() -> None:
    text = (
        '<blockquote class="mastodon-embed" data-embed-url="https://social.example/@ann/1101/embed">'
        ' <a href="https://social.example/@ann/1101"><svg><path d="M1 2"/></svg>'
        " <div>Post by @ann@social.example</div> <div>View on Mastodon</div></a></blockquote>\n\n"
        '<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.com/@bo/post/DX1">'
        ' <a href="https://www.threads.com/@bo/post/DX1"><div>View on Threads</div></a></blockquote>\n'
    )
    found = posts(text, "markdown")
    assert [(p.platform, p.handle, p.url, p.text, p.start) for p in found] == [
        ("mastodon", "ann@social.example", "https://social.example/@ann/1101", "", None),
        ("threads", "bo", "https://www.threads.com/@bo/post/DX1", "", None),
    ]
    assert text[found[0].span[0] :].startswith("<blockquote")


def test_tiktok_embed_caption_handle_and_author_from_original_sound() -> None:
    text = (
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@velt/video/7228" '
        'data-video-id="7228"> <section> <a title="@velt" href="https://www.tiktok.com/@velt">@velt</a>'
        ' <p>Who throws a sofa in a river?? <a href="https://www.tiktok.com/tag/x">#cleanup</a></p> '
        '<a title="♬ original sound">♬ original sound &#8211; Velt Volunteers</a> </section>'
        "</blockquote>\n"
    )
    [post] = posts(text, "markdown")
    assert (post.platform, post.handle, post.author) == ("tiktok", "velt", "Velt Volunteers")
    assert post.text == "Who throws a sofa in a river?? #cleanup"
    assert (
        span_text(text, post)
        == 'Who throws a sofa in a river?? <a href="https://www.tiktok.com/tag/x">#cleanup'
    )


def test_ids_are_stable_across_edits_elsewhere_and_unique() -> None:
    post = "> Same words.\n>\n> — Jane (@jane) [May 1, 2024](https://twitter.com/jane/status/77)\n"
    first = posts("Intro.\n\n" + post, "markdown")
    edited = posts("A new first paragraph.\n\nIntro, rewritten.\n\n" + post, "markdown")
    assert first[0].id == edited[0].id
    twice = posts("One. — Jane (@jane) May 1, 2024\n\nOne. — Jane (@jane) May 1, 2024\n")
    assert len({p.id for p in twice}) == 2
    assert twice[1].id.startswith(twice[0].id)
