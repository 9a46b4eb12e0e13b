"""What official embeds print around a post's words: names and links read, chrome left out."""

from __future__ import annotations

from conftest import posts

REDDIT_GLUED = (
    "<p>Intro text of the page.</p>"
    '<blockquote class="reddit-embed-bq">'
    '<a href="https://www.reddit.com/r/harbor/comments/abc123/ferry_is_back/">Ferry is back!</a>'
    '<br>by<a href="https://www.reddit.com/user/shore_sam/">u/shore_sam</a>'
    'in<a href="https://www.reddit.com/r/harbor/">harbor</a></blockquote><p>After.</p>'
)


def test_reddit_user_comes_from_the_profile_link_when_the_byline_is_glued() -> None:
    [post] = posts(REDDIT_GLUED, "html")
    assert (post.platform, post.handle, post.text) == ("reddit", "shore_sam", "Ferry is back!")
    assert post.url == "https://www.reddit.com/r/harbor/comments/abc123/ferry_is_back/"


def test_bluesky_image_placeholder_is_not_part_of_the_post() -> None:
    html = (
        '<p>Intro.</p><blockquote class="bluesky-embed"><p lang="en">A ferry nobody asked for.'
        " [image or embed]</p>&mdash; Ellen Voss "
        '(<a href="https://bsky.app/profile/did:plc:x">@ellenvoss.bsky.social</a>) '
        '<a href="https://bsky.app/profile/did:plc:x/post/3k">May 12, 2025 at 9:14 AM</a>'
        "</blockquote><p>After.</p>"
    )
    [post] = posts(html, "html")
    assert post.text == "A ferry nobody asked for."
    assert (post.author, post.handle, post.date) == (
        "Ellen Voss",
        "ellenvoss.bsky.social",
        "2025-05-12",
    )


def test_flattened_mastodon_embed_in_text_is_a_post_with_its_handle() -> None:
    text = (
        "Intro paragraph of the story.\n\n"
        "Post by @history@social.lakeside.example\nView on Mastodon\n\n"
        "After paragraph.\n"
    )
    [post] = posts(text)
    assert (post.platform, post.handle, post.text) == (
        "mastodon",
        "history@social.lakeside.example",
        "",
    )


def test_post_by_in_prose_is_not_an_embed() -> None:
    text = "Intro.\n\nPost by @history@social.lakeside.example drew a hundred replies.\n"
    assert posts(text) == []


def test_hugo_percent_shortcode_is_read_once() -> None:
    text = 'Intro.\n\n{{% tweet user="harborfest" id="19465" %}}\n\nAfter.\n'
    [post] = posts(text, "markdown")
    assert (post.platform, post.handle, post.form) == ("twitter", "harborfest", "shortcode")


def test_youtube_shortcode_names_the_video() -> None:
    [post] = posts("Intro.\n\n{{< youtube dQw4w9WgXcQ >}}\n\nAfter.\n", "markdown")
    assert post.platform == "youtube"
    assert post.url is not None and "dQw4w9WgXcQ" in post.url


def test_bluesky_embed_named_by_did_with_an_undated_attribution_takes_its_links_name() -> None:
    html = (
        "<p>Intro.</p>"
        '<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc123/app.bsky.feed.'
        'post/3kq"><p>Two hobbies, one ferry.<br><br>Me: why?</p> &mdash; Shore Sam (they/them)'
        ' (<a href="https://bsky.app/profile/shoresam.bsky.social/post/3kq">'
        "@shoresam.bsky.social</a>) </blockquote><p>After.</p>"
    )
    [post] = posts(html, "html")
    assert (post.handle, post.author) == ("shoresam.bsky.social", "Shore Sam (they/them)")
    assert post.url == "https://bsky.app/profile/shoresam.bsky.social/post/3kq"
    assert post.text.endswith("Me: why?")


def test_a_tweet_embed_left_with_only_its_empty_link_is_that_post() -> None:
    status = "https://twitter.com/shoresam/status/1470000000000000001"
    html = f'<p>Intro.</p><blockquote class="twitter-tweet"><a href="{status}"></a></blockquote>'
    [post] = posts(html + "<p>After.</p>", "html")
    assert (post.handle, post.url, post.text) == ("shoresam", status, "")


def test_an_attribution_whose_date_link_is_empty_still_names_the_post() -> None:
    status = "https://twitter.com/shoresam/status/1470000000000000001"
    html = (
        '<p>Intro.</p><blockquote class="twitter-tweet"><p lang="en">The pier is ours.</p>'
        f'&mdash; <a href="{status}?ref_src=twsrc%5Etfw"></a></blockquote><p>After.</p>'
    )
    [post] = posts(html, "html")
    assert (post.handle, post.url, post.text) == ("shoresam", status, "The pier is ours.")
