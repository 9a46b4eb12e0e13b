"""The folder keys with one article open: not offered, but pressed they say why they do
nothing, once escape has nothing else to close."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import HelpPanel

from readertui.config import Settings
from readertui.ui.app import ReaderApp, build_app
from readertui.ui.screens.reader import ReaderScreen
from readertui.ui.widgets.article_cursor import ArticleCursor
from readertui.ui.widgets.find_bar import FindBar
from readertui.ui.widgets.item_form import ItemForm
from readertui.ui.widgets.item_list import ItemList

from conftest import notices, settle

MOVE = "Only one article is open: open a folder (readertui FOLDER) to move between articles."
BACK = (
    "Only one article is open: there is no list of articles to go back to "
    "(readertui FOLDER opens one)."
)


def reader(app: ReaderApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def toasts(app: ReaderApp) -> list[str]:
    """The notifications on screen, as their text."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def test_the_folder_keys_say_why_they_do_nothing(council: Path) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        shown = notices(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert [n.message for n in shown] == [MOVE]
        assert any(MOVE in text for text in toasts(app)), toasts(app)
        await pilot.press("ctrl+p", "escape")
        await settle(pilot)
        assert [n.message for n in shown] == [MOVE, MOVE, BACK]
        assert reader(app).article.path == council
        # Not offered: neither the footer nor the help panel shows a folder key.
        active = {b.key: b for _, b, _, _ in reader(app).active_bindings.values()}
        for key in ("escape", "ctrl+n", "ctrl+p"):
            assert active[key].system and not active[key].show
        assert "ctrl+k" in active  # the command palette's key


async def test_escape_closes_what_is_open_before_it_says_anything(council: Path) -> None:
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = reader(app)
        shown = notices(app)
        find = screen.query_one(FindBar)
        await pilot.press("slash", *"pier", "escape")
        assert not find.has_class("-open") and shown == []
        view = screen.query_one(ArticleCursor)
        view.focus()
        await pilot.press("v", "l", "l")
        assert view.selection is not None
        await pilot.press("escape")
        assert view.selection is None and shown == []
        screen.query_one(ItemList).focus()
        await pilot.press("e")
        assert screen.query_one(ItemForm).is_open
        await pilot.press("escape")
        assert not screen.query_one(ItemForm).is_open and shown == []
        await pilot.press("question_mark")
        await settle(pilot)
        assert screen.query(HelpPanel)
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.query(HelpPanel) and shown == []
        await pilot.press("escape")  # nothing left to close
        assert [n.message for n in shown] == [BACK]


async def test_a_keymap_moves_the_notice_with_the_folder_key(council: Path) -> None:
    keymap = {"app.next_article": "ctrl+l", "reader.folder": "ctrl+b"}
    app = build_app(council, coder="alice", settings=Settings(keymap=keymap))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        shown = notices(app)
        await pilot.press("ctrl+n", "escape")  # no longer folder keys
        await pilot.press("ctrl+l", "ctrl+b")
        assert [n.message for n in shown] == [MOVE, BACK]
