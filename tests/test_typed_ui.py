"""Typed variables in the reader: the article's row, step keys, typed values and the help
panel, driven with Textual's Pilot; the sidecar checked after."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from readertui.document import ARTICLE_ID
from readertui.store.journal import read_sidecar
from readertui.store.naming import plain_sidecar
from readertui.ui.app import build_app
from readertui.ui.screens.reader import ReaderScreen
from readertui.ui.screens.typed_value import TypedValueScreen
from readertui.ui.widgets.item_detail import ItemDetail
from readertui.ui.widgets.item_list import ItemList

from conftest import FIXTURES, notices, settle

BOOK = FIXTURES / "all-types.toml"


def tags_on_disk(article: Path) -> dict[str, dict[str, list[str]]]:
    found = read_sidecar(plain_sidecar(article))
    assert found is not None
    return {r.id: r.raw["tags"] for r in found.records}


async def test_typed_variables_are_coded_from_the_keyboard(council: Path) -> None:
    app = build_app(council, coder="ana", codebook=BOOK)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        rows = screen.query_one(ItemList)
        assert rows.row_text(0).startswith("▤ the article")
        assert "outlet  (one of)" in screen.query_one(ItemDetail).text
        assert "tone" not in screen.query_one(ItemDetail).text  # not coded on the article
        said = notices(app)
        await pilot.press("3")  # tone: posts and quotations only
        assert said[-1].message == "tone is coded on posts and quotations, not on the article"
        await pilot.press("2", "j", "greater_than_sign", "greater_than_sign", "less_than_sign")
        await pilot.press("F")
        assert isinstance(app.screen, TypedValueScreen)
        await pilot.press(*"-5", "enter")
        assert "at least 0" in str(app.screen.query_one("#value-problem", Label).content)
        field = app.screen.query_one(Input)
        field.value = ""
        await pilot.press(*"12.3K", "enter")  # typed as is, refused: never stored as 12.3
        problem = app.screen.query_one("#value-problem", Label)
        assert str(problem.content) == "'12.3K' is not a number"
        field.value = ""
        await pilot.pause()
        assert str(problem.content) == ""  # said of what was typed before
        await pilot.press(*"1200", "enter")
        await pilot.press("m")
        await pilot.pause()
        post = screen.session.items[1].id
        shown = screen.query_one(ItemDetail).text
        assert "followers  (number: F types it)  1200" in shown
        assert "■ m military" in shown and "▣ g government" in shown
    assert tags_on_disk(council) == {
        ARTICLE_ID: {"outlet": ["local"]},
        post: {"tone": ["negative"], "actor": ["military"], "followers": ["1200"]},
    }


async def test_help_lists_typed_and_step_keys(council: Path) -> None:
    app = build_app(council, coder="ana", codebook=BOOK)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        ids = {b.id for _, b, *_ in app.screen.active_bindings.values()}
        assert {"code.followers", "code.tone.lower", "code.tone.raise"} <= ids


def test_step_keys_are_bound_by_the_names_textual_gives_their_keys() -> None:
    """`-` arrives as `minus`, `@` as `at`: a binding under the Unicode name never fires."""
    from textual.keys import _character_to_key  # (what Textual names a typed character)

    from readertui.ui.screens.codebook_keys import key_name

    for character in "<>-_@\\,.;:!#$%&*|~^'":
        assert key_name(character) == _character_to_key(character), character
