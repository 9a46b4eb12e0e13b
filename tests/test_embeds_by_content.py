"""Embeds recognised by what they carry (a post's address or id), not by a list of sites; and
kept whatever the page's main-content extraction decides."""

from __future__ import annotations

import pytest

from readertui.platforms import post_ref_of

from conftest import posts

PAGE = (
    "<!doctype html><html><head><title>Harbor news</title></head><body>"
    '<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>'
    "{article}"
    "<footer><p>Harbor Ledger, all rights reserved. Contact us.</p></footer>"
    "</body></html>"
)
PROSE = (
    "<p>The council voted on Tuesday night to close the pier to cars for the rest of the year, "
    "after a long debate that went on until almost midnight and filled the public gallery.</p>"
    "<p>Business owners along the waterfront said they had not been asked, and several of them "
    "promised to bring the question back to the council before the summer season begins.</p>"
)


@pytest.mark.parametrize(
    ("attrs", "platform", "post_id"),
    [
        ({"data-tweet-id": "1470123456789012345"}, "twitter", "1470123456789012345"),
        ({"data-twitter-id": "1470123456789012345"}, "twitter", "1470123456789012345"),
        (
            {"class": "embed embed--twitter", "data-embed-id": "1470123456789012345"},
            "twitter",
            "1470123456789012345",
        ),
        (
            {"data-embedded-url": "https://twitter.com/harborfan/status/1470123456789012345"},
            "twitter",
            "1470123456789012345",
        ),
        (
            {"data-post-url": "https://www.instagram.com/p/Cx1Yz2AbCd/"},
            "instagram",
            "Cx1Yz2AbCd",
        ),
        (
            {
                "src": "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook."
                "com%2Fharborcity%2Fposts%2F123456789&width=500"
            },
            "facebook",
            "123456789",
        ),
    ],
)
def test_an_element_carrying_a_posts_address_or_id_names_it(
    attrs: dict[str, str], platform: str, post_id: str
) -> None:
    ref = post_ref_of(attrs)
    assert ref is not None and (ref.platform, ref.post_id) == (platform, post_id)


@pytest.mark.parametrize(
    "attrs",
    [
        {"data-id": "1470123456789012345"},  # an id of something: nothing says it is a tweet
        {"data-embed-id": "12"},
        {"src": "https://pbs.twimg.com/media/abc.jpg"},
        {"data-url": "https://twitter.com/harborfan"},  # a profile, not a post
    ],
)
def test_an_element_carrying_no_post_names_none(attrs: dict[str, str]) -> None:
    assert post_ref_of(attrs) is None


def test_a_sites_placeholder_with_only_a_tweet_id_is_a_post() -> None:
    html = (
        "<p>Before the vote, the mayor wrote online.</p>"
        '<div class="social-placeholder" data-tweet-id="1470123456789012345"></div>'
        "<p>After it, nobody did.</p>"
    )
    [post] = posts(html, "html")
    assert post.platform == "twitter" and post.url is not None
    assert post.url.endswith("/1470123456789012345")


def test_a_facebook_plugin_iframe_is_a_post() -> None:
    html = (
        "<p>The ferry company answered on its page.</p>"
        '<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook'
        '.com%2Fharborferries%2Fposts%2F987654321" width="500" height="600"></iframe>'
        "<p>It did not say when.</p>"
    )
    [post] = posts(html, "html")
    assert (post.platform, post.handle) == ("facebook", "harborferries")


def test_embeds_outside_the_pages_article_element_are_kept() -> None:
    article = f"<article><h1>Pier closes to cars</h1>{PROSE * 3}</article>"
    tweet = (
        '<blockquote class="twitter-tweet"><p lang="en">The pier is ours again!</p>&mdash; '
        'Walk Harbor (@walkharbor) <a href="https://twitter.com/walkharbor/status/1470000000000'
        '000001">March 4, 2025</a></blockquote>'
    )
    page = PAGE.format(article=article + f"<div class='story-extras'>{tweet}</div>")
    [post] = posts(page, "html")
    assert (post.handle, post.text) == ("walkharbor", "The pier is ours again!")


def test_a_page_all_furniture_shows_its_embeds_rather_than_nothing() -> None:
    tweets = "".join(
        '<blockquote class="twitter-tweet"><p lang="en">Post number '
        f"{n} about the pier.</p>&mdash; Walk Harbor (@walkharbor) "
        f'<a href="https://twitter.com/walkharbor/status/14700000000000000{n}">March 4, 2025</a>'
        "</blockquote>"
        for n in range(4)
    )
    page = PAGE.format(article=f'<aside class="sidebar">{PROSE}{tweets}</aside>')
    assert [p.text for p in posts(page, "html")] == [
        f"Post number {n} about the pier." for n in range(4)
    ]


def test_an_embed_without_text_is_shown_as_a_line_naming_it_where_it_stands() -> None:
    from conftest import analyse

    html = (
        "<p>Before the vote.</p>"
        '<div class="social-placeholder" data-tweet-id="1470123456789012345"></div>'
        '<iframe src="https://www.youtube.com/embed/AbCdEfGh123"></iframe>'
        "<p>After it.</p>"
    )
    article = analyse(html, "html")
    assert article.display.split("\n\n") == [
        "Before the vote.",
        "[twitter post]",
        "[youtube post]",
        "After it.",
    ]
    shown = [article.display[slice(*article.srcmap.display_span(*p.span))] for p in article.posts]
    assert shown == ["[twitter post]", "[youtube post]"]  # what the article pane highlights
    assert [p.text for p in article.posts] == ["", ""]
