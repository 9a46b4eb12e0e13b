"""The article pane frames its own rows (`ArticleView.render_lines`, faster than Textual's
styles cache on a scroll): what reaches the screen must be exactly what Textual would draw."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.filter import Monochrome
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from readertui.ui.app import ReaderApp, build_app
from readertui.ui.screens.reader import IDLE_TIDY, ReaderScreen
from readertui.ui.widgets import item_detail
from readertui.ui.widgets.article_view import ArticleView
from readertui.ui.widgets.item_detail import ItemDetail
from readertui.ui.widgets.item_list import ItemList

from conftest import SAMPLES, settle


def textuals_own(view: ArticleView | ItemDetail, crop: Region) -> list[Strip]:
    """The rows as Textual's styles cache draws them, from nothing cached."""
    if isinstance(view, ArticleView):
        view._cache.clear()
    view.refresh()  # (forgets the rows Textual's styles cache drew)
    return ScrollView.render_lines(view, crop)


def opened(tmp_path: Path, sample: str) -> ReaderApp:
    """The reader on a copy of a sample article."""
    article = tmp_path / sample
    shutil.copy(SAMPLES / sample, article)
    return build_app(article, coder="tester")


def framed_here(view: ArticleView | ItemDetail, crop: Region) -> list[Strip]:
    strips = view.render_lines(crop)
    assert view._frames.framing is not None  # the pane's own path drew them
    return strips


async def test_rows_are_framed_as_textual_frames_them(tmp_path: Path) -> None:
    app = opened(tmp_path, "harbor-festival.md")  # blockquotes, emphasis, links, posts
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(ArticleView)
        whole = Region(0, 0, *view.outer_size)
        compared = 0
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            for index in range(min(4, len(screen.listed))):
                screen._go(screen.listed[index])  # highlighted rows, scrolled to
                await pilot.pause()
                for crop in (whole, Region(3, 2, 20, 9)):
                    ours = framed_here(view, crop)
                    assert ours == textuals_own(view, crop)
                    compared += len(ours)
                detail = screen.query_one(ItemDetail)
                lines = Region(0, 0, *detail.outer_size)
                assert framed_here(detail, lines) == textuals_own(detail, lines)
        # The highlight moving within the rows on screen: only the rows it leaves and the
        # rows it reaches are drawn again, the others kept from the frame before.
        view.show(0, 1)
        await pilot.pause()
        top = view.scroll_offset.y
        for span in ((0, 30), (45, 120), (200, 210), (0, 1)):
            view.show(*span)
            ours = framed_here(view, whole)
            assert view.scroll_offset.y == top
            assert ours == textuals_own(view, whole)
        # Find matches and the focused pane's tinted background.
        view.set_matches([(0, 5), (40, 52)], 1)
        view.focus()
        await pilot.pause()
        ours = framed_here(view, whole)
        assert ours == textuals_own(view, whole)
        assert compared > 100
        # A line filter (as NO_COLOR adds one) is applied to every row, as Textual applies it.
        monochrome = (Monochrome(),)
        view.get_line_filters = lambda: monochrome  # type: ignore[method-assign]
        ours = framed_here(view, whole)
        assert ours == textuals_own(view, whole)
        colours = {
            segment.style.bgcolor.triplet
            for strip in ours
            for segment in strip
            if segment.style and segment.style.bgcolor and segment.style.bgcolor.triplet
        }
        assert colours and all(c.red == c.green == c.blue for c in colours)  # greys only


async def test_the_detail_pane_with_a_scrollbar_is_framed_as_textual_frames_it(
    tmp_path: Path,
) -> None:
    app = opened(tmp_path, "council-vote.txt")
    async with app.run_test(size=(90, 22)) as pilot:  # a short pane: the item overflows it
        await settle(pilot)
        detail = app.screen.query_one(ItemDetail)
        lines = Region(0, 0, *detail.outer_size)
        assert detail.virtual_size.height > detail.size.height
        for y in (0, 3):
            detail.scroll_to(y=y, animate=False, immediate=True)
            await pilot.pause()
            ours = framed_here(detail, lines)
            assert ours == textuals_own(detail, lines)
        assert detail.show_vertical_scrollbar and detail.scroll_offset.y == 3


async def test_a_pane_styled_beyond_padding_is_drawn_by_textual(tmp_path: Path) -> None:
    app = opened(tmp_path, "council-vote.txt")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        view.styles.border_left = ("solid", "red")
        await pilot.pause()
        crop = Region(0, 0, *view.outer_size)
        strips = view.render_lines(crop)
        assert view._frames.framing is None
        assert strips == textuals_own(view, crop)
        assert "│" in strips[0].text  # the border Textual drew


@pytest.mark.slow
async def test_between_keys_the_next_and_previous_items_are_drawn_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = opened(tmp_path, "harbor-festival.md")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(ArticleView)
        await pilot.press("j")
        await pilot.pause(IDLE_TIDY + 0.3)  # the idle step has run
        wrapped: list[type] = []  # by whom: detail pane lines wrapped, list rows drawn on a key
        drawn: list[int] = []  # article rows drawn on a key, by their number of marks
        to_strips = Visual.to_strips
        render_row = view._render_row

        def counted_to_strips(cls, widget, *args, **kwargs):  # type: ignore[no-untyped-def]
            if isinstance(widget, (ItemDetail, ItemList)):
                wrapped.append(type(widget))
            return to_strips(widget, *args, **kwargs)

        def counted_render_row(row, marks, width):  # type: ignore[no-untyped-def]
            drawn.append(len(marks))
            return render_row(row, marks, width)

        described: list[object] = []  # detail pane contents built on a key
        describe = item_detail.describe

        def counted_describe(*args, **kwargs):  # type: ignore[no-untyped-def]
            described.append(args)
            return describe(*args, **kwargs)

        monkeypatch.setattr(Visual, "to_strips", classmethod(counted_to_strips))
        monkeypatch.setattr(view, "_render_row", counted_render_row)
        monkeypatch.setattr(item_detail, "describe", counted_describe)
        detail = screen.query_one(ItemDetail)
        for key in ("j", "k", "k"):  # the item after, back, the item before
            await pilot.press(key)
            await pilot.pause()
            assert not described  # the detail pane was laid out ahead
            assert ItemDetail not in wrapped  # ... and wrapped ahead
            # Of the list, at most the rows the cursor left and reached (each kept once drawn).
            assert wrapped.count(ItemList) <= 2
            assert all(drawn)  # only rows with the highlight on them are drawn on the key
            item = screen.session.items[screen.selected]
            assert item.text.split()[0] in detail.text  # and what it shows is this item
            await pilot.pause(IDLE_TIDY + 0.3)
            wrapped.clear()
            drawn.clear()
            described.clear()
        assert screen.selected == screen.listed[0]
        # A code changes the item: what was laid out ahead for it is not shown again.
        await pilot.press("1")
        await pilot.pause()
        assert "■ " in detail.text and described
        # ... and the next key at once, before the idle step: of the list's rows, only the
        # ones the cursor leaves and reaches are drawn again.
        wrapped.clear()
        await pilot.press("j")
        assert 1 <= wrapped.count(ItemList) <= 2  # the coded row is new: drawn
