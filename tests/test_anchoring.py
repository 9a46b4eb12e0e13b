"""Coded items found again after their article changed; what cannot be found stays an orphan.

Each test codes a made-up article with a `CodingSession`, edits the article, reopens it and
checks which item holds which codes. Every item gets a note naming it, so a code that moved to
the wrong item shows.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import readertui.store.anchor_search as anchor_search
import readertui.store.anchoring as anchoring
from readertui.annotations import Annotation, Annotations
from readertui.article import article_from_text, load_article
from readertui.codebook import DEFAULT
from readertui.document import Article, Item
from readertui.session import CodingSession
from readertui.store.anchoring import reanchor
from readertui.store.naming import plain_sidecar
from readertui.store.sidecar import SidecarWriter

from conftest import FIXTURES, SAMPLES, as_records

FIVE = (FIXTURES / "five-posts.txt").read_text(encoding="utf-8")
FELD = "My shop has been on this pier for 31 years. Nobody from the council called me once."
WALK = "We did it!! Pier 9 belongs to walkers, kids and pelicans now 🐦 #Pier9 #HarborCity"


def open_session(path: Path) -> CodingSession:
    return CodingSession(load_article(path), coder="alice", clock=lambda: "2026-01-02T03:04:05Z")


def code_every_item(path: Path, text: str) -> None:
    """Write the article, then give each item a code and a note naming it."""
    path.write_text(text, encoding="utf-8")
    with open_session(path) as s:
        for n, item in enumerate(s.items):
            s.code(n, "1")
            s.set_note(n, f"note of {item.handle or item.author}")


def reopen(path: Path, text: str) -> CodingSession:
    path.write_text(text, encoding="utf-8")
    return open_session(path)


def notes(s: CodingSession) -> dict[str, str]:
    """Who each current item is -> the note it holds now."""
    return {
        f"{item.handle or item.author}": s.annotation(n).note
        for n, item in enumerate(s.items)
        if s.annotation(n).note
    }


def stored(path: Path) -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads(plain_sidecar(path).read_text(encoding="utf-8"))
    return list(data["annotations"])


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "council-vote.txt"
    code_every_item(path, FIVE)
    return path


HANDLES = ["rosadelgado_hc", "HarborLedger", "feldbait", "walkharbor", "HCTransport"]
EVERYONE = {h: f"note of {h}" for h in HANDLES}


# -- the edits a newsroom makes ----------------------------------------------------------
def test_words_changed_inside_a_post_keep_their_codes(story: Path) -> None:
    with reopen(story, FIVE.replace("called me once.", "ever called me.")) as s:
        feld = next(n for n, item in enumerate(s.items) if item.handle == "feldbait")
        assert notes(s) == EVERYONE
        assert s.annotation(feld).tags == {"stance": ("support",)}
        assert s.orphans == []
        assert s.notice is not None
        assert "5 of 5 coded posts were found again (1 by approximate match)." in s.notice
        new_id = s.items[feld].id
        # Saved on opening, under the post's new id, without waiting for a change.
        record = next(r for r in stored(story) if r["post"]["handle"] == "feldbait")
        assert record["post"]["id"] == new_id != "feldbait-ffcc7d09d4"
        assert record["quote"]["exact"] == FELD.replace("called me once.", "ever called me.")
        assert record["note"] == "note of feldbait"
    with open_session(story) as again:
        assert again.notice is None  # found once, said once
        assert notes(again) == EVERYONE


def test_paragraphs_inserted_and_removed_before_posts(story: Path) -> None:
    edited = "Editor's note: updated with reactions.\n\n" + FIVE.replace(
        "Reaction online was immediate.", "Reaction online was immediate, and loud."
    ).replace("Residents who had campaigned for the closure celebrated outside city hall.\n\n", "")
    with reopen(story, edited) as s:
        assert notes(s) == EVERYONE and s.orphans == []
        assert s.notice is not None and "5 of 5 coded posts were found again." in s.notice
        s.code(1, "2")
    text = story.read_text(encoding="utf-8")
    for record in stored(story):  # saved with where each post is now
        quote = record["quote"]
        assert text[quote["start"] : quote["end"]] == quote["exact"]


def test_a_post_whose_date_was_corrected_is_found_by_its_words(story: Path) -> None:
    """Its id changes with the date; its unchanged words, shifted by an insertion, find it."""
    edited = "A new first paragraph.\n\n" + FIVE.replace(
        "(@walkharbor) March 4, 2025", "(@walkharbor) March 5, 2025"
    )
    with reopen(story, edited) as s:
        assert notes(s) == EVERYONE and s.orphans == []
        assert s.notice is not None and "(1 by" not in s.notice


def test_posts_reordered_and_one_of_them_edited(story: Path) -> None:
    paragraphs = FIVE.split("\n\n")
    rosa = next(i for i, p in enumerate(paragraphs) if p.startswith("Six votes"))
    feld = next(i for i, p in enumerate(paragraphs) if p.startswith("My shop"))
    paragraphs[rosa], paragraphs[feld] = paragraphs[feld], paragraphs[rosa]
    edited = "\n\n".join(paragraphs).replace("Thank you to everyone", "Thanks to everyone")
    with reopen(story, edited) as s:
        assert [item.handle for item in s.items][:3] == [
            "feldbait",
            "HarborLedger",
            "rosadelgado_hc",
        ]
        assert notes(s) == EVERYONE and s.orphans == []
        assert s.notice is not None and "(1 by approximate match)" in s.notice


def test_a_deleted_post_becomes_an_orphan_kept_in_the_file(story: Path) -> None:
    [gone] = [r for r in stored(story) if r["post"]["handle"] == "feldbait"]
    written = json.dumps(gone, ensure_ascii=False)
    edited = FIVE.replace(FELD + " — Marco Feld (@feldbait) March 5, 2025\n\n", "")
    with reopen(story, edited) as s:
        assert notes(s) == {h: n for h, n in EVERYONE.items() if h != "feldbait"}
        assert [r.raw for r in s.orphans] == [gone]
        assert s.notice is not None
        assert "4 of 5 coded posts were found again; 1 is kept in the file as an orphan." in (
            s.notice
        )
        s.code(0, "3")
    assert written in plain_sidecar(story).read_text(encoding="utf-8")  # byte for byte
    with open_session(story) as again:  # and still there, still an orphan, the time after
        assert [r.raw for r in again.orphans] == [gone]


def test_whitespace_reflowed(story: Path) -> None:
    edited = (
        FIVE.replace(
            "Six votes to three. Pier 9 is closed", "Six votes to three.\nPier 9 is  closed"
        )
        .replace("We did it!! Pier 9 belongs to", "We did it!!\nPier 9  belongs to")
        .replace("(@walkharbor) March 4", "(@walkharbor)  March 5")
        .replace(". ", ".  ")
    )
    with reopen(story, edited) as s:
        assert notes(s) == EVERYONE and s.orphans == []
        assert s.notice is not None and "approximate" not in s.notice


# -- never the wrong item ----------------------------------------------------------------
SHORT_POST = "We did it!! — Walk Harbor City (@walkharbor) March {day}, 2025\n\n"
SHORT = "Title\n\n{prose}" + SHORT_POST + "More.\n"


def test_a_short_post_goes_to_the_post_not_to_the_same_words_in_prose(tmp_path: Path) -> None:
    """After the edit the prose holds the post's words exactly where the post was, after the
    same text: the stored position, verified, and the prefix would both pick the prose."""
    path = tmp_path / "short.txt"
    code_every_item(path, SHORT.format(prose="", day=4))
    edited = SHORT.format(prose="We did it!! was all the organisers wrote at first.\n\n", day=5)
    [before] = stored(path)
    assert edited[before["quote"]["start"] : before["quote"]["end"]] == "We did it!!"
    with reopen(path, edited) as s:
        assert [item.kind for item in s.items] == ["post"]
        assert notes(s) == {"walkharbor": "note of walkharbor"}


def test_a_posts_codes_never_go_to_a_quotation_of_the_same_words(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    quoted = "The crowd chanted “We did it!!” all along the pier.\n\n"  # no speaker to tell
    text = SHORT.format(prose=quoted, day=4)
    path.write_text(text, encoding="utf-8")
    with open_session(path) as s:
        assert [(item.kind, item.text) for item in s.items] == [
            ("quote", "We did it!!"),
            ("post", "We did it!!"),
        ]
        s.set_note(1, "the post")
    with reopen(path, text.replace(SHORT_POST.format(day=4), "")) as s:
        assert [item.kind for item in s.items] == ["quote"]
        assert notes(s) == {}
        assert [r.annotation.note for r in s.orphans] == ["the post"]


def test_a_short_posts_words_inside_a_longer_post_do_not_take_its_codes(tmp_path: Path) -> None:
    """The deleted post's exact words are in another post by the same account, but cover only
    a small part of it."""
    path = tmp_path / "two.txt"
    short = "We did it!! — Walk Harbor City (@walkharbor) March 4, 2025"
    longer = f"{WALK} — Walk Harbor City (@walkharbor) March 5, 2025"
    path.write_text(f"Title\n\n{short}\n\n{longer}\n", encoding="utf-8")
    with open_session(path) as s:
        s.set_note(0, "the short one")
    with reopen(path, f"Title\n\n{longer}\n") as s:
        assert notes(s) == {}
        assert [r.annotation.note for r in s.orphans] == ["the short one"]


def test_the_same_words_by_another_account_do_not_take_the_codes(tmp_path: Path) -> None:
    path = tmp_path / "copies.txt"
    copy = f"{WALK} — Copy Cat (@copycat_bot) March 4, 2025"
    original = f"{WALK} — Walk Harbor City (@walkharbor) March 4, 2025"
    path.write_text(f"Title\n\n{original}\n\n{copy}\n", encoding="utf-8")
    with open_session(path) as s:
        s.set_note(0, "the real one")
    with reopen(path, f"Title\n\n{copy}\n") as s:
        assert notes(s) == {}
        assert [r.annotation.note for r in s.orphans] == ["the real one"]


def test_copies_of_one_post_are_told_apart_by_their_context(tmp_path: Path) -> None:
    """The same post embedded twice has ids `x` and `x-2`; when the first copy goes, the
    second becomes `x`, yet keeps its own codes, and the first copy's are the orphan."""
    path = tmp_path / "live.txt"
    post = f"{WALK} — Walk Harbor City (@walkharbor) March 4, 2025"
    text = f"Title\n\n09:00 The vote is on.\n\n{post}\n\n21:00 Still celebrating.\n\n{post}\n"
    path.write_text(text, encoding="utf-8")
    with open_session(path) as s:
        first, second = s.items
        assert second.id == f"{first.id}-2"
        s.set_note(0, "the morning copy")
        s.set_note(1, "the evening copy")
    with reopen(path, text.replace(f"{post}\n\n21:00", "21:00")) as s:
        [left] = s.items
        assert left.id == first.id
        assert s.annotation(0).note == "the evening copy"
        assert [r.annotation.note for r in s.orphans] == ["the morning copy"]


def test_copies_with_the_same_context_are_told_apart_by_where_they_moved(tmp_path: Path) -> None:
    """A long insertion moves both copies past each other's old places: the copies are
    expected where the posts placed before them moved, not where they were."""
    path = tmp_path / "live.txt"
    post = f"{WALK} — Walk Harbor City (@walkharbor) March 4, 2025"
    block = (
        f"An update from the pier, as it came in:\n\n{post}\n\nMore updates to follow later on.\n\n"
    )
    text = f"Title\n\n{FELD} — Marco Feld (@feldbait) March 5, 2025\n\n{block}{block}End.\n"
    path.write_text(text, encoding="utf-8")
    with open_session(path) as s:
        s.set_note(0, "feld")
        s.set_note(1, "the first copy")
        s.set_note(2, "the second copy")
    inserted = (
        "Title\n\n" + "A long new introduction. " * 40 + "\n\n" + text.removeprefix("Title\n\n")
    )
    with reopen(path, inserted) as s:
        assert [s.annotation(n).note for n in range(3)] == [
            "feld",
            "the first copy",
            "the second copy",
        ]


def test_ids_from_an_older_detector_are_found_where_they_were(story: Path) -> None:
    """The article is unchanged but its items' ids are not: the stored offsets still hold."""
    article = load_article(story)
    records = [{**r, "post": {**r["post"], "id": f"old-{n}"}} for n, r in enumerate(stored(story))]
    found = reanchor(as_records(records), article, article.sha256)
    assert [p.method for p in found.placed.values()] == ["position"] * 5
    assert [p.record.annotation.note for p in found.placed.values()] == [
        f"note of {h}" for h in HANDLES
    ]


def test_a_post_rewritten_in_most_of_its_words_is_an_orphan(story: Path) -> None:
    """Same account, same place, same context, the first words kept: still another post."""
    rewritten = (
        "My shop has been on this pier since 1994, and the council has now voted to close it."
    )
    with reopen(story, FIVE.replace(FELD, rewritten)) as s:
        assert "feldbait" not in notes(s)
        assert [r.handle for r in s.orphans] == ["feldbait"]


def test_an_approximate_match_needs_some_of_its_context() -> None:
    """Words 90% alike, and neither the text before nor the text after: not the same post."""
    text = f"Title\n\nNews first.\n\n{FELD} — Marco Feld (@feldbait) March 5, 2025\n\nEnd.\n"
    article = article_from_text(text)
    [record] = records_for(article)
    words = FELD.replace("31 years", "thirty-one years").replace("once", "even once")
    edited = article_from_text(text.replace(FELD, words).replace("March 5", "March 6"))
    assert 0.9 < anchor_search.word_similarity(FELD.split(), words.split()) < 1
    found = reanchor(as_records([record]), edited, article.sha256)
    assert [p.method for p in found.placed.values()] == ["fuzzy"]
    elsewhere = {**record["quote"], "prefix": "x" * 32, "suffix": "y" * 32}
    found = reanchor(as_records([{**record, "quote": elsewhere}]), edited, article.sha256)
    assert found.placed == {} and [r.raw for r in found.orphans] == [{**record, "quote": elsewhere}]


def test_records_without_a_selector_are_kept_as_they_are(story: Path) -> None:
    path = plain_sidecar(story)
    data = json.loads(path.read_text(encoding="utf-8"))
    bare = {"post": {"id": "gone-123"}, "tags": {"stance": ["oppose"]}, "note": "kept"}
    data["annotations"].append(bare)
    path.write_text(json.dumps(data), encoding="utf-8")
    with reopen(story, FIVE + "\nAn added paragraph.\n") as s:
        assert [r.raw for r in s.orphans] == [bare] and notes(s) == EVERYONE
        assert s.notice is not None
        assert "5 of 6 coded posts were found again; 1 is kept in the file as an orphan." in (
            s.notice
        )


def test_an_unchanged_article_searches_nothing(
    story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_search(self: object) -> list[object]:
        raise AssertionError("searched an unchanged article")

    monkeypatch.setattr(anchoring._Placer, "pool", no_search)
    with open_session(story) as s:
        assert notes(s) == EVERYONE and s.notice is None


def test_a_sample_article_with_quotations_keeps_codes_of_both_kinds(tmp_path: Path) -> None:
    path = tmp_path / "council-vote.txt"
    text = (SAMPLES / "council-vote.txt").read_text(encoding="utf-8")
    code_every_item(path, text)
    kinds = {item.kind for item in load_article(path).items}
    assert kinds == {"post", "quote"}
    edited = "Updated at 10:00.\n\n" + text.replace(" called me once", " phoned me even once")
    with reopen(path, edited) as s:
        assert s.orphans == []
        assert all(note == f"note of {who}" for who, note in notes(s).items())
        assert len(notes(s)) == len(s.items)
        assert s.notice is not None and "coded items were found again" in s.notice


# -- bounds --------------------------------------------------------------------------------
def test_out_of_time_means_orphans_never_wrong_places(story: Path) -> None:
    """With no time left the searches stop: the edited post's record is an orphan."""
    before = load_article(story)
    records = stored(story)
    story.write_text(
        "New top.\n\n" + FIVE.replace("called me once.", "ever called me."), encoding="utf-8"
    )
    after = load_article(story)
    found = reanchor(as_records(records), after, before.sha256, budget=-1.0)
    assert {p.record.handle for p in found.placed.values()} == set(HANDLES) - {"feldbait"}
    assert all(p.method == "id" for p in found.placed.values())
    assert [r.handle for r in found.orphans] == ["feldbait"]


def test_the_budget_is_counted_per_record_on_a_large_article() -> None:
    """Thousands of records whose ids were all lost, each to be searched for: the searches stop
    at the budget (a clock that ticks once per record examined), and stopping early orphans
    the records left, never misplaces them."""
    rng = random.Random(3)
    vocab = [f"w{n}" for n in range(300)]
    posts = [
        f"{' '.join(rng.choices(vocab, k=12))} — Someone (@user{n % 40}) March {1 + n % 28}, 2025"
        for n in range(1500)
    ]
    prose = [" ".join(rng.choices(vocab, k=400)) + "." for _ in range(1500)]
    text = "\n\n".join(p for pair in zip(prose, posts, strict=True) for p in pair) + "\n"
    before = article_from_text(text)
    assert len(before.posts) == 1500
    records = records_for(before)
    anonymous = [{**r, "post": {**r["post"], "id": f"old-{n}"}} for n, r in enumerate(records)]
    edited = article_from_text("A new first paragraph.\n\n" + text)
    ticks = itertools.count()
    found = reanchor(
        as_records(anonymous), edited, before.sha256, budget=50, clock=lambda: next(ticks)
    )
    assert found.found == 50 and len(found.orphans) == 1450
    assert {p.method for p in found.placed.values()} == {"quote"}
    by_id = {item.id: item for item in edited.items}
    assert all(
        p.record.quote is not None and by_id[i].text in p.record.quote.exact
        for i, p in found.placed.items()
    )
    assert [p.record.raw["post"]["id"] for p in found.placed.values()] == [
        f"old-{n}" for n in range(50)
    ]


def records_for(article: Article) -> list[dict[str, Any]]:
    """The records a session would write with every item coded."""
    coded = Annotation(tags={"stance": ("support",)}, created="t", modified="t")
    state = Annotations({item.id: coded for item in article.items})
    data = SidecarWriter(article.path, article.source, article.items).encode(
        state, article_name="a.txt", sha256=article.sha256, codebook=DEFAULT, coder="b", saved="t"
    )
    found: dict[str, Any] = json.loads(data)
    return list(found["annotations"])


# -- random edits ----------------------------------------------------------------------------
VOCAB = (
    "harbor council vote pier residents traffic budget mayor shop walkers kids closed night "
    "review parking ferry tourists market bridge bus lane bikes fish stalls rain storm season "
    "permit ticket crowd music festival river boats deck lights evening morning summer winter"
).split()
EDITS = "zebra quokka yak narwhal okapi tapir ibis gecko".split()  # in no original text
NOVEL = "alpha bravo charlie delta echo foxtrot golf hotel india juliet".split()  # new posts
NAMES = {"rosa": "Rosa Delgado", "ledger": "The Harbor Ledger", "feld": "Marco Feld"}


@st.composite
def edited_articles(draw: st.DrawFn) -> tuple[list[list[Any]], list[list[Any]]]:
    """An article as blocks (prose, or posts that remember which original post they are),
    and the same article after random edits."""
    n_posts = draw(st.integers(2, 5))
    words = st.lists(st.sampled_from(VOCAB), min_size=4, max_size=14)
    blocks: list[list[Any]] = []
    for origin in range(n_posts):
        blocks.append(["prose", draw(words)])
        handle = draw(st.sampled_from(sorted(NAMES)))
        blocks.append(["post", draw(words), handle, draw(st.integers(1, 27)), origin])
    texts = [b[1] for b in blocks if b[0] == "post"]
    assume(all(similar(a, b) < 0.6 for i, a in enumerate(texts) for b in texts[i + 1 :]))
    edited = [list(b) for b in blocks]
    for _ in range(draw(st.integers(1, 6))):
        edit = draw(
            st.sampled_from(
                [
                    "insert",
                    "delete",
                    "swap",
                    "word",
                    "reflow",
                    "redate",
                    "echo",
                    "new",
                    "rewrite",
                    "move",
                ]
            )
        )
        at = draw(st.integers(0, len(edited) - 1)) if edited else 0
        to = draw(st.integers(0, len(edited) - 1)) if edited else 0
        if edit == "insert" or not edited:
            edited.insert(at, ["prose", draw(words)])
        elif edit == "delete":
            del edited[at]
        elif edit == "swap":
            edited[at], edited[to] = edited[to], edited[at]
        elif edit == "word":
            block = edited[at] = [*edited[at]]
            block[1] = [*block[1]]
            block[1][draw(st.integers(0, len(block[1]) - 1))] = draw(st.sampled_from(EDITS))
            if block[0] == "post":
                block.append("edited")
        elif edit == "reflow":
            edited[at] = [*edited[at][:1], [*edited[at][1]], *edited[at][2:], "reflowed"]
        elif edit == "redate" and edited[at][0] == "post":
            edited[at] = [*edited[at][:3], edited[at][3] + 1, *edited[at][4:]]
        elif edit == "move" and edited[at][0] == "post":  # re-embedded: redated, reflowed
            _, text, handle, day, origin, *marks = edited.pop(at)
            edited.insert(to, ["post", text, handle, day + 1, origin, *marks, "reflowed"])
        elif edit == "echo" and edited[at][0] == "post":  # the post's words, in the prose
            edited.insert(to, ["prose", [*edited[at][1]]])
        elif edit == "rewrite" and edited[at][0] == "post":  # half its words: another post
            old = edited[at][1]
            kept = old[: len(old) // 2] + draw(st.lists(st.sampled_from(EDITS), min_size=1))
            edited[at] = ["post", kept, edited[at][2], edited[at][3], 200 + at, "edited"]
        elif edit == "new":  # a post that was not there, in other words: no record may take it
            handle = draw(st.sampled_from(sorted(NAMES)))
            novel = draw(st.lists(st.sampled_from(NOVEL), min_size=4, max_size=14))
            edited.insert(at, ["post", novel, handle, draw(st.integers(1, 27)), 100 + at])
    return blocks, edited


def similar(a: list[str], b: list[str]) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def render(blocks: list[list[Any]]) -> tuple[str, list[tuple[int, int, list[Any]]]]:
    """The article's text, and where each block is in it."""
    parts, where, at = [], [], 0
    for block in ["prose", ["Headline"]], *blocks:
        words = block[1]
        sep = "\n" if "reflowed" in block else " "
        text = (words[0].capitalize() + " " + sep.join(words[1:])).strip()
        if block[0] == "post":
            _, _, handle, day, *_ = block
            text = f"{text}. — {NAMES[handle]} (@{handle}) March {day}, 2025"
        else:
            text += "."
        parts.append(text)
        where.append((at, at + len(text), block))
        at += len(text) + 2
    return "\n\n".join(parts) + "\n", where


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(edited_articles())
def test_random_edits_never_misplace_or_lose_a_record(
    case: tuple[list[list[Any]], list[list[Any]]],
) -> None:
    blocks, edited = case
    before_text, before_where = render(blocks)
    after_text, after_where = render(edited)
    before, after = article_from_text(before_text), article_from_text(after_text)
    assume(len(before.items) == sum(b[0] == "post" for b in blocks))
    records = as_records(records_for(before))
    origin_of_record = [origin_of(before_where, item) for item in before.items]
    found = reanchor(records, after, before.sha256)

    # Nothing lost: each record is placed once or kept, as the very same object.
    kept = [id(r) for r in found.orphans] + [id(p.record) for p in found.placed.values()]
    assert sorted(kept) == sorted(id(r) for r in records)
    # Nothing misplaced: a record only ever goes to the item the same post became.
    for item in after.items:
        placement = found.placed.get(item.id)
        if placement is not None:
            n = next(i for i, r in enumerate(records) if r is placement.record)
            assert origin_of(after_where, item) == origin_of_record[n], (placement, item)
    # And a post whose words survived, wherever it moved, is found with them.
    for item in after.items:
        origin = origin_of(after_where, item)
        if origin is None or origin not in origin_of_record:
            continue
        block = next(b for _, _, b in after_where if b[0] == "post" and b[4] == origin)
        if "edited" not in block:
            placement = found.placed.get(item.id)
            assert placement is not None and placement.exact, (item, found.orphans)


def origin_of(where: list[tuple[int, int, list[Any]]], item: Item) -> int | None:
    """The original post a detected item comes from (None: prose, or no post)."""
    for start, end, block in where:
        if start <= item.span[0] < end:
            return block[4] if block[0] == "post" else None
    return None
