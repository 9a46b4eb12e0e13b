"""Tweets left as a widget's rendered text, or as a site's own tweet card."""

from __future__ import annotations

from readertui.document import Item

from conftest import posts, span_text

WIDGET = """The mayor answered within minutes.

Ana Ruiz ✔ @anaruiz_hc
Follow
The pier is open to walkers from Monday. Come and see it!
3:05 PM - Apr 1, 2018
1,234 Retweets 5,678 Likes
Twitter Ads info and privacy

Business owners were less happy.

Harbor Ledger
@harborledger
Replying to @anaruiz_hc
What about the deliveries?
10:45 PM - 07 Jun 2019

The end of the story.
"""
EXPECTED = [
    (
        "anaruiz_hc",
        "Ana Ruiz",
        "2018-04-01",
        "The pier is open to walkers from Monday. Come and see it!",
    ),
    ("harborledger", "Harbor Ledger", "2019-06-07", "What about the deliveries?"),
]


def fields(found: list[Item]) -> list[tuple[str | None, ...]]:
    return [(p.handle, p.author, p.date, p.text) for p in found]


def test_a_scraped_widget_in_text_is_a_post_its_chrome_left_out() -> None:
    found = posts(WIDGET)
    assert fields(found) == EXPECTED
    assert span_text(WIDGET, found[0]) == EXPECTED[0][3]
    assert WIDGET[slice(*found[0].span)].endswith("Twitter Ads info and privacy")


def test_a_scraped_widget_in_a_markdown_quote_is_a_post() -> None:
    lines = WIDGET.split("\n")
    quoted = [
        ("> " + line if line else ">") if 2 <= i <= 7 or 11 <= i <= 15 else line
        for i, line in enumerate(lines)
    ]
    assert fields(posts("\n".join(quoted), "markdown")) == EXPECTED


def test_a_sites_own_tweet_card_is_a_post() -> None:
    html = (
        "<p>The ferry company answered at once.</p>"
        '<div class="tweet-card"><div class="byline"><b>Harbor Ferries</b> '
        '<span class="handle">@harborferries</span></div>'
        "<p>Crossings resume on Monday at seven.</p>"
        '<div class="time">10:45 PM - 07 Jun 2019</div></div>'
        "<p>Nobody believed it.</p>"
    )
    [post] = posts(html, "html")
    assert (post.handle, post.author, post.date, post.text) == (
        "harborferries",
        "Harbor Ferries",
        "2019-06-07",
        "Crossings resume on Monday at seven.",
    )


def test_a_time_in_prose_without_a_byline_is_not_a_post() -> None:
    text = "The vote ended at 10:45 PM - 07 Jun 2019 was the date on the minutes.\n"
    assert posts(text) == []
