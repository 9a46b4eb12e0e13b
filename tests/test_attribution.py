"""Reading `— Name (@handle) Date` in the shapes scrapers leave it."""

from __future__ import annotations

import pytest

from readertui.detect.attribution import Attribution, find_attributions


def one(text: str) -> Attribution:
    found = list(find_attributions(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "author", "handle", "date", "dashed"),
    [
        ("Words. — Jane Doe (@jdoe) December 2, 2021", "Jane Doe", "jdoe", "2021-12-02", True),
        ("Words. – Jane Doe (@jdoe) December 2, 2021", "Jane Doe", "jdoe", "2021-12-02", True),
        ("Words -- Jane Doe (@jdoe) December 2, 2021", "Jane Doe", "jdoe", "2021-12-02", True),
        ("Words!  Jane Doe (@jdoe) December 2, 2021", "Jane Doe", "jdoe", "2021-12-02", False),
        (
            "Words — Doe, Jane, PhD (@jdoe) Dec 2, 2021",
            "Doe, Jane, PhD",
            "jdoe",
            "2021-12-02",
            True,
        ),
        (
            "Words — Jane 🌻 (she/her) (@jdoe) Dec 2, 2021",
            "Jane 🌻 (she/her)",
            "jdoe",
            "2021-12-02",
            True,
        ),
        (
            "Words — RΞAL (@P8R1OT_REDUX) December 2, 2021",
            "RΞAL",
            "P8R1OT_REDUX",
            "2021-12-02",
            True,
        ),
        ("Words — (@jdoe) December 2, 2021", None, "jdoe", "2021-12-02", True),
        ("will be  404          (@jdoe) December 28, 2017", None, "jdoe", "2017-12-28", False),
        (
            "X!— Elon Musk (@elonmusk) June 5, 2024SpaceX is",
            "Elon Musk",
            "elonmusk",
            "2024-06-05",
            True,
        ),
        (
            "Hi — Ann (@ann@mastodon.social) May 1, 2024",
            "Ann",
            "ann@mastodon.social",
            "2024-05-01",
            True,
        ),
        (
            "Hi — Ann (@ann.bsky.social) May 1, 2024 at 9:15 PM",
            "Ann",
            "ann.bsky.social",
            "2024-05-01",
            True,
        ),
    ],
)
def test_attribution_fields(
    text: str, author: str | None, handle: str, date: str, dashed: bool
) -> None:
    a = one(text)
    assert (a.author, a.handle, a.date, a.dashed) == (author, handle, date, dashed)


def test_attribution_starts_at_the_dash_and_ends_after_the_date() -> None:
    text = "Post words here — Jane Doe (@jdoe) December 2, 2021 and more"
    a = one(text)
    assert text[a.start : a.end] == "— Jane Doe (@jdoe) December 2, 2021"


def test_markdown_link_around_the_date_gives_the_url() -> None:
    text = "> — Jane (@jdoe) [4\\. März 2017](https://twitter.com/jdoe/status/42)\n"
    a = one(text)
    assert a.date == "2017-03-04"
    assert a.url == "https://twitter.com/jdoe/status/42"
    assert text[a.end - 1] == ")"


@pytest.mark.parametrize(
    "text",
    [
        "The assemblyman, who posts as (@ricktan), said nothing.",
        "Follow Jane Doe (@jdoe) for updates on December 2, 2021.",
        "| Sean Spicer | (@seanspicer) |",
        "contact (@ example) December 2, 2021",
    ],
)
def test_handles_without_an_attribution_date_are_not_attributions(text: str) -> None:
    assert list(find_attributions(text)) == []
