"""REFI-QDA codebooks (`.qdc`): readertui's written as the standard's schema requires, and
read back as they were; other programs' imported whole, or refused saying what could not be."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from readertui.cli.main import main
from readertui.codebook import Codebook, CodebookError, Value, load_codebook
from readertui.codebook.qdc import KEYS
from readertui.codebook.refi import CODEBOOK_NS, PROJECT_NS, codebook_qdc
from readertui.ui.app import build_app

from conftest import FIXTURES, settle

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "refi-qda"
CODEBOOK_XSD = ROOT / "src" / "readertui" / "schema" / "Codebook.xsd"
BOOKS = [ROOT / "examples" / "codebook.toml", FIXTURES / "all-types.toml"]
HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
OPEN = f'<CodeBook xmlns="{CODEBOOK_NS}" origin="made-up QDA 1.0"><Codes>'
CLOSE = "</Codes></CodeBook>"


def guid(n: int) -> str:
    return f"{{0DCEF2F5-E55C-49DA-8C33-{n:012d}}}"


def code(n: int, name: str, inner: str = "", codable: bool = True, **extra: str) -> str:
    attributes = "".join(f' {k}="{v}"' for k, v in extra.items())
    flag = "true" if codable else "false"
    return f'<Code guid="{guid(n)}" name="{name}" isCodable="{flag}"{attributes}>{inner}</Code>'


def qdc(tmp_path: Path, body: str, name: str = "book.qdc") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + OPEN + body + CLOSE, encoding="utf-8")
    return path


def valid_codebook(data: bytes) -> None:
    """`data` is valid against the standard's codebook schema; its codes, as a project's
    codebook, against the project schema too (where ../shared has it)."""
    schema = etree.XMLSchema(etree.parse(str(CODEBOOK_XSD)))
    document = etree.fromstring(data)
    assert schema.validate(document), schema.error_log
    project_xsd = SHARED / "Project-mrt2019.xsd"
    if project_xsd.is_file():
        project = etree.fromstring(
            f'<Project xmlns="{PROJECT_NS}" name="x"><CodeBook/></Project>'.encode()
        )
        moved = etree.fromstring(data.replace(CODEBOOK_NS.encode(), PROJECT_NS.encode()))
        project[0].append(moved[0])  # the Codes
        project_schema = etree.XMLSchema(etree.parse(str(project_xsd)))
        assert project_schema.validate(project), project_schema.error_log


# -- written and read back ---------------------------------------------------------------------
@pytest.mark.parametrize("source", BOOKS, ids=lambda p: p.name)
def test_a_codebook_written_as_qdc_is_valid_and_reads_back_as_it_was(
    tmp_path: Path, source: Path
) -> None:
    book = load_codebook(source)
    data = codebook_qdc(book, "readertui test")
    valid_codebook(data)
    path = tmp_path / "study-book.qdc"
    path.write_bytes(data)
    back = load_codebook(path)
    assert back.variables == book.variables  # types, keys, targets, bounds, hierarchy
    assert back.name == "study-book"  # a .qdc has no place for the codebook's own name


def test_each_variable_is_a_code_with_its_values_inside() -> None:
    data = codebook_qdc(load_codebook(FIXTURES / "all-types.toml"), "readertui test")
    root = etree.fromstring(data)
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook ')
    assert root.get("origin") == "readertui test"

    def tree(element: etree._Element) -> list[object]:
        return [
            (c.get("name"), c.get("isCodable"), tree(c))
            for c in element.iterfind(f"{{{CODEBOOK_NS}}}Code")
        ]

    codes = tree(root[0])
    assert codes[2] == (
        "actor",
        "false",  # a folder: its values are coded
        [
            (
                "government",
                "true",
                [("police", "true", []), ("military", "true", [("navy", "true", [])])],
            ),
            ("citizen", "true", []),
        ],
    )
    assert codes[3] == ("followers", "true", [])  # a typed variable is coded itself
    guids = [c.get("guid", "") for c in root.iter(f"{{{CODEBOOK_NS}}}Code")]
    assert len(set(guids)) == len(guids) and all(g == g.upper() for g in guids)
    assert codebook_qdc(load_codebook(FIXTURES / "all-types.toml"), "readertui test") == data


# -- other programs' codebooks -----------------------------------------------------------------
def test_a_flat_codebook_becomes_one_variable_of_its_codes(tmp_path: Path) -> None:
    """The standard's own example: codes without sub-codes, colours, an empty folder."""
    body = (
        code(1, "Topics", codable=False)
        + code(
            2, "Economy", "<Description>Jobs,\n  taxes or business</Description>", color="#ffff00"
        )
        + code(3, "Health care", color="#33cc33")
        + code(4, "&quot;rushed&quot;")
    )
    book = load_codebook(qdc(tmp_path, body))
    [variable] = book.variables
    assert (variable.name, variable.exclusive, variable.type) == ("codes", False, "nominal")
    assert variable.values == (
        Value("1", "Economy", "Jobs, taxes or business"),
        Value("2", "Health-care", "Health care"),  # made a word; the name kept as description
        Value("3", "rushed", '"rushed"'),
    )


def test_codes_inside_codes_are_a_variable_and_its_values(tmp_path: Path) -> None:
    inner = "<Description>Who speaks</Description>" + code(
        2, "state actor", code(3, "police") + code(4, "army")
    )
    body = (
        code(1, "Actor", inner)
        + code(5, "Tone", code(6, "warm") + code(7, "cold"))
        + code(8, "Off topic")
    )
    book = load_codebook(qdc(tmp_path, body))
    assert [v.name for v in book.variables] == ["Actor", "Tone", "codes"]
    actor = book.variables[0]
    assert actor.description == "Who speaks" and not actor.exclusive
    assert actor.values == (
        Value("1", "state-actor", "state actor"),
        Value("2", "police", "", "state-actor"),
        Value("3", "army", "", "state-actor"),
    )
    assert [v.key for v in book.variables[1].values] == ["4", "5"]
    assert book.variables[2].values == (Value("6", "Off-topic", "Off topic"),)


def test_the_atlas_sample_s_codebook_imports(tmp_path: Path) -> None:
    sample = SHARED / "atlas-sample.qdpx"
    if not sample.is_file():
        pytest.skip("../shared/refi-qda/atlas-sample.qdpx is not here")
    with zipfile.ZipFile(sample) as archive:
        project = etree.fromstring(archive.read("project.qde"))
    codebook = project.find(f"{{{PROJECT_NS}}}CodeBook")
    assert codebook is not None
    text = etree.tostring(codebook).replace(PROJECT_NS.encode(), CODEBOOK_NS.encode())
    path = tmp_path / "atlas.qdc"
    path.write_bytes(text)
    [commits] = load_codebook(path).variables
    assert commits.name == "Commits" and not commits.exclusive
    assert [(v.key, v.name, v.description) for v in commits.values] == [
        ("1", "2022-05-10T02:05:59Z-19e4dce", "2022-05-10T02:05:59Z 19e4dce"),
        ("2", "2022-02-11T10:39:25Z-cdbfd92", "2022-02-11T10:39:25Z cdbfd92"),
    ]


def test_keys_are_digits_then_free_letters_and_run_out_with_a_reason(tmp_path: Path) -> None:
    assert KEYS[:10] == "123456789a" and "f" not in KEYS and KEYS.endswith("XYZ")
    values = "".join(code(n, f"v{n}") for n in range(2, 2 + len(KEYS)))
    book = load_codebook(qdc(tmp_path, code(1, "many", values)))
    assert "".join(v.key for v in book.variables[0].values) == KEYS
    one_more = values + code(99, "v99")
    with pytest.raises(CodebookError) as info:
        load_codebook(qdc(tmp_path, code(1, "many", one_more)))
    assert f"has {len(KEYS) + 1} codes to code with, and readertui has {len(KEYS)} keys" in str(
        info.value
    )


def test_keys_a_readertui_codebook_gave_are_kept_and_others_fill_around_them(
    tmp_path: Path,
) -> None:
    own = code(2, "yes", '<Description>readertui: {"key": "1"}</Description>')
    book = load_codebook(qdc(tmp_path, code(1, "Agree", own + code(3, "no"))))
    assert [(v.name, v.key) for v in book.variables[0].values] == [("yes", "1"), ("no", "2")]


LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9))
    + f"]>\n{OPEN}"
    + code(1, "&j;")
    + CLOSE
)
EXTERNAL = (
    '<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    + OPEN
    + code(1, "&x;")
    + CLOSE
)
HOSTILE = {
    "billion laughs": (LAUGHS, "line 2: declares a document type"),
    "external entity": (EXTERNAL, "line 2: declares a document type"),
    "not XML": ("name = 'a TOML file'\n", "line 1: not XML (syntax error)"),
    "truncated": (HEAD + OPEN + code(1, "a"), "not XML (no element found)"),
    "wrong namespace": (
        HEAD + '<CodeBook xmlns="urn:QDA-XML:codebook:1:0"><Codes/></CodeBook>',
        "not a REFI-QDA codebook: its root is <CodeBook> in namespace 'urn:QDA-XML:codebook:1:0'",
    ),
    "a project": (
        HEAD + f'<Project xmlns="{PROJECT_NS}" name="p"/>',
        "a REFI-QDA project (project.qde), not a codebook",
    ),
    "schema": (
        HEAD + OPEN + '<Code guid="nope" name="a" isCodable="yes"/>' + CLOSE,
        "line 2: not a valid REFI-QDA codebook (Element 'Code', attribute 'guid': [facet "
        "'pattern'] The value 'nope' is not accepted",
    ),
    "sets": (
        HEAD + f'<CodeBook xmlns="{CODEBOOK_NS}"><Codes>{code(1, "a")}</Codes>'
        f'<Sets><Set guid="{guid(2)}" name="s"/></Sets></CodeBook>',
        "uses sets of codes (1), which readertui cannot represent",
    ),
    "folder inside": (
        HEAD + OPEN + code(1, "A", code(2, "B", code(3, "C"), codable=False)) + CLOSE,
        "code 'B' is a folder (not codable) inside another code",
    ),
    "names collide": (
        HEAD + OPEN + code(1, "A", code(2, "big city") + code(3, "big-city")) + CLOSE,
        "codes 'big city' (line 2) and 'big-city' in variable 'A' both become 'big-city'",
    ),
    "name too long": (
        HEAD + OPEN + code(1, "x" * 41) + CLOSE,
        "its name cannot be made a word of 1 to 40 characters",
    ),
    "settings not JSON": (
        HEAD
        + OPEN
        + code(1, "A", "<Description>readertui: {key}</Description>" + code(2, "b"))
        + CLOSE,
        "its last description line starts as readertui's settings but is not a JSON object",
    ),
    "setting out of place": (
        HEAD
        + OPEN
        + code(1, "A", code(2, "b", '<Description>readertui: {"type": "text"}</Description>'))
        + CLOSE,
        "readertui setting 'type' cannot be given in a description (only key)",
    ),
    "only folders": (
        HEAD + OPEN + code(1, "Topics", codable=False) + CLOSE,
        "has no code to code with",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_what_cannot_be_represented_is_refused_in_one_line(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text, message = HOSTILE[case]
    path = tmp_path / "book.qdc"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)
    article = tmp_path / "story.txt"
    article.write_text("A made-up story.\n", encoding="utf-8")
    assert main([str(article), "--codebook", str(path)], out=io.StringIO()) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert "/etc/passwd" not in err and "root:" not in err


def test_a_qdc_codebook_opens_the_reader_and_codes_with_its_keys(
    council: Path, tmp_path: Path
) -> None:
    path = qdc(tmp_path, code(1, "Stance", code(2, "in favour") + code(3, "against")))
    app = build_app(council, codebook=path, coder="tester")
    assert isinstance(app.codebook, Codebook)
    assert [(v.key, v.name) for v in app.codebook.variables[0].values] == [
        ("1", "in-favour"),
        ("2", "against"),
    ]


async def test_the_reader_codes_with_a_qdc_codebook(council: Path, tmp_path: Path) -> None:
    import json

    from readertui.store.naming import plain_sidecar

    path = qdc(tmp_path, code(1, "Stance", code(2, "in favour") + code(3, "against")))
    app = build_app(council, codebook=path, coder="tester")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
    records = json.loads(plain_sidecar(council).read_text(encoding="utf-8"))["annotations"]
    assert [r["tags"] for r in records] == [{"Stance": ["against"]}]
