"""Where flattened posts start and end in plain text: one case per form, spans checked exactly."""

from __future__ import annotations

from conftest import posts, span_text


def spans(text: str) -> list[tuple[str | None, str]]:
    return [(p.handle, span_text(text, p)) for p in posts(text)]


def test_post_on_its_own_paragraph_with_the_attribution_on_the_same_line() -> None:
    text = (
        "The mayor spoke on Monday.\n\n"
        "We are closing the pier pic.twitter.com/AbC123 — Rosa Delgado (@rosad) March 4, 2025\n\n"
        "More prose follows."
    )
    [post] = posts(text)
    assert span_text(text, post) == "We are closing the pier pic.twitter.com/AbC123"
    assert (post.author, post.handle, post.date, post.platform) == (
        "Rosa Delgado",
        "rosad",
        "2025-03-04",
        "twitter",
    )
    assert post.text == span_text(text, post)
    assert post.url is None
    assert post.kind == "post"
    assert text[post.span[0] : post.span[1]].endswith("March 4, 2025")


def test_paragraphs_inside_a_post_are_separated_by_longer_gaps() -> None:
    text = (
        "Prose paragraph.\n\n"
        "First line of the post.\n\n\n\nSecond line. https://t.co/x1 — News (@news) May 1, 2024\n\n"
        "Next paragraph of the article."
    )
    assert spans(text) == [
        ("news", "First line of the post.\n\n\n\nSecond line. https://t.co/x1"),
    ]


def test_an_ordinary_paragraph_gap_ends_the_post() -> None:
    text = (
        "Baldwin is getting roasted on social media.\n\n"
        "No, I don't feel guilty — Tom Elliott (@tom) December 3, 2021\n\n"
        "Another.\n"
    )
    assert spans(text) == [("tom", "No, I don't feel guilty")]


def test_attribution_on_its_own_line_after_the_post() -> None:
    text = (
        "Schools will test every fountain.\n\n"
        "We are testing every fountain this week.\n\n"
        "— Lakeside Schools (@lakesideschools) June 6, 2024\n"
        "Parents can find the schedule online."
    )
    assert spans(text) == [("lakesideschools", "We are testing every fountain this week.")]


def test_short_opener_in_the_authors_voice_belongs_to_the_post() -> None:
    text = (
        "The deadline passed in the night.\n\n"
        "Here's where we're at: \n\n"
        "The House refuses to act on the budget.\n\n"
        "— Nancy Q (@nancyq) January 20, 2018\n"
    )
    assert spans(text) == [
        ("nancyq", "Here's where we're at: \n\nThe House refuses to act on the budget.")
    ]


def test_an_article_lead_in_ending_in_a_colon_is_prose() -> None:
    text = (
        "Intro.\n\n"
        "The council member answered critics on Twitter:\n\n"
        "Six votes to three. — Rosa (@rosa) March 4, 2025\n\n"
        "A double hyphen, and a display name with a comma:\n\n"
        "Three notices -- Dr. Ana Souza, MPH (@anasouza) June 3, 2024\n"
    )
    assert spans(text) == [("rosa", "Six votes to three."), ("anasouza", "Three notices")]


def test_glued_paragraphs_are_cut_at_the_last_glued_sentence_boundary() -> None:
    text = (
        "He wanted to say thanks.It went down badly.What kind of leader says this? Only him!"
        "  Bishop Swan (@bswan) December 31, 2017no one likes you  Calvin (@calvin) December 31, "
        "2017Others were less polite.who asked you?  Sam (@sam) December 31, 2017The end."
    )
    assert spans(text) == [
        ("bswan", "What kind of leader says this? Only him!"),
        ("calvin", "no one likes you"),
        ("sam", "who asked you?"),
    ]


def test_glued_boundaries_ignore_links_domains_and_abbreviations() -> None:
    text = (
        "Prose ends here.Read it at cnn.com and pic.twitter.com/AbCd in the U.S.A today. "
        "Stats.71 rounds.  Phil (@phil) December 29, 2017"
    )
    assert spans(text) == [
        ("phil", "Read it at cnn.com and pic.twitter.com/AbCd in the U.S.A today. Stats.71 rounds.")
    ]


def test_colon_glued_to_the_post_after_a_lead_in() -> None:
    text = "The spy took to Twitter and blasted the decision:Threats are outrageous.  John (@jb) December 21, 2017Done."
    assert spans(text) == [("jb", "Threats are outrageous.")]


def test_post_quoted_in_prose_then_embedded_in_full_starts_at_the_embed() -> None:
    quote = "I want to wish all of my friends, supporters, enemies and haters a Happy New Year"
    text = (
        "He could not just wish everyone a happy new year. " + quote + ",  he tweeted.  "
        "2018 will be great! " + quote + ". 2018 will be great!  Donald (@dj) December 31, 2017"
    )
    [post] = posts(text)
    assert span_text(text, post) == quote + ". 2018 will be great!"


def test_broadcaster_skip_wrapper_is_not_part_of_the_post() -> None:
    text = (
        "He addressed it directly.Skip Twitter post by Mayor Ellen Voss The filters come this month."
        "    — Mayor Ellen Voss (@MayorVoss) June 8, 2024 Report End of Twitter post by @MayorVoss"
    )
    assert spans(text) == [("MayorVoss", "The filters come this month.")]


def test_dash_glued_to_a_link_and_date_glued_to_the_next_sentence() -> None:
    text = "Prose.\n\nFull report https://t.co/Lk3— Water Board (@water) June 6, 2024The board met."
    assert spans(text) == [("water", "Full report https://t.co/Lk3")]


def test_retweet_chain_keeps_the_rt_prefix() -> None:
    text = "Intro.\n\nRT @priya: The report is out. — Lakeside Watch (@lwatch) June 4, 2024\n"
    [post] = posts(text)
    assert post.handle == "lwatch"
    assert post.text == "RT @priya: The report is out."


def test_consecutive_posts_do_not_reach_into_each_other() -> None:
    text = "One. — A (@a) May 1, 2024\nTwo. — B (@b) May 2, 2024\nThree. — C (@c) May 3, 2024"
    assert spans(text) == [("a", "One."), ("b", "Two."), ("c", "Three.")]


def test_prose_quoting_a_post_and_naming_accounts_is_not_a_post() -> None:
    text = (
        "Voss tweeted that the filters would be installed “by the end of the month,” and "
        "Okafor (@benokafor) replied on June 8, that he would “believe it when it runs clear.”\n\n"
        "Follow @lakesidewatch for updates. The vote — held on June 2, 2024 — passed."
    )
    assert posts(text) == []


def test_other_languages_dates() -> None:
    text = (
        "Intro.\n\nLa ville publie le rapport. — Claire (@claire) 5 juin 2024\n\n"
        "El informe confirma todo. — Diego (@diego) 5 de junio de 2024\n"
    )
    assert [(p.handle, p.date, p.text) for p in posts(text)] == [
        ("claire", "2024-06-05", "La ville publie le rapport."),
        ("diego", "2024-06-05", "El informe confirma todo."),
    ]


def test_attribution_with_nothing_before_it_is_a_post_without_text() -> None:
    text = "— Jane Doe (@jdoe) December 2, 2021\n\nProse."
    [post] = posts(text)
    assert post.handle == "jdoe"
    assert (post.text, post.start, post.end) == ("", None, None)


def test_mastodon_and_bluesky_handles_set_the_platform() -> None:
    text = (
        "A toot. — Ann (@ann@mastodon.social) May 1, 2024\n\n"
        "A skeet. — Bo (@bo.bsky.social) May 2, 2024 at 9:15 PM\n"
    )
    assert [(p.platform, p.handle) for p in posts(text)] == [
        ("mastodon", "ann@mastodon.social"),
        ("bluesky", "bo.bsky.social"),
    ]


def test_offsets_count_code_points_and_skip_a_bom() -> None:
    text = "\ufeff😀 Intro.\n\nÉmoji 🎉 post — Zoë (@zoe) May 1, 2024"
    [post] = posts(text)
    assert span_text(text, post) == "Émoji 🎉 post"


def test_short_first_line_in_the_authors_voice_after_prose_naming_the_author() -> None:
    text = (
        "The ferry reopened on Monday.\n\n"
        "The owner, Ada Quill, thanked the crew in a reply that evening.\n\n"
        "Thank you doesn't begin to cover it.\n\n"
        "You came out in that weather for us.\n"
        "Ada Quill (@adaquill) August 19, 2023\n\n"
        "Not everyone agreed.\n\n"
        "Slow and late again. — Ada Quill (@adaquill) August 20, 2023\n"
    )
    assert spans(text) == [
        (
            "adaquill",
            "Thank you doesn't begin to cover it.\n\nYou came out in that weather for us.",
        ),
        ("adaquill", "Slow and late again."),
    ]


def test_a_dash_inside_a_display_name() -> None:
    text = "Intro.\n\nTold you so. Eleven routes. — Sam — the bus guy (@sambus) June 14, 2024\n"
    [post] = posts(text)
    assert (post.author, span_text(text, post)) == (
        "Sam — the bus guy",
        "Told you so. Eleven routes.",
    )


def test_handle_and_date_inside_a_post_are_not_an_attribution() -> None:
    text = (
        "Intro.\n\nI met the council (@towncc) on June 3, 2024 to ask for support. None came. "
        "— Clare Holt (@clareholt) June 15, 2024\n"
    )
    assert spans(text) == [
        ("clareholt", "I met the council (@towncc) on June 3, 2024 to ask for support. None came.")
    ]


# A scrape that kept no blank lines: each paragraph one line.
LINES_ONLY_PIC = (
    "The ferry strike entered its third day on Sunday.\n"
    '"We are not going back without two crews," Nadia Ferrante wrote.\n'
    "The company and the union traded blame over the weekend, each saying the other walked out.\n"
    "pic.twitter.com/Fe7rYq2Lp1 — Nadia Ferrante (@nadiaferrante) March 16, 2025\n"
    "Talks resume on Monday.\n"
)
LINES_QUOTED = (
    "The ferries sailed again on Monday.\n"
    "The mayor welcomed the deal on X, saying the bay was back to normal.\n"
    "> The boats are back!\n"
    "> Thank you to every crew member.\n"
    "> — Ben Okafor (@mayorokafor) March 17, 2025\n"
    "Commuters were relieved.\n"
)


def test_a_post_left_with_only_its_picture_link_is_that_line() -> None:
    [post] = posts(LINES_ONLY_PIC)
    assert (post.handle, post.text) == ("nadiaferrante", "pic.twitter.com/Fe7rYq2Lp1")


def test_a_post_quoted_with_angle_brackets_after_a_lead_in_starts_at_its_first_line() -> None:
    [post] = posts(LINES_QUOTED)
    assert post.handle == "mayorokafor"
    assert post.text.startswith("The boats are back!")
    assert post.text.endswith("Thank you to every crew member.")
