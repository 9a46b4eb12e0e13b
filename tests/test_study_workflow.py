"""A study from start to end, as a team runs it: two coders code a folder in the reader, an
article is edited between sessions, then `export` and `agree` are read back and checked by hand."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from readertui.cli.main import main
from readertui.ui.app import build_app
from readertui.ui.screens.picker import PickerScreen
from readertui.ui.screens.reader import ReaderScreen

from conftest import FIXTURES, SAMPLES, settle

# What each coder presses on each article, item by item (`j` moves on).

#: Real commands, pseudo-terminals or many generated inputs: left out of `-m "not slow"`.
pytestmark = pytest.mark.slow


ALICE = {"a.txt": ["1", "2", "3", "1", "2"], "b.md": ["1", "1", "2"]}
BOB = {"a.txt": ["1", "2", "1", "1", "3"], "b.md": ["1", "2", "2"]}
NAMES = {"1": "support", "2": "oppose", "3": "neutral"}


async def code_folder(folder: Path, coder: str, keys: dict[str, list[str]]) -> None:
    app = build_app(folder, coder=coder)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")  # a.txt, then ctrl+n to b.md
        for name in sorted(keys):
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReaderScreen) and screen.article.path.name == name
            await pilot.press("home")
            for key in keys[name]:
                await pilot.press(key, "j")
            await pilot.press("ctrl+n")
        await pilot.press("q")


async def test_two_coders_an_edit_then_export_and_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "study"
    folder.mkdir()
    shutil.copy(FIXTURES / "five-posts.txt", folder / "a.txt")
    shutil.copy(SAMPLES / "harbor-festival.md", folder / "b.md")
    await code_folder(folder, "alice", ALICE)
    await code_folder(folder, "bob", BOB)
    assert (folder / "a.txt.annotations.json").exists()  # alice was first: the plain name
    assert (folder / "a.txt.bob.annotations.json").exists()  # bob: a file of his own

    # The article is edited between sessions: a paragraph added at the top, a word changed
    # inside the third post (its id, made of its words, changes).
    text = (folder / "a.txt").read_text(encoding="utf-8")
    text = text.replace("Reaction online", "An editor's note added later.\n\nReaction online")
    text = text.replace(
        "Nobody from the council called me once.", "Nobody from the council called me even once."
    )
    (folder / "a.txt").write_text(text, encoding="utf-8")

    # Alice reopens it: every code is found again and she codes nothing twice.
    app = build_app(folder / "a.txt", coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        session = app.session
        assert session is not None and session.coded_count == 5 and not session.orphans
        assert session.annotation(2).tags == {"stance": ("neutral",)}
        await pilot.press("q")

    out = io.StringIO()
    assert main(["export", str(folder), "--format", "csv"], out=out) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 16  # 8 items x 2 coders, one value each
    got = {(r["article"], r["handle"], r["coder"]): r["value"] for r in rows}
    handles = {
        "a.txt": ["rosadelgado_hc", "HarborLedger", "feldbait", "walkharbor", "HCTransport"],
        "b.md": ["harborfest", "ravimenon", "HarborLedger"],
    }
    expected = {
        (name, handle, coder): NAMES[keys[name][n]]
        for coder, keys in (("alice", ALICE), ("bob", BOB))
        for name in handles
        for n, handle in enumerate(handles[name])
    }
    assert got == expected
    feld = next(r for r in rows if r["handle"] == "feldbait")
    assert "even once" in feld["text"]  # described as the article has it now

    capsys.readouterr()
    out = io.StringIO()
    assert main(["agree", str(folder), "--json"], out=out) == 0
    report = json.loads(out.getvalue())
    # By hand: 8 items, both coders; they agree on 5 (a: 1,2,4; b: 1,3).
    pairs = [(ALICE[n][i], BOB[n][i]) for n in sorted(ALICE) for i in range(len(ALICE[n]))]
    agree = sum(a == b for a, b in pairs) / len(pairs)
    assert agree == 5 / 8
    # Cohen's kappa by hand: expected agreement from each coder's own value shares.
    cats = {"1", "2", "3"}
    pe = sum(
        (sum(a == c for a, _ in pairs) / 8) * (sum(b == c for _, b in pairs) / 8) for c in cats
    )
    kappa = (agree - pe) / (1 - pe)
    # Krippendorff's alpha by hand (two coders, no missing value): each unit gives both ordered
    # pairs; 3 disagreements make 6 off-diagonal pairs; n = 16 values, 8/6/2 of each category.
    values = [v for pair in pairs for v in pair]
    n = len(values)
    expected_pairs = n * n - sum(values.count(c) ** 2 for c in cats)
    alpha = 1 - (n - 1) * (2 * sum(a != b for a, b in pairs)) / expected_pairs
    [stance] = report["variables"]
    assert stance["units_coded"] == 8
    assert stance["percent_agreement"]["value"] == 62.5
    assert abs(stance["cohen_kappa"]["value"] - kappa) < 1e-9
    assert abs(stance["krippendorff_alpha"]["value"] - alpha) < 1e-9
    assert len(report["disagreements"]) == 3
    assert {d["post"]["handle"] for d in report["disagreements"]} == {
        "feldbait", "HCTransport", "ravimenon",
    }  # fmt: skip
