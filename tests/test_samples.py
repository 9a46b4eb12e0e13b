"""The sample articles: every post they hold, found with the right fields and spans."""

from __future__ import annotations

import pytest

from readertui.article import load_article

from conftest import SAMPLE_FILES, SAMPLES

# For each sample: (handle, author, date, first words, last words) of each post, in order.
EXPECTED: dict[str, list[tuple[str | None, str | None, str | None, str, str]]] = {
    "council-vote.txt": [
        (
            "rosadelgado_hc",
            "Rosa Delgado",
            "2025-03-04",
            "Six votes to three.",
            "pic.twitter.com/Hb7dQ2mZ1a",
        ),
        (
            "HarborLedger",
            "The Harbor Ledger",
            "2025-03-04",
            "BREAKING: Harbor City",
            "pic.twitter.com/Kd8sW2xYy0",
        ),
        ("feldbait", "Marco Feld", "2025-03-05", "My shop has been", "called me once."),
        ("walkharbor", "Walk Harbor City", "2025-03-04", "We did it!!", "#Pier9 #HarborCity"),
        (
            "HCTransport",
            "Harbor City Transport",
            "2025-03-05",
            "Twenty minutes?",
            "open session on the 12th.",
        ),
    ],
    "flattened-variants.txt": [
        ("priyaraman", "Priya Raman", "2024-06-02", "The reservoir report", "before Thursday."),
        (
            "anasouza_mph",
            "Dr. Ana Souza, MPH",
            "2024-06-03",
            "Three boil-water",
            "not a coincidence",
        ),
        (
            "lakesidelib",
            "Lakeside Library 📚 (Main Branch)",
            "2024-06-03",
            "Tap water",
            "news for once.",
        ),
        ("drip_watcher", None, "2024-06-04", "Anyone else's water", "swimming pool today?"),
        (
            "lakesidewatch",
            "Lakeside Watch",
            "2024-06-04",
            "RT @priyaraman:",
            "worse than we feared.",
        ),
        ("cmoreau_eau", "Claire Moreau", "2024-06-05", "La ville de Lakeside", "l'eau potable."),
        ("dferrer", "Diego Ferrer", "2024-06-05", "El informe", "desde marzo."),
        ("jkeller", "Jonas Keller", "2024-06-05", "Der Bericht", "endlich öffentlich."),
        (
            "LakesideWater",
            "Lakeside Water Board",
            "2024-06-06",
            "Full report here",
            "https://t.co/Lk3RpQ8vNn",
        ),
        (
            "lakesideschools",
            "Lakeside Schools",
            "2024-06-06",
            "We are testing",
            "Results by Friday.",
        ),
        (
            "benokafor",
            "Councillor Ben Okafor",
            "2024-06-07",
            "Here is where we are:",
            "nothing has been installed.",
        ),
        ("MayorVoss", "Mayor Ellen Voss", "2024-06-08", "The filters will be", "You have my word."),
    ],
    "scraped-glued.txt": [
        (
            "GovMarianneHale",
            "Marianne Hale",
            "2024-11-06",
            "We won because",
            "See you in the capitol!",
        ),
        (
            "tombrecker",
            "Tom Brecker",
            "2024-11-06",
            "Congratulations to",
            "did not vote for you too.",
        ),
        ("samdoesntvote", "Sam", "2024-11-06", "who doubted you?", "literally nobody"),
        (
            "lenaortiz_news",
            "Lena Ortiz",
            "2024-11-07",
            "Thanking your doubters",
            "pic.twitter.com/Wn4Yb6TtQe",
        ),
        (
            "GovMarianneHale",
            None,
            "2024-11-07",
            "Some people are still upset.",
            "doing something right.",
        ),
    ],
    "live-blog-storm.txt": [
        ("WeatherOfficeBW", "Weather Office", "2024-10-14", "RED WARNING", "if you can."),
        ("selbyferries", "Selby Ferries", "2024-10-14", "All sailings", "update at noon."),
        (
            "hannahlowe_bw",
            "Hannah Lowe",
            "2024-10-14",
            "The sea wall",
            "pic.twitter.com/Zr4Tq8WvYu",
        ),
        ("BWPower", "Brackwater Power", "2024-10-14", "About 18,000 homes", "as it is safe."),
        ("joemarsh77", "Joe Marsh", "2024-10-14", "Still no power", "Great."),
        ("bwschools", "Brackwater Schools", "2024-10-14", "All schools", "Stay safe everyone."),
        ("MayorWhitfield", "Dana Whitfield", "2024-10-14", "Please, please", "Marine Parade now."),
        (
            "BWTraffic",
            "Brackwater Traffic",
            "2024-10-14",
            "Ring Road closed",
            "Use the A12 instead.",
        ),
        (
            "ellisbaycomm",
            "Ellis Bay Community",
            "2024-10-14",
            "Ellis Bay community hall",
            "pets too 🐶",
        ),
        (
            "SelbyCoastguard",
            "Selby Coastguard",
            "2024-10-14",
            "Our crew has been",
            "More when we can.",
        ),
        ("selbyferries", "Selby Ferries", "2024-10-14", "Update: sailings", "drops as forecast."),
        (
            "SelbyCoastguard",
            "Selby Coastguard",
            "2024-10-14",
            "All three people",
            "crew of the lifeboat.",
        ),
        (
            "WeatherOfficeBW",
            "Weather Office",
            "2024-10-14",
            "The red warning",
            "easing from the west.",
        ),
        ("BWPower", "Brackwater Power", "2024-10-14", "Power has been restored", "on the rest."),
    ],
    "harbor-festival.md": [
        ("harborfest", "Harbor Festival", "2025-07-19", "Gates are open!", "sold out twice 🌮"),
        (
            "ravimenon",
            "Ravi Menon",
            "2025-07-19",
            "An hour in this queue",
            "pic.twitter.com/Tq9Lm2Wx8c",
        ),
        (
            "HarborLedger",
            "The Harbor Ledger",
            "2025-07-20",
            "Sunset over the main stage",
            "pic.twitter.com/Vb3Nq7Lp2s",
        ),
    ],
    "multilingual.md": [
        ("nordfaehre", "Nordfähre AG", "2025-03-03", "Ab Montag fahren", "um Verständnis."),
        ("syndic_marins", "Syndicat des Marins", "2025-03-04", "Solidarité totale", "sont justes."),
        (
            "puertovigo_news",
            "Puerto de Vigo Noticias",
            "2025-03-05",
            "Desde Vigo",
            "son también los nuestros.",
        ),
    ],
    "wordpress-export.md": [
        (
            "veltriver",
            "Velt River Trust",
            "2023-04-29",
            "2,140 kg of rubbish",
            "all 380 volunteers!",
        ),
        ("veltriver@social.example.org", None, None, "", ""),
        ("velt_volunteers", "Velt Volunteers", None, "Who throws a sofa", "#velt"),
    ],
    "brackets-and-markup.txt": [
        (
            "dailyferrytech",
            "Daily Ferry Tech",
            "2024-08-11",
            "[bold]Status:[/bold] the CMS",
            "[#updates]",
        ),
    ],
    "no-posts.txt": [],
    # A site's own tweet card, a Facebook plugin frame, placeholders carrying only a tweet's
    # id or address, a tweet embed left with only its link; the sidebar's tweet is furniture.
    "ferry-strike-cards.html": [
        ("nadiaferrante", "Nadia Ferrante", "2025-03-14", "We asked for two", "So here we are."),
        ("bayferries", None, None, "", ""),
        (None, None, None, "", ""),
        ("bay_commuter", None, None, "", ""),
        ("mayorokafor", None, None, "", ""),
    ],
    # Tweet widgets as a scraper leaves their text: byline, words, time, counts.
    "scraped-widgets.txt": [
        ("lakesidepower", "Lakeside Power", "2025-11-11", "Crews are out", "fallen lines."),
        ("martaq_lakeside", "Marta Quinlan", "2025-11-11", "Thursday??", "driven past."),
    ],
    # Paragraphs as single lines: a post left with only its picture's link; a post quoted
    # with "> " lines after a lead-in.
    "scraped-lines.txt": [
        ("baycrewsunion", "Bay Crews Union", "2025-03-17", "pic.twitter.com/", "Qm4Lp9Rt2x"),
        ("pellhartigan", "Pell Hartigan", "2025-03-17", "Six boats,", "again tomorrow."),
    ],
    # A tweet widget's text in a Markdown quote; a Bluesky embed named by a DID whose
    # attribution has no date and a name with "(they/them)".
    "widget-quotes.md": [
        ("lakesidepower", "Lakeside Power", "2025-11-11", "Crews are out", "Thursday evening."),
        (
            "eastside.lakeside.example",
            "East Side Lakeside (they/them)",
            None,
            "East side checking in:",
            "very loud generator.",
        ),
    ],
    "saved-page.html": [
        (
            "northshoreferry",
            "North Shore Ferries",
            "2025-05-12",
            "We are ready.",
            "pic.twitter.com/Fe7rYq2Lp1",
        ),
        (
            "ellenvoss.bsky.social",
            "Ellen Voss",
            "2025-05-12",
            "A ferry nobody",
            "before a single boat sails.",
        ),
        ("history@social.lakeside.example", None, None, "", ""),
        (
            "captainhal",
            "Hal Brenner",
            "2025-05-12",
            "The last page of the logbook",
            "on the water again.",
        ),
        (
            "lakesidestudents",
            "Lakeside Students",
            None,
            "The moment the council said YES",
            "#lakeside",
        ),
        (
            "lakesidecouncil",
            "Lakeside Council",
            "2025-05-12",
            "Council has voted 7-2",
            "on our website.",
        ),
        (None, None, None, "", ""),  # the YouTube video
        ("shoreline_sam", None, None, "The ferry is coming back!", "coming back!"),
        ("harbourmaster_ls", None, None, "", ""),
        ("lakesidepolice", None, None, "", ""),
    ],
    "fragment.html": [
        (
            "veltriver",
            "Velt River Trust",
            "2023-04-29",
            "2,140 kg out of the Velt",
            "all 380 volunteers!",
        ),
    ],
    "static-site.md": [
        ("nightlinerail", None, None, "", ""),
        ("railfan_rita", None, None, "", ""),
        ("trainspotter_tom", None, None, "", ""),
        ("nadiafarouk", "Nadia Farouk", "2025-03-14", "Sleeper cabin, night one.", "#nighttrain"),
        (None, None, None, "", ""),  # the YouTube shortcode
    ],
    "latin1-page.html": [
        ("lucieb_quai", "Lucie Berthier", "2025-05-10", "Enfin !", "toujours aussi bon."),
    ],
}

# The quotations in each sample's prose: (speaker, first words).
QUOTES = {
    "council-vote.txt": [
        ("Rosa Delgado", "We were asked to choose"),
        ("Marco Feld", "no idea how customers"),
        ("The mayor", "respect the council’s decision"),
        ("One commuter", "add twenty minutes"),
    ],
    "saved-page.html": [
        (
            "Ben Okafor",
            "This is the best news the north shore has had in twenty-five years, People",
        ),
        ("Ellen Voss", "ignored the cost to every household"),
        ("Ben Okafor", "proud of every person"),
    ],
    "fragment.html": [("Tomas Lindqvist", "It was the biggest haul")],
    "static-site.md": [
        ("Nadia Farouk", "like a film from another century"),
        ("a spokesperson for the operator", "We will add a second train"),
    ],
    "latin1-page.html": [("Adèle Marchand", "Nous avons attendu ce jour")],
    "no-posts.txt": [("Speaker Joan Ruiz", "a budget nobody loves")],
    # A role before the name, "he" after a second part, a pronoun after "X added that",
    # an apposition naming the person and "who said".
    "ferry-strike-cards.html": [
        ("Teo Marsh", "We gave them every chance"),
        ("Teo Marsh", "Nobody wanted the boats"),
        ("Ilse Brandt", "There is no danger"),
        ("Ruth Calloway", "We want the boats back"),
    ],
    # A role before the name; "she" resolved to the person named before (not the company);
    # a surname alone given the full name.
    "scraped-lines.txt": [
        ("Teo Marsh", "We are not going back"),
        ("Ruth Calloway", "I sat in that room"),
        ("Ilse Brandt", "Nobody is breaking"),
        ("Ilse Brandt", "I just want everyone"),
    ],
    # An organisation and a title before the name, after the quotation.
    "widget-quotes.md": [("Dana Pruitt", "We are doing everything")],
    "scraped-widgets.txt": [
        ("Colm Reyes", "We are doing everything"),
        ("Colm Reyes", "Thursday is our honest"),
        ("Ellen Voss", "Nobody in this town"),
    ],
}


@pytest.mark.parametrize("name", sorted(QUOTES))
def test_sample_quotations(name: str) -> None:
    quotes = load_article(SAMPLES / name).quotes
    assert [q.author for q in quotes] == [speaker for speaker, _ in QUOTES[name]]
    for quote, (_, start) in zip(quotes, QUOTES[name], strict=True):
        assert quote.text.startswith(start)


def test_every_sample_has_expectations() -> None:
    assert sorted(EXPECTED) == [p.name for p in SAMPLE_FILES]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_posts(name: str) -> None:
    article = load_article(SAMPLES / name)
    got = [
        (
            p.handle,
            p.author,
            p.date,
            p.text[: len(first)],
            p.text[len(p.text) - len(last) :] if last else "",
        )
        for p, (_, _, _, first, last) in zip(article.posts, EXPECTED[name], strict=False)
    ]
    assert got == EXPECTED[name]
    assert len(article.posts) == len(EXPECTED[name])
    for post in article.posts:
        assert post.kind == "post"
        assert 0 <= post.span[0] < post.span[1] <= len(article.source)
        if post.start is not None and post.end is not None:
            assert post.span[0] <= post.start < post.end <= post.span[1]
            if article.format == "text":
                assert article.source[post.start : post.end] == post.text


def test_samples_cover_the_required_forms() -> None:
    live = load_article(SAMPLES / "live-blog-storm.txt")
    assert len(live.posts) >= 12
    forms = {p.form for name in EXPECTED for p in load_article(SAMPLES / name).posts}
    assert forms == {"flattened", "blockquote", "embed", "url", "shortcode"}
    platforms = {p.platform for name in EXPECTED for p in load_article(SAMPLES / name).posts}
    assert platforms == {
        "twitter", "bluesky", "mastodon", "threads", "instagram", "tiktok", "facebook",
        "youtube", "reddit",
    }  # fmt: skip
