"""`readertui export --format qdpx`: the study as a REFI-QDA project, valid against the
standard's schema, whose selections read back land on the words the sidecars quote."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path
from types import MappingProxyType

import pytest
from lxml import etree

from readertui.annotations import Annotation
from readertui.article import load_article
from readertui.cli.main import main
from readertui.codebook import load_codebook
from readertui.codebook.refi import codebook_qdc
from readertui.session import CodingSession
from readertui.study.export import Coded, Export, ItemFields, Quote
from readertui.study.qdpx import qdpx_bytes
from readertui.study.qdpx_read import ProjectError, read_qdpx

from conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "refi-qda"
BOOK_FILE = ROOT / "examples" / "codebook.toml"
BOOK = load_codebook(BOOK_FILE)
ALICE, BOB = "2026-01-02T03:04:05Z", "2026-01-03T10:00:00Z"
#: Made up: a byte-order mark, Windows line ends and a character outside the BMP before the
#: words coded, so that offsets counted in bytes, UTF-16 units or with \r\n would miss them.
DIARY = "\ufeffHarbor diary\r\n\r\nThe \U0001f426 pelicans are back on Pier 9, wrote a birder.\r\n"


def session(article: Path, coder: str, stamp: str) -> CodingSession:
    return CodingSession(load_article(article), coder=coder, codebook=BOOK, clock=lambda: stamp)


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """Two articles: five posts coded by alice (codes, a note) and bob; a diary in which
    alice marked two passages of her own, one from the very first character."""
    folder = tmp_path / "study"
    (folder / "notes").mkdir(parents=True)
    council = folder / "council-vote.txt"
    shutil.copy(FIXTURES / "five-posts.txt", council)
    with session(council, "alice", ALICE) as s:
        s.code(0, "1")
        s.code(0, "s")
        s.code(1, "2")
        s.set_note(1, 'Says "closed" & <means> it,\nthen no')
    with session(council, "bob", BOB) as s:
        s.code(0, "2")
        s.code(4, "g")
    diary = folder / "notes" / "diary.txt"
    diary.write_bytes(DIARY.encode("utf-8"))
    with session(diary, "alice", ALICE) as s:
        text = s.article.source
        for start, end, key in (
            (text.index("pelicans"), text.index(", wrote"), "3"),
            (0, text.index("\n"), "a"),
        ):
            added = s.add(start, end, "span")
            assert not isinstance(added, str), added
            s.code(added[0], key)
    return folder


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(["export", *args], out=out), out.getvalue()


def exported(study: Path, *args: str) -> bytes:
    target = study.parent / "study.qdpx"
    status, _ = run(str(study), "--format", "qdpx", "-o", str(target), *args)
    assert status == 0
    return target.read_bytes()


def test_the_command_says_what_it_wrote(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported(study)
    err = capsys.readouterr().err
    assert (
        err
        == f"readertui export: wrote 6 annotations (2 coders, 2 articles) to {study.parent / 'study.qdpx'}\n"
    )


Row = tuple[str, str, int, int, str, tuple[tuple[str, ...], ...]]


def sidecar_quotes(study: Path) -> set[Row]:
    """Every coded item as its sidecar says: (article, coder, start, end, words, codes), the
    offsets as counted in the article without its byte-order mark."""
    found: set[Row] = set()
    for sidecar in sorted(study.rglob("*.annotations*.json")):
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        article = sidecar.parent / data["article"]["file"]
        bom = article.read_bytes().startswith(b"\xef\xbb\xbf")
        for record in data["annotations"]:
            quote = record["quote"]
            shift = 1 if bom else 0
            start, end = max(0, quote["start"] - shift), quote["end"] - shift
            words = quote["exact"][1:] if bom and quote["start"] == 0 else quote["exact"]
            codes = tuple(
                (var, value) for var, values in record["tags"].items() for value in values
            )
            label = article.relative_to(study).as_posix()
            found.add((label, data["coder"], start, end, words, codes))
    return found


def selections(data: bytes) -> set[Row]:
    return {(s.source, s.user, s.start, s.end, s.text, s.codes) for s in read_qdpx(data).selections}


# -- what the file holds -----------------------------------------------------------------------
def test_the_project_validates_against_the_standard_s_schema(study: Path) -> None:
    schema_file = SHARED / "Project-mrt2019.xsd"
    if not schema_file.is_file():
        pytest.skip("../shared/refi-qda/Project-mrt2019.xsd is not here")
    schema = etree.XMLSchema(etree.parse(str(schema_file)))
    with zipfile.ZipFile(io.BytesIO(exported(study))) as archive:
        document = etree.fromstring(archive.read("project.qde"))
    assert schema.validate(document), schema.error_log


def test_selections_read_back_land_on_the_words_the_sidecars_quote(study: Path) -> None:
    data = exported(study)
    expected = sidecar_quotes(study)
    assert len(expected) == 6
    assert selections(data) == expected
    diary = {s.text for s in read_qdpx(data).selections if s.source == "notes/diary.txt"}
    assert diary == {"Harbor diary", "pelicans are back on Pier 9"}


def test_articles_coders_codes_and_notes_are_sources_users_codings_and_notes(study: Path) -> None:
    data = exported(study)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert archive.comment == b"readertui export"
        texts = [archive.read(n) for n in names[1:]]
    assert names[0] == "project.qde" and all(n.startswith("Sources/") for n in names[1:])
    assert all(n.endswith(".txt") and n[8:-4] == n[8:-4].upper() for n in names[1:])
    assert DIARY.replace("\r\n", "\n").lstrip("\ufeff").encode() in texts  # UTF-8, no BOM
    project = read_qdpx(data)
    assert project.name == "study" and project.users == ["alice", "bob"]
    assert list(project.sources) == ["council-vote.txt", "notes/diary.txt"]
    assert [(c.name, c.codable, [v.name for v in c.children]) for c in project.codes] == [
        ("stance", False, ["support", "oppose", "neutral", "sarcasm", "off-topic"]),
        ("source", False, ["official", "journalist", "expert", "citizen"]),
    ]
    noted = [s for s in project.selections if s.notes]
    assert [(s.user, s.notes) for s in noted] == [
        ("alice", ('Says "closed" & <means> it,\nthen no',))
    ]
    first = project.selections[0]
    assert (first.user, first.created, first.modified) == ("alice", ALICE, ALICE)
    assert first.codes == (("stance", "support"), ("source", "journalist"))


def test_the_same_study_exports_the_same_bytes(study: Path) -> None:
    first = exported(study)
    assert exported(study) == first


# -- what the sidecars cannot say as such ------------------------------------------------------
def coded(
    article: str, item: ItemFields, tags: dict[str, tuple[str, ...]], note: str = ""
) -> Coded:
    annotation = Annotation(MappingProxyType(tags), note, ALICE, BOB)
    return Coded(article, "file:///x", "alice", item, annotation)


def item(item_id: str, kind: str, quote: Quote | None) -> ItemFields:
    return ItemFields(item_id, kind, None, None, None, None, None, "", quote, 0)


def test_typed_values_article_codes_and_lost_items(tmp_path: Path) -> None:
    """A typed value is coded with its variable's code and said in the description; the
    article's own codes select its whole text; an item not at its offsets, and an article
    that cannot be read, are left out with a warning."""
    book = load_codebook(FIXTURES / "all-types.toml")
    text = "Local paper. The mayor said 1,200 people came."
    at = text.index("The mayor")
    quote = Quote(text[at:], "", "", at, len(text))
    export = Export(
        coded=[
            coded("a.txt", item("article", "article", None), {"outlet": ("local",)}),
            coded(
                "a.txt",
                item("q1", "quote", quote),
                {"followers": ("1200",), "claim": ("crowd of 1,200",), "actor": ("navy",)},
            ),
            coded(
                "a.txt", item("q2", "quote", Quote("gone", "", "", 0, 4)), {"tone": ("positive",)}
            ),
            coded("b.txt", item("q3", "quote", quote), {"tone": ("neutral",)}),
        ],
        variables=[v.name for v in book.variables],
        sources={"a.txt": text},
    )
    project = qdpx_bytes(export, book, "typed", "readertui test")
    data = project.data
    assert project.selections == 2
    assert project.warnings == [
        "a.txt: alice's annotation of q2 is left out of the project: the item is not in the article as it is now",
        "b.txt: the article cannot be read, so its 1 annotation(s) are not in the project",
    ]
    whole, typed = read_qdpx(data).selections
    assert (whole.start, whole.end, whole.codes) == (0, len(text), (("outlet", "local"),))
    assert typed.text == "The mayor said 1,200 people came."
    assert typed.codes == (("actor", "government", "military", "navy"), ("followers",), ("claim",))
    assert typed.description == "followers = 1200\nclaim = crowd of 1,200"
    schema_file = SHARED / "Project-mrt2019.xsd"
    if schema_file.is_file():
        schema = etree.XMLSchema(etree.parse(str(schema_file)))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert schema.validate(etree.fromstring(archive.read("project.qde"))), schema.error_log


def test_a_value_the_codebook_lacks_gets_a_code_of_its_own(study: Path, tmp_path: Path) -> None:
    narrow = tmp_path / "narrow.toml"
    narrow.write_text(
        BOOK_FILE.read_text(encoding="utf-8").replace('  { key = "g", name = "citizen"', "  # ")
    )
    target = tmp_path / "narrow.qdpx"
    status, _ = run(str(study), "--format", "qdpx", "--codebook", str(narrow), "-o", str(target))
    assert status == 0
    project = read_qdpx(target.read_bytes())
    assert [c.name for c in project.codes[1].children][-1] == "citizen"
    assert ("source", "citizen") in {code for s in project.selections for code in s.codes}


# -- the command -------------------------------------------------------------------------------
def test_the_codebook_as_qdc_to_standard_output_or_a_file(study: Path, tmp_path: Path) -> None:
    status, text = run(str(study), "--format", "qdc")
    assert status == 0
    assert text.encode() == codebook_qdc(BOOK, text.split('origin="', 1)[1].split('"')[0])
    target = tmp_path / "book.qdc"
    status, _ = run("--format", "qdc", "--codebook", str(BOOK_FILE), "-o", str(target))
    assert status == 0 and load_codebook(target).variables == BOOK.variables
    status, _ = run("--format", "qdc", "--codebook", str(BOOK_FILE), "-o", str(target))
    assert status == 0  # an earlier export is replaced


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "qdpx"], "--format qdpx writes a zip archive: name it with -o FILE.qdpx"),
        (["--format", "qdpx", "-o", "-"], "name it with -o FILE.qdpx"),
        (
            ["--format", "qdpx", "--all-items", "-o", "x.qdpx"],
            "--all-items applies to --format csv, jsonl, w3c only",
        ),
        (
            ["--format", "csv", "--codebook", "book.toml"],
            "--codebook applies to --format qdpx and qdc only",
        ),
    ],
)
def test_misuse_is_one_line_and_status_2(
    study: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run(str(study), *args)
    err = capsys.readouterr().err
    assert status == 2 and out == "" and message in err and err.count("\n") == 1


def test_no_path_is_needed_only_to_write_a_codebook_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _ = run("--format", "qdpx", "-o", "x.qdpx")
    assert status == 2 and "the following arguments are required: PATH" in capsys.readouterr().err


def test_sidecars_coded_with_different_codebooks_are_named(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = study / "other.txt"
    shutil.copy(FIXTURES / "five-posts.txt", other)
    with CodingSession(load_article(other), coder="carol", clock=lambda: ALICE) as s:
        s.code(0, "1")  # the default codebook
    status, _ = run(str(study), "--format", "qdpx", "-o", str(study.parent / "p.qdpx"))
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1
    assert (
        "council-vote.txt.annotations.json and " in err
        and "other.txt.carol.annotations.json" in err
    )
    assert "were coded with different codebooks" in err and "--codebook FILE" in err
    status, _ = run(
        str(study),
        "--format",
        "qdpx",
        "--codebook",
        str(BOOK_FILE),
        "-o",
        str(study.parent / "p.qdpx"),
    )
    assert status == 0


def test_someone_else_s_project_is_never_replaced(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = study.parent / "theirs.qdpx"
    with zipfile.ZipFile(theirs, "w") as archive:
        archive.writestr("project.qde", "<Project/>")
    before = theirs.read_bytes()
    status, _ = run(str(study), "--format", "qdpx", "-o", str(theirs))
    assert status == 1 and "is not an earlier export" in capsys.readouterr().err
    assert theirs.read_bytes() == before
    exported(study)
    exported(study)  # its own earlier export is replaced


def test_a_file_that_is_not_a_project_is_not_read(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="not a zip file"):
        read_qdpx(b"plain text")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x/>')
    with pytest.raises(ProjectError, match="declares a document type"):
        read_qdpx(buffer.getvalue())
