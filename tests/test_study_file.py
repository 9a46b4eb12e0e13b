"""The study file (`readertui.toml`): found above the article, its codebook used, its coders
checked, blind coding; every mistake one line with its file and line, before any screen."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from readertui.cli.main import main
from readertui.codebook import load_codebook
from readertui.store.journal import read_sidecar
from readertui.store.naming import sidecar_for
from readertui.study.settings import StudyError, find_study, load_study
from readertui.ui.app import build_app
from readertui.ui.screens.reader import ReaderScreen
from readertui.ui.widgets.item_list import ItemList

from conftest import FIXTURES, notices, settle

STUDY = """name = "Harbor coverage"
codebook = "book.toml"
coders = ["ana", "ben"]
blind = true
"""


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A study folder: the study file, its codebook, and an article two folders down."""
    (tmp_path / "readertui.toml").write_text(STUDY, encoding="utf-8")
    shutil.copy(FIXTURES / "all-types.toml", tmp_path / "book.toml")
    article = tmp_path / "2025" / "march" / "council-vote.txt"
    article.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "five-posts.txt", article)
    return article


def test_the_study_file_above_an_article_is_found_and_read(study: Path) -> None:
    found = find_study(study)
    assert found is not None and found.path == study.parents[2] / "readertui.toml"
    assert (found.name, found.coders, found.gold, found.blind) == (
        "Harbor coverage",
        ("ana", "ben"),
        "gold",
        True,
    )
    assert found.codebook == load_codebook(FIXTURES / "all-types.toml")
    assert found.blind_for("ana") and not found.blind_for("gold")
    assert find_study(study.parents[2].parent / "elsewhere.txt") is None


def test_an_inline_codebook_is_checked_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "readertui.toml"
    path.write_text(
        'gold = "judge"\n\n[codebook]\nname = "inline"\n\n[[codebook.variables]]\n'
        'name = "stance"\nvalues = [{ key = "1", name = "support" }]\n',
        encoding="utf-8",
    )
    found = load_study(path)
    assert found.codebook is not None and found.codebook.name == "inline" and found.gold == "judge"
    path.write_text(path.read_text() + 'colour = "red"\n', encoding="utf-8")
    with pytest.raises(StudyError, match=r"readertui.toml, line 9: variable 'stance': unknown"):
        load_study(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\nblinde = true\n', "line 2: unknown setting 'blinde'"),
        ("blind = 1\n", "line 1: blind must be true or false"),
        ('coders = "ana"\n', "line 1: coders must be a list"),
        ('coders = ["ana", "gold"]\n', "'gold' is the adjudicator (gold): not also one of"),
        ('codebook = "missing.toml"\n', "codebook: "),
        ('coders = ["a\\u001b[2Jb"]\n', "line 1: coders: "),
        ("blind = [\n", "not valid TOML"),
    ],
)
def test_study_file_mistakes_are_one_line_naming_the_file(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "readertui.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StudyError) as info:
        load_study(path)
    said = str(info.value)
    assert said.startswith(str(path)) and message in said and "\n" not in said
    assert "\x1b" not in said


def test_a_coder_not_in_the_study_is_refused_before_the_screen(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(study), "--coder", "zed"], io.StringIO()) == 1
    err = capsys.readouterr().err
    assert "'zed' is not one of this study's coders (ana, ben; adjudicator gold)" in err
    assert err.count("\n") == 1


def test_a_broken_study_file_stops_the_reader_and_the_folder(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (study.parents[2] / "readertui.toml").write_text("blind = maybe\n", encoding="utf-8")
    for target in (study, study.parent):
        assert main([str(target), "--coder", "ana"], io.StringIO()) == 1
        assert "readertui.toml: not valid TOML" in capsys.readouterr().err


async def test_the_study_codebook_is_used_and_a_command_line_one_said(study: Path) -> None:
    app = build_app(study, coder="ana")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert app.session is not None and app.session.codebook.name == "All types"
    other = Path(__file__).parent.parent / "examples" / "codebook.toml"
    app = build_app(study, coder="ana", codebook=other)
    assert (
        app.notice
        == f"Coding with --codebook {other}, not the codebook {study.parents[2] / 'readertui.toml'} names."
    )
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert app.session is not None and app.session.codebook.name == "Stance and source"


async def test_blind_coders_see_nothing_of_each_other(study: Path) -> None:
    app = build_app(study, coder="ana")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "3")  # ana codes a post
    app = build_app(study, coder="ben")
    async with app.run_test(size=(140, 40)) as pilot:
        said = notices(app)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert app.session is not None and app.session.notice is None
        await pilot.press("r")
        assert screen.others is None
        assert said[-1].message.startswith("Blind coding: other coders' codes are not shown")
        assert all("ana" not in n.message for n in said)
    app = build_app(study, coder="gold")  # the adjudicator is not blind
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.others is not None
        assert [o.coder for o in screen.others] == ["ana"]


async def test_the_adjudicator_walks_disagreements_and_takes_codes(study: Path) -> None:
    """Two coders disagree on one post and agree on another; the adjudicator sees only the
    first, takes ben's codes with `=` and a digit, and codes the article anew: all in gold's
    own sidecar, the coders' files untouched."""
    for coder, keys in (("ana", ("j", "3", "j", "5")), ("ben", ("j", "4", "j", "5"))):
        app = build_app(study, coder=coder)
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            await pilot.press(*keys)
    files = {p.name: p.read_bytes() for p in study.parent.glob("*.json")}
    app = build_app(study, adjudicate=True)
    async with app.run_test(size=(140, 40)) as pilot:
        said = notices(app)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and app.coder == "gold"
        assert said[0].message.startswith("Adjudicating: 1 items where 2 coders disagree")
        first_post = screen.session.items[1]
        assert screen.listed == [1] and screen.filter.label == "disagreements"
        await pilot.press("r")  # review is always on while adjudicating: `=` still works
        await pilot.press("equals_sign")
        assert "ana" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("2")
        assert screen.session.annotation(1).tags == {"tone": ("neutral",)}
        assert "≠" in screen.query_one(ItemList).row_text(0)  # gold differs from ana
    for name, data in files.items():
        assert (study.parent / name).read_bytes() == data  # the coders' files as they were
    stored = read_sidecar(sidecar_for(study, "gold"))
    assert stored is not None and stored.coder == "gold"
    assert {r.id: dict(r.annotation.tags) for r in stored.records} == {
        first_post.id: {"tone": ("neutral",)}
    }


def test_adjudicating_under_a_coders_name_is_refused(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(study), "--adjudicate", "--coder", "ana"], io.StringIO()) == 1
    err = capsys.readouterr().err
    assert "--adjudicate codes as the adjudicator" in err and "never in a coder's own file" in err


def test_the_example_study_loads_with_every_type() -> None:
    example = Path(__file__).parent.parent / "examples" / "study"
    found = find_study(example / "council-vote.txt")
    assert found is not None and found.codebook is not None and found.blind
    types = {v.type for v in found.codebook.variables}
    assert types == {"nominal", "ordinal", "number", "text"} and found.codebook.codes_article


@pytest.mark.parametrize("make", ["fifo", "folder", "loop"])
def test_a_study_file_that_is_not_a_file_is_refused_without_waiting(study: Path, make: str) -> None:
    path = study.parents[2] / "readertui.toml"
    path.unlink()
    if make == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer forever
    elif make == "folder":
        path.mkdir()
    else:
        path.symlink_to(path.parent / "loop")
        (path.parent / "loop").symlink_to(path)
    with pytest.raises(StudyError, match=r"readertui.toml: (is a|cannot be read)"):
        find_study(study)


def test_export_and_agree_refuse_a_broken_study_file_as_the_reader_does(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (study.parents[2] / "readertui.toml").write_text("blinde = true\n", encoding="utf-8")
    for command in ("export", "agree"):
        assert main([command, str(study.parents[2])], io.StringIO()) == 1
        assert "line 1: unknown setting 'blinde'" in capsys.readouterr().err
