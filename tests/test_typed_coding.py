"""Coding with typed variables: ordinal steps, typed numbers and texts, hierarchical values,
what applies to which item, and the article's own row; all as the sidecar has them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readertui.article import load_article
from readertui.codebook import load_codebook
from readertui.document import ARTICLE_ID
from readertui.session import CodingSession, SaveResult

from conftest import FIXTURES, saved

BOOK = load_codebook(FIXTURES / "all-types.toml")


def open_session(council: Path, coder: str = "ana") -> CodingSession:
    return CodingSession(load_article(council), codebook=BOOK, coder=coder)


def records(council: Path) -> dict[str, dict[str, object]]:
    [sidecar] = council.parent.glob("*.annotations*.json")
    lines = sidecar.read_text(encoding="utf-8").splitlines()
    found = {}
    for line in lines:
        line = line.strip().rstrip(",")
        if line.startswith('{"post"'):
            record = json.loads(line)
            found[record["post"]["id"]] = record
    return found


def typed(result: SaveResult | str | None) -> SaveResult:
    assert not isinstance(result, str), result
    return saved(result)


def first(session: CodingSession, kind: str) -> int:
    return next(n for n, item in enumerate(session.items) if item.kind == kind)


def test_the_article_is_the_first_item_and_takes_only_article_variables(council: Path) -> None:
    with open_session(council) as session:
        article = session.items[0]
        assert (article.kind, article.id) == ("article", ARTICLE_ID)
        assert article.text.startswith("Harbor City council votes")
        post = first(session, "post")
        assert session.code(0, "3") is None  # tone: posts and quotations only
        assert (
            session.refusal("article", "3")
            == "tone is coded on posts and quotations, not on the article"
        )
        assert session.code(post, "1") is None
        assert "coded on the article itself" in (session.refusal("post", "1") or "")
        saved(session.code(0, "1"))
        assert session.next_uncoded(-1) == 1  # the article coded: the first item next
        assert (session.coded_count, session.unit_count, session.codes_article) == (1, 6, True)
    record = records(council)[ARTICLE_ID]
    assert record["post"] == {"id": ARTICLE_ID, "kind": "article"}
    assert record["tags"] == {"outlet": ["national"]} and "quote" not in record


def test_article_codes_survive_an_edit_of_the_article(council: Path) -> None:
    with open_session(council) as session:
        saved(session.code(0, "2"))
    council.write_text("A new first line.\n\n" + council.read_text(encoding="utf-8"), "utf-8")
    with open_session(council) as session:
        assert session.annotation(0).values("outlet") == ("local",)
        assert not session.orphans


def test_no_article_row_without_article_variables(council: Path) -> None:
    with CodingSession(load_article(council), coder="ana") as session:
        assert all(item.kind != "article" for item in session.items)


def test_ordinal_steps_stay_in_range_and_start_from_the_ends(council: Path) -> None:
    with open_session(council) as session:
        post = first(session, "post")

        def tone() -> tuple[str, ...]:
            return session.annotation(post).values("tone")

        saved(session.step(post, ">"))
        assert tone() == ("negative",)
        saved(session.step(post, ">"))
        saved(session.step(post, ">"))
        assert tone() == ("positive",)
        assert session.step(post, ">") is None  # at the top: nothing changes, nothing saved
        saved(session.step(post, "<"))
        assert tone() == ("neutral",)
        saved(session.code(post, "3"))  # its value keys choose directly
        assert tone() == ("negative",)
        session.undo()
        assert tone() == ("neutral",)
    assert records(council)[session.items[post].id]["tags"] == {"tone": ["neutral"]}


def test_numbers_and_texts_are_typed_in_checked_and_cleared(council: Path) -> None:
    with open_session(council) as session:
        post = first(session, "post")
        typed(session.type_in(post, "followers", "12,500"))
        assert session.type_in(post, "followers", "-4") == "followers: at least 0, please"
        assert session.type_in(post, "followers", "12500") is None  # the same: no change
        typed(session.type_in(post, "claim", "  pier   closes "))
        assert session.annotation(post).tags == {"followers": ("12500",), "claim": ("pier closes",)}
        typed(session.type_in(post, "claim", ""))
        assert session.annotation(post).values("claim") == ()
    assert records(council)[session.items[post].id]["tags"] == {"followers": ["12500"]}


def test_a_child_value_is_stored_and_replaces_its_parent(council: Path) -> None:
    with open_session(council) as session:
        post = first(session, "post")
        saved(session.code(post, "g"))
        saved(session.code(post, "N"))  # navy, a kind of military, a kind of government
        assert session.annotation(post).values("actor") == ("navy",)
        assert BOOK.variables[2].path("navy") == ("government", "military", "navy")


@pytest.mark.parametrize("key", ["3", ">"])
def test_keys_of_variables_that_do_not_apply_change_nothing(council: Path, key: str) -> None:
    with open_session(council) as session:
        saved(session.code(0, "1"))
        before = session.state
        assert (session.code(0, key) if key.isdigit() else session.step(0, key)) is None
        assert session.type_in(0, "followers", "3") == (
            "followers is coded on posts, quotations and spans, not on the article"
        )
        assert session.state is before


def test_typed_codes_do_not_lock_the_article_when_the_codebook_grows(
    council: Path, tmp_path: Path
) -> None:
    """A codebook that only adds a value (or is the same under another name) codes on: the
    numbers and texts typed in are values it still takes, not values it lacks."""
    with open_session(council) as session:
        post = first(session, "post")
        typed(session.type_in(post, "followers", "1200"))
        typed(session.type_in(post, "claim", "the pier closes"))
    grown = (FIXTURES / "all-types.toml").read_text(encoding="utf-8")
    grown = grown.replace(
        '{ key = "c", name = "citizen" },',
        '{ key = "c", name = "citizen" },\n  { key = "b", name = "business" },',
    )
    assert "business" in grown
    (tmp_path / "grown.toml").write_text(grown.replace("All types", "Grown"), encoding="utf-8")
    book = load_codebook(tmp_path / "grown.toml")
    with CodingSession(load_article(council), codebook=book, coder="ana") as session:
        assert not session.read_only, session.read_only_reason
    shrunk = grown.replace("min = 0", "min = 5000")  # 1200 is no longer a value it takes
    (tmp_path / "shrunk.toml").write_text(shrunk, encoding="utf-8")
    book = load_codebook(tmp_path / "shrunk.toml")
    with CodingSession(load_article(council), codebook=book, coder="ana") as session:
        assert session.read_only and "followers=1200" in (session.read_only_reason or "")


def test_typed_and_step_keys_that_shadow_reader_actions_are_said(tmp_path: Path) -> None:
    from readertui.config import keymap_clashes

    text = (FIXTURES / "all-types.toml").read_text(encoding="utf-8")
    (tmp_path / "book.toml").write_text(text.replace('key = "F"', 'key = "a"'), "utf-8")
    said = keymap_clashes({}, load_codebook(tmp_path / "book.toml"))
    assert said == [
        "'a' asks for followers in this codebook: add an item with '+' (or map reader.add to "
        "another key)"
    ]


def test_the_adjudicator_takes_only_what_the_codebook_can_hold(council: Path) -> None:
    from types import MappingProxyType

    from readertui.annotations import Annotation

    theirs = Annotation(
        tags=MappingProxyType(
            {"tone": ("negative", "furious"), "followers": ("-5",), "claim": ("pier",)}
        )
    )
    with open_session(council, coder="gold") as session:
        post = first(session, "post")
        saved(session.take(post, theirs))
        assert session.annotation(post).tags == {"tone": ("negative",), "claim": ("pier",)}
