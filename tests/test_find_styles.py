"""Find matches must not look like the selected item's highlight, nor the current match like
the others, in every theme, once a 256- or 16-colour terminal has reduced the colours: read
from the rows the article pane draws, as they reach the screen."""

from __future__ import annotations

import re
from pathlib import Path

from rich.color import Color, ColorSystem
from rich.style import Style
from textual.geometry import Region

from readertui.ui.app import build_app
from readertui.ui.widgets.article_view import ArticleView

from conftest import settle

REDUCED = (ColorSystem.EIGHT_BIT, ColorSystem.STANDARD)


def looks(style: Style, system: ColorSystem) -> tuple[str, bool]:
    """What a cell looks like on a terminal of `system` colours: the colour behind its
    character (its foreground if reversed) and whether it is underlined."""

    def shown(color: Color | None, default: str) -> str:
        if color is None or color.is_default:
            return default  # the terminal's own colour
        reduced = color.downgrade(system)
        return str(reduced.number if reduced.number is not None else reduced.triplet)

    foreground = shown(style.color, "terminal foreground")
    background = shown(style.bgcolor, "terminal background")
    return (foreground if style.reverse else background), bool(style.underline)


def drawn(view: ArticleView) -> tuple[str, list[Style]]:
    """The pane's characters as drawn (rows joined by newlines) and each one's style."""
    chars: list[str] = []
    styles: list[Style] = []
    for strip in view.render_lines(Region(0, 0, *view.outer_size)):
        for segment in strip:
            chars.extend(segment.text)
            styles.extend([segment.style or Style()] * len(segment.text))
        chars.append("\n")
        styles.append(Style())
    return "".join(chars), styles


def style_of(text: str, styles: list[Style], pattern: str) -> Style:
    """The one style of the characters `pattern`'s group matches (a row may wrap anywhere)."""
    found = re.search(pattern.replace(" ", r"\s"), text)
    assert found is not None, pattern
    seen = {styles[i] for i in range(*found.span(1)) if not text[i].isspace()}
    assert len(seen) == 1, (pattern, seen)
    return seen.pop()


async def test_find_matches_stand_apart_from_the_selected_item_in_every_theme(
    council: Path,
) -> None:
    app = build_app(council, coder="tester")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        # The first item (which has "on a Tuesday") is selected; the prose has "on Tuesday".
        await pilot.press("slash", *"tuesday")
        assert len(view.matches) == 2 and view.highlight is not None
        themes = sorted(app.available_themes)
        assert len(themes) > 10
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            for current_in_item in (False, True):
                if current_in_item:
                    await pilot.press("down")  # the match in the selected item is current
                text, styles = drawn(view)
                in_prose = style_of(text, styles, "on (Tuesday) night")
                in_item = style_of(text, styles, "on a (Tuesday)")
                selected = style_of(text, styles, "(on a) Tuesday")
                plain = style_of(text, styles, "Tuesday (night)")
                current, other = (in_item, in_prose) if current_in_item else (in_prose, in_item)
                where = f"{theme}, current match in the {'item' if current_in_item else 'prose'}"
                true = ColorSystem.TRUECOLOR
                assert looks(selected, true) != looks(plain, true), where  # (the right cells)
                for system in REDUCED:
                    seen = f"{where}, {system.name}"
                    assert looks(other, system) != looks(selected, system), seen
                    assert looks(current, system) != looks(selected, system), seen
                    assert looks(current, system) != looks(other, system), seen
                    assert looks(other, system) != looks(plain, system), seen
            await pilot.press("up")  # back to the match in the prose, for the next theme
