"""The user's settings file: theme and keys, for everyone and for each coder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import HelpPanel

from readertui.cli.main import main
from readertui.config import ConfigError, Settings, load_settings
from readertui.ui.app import build_app, known_binding_ids
from readertui.ui.screens.reader import ReaderScreen
from readertui.ui.widgets.article_view import ArticleView
from readertui.ui.widgets.item_detail import ItemDetail

from conftest import notices, settle

CONFIG = """\
theme = "nord"

[keymap]
"reader.next" = "l"

[coders.alice]
theme = "gruvbox"
keymap = { "reader.note" = "m" }
"""


def test_a_coders_section_overrides_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    assert load_settings("alice", path) == Settings(
        "gruvbox", {"reader.next": "l", "reader.note": "m"}
    )
    assert load_settings("bob", path) == Settings("nord", {"reader.next": "l"})
    assert load_settings("bob", tmp_path / "missing.toml") == Settings()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("theme = [", "not valid TOML"),
        ("theme = 3", "theme must be"),
        ('[keymap]\n"reader.note" = 1', "keymap must map"),
        ('coders = "x"', "[coders] must be"),
        ('them = "nord"', "unknown setting 'them'"),
        ('[coders.alice]\nthem = "nord"', "unknown setting 'them'"),
    ],
)
def test_a_bad_config_is_one_line_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.toml") as err:
        load_settings("alice", path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_the_command_refuses_a_bad_config(
    council: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = [", encoding="utf-8")
    monkeypatch.setenv("READERTUI_CONFIG", str(path))
    assert main([str(council)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("readertui: ") and "not valid TOML" in err and err.count("\n") == 1


@pytest.mark.slow
async def test_the_keymap_and_theme_apply_and_the_help_shows_the_keys_bound(
    council: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("READERTUI_CONFIG", str(path))
    app = build_app(council, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert app.theme == "gruvbox"
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        start = screen.selected
        await pilot.press("l")
        assert screen.selected == start + 1
        await pilot.press("j")  # remapped away
        assert screen.selected == start + 1
        await pilot.press("question_mark")
        await settle(pilot)
        assert screen.query(HelpPanel)
        # The help panel lists the active bindings: the keys as remapped.
        keys: dict[str, set[str]] = {}
        for _, binding, _, _ in screen.active_bindings.values():
            keys.setdefault(binding.description, set()).add(binding.key)
        assert "l" in keys["Next item"] and "j" not in keys["Next item"]
        assert keys["Note"] == {"m"}


@pytest.mark.slow
async def test_moving_keys_remapped_to_the_find_bars_keys_leave_it_them(council: Path) -> None:
    # A keymap giving the reader's moving keys the find bar's own keys must not take those
    # from it while it has focus.
    keymap = {"reader.next": "down", "reader.previous": "up"}
    app = build_app(council, coder="alice", settings=Settings(keymap=keymap))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("down")
        assert screen.selected == 1
        await pilot.press("slash", *"pier")
        view = screen.query_one(ArticleView)
        first = view.current_match
        await pilot.press("down")
        assert first is not None and view.current_match == first + 1 and screen.selected == 1
        await pilot.press("escape", "up")
        assert screen.selected == 0


async def test_an_unknown_theme_is_said_and_the_default_kept(council: Path) -> None:
    app = build_app(council, coder="alice", settings=Settings(theme="no-such-theme"))
    shown = notices(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in str(n.message) for n in shown)


def test_a_config_file_named_but_missing_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "typo.toml"
    monkeypatch.setenv("READERTUI_CONFIG", str(missing))
    with pytest.raises(ConfigError, match="no such file"):
        load_settings("alice")


async def test_keymap_mistakes_are_said_and_the_note_key_is_the_one_bound(
    council: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[keymap]\n"reader.nxt" = "l"\n"reader.note" = "m"\n"reader.filter" = "1"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("READERTUI_CONFIG", str(path))
    app = build_app(council, coder="alice")
    shown = notices(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        messages = [str(n.message) for n in shown]
        assert any("reader.nxt" in m and "Not readertui keys" in m for m in messages)
        assert any(
            "reader.filter is mapped to '1'" in m and "stance=support" in m for m in messages
        )
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert "press m to add one" in screen.query_one(ItemDetail).text


def test_the_readme_lists_every_binding_id_a_keymap_can_name() -> None:
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text("utf-8").split())
    listed = readme.split("Binding ids: ", 1)[1].split(", and for each codebook value", 1)[0]
    assert set(re.findall(r"`([a-z_.]+)`", listed)) == known_binding_ids()


def test_a_codebook_coding_with_o_keeps_it_and_the_reader_says_to_open_with_ctrl_o(
    tmp_path: Path,
) -> None:
    from readertui.codebook import load_codebook
    from readertui.config import keymap_clashes

    book = tmp_path / "book.toml"
    book.write_text(
        '[[variables]]\nname = "tone"\nexclusive = true\nvalues = [\n'
        '  { key = "o", name = "outraged" },\n  { key = "c", name = "calm" },\n]\n',
        encoding="utf-8",
    )
    [clash] = keymap_clashes({}, load_codebook(book))
    assert "'o' codes tone=outraged" in clash and "'ctrl+o'" in clash
    assert keymap_clashes({"reader.open": "ctrl+o"}, load_codebook(book)) == []
