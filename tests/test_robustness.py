"""Inputs that once broke the core: each stays linear, keeps its text and its offsets right."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readertui.cli.main import main
from readertui.source import Format

from conftest import analyse, posts, span_text

ATTRIBUTION = " — Jane (@jdoe) December 2, 2021"


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("x.Y" * 40_000 + ATTRIBUTION, "text"),  # glued boundaries in one endless word
        ("<div>\n\n" * 10_000, "markdown"),  # container tags that never close
        ("<blockquote>" * 30_000 + "I hate this." + ATTRIBUTION, "html"),  # deep nesting
        ("<blockquote>" * 3_000 + "<p>x</p>" * 20_000, "html"),  # many blocks, deep
        ("<i>" * 20_000 + "</b>" * 20_000, "html"),  # stray end tags
        (("> quote words here\n\n" + ATTRIBUTION.strip() + "\n\n") * 10_000, "markdown"),
    ],
    ids=["glued-word", "unclosed-divs", "deep-html", "deep-many-blocks", "stray-ends", "quotes"],
)
@pytest.mark.slow
def test_pathological_inputs_stay_fast(text: str, fmt: Format) -> None:
    started = time.perf_counter()
    article = analyse(text, fmt)
    assert time.perf_counter() - started < 5
    for post in article.posts:
        assert 0 <= post.span[0] <= post.span[1] <= len(text)


def test_deep_nesting_never_loses_text() -> None:
    text = "".join("  " * i + f"- level {i}\n" for i in range(70)) + "\nAfter." + ATTRIBUTION
    article = analyse(text, "markdown")
    assert "level 69" in article.display
    assert [p.text for p in article.posts] == ["After."]
    assert any("nested too deeply" in w for w in article.warnings)


def test_empty_image_or_link_does_not_pull_a_later_post_back() -> None:
    text = "![](photo.jpg)\n\nI hate this." + ATTRIBUTION + "\n"
    [post] = posts(text, "markdown")
    assert span_text(text, post) == "I hate this."


def test_markup_at_the_start_of_a_quoted_post_is_inside_its_span() -> None:
    text = "> **Bold** here I said\n>" + ATTRIBUTION + "\n"
    [post] = posts(text, "markdown")
    assert span_text(text, post) == "**Bold** here I said"


def test_inline_html_spanning_quoted_lines_keeps_the_cursor_right() -> None:
    text = '> <a title="Guns are\n> bad" href="x">Guns are</a> bad things.\n>' + ATTRIBUTION + "\n"
    [post] = posts(text, "markdown")
    assert post.text == "Guns are bad things."
    assert span_text(text, post).startswith("Guns are</a>")


def test_attribution_after_an_embed_claims_it_once() -> None:
    text = (
        '<blockquote class="twitter-tweet"><p>I hate this.</p></blockquote>'
        "<p>&mdash; Jane (@jdoe) December 2, 2021</p>"
    )
    [post] = posts(text, "html")
    assert (post.handle, post.text, post.form) == ("jdoe", "I hate this.", "embed")


def test_a_styled_quotation_with_an_attribution_is_a_blockquote_not_an_embed() -> None:
    text = '<blockquote class="wp-block-quote"><p>I hate this.</p>' + ATTRIBUTION + "</blockquote>"
    [post] = posts(text, "html")
    assert post.form == "blockquote"


@pytest.mark.parametrize(
    "text",
    [
        "- I said this\n-" + ATTRIBUTION + "\n",
        "1. I said this\n2." + ATTRIBUTION + "\n",
        "| I said this |" + ATTRIBUTION + " |\n|---|---|\n",
    ],
    ids=["bullet", "ordered", "table"],
)
def test_list_and_table_separators_stay_out_of_the_text(text: str) -> None:
    [post] = posts(text, "markdown")
    assert post.text == "I said this"


def test_a_time_after_the_date_stays_on_its_line() -> None:
    text = "Power is back." + ATTRIBUTION + "\n\n10:45 Crews are out.\n"
    article = analyse(text, "text")
    [post] = article.posts
    assert text[post.span[0] : post.span[1]].endswith("2021")


def test_ids_keep_the_query_that_identifies_a_post() -> None:
    text = (
        '<iframe src="https://www.youtube.com/embed/abcdef12"></iframe>'
        '<iframe src="https://www.youtube.com/embed/zyxwvu98"></iframe>'
        '<div class="fb-post" data-href="https://www.facebook.com/permalink.php?story_fbid=1&id=2"></div>'
        '<div class="fb-post" data-href="https://www.facebook.com/permalink.php?story_fbid=3&id=2"></div>'
    )
    found = posts(text, "html")
    assert len(found) == 4
    assert len({p.id for p in found}) == 4
    assert not any(p.id.endswith("-2") for p in found)


def test_usage_errors_are_one_printable_line(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["posts", "x.txt", "\x1b[31mRED\x1b]8;;http://evil\x07"], out=io.StringIO())
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert "\x1b" not in err and "\x07" not in err


def test_output_to_an_ascii_terminal_does_not_crash(tmp_path: Path) -> None:
    sample = Path(__file__).parent.parent / "sample_articles" / "council-vote.txt"
    for args in ([], ["--json"]):
        proc = subprocess.run(
            [sys.executable, "-m", "readertui", "posts", str(sample), *args],
            capture_output=True,
            env={"PYTHONIOENCODING": "ascii", "PATH": ""},
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        if args:
            assert json.loads(proc.stdout)[0]["author"] == "Rosa Delgado"


def page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>"


TWEET = (
    '<blockquote class="twitter-tweet"><p>Ferry is back.</p>&mdash; Ferry Co (@ferryco) '
    '<a href="https://twitter.com/ferryco/status/1">May 12, 2025</a></blockquote>'
)


@pytest.mark.parametrize(
    "html",
    [
        page("<p>Unclosed <b>bold <i>and italic<p>next" + TWEET),
        page("<div><p>Stray end tags</span></div></div></p>" + TWEET + "</table>"),
        page('<p title="' + "x" * 2_000_000 + '">A huge attribute.</p>' + TWEET),
        page("<div>" * 5000 + "<p>Deep.</p>" + TWEET + "</div>" * 5000),
        page("<script>document.write('" + TWEET + "');</script><p>Only a script above.</p>"),
        page("<p>Broken <!-- comment never closed " + TWEET),
        page("<p>An &unknown; entity &#xZZ; and &#99999999; too</p>" + TWEET),
    ],
    ids=["unclosed", "stray-ends", "huge-attribute", "deep", "script", "open-comment", "entities"],
)
def test_malformed_html_never_crashes(html: str) -> None:
    started = time.perf_counter()
    article = analyse(html, "html")
    assert time.perf_counter() - started < 10
    for item in article.items:
        assert 0 <= item.span[0] <= item.span[1] <= len(html)


def test_a_tweet_written_only_inside_a_script_is_not_a_post() -> None:
    html = page("<script>var t = '" + TWEET + "';</script><p>Just prose here about ferries.</p>")
    assert analyse(html, "html").posts == []


def test_a_page_in_a_declared_legacy_encoding(tmp_path: Path) -> None:
    from readertui.article import load_article

    path = tmp_path / "legacy.html"
    path.write_bytes(
        '<html><head><meta charset="windows-1252"></head><body><p>Café “quoted” — fine</p>'
        "</body></html>".encode("cp1252")
    )
    article = load_article(path)
    assert "Café “quoted” — fine" in article.display
    assert article.warnings == []


def test_a_page_with_stray_bytes_says_so(tmp_path: Path) -> None:
    from readertui.article import load_article

    path = tmp_path / "mixed.html"
    path.write_bytes(
        "<html><body><p>Caf\xe9 — ok</p></body></html>".encode().replace(b"\xc3\xa9", b"\xe9")
    )
    article = load_article(path)
    assert "Caf\ufffd — ok" in article.display
    assert any("not valid UTF-8" in w for w in article.warnings)
