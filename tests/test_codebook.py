"""Codebook files: the example loads, and every mistake is named with its line."""

from __future__ import annotations

import re
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


# -- typed variables -------------------------------------------------------------------------
ALL_TYPES = Path(__file__).parent / "fixtures" / "all-types.toml"


def test_every_type_loads_with_its_settings() -> None:
    book = load_codebook(ALL_TYPES)
    outlet, tone, actor, followers, claim = book.variables
    assert (outlet.type, outlet.applies_to) == ("nominal", frozenset({"article"}))
    assert book.codes_article and outlet.applies("article") and not outlet.applies("post")
    assert tone.type == "ordinal" and tone.metric == "ordinal" and tone.step_keys == ("<", ">")
    assert tone.applies("quote") and not tone.applies("span")
    assert [v.name for v in tone.values] == ["negative", "neutral", "positive"]
    assert actor.path("navy") == ("government", "military", "navy") and actor.depth == 3
    assert [v.parent for v in actor.values] == [None, "government", "government", "military", None]
    assert (followers.key, followers.minimum, followers.metric) == ("F", 0.0, "interval")
    assert claim.typed and claim.applies_to == frozenset({"posts", "quotations", "spans"})
    assert book.step_keys()["<"] == (tone, -1) and book.input_keys()["t"] is claim
    assert Codebook.from_json(book.to_json()) == book


def test_a_nominal_codebook_is_written_as_before() -> None:
    """Sidecars of codebooks without the new settings stay byte for byte what they were."""
    [variable] = load_codebook(EXAMPLE).to_json()["variables"][:1]
    assert list(variable) == ["name", "exclusive", "description", "values"]


def test_typed_values_are_checked_and_stored_plainly() -> None:
    book = load_codebook(ALL_TYPES)
    followers, claim, tone = (book.variable(n) for n in ("followers", "claim", "tone"))
    assert followers is not None and claim is not None and tone is not None
    assert followers.parse(" 1,200 ") == "1200" and followers.parse("2.50") == "2.5"
    for bad, why in (
        ("-3", "at least 0"),
        ("lots", "not a number"),
        ("inf", "finite"),
        ("1_0", "not a number"),
    ):
        with pytest.raises(ValueError, match=why):
            followers.parse(bad)
    assert claim.parse("  the mayor  lied ") == "the mayor lied"
    with pytest.raises(ValueError, match="at most 200"):
        claim.parse("x" * 201)
    assert tone.stepped(None, 1) == "negative" and tone.stepped(None, -1) == "positive"
    assert tone.stepped("positive", 1) == "positive" and tone.stepped("neutral", -1) == "negative"


TYPED = '[[variables]]\nname = "v"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            VALID_VAR + '  { key = "2", name = "no", childs = [] },\n]\n',
            "line 5: variable 'stance', value 'no': unknown setting 'childs'",
        ),
        (
            VALID_VAR + '  { key = "2", nmae = "no" },\n]\n',
            "line 5: variable 'stance', a value: unknown setting 'nmae'",
        ),
        (
            TYPED + 'applies_to = "posts"\nvalues = [{ key = "1", name = "a" }]\n[[variables]]\n'
            'name = "w"\ntype = "number"\nkey = "x"\napplies_to = "post"\n',
            "line 9: variable 'w': applies_to 'post'",  # not line 3's, another variable's
        ),
        (TYPED + 'type = "scale"\n', "line 3: variable 'v': type 'scale' is not one of"),
        (TYPED + 'type = "number"\nmin = 1\n', "variable 'v': a number variable needs a key"),
        (
            TYPED + 'type = "text"\nkey = "t"\nmin = 1\n',
            "line 5: variable 'v': a text variable has no 'min'",
        ),
        (
            TYPED + 'type = "number"\nkey = "t"\nmin = 5\nmax = 1\n',
            "line 5: variable 'v': min is more",
        ),
        (
            TYPED + 'type = "number"\nkey = "j"\n',
            "line 4: variable 'v': key 'j' is used by the reader",
        ),
        (
            TYPED + 'applies_to = "tweets"\nvalues = [{ key = "1", name = "a" }]\n',
            "line 3: variable 'v': applies_to 'tweets'",
        ),
        (
            TYPED
            + 'type = "ordinal"\nstep_keys = ["/", ">"]\nvalues = [{ key = "1", name = "a" }]\n',
            "line 4: variable 'v': key '/' is used by the reader",
        ),
        (
            TYPED + 'type = "ordinal"\nexclusive = false\nvalues = [{ key = "1", name = "a" }]\n',
            "line 4: variable 'v': an ordinal variable holds one value",
        ),
        (
            TYPED
            + 'type = "ordinal"\nvalues = [{ key = "1", name = "a", children = [{ key = "2", name = "b" }] }]\n',
            "value 'a': only a nominal variable's values have children",
        ),
        (
            TYPED
            + 'values = [{ key = "1", name = "a", children = [{ key = "1", name = "b" }] }]\n',
            "line 3: key '1' is used twice (v.a and v.b)",
        ),
        (
            TYPED
            + 'values = [{ key = "1", name = "a", children = [{ key = "2", name = "a" }] }]\n',
            "value 'a' is listed twice",
        ),
    ],
)
def test_typed_variable_mistakes_name_their_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CodebookError, match=re.escape(message)):
        load_codebook(write(tmp_path, text))


def test_a_hierarchy_deeper_than_six_levels_is_refused(tmp_path: Path) -> None:
    value = '{ key = "z", name = "v9" }'
    for level in range(8, 0, -1):
        value = f'{{ key = "{level}", name = "v{level}", children = [{value}] }}'
    with pytest.raises(CodebookError, match="at most 6 levels"):
        load_codebook(write(tmp_path, TYPED + f"values = [{value}]\n"))
