"""Issue 17 from the outside, as a team works: a study folder (study file, a codebook of every
type), two coders coding blind in the reader, `agree` per type, an adjudicator making the gold
standard, `export --coder gold`, and a `.qdpx` valid against the standard's schema whose
selections land on the sidecars' quoted words."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from readertui.cli.main import main
from readertui.store.journal import read_sidecar
from readertui.store.naming import article_sidecars
from readertui.study.qdpx_read import read_qdpx
from readertui.ui.app import build_app
from readertui.ui.screens.reader import ReaderScreen

from conftest import FIXTURES, notices, settle

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "study"
SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "refi-qda" / "Project-mrt2019.xsd"
#: Each coder's keys on five-posts.txt (row 0: the article; rows 1-5: its posts): the outlet,
#: then per post a tone (by key or by step), an actor, followers typed in.
KEYS = {
    "ana": ["1", "j", "3", "g", "F", *"1200", "enter", "j", "greater_than_sign", "c", "j", "5"],
    "ben": ["2", "j", "3", "p", "F", *"1500", "enter", "j", "less_than_sign", "c", "j", "5"],
}


@pytest.fixture
def study(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE / "readertui.toml", tmp_path / "readertui.toml")
    shutil.copy(EXAMPLE / "codebook.toml", tmp_path / "codebook.toml")
    shutil.copy(FIXTURES / "five-posts.txt", tmp_path / "council-vote.txt")
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), out), out.getvalue()


async def code_blind(study: Path, coder: str) -> None:
    app = build_app(study / "council-vote.txt", coder=coder)
    async with app.run_test(size=(140, 40)) as pilot:
        said = notices(app)
        await settle(pilot)
        await pilot.press(*KEYS[coder], "r")
        await pilot.pause()
        others = "ben" if coder == "ana" else "ana"
        assert all(others not in n.message for n in said)  # blind: nothing of the other
        assert said[-1].message.startswith("Blind coding")


async def test_a_study_from_blind_coding_to_a_gold_standard_and_a_qdpx(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for coder in ("ana", "ben"):
        await code_blind(study, coder)

    # agree: each variable with the metric its type calls for
    status, out = run("agree", str(study), "--json")
    assert status == 0
    figures = {v["name"]: v for v in json.loads(out)["variables"]}
    metric = {name: v["krippendorff_alpha"]["metric"] for name, v in figures.items()}
    assert metric["outlet"] == "nominal" and metric["tone"] == "ordinal"
    assert metric["followers"] == "interval" and "actor (level 1)" in figures
    assert figures["actor"]["percent_agreement"]["value"] == 50.0  # g/p differ, c/c agree
    assert figures["actor (level 1)"]["percent_agreement"]["value"] == 100.0  # police is government

    # the adjudicator: the items the coders disagree on, ben's codes taken on one
    app = build_app(study / "council-vote.txt", adjudicate=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and app.coder == "gold"
        disputed = [screen.session.items[i].kind for i in screen.listed]
        assert disputed == ["article", "post", "post"]  # outlet; tone/actor/followers; tone
        await pilot.press("1")  # the article: coded anew
        await pilot.press("j", "equals_sign", "2")  # the first post: ben's codes
        await pilot.press("j", "equals_sign", "1")  # the second: ana's
    before = {
        s.path.name: s.path.read_bytes() for s in article_sidecars(study / "council-vote.txt")
    }

    # export of the gold standard alone
    status, out = run("export", str(study), "--coder", "gold")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and {r["coder"] for r in rows} == {"gold"}
    assert [(r["kind"], r["variable"], r["value"], r["path"]) for r in rows] == [
        ("article", "outlet", "national", "national"),
        ("post", "tone", "negative", "negative"),
        ("post", "actor", "police", "government > police"),
        ("post", "followers", "1500", ""),
        ("post", "tone", "negative", "negative"),
        ("post", "actor", "citizen", "citizen"),
    ]

    # agree: the study's adjudicator is the gold standard, each coder measured against it
    status, out = run("agree", str(study), "--json")
    report = json.loads(out)
    assert report["gold"]["coder"] == "gold" and "gold" not in report["coders"]
    accuracy = {(a["coder"], a["name"]): a["accuracy"] for a in report["gold"]["accuracy"]}
    assert accuracy[("ben", "actor")] == 1.0 and accuracy[("ana", "actor")] == 0.5
    assert accuracy[("ana", "outlet")] == 1.0 and accuracy[("ben", "outlet")] == 0.0

    # the study as a REFI-QDA project: valid, and its selections on the sidecars' words
    project_file = study.parent / "study.qdpx"
    status, _ = run("export", str(study), "--format", "qdpx", "-o", str(project_file))
    assert status == 0
    data = project_file.read_bytes()
    if SCHEMA.exists():
        import zipfile

        from lxml import etree

        schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert schema.validate(etree.fromstring(archive.read("project.qde")))
    project = read_qdpx(data)
    assert set(project.users) == {"ana", "ben", "gold"}
    quoted = set()
    for sidecar in article_sidecars(study / "council-vote.txt"):
        stored = read_sidecar(sidecar.path)
        assert stored is not None
        for record in stored.records:
            if record.quote is not None:
                quoted.add((stored.coder, record.quote.start, record.quote.end, record.quote.exact))
    selections = {(s.user, s.start, s.end, s.text) for s in project.selections}
    assert quoted and quoted <= selections
    # nothing of it wrote a coder's file
    after = {s.path.name: s.path.read_bytes() for s in article_sidecars(study / "council-vote.txt")}
    assert after == before
    capsys.readouterr()
