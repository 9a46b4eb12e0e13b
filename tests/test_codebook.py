"""Codebook files: the example loads, and every mistake is named with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from readertui.codebook import DEFAULT, Codebook, CodebookError, load_codebook

EXAMPLE = Path(__file__).parent.parent / "examples" / "codebook.toml"


def test_default_codebook_is_stance_with_five_values() -> None:
    [stance] = DEFAULT.variables
    assert stance.name == "stance" and stance.exclusive
    assert [(v.key, v.name) for v in stance.values] == [
        ("1", "support"),
        ("2", "oppose"),
        ("3", "neutral"),
        ("4", "sarcasm"),
        ("5", "off-topic"),
    ]


def test_example_codebook_loads_with_two_variables() -> None:
    book = load_codebook(EXAMPLE)
    assert book.name == "Stance and source"
    assert [(v.name, v.exclusive) for v in book.variables] == [("stance", True), ("source", False)]
    assert book.by_key()["s"][1].name == "journalist"
    assert book.by_key()["d"][1].description.startswith("A scientist")


def test_codebook_round_trips_through_json() -> None:
    book = load_codebook(EXAMPLE)
    assert Codebook.from_json(book.to_json()) == book


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "book.toml"
    path.write_text(text, encoding="utf-8")
    return path


VALID_VAR = '[[variables]]\nname = "stance"\nvalues = [\n  { key = "1", name = "yes" },\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[variables]\nname = 'x'\n", "not valid TOML"),
        ('name = "empty"\n', "needs at least one [[variables]]"),
        (VALID_VAR + '  { key = "1", name = "no" },\n]\n', "line 5: key '1' is used twice"),
        (
            VALID_VAR + '  { key = "j", name = "no" },\n]\n',
            "line 5: value 'no': key 'j' is used by the reader",
        ),
        (
            VALID_VAR + '  { key = "10", name = "no" },\n]\n',
            "key '10' must be one letter or a digit 1-9",
        ),
        (
            VALID_VAR + '  { key = "2", name = "yes" },\n]\n',
            "line 5: variable 'stance': value 'yes' is listed twice",
        ),
        (VALID_VAR + "]\nexclusive = 'maybe'\n", "exclusive must be true or false"),
        (VALID_VAR + "]\ncolour = 'red'\n", "line 6: variable 'stance': unknown setting 'colour'"),
        ('[[variables]]\nname = "has space"\nvalues = []\n', "must be a word"),
    ],
)
def test_bad_codebooks_name_the_problem_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_codebook_file(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="no such codebook file"):
        load_codebook(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # The key is found by its own setting, not by the first place the value's name occurs.
        (
            '[[variables]]\nname = "no"\nvalues = [\n  { key = "1", name = "yes" },\n'
            '  { key = "ab", name = "no" },\n]\n',
            "line 5: value 'no': key 'ab' must be one letter",
        ),
        (
            VALID_VAR + "  { key = '2', name = 'no' },\n  { key = '2', name = 'maybe' },\n]\n",
            "line 6: key '2' is used twice",
        ),
        # TOML writes control characters as escapes.
        (VALID_VAR + '  { key = "2", name = "n\\u001b[2J" },\n]\n', "value name 'n␛[2J' must"),
        (
            VALID_VAR + '  { key = "2", name = "no", description = "x\\u001b]52;c;QQ==" },\n]\n',
            "line 5: value 'no': description must be one line of text, without control",
        ),
        ('name = "a\\u001b[2J"\n' + VALID_VAR + "]\n", "name must be one line of text"),
    ],
)
def test_mistakes_are_found_on_their_own_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert message in str(info.value)
    assert "\x1b" not in str(info.value)


@pytest.mark.parametrize("key", ["é", "ß", "Ж", "A"])
def test_a_letter_of_any_alphabet_is_a_key(tmp_path: Path, key: str) -> None:
    book = load_codebook(write(tmp_path, VALID_VAR + f'  {{ key = "{key}", name = "no" }},\n]\n'))
    assert book.by_key()[key][1].name == "no"


@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "huge"])
def test_a_codebook_that_is_no_file_or_too_large_is_refused_at_once(
    tmp_path: Path, kind: str
) -> None:
    import os

    path = tmp_path / "book.toml"
    if kind == "fifo":
        os.mkfifo(path)  # opened, it would block for ever
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        path = Path("/dev/zero")  # read, it would never end
    else:
        path.write_text("# " + "x" * (2 << 20) + "\n")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    expected = {
        "fifo": "named pipe",
        "folder": "a folder",
        "device": "a device",
        "huge": "too large",
    }
    assert expected[kind] in str(info.value)


def test_a_codebook_in_someone_else_s_sidecar_is_held_to_the_same_rules() -> None:
    data = load_codebook(EXAMPLE).to_json()
    data["variables"][0]["values"][0]["description"] = "\x1b]0;owned\x07"
    with pytest.raises(CodebookError, match="description must be one line of text"):
        Codebook.from_json(data)
