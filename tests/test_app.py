"""The reader driven through Textual's Pilot: keys pressed, panes and sidecar checked after."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import HelpPanel, Input, Label

from readertui.config import Settings
from readertui.session import CodingSession
from readertui.store.journal import read_sidecar
from readertui.store.naming import plain_sidecar as sidecar_path
from readertui.ui.app import ReaderApp, build_app
from readertui.ui.screens.note import NoteScreen
from readertui.ui.screens.reader import ReaderScreen
from readertui.ui.widgets.article_view import ArticleView
from readertui.ui.widgets.find_bar import FindBar
from readertui.ui.widgets.item_detail import ItemDetail
from readertui.ui.widgets.item_list import ItemList

from conftest import SAMPLES, notices, settle, status

EXAMPLE_CODEBOOK = Path(__file__).parent.parent / "examples" / "codebook.toml"


def app_for(path: Path, **kw: Any) -> ReaderApp:
    return build_app(path, coder=kw.pop("coder", "tester"), **kw)


def stored(path: Path) -> dict[str, Mapping[str, Any]]:
    """The annotations on disk by post handle: the sidecar with its journal replayed, as every
    reader of it sees them (a change is appended to the journal before the key returns)."""
    found = read_sidecar(sidecar_path(path))
    assert found is not None
    return {a.raw["post"]["handle"]: a.raw for a in found.records}


def reader(app: ReaderApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def detail_text(app: ReaderApp) -> str:
    return reader(app).query_one(ItemDetail).text


def row_text(app: ReaderApp, index: int) -> str:
    return reader(app).query_one(ItemList).row_text(index)


def live(app: ReaderApp) -> CodingSession:
    """The session the reader has open (the tests look once it is)."""
    assert app.session is not None
    return app.session


async def test_opens_with_the_first_post_selected_and_the_list_focused(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        screen = reader(app)
        assert screen.selected == 0
        assert isinstance(app.focused, ItemList)
        assert "@rosadelgado_hc" in detail_text(app)
        assert "Six votes to three." in detail_text(app)
        assert status(screen).startswith("0/5 coded")
        assert screen.title == "council-vote.txt"
        view = screen.query_one(ArticleView)
        post = screen.session.items[0]
        assert view.highlight == live(app).article.srcmap.display_span(*post.span)


@pytest.mark.slow
async def test_j_k_and_arrows_move_between_posts(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = reader(app)
        await pilot.press("j", "j")
        assert screen.selected == 2
        assert "@feldbait" in detail_text(app)
        await pilot.press("down")
        assert screen.selected == 3
        await pilot.press("k", "up", "up", "up", "k")
        assert screen.selected == 0
        await pilot.press(*["j"] * 10)
        assert screen.selected == 4  # stops at the last post


async def test_codebook_keys_set_toggle_and_are_saved_at_once(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        assert stored(council)["rosadelgado_hc"]["tags"] == {"stance": ["oppose"]}
        assert "[oppose]" in row_text(app, 0) and row_text(app, 0).startswith("●")
        assert row_text(app, 1).startswith("○")
        await pilot.press("3")  # exclusive: replaces
        assert stored(council)["rosadelgado_hc"]["tags"] == {"stance": ["neutral"]}
        await pilot.press("3")  # pressing again clears
        assert stored(council) == {}
        await pilot.press("j", "1")
        assert status(reader(app)).startswith("1/5 coded")
        assert "■ 1 support" in detail_text(app)


@pytest.mark.slow
async def test_the_journal_is_folded_into_the_sidecar_once_the_keys_stop(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key appends to the journal; after a pause the sidecar itself holds the codes, so
    another program reading the JSON directly sees them."""
    import readertui.ui.screens.reader as reader_module
    from readertui.store.journal import journal_path

    monkeypatch.setattr(reader_module, "IDLE_FOLD", 0.5)
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("1", "j", "2")
        journal = journal_path(sidecar_path(council))
        assert journal.exists()
        for _ in range(200):  # the timer fires once the keys have stopped
            await pilot.pause(0.02)
            if not journal.exists():
                break
        assert not journal.exists()
        records = json.loads(sidecar_path(council).read_text(encoding="utf-8"))["annotations"]
        assert [r["tags"] for r in records] == [{"stance": ["support"]}, {"stance": ["oppose"]}]


async def test_zero_and_backspace_clear_codes(council: Path) -> None:
    app = app_for(council, codebook=EXAMPLE_CODEBOOK)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("1", "a", "s")
        assert stored(council)["rosadelgado_hc"]["tags"] == {
            "stance": ["support"],
            "source": ["official", "journalist"],
        }
        await pilot.press("0")
        assert stored(council) == {}
        await pilot.press("4", "backspace")
        assert stored(council) == {}


@pytest.mark.slow
async def test_note_enter_saves_and_escape_cancels(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"needs [bold] check")
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert stored(council)["HarborLedger"]["note"] == "needs [bold] check"
        assert "needs [bold] check" in detail_text(app)
        assert "✎" in row_text(app, 1)
        await pilot.press("n")
        await pilot.press(*" more")
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        assert stored(council)["HarborLedger"]["note"] == "needs [bold] check"


@pytest.mark.slow
async def test_undo_and_redo_every_step_back_to_the_opening_state(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("1", "j", "2", "n", *"x", "enter")
        assert len(stored(council)) == 2
        await pilot.press("u")
        assert stored(council)["HarborLedger"]["note"] == ""
        await pilot.press("u", "u")
        assert stored(council) == {}
        assert reader(app).selected == 0  # undo shows the post it changed
        await pilot.press("u")  # nothing left to undo: no error
        await pilot.press("ctrl+r", "ctrl+r")
        assert stored(council)["HarborLedger"]["tags"] == {"stance": ["oppose"]}
        assert reader(app).selected == 1


@pytest.mark.slow
async def test_the_footer_learns_that_undo_is_possible_once_the_code_is_shown(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = reader(app)
        refreshed: list[bool] = []
        refresh = screen.refresh_bindings

        def counted() -> None:
            refreshed.append(screen.session.history.can_undo)
            refresh()

        monkeypatch.setattr(screen, "refresh_bindings", counted)
        await pilot.press("1")
        assert "■ 1 support" in detail_text(app)
        await pilot.pause(0.2)
        assert refreshed == [True]  # once: undo became possible
        await pilot.press("j", "2")
        await pilot.pause(0.2)
        assert refreshed == [True]  # undo was already possible: the footer is left alone


async def test_right_bracket_jumps_to_the_next_uncoded_post(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("1", "j", "1", "k")
        await pilot.press("right_square_bracket")
        assert reader(app).selected == 2
        await pilot.press("3", "right_square_bracket")
        assert reader(app).selected == 3


async def test_tab_moves_focus_between_panes(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(3):
            await pilot.press("tab")
            seen.append(type(app.focused).__name__)
        assert set(seen) == {"ArticleCursor", "ItemList", "ItemDetail"}
        await pilot.press("shift+tab")
        assert type(app.focused).__name__ == seen[1]


@pytest.mark.slow
async def test_find_highlights_matches_and_steps_through_them(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        find = reader(app).query_one(FindBar)
        assert app.focused is find
        await pilot.press(*"pier")
        view = reader(app).query_one(ArticleView)
        display = live(app).article.display
        assert len(view.matches) == display.lower().count("pier") > 3
        first = view.current_match
        await pilot.press("enter")
        assert first is not None and view.current_match == (first + 1) % len(view.matches)
        await pilot.press("up")
        assert view.current_match == first
        assert "find:" in status(reader(app))
        await pilot.press("escape")
        assert view.matches == [] and isinstance(app.focused, ItemList)


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Keys arriving together, as a paste or keys queued while the app was busy do: all in
    the app's queue before the first is handled (`pilot.press` waits after each)."""
    names = {" ": "space", "/": "slash", "]": "right_square_bracket"}
    for key in keys:
        character = key if len(key) == 1 else None
        pilot.app.post_message(events.Key(names.get(key, key), character))
    await settle(pilot)


@pytest.mark.slow
async def test_keys_typed_right_after_opening_find_are_text_for_it(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = reader(app)
        await burst(pilot, "/", *"jk 12")
        assert screen.query_one(FindBar).value == "jk 12"
        assert screen.selected == 0 and live(app).coded_count == 0
        await pilot.press("escape", "tab")  # the list, then the next pane: keys still act
        assert not isinstance(app.focused, (ItemList, FindBar))
        await pilot.press("j", "1")
        await settle(pilot)
        assert screen.selected == 1 and live(app).coded_count == 1
        assert live(app).annotation(1).is_coded


@pytest.mark.slow
async def test_keys_typed_right_after_closing_find_act_in_the_pane_it_came_from(
    council: Path,
) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # the article pane
        came_from = app.focused
        await pilot.press("slash", *"co")
        await burst(pilot, "x", "escape", "j", "1")  # escape overtakes the x: nothing is typed
        screen = reader(app)  # into a closed find bar
        assert screen.query_one(FindBar).value == "co" and app.focused is came_from
        assert screen.query_one(ArticleView).matches == []
        assert screen.selected == 1 and live(app).annotation(1).is_coded


async def test_a_key_typed_into_find_is_never_also_a_binding_a_keymap_put_on_it(
    council: Path,
) -> None:
    # Textual leaves out the bindings of keys a text field types, but before a keymap applies:
    # moved onto a letter, backspace's "clear" would also act on a key typed into the find bar.
    app = build_app(council, coder="tester", settings=Settings(keymap={"reader.clear": "x"}))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await burst(pilot, "/", "x")
        assert reader(app).query_one(FindBar).value == "x"
        assert live(app).annotation(0).is_coded


async def test_keys_typed_right_after_opening_a_note_are_its_text(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await burst(pilot, "n", *"kill 12")
        assert app.screen.query_one(Input).value == "kill 12"
        assert live(app).coded_count == 0
        await pilot.press("enter")
        await settle(pilot)
        assert live(app).annotation(0).note == "kill 12"
        assert live(app).coded_count == 0


async def test_a_code_right_after_a_move_codes_the_item_moved_to(council: Path) -> None:
    # `down` moves the list's cursor; the screen hears of it by a message that a `1` queued
    # behind it can overtake. The cursor decides which item is coded.
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await burst(pilot, "down", "1", "down", "down", "2")
        coded = [i for i in range(len(live(app).items)) if live(app).annotation(i).is_coded]
        assert coded == [1, 3]
        assert reader(app).selected == 3 == reader(app).query_one(ItemList).highlighted


async def test_a_click_on_a_row_selects_its_item_and_a_code_key_codes_it(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert await pilot.click(ItemList, offset=(3, 2))  # the third row (no border above)
        await pilot.pause()
        assert reader(app).selected == 2 == reader(app).query_one(ItemList).highlighted
        await pilot.press("1")
        assert [i for i, _ in enumerate(live(app).items) if live(app).annotation(i).is_coded] == [2]
        assert await pilot.click(ItemList, offset=(3, 7))  # below the last row: nothing
        await pilot.pause()
        assert reader(app).selected == 2


async def test_help_is_built_from_the_bindings_with_the_codebook(council: Path) -> None:
    app = app_for(council, codebook=EXAMPLE_CODEBOOK)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert reader(app).query(HelpPanel)
        bindings = {b.key: b for _, b, _, _ in reader(app).active_bindings.values()}
        assert bindings["s"].description == "journalist"
        assert bindings["s"].tooltip == "source: A reporter or news outlet"
        assert {"j", "k", "n", "u", "ctrl+r", "slash", "right_square_bracket"} <= set(bindings)
        await pilot.press("question_mark")
        await settle(pilot)
        assert not reader(app).query(HelpPanel)


async def test_q_quits(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 0


@pytest.mark.slow
async def test_reopening_restores_codes_notes_and_codebook(council: Path) -> None:
    app = app_for(council, codebook=EXAMPLE_CODEBOOK)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2", "d", "n", *"check this", "enter")
    again = app_for(council)  # no --codebook: the sidecar's codebook comes back
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert live(again).codebook.variable("source") is not None
        assert "[oppose, expert]" in row_text(again, 0)
        assert reader(again).selected == 1  # resumes at the first uncoded item
        await pilot.press("k")
        assert "check this" in detail_text(again)
        assert status(reader(again)).startswith("1/5 coded")


async def test_corrupt_sidecar_opens_read_only_and_is_never_touched(council: Path) -> None:
    path = sidecar_path(council)
    path.write_bytes(b'{"format": "readertui-annotations", "version": 1, "annotations": [oops')
    before = path.read_bytes()
    app = app_for(council)
    shown = notices(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        screen = reader(app)
        assert "READ-ONLY" in status(screen)
        [notice] = [n.message for n in shown if "not valid JSON" in n.message]
        assert "(line 1, column 67: Expecting value)" in notice
        assert screen.check_action("undo", ()) is None
        before_notes = len(shown)
        await pilot.press("1", "0", "n", "u")
        assert isinstance(app.screen, ReaderScreen)  # no note dialog in read-only mode
        assert "○" in row_text(app, 0)
        # Each coding key says why nothing happened (the first notice may have faded).
        assert len(shown) > before_notes
        assert "read-only" in detail_text(app)
    assert path.read_bytes() == before


async def test_a_failed_write_is_reported_and_retried(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import readertui.store.sidecar as sidecar_mod
    from readertui.files import write_atomic

    def no_space(path: object, data: bytes) -> None:
        raise sidecar_mod.SidecarWriteError("cannot write (No space left on device)")

    app = app_for(council)
    shown = notices(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(live(app).store.writer, "write", lambda data: no_space(None, data))
        await pilot.press("1")
        assert "NOT SAVED" in status(reader(app))
        assert any("No space left" in n.message for n in shown)
        assert "[support]" in row_text(app, 0)  # kept in memory
        monkeypatch.undo()
        monkeypatch.setattr(
            live(app).store.writer,
            "write",
            lambda data: write_atomic(council.with_name(council.name + ".annotations.json"), data),
        )
        await pilot.press("j", "2")
        assert "NOT SAVED" not in status(reader(app))
        assert set(stored(council)) == {"rosadelgado_hc", "HarborLedger"}


async def test_an_article_without_posts_or_quotes_opens_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text(
        "Budget passes.\n\nThe assembly voted 51-47 after a long night.\n", encoding="utf-8"
    )
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "1", "n", "right_square_bracket", "u")
        assert isinstance(app.screen, ReaderScreen)
        assert "No embedded posts" in detail_text(app)
        assert status(reader(app)).startswith("0/0 coded")
    assert not sidecar_path(path).exists()


async def test_narrow_terminal_keeps_every_pane_usable(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        screen = reader(app)
        for widget in (ArticleView, ItemList, ItemDetail):
            region = screen.query_one(widget).region
            assert region.width >= 20 and region.height >= 5, (widget, region)
        await pilot.press("j", "1")
        assert "[support]" in row_text(app, 1)


async def test_article_text_is_shown_literally(tmp_path: Path) -> None:
    path = tmp_path / "evil.txt"
    path.write_text(
        "Intro [bold]not bold[/] and [red]x.\n\nPost \x1b[31mred\x1b[0m \x1b]8;;http://x\x07link "
        "[/] — Evil [b] (@evil) May 1, 2024\n",
        encoding="utf-8",
    )
    app = app_for(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        view = reader(app).query_one(ArticleView)
        lines = [view.render_line(y).text for y in range(4)]
        assert "Intro [bold]not bold[/] and [red]x." in lines[0]
        assert "␛[31mred␛[0m" in lines[2] and "\x1b" not in "".join(lines)
        assert "Post ␛[31mred" in detail_text(app) and "\x1b" not in detail_text(app)
        assert "@evil" in row_text(app, 0)


@pytest.mark.slow
async def test_note_dialog_input_gets_the_existing_note(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"first", "enter", "n")
        assert app.screen.query_one(Input).value == "first"


async def test_annotations_option_puts_the_sidecar_elsewhere(council: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "codes" / "mine.json"
    elsewhere.parent.mkdir()
    app = app_for(council, annotations=elsewhere)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("5")
    assert json.loads(elsewhere.read_text())["annotations"][0]["tags"] == {"stance": ["off-topic"]}
    assert not sidecar_path(council).exists()


async def test_detail_pane_shows_every_word_when_its_scrollbar_appears(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        detail = reader(app).query_one(ItemDetail)
        detail.scroll_end(animate=False)  # the post's text comes after its codes
        await settle(pilot)
        shown = " ".join(detail.render_line(y).text.strip() for y in range(detail.size.height))
        for word in live(app).items[0].text.split():
            assert word in shown.split(), word


async def test_switching_theme_redraws_the_article_in_the_new_colours(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        view = reader(app).query_one(ArticleView)
        before = view.render_line(0)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        after = view.render_line(0)
        assert after.text == before.text
        assert after != before  # same words, other colours: nothing stale from the cache


@pytest.mark.slow
async def test_quitting_with_unsaved_codes_asks_first(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import readertui.store.sidecar as sidecar_mod
    from readertui.ui.screens.confirm import ConfirmScreen

    def full_disk(data: bytes) -> None:
        raise sidecar_mod.SidecarWriteError("cannot write (No space left on device)")

    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(live(app).store.writer, "write", full_disk)
        await pilot.press("1", "q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, ReaderScreen) and app.is_running
        await pilot.press("q", "y")
        await settle(pilot)
    assert not sidecar_path(council).exists()


async def test_codes_read_in_codebook_order_whatever_the_key_order(council: Path) -> None:
    app = app_for(council, codebook=EXAMPLE_CODEBOOK)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("a", "1")
        assert "[support, official]" in row_text(app, 0)
    assert list(stored(council)["rosadelgado_hc"]["tags"]) == ["stance", "source"]


async def test_help_lists_coding_keys_not_generic_scrolling(council: Path) -> None:
    app = app_for(council)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        descriptions = {b.description for _, b, _, _ in reader(app).active_bindings.values()}
        assert {"support", "oppose", "Next item", "First item", "Filter"} <= descriptions
        assert not {"Scroll Left", "Page Left", "Select"} & descriptions


async def test_the_lock_is_released_when_the_reader_quits(council: Path) -> None:
    from readertui.store.lock import lock_path

    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        assert lock_path(sidecar_path(council)).exists()
        await pilot.press("q")
        await settle(pilot)
    assert not lock_path(sidecar_path(council)).exists()


@pytest.mark.slow
async def test_quotations_are_listed_apart_filtered_and_coded(tmp_path: Path) -> None:
    path = tmp_path / "council-vote.txt"
    shutil.copy(SAMPLES / "council-vote.txt", path)
    app = app_for(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        kinds = [item.kind for item in live(app).items]
        assert kinds.count("quote") == 4 and kinds.count("post") == 5
        assert row_text(app, 0).startswith("❝ Rosa Delgado") and "“We were asked" in row_text(
            app, 0
        )
        assert "Speaker  Rosa Delgado" in detail_text(app)
        await pilot.press("f")
        await settle(pilot)
        label = app.screen.query_one(Label)  # its keys, said in full
        assert str(label.render()) == "Show in the list (enter chooses, escape cancels)"
        assert isinstance(label.parent, Widget)
        assert label.parent.content_region.contains_region(label.region)
        await pilot.press("down", "down", "enter")  # all, posts, quotations
        await settle(pilot)
        screen = reader(app)
        assert [live(app).items[i].kind for i in screen.listed] == ["quote"] * 4
        assert "showing quotations (4)" in status(screen)
        await pilot.press("j", "2")
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        [record] = data["annotations"]
        assert record["post"]["kind"] == "quote" and record["post"]["author"] == "Marco Feld"
        assert record["quote"]["exact"].startswith("no idea how customers")
        assert record["tags"] == {"stance": ["oppose"]}
        await pilot.press("f", "home", "enter")  # the menu opens on the current filter
        await settle(pilot)
        assert len(reader(app).listed) == 9 and reader(app).selected == 1


@pytest.mark.slow
async def test_the_article_opens_scrolled_to_the_item_it_resumes_at(tmp_path: Path) -> None:
    path = tmp_path / "live-blog-storm.txt"
    shutil.copy(SAMPLES / "live-blog-storm.txt", path)
    first = app_for(path)
    async with first.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press(*["1", "j"] * 11)
    again = app_for(path)
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        screen = reader(again)
        assert screen.selected == 11
        view = screen.query_one(ArticleView)
        assert view.highlight is not None
        start, _end = view.highlight
        top = int(view.scroll_offset.y)
        assert top > 0
        assert top <= view.row_of(start) < top + view.scrollable_content_region.height


async def test_the_opening_screen_shows_the_name_and_opening_lines_before_the_reader(
    council: Path,
) -> None:
    from textual.app import App

    from readertui.ui.screens.opening import OpeningScreen

    text = council.read_text(encoding="utf-8")

    class Harness(App[None]):
        def on_mount(self) -> None:
            self.push_screen(OpeningScreen("council-vote.txt", "\x1b[2J" + text))

    app = Harness()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OpeningScreen)
        preview = str(screen.query_one("#preview").render())
        assert "Harbor City council votes" in preview and "\x1b" not in preview
        assert "council-vote.txt" in str(screen.query_one("#header").render())


async def test_the_reader_replaces_the_opening_screen(council: Path) -> None:
    from readertui.ui.screens.opening import OpeningScreen

    app = app_for(council)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert reader(app).article.path == council
        assert not any(isinstance(s, OpeningScreen) for s in app.screen_stack)
