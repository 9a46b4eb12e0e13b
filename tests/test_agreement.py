"""Agreement between coders: the coefficients against published worked examples, and
`readertui agree` end to end on sidecars written by real coding sessions."""

from __future__ import annotations

import io
import json
import random
import shutil
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from itertools import permutations
from pathlib import Path

import pytest

from readertui.article import load_article
from readertui.cli import agree
from readertui.cli.main import main
from readertui.codebook import load_codebook
from readertui.session import CodingSession
from readertui.study import agreement
from readertui.study.codes import load_study
from readertui.study.coefficients import (
    Ratings,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)

from conftest import FIXTURES


def table(rows: dict[str, str]) -> list[Ratings]:
    """Reliability data as printed (one row a coder, '.' missing) -> one Ratings a unit."""
    cells = {coder: row.split() for coder, row in rows.items()}
    width = len(next(iter(cells.values())))
    return [{c: r[u] for c, r in cells.items() if r[u] != "."} for u in range(width)]


def from_counts(counts: list[list[int]]) -> tuple[list[Ratings], list[str]]:
    """A subjects x categories count table (all raters rate every subject) -> ratings."""
    raters = [f"r{n}" for n in range(sum(counts[0]))]
    units: list[Ratings] = []
    for row in counts:
        given = [str(category) for category, n in enumerate(row) for _ in range(n)]
        units.append(dict(zip(raters, given, strict=True)))
    return units, raters


# -- published worked examples ------------------------------------------------------------------

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x 12
# units, nominal, with missing values. Published result: alpha = 0.743.
KRIPPENDORFF_2011 = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}

# Fleiss (1971), as worked in Wikipedia's "Fleiss' kappa" article and Cardillo's fleiss.m:
# 10 subjects, 14 raters, 5 categories; P-bar = 0.378, P-bar-e = 0.213, kappa = 0.210.
FLEISS_1971 = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]

# Cohen's kappa, the textbook 2x2 example (Wikipedia's "Cohen's kappa"): 50 grant proposals,
# readers A and B; yes/yes 20, A yes B no 5, A no B yes 10, no/no 15. p_o = 0.7, p_e = 0.5.
COHEN_2X2 = {("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}


def test_krippendorff_alpha_on_krippendorffs_own_example_with_missing_data() -> None:
    units = table(KRIPPENDORFF_2011)
    alpha = krippendorff_alpha(units)
    assert alpha.value is not None and round(alpha.value, 3) == 0.743
    # His worked figures: n = 40 pairable values, 32 of them coincide with their own kind, and
    # sum(n_c * n_k, c != k) = 1600 - 384: alpha = 1 - 39 * (40 - 32) / 1216.
    assert alpha.value == pytest.approx(float(1 - Fraction(39 * 8, 1216)), abs=1e-12)
    assert alpha.units == 11  # unit 12 was coded once: not pairable


def test_ordinal_and_interval_alpha_on_krippendorffs_example() -> None:
    # The same data, values 1 < 2 < ... < 5: published ordinal 0.815 and interval 0.849. The
    # `krippendorff` package (0.9.0, floats) prints 0.8153875037548814 and 0.8491071428571428.
    units = table(KRIPPENDORFF_2011)
    ordinal_alpha = krippendorff_alpha(units, "ordinal", "12345")
    interval_alpha = krippendorff_alpha(units, "interval")
    assert ordinal_alpha.value is not None and round(ordinal_alpha.value, 3) == 0.815
    assert interval_alpha.value is not None and round(interval_alpha.value, 3) == 0.849
    assert ordinal_alpha.value == pytest.approx(0.8153875037548814, abs=1e-12)
    assert interval_alpha.value == pytest.approx(0.8491071428571428, abs=1e-12)
    assert ordinal_alpha.units == interval_alpha.units == 11
    # The order is the codebook's, not the values' own: another order, another figure.
    assert krippendorff_alpha(units, "ordinal", "13245").value != ordinal_alpha.value
    # Numbers are compared as numbers: written 10 times larger, the same interval alpha.
    tenfold = [{c: f"{v}0" for c, v in u.items()} for u in units]
    assert krippendorff_alpha(tenfold, "interval").value == interval_alpha.value


def test_values_the_metric_cannot_place_make_alpha_undefined_with_the_reason() -> None:
    units: list[Ratings] = [{"a": "low", "b": "high"}, {"a": "high", "b": "huge"}]
    figure = krippendorff_alpha(units, "ordinal", ["low", "high"])
    assert (figure.value, figure.reason) == (None, "not in the codebook's order of values: 'huge'")
    figure = krippendorff_alpha([{"a": "2", "b": "many"}], "interval")
    assert (figure.value, figure.reason) == (None, "'many' is not a number")
    one_number = krippendorff_alpha([{"a": "2", "b": "2.0"}, {"a": "2", "b": "2"}], "interval")
    assert one_number.value is None and "one" in one_number.reason


def test_fleiss_kappa_on_the_fleiss_1971_example() -> None:
    units, raters = from_counts(FLEISS_1971)
    kappa = fleiss_kappa(units, raters)
    assert kappa.value is not None and round(kappa.value, 3) == 0.210
    assert kappa.value == pytest.approx(0.2099, abs=5e-5)  # fleiss.m prints 0.2099
    assert kappa.units == 10


def test_cohen_kappa_on_the_textbook_two_by_two_table() -> None:
    units = [{"A": a, "B": b} for (a, b), n in COHEN_2X2.items() for _ in range(n)]
    kappa = cohen_kappa(units, ["A", "B"])
    assert kappa.value == pytest.approx(0.4, abs=1e-12) and kappa.units == 50
    assert percent_agreement(units).value == pytest.approx(70.0)


# -- an independent computation ---------------------------------------------------------------


Delta = Callable[[str, str, Counter[str]], Fraction]


def nominal(c: str, k: str, _: Counter[str]) -> Fraction:
    return Fraction(c != k)


def interval(c: str, k: str, _: Counter[str]) -> Fraction:
    return (Fraction(c) - Fraction(k)) ** 2


def ordinal(order: str) -> Delta:
    """Krippendorff's ordinal metric, as printed: (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2."""

    def delta(c: str, k: str, n: Counter[str]) -> Fraction:
        low, high = sorted((order.index(c), order.index(k)))
        between = sum(n[g] for g in order[low : high + 1])
        return (between - Fraction(n[c] + n[k], 2)) ** 2

    return delta


def alpha_by_pairs(units: list[Ratings], delta: Delta = nominal) -> float:
    """Alpha straight from the definition: the coincidence matrix of every ordered pair of
    values two different coders gave one unit, each weighted 1 / (m_u - 1); then
    1 - D_o / D_e with D_o = sum o_ck delta_ck / n, D_e = sum n_c n_k delta_ck / (n (n - 1))."""
    o: Counter[tuple[str, str]] = Counter()
    for unit in units:
        values = list(unit.values())
        if len(values) < 2:
            continue
        for a, b in permutations(values, 2):
            o[a, b] += Fraction(1, len(values) - 1)  # type: ignore[assignment]
    n_c: Counter[str] = Counter()
    for (c, _), count in o.items():
        n_c[c] += count
    n = sum(n_c.values())
    d_o = sum(count * delta(c, k, n_c) for (c, k), count in o.items()) / n
    d_e = sum(n_c[c] * n_c[k] * delta(c, k, n_c) for c in n_c for k in n_c) / (n * (n - 1))
    return float(1 - Fraction(d_o) / Fraction(d_e))


def kappa_by_table(units: list[Ratings], a: str, b: str) -> float:
    """Cohen's kappa from its contingency table, the way a textbook works it."""
    both = [(u[a], u[b]) for u in units if a in u and b in u]
    categories = sorted({x for pair in both for x in pair})
    cell = Counter(both)
    n = len(both)
    p_o = Fraction(sum(cell[c, c] for c in categories), n)
    rows = {c: sum(cell[c, k] for k in categories) for c in categories}
    cols = {c: sum(cell[k, c] for k in categories) for c in categories}
    p_e = sum(Fraction(rows[c] * cols[c], n * n) for c in categories)
    return float((p_o - p_e) / (1 - p_e))


def test_figures_match_an_independent_computation_on_random_data_with_missing_values() -> None:
    rng = random.Random(7)
    for _ in range(20):
        coders = ["a", "b", "c", "d"][: rng.randint(2, 4)]
        units: list[Ratings] = []
        for _ in range(rng.randint(5, 30)):
            unit = {c: rng.choice("xyz") for c in coders if rng.random() < 0.8}
            units.append(unit)
        if len({v for u in units if len(u) >= 2 for v in u.values()}) < 2:
            continue
        assert krippendorff_alpha(units).value == pytest.approx(alpha_by_pairs(units))
        first, second = coders[:2]
        assert cohen_kappa(units, [first, second]).value == pytest.approx(
            kappa_by_table(units, first, second)
        )


def test_ordinal_and_interval_alpha_match_the_definition_on_random_data() -> None:
    rng = random.Random(11)
    for _ in range(30):
        coders = ["a", "b", "c", "d"][: rng.randint(2, 4)]
        units: list[Ratings] = [
            {c: rng.choice("13579") for c in coders if rng.random() < 0.75}
            for _ in range(rng.randint(5, 25))
        ]
        if len({v for u in units if len(u) >= 2 for v in u.values()}) < 2:
            continue
        order = "97531"  # not the values' own order: the codebook's counts
        expected = alpha_by_pairs(units, ordinal(order))
        assert krippendorff_alpha(units, "ordinal", order).value == pytest.approx(expected)
        expected = alpha_by_pairs(units, interval)
        assert krippendorff_alpha(units, "interval").value == pytest.approx(expected)


# -- undefined figures ----------------------------------------------------------------------------


def test_one_category_only_is_not_a_crash_but_a_reason() -> None:
    units: list[Ratings] = [{"a": "x", "b": "x"}, {"a": "x", "b": "x"}]
    assert percent_agreement(units).value == 100.0
    for figure in (
        cohen_kappa(units, ["a", "b"]),
        fleiss_kappa(units, ["a", "b"]),
        krippendorff_alpha(units),
    ):
        assert figure.value is None and "one" in figure.reason and figure.units == 2


def test_no_pairable_unit_and_the_wrong_number_of_coders_say_why() -> None:
    units: list[Ratings] = [{"a": "x"}, {"b": "y"}, {"c": "x"}]
    assert percent_agreement(units).reason == "no item was coded by two coders"
    assert krippendorff_alpha(units).reason == "no item was coded by two coders"
    assert cohen_kappa(units, ["a", "b"]).reason == "no item was coded by both coders"
    assert "3 coded this" in (cohen_kappa(units, ["a", "b", "c"]).reason)
    assert fleiss_kappa(units, ["a", "b", "c"]).reason == "no item was coded by all 3 coders"
    assert fleiss_kappa(units, ["a"]).reason == "fewer than two coders coded this"
    assert percent_agreement([]).value is None


def test_fleiss_kappa_keeps_only_the_units_every_coder_coded() -> None:
    full: list[Ratings] = [{"a": "x", "b": "x"}, {"a": "x", "b": "y"}, {"a": "y", "b": "y"}]
    with_partial = [*full, {"a": "x"}, {"b": "y"}]
    assert fleiss_kappa(with_partial, ["a", "b"]) == fleiss_kappa(full, ["a", "b"])
    assert fleiss_kappa(with_partial, ["a", "b"]).units == 3


# -- a study on disk, coded by alice and bob -------------------------------------------------------

CODEBOOK = """\
name = "test"
[[variables]]
name = "stance"
exclusive = true
values = [
  { key = "1", name = "support" },
  { key = "2", name = "oppose" },
  { key = "3", name = "neutral" },
]
[[variables]]
name = "topic"
exclusive = false
values = [
  { key = "a", name = "traffic" },
  { key = "b", name = "business" },
]
"""

# Post index -> keys pressed. Bob gives item 4 a topic but no stance: missing, not a disagreement.
ALICE = {0: "1", 1: "3", 2: "2b", 3: "1", 4: "2a"}
BOB = {0: "1", 1: "1", 2: "2ba", 3: "1", 4: "a"}


def code(article: Path, coder: str, plan: dict[int, str]) -> None:
    codebook = load_codebook(article.parent / "codebook.toml")
    with CodingSession(
        load_article(article), coder=coder, codebook=codebook, clock=lambda: "2026-01-02T03:04:05Z"
    ) as session:
        for index, keys in plan.items():
            for key in keys:
                result = session.code(index, key)
                assert result is not None and result.ok


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """council.txt (five posts, items 0-4) coded by alice and by bob, in their own sidecars."""
    (tmp_path / "codebook.toml").write_text(CODEBOOK, encoding="utf-8")
    article = tmp_path / "council.txt"
    shutil.copy(FIXTURES / "five-posts.txt", article)
    code(article, "alice", ALICE)
    code(article, "bob", BOB)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["agree", *args], out=out)
    return status, out.getvalue()


def item_ids(folder: Path) -> list[str]:
    return [item.id for item in load_article(folder / "council.txt").items]


def test_the_table_shows_hand_computed_figures(study: Path) -> None:
    # stance, on items 0-3 (bob left 4 without one): alice support, neutral, oppose, support;
    # bob support, support, oppose, support. Agreement 3/4.
    # Cohen: p_e = (2*3 + 1*0 + 1*1) / 16 = 7/16, kappa = (12/16 - 7/16) / (9/16) = 5/9.
    # Fleiss: pooled support 5, neutral 1, oppose 2 of 8: P_e = 30/64, kappa = (48-30)/34.
    # Alpha: one unit disagrees (adds 2/(2-1)); expected 64 - 30 = 34; alpha = 1 - 7*2/34.
    status, out = run(str(study))
    assert status == 0
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    assert rows["stance"] == [
        *("4", "75.0", f"{5 / 9:.3f}", f"{9 / 17:.3f}", f"{10 / 17:.3f}", "(nominal)")
    ]
    # topic=traffic on items 2 and 4: alice absent/present, bob present/present.
    assert rows["topic=traffic"] == ["2", "50.0", "0.000", f"{-1 / 3:.3f}", "0.000", "(nominal)"]
    assert rows["topic=business"] == ["2", "100.0", "1.000", "1.000", "1.000", "(nominal)"]
    assert out.splitlines()[0] == "2 coders (alice, bob): 1 article coded, 1 by two coders or more"


def test_disagreements_name_the_article_the_item_and_what_each_coder_said(study: Path) -> None:
    ids = item_ids(study)
    status, out = run(str(study / "council.txt"))
    assert status == 0
    listed = out.split("2 disagreements")[1].splitlines()[1:]
    assert listed[0].split() == [
        str(study / "council.txt"),
        ids[1],
        "stance:",
        "alice=neutral",
        "bob=support",
    ]
    assert listed[1].strip().startswith("BREAKING: Harbor City council votes")
    assert listed[2].split()[1:] == [ids[2], "topic:", "alice=business", "bob=traffic+business"]


def test_json_has_every_figure_its_units_and_the_disagreements(study: Path) -> None:
    ids = item_ids(study)
    status, out = run(str(study), "--json")
    assert status == 0
    data = json.loads(out)
    assert data["coders"] == ["alice", "bob"] and data["articles"] == 1
    stance, traffic, business = data["variables"]
    assert [v["name"] for v in data["variables"]] == ["stance", "topic=traffic", "topic=business"]
    assert stance["exclusive"] and not traffic["exclusive"] and traffic["value"] == "traffic"
    assert stance["units_coded"] == 5 and stance["percent_agreement"]["units"] == 4
    assert stance["cohen_kappa"] == {"value": pytest.approx(5 / 9), "units": 4, "reason": None}
    assert stance["fleiss_kappa"]["value"] == pytest.approx(9 / 17)
    assert stance["krippendorff_alpha"]["value"] == pytest.approx(10 / 17)
    assert business["krippendorff_alpha"]["value"] == 1.0
    assert [(d["item"], d["variable"], d["codes"]) for d in data["disagreements"]] == [
        (ids[1], "stance", {"alice": ["neutral"], "bob": ["support"]}),
        (ids[2], "topic", {"alice": ["business"], "bob": ["traffic", "business"]}),
    ]
    assert data["disagreements"][0]["post"]["handle"] == "HarborLedger"


def test_a_third_coder_makes_cohen_not_applicable_and_fleiss_use_the_shared_items(
    study: Path,
) -> None:
    code(study / "council.txt", "carol", {0: "1", 1: "1", 2: "2"})
    status, out = run(str(study))
    assert status == 0
    stance = next(line for line in out.splitlines() if line.startswith("stance"))
    assert stance.split()[:5] == ["stance", "4", "80.0", "n/a", "[1]"]
    assert "  [1] Cohen's kappa is for two coders; 3 coded this" in out
    assert "stance: Fleiss' kappa uses the 3 of 4 items coded by all 3 coders" in out
    # carol has a sidecar but gave item 2 no topic: shown as not coded, not as "absent".
    assert "alice=business  bob=traffic+business  carol=-" in out


def test_only_the_first_disagreements_are_listed_unless_all(
    study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(agree, "SHOWN", 1)
    _, out = run(str(study))
    assert "2 disagreements (the first 1; --all lists every one)" in out
    assert "stance: alice=neutral" in out and "topic: alice=" not in out
    _, every = run(str(study), "--all")
    assert "the first" not in every and "topic: alice=business" in every


def test_an_unreadable_sidecar_is_one_warning_and_the_rest_is_used(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (study / "council.txt.carol.annotations.json").write_text("{oops", encoding="utf-8")
    status, out = run(str(study))
    assert status == 0 and "2 coders (alice, bob)" in out
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("readertui agree: warning: ") and "not valid JSON" in err[0]


def test_fewer_than_two_coders_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "codebook.toml").write_text(CODEBOOK, encoding="utf-8")
    article = tmp_path / "council.txt"
    shutil.copy(FIXTURES / "five-posts.txt", article)
    assert run(str(tmp_path)) == (1, "")
    assert capsys.readouterr().err.strip().startswith("readertui agree: no coded articles found")
    code(article, "alice", ALICE)
    assert run(str(tmp_path), "--json") == (1, "")
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "readertui agree: only one coder (alice) has codes in these files; "
        "agreement needs two coders or more"
    ]


def test_no_paths_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run() == (2, "")
    assert "readertui agree" in capsys.readouterr().err


# -- hand-written sidecars ------------------------------------------------------------------------


def sidecar(path: Path, coder: str, tags: dict[str, dict[str, list[str]]], **post: str) -> None:
    """A sidecar in the documented format, without a codebook (its variables come from tags)."""
    records = [
        {"post": {"id": item, **post}, "tags": codes, "note": ""} for item, codes in tags.items()
    ]
    data = {"format": "readertui-annotations", "version": 1, "coder": coder}
    path.write_text(json.dumps({**data, "annotations": records}), encoding="utf-8")


def test_without_a_codebook_a_variable_given_two_values_is_split_into_values(
    tmp_path: Path,
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("x", encoding="utf-8")
    sidecar(
        tmp_path / "a.txt.ann.annotations.json",
        "ann",
        {"p1": {"frame": ["risk", "cost"], "tone": ["neg"]}, "p2": {"frame": ["risk"]}},
    )
    sidecar(
        tmp_path / "a.txt.ben.annotations.json",
        "ben",
        {"p1": {"frame": ["risk"], "tone": ["pos"]}, "p2": {"frame": ["risk"], "tone": ["pos"]}},
    )
    report = agreement.agreement(load_study([tmp_path]))
    by_name = {r.name: r for r in report.results}
    assert list(by_name) == ["frame=risk", "frame=cost", "tone"]
    assert by_name["frame=risk"].percent.value == 100.0
    assert by_name["frame=cost"].percent.value == 50.0
    assert by_name["tone"].exclusive and by_name["tone"].percent.units == 1  # ann: no tone on p2
    assert [(d.unit.item, d.variable) for d in report.disagreements] == [
        ("p1", "frame"),
        ("p1", "tone"),
    ]


def test_text_from_the_files_cannot_reach_the_terminal_as_control_codes(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("x", encoding="utf-8")
    evil = "\x1b]0;pwned\x07\x1b[2J"
    sidecar(tmp_path / "a.txt.x.annotations.json", f"x{evil}", {f"p{evil}": {"v": [f"a{evil}"]}})
    sidecar(tmp_path / "a.txt.y.annotations.json", "y\nz", {f"p{evil}": {"v": ["b\nc"]}})
    status, out = run(str(tmp_path))
    assert status == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "x␛]0;pwned␇␛[2J=a␛]0;pwned␇␛[2J  y z=b c" in out


# -- typed variables: the metric of each type ---------------------------------------------------

TYPED = """\
name = "typed"
[[variables]]
name = "grade"
type = "ordinal"
values = [
  { key = "1", name = "none" }, { key = "2", name = "little" }, { key = "3", name = "some" },
  { key = "4", name = "much" }, { key = "5", name = "all" },
]
[[variables]]
name = "count"
type = "number"
key = "N"
[[variables]]
name = "kind"
values = [
  { key = "a", name = "k1" }, { key = "b", name = "k2" }, { key = "c", name = "k3" },
  { key = "d", name = "k4" }, { key = "e", name = "k5" },
]
[[variables]]
name = "claim"
type = "text"
key = "t"
"""
GRADES = ["none", "little", "some", "much", "all"]  # 1..5; not alphabetical: the order counts


def typed_sidecar(path: Path, coder: str, tags: dict[str, dict[str, list[str]]], book: str) -> None:
    """A sidecar of `coder` holding the codebook `book` (TOML text), as the reader writes one."""
    toml = path.parent / "book.toml"
    toml.write_text(book, encoding="utf-8")
    sidecar(path, coder, tags)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["codebook"] = load_codebook(toml).to_json()
    path.write_text(json.dumps(data), encoding="utf-8")


def krippendorff_study(folder: Path) -> None:
    """Krippendorff's 2011 example coded four times over: as an ordinal grade, a number and a
    nominal kind, by coders A-D on twelve posts of one article."""
    (folder / "a.txt").write_text("x", encoding="utf-8")
    for coder, row in KRIPPENDORFF_2011.items():
        tags = {
            f"p{n}": {"grade": [GRADES[int(v) - 1]], "count": [v], "kind": [f"k{v}"]}
            for n, v in enumerate(row.split())
            if v != "."
        }
        typed_sidecar(folder / f"a.txt.{coder}.annotations.json", coder, tags, TYPED)


def test_each_type_gets_its_metric_and_the_published_figures(tmp_path: Path) -> None:
    krippendorff_study(tmp_path)
    report = agreement.agreement(load_study([tmp_path]))
    by_name = {r.name: r for r in report.results}
    assert list(by_name) == ["grade", "count", "kind"]
    grade, count, kind = by_name["grade"], by_name["count"], by_name["kind"]
    assert (grade.type, grade.metric, count.type, count.metric) == (
        "ordinal",
        "ordinal",
        "number",
        "interval",
    )
    assert grade.alpha.value is not None and round(grade.alpha.value, 3) == 0.815
    assert count.alpha.value is not None and round(count.alpha.value, 3) == 0.849
    assert kind.alpha.value is not None and round(kind.alpha.value, 3) == 0.743
    # Percent agreement and the kappas see categories, whatever the type...
    assert grade.percent == count.percent == kind.percent
    assert grade.fleiss == kind.fleiss
    # ...but a number is no category: kappa does not apply.
    assert count.cohen.value is None and count.fleiss.value is None
    assert "not numbers" in count.cohen.reason
    assert report.to_json()["variables"][1]["krippendorff_alpha"]["metric"] == "interval"


def test_numbers_compare_as_numbers_and_texts_after_normalisation(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    ann = {"p1": {"count": ["2.50"], "claim": ["Tax  cut"]}, "p2": {"count": ["7"]}}
    ben = {"p1": {"count": ["2.5"], "claim": ["tax cut "]}, "p2": {"count": ["7.0"]}}
    cat = {"p1": {"count": ["many"], "claim": ["TAX CUT"]}}
    for coder, tags in (("ann", ann), ("ben", ben), ("cat", cat)):
        typed_sidecar(tmp_path / f"a.txt.{coder}.annotations.json", coder, tags, TYPED)
    report = agreement.agreement(load_study([tmp_path]))
    by_name = {r.name: r for r in report.results}
    assert by_name["count"].percent.value == 100.0 and by_name["count"].percent.units == 2
    assert by_name["count"].coders == ("ann", "ben")  # cat's "many" is no number: missing
    assert by_name["claim"].percent.value == 100.0 and by_name["claim"].metric == "nominal"
    assert "whitespace and case" in by_name["claim"].compared
    assert report.disagreements == ()
    assert report.notes == (
        "variable 'count': 1 value(s) that are not numbers left out (the first: 'many')",
    )


ALL_TYPES = (FIXTURES / "all-types.toml").read_text(encoding="utf-8")


def hierarchy_study(folder: Path, **extra: dict[str, dict[str, list[str]]]) -> None:
    """all-types.toml's actor (government > police, military > navy; citizen) coded by ann and
    ben on four posts, and the article's outlet (the unit "article"); `extra`: more coders."""
    (folder / "a.txt").write_text("x", encoding="utf-8")
    ann = ["police", "navy", "citizen", "government"]
    ben = ["military", "police", "citizen", "police"]
    coders = {
        "ann": {f"p{n}": {"actor": [v]} for n, v in enumerate(ann)}
        | {"article": {"outlet": ["local"]}},
        "ben": {f"p{n}": {"actor": [v]} for n, v in enumerate(ben)}
        | {"article": {"outlet": ["national"]}},
        **extra,
    }
    for coder, tags in coders.items():
        typed_sidecar(folder / f"a.txt.{coder}.annotations.json", coder, tags, ALL_TYPES)


def test_a_hierarchical_variable_is_also_compared_level_by_level(tmp_path: Path) -> None:
    hierarchy_study(tmp_path)
    report = agreement.agreement(load_study([tmp_path]))
    by_name = {r.name: r for r in report.results}
    assert list(by_name) == ["outlet", "actor", "actor (level 1)", "actor (level 2)"]
    # As chosen, they agree on citizen only; at level 1 (government, citizen) on all four; at
    # level 2 on citizen only (military against police; government, chosen at level 1, stays
    # government, against police).
    assert [by_name[n].percent.value for n in list(by_name)[1:]] == [25.0, 100.0, 25.0]
    assert by_name["actor (level 1)"].alpha.reason == "" and by_name["actor (level 1)"].level == 1
    assert by_name["actor (level 1)"].alpha.value == 1.0
    data = report.to_json()["variables"][2]
    assert (data["name"], data["level"], data["variable"]) == ("actor (level 1)", 1, "actor")
    # Disagreements are listed once, on the values as chosen; the article is a unit too.
    assert [(d.unit.item, d.variable) for d in report.disagreements] == [
        ("article", "outlet"),
        ("p0", "actor"),
        ("p1", "actor"),
        ("p3", "actor"),
    ]


# -- a gold standard ---------------------------------------------------------------------------

GOLD = {f"p{n}": {"actor": [v]} for n, v in enumerate(["police", "navy", "citizen", "police"])}


def add_tags(path: Path, item: str, tags: dict[str, list[str]]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    record = next(r for r in data["annotations"] if r["post"]["id"] == item)
    record["tags"].update(tags)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_coders_are_measured_against_the_gold_standard_which_is_left_out(tmp_path: Path) -> None:
    hierarchy_study(tmp_path, gold=GOLD | {"article": {"outlet": ["local"]}})
    # A variable of several values matches only as a whole set (in any order).
    for coder, topics in (("gold", ["a", "b"]), ("ann", ["b", "a"]), ("ben", ["a"])):
        add_tags(tmp_path / f"a.txt.{coder}.annotations.json", "p0", {"topic": topics})
    report = agreement.agreement(load_study([tmp_path]), gold="gold")
    got = {(a.coder, a.name): (a.matches, a.units) for a in report.accuracy}
    assert got == {
        ("ann", "outlet"): (1, 1),
        ("ann", "actor"): (3, 4),  # government, not police, on p3
        ("ann", "actor (level 1)"): (4, 4),
        ("ann", "actor (level 2)"): (3, 4),
        ("ann", "topic"): (1, 1),
        ("ben", "outlet"): (0, 1),
        ("ben", "actor"): (2, 4),
        ("ben", "actor (level 1)"): (4, 4),
        ("ben", "actor (level 2)"): (2, 4),
        ("ben", "topic"): (0, 1),
    }
    assert [a.coder for a in report.accuracy][:5] == ["ann"] * 5  # coder by coder
    topic = next(a for a in report.accuracy if a.variable == "topic")
    assert topic.compared == "the set of values (exact set match)" and topic.value == 1.0
    # The inter-coder figures are ann's and ben's alone, as if gold had coded nothing.
    assert report.coders == ("ann", "ben") and report.gold == "gold"
    (tmp_path / "a.txt.gold.annotations.json").unlink()
    without = agreement.agreement(load_study([tmp_path]))
    assert report.results == without.results and report.disagreements == without.disagreements
    assert (report.articles, report.shared, report.shared_units) == (1, 1, 5)
    data = report.to_json()
    assert data["gold"]["coder"] == "gold" and data["gold"]["accuracy"][1] == {
        "coder": "ann",
        "name": "actor",
        "variable": "actor",
        "level": None,
        "compared": "the value",
        "units": 4,
        "matches": 3,
        "accuracy": 0.75,
    }
    assert "gold" not in without.to_json()  # without a gold standard, nothing changes


def test_the_units_only_the_gold_standard_added_are_no_unitizing_difference(
    tmp_path: Path,
) -> None:
    hierarchy_study(tmp_path, gold=GOLD)
    path = tmp_path / "a.txt.gold.annotations.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    added = {"post": {"id": "added1", "kind": "quote"}, "origin": "added", "tags": {}}
    data["annotations"].append(added | {"quote": {"exact": "x", "start": 0, "end": 1}})
    path.write_text(json.dumps(data), encoding="utf-8")
    assert len(agreement.agreement(load_study([tmp_path])).unitizing) == 1  # gold as a coder
    report = agreement.agreement(load_study([tmp_path]), gold="gold")
    assert report.unitizing == () and report.coders == ("ann", "ben")


# -- `readertui agree`: metrics, levels and the gold standard ------------------------------------


def test_the_table_says_which_metric_each_alpha_used_and_how_values_were_compared(
    tmp_path: Path,
) -> None:
    krippendorff_study(tmp_path)
    status, out = run(str(tmp_path))
    assert status == 0
    lines = out.splitlines()
    assert lines[2].endswith("Fleiss kappa  Krippendorff's alpha")
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:6]}
    assert rows["grade"][-2:] == ["0.815", "(ordinal)"]
    assert rows["count"] == ["11", "78.2", "n/a", "[2]", "n/a", "[2]", "0.849", "(interval)"]
    assert rows["kind"][-2:] == ["0.743", "(nominal)"]
    assert "  [2] kappa is for categories, not numbers (alpha is interval)" in lines
    assert "  count: compared as numbers; agree % counts equal numbers only" in lines
    assert "  grade: compared as categories; alpha by the codebook's order of values" in lines
    data = json.loads(run(str(tmp_path), "--json")[1])
    assert [
        (v["name"], v["type"], v["krippendorff_alpha"]["metric"]) for v in data["variables"]
    ] == [
        ("grade", "ordinal", "ordinal"),
        ("count", "number", "interval"),
        ("kind", "nominal", "nominal"),
    ]


def test_gold_reports_each_coder_against_it_and_leaves_it_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hierarchy_study(tmp_path, gold=GOLD)
    status, out = run(str(tmp_path), "--gold", "gold")
    assert status == 0
    assert out.splitlines()[0] == (
        "2 coders (ann, ben; gold standard gold, left out): 1 article coded, 1 by two coders or more"
    )
    assert "actor (level 1)      4    100.0" in out  # ann and ben, as before
    gold = out.split("Against the gold standard (gold)")[1].split("\n\n")[0].splitlines()[1:]
    assert [line.split() for line in gold] == [
        ["coder", "variable", "units", "accuracy", "%"],
        ["ann", "actor", "4", "75.0"],
        ["ann", "actor", "(level", "1)", "4", "100.0"],
        ["ann", "actor", "(level", "2)", "4", "75.0"],
        ["ben", "actor", "4", "50.0"],
        ["ben", "actor", "(level", "1)", "4", "100.0"],
        ["ben", "actor", "(level", "2)", "4", "50.0"],
    ]
    assert "gold=" not in out  # not among the coders whose disagreements are listed
    data = json.loads(run(str(tmp_path), "--gold", "gold", "--json")[1])
    assert data["coders"] == ["ann", "ben"] and data["gold"]["coder"] == "gold"
    assert [(a["coder"], a["name"], a["accuracy"]) for a in data["gold"]["accuracy"]][:2] == [
        ("ann", "actor", 0.75),
        ("ann", "actor (level 1)", 1.0),
    ]
    assert "gold" not in json.loads(run(str(tmp_path), "--json")[1])
    capsys.readouterr()
    assert run(str(tmp_path), "--gold", "nobody") == (1, "")
    assert capsys.readouterr().err == (
        "readertui agree: no sidecar of coder 'nobody' was found in these files: no gold standard\n"
    )


def test_one_coder_and_a_gold_standard_is_enough_for_accuracy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hierarchy_study(tmp_path, gold=GOLD)
    (tmp_path / "a.txt.ben.annotations.json").unlink()
    status, out = run(str(tmp_path), "--gold", "gold")
    assert status == 0
    assert "No agreement between coders: one coder besides the gold standard." in out
    assert "ann    actor (level 2)      4        75.0" in out and "disagreement" not in out
    (tmp_path / "a.txt.ann.annotations.json").unlink()
    assert run(str(tmp_path), "--gold", "gold") == (1, "")
    assert "only the gold standard (gold) has codes" in capsys.readouterr().err
