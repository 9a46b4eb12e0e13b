"""A folder of articles: the picker, moving between articles, and reviewing other coders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from readertui.article import load_article
from readertui.session import CodingSession
from readertui.store.naming import coder_sidecar, plain_sidecar
from readertui.ui.app import ReaderApp, build_app
from readertui.ui.screens.picker import PickerScreen
from readertui.ui.screens.reader import ReaderScreen
from readertui.ui.widgets.item_detail import ItemDetail
from readertui.ui.widgets.item_list import ItemList

from conftest import FIXTURES, SAMPLES, notices, settle, status


@pytest.fixture
def study(tmp_path: Path) -> Path:
    folder = tmp_path / "study"
    (folder / "more").mkdir(parents=True)
    shutil.copy(FIXTURES / "five-posts.txt", folder / "a.txt")
    shutil.copy(SAMPLES / "harbor-festival.md", folder / "b.md")
    shutil.copy(SAMPLES / "fragment.html", folder / "more" / "c.html")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    return folder


async def scanned(app: ReaderApp, pilot: Pilot[None]) -> PickerScreen:
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    await app.workers.wait_for_complete()
    await settle(pilot)
    return picker


def reader(app: ReaderApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def cells(picker: PickerScreen) -> list[list[str]]:
    table = picker.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def test_the_picker_lists_every_article_with_its_counts(study: Path) -> None:
    app = build_app(study, coder="alice")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        picker = await scanned(app, pilot)
        rows = cells(picker)
        assert [r[0] for r in rows] == ["a.txt", "b.md", "broken.txt", "more/c.html"]
        assert rows[0][1:4] == ["5", "0", "0/5"]
        assert rows[1][1:4] == ["3", "0", "0/3"]
        assert rows[2][1] == "-" and "binary" in rows[2][4]
        assert rows[3][1:4] == ["1", "1", "0/2"]
        assert "0/4 articles coded" in status(picker)


@pytest.mark.slow
async def test_j_and_k_move_through_the_articles_as_through_the_items(study: Path) -> None:
    app = build_app(study, coder="alice")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        picker = await scanned(app, pilot)
        table = picker.query_one(DataTable)
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("enter")
        await settle(pilot)
        assert reader(app).article.path == study / "b.md"


@pytest.mark.slow
async def test_enter_opens_an_article_codes_are_counted_and_escape_goes_back(study: Path) -> None:
    app = build_app(study, coder="alice")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        picker = await scanned(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = reader(app)
        assert screen.article.path == study / "a.txt"
        keys = {b.key for _, b, _, _ in screen.active_bindings.values()}
        assert {"escape", "ctrl+n", "ctrl+p"} <= keys
        await pilot.press("1", "j", "2")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is picker
        assert cells(picker)[0][3] == "2/5"
    data = json.loads(plain_sidecar(study / "a.txt").read_text(encoding="utf-8"))
    assert [a["tags"]["stance"] for a in data["annotations"]] == [["support"], ["oppose"]]


@pytest.mark.slow
async def test_ctrl_n_and_ctrl_p_move_between_articles_and_resume_at_the_first_uncoded(
    study: Path,
) -> None:
    with CodingSession(load_article(study / "a.txt"), coder="alice") as session:
        session.code(0, "1")
        session.code(1, "1")
    app = build_app(study, coder="alice")
    shown = notices(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await scanned(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert reader(app).selected == 2  # the first item not coded yet
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert reader(app).article.path == study / "b.md"
        await pilot.press("ctrl+n")  # broken.txt cannot be opened: said, and passed over
        await settle(pilot)
        assert reader(app).article.path == study / "more" / "c.html"
        assert any("binary" in str(n.message) for n in shown)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert reader(app).article.path == study / "b.md"
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert reader(app).article.path == study / "a.txt"
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert reader(app).article.path == study / "a.txt"  # the first article
        # Each article took the place of the one before: the picker, and one reader over it.
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["PickerScreen", "ReaderScreen"]


async def test_sort_and_filter_change_the_order_ctrl_n_follows(study: Path) -> None:
    with CodingSession(load_article(study / "b.md"), coder="alice") as session:
        for index in range(3):
            session.code(index, "1")
    app = build_app(study, coder="alice")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        picker = await scanned(app, pilot)
        await pilot.press("f")  # to code
        assert [r[0] for r in cells(picker)] == ["a.txt", "broken.txt", "more/c.html"]
        await pilot.press("f")  # done
        assert [r[0] for r in cells(picker)] == ["b.md"]
        await pilot.press("f", "s")  # all, uncoded first
        assert [r[0] for r in cells(picker)][-1] == "b.md"
        assert "sorted by uncoded first" in status(picker)


async def test_review_shows_the_other_coders_codes_beside_ones_own(council: Path) -> None:
    with CodingSession(load_article(council), coder="alice") as session:
        session.code(0, "1")
    with CodingSession(load_article(council), coder="bob") as session:
        session.code(0, "2")
        session.set_note(0, "ironic")
    assert coder_sidecar(council, "bob").exists()
    app = build_app(council, coder="carol")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        screen = reader(app)
        await pilot.press("home", "1", "r")
        text = screen.query_one(ItemDetail).text
        assert "Other coders" in text
        assert "alice: stance support\n" in text  # agrees with carol
        assert "bob: stance oppose ≠  note: ironic" in text
        item_list = screen.query_one(ItemList)
        first = screen.listed.index(0)
        assert "≠" in item_list.row_text(first)  # bob differs
        assert "review: alice, bob" in status(screen)
        await pilot.press("2")  # carol now agrees with bob, not alice: still a difference
        assert "≠" in item_list.row_text(first)
        await pilot.press("2")  # carol clears her code: nothing of hers to differ from
        assert "≠" in item_list.row_text(first)
        await pilot.press("r")
        assert "Other coders" not in screen.query_one(ItemDetail).text
        assert "≠" not in item_list.row_text(first)


async def test_codes_of_items_no_longer_in_the_article_are_listed_not_selectable(
    council: Path,
) -> None:
    with CodingSession(load_article(council), coder="alice") as session:
        session.code(4, "3")
    text = council.read_text(encoding="utf-8")
    # Delete the last post whole, attribution included.
    post = load_article(council).items[4]
    council.write_text(text[: post.span[0]] + text[post.span[1] :], encoding="utf-8")
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        screen = reader(app)
        item_list = screen.query_one(ItemList)
        assert (item_list.row_count, item_list.item_count) == (5, 4)
        assert "not found in the article" in item_list.row_text(4)
        assert "[neutral]" in item_list.row_text(4)
        await pilot.press("end")
        assert screen.selected == 3
        await pilot.press("home", "pagedown")  # the page below holds the orphan
        assert item_list.highlighted == 3 == screen.selected


@pytest.mark.slow
async def test_articles_left_in_a_folder_are_let_go(
    study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving through a folder must not keep every article read so far in memory: each
    article is frozen out of the collector while open, and let go when it is left (at most
    the one just left may linger until the next article is opened)."""
    import gc
    import weakref

    import readertui.ui.screens.reader as reader_module

    monkeypatch.setattr(reader_module, "IDLE_TIDY", 0.01)  # the idle collection runs too
    app = build_app(study, coder="alice")
    left: list[weakref.ref[ReaderScreen]] = []
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await scanned(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        for key in ["ctrl+n", "ctrl+p"] * 3:
            left.append(weakref.ref(reader(app)))
            await pilot.press("j")
            await pilot.pause(0.05)
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.05)
        gc.collect()
        alive = sum(ref() is not None for ref in left)
        assert alive <= 2, f"{alive} of {len(left)} articles left are still in memory"
