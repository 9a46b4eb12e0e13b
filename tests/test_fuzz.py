"""Property tests: every reader, detector and loader on arbitrary input raises nothing but its
own error, keeps its offsets inside the text, and a sidecar written is the sidecar read back.

Inputs are random text, random bytes, and articles built from a grammar of the embeds readertui
knows (tweet, Bluesky, Mastodon, Instagram and TikTok markup, flattened attributions, Markdown
blockquotes, shortcodes, bare status URLs, quotations) mixed with prose, markup and junk.
Every test is derandomized: CI runs the same examples every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readertui.annotations import Annotation, Annotations
from readertui.article import article_from_source, article_from_text
from readertui.codebook import Codebook, CodebookError, Value, Variable, load_codebook
from readertui.config import ConfigError, load_settings
from readertui.document import Article
from readertui.session import CodingSession
from readertui.source import ArticleError, Format, read_source
from readertui.store.anchoring import reanchor
from readertui.store.journal import read_sidecar
from readertui.store.records import Record, parse_record
from readertui.store.sidecar import (
    FORMAT,
    SidecarError,
    SidecarWriter,
    parse_sidecar,
    quote_selector,
)
from readertui.textsafe import printable

from adversarial import CASES

#: Real commands, pseudo-terminals or many generated inputs: left out of `-m "not slow"`.
pytestmark = pytest.mark.slow


FORMATS: tuple[Format, ...] = ("text", "markdown", "html")


#: `READERTUI_FUZZ=20 pytest tests/test_fuzz.py`: twenty times the examples, new ones each run.
SCALE = int(os.environ.get("READERTUI_FUZZ", "0"))


def fuzz(examples: int) -> settings:
    """The same examples on every run (CI is reproducible), however long each one takes."""
    return settings(
        max_examples=examples * max(SCALE, 1),
        derandomize=not SCALE,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- the grammar of articles ----------------------------------------------------------------
VOCAB = (
    "the council voted six to three tonight and I hate this . , ! ? Here's where we're at: "
    "she tweeted said told according to Mayor Ellen Voss wrote שלום עולם مرحبا بالعالم "
    "👩‍👩‍👧 🏳️‍🌈 👍🏽 e\u0301 n\u0303o\u0308 Z\u0336\u0337 日本語 x.Y [bold] [/] [link=https://e.vil] "
    "*stress* _under_ `code` &amp; &#x1F600; &bogus; café"
).split()
words = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=12).map(" ".join)
handles = st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True)
names = st.sampled_from(
    ["Jane Doe", "Rosa Delgado", "שרה כהן", "محمد علي", "José Ñúñez", "李雷", "Ann 👩‍👩‍👧", ""]
) | st.text(max_size=12)
dates = st.sampled_from(
    ["December 2, 2021", "4. März 2017", "2 de diciembre de 2021", "2021年12月2日", "May 1, 2024"]
) | st.builds(
    "{} {}, {}".format,
    st.sampled_from(["January", "Feb", "Sept.", "May", "Octobre"]),
    st.integers(0, 40),
    st.integers(0, 99999),
)
numbers = st.integers(0, 10**20).map(str)

EMBEDS = [
    # A flattened tweet, as scrapers leave it.
    st.builds("{} — {} (@{}) {}".format, words, names, handles, dates),
    st.builds("\n\n{}\n\n— {} (@{}) {}\n\n".format, words, names, handles, dates),
    # A Markdown blockquote.
    st.builds("\n> {}\n>\n> — {} (@{}) {}\n".format, words, names, handles, dates),
    st.builds(
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{}</p>&mdash; {} (@{}) '
        '<a href="https://twitter.com/{}/status/{}?ref_src=twsrc">{}</a></blockquote>'.format,
        words,
        names,
        handles,
        handles,
        numbers,
        dates,
    ),
    st.builds(
        '<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:{}/app.bsky.feed.post/'
        '{}"><p lang="en">{}</p>&mdash; {} (<a href="https://bsky.app/profile/{}">@{}.bsky.social'
        "</a>) {}</blockquote>".format,
        handles,
        handles,
        words,
        names,
        handles,
        handles,
        dates,
    ),
    st.builds(
        '<blockquote class="mastodon-embed" data-embed-url="https://mastodon.social/@{}/{}/embed">'
        '<p>{}</p><a href="https://mastodon.social/@{}/{}">Post by @{}@mastodon.social</a>'
        "</blockquote>".format,
        handles,
        numbers,
        words,
        handles,
        numbers,
        handles,
    ),
    st.builds(
        '<iframe src="https://mastodon.social/@{}/{}/embed" class="mastodon-embed"></iframe>'.format,
        handles,
        numbers,
    ),
    st.builds(
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/'
        '{}/"><a href="https://www.instagram.com/p/{}/">View this post on Instagram</a><p>{}</p>'
        "<p>A post shared by {} (@{})</p></blockquote>".format,
        handles,
        handles,
        words,
        names,
        handles,
    ),
    st.builds(
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@{}/video/{}" '
        'data-video-id="{}"><section><a href="https://www.tiktok.com/@{}">@{}</a> {}</section>'
        "</blockquote>".format,
        handles,
        numbers,
        numbers,
        handles,
        handles,
        words,
    ),
    st.builds(
        "\n\nView this post on Instagram\n\n{}\n\nA post shared by {} (@{})\n\n".format,
        words,
        names,
        handles,
    ),
    st.builds('{{{{< tweet user="{}" id="{}" >}}}}'.format, handles, numbers),
    st.builds("{{% tweet https://twitter.com/{}/status/{} %}}".format, handles, numbers),
    st.builds("{{{{< instagram {} >}}}}".format, handles),
    st.builds("{{{{< youtube {} >}}}}".format, handles),
    st.builds(
        "\n\nhttps://{}/{}/status/{}?s=20&t=x\n\n".format,
        st.sampled_from(["twitter.com", "x.com", "mobile.twitter.com"]),
        handles,
        numbers,
    ),
    st.builds("\n\nhttps://bsky.app/profile/{}/post/{}\n\n".format, handles, handles),
    st.builds("\nhttps://www.threads.net/@{}/post/{}\n".format, handles, handles),
    st.builds(
        "Skip Twitter post by {}\n\n{}\n\n— {} (@{}) {}\n\nEnd of Twitter post".format,
        names,
        words,
        names,
        handles,
        dates,
    ),
]
QUOTATIONS = [
    st.builds("“{},” {} said. “{}.”".format, words, names, words),
    st.builds('{} said: "{}"'.format, names, words),
    st.builds("« {} », a dit {}.".format, words, names),
    st.builds("„{}“ {}".format, words, words),
    st.builds("‘{}’".format, words),
    st.builds("»{}«".format, words),
    st.builds("\n\n“{}\n\n“{}”\n\n".format, words, words),  # a quotation over two paragraphs
]
MARKUP = st.sampled_from(
    [
        "\n", "\n\n", "\n\n\n\n", "> ", "> > ", "# ", "- ", "1. ", "```\n", "~~~", "---\n",
        "| a | b |\n|---|---|\n", "<p>", "</p>", "<div>", "</div>", "<blockquote>",
        "</blockquote>", "<article>", "</article>", "<nav>", "<script>", "</script>", "<style>",
        "<!--", "-->", "<br>", "<![CDATA[", "<html><body>", "&mdash;", "&nbsp;", "&", "<", ">",
        "*", "**", "_", "`", "[", "](", ")", "![", "\\", "\t", " ", "\r\n", "\r", "\x00",
        "\ufeff", "\u202e", "\u2066", "\u200d", "\u0301", "\x1b[2J", "\x1b]52;c;aGk=\x07",
        "\x9b31m", "\x1b]8;;http://e.vil\x07link\x1b]8;;\x07", "[bold]", "[/]", "[link=x]",
        "---\ntitle: x\n---\n", "```", "**<b></b>**", "<i>", "</i>",
    ]
)  # fmt: skip
pieces = st.one_of(*EMBEDS, *QUOTATIONS, words, words, MARKUP, MARKUP, st.text(max_size=20))
articles = st.lists(pieces, max_size=25).map("".join)


def as_read(text: str) -> str:
    """Text as a file reader gives it: universal newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(char in rest for char in short)


def check_items(article: Article, source: str, fmt: Format) -> None:
    """What must hold of every item found in any input."""
    ids = [item.id for item in article.items]
    assert all(ids) and len(set(ids)) == len(ids), ids
    starts = [item.span[0] for item in article.items]
    assert starts == sorted(starts)
    for item in article.items:
        start, end = item.span
        assert 0 <= start <= end <= len(source), item
        display_start, display_end = article.srcmap.display_span(start, end)
        assert 0 <= display_start <= display_end <= len(article.display), item
        if item.start is None or item.end is None:
            assert item.start is None and item.end is None and item.text == "", item
            continue
        assert start <= item.start <= item.end <= end, item
        if fmt != "text":
            continue
        words_ = source[item.start : item.end]
        if item.kind == "post":
            assert words_ == item.text, item
        else:  # a quotation split by its attribution is joined; the marks reopening it dropped
            assert words_[:1] == item.text[:1] and words_[-1:] == item.text[-1:], item
            assert _is_subsequence(item.text, words_), item


# -- readers and detectors ------------------------------------------------------------------
@fuzz(500)
@given(text=articles, fmt=st.sampled_from(FORMATS))
def test_grammar_articles_in_every_format(text: str, fmt: Format) -> None:
    text = as_read(text)
    check_items(article_from_text(text, fmt), text, fmt)


@fuzz(150)
@given(text=articles, fmt=st.sampled_from(FORMATS))
def test_text_given_directly_with_carriage_returns(text: str, fmt: Format) -> None:
    """`article_from_text` may be given `\\r` (files are read with universal newlines)."""
    article = article_from_text(text, fmt)
    for item in article.items:
        assert 0 <= item.span[0] <= item.span[1] <= len(text)


@fuzz(300)
@given(text=st.text(max_size=400), fmt=st.sampled_from(FORMATS))
def test_random_text(text: str, fmt: Format) -> None:
    check_items(article_from_text(text, fmt), text, fmt)


@fuzz(200)
@given(
    data=st.binary(max_size=600),
    encoding=st.sampled_from(["utf-8", "latin-1", "utf-16-le", "cp1252"]),
    fmt=st.sampled_from(FORMATS),
)
def test_random_bytes_decoded(data: bytes, encoding: str, fmt: Format) -> None:
    text = as_read(data.decode(encoding, errors="replace"))
    check_items(article_from_text(text, fmt), text, fmt)


# -- reading files --------------------------------------------------------------------------
def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


CHARSETS = ["utf-8", "latin-1", "shift_jis", "hex", "idna", "undefined", "rot13", "punycode",
            "utf-16", "unicode_escape", "x-nonsense", '"']  # fmt: skip
file_bytes = st.one_of(
    st.binary(max_size=2000),
    st.builds(encoded, articles, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"])),
    st.builds(encoded, articles, st.sampled_from(["cp1252", "utf-16-le", "latin-1"])),
    st.builds(  # a BOM, then anything
        bytes.__add__,
        st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]),
        st.binary(max_size=300),
    ),
    st.builds(  # a web page declaring an encoding, then bytes in no particular one
        "<html><head><meta charset={}></head><body><p>{}</p>".format,
        st.sampled_from(CHARSETS) | st.text(max_size=10),
        articles,
    ).map(lambda page: page.encode("utf-8", errors="replace") + b"\xe9\x81\xff"),
)
suffixes = st.sampled_from([".txt", ".md", ".html", ".htm", "", ".dat", ".pdf", ".TXT", ".Md"])


@fuzz(250)
@given(data=file_bytes, suffix=suffixes)
def test_read_source_raises_only_article_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        try:
            source = read_source(path)
        except ArticleError as exc:
            assert "\n" not in str(exc)
            return
    assert "\r" not in source.text
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    article = article_from_source(source)
    check_items(article, source.text, article.format)


# -- the sidecar ----------------------------------------------------------------------------
KEYS = ["id", "kind", "tags", "note", "quote", "exact", "prefix", "suffix", "start", "end",
        "handle", "author", "variables", "values", "name", "key", "exclusive", "description",
        "file", "sha256", "post"]  # fmt: skip
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(["post", "quote", FORMAT, "1", "stance", "support"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(KEYS) | st.text(max_size=5),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)
sidecar_shaped = st.fixed_dictionaries(
    {},
    optional={
        "format": st.just(FORMAT) | json_values,
        "version": st.sampled_from([1, 1, 0, 2, -1, True, 1.0, "1"]) | json_values,
        "annotations": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "post": st.fixed_dictionaries({}, optional={"id": json_values}) | json_values,
                    "tags": st.dictionaries(st.text(max_size=5), json_values, max_size=3)
                    | json_values,
                    "note": json_values,
                    "created": json_values,
                    "quote": json_values,
                },
            )
            | json_values,
            max_size=4,
        )
        | json_values,
        "codebook": st.fixed_dictionaries(
            {},
            optional={
                "name": json_values,
                "variables": st.lists(
                    st.fixed_dictionaries(
                        {"name": st.sampled_from(["stance", "a b", ""]) | json_values},
                        optional={
                            "values": st.lists(
                                st.fixed_dictionaries(
                                    {},
                                    optional={
                                        "key": json_values,
                                        "name": json_values,
                                        "description": json_values,
                                    },
                                ),
                                max_size=3,
                            )
                            | json_values,
                            "exclusive": json_values,
                        },
                    ),
                    max_size=3,
                )
                | json_values,
            },
        )
        | json_values,
        "coder": json_values,
        "article": json_values,
    },
)


@fuzz(150)
@given(data=sidecar_shaped | json_values)
def test_parse_sidecar_raises_only_sidecar_error(data: Any) -> None:
    try:
        parse_sidecar(data, "test.annotations.json")
    except SidecarError as exc:
        assert "\n" not in str(exc)


sidecar_bytes = st.one_of(
    st.binary(max_size=500),
    (sidecar_shaped | json_values).map(lambda d: json.dumps(d).encode()),
    st.builds(  # cut short, or with bytes spliced in
        lambda d, cut, junk: json.dumps(d, ensure_ascii=False).encode()[:cut] + junk,
        sidecar_shaped,
        st.integers(0, 400),
        st.binary(max_size=8),
    ),
    st.sampled_from([b"[" * 50_000, b"{" * 50_000, b"9" * 5_000, b'{"a": ' + b"1" * 5000 + b"}"]),
)


@fuzz(150)
@given(raw=sidecar_bytes)
def test_read_sidecar_raises_only_sidecar_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt.annotations.json"
        path.write_bytes(raw)
        try:
            assert read_sidecar(path) is not None
        except SidecarError as exc:
            assert "\n" not in str(exc)


# -- the codebook and the settings file -----------------------------------------------------
TOML_LINES = st.sampled_from(
    [
        'name = "x"', "[[variables]]", 'name = "stance"', 'name = "a b"', "name = 3",
        "exclusive = true", "exclusive = 1", "values = [", "]", "values = []", 'values = "x"',
        '{ key = "1", name = "support", description = "d" },', '{ key = "1", name = "dup" },',
        '{ key = "q", name = "quit" },', '{ key = 1, name = "n" },', '{ key = "ab", name = "x" },',
        'description = """two\nlines"""', "[variables]", "variables = []", "foo = 1",
        'theme = "nord"', "theme = 3", 'theme = ""', "[keymap]", '"reader.next" = "j,l"',
        '"reader.next" = ""', "keymap = 3", "[coders.alice]", "[coders]", "alice = 1",
        "coders = 3", 'keymap = { "reader.note" = "m" }', "=", '"', "x = [", "[[variables.values]]",
        'key = "2"', "a = " + "[" * 2000, "a = " + "9" * 5000, "a = 0x" + "f" * 5000,
        "a = " + "{b = " * 2000, "\x00", "\ufeff", "\x1b[2J",
    ]
)  # fmt: skip
toml_text = st.lists(TOML_LINES | st.text(max_size=15), max_size=20).map("\n".join)


def load_file(loader: Callable[[Path], object], data: str | bytes) -> object:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.toml"
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return loader(path)


@fuzz(150)
@given(data=toml_text | st.binary(max_size=200))
def test_load_codebook_raises_only_codebook_error(data: str | bytes) -> None:
    try:
        codebook = load_file(load_codebook, data)
    except CodebookError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(codebook, Codebook)
    assert Codebook.from_json(codebook.to_json()) == codebook


@fuzz(120)
@given(data=toml_text | st.binary(max_size=200), coder=st.sampled_from(["alice", "bob", ""]))
def test_load_settings_raises_only_config_error(data: str | bytes, coder: str) -> None:
    try:
        load_file(lambda path: load_settings(coder, path), data)
    except ConfigError as exc:
        assert "\n" not in str(exc)


# -- re-anchoring ---------------------------------------------------------------------------
def record_or_none(written: dict[str, Any]) -> Record | None:
    """The record as a sidecar holding it would be read, None where the file would be refused
    (no id, codes of the wrong shape: such a sidecar never reaches re-anchoring)."""
    try:
        return parse_record(written, "a generated record")
    except SidecarError:
        return None


@st.composite
def records_for(draw: st.DrawFn, article: Article) -> list[dict[str, Any]]:
    """Sidecar records as a changed article might meet them: true ones, mangled ones, junk."""
    records: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 8))):
        if article.items and draw(st.booleans()):  # type: ignore[arg-type]
            item = draw(st.sampled_from(article.items))
            start, end = item.span if item.start is None else (item.start, item.end or 0)
            quote: Any = quote_selector(article.source, start, end)
            if draw(st.booleans()):  # moved, or its words edited
                quote = {**quote, "start": quote["start"] + draw(st.integers(-50, 50))}
                quote["exact"] = draw(st.sampled_from([quote["exact"], quote["exact"][1:], "x"]))
            post: dict[str, Any] = {
                "id": draw(st.sampled_from([item.id, item.id + "-2", "other-0123456789"])),
                "kind": draw(st.sampled_from([item.kind, "post", "quote", 3])),
                "handle": item.handle,
                "author": item.author,
            }
            records.append({"post": post, "quote": quote, "tags": {}, "note": ""})
        else:
            junk = draw(sidecar_shaped.map(lambda d: d.get("annotations")) | json_values)
            record = junk if isinstance(junk, dict) else {"post": junk, "quote": junk}
            records.append(record)
    return records


@fuzz(200)
@given(data=st.data(), text=articles, fmt=st.sampled_from(FORMATS))
def test_reanchor_places_or_orphans_every_record(
    data: st.DataObject, text: str, fmt: Format
) -> None:
    article = article_from_text(as_read(text), fmt)
    records = [r for r in map(record_or_none, data.draw(records_for(article))) if r is not None]
    sha = data.draw(st.sampled_from([None, article.sha256, "0" * 64]))
    found = reanchor(records, article, sha)
    placed = [placement.record for placement in found.placed.values()]
    assert sorted(map(id, [*placed, *found.orphans])) == sorted(map(id, records))
    assert set(found.placed) <= {item.id for item in article.items}


# -- save, then load ------------------------------------------------------------------------
NOTE_PIECES = ["[bold]", "[/]", "[link=https://e.vil]x[/link]", "\x1b]52;c;aGk=\x07", "\x1b[2J",
               "\x9b", "\x00", "\u202eevil", "שלום", "مرحبا", "👩‍👩‍👧", "e\u0301", "\"", "\\", "\n",
               "\r\n", "\u2028", "\ufeff", "}", "]", " ", "note"]  # fmt: skip
notes = st.text(max_size=40) | st.lists(st.sampled_from(NOTE_PIECES), max_size=8).map("".join)
value_names = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
SAMPLE_ARTICLE = article_from_text(
    "Six votes to three. — Rosa Delgado (@rosadelgado_hc) March 4, 2025\n\n"
    "“We will appeal this decision,” the mayor said.\n\n"
    "Ferry is back. — Ferry Co (@ferryco) May 12, 2025\n",
    "text",
)


@st.composite
def annotation_states(draw: st.DrawFn) -> Annotations:
    ids = [item.id for item in SAMPLE_ARTICLE.items]
    chosen = draw(st.lists(st.sampled_from(ids) | st.text(min_size=1, max_size=10), max_size=6))
    items = {}
    for post_id in chosen:
        tags = draw(st.dictionaries(value_names, st.lists(value_names, max_size=3), max_size=3))
        items[post_id] = Annotation(
            tags=MappingProxyType({k: tuple(v) for k, v in tags.items() if v}),
            note=draw(notes),
            created=draw(st.sampled_from(["", "2026-01-02T03:04:05Z"])),
            modified=draw(st.text(max_size=5)),
        )
    return Annotations(items)


@fuzz(120)
@given(
    state=annotation_states(),
    coder=st.text(max_size=10),
    # A codebook's name is one line of text without control characters (its file says so).
    name=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=10).filter(
        lambda name: printable(name) == name
    ),
)
def test_sidecar_encoded_then_read_is_the_same(state: Annotations, coder: str, name: str) -> None:
    codebook = Codebook(
        (Variable("stance", (Value("1", "support", "[bold]yes[/]"), Value("2", "oppose"))),),
        name=name,
    )
    writer = SidecarWriter(Path("unused"), SAMPLE_ARTICLE.source, SAMPLE_ARTICLE.items)
    data = writer.encode(
        state, article_name="a.txt", sha256="0" * 64, codebook=codebook, coder=coder, saved="now"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt.annotations.json"
        path.write_bytes(data)
        stored = read_sidecar(path)
    assert stored is not None
    assert dict(stored.annotations) == dict(state)
    assert stored.codebook == codebook and stored.coder == coder


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["code", "note", "clear", "undo", "redo"]),
        st.integers(0, 2),
        st.sampled_from("12345") | notes,
    ),
    min_size=1,
    max_size=8,
)


@fuzz(40)
@given(actions=ACTIONS)
def test_a_coding_session_saves_what_it_holds(actions: list[tuple[str, int, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "council.txt"
        path.write_text(SAMPLE_ARTICLE.source, encoding="utf-8")
        article = article_from_source(read_source(path))
        with CodingSession(article, coder="fuzz") as session:
            for action, index, arg in actions:
                if action == "code":
                    session.code(index, arg[:1])
                elif action == "note":
                    session.set_note(index, arg)
                elif action == "clear":
                    session.clear(index)
                else:
                    getattr(session, action)()
            assert session.save().ok
            stored = read_sidecar(session.path)
            expected = dict(session.state)
        assert stored is not None
        assert dict(stored.annotations) == expected
        # And the next session opens with exactly those codes and notes.
        with CodingSession(article_from_source(read_source(path)), coder="fuzz") as again:
            assert dict(again.state) == expected
            assert again.read_only_reason is None


@pytest.mark.parametrize(
    "raw",
    [b"[" * 100_000, b'{"format": ' + b"9" * 5_000 + b"}"],
    ids=["nested", "long-number"],
)
def test_json_limits_are_a_sidecar_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "a.txt.annotations.json"
    path.write_bytes(raw)
    with pytest.raises(SidecarError, match="not a readertui annotation file"):
        read_sidecar(path)


# -- what the properties found, kept as examples ----------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("« Nous allons gagner ce soir », a dit Jean Dupont.", "Nous allons gagner ce soir"),
        # Marks with nothing between them are no second part of the quotation.
        (
            "“We will win the vote tonight,” Jane Doe said. »« Then she left.",
            "We will win the vote tonight,",
        ),
    ],
    ids=["spaces-inside-guillemets", "empty-second-part"],
)
def test_a_quotation_s_offsets_are_its_words(text: str, words: str) -> None:
    [quote] = article_from_text(text, "text").quotes
    assert quote.start is not None and quote.end is not None
    assert quote.text == words == text[quote.start : quote.end]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # markdown-it reads NUL as U+FFFD: the words are still found where they stand.
        (
            "View this post on Instagram\nWords here A post shared by Ann (@ann)\x00<b>`",
            "Words here",
        ),
        # Emphasis around nothing shown, after an embed, is not part of the embed's words.
        (
            '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@ann/video/1">'
            "Dance words</blockquote>\n\n**<b></b>**\n",
            "Dance words",
        ),
    ],
    ids=["nul", "empty-emphasis"],
)
def test_markdown_post_offsets_stay_on_its_words(text: str, words: str) -> None:
    [post] = article_from_text(text, "markdown").posts
    assert post.start is not None and post.end is not None
    assert text[post.start : post.end] == words
    assert post.span[0] <= post.start <= post.end <= post.span[1]


def test_markdown_given_carriage_returns_does_not_crash() -> None:
    article = article_from_text("```\r5", "markdown")
    assert article.display == "5"  # the fence never closes: read as text, as with "\n"


@pytest.mark.parametrize("charset", ["hex", "rot13", "idna", "undefined", "punycode", "nonsense"])
def test_a_page_declaring_a_codec_that_is_not_for_text(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(
        f'<html><head><meta charset="{charset}"></head><body><p>Caf\xe9'.encode("cp1252")
    )
    source = read_source(path)
    assert (source.encoding, source.text[-4:]) == ("windows-1252", "Café")


@pytest.mark.parametrize("text", ["a = " + "[" * 2000, "a = " + "9" * 5000], ids=["deep", "long"])
def test_toml_the_standard_library_gives_up_on_is_a_one_line_error(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "file.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match="not usable"):
        load_codebook(path)
    with pytest.raises(ConfigError, match="not usable"):
        load_settings("alice", path)


# -- inputs made to be slow ----------------------------------------------------------------------
#: The larger size an adversarial input is read at, and the time it may take: a reader that
#: searches to the end once per piece takes minutes here (an unclosed comment repeated took
#: 15 s at 160 KB), one that is linear well under a second (`bench_adversarial.py` measures).
ADVERSARIAL_SIZE = 256_000
ADVERSARIAL_SECONDS = 6.0


def timed(text: str, fmt: Format) -> float:
    started = time.perf_counter()
    article = article_from_text(text, fmt)
    seconds = time.perf_counter() - started
    for item in article.items:
        assert 0 <= item.span[0] <= item.span[1] <= len(text)
    return seconds


@pytest.mark.parametrize(
    ("name", "fmt"), [(name, fmt) for name, (formats, _) in CASES.items() for fmt in formats]
)
def test_adversarial_inputs_are_read_in_linear_time(name: str, fmt: Format) -> None:
    make = CASES[name][1]
    timed(make(1000), fmt)  # imports and caches, not measured
    small = timed(make(ADVERSARIAL_SIZE // 4), fmt)
    large = timed(make(ADVERSARIAL_SIZE), fmt)
    assert large < ADVERSARIAL_SECONDS, f"{name} ({fmt}): {large:.1f} s for 256 KB"
    # Four times the input, about four times the time (quadratic would be sixteen).
    assert large < 10 * small + 0.5, f"{name} ({fmt}): {small:.2f} s, then {large:.2f} s"


PIECES = sorted({make(60)[:60] for _, make in CASES.values()})


@fuzz(15)
@given(
    pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=8),
    fmt=st.sampled_from(["text", "markdown", "html"]),
)
def test_mixtures_of_adversarial_pieces_stay_fast(pieces: list[str], fmt: Format) -> None:
    text = ("".join(pieces) * (120_000 // sum(map(len, pieces)) + 1))[:120_000]
    assert timed(text, fmt) < ADVERSARIAL_SECONDS
