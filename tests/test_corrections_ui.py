"""Correcting the units in the reader: select words, add, reject, edit, by keyboard and mouse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, RadioSet

from readertui.store.naming import plain_sidecar
from readertui.ui.app import ReaderApp, build_app
from readertui.ui.screens.reader import ReaderScreen
from readertui.ui.widgets.article_cursor import ArticleCursor
from readertui.ui.widgets.item_detail import ItemDetail
from readertui.ui.widgets.item_form import ItemForm
from readertui.ui.widgets.item_list import ItemList

from conftest import SAMPLES, notices, settle, status

PASSAGE = "Reaction online was immediate."


@pytest.fixture
def council(tmp_path: Path) -> Path:
    path = tmp_path / "council-vote.txt"
    path.write_bytes((SAMPLES / "council-vote.txt").read_bytes())
    return path


def reader(app: ReaderApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def on_disk(article: Path) -> list[dict[str, Any]]:
    """The records as a reader of the sidecar sees them (its journal replayed)."""
    from readertui.store.journal import read_sidecar

    stored = read_sidecar(plain_sidecar(article))
    assert stored is not None
    return [dict(record.raw) for record in stored.records]


async def select_words(app: ReaderApp, pilot: Any, words: str) -> ArticleCursor:
    """Focus the article pane, put its cursor on `words` and select them with v and moves."""
    view = reader(app).query_one(ArticleCursor)
    view.focus()
    await pilot.pause()
    start = app_text(app).index(words)
    view.cursor = start
    await pilot.press("v")
    await pilot.press(*["l"] * len(words))
    assert view.selection is not None
    assert app_text(app)[slice(*view.selection)] == words
    return view


def open_form(app: ReaderApp) -> ItemForm | None:
    """The item form if it is open (shown in the detail pane's place), else None."""
    form = reader(app).query_one(ItemForm)
    return (
        form
        if form.is_open and form.display and not reader(app).query_one(ItemDetail).display
        else None
    )


def app_text(app: ReaderApp) -> str:
    return reader(app).article.display


async def test_a_selection_added_is_listed_saved_and_coded_at_once(council: Path) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await select_words(app, pilot, PASSAGE)
        await pilot.press("a")
        await pilot.pause()
        assert open_form(app) is None  # added at once, as the words suggest: a passage
        screen = reader(app)
        item = screen.session.items[screen.selected]
        assert item.kind == "span" and item.text == PASSAGE
        assert "Added by you" in screen.query_one(ItemDetail).text
        assert "0/10 coded" in status(screen)
        [record] = on_disk(council)
        assert record["origin"] == "added" and record["quote"]["exact"] == PASSAGE
        screen.query_one(ItemList).focus()
        await pilot.press("1")
        assert on_disk(council)[0]["tags"] == {"stance": ["support"]}


async def test_an_added_item_made_a_quotation_with_its_speaker_in_the_form(council: Path) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await select_words(app, pilot, PASSAGE)
        await pilot.press("a", "e")
        await pilot.pause()
        form = open_form(app)
        assert form is not None and form.kind == "span"
        assert isinstance(app.focused, RadioSet)  # the kind first
        await pilot.press("right", "space")  # Passage -> Quotation... as the list goes round
        await pilot.pause()
        while form.kind != "quote":
            await pilot.press("right", "space")
            await pilot.pause()
        await pilot.press("tab", *"Ana Ruiz", "enter")  # from the kind to the speaker
        await pilot.pause()
        assert open_form(app) is None
        screen = reader(app)
        item = screen.session.items[screen.selected]
        assert (item.kind, item.author, item.text) == ("quote", "Ana Ruiz", PASSAGE)
        [record] = on_disk(council)
        assert record["origin"] == "added" and record["post"]["kind"] == "quote"
        assert screen.query_one(ArticleCursor).has_focus  # back where it was


async def test_escape_in_the_form_changes_nothing(council: Path) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert open_form(app) is not None
        await pilot.press("tab", "x", "j", "escape")  # typed into the form, not the reader's keys
        await pilot.pause()
        assert open_form(app) is None
        assert not plain_sidecar(council).exists()
        assert reader(app).selected == 0


async def test_a_codebook_key_on_a_selection_codes_it_as_a_passage(council: Path) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        view = await select_words(app, pilot, PASSAGE)
        await pilot.press("2")
        await pilot.pause()
        assert view.selection is None
        [record] = on_disk(council)
        assert record["post"]["kind"] == "span" and record["tags"] == {"stance": ["oppose"]}


async def test_a_rejected_item_leaves_the_list_and_the_count_and_x_restores_it(
    council: Path,
) -> None:
    app = build_app(council, coder="alice")
    shown = notices(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = reader(app)
        await pilot.press("j", "j", "x")  # the first post
        await pilot.pause()
        assert "0/8 coded" in status(screen)
        assert "@rosadelgado_hc" not in "".join(
            screen.query_one(ItemList).row_text(r) for r in range(8)
        )
        assert on_disk(council)[0]["rejected"] is True
        assert any("Rejected" in str(n.message) for n in shown)
        assert "@HarborLedger" in screen.query_one(ItemList).row_text(
            screen.listed.index(screen.selected)
        )
        await pilot.press("u")  # undone: back in the list
        await pilot.pause()
        assert "0/9 coded" in status(screen)
        await pilot.press("ctrl+r")  # rejected again; restored from the rejected filter
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("end", "enter")
        await pilot.pause()
        assert "rejected" in status(screen)
        await pilot.press("x")
        await pilot.pause()
        assert on_disk(council) == []  # restored, and nothing else on it


async def test_a_quotations_speaker_corrected_with_e(council: Path) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("1", "e")
        await pilot.pause()
        form = open_form(app)
        assert form is not None
        field = form.query_one("#field-author", Input)
        assert field.value == "Rosa Delgado" and app.focused is field  # typed in at once
        field.value = "Councillor Rosa Delgado"
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = reader(app)
        assert screen.session.items[0].author == "Councillor Rosa Delgado"
        [record] = on_disk(council)
        assert record["origin"] == "edited" and record["tags"] == {"stance": ["support"]}
        assert "Councillor Rosa Delgado" in screen.query_one(ItemList).row_text(0)


async def test_a_posts_start_moved_a_word_later_in_the_edit_form(council: Path) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "e")
        await pilot.pause()
        assert open_form(app) is not None
        await pilot.press("shift+tab", "shift+tab")  # from the first field past the kind
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        screen = reader(app)
        assert screen.session.items[2].text.startswith("to three.")
        assert on_disk(council)[0]["quote"]["exact"].startswith("to three.")


async def test_a_selection_crossing_an_item_is_refused_with_one_line(council: Path) -> None:
    app = build_app(council, coder="alice")
    shown = notices(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await select_words(app, pilot, "it is finished.”\n\nBusiness owners")
        await pilot.press("a")
        await pilot.pause()
        assert open_form(app) is None
        assert any("crosses" in str(n.message) for n in shown)
        assert not plain_sidecar(council).exists()


async def test_a_mouse_drag_selects_words(council: Path) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        view = reader(app).query_one(ArticleCursor)
        assert await pilot.mouse_down(ArticleCursor, offset=(1, 2))
        assert await pilot.hover(ArticleCursor, offset=(6, 2))
        assert await pilot.mouse_up(ArticleCursor, offset=(6, 2))
        await pilot.pause()
        assert view.selection is not None
        assert app_text(app)[slice(*view.selection)] == "The H"  # the cell it ends on left out


async def test_review_shows_what_other_coders_added_rejected_and_corrected(council: Path) -> None:
    from readertui.article import load_article
    from readertui.session import CodingSession

    with CodingSession(load_article(council), coder="bob") as bob:
        start = council.read_text(encoding="utf-8").index(PASSAGE)
        assert not isinstance(bob.add(start, start + len(PASSAGE), "span"), str)
        assert bob.edit(0, author="Councillor Rosa Delgado") is not None
        rosa = next(i for i, item in enumerate(bob.items) if item.handle == "rosadelgado_hc")
        assert bob.reject(rosa) is not None
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = reader(app)
        await pilot.press("r")
        await pilot.pause()
        item_list = screen.query_one(ItemList)
        rows = [item_list.row_text(r) for r in range(item_list.row_count)]
        assert any("bob added" in r and PASSAGE in r for r in rows)
        detail = screen.query_one(ItemDetail)
        assert "corrected it (author Councillor Rosa Delgado" in detail.text
        await pilot.press("j", "j")
        await pilot.pause()
        assert "bob: rejected it" in detail.text
        await pilot.press("r")
        await pilot.pause()
        assert item_list.row_count == 9


async def test_a_codebook_that_codes_with_a_keeps_it_and_plus_adds(council: Path) -> None:
    codebook = Path(__file__).parent.parent / "examples" / "codebook.toml"
    app = build_app(council, coder="alice", codebook=codebook)
    shown = notices(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert any("'a' codes source=official" in str(n.message) for n in shown)
        await pilot.press("a")  # codes, as the codebook says
        assert on_disk(council)[0]["tags"] == {"source": ["official"]}
        await select_words(app, pilot, PASSAGE)
        await pilot.press("plus")
        await pilot.pause()
        assert any(record["quote"]["exact"] == PASSAGE for record in on_disk(council))


async def test_find_puts_the_article_cursor_on_the_match(council: Path) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"immediate", "escape")
        await pilot.pause()
        view = reader(app).query_one(ArticleCursor)
        assert view.cursor == app_text(app).index("immediate")


async def test_o_opens_the_selected_posts_address_and_says_when_there_is_none(
    tmp_path: Path,
) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        '<p>Intro.</p><blockquote class="twitter-tweet"><p>The pier is ours.</p>&mdash; Ana Ruiz'
        ' (@anaruiz) <a href="https://twitter.com/anaruiz/status/1470000000000000001">March 4,'
        " 2025</a></blockquote><p>“We will rebuild the pier by the spring,” Ben Okafor said.</p>",
        encoding="utf-8",
    )
    app = build_app(path, coder="alice")
    opened: list[str] = []
    app.open_url = lambda url, **_: opened.append(url)  # type: ignore[method-assign]
    shown = notices(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("o", "j", "o")
        await pilot.pause()
        assert opened == ["https://twitter.com/anaruiz/status/1470000000000000001"]
        assert any("no address" in str(n.message) for n in shown)  # the quotation has none


async def test_o_never_opens_an_address_that_is_not_a_web_one(tmp_path: Path) -> None:
    """An article's text decides its posts' addresses: a `javascript:` one would run in the
    browser's page under `readertui serve` (and read its token)."""
    path = tmp_path / "evil.md"
    path.write_text(
        "Intro.\n\nMy shop has been on this pier for 31 years. — Marco Feld (@feldbait) "
        "[March 5, 2025](javascript:opener.location.search)\n",
        encoding="utf-8",
    )
    app = build_app(path, coder="alice")
    opened: list[str] = []
    app.open_url = lambda url, **_: opened.append(url)  # type: ignore[method-assign]
    shown = notices(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert (app.session is not None) and app.session.items[0].url == (
            "javascript:opener.location.search"
        )
        await pilot.press("o")
        await pilot.pause()
    assert opened == []
    assert any("Not a web address, not opened" in n.message for n in shown)


async def test_the_filters_count_follows_coding_while_coded_rows_stay_listed(
    council: Path,
) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f", *["down"] * 4, "enter")  # all, posts, quotations, passages, uncoded
        await pilot.pause()
        screen = reader(app)
        assert "showing uncoded (9)" in status(screen)
        await pilot.press("1")  # coded: it stays listed, the count says so
        await pilot.pause()
        assert "showing uncoded (8 of 9 listed)" in status(screen)
        assert len(screen.listed) == 9
        await pilot.press("u")
        await pilot.pause()
        assert "showing uncoded (9)" in status(screen)


async def test_tab_goes_round_the_form_and_escape_gives_the_focus_back(council: Path) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = reader(app)
        await pilot.press("j", "j", "e")  # a post: every field
        await pilot.pause()
        form = open_form(app)
        assert form is not None
        for _ in range(12):  # more than the form has stops: it never leaves the form
            await pilot.press("tab")
            assert app.focused is not None and form in app.focused.ancestors_with_self
        await pilot.press("escape")
        await pilot.pause()
        assert open_form(app) is None and screen.query_one(ItemList).has_focus
