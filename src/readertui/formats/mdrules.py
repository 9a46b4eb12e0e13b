"""markdown-it-py rules for Markdown as blogs and CMSs actually write it, and fast paths.

CommonMark ends an HTML block at the first blank line, so a WordPress body (`<div>` holding
indented `<p>` elements and whitespace-only lines) falls apart into code blocks, and an embed
`<figure>` into pieces. Jekyll's kramdown, which rendered most such files, reads an HTML
element to its matching end tag instead; `html_region` does the same for container elements.

The fast paths give exactly the tokens markdown-it gives (tests/test_markdown_fastpath.py
compares whole token streams), only sooner: inline content in which no inline rule can fire
(most news paragraphs) gets its text and line-break tokens directly, and a plain `http(s)` URL,
which markdown-it's link normalisation would return unchanged, is returned at once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator
from types import SimpleNamespace
from typing import Literal

from markdown_it import MarkdownIt, helpers
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore, normalize
from markdown_it.token import Token
from markdown_it.utils import EnvType

CONTAINER_TAGS = (
    "div|section|article|aside|blockquote|figure|table|ul|ol|dl|details|header|footer|main|"
    "nav|center|form"
)
_START = re.compile(rf"<({CONTAINER_TAGS})(?=[\s/>])", re.IGNORECASE)
_TAG = re.compile(rf"<(/?)({CONTAINER_TAGS})\b[^>]*?(/?)>", re.IGNORECASE)


def html_region(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.parentType != "root" or state.is_code_block(start_line):
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    m = _START.match(state.src, pos, state.eMarks[start_line])
    if m is None:
        return False
    close = _closing_tags(state).get(pos)
    if close is None:
        return False
    last_line = bisect_right(state.bMarks, close - 1, 0, end_line) - 1
    if last_line <= start_line or not any(
        state.isEmpty(line) for line in range(start_line + 1, last_line)
    ):
        return False  # no blank line inside: CommonMark's own HTML block reads it whole
    if silent:
        return True
    next_line = last_line + 1
    state.line = next_line
    token = state.push("html_block", "", 0)
    token.map = [start_line, next_line]
    token.content = state.getLines(start_line, next_line, state.blkIndent, True)
    return True


def _closing_tags(state: StateBlock) -> dict[int, int]:
    """For each container start tag in the document, the end of its matching end tag.

    Computed once per parse (kept in the parse's env) by pairing tags of the same name like
    brackets, so finding every element's end costs one pass, however many there are.
    """
    pairs: dict[int, int] | None = state.env.get("readertui_tag_pairs")
    if pairs is None:
        pairs = {}
        stacks: dict[str, list[int]] = {}
        for m in _TAG.finditer(state.src):
            name = m.group(2).lower()
            if m.group(1):
                stack = stacks.get(name)
                if stack:
                    pairs[stack.pop()] = m.end()
            elif not m.group(3):
                stacks.setdefault(name, []).append(m.start())
        state.env["readertui_tag_pairs"] = pairs
    return pairs


def install(md: MarkdownIt, *, fast_paths: bool = True) -> MarkdownIt:
    md.block.ruler.before("html_block", "html_region", html_region, {"alt": ["paragraph"]})
    return install_fast_paths(md) if fast_paths else md


# -- fast paths ------------------------------------------------------------------------------
#: The characters each inline rule can start at (the `text` rule takes everything else, and a
#: character no rule takes is appended to the text as it is). Content without any of them is
#: text and line breaks only.
_RULE_CHARS = {
    "text": "",
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "*_",
    "link": "[",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
}
#: Post-processing rules that only act on delimiters or on adjacent text tokens, neither of
#: which plain content produces.
_PLAIN_RULES2 = {"balance_pairs", "strikethrough", "emphasis", "fragments_join"}


def install_fast_paths(md: MarkdownIt) -> MarkdownIt:
    """Replace markdown-it's `inline` core rule and its link normalisation by fast paths that
    give the same tokens. The inline one is left out for a rule set it does not know (a
    plugin's inline rule could fire on any character)."""
    if _known_rules(md.inline.ruler, _RULE_CHARS) and _known_rules(md.inline.ruler2, _PLAIN_RULES2):
        active = md.inline.ruler.get_active_rules()
        special = {c for name in active for c in _RULE_CHARS[name]} - {"\n"}
        if "!" in special:  # the image rule needs "![": looking for "[" is enough
            special = (special - {"!"}) | {"["}
        syntax = re.compile("[" + re.escape("".join(sorted(special))) + "]") if special else None
        # Emphasis and links of the simplest forms (see `_simple_inline`) need their rules.
        simple = {"emphasis", "link"} <= set(active) and {
            "balance_pairs",
            "emphasis",
            "fragments_join",
        } <= set(md.inline.ruler2.get_active_rules())
        md.core.ruler.at("inline", _fast_inline(syntax, "newline" in active, simple))
    if normalize in md.core.ruler.getRules(""):
        md.core.ruler.at("normalize", _normalize)
    if type(md).normalizeLink is MarkdownIt.normalizeLink:
        md.normalizeLink = _normalize_link  # type: ignore[method-assign]
    if md.helpers is helpers:
        md.helpers = SimpleNamespace(  # type: ignore[assignment]
            parseLinkDestination=_link_destination,
            parseLinkLabel=helpers.parseLinkLabel,
            parseLinkTitle=helpers.parseLinkTitle,
        )
    return md


def top_level_blocks(md: MarkdownIt, text: str, env: EnvType) -> Iterator[list[Token]]:
    """markdown-it's block parse of `text`, handed over one top-level block at a time (a
    paragraph, a whole list, a whole blockquote...), so that the tokens of an article are
    never all in memory together. Joined, the blocks are the tokens `md.parse` gives with
    inline children left empty (tests/test_markdown_fastpath.py compares them).

    At the top level, a block rule reads only its own lines and writes only its own tokens;
    link reference definitions are the exception (a later one changes an earlier block's
    inline content), which is why the caller must not fill inline children early if the text
    may hold one."""
    rules = md.block.ruler.getRules("")
    state = StateBlock(text, md, env, [])
    line, end = state.line, state.lineMax
    while (line := state.skipEmptyLines(line)) < end:
        state.line = line
        state.tokens = []
        if not any(rule(state, line, end, False) for rule in rules) or state.line <= line:
            raise RuntimeError(f"no Markdown block rule read line {line + 1}")  # as markdown-it
        yield state.tokens
        line = state.line


def inline_children(md: MarkdownIt) -> Callable[[Token, EnvType], None]:
    """Fill one inline token's children as `md`'s `inline` core rule would (fast paths
    included), so that a renderer can parse inline content one block at a time."""
    active = md.core.ruler.get_active_rules()
    if active[-1:] != ["inline"]:  # a rule after it (text_join, linkify...) would be skipped
        raise ValueError(f"inline content parsed lazily needs `inline` last, not {active}")
    rule = next(r.fn for r in md.core.ruler.__rules__ if r.name == "inline")

    def fill(token: Token, env: EnvType) -> None:
        rule(StateCore("", md, env, [token]))

    return fill


def _known_rules(ruler: object, names: Collection[str]) -> bool:
    """Whether every active rule is markdown-it's own rule of one of these names."""
    rules = getattr(ruler, "__rules__", None)
    if rules is None:
        return False
    return all(
        r.name in names and getattr(r.fn, "__module__", "").startswith("markdown_it.rules_inline")
        for r in rules
        if r.enabled
    )


def _normalize(state: StateCore) -> None:
    """markdown-it's `normalize` (line endings to "\\n", NUL to U+FFFD), which copies the whole
    text even when there is nothing to change: here only when there is."""
    if "\r" in state.src or "\0" in state.src:
        normalize(state)


def _fast_inline(
    syntax: re.Pattern[str] | None, newline_rule: bool, simple: bool
) -> Callable[[StateCore], None]:
    def inline(state: StateCore) -> None:
        """markdown-it's `inline` core rule, with the children of plain content and of content
        with only the simplest emphasis and links built directly."""
        md = state.md
        parse = md.inline.parse
        env = state.env
        search = syntax.search if syntax is not None else None
        # Without nesting room markdown-it runs no rule at all (not even `newline`).
        fast = md.options["maxNesting"] > 0
        for token in state.tokens:
            if token.type != "inline":
                continue
            if token.children is None:
                token.children = []
            content = token.content
            if not fast:
                parse(content, md, env, token.children)
            elif search is not None and search(content):
                children = _simple_inline(content, md) if simple else None
                if children is None:
                    parse(content, md, env, token.children)
                else:
                    token.children.extend(children)
            elif "\n" in content:
                if newline_rule:
                    _plain_lines(content, token.children)
                else:
                    parse(content, md, env, token.children)
            elif content:
                child = Token("text", "", 0)
                child.content = content
                token.children.append(child)

    return inline


#: What `_simple_inline` reads as plain text: none of the characters any inline rule starts at
#: ("!" only starts an image before "[") and no line break.
_PLAIN = r"[^\\`~*_\[\]<&\n]"
#: Emphasis and links in their simplest forms, which markdown-it reads one way only:
#: - `*words*`, `**words**`, `_words_`, `__words__` at the start or after a space, starting
#:   with an ASCII letter or digit, ending with one or an ASCII mark, followed by a space or
#:   the end: its delimiters can only open and only close, and nothing else pairs with them;
#: - `[label](destination)` not after "!", the label plain text, the destination plain (no
#:   "<", parentheses, escapes, spaces or control characters), no title.
_SIMPLE = re.compile(
    rf"(?<![^ ])(?P<delim>\*\*?|__?)(?=[A-Za-z0-9])(?P<inner>{_PLAIN}+?)"
    rf"(?<=[A-Za-z0-9.!?,;:'\")%])(?P=delim)(?= |\Z)"
    rf"|(?<!!)\[(?P<label>{_PLAIN}+)\]\((?P<dest>[^\x00-\x20\x7f\\()<]+)\)"
)
_NOT_PLAIN = re.compile(r"[\\`~*_\[\]<&\n]")


def _simple_inline(content: str, md: MarkdownIt) -> list[Token] | None:
    """The children markdown-it makes of content that is plain text, simplest emphasis and
    simplest links only (`_SIMPLE`); None for any other content."""
    children: list[Token] = []
    pending: str | None = None  # text not yet written (markdown-it's pending text)
    pos = 0
    for m in _SIMPLE.finditer(content):
        gap = content[pos : m.start()]
        if gap:
            if _NOT_PLAIN.search(gap):
                return None
            pending = gap if pending is None else pending + gap
        pos = m.end()
        delim = m.group("delim")
        if delim is not None:
            strong = len(delim) == 2
            if strong:  # its outer marks stay as empty text, joined to the text around
                pending = pending or ""
            if pending is not None:
                children.append(_text(pending, 0))
                pending = None
            kind = "strong" if strong else "em"
            children.append(_mark(f"{kind}_open", kind, 1, delim))
            children.append(_text(m.group("inner"), 1))
            children.append(_mark(f"{kind}_close", kind, -1, delim))
            if strong:
                pending = ""
            continue
        href = md.normalizeLink(unescapeAll(m.group("dest")))
        if not md.validateLink(href):
            return None
        if pending is not None:
            children.append(_text(pending, 0))
            pending = None
        link = Token("link_open", "a", 1)
        link.attrs = {"href": href}
        children.append(link)
        children.append(_text(m.group("label"), 1))
        children.append(Token("link_close", "a", -1))
    if pos == 0:
        return None  # no emphasis or link: some other syntax
    gap = content[pos:]
    if gap:
        if _NOT_PLAIN.search(gap):
            return None
        pending = gap if pending is None else pending + gap
    if pending is not None:
        children.append(_text(pending, 0))
    return children


def _text(content: str, level: int) -> Token:
    token = Token("text", "", 0)
    token.content = content
    token.level = level
    return token


def _mark(kind: str, tag: str, nesting: Literal[-1, 1], markup: str) -> Token:
    token = Token(kind, tag, nesting)
    token.markup = markup
    return token


def _plain_lines(content: str, children: list[Token]) -> None:
    """The tokens of text with line breaks and no other syntax, as markdown-it's `text` and
    `newline` rules make them: a line's trailing spaces are dropped, two or more of them make a
    hard break, and the next line's leading spaces and tabs are skipped."""
    lines = content.split("\n")
    last = len(lines) - 1
    for n, line in enumerate(lines):
        if n:
            line = line.lstrip(" \t")
        kind = "softbreak"
        if n < last and line.endswith(" "):
            if line.endswith("  "):
                kind = "hardbreak"
                line = line.rstrip(" ")
            else:
                line = line[:-1]
        if line:
            text = Token("text", "", 0)
            text.content = line
            children.append(text)
        if n < last:
            children.append(Token(kind, "br", 0))


#: A URL markdown-it's `normalizeLink` returns unchanged: http(s), a host of lowercase ASCII
#: labels (nothing for punycode to encode), then only characters that percent-encoding keeps.
_PLAIN_URL = re.compile(
    r"https?://(?P<host>[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*)"
    r"(?:/(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*)?"
)


class _Destination:
    __slots__ = ("ok", "pos", "str")

    def __init__(self, ok: bool, pos: int, text: str) -> None:
        self.ok, self.pos, self.str = ok, pos, text


#: A link destination without "<", parentheses, escapes, spaces or control characters, which
#: markdown-it's `parseLinkDestination` reads character by character to its end.
_PLAIN_DESTINATION = re.compile(r"[^\x00-\x20\x7f\\()<]+")


def _link_destination(string: str, pos: int, maximum: int) -> object:
    m = _PLAIN_DESTINATION.match(string, pos, maximum)
    if m is not None:
        end = m.end()
        if end >= maximum or end >= len(string) or string[end] <= " " or string[end] == ")":
            return _Destination(True, end, unescapeAll(string[pos:end]))
    return helpers.parseLinkDestination(string, pos, maximum)


def _normalize_link(url: str) -> str:
    m = _PLAIN_URL.fullmatch(url)
    if m is not None and m.end("host") - m.start("host") <= 255:
        return url
    return normalizeLink(url)


_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")


def unclosed_fence_line(tokens: list[Token], text: str) -> int | None:
    """The opening line of a code fence that never closes (it then runs to the end), if any."""
    for token in reversed(tokens):
        if token.type != "fence" or not token.map:
            continue
        first, last = int(token.map[0]), int(token.map[1]) - 1
        # Lines as `text.split("\n")` gives them, less an empty one after a final newline.
        line_count = text.count("\n") + 1 - (not text or text.endswith("\n"))
        if last >= line_count - 1 and last > first:
            m = _FENCE_LINE.match(text.split("\n")[last])
            closed = m and m.group(1)[0] == token.markup[0] and len(m.group(1)) >= len(token.markup)
            if not closed:
                return first
        return None
    return None
