"""`readertui export`: every coder's codes as long and wide CSV, JSON Lines and W3C JSON-LD."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from readertui.annotations import Annotation
from readertui.article import load_article
from readertui.cli.main import main
from readertui.codebook import Codebook, load_codebook
from readertui.session import CodingSession
from readertui.study.export import Coded, Export, ItemFields, Paths
from readertui.study.export_formats import wide_columns, wide_rows

from conftest import FIXTURES

BOOK = load_codebook(Path(__file__).parent.parent / "examples" / "codebook.toml")
NOTE = 'He said "closed", then,\nlater: no\r\nreally\u2028twice'
BARE_NOTE = "only a note, nothing coded"
ALICE, BOB = "2026-01-02T03:04:05Z", "2026-01-03T10:00:00Z"
LONG = (
    "article,item_id,kind,platform,handle,author,date,url,text,origin,status,coder,rejected,"
    "variable,value,path,note"
)


def code(article: Path, coder: str, stamp: str, *steps: tuple[int, str]) -> None:
    """Code `article` as `coder`: (index, key) sets a value, (index, 'note:...') a note."""
    with CodingSession(
        load_article(article), coder=coder, codebook=BOOK, clock=lambda: stamp
    ) as session:
        for index, key in steps:
            if key.startswith("note:"):
                session.set_note(index, key[5:])
            else:
                session.code(index, key)


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A folder with one article coded by alice (stance, two sources, notes) and bob."""
    folder = tmp_path / "study"
    folder.mkdir()
    article = folder / "council-vote.txt"
    shutil.copy(FIXTURES / "five-posts.txt", article)
    alice = [(0, "1"), (0, "s"), (0, "d"), (1, "2"), (1, f"note:{NOTE}"), (3, f"note:{BARE_NOTE}")]
    code(article, "alice", ALICE, *alice)
    code(article, "bob", BOB, (0, "2"), (4, "g"), (4, "a"))
    assert (folder / "council-vote.txt.bob.annotations.json").is_file()
    return folder


def ids(folder: Path) -> list[str]:
    return [item.id for item in load_article(folder / "council-vote.txt").items]


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["export", *args], out=out)
    return status, out.getvalue()


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# -- CSV ---------------------------------------------------------------------------------------
def test_long_csv_one_row_per_value_in_a_stable_order(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, text = run(str(study))
    assert status == 0 and capsys.readouterr().err == ""
    assert text.startswith(LONG + "\r\n")
    rows = read_csv(text)
    item = ids(study)
    got = [(r["item_id"], r["coder"], r["variable"], r["value"], r["note"]) for r in rows]
    assert got == [
        (item[0], "alice", "stance", "support", ""),
        (item[0], "alice", "source", "journalist", ""),
        (item[0], "alice", "source", "expert", ""),
        (item[0], "bob", "stance", "oppose", ""),
        (item[1], "alice", "stance", "oppose", NOTE),
        (item[3], "alice", "", "", BARE_NOTE),
        (item[4], "bob", "source", "official", ""),
        (item[4], "bob", "source", "citizen", ""),
    ]
    post = load_article(study / "council-vote.txt").items[1]
    assert "\n" in post.text
    assert rows[4] == {
        "article": "council-vote.txt",
        "item_id": post.id,
        "kind": "post",
        "platform": "twitter",
        "handle": "HarborLedger",
        "author": "The Harbor Ledger",
        "date": "2025-03-04",
        "url": "",
        "text": post.text,
        "origin": "detected",
        "status": "found",
        "coder": "alice",
        "rejected": "false",
        "variable": "stance",
        "value": "oppose",
        "path": "oppose",
        "note": NOTE,
    }


def test_wide_csv_one_row_per_item_and_coder_values_joined(study: Path) -> None:
    status, text = run(str(study), "--wide")
    assert status == 0
    header = text.split("\r\n", 1)[0].split(",")
    assert header == [*LONG.split(",")[:13], "stance", "source", "note"]
    item = ids(study)
    got = [(r["item_id"], r["coder"], r["stance"], r["source"], r["note"]) for r in read_csv(text)]
    assert got == [
        (item[0], "alice", "support", "journalist; expert", ""),
        (item[0], "bob", "oppose", "", ""),
        (item[1], "alice", "oppose", "", NOTE),
        (item[3], "alice", "", "", BARE_NOTE),
        (item[4], "bob", "", "official; citizen", ""),
    ]


def test_wide_columns_never_clash_with_the_item_columns() -> None:
    columns = wide_columns(Export(variables=["note", "code_note", "stance", "text"]))
    assert columns[13:] == ["code_note", "code_code_note", "stance", "code_text", "note"]
    assert len(set(columns)) == len(columns)


def test_a_value_holding_the_wide_joiner_is_warned_about(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sidecar = study / "council-vote.txt.bob.annotations.json"
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["annotations"][0]["tags"] = {"stance": ["for; against"]}
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    assert run(str(study), "--wide")[0] == 0
    assert "'for; against' holds '; '" in capsys.readouterr().err
    assert run(str(study))[0] == 0 and capsys.readouterr().err == ""  # long form: one value


# -- hierarchical values ------------------------------------------------------------------------
ALL_TYPES = load_codebook(FIXTURES / "all-types.toml")  # actor: government > police, military >
# navy; citizen


@pytest.fixture
def hierarchy(tmp_path: Path) -> Path:
    """five-posts.txt coded on all-types.toml's actor by gold: police, navy, government (chosen
    at level 1) and citizen; the first post also has a number and a text, typed in."""
    article = tmp_path / "story.txt"
    shutil.copy(FIXTURES / "five-posts.txt", article)
    with CodingSession(
        load_article(article), coder="gold", codebook=ALL_TYPES, clock=lambda: ALICE
    ) as session:
        for index, key in enumerate("pNgc", start=1):  # (0: the article row)
            session.code(index, key)
    sidecar = tmp_path / "story.txt.annotations.json"
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    first = next(r for r in data["annotations"] if r["tags"]["actor"] == ["police"])
    first["tags"] |= {"followers": ["1200"], "claim": ["up > down"]}
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def test_long_csv_and_jsonl_give_each_value_its_path(
    hierarchy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = read_csv(run(str(hierarchy))[1])
    assert [(r["variable"], r["value"], r["path"]) for r in rows] == [
        ("actor", "police", "government > police"),
        ("followers", "1200", ""),  # typed in: no hierarchy
        ("claim", "up > down", ""),
        ("actor", "navy", "government > military > navy"),
        ("actor", "government", "government"),
        ("actor", "citizen", "citizen"),
    ]
    assert capsys.readouterr().err == ""  # a text's ' > ' is no path
    records = [
        json.loads(line) for line in run(str(hierarchy), "--format", "jsonl")[1].split("\n")[:-1]
    ]
    assert [r["paths"] for r in records] == [
        {"actor": [["government", "police"]]},
        {"actor": [["government", "military", "navy"]]},
        {"actor": [["government"]]},
        {"actor": [["citizen"]]},
    ]


def test_wide_csv_has_a_column_per_level_of_a_hierarchical_variable(hierarchy: Path) -> None:
    text = run(str(hierarchy), "--wide")[1]
    header = text.split("\r\n", 1)[0].split(",")
    assert header[13:] == [
        *("outlet", "tone", "actor", "actor_level1", "actor_level2", "actor_level3"),
        *("followers", "claim", "note"),
    ]
    levels = ["actor", "actor_level1", "actor_level2", "actor_level3"]
    assert [[r[c] for c in levels] for r in read_csv(text)] == [
        ["police", "government", "police", ""],
        ["navy", "government", "military", "navy"],
        ["government", "government", "", ""],  # chosen at level 1: deeper levels empty
        ["citizen", "citizen", "", ""],
    ]


def test_a_hand_edited_value_holding_the_path_joiner_is_warned_about(
    hierarchy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sidecar = hierarchy / "story.txt.annotations.json"
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["annotations"][0]["tags"]["actor"] = ["a > b"]
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    assert run(str(hierarchy))[0] == 0
    assert "value 'a > b' holds ' > ': its path reads as several levels" in capsys.readouterr().err


def test_several_values_of_a_hierarchical_variable_give_each_level_its_categories() -> None:
    book = Codebook.from_json(
        {"variables": [{**ALL_TYPES.variables[2].to_json(), "exclusive": False}]}
    )
    item = ItemFields("p1", "post", None, None, None, None, None, "x", None, 0)
    chosen = Annotation(tags={"actor": ("police", "navy", "citizen")})
    coded = Coded("a.txt", "", "ann", item, chosen, Paths.of(book))
    export = Export([coded], ["actor"], {"actor": 3})
    [row] = wide_rows(export)
    assert row[13:-1] == [
        "police; navy; citizen",
        "government; citizen",  # each category once
        "police; military",
        "navy",
    ]


# -- JSON Lines --------------------------------------------------------------------------------
def test_jsonl_one_object_per_annotation_with_tags_and_selector(study: Path) -> None:
    status, text = run(str(study), "--format", "jsonl")
    assert status == 0 and text.endswith("}\n") and "\u2028" not in text
    records = [json.loads(line) for line in text.split("\n")[:-1]]
    item = ids(study)
    assert [(r["item_id"], r["coder"]) for r in records] == [
        (item[0], "alice"),
        (item[0], "bob"),
        (item[1], "alice"),
        (item[3], "alice"),
        (item[4], "bob"),
    ]
    first = records[0]
    columns = [*LONG.split(",")[:13], "tags", "paths", "note", "created", "modified", "quote"]
    assert list(first) == columns
    assert first["tags"] == {"stance": ["support"], "source": ["journalist", "expert"]}
    assert (first["url"], first["created"], first["modified"]) == (None, ALICE, ALICE)
    assert records[2]["note"] == NOTE and records[3]["tags"] == {}
    assert records[4]["tags"] == {"source": ["official", "citizen"]}
    source = (study / "council-vote.txt").read_text(encoding="utf-8")
    quote = first["quote"]
    assert quote["exact"] == source[quote["start"] : quote["end"]] == first["text"]
    assert quote["prefix"] == source[quote["start"] - 32 : quote["start"]]
    assert quote["suffix"] == source[quote["end"] : quote["end"] + 32]


# -- W3C Web Annotation --------------------------------------------------------------------------
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
MOTIVATIONS = set(
    "assessing bookmarking classifying commenting describing editing highlighting identifying "
    "linking moderating questioning replying tagging".split()
)


def types(resource: dict[str, Any]) -> list[str]:
    kind = resource.get("type")
    return [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []


def count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def w3c_problems(doc: dict[str, Any]) -> list[str]:
    """What breaks a MUST of the Web Annotation Data Model (sections 3, 4.2.4-5, 5)."""
    problems = []
    if doc.get("@context") != CONTEXT:
        problems.append("collection: @context")
    if not IRI.match(str(doc.get("id"))) or "AnnotationCollection" not in types(doc):
        problems.append("collection: id or type")
    if not count(doc.get("total")):
        problems.append("collection: total")
    page = doc.get("first")
    if not isinstance(page, dict):
        return [*problems, "collection: no first page"]
    if "@context" in page or not IRI.match(str(page.get("id"))):
        problems.append("page: @context or id")
    items = page.get("items")
    if "AnnotationPage" not in types(page) or not isinstance(items, list) or not items:
        return [*problems, "page: type or items"]
    if page.get("startIndex") != 0 or doc.get("total") != len(items):
        problems.append("page: startIndex or total")
    if len({a.get("id") for a in items}) != len(items):
        problems.append("annotation ids repeat")
    for n, annotation in enumerate(items):
        problems += [f"annotation {n}: {p}" for p in annotation_problems(annotation)]
    return problems


def annotation_problems(a: dict[str, Any]) -> list[str]:
    problems = []
    if not IRI.match(str(a.get("id"))) or "Annotation" not in types(a):
        problems.append("id or type")
    if a.get("motivation") not in MOTIVATIONS:
        problems.append("motivation")
    if any(key in a and not STAMP.match(str(a[key])) for key in ("created", "modified")):
        problems.append("created/modified not an xsd:dateTime in UTC")
    if types(a.get("creator", {})) != ["Person"] or not a["creator"].get("nickname"):
        problems.append("creator")
    for body in a.get("body", []):
        if types(body) != ["TextualBody"] or not isinstance(body.get("value"), str):
            problems.append("body: type or value")
        if body.get("purpose") not in MOTIVATIONS:
            problems.append("body: purpose")
    target = a.get("target")
    if not isinstance(target, dict) or not IRI.match(str(target.get("source"))):
        return [*problems, "target"]
    for selector in target.get("selector", []):
        kind = types(selector)
        if kind == ["TextQuoteSelector"]:
            fields = [selector.get(k, "") for k in ("exact", "prefix", "suffix")]
            if "exact" not in selector or not all(isinstance(f, str) for f in fields):
                problems.append("TextQuoteSelector")
        elif kind == ["TextPositionSelector"]:
            start, end = selector.get("start"), selector.get("end")
            if not (count(start) and count(end) and start <= end):
                problems.append("TextPositionSelector")
        else:
            problems.append(f"selector type {kind}")
    return problems


def test_w3c_collection_meets_the_model(study: Path) -> None:
    status, text = run(str(study), "--format", "w3c")
    assert status == 0
    doc = json.loads(text)
    assert w3c_problems(doc) == []
    items = doc["first"]["items"]
    assert doc["total"] == 5
    first, note, bare = items[0], items[2], items[3]
    assert first["creator"] == {"type": "Person", "nickname": "alice"}
    assert (first["motivation"], first["created"], first["modified"]) == (
        "classifying",
        ALICE,
        ALICE,
    )
    assert [(b["purpose"], b["value"]) for b in first["body"]] == [
        ("tagging", "stance:support"),
        ("tagging", "source:journalist"),
        ("tagging", "source:expert"),
    ]
    assert [(b["purpose"], b["value"]) for b in note["body"]] == [
        ("tagging", "stance:oppose"),
        ("commenting", NOTE),
    ]
    assert bare["motivation"] == "commenting" and len(bare["body"]) == 1
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "readertui:annotation")
    name = f"council-vote.txt\nalice\n{ids(study)[0]}"
    assert first["id"] == f"urn:uuid:{uuid.uuid5(namespace, name)}"
    target = first["target"]
    assert target["source"] == (study / "council-vote.txt").resolve().as_uri()
    quote, position = target["selector"]
    source = (study / "council-vote.txt").read_text(encoding="utf-8")
    assert source[position["start"] : position["end"]] == quote["exact"]
    assert source[: position["start"]].endswith(quote["prefix"])
    assert source[position["end"] :].startswith(quote["suffix"])
    assert run(str(study), "--format", "w3c")[1] == text  # same study, same ids


def test_w3c_leaves_out_times_the_model_does_not_allow(study: Path) -> None:
    sidecar = study / "council-vote.txt.bob.annotations.json"
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["annotations"][0].update(created="yesterday", modified="2026-01-03T10:00:00+01:00")
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    bobs = json.loads(run(str(study), "--format", "w3c")[1])["first"]["items"][1]
    assert bobs["creator"]["nickname"] == "bob"
    assert "created" not in bobs and "modified" not in bobs
    record = json.loads(run(str(study), "--format", "jsonl")[1].split("\n")[1])
    assert (record["created"], record["modified"]) == ("yesterday", "2026-01-03T10:00:00+01:00")


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("@context"),
        lambda d: d["first"]["items"][0].pop("target"),
        lambda d: d["first"]["items"][0].update(created="2026-01-02 03:04"),
        lambda d: d["first"]["items"][1].update(id=d["first"]["items"][0]["id"]),
        lambda d: d["first"]["items"][0]["target"]["selector"][1].update(start=-1),
        lambda d: d["first"].update(items=[]),
    ],
    ids=["context", "target", "created", "repeated-id", "position", "empty-page"],
)
def test_the_model_check_catches_broken_documents(
    study: Path, damage: Callable[[dict[str, Any]], object]
) -> None:
    doc = json.loads(run(str(study), "--format", "w3c")[1])
    broken = copy.deepcopy(doc)
    damage(broken)
    assert w3c_problems(broken) != []


# -- where the codes come from -------------------------------------------------------------------
def test_articles_are_named_relative_to_the_common_folder(tmp_path: Path) -> None:
    for name, key in (("b", "1"), ("a", "2")):
        (tmp_path / name).mkdir()
        shutil.copy(FIXTURES / "five-posts.txt", tmp_path / name / "story.txt")
        code(tmp_path / name / "story.txt", "alice", ALICE, (0, key))
    rows = read_csv(run(str(tmp_path / "b"), str(tmp_path / "a"))[1])
    assert [(r["article"], r["value"]) for r in rows] == [
        ("a/story.txt", "oppose"),
        ("b/story.txt", "support"),
    ]
    sidecar = tmp_path / "a" / "story.txt.annotations.json"
    assert [r["article"] for r in read_csv(run(str(sidecar))[1])] == ["story.txt"]


def test_an_unreadable_article_is_exported_from_the_sidecars(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = read_csv(run(str(study))[1])
    (study / "council-vote.txt").write_bytes(b"\x00\x01\x02 not an article")
    status, text = run(str(study))
    assert status == 0
    [warning] = capsys.readouterr().err.splitlines()
    assert "binary" in warning and "taken from the sidecars" in warning
    # The sidecars recorded the same fields and order; where the items are cannot be told.
    assert [r | {"status": "found"} for r in read_csv(text)] == expected
    assert {r["status"] for r in read_csv(text)} == {""}


def test_items_gone_from_the_article_come_last_from_the_sidecar(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = study / "council-vote.txt"
    gone = load_article(article).items[1]
    source = article.read_text(encoding="utf-8")
    article.write_text(source[: gone.span[0]] + source[gone.span[1] :], encoding="utf-8")
    rows = read_csv(run(str(study))[1])
    item = ids(study)
    assert [r["item_id"] for r in rows] == [
        *[item[0]] * 4,
        item[2],  # item 3 before the edit
        item[3],
        item[3],
        gone.id,
    ]
    assert (rows[-1]["handle"], rows[-1]["text"], rows[-1]["note"]) == (
        "HarborLedger",
        gone.text,
        NOTE,
    )
    assert "1 coded item(s) are no longer in the article" in capsys.readouterr().err


def test_a_damaged_sidecar_is_a_warning_and_the_rest_is_exported(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (study / "council-vote.txt.carol.annotations.json").write_text("{not json")
    status, text = run(str(study))
    assert status == 0 and len(read_csv(text)) == 8
    [warning] = capsys.readouterr().err.splitlines()
    assert warning.startswith("readertui export: warning: ")
    assert "carol" in warning and "not valid JSON" in warning


def test_coder_exports_only_the_coders_named(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = ids(study)
    rows = read_csv(run(str(study), "--coder", "bob")[1])
    assert [(r["item_id"], r["coder"], r["value"]) for r in rows] == [
        (item[0], "bob", "oppose"),
        (item[4], "bob", "official"),
        (item[4], "bob", "citizen"),
    ]
    both = run(str(study), "--coder", "bob", "--coder", "alice")[1]
    assert both == run(str(study))[1]
    assert capsys.readouterr().err == ""
    status, text = run(str(study), "--coder", "gold")
    assert (status, text) == (1, "")
    assert capsys.readouterr().err.splitlines() == [
        "readertui export: warning: no sidecar of coder 'gold' was found",
        f"readertui export: nothing to export: no codes found in {study}",
    ]
    # One known coder and one unknown: the known one's codes, and the warning.
    status, text = run(str(study), "--coder", "gold", "--coder", "bob", "--format", "jsonl")
    assert status == 0 and {json.loads(line)["coder"] for line in text.splitlines()} == {"bob"}
    assert "no sidecar of coder 'gold'" in capsys.readouterr().err


# -- output file ------------------------------------------------------------------------------
def test_output_file_holds_exactly_what_stdout_gets(
    study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "codes.csv"
    assert run(str(study), "--format", "jsonl", "-o", str(target)) == (0, "")  # an older export
    capsys.readouterr()
    assert run(str(study), "-o", str(target)) == (0, "")
    assert "wrote 5 annotations (2 coders, 1 article)" in capsys.readouterr().err
    assert target.read_bytes() == run(str(study))[1].encode("utf-8")
    with target.open(newline="", encoding="utf-8") as f:
        assert [r["note"] for r in csv.DictReader(f)][4] == NOTE
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_stdout_of_the_command_is_utf8_with_crlf_rows(study: Path, tmp_path: Path) -> None:
    target = tmp_path / "codes.csv"
    assert run(str(study), "--wide", "-o", str(target))[0] == 0
    proc = subprocess.run(
        [sys.executable, "-m", "readertui", "export", str(study), "--wide"],
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout == target.read_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "council-vote.txt",
        "council-vote.txt.annotations.json",
        "new.annotations.json",
        "codes.md",  # new, but the next scan of the folder would list it as an article
    ],
)
def test_never_writes_over_an_article_or_a_sidecar(
    study: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = study / name
    before = target.read_bytes() if target.exists() else None
    assert run(str(study), "-o", str(target)) == (1, "")
    [error] = capsys.readouterr().err.splitlines()
    assert error.startswith("readertui export: ") and "choose another output file" in error
    assert (target.read_bytes() if target.exists() else None) == before


def test_a_link_to_an_article_is_not_written_through(study: Path, tmp_path: Path) -> None:
    link = tmp_path / "codes.csv"
    link.symlink_to(study / "council-vote.txt")
    before = (study / "council-vote.txt").read_bytes()
    assert run(str(study), "-o", str(link))[0] == 1
    assert (study / "council-vote.txt").read_bytes() == before


def test_an_output_file_that_cannot_be_written_is_exit_1(
    study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(str(study), "-o", str(tmp_path / "no-such-folder" / "x.csv")) == (1, "")
    assert "cannot write in" in capsys.readouterr().err


# -- nothing found and bad arguments -----------------------------------------------------------
def test_nothing_to_export_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(FIXTURES / "five-posts.txt", tmp_path / "uncoded.txt")
    assert run(str(tmp_path)) == (1, "")
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"readertui export: nothing to export: no codes found in {tmp_path}"
    assert run(str(tmp_path / "missing")) == (1, "")
    assert capsys.readouterr().err.splitlines() == [
        f"readertui export: warning: {tmp_path / 'missing'}: no such file or folder",
        f"readertui export: nothing to export: no codes found in {tmp_path / 'missing'}",
    ]


@pytest.mark.parametrize(
    "args",
    [[], ["x", "--format", "xml"], ["x", "--format", "jsonl", "--wide"], ["x", "--bogus"]],
    ids=["no-path", "bad-format", "wide-jsonl", "unknown-option"],
)
def test_bad_arguments_are_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(*args) == (2, "")
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("readertui export: ") and line.endswith(
        "(see 'readertui export --help')"
    )
