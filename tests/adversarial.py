"""Inputs made to slow a parser down: each repeats one piece until the text is `size` bytes.

A reader or detector that searches to the end of the text once per piece (an unclosed comment
looking for its `-->`, a quotation mark for its closer, each post checked against every post
before it) takes time that quadruples when the input doubles. `benchmarks/bench_adversarial.py`
times them at two sizes; `test_fuzz.py` gives each a deadline. Made up, seeded where random.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from readertui.source import Format


def _repeat(piece: str | Callable[[int], str]) -> Callable[[int], str]:
    """A text of about `size` characters: `piece` again and again (a function: of its index)."""

    def make(size: int) -> str:
        parts: list[str] = []
        length = n = 0
        while length < size:
            part = piece(n) if callable(piece) else piece
            parts.append(part)
            length += len(part)
            n += 1
        return "".join(parts)

    return make


def _shuffled(pieces: list[str], seed: int = 7) -> Callable[[int], str]:
    rng = random.Random(seed)
    return _repeat(lambda n: rng.choice(pieces))


#: name -> (formats to read it as, text of a given size)
CASES: dict[str, tuple[tuple[Format, ...], Callable[[int], str]]] = {
    # Quotation marks: closed pairs on one line, openers never closed, apostrophes, speakers.
    "quotes on one line": (("text", "markdown", "html"), _repeat("“aa bb cc dd” ")),
    "straight quotes on one line": (("text",), _repeat('"aa bb cc dd" ')),
    "unclosed quotes": (("text", "markdown"), _repeat("“aa bb ")),
    "unclosed quote paragraphs": (("text", "markdown"), _repeat("“aa bb\n\n")),
    "apostrophes": (("text",), _repeat("‘aa’s bb' ")),
    "quotes said by names": (
        ("text",),
        _repeat(lambda n: f"“Word {n} and more words here,” said Ann Lee{n % 50}. "),
    ),
    "quotes with pronouns": (("text",), _repeat("He said “we will go there soon.” Jo Bo said. ")),
    "said without quotes": (("text",), _repeat("Ann Lee said that Bob Day said ")),
    "names and pronouns": (
        ("text",),
        _repeat(lambda n: f"Ann Lee{n} and Bob Day{n} met. “We will go there,” she said. "),
    ),
    "according to": (("text",), _repeat("according to the mayor “aa bb cc” ")),
    "colon leads": (("text",), _repeat("The council member Rosa Day said: ")),
    # Posts: attributions, handles, dates, addresses, shortcodes.
    "attributions on one line": (
        ("text",),
        _repeat(lambda n: f"Words of post {n} — Ann Lee (@ann{n}) May 1, 2024 "),
    ),
    "attributions on lines": (
        ("text", "markdown"),
        _repeat(lambda n: f"Words of post {n} — Ann Lee (@ann{n}) May 1, 2024\n\n"),
    ),
    "dashes and handles": (("text",), _repeat("— (@a) ")),
    "handles": (("text", "markdown"), _repeat("@abc ")),
    "dates": (("text",), _repeat("May 1, 2024 ")),
    "post addresses on lines": (
        ("text", "markdown"),
        _repeat(lambda n: f"https://x.com/u/status/{10**17 + n}\n\n"),
    ),
    "post addresses on one line": (
        ("text",),
        _repeat(lambda n: f"https://twitter.com/u{n}/status/{10**17 + n} "),
    ),
    "pic links": (("text",), _repeat("pic.twitter.com/abcdef ")),
    "shortcodes": (
        ("markdown", "text"),
        _repeat(lambda n: f'{{{{< tweet user="u{n}" id="{10**17 + n}" >}}}}\n'),
    ),
    "open shortcodes": (("markdown",), _repeat("{{< tweet ")),
    "follow lines": (("text",), _repeat("Ann Lee ✔ @ann Follow\n")),
    "widget times": (("text", "markdown"), _repeat("3:05 PM - Apr 1, 2018\n")),
    "widget bylines then a time": (
        ("text", "markdown"),
        lambda size: "Ann Lee @ann\n" * (size // 13) + "3:05 PM - Apr 1, 2018",
    ),
    "widgets": (
        ("text", "markdown"),
        _repeat("Ann Lee ✔ @ann\nFollow\nA post.\n3:05 PM - Apr 1, 2018\n12 Likes\n"),
    ),
    "instagram attributions on one line": (("text",), _repeat("A post shared by Ann (@ann) ")),
    "instagram embeds on one line": (
        ("text",),
        _repeat("View this post on Instagram A post shared by Ann (@ann) "),
    ),
    # Markdown.
    "brackets": (("markdown",), _repeat("[")),
    "links": (("markdown",), _repeat("[a](")),
    "emphasis": (("markdown",), _repeat("*a _")),
    "backticks": (("markdown",), _repeat("`a ``")),
    "nested quotes": (("markdown",), _repeat("> ")),
    "quote lines": (("markdown",), _repeat("> a line of a quoted post\n")),
    "list nesting": (("markdown",), _repeat(lambda n: "  " * (n % 40) + "- a\n")),
    "reference links": (("markdown",), _repeat(lambda n: f"[r{n}]: https://x.com/{n}\n")),
    "html in markdown": (("markdown",), _repeat("<div>\n")),
    "front matter unclosed": (("markdown",), lambda size: "---\n" + "a: b\n" * (size // 5)),
    "headings": (("markdown",), _repeat("# a\n")),
    "setext headings": (("markdown",), _repeat("a\n=\n")),
    "thematic breaks": (("markdown",), _repeat("---\n")),
    "unclosed fence": (("markdown",), lambda size: "```\n" + "a\n" * (size // 2)),
    "table rows": (("markdown",), lambda size: "|a|b|\n|-|-|\n" + "|x|y|\n" * (size // 6)),
    "quotes in a list": (("markdown",), _repeat("- “aa bb cc dd”\n")),
    "strikethrough": (("markdown",), _repeat("~~a ")),
    "backslashes": (("markdown",), _repeat("\\")),
    "html comments in markdown": (("markdown",), _repeat("<!-- a -->\n")),
    "less-than in markdown": (("markdown",), _repeat("<")),
    "table": (("markdown",), lambda size: "|a" * (size // 4) + "|\n" + "|-" * (size // 4) + "|\n"),
    # HTML: constructs left open (each would be searched for to the end), and many of a kind.
    "unclosed comments": (("html", "markdown"), _repeat("<!--")),
    "unclosed comments with >": (("html",), _repeat("<!-- > ")),
    "cdata": (("html", "markdown"), _repeat("<![CDATA[")),
    "declarations": (("html",), _repeat("<!x ")),
    "processing instructions": (("html",), _repeat("<?x ")),
    "open tags": (("html",), _repeat("<a ")),
    "open end tags": (("html",), _repeat("</a ")),
    "open attribute quotes": (("html",), _repeat('<a b="')),
    "char references": (("html",), _repeat("&#")),
    "entities": (("html",), _repeat("&a")),
    "attributes": (("html",), lambda size: "<p " + "a=1 " * (size // 4) + ">x</p>"),
    "deep nesting": (("html",), lambda size: "<div>" * (size // 5)),
    "tweet blockquotes": (
        ("html",),
        _repeat(lambda n: f'<blockquote class="twitter-tweet"><p>Post {n}</p>— A (@a{n})'),
    ),
    "unclosed tweet blockquotes": (("html",), _repeat('<blockquote class="twitter-tweet">')),
    "iframes": (
        ("html",),
        _repeat(lambda n: f'<iframe src="https://www.youtube.com/embed/v{n}"></iframe>'),
    ),
    "data embeds": (
        ("html",),
        _repeat(lambda n: f'<div data-tweet-id="{10**17 + n}"></div>'),
    ),
    "paragraphs": (("html",), _repeat("<p>a")),
    "less-than": (("html",), _repeat("<")),
    "misnested tags": (("html",), _repeat("<b><p>a</b>")),
    "scripts unclosed": (("html",), _repeat("<script>")),
    # Text shapes.
    "one long word": (("text", "markdown", "html"), _repeat("abcdefghij")),
    "blank lines": (("text", "markdown"), _repeat("\n")),
    "sentence ends": (("text",), _repeat("a. ")),
    "mixed": (
        ("text", "markdown", "html"),
        _shuffled(["“", "”", "<!--", "— ", "(@a) ", "May 1, 2024", "said ", "> ", "\n", "[", "'"]),
    ),
}
