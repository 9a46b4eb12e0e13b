"""Direct quotations in prose: a truth set of made-up sentences, each with its speaker."""

from __future__ import annotations

import pytest

from readertui.article import load_article
from readertui.source import Format

from conftest import SAMPLES, analyse


def quotes(text: str, fmt: Format = "text") -> list[tuple[str | None, str]]:
    return [(q.author, q.text) for q in analyse(text, fmt).quotes]


CASES = [
    # speaker after the quotation
    (
        "“We dodged a bullet,” said Steve Cowan, a spokesman for the department.",
        [("Steve Cowan", "We dodged a bullet,")],
    ),
    (
        '"It was a small fortune," Jennifer Peterson told CNN affiliate WUSA.',
        [("Jennifer Peterson", "It was a small fortune,")],
    ),
    (
        "“Six votes to three is a clear answer,” council member Rosa Delgado said after the vote.",
        [("Rosa Delgado", "Six votes to three is a clear answer,")],
    ),
    # speaker before it
    (
        "The mayor said: “We will rebuild the pier by the spring, whatever it costs.”",
        [("The mayor", "We will rebuild the pier by the spring, whatever it costs.")],
    ),
    (
        "Alec Quill claimed he “didn’t pull the trigger” in the shooting.",
        [("Alec Quill", "didn’t pull the trigger")],
    ),
    (
        "Marco Feld, who runs a bait shop, told reporters he had “no idea how anyone gets here.”",
        [("Marco Feld", "no idea how anyone gets here.")],
    ),
    (
        "According to Rosa Delgado, “the vote was never really in doubt.”",
        [("Rosa Delgado", "the vote was never really in doubt.")],
    ),
    # one quotation split by its attribution
    (
        "“We were asked to choose,” Delgado said. “Nobody should pretend it was easy.”",
        [("Delgado", "We were asked to choose, Nobody should pretend it was easy.")],
    ),
    # pronouns and surnames resolve to the person named
    (
        "Marco Feld runs a bait shop. “Nobody called me even once,” he said.",
        [("Marco Feld", "Nobody called me even once,")],
    ),
    (
        "Ana Souza spoke first. “The water is safe,” Souza said. Later Ben Okafor arrived. “It is not safe,” he said.",
        [("Ana Souza", "The water is safe,"), ("Ben Okafor", "It is not safe,")],
    ),
    # speaker named in the previous sentence
    (
        "Feld told reporters he was furious. “Nobody from the council called me.”",
        [("Feld", "Nobody from the council called me.")],
    ),
    # a quotation over two paragraphs
    (
        "“This is the first paragraph of a long quote.\n\n“And this is the second,” Ana Souza said.",
        [("Ana Souza", "This is the first paragraph of a long quote.\n\nAnd this is the second,")],
    ),
    # other languages and marks
    (
        "Der Minister sagte: „Wir werden die Brücke bis zum Frühjahr bauen.“",
        [("Der Minister", "Wir werden die Brücke bis zum Frühjahr bauen.")],
    ),
    (
        "Le maire a déclaré : « Nous reconstruirons le quai avant le printemps. »",
        [("Le maire", "Nous reconstruirons le quai avant le printemps.")],
    ),
    (
        "The players' union said the offer was 'completely unacceptable to every member'.",
        [("The players' union", "completely unacceptable to every member")],
    ),
    # the sentence's full stop is not part of the name; an initial's or "Jr."'s point is
    ("“We will build it,” said Jane Doe.", [("Jane Doe", "We will build it,")]),
    (
        "“We will build it,” said Martin Luther King Jr.",
        [("Martin Luther King Jr.", "We will build it,")],
    ),
    # two speakers, each named just before their words: two quotations, not one split by
    # the second's attribution
    (
        "Voss tweeted that the filters would be installed “by the end of the month,” and Okafor"
        " replied that he would “believe it when the water runs clear.”",
        [("Voss", "by the end of the month,"), ("Okafor", "believe it when the water runs clear.")],
    ),
    (
        "Voss said, “the pier stays closed to all cars for now,” and Okafor replied, “we will"
        " see about that soon.”",
        [
            ("Voss", "the pier stays closed to all cars for now,"),
            ("Okafor", "we will see about that soon."),
        ],
    ),
    # a speaker named in a clause of its own is not the quotation's: still one, split
    (
        "After Smith said the plan failed, “we must try again,” Jones said. “It is our only road.”",
        [("Jones", "we must try again, It is our only road.")],
    ),
    # titles and organisations before a name, and where the person works after it
    (
        "“The roads are clear now,” KXTV meteorologist Dana Pruitt said.",
        [("Dana Pruitt", "The roads are clear now,")],
    ),
    (
        "“We take that seriously,” the agency’s deputy director Omar Lind said on Monday.",
        [("Omar Lind", "We take that seriously,")],
    ),
    (
        "“The balloons will fly today,” Patrol Chief Ivo Marsh with the Harbor City Police"
        " Department said.",
        [("Ivo Marsh", "The balloons will fly today,")],
    ),
    # a pronoun is the last *person*, the subject first, not the last capitalised words
    (
        "Weather forecaster Lena Holt expected snow for the Upper Valley. But, she added: “The"
        " worst of it is over for now.”",
        [("Lena Holt", "The worst of it is over for now.")],
    ),
    (
        "Tomas Breyer said he flew from New Harbor to San Remo. “The airport was empty,” he"
        " said in an e-mail.",
        [("Tomas Breyer", "The airport was empty,")],
    ),
    (
        "Kai Ortmann claimed he beat Rudi Vance in every round. He said: “Nobody trains as hard"
        " as I do.”",
        [("Kai Ortmann", "Nobody trains as hard as I do.")],
    ),
    # page furniture in capitals glued to the attribution is not the speaker
    (
        "Jo Vidal stayed calm. FREE BETS AND OFFERS He said: “I will win this fight easily.”",
        [("Jo Vidal", "I will win this fight easily.")],
    ),
    # frames without a speech verb after the speaker
    (
        "A new book quotes former aide Nils P. Arendt as asking, “What did we even promise?”",
        [("Nils P. Arendt", "What did we even promise?")],
    ),
    (
        "The post from Harbor Weekly reads, “The pier is closed to cars from Monday.” Ada Brun"
        " shared it, saying, “Finally some good news for walkers.”",
        [
            ("Harbor Weekly", "The pier is closed to cars from Monday."),
            ("Ada Brun", "Finally some good news for walkers."),
        ],
    ),
    (
        "Ada Brun took to her blog, which she runs alone, to comment, noting that “the pier"
        " was never meant for cars.”",
        [("Ada Brun", "the pier was never meant for cars.")],
    ),
    (
        "Ada Brun states, “The council listened this time.”",
        [("Ada Brun", "The council listened this time.")],
    ),
    # a quotation ended by its full stop, then a sentence about someone else: not theirs
    (
        "Kai Ortmann told us he was fit. “I am ready.” Vance claimed he had barely trained at all.",
        [("Kai Ortmann", "I am ready.")],
    ),
    # two quotations, each with its own attribution, are two (the README's split one is one)
    (
        "“We will rebuild the pier by spring,” Ana Ruiz said. “It will cost far more than we"
        " planned,” she said.",
        [
            ("Ana Ruiz", "We will rebuild the pier by spring,"),
            ("Ana Ruiz", "It will cost far more than we planned,"),
        ],
    ),
    (
        "“We will rebuild the pier by spring,” Ana Ruiz said.\n“It will cost far more than we"
        " planned,” Ben Okafor said.",
        [
            ("Ana Ruiz", "We will rebuild the pier by spring,"),
            ("Ben Okafor", "It will cost far more than we planned,"),
        ],
    ),
    # a name in capitals (a tabloid's first words) is a name; a short first-person line in
    # capitals is speech, not a title
    (
        "RUTH CALLOWAY has warned the union “I’m No Pushover Here” as talks resume.",
        [("RUTH CALLOWAY", "I’m No Pushover Here")],
    ),
    # not quotations
    ("The so-called “experts” agreed with a “very dishonest” media.", []),
    ("It ran in a piece called “How to Build an Autocracy” last year.", []),
    ("He didn’t say it; the players’ union didn’t either.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_quotations_and_speakers(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert quotes(text) == expected


def test_quotation_offsets_point_at_the_quoted_words() -> None:
    text = "Intro.\n\n“We dodged a bullet,” said Steve Cowan.\n"
    [q] = analyse(text).quotes
    assert text[q.start : q.end] == "We dodged a bullet,"
    assert text[q.span[0] : q.span[1]] == "“We dodged a bullet,”"
    assert (q.kind, q.platform, q.handle, q.form) == ("quote", None, None, "quotation")


def test_quotes_inside_posts_and_code_are_not_article_quotations() -> None:
    text = (
        "Intro.\n\n"
        "“We are closing the pier,” she said. — Rosa (@rosa) March 4, 2025\n\n"
        "```\nprint(“not a quotation at all, just code”)\n```\n"
    )
    article = analyse(text, "markdown")
    assert [p.handle for p in article.posts] == ["rosa"]
    assert article.quotes == []


def test_the_seed_article_has_two_quotations_of_baldwin() -> None:
    # The project's own copy of the seed's structure, with invented text.
    text = (
        "Alec Quill claimed he “didn’t pull the trigger” in the fatal shooting.\n\n"
        "Quill told a friend that he doesn’t feel guilty.\n\n"
        "“Someone put a live bullet in a gun,” Quill said. “Someone is responsible, but "
        "it’s not me.”\n\n"
        "He is getting roasted online.\n\n"
        "Quill: “No, no” I don’t feel guilty pic.twitter.com/AbC — Tom Ell (@tomell) December 3, 2021\n"
    )
    article = analyse(text)
    assert [(q.author, q.text[:30]) for q in article.quotes] == [
        ("Alec Quill", "didn’t pull the trigger"),
        ("Alec Quill", "Someone put a live bullet in a"),
    ]
    assert [p.handle for p in article.posts] == ["tomell"]


def test_quotations_in_the_samples() -> None:
    article = load_article(SAMPLES / "council-vote.txt")
    expected = [
        ("Rosa Delgado", "We were asked to choose between a parking lot"),
        ("Marco Feld", "no idea how customers are supposed to get here now."),
        ("The mayor", "respect the council’s decision"),
        ("One commuter", "add twenty minutes to every delivery"),
    ]
    got = [(q.author, q.text) for q in article.quotes]
    assert [a for a, _ in got] == [a for a, _ in expected]
    assert all(text.startswith(start) for (_, text), (_, start) in zip(got, expected, strict=True))
