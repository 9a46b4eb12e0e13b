"""Markdown inline content rendered with a source map: the text tokens of a paragraph, a
heading or a table cell found in the source in order, styles and links placed on them.

markdown-it gives inline tokens no offsets. Inline text tokens never span a line and appear in
the source in order, so each is found by searching forward from a cursor within its block's
lines; escapes and entities stay separate so each is mapped to its exact markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from readertui.formats.builder import DisplayBuilder
from readertui.formats.markdown_parser import fill_children

_OPEN_STYLES = {"em_open": "em", "strong_open": "strong", "s_open": "strike"}
_CLOSE_STYLES = {"em_close": "em", "strong_close": "strong", "s_close": "strike"}
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LINK_TAIL = re.compile(r"\](?:\((?:[^()\n]|\([^()\n]*\))*\)|\[[^\]\n]*\])?")


#: Inline content this long, with this share of the marks markdown-it matches up (brackets,
#: emphasis, code spans), is shown as written: markdown-it's time grows with their nesting.
DENSE_LENGTH = 10_000
DENSE_SHARE = 0.2


def _too_dense(content: str) -> bool:
    if len(content) < DENSE_LENGTH:
        return False
    marks = sum(content.count(c) for c in "[]*_`")
    return marks > DENSE_SHARE * len(content)


def _plain_lines(content: str) -> list[Token]:
    """Inline children for `content` read as plain text: its lines, with line breaks between."""
    children: list[Token] = []
    for n, line in enumerate(content.split("\n")):
        if n:
            children.append(Token("softbreak", "br", 0))
        if line:
            children.append(Token("text", "", 0, content=line))
    return children


class InlineRenderer:
    """The inline half of the Markdown renderer (a mixin: `markdown._MarkdownRenderer`)."""

    b: DisplayBuilder
    source: str
    env: dict[str, object]
    cursor: int
    line_starts: list[int]
    _dense_said: bool

    def _inline(self, token: Token) -> None:
        lines = token.map
        if not lines:
            return
        starts = self.line_starts
        first, stop = lines
        cursor = starts[first] if first < len(starts) else len(self.source)
        if cursor < self.cursor:
            cursor = self.cursor
        limit = starts[stop] if stop < len(starts) else len(self.source)
        content = token.content
        if _too_dense(content):
            # markdown-it needs tens of seconds and hundreds of megabytes for a megabyte of
            # nested brackets or emphasis marks: such a paragraph is no prose, and is shown as
            # written (its lines as text), which is linear.
            children = _plain_lines(content)
            if not self._dense_said:
                self._dense_said = True
                self.b.warnings.append(
                    f"a paragraph of {len(content):,} characters thick with Markdown marks "
                    "is shown as written"
                )
        else:
            fill_children(token, self.env)  # the block parse left them empty
            children = token.children or []
        if len(children) == 1 and children[0].type == "text" and "\n" not in content:
            # The usual paragraph: one line of text, nothing else.
            text = children[0].content
            pos = self.source.find(text, cursor, limit)
            if pos >= 0:
                self.b.text(text, pos)
                cursor = pos + len(text)
            else:
                self.b.synthetic(text)
            self.cursor = cursor
            return
        # Start at the block's first character, past "> " and list markers before it.
        newline = content.find("\n")
        first_line = content if newline < 0 else content[:newline]
        pos = self.source.find(first_line, cursor, limit) if first_line else -1
        if pos >= 0:
            cursor = pos
        self.cursor = self._children(children, cursor, limit)

    def _children(self, children: Sequence[Token], cursor: int, limit: int) -> int:
        b = self.b
        src = self.source
        find = src.find
        # Text and line breaks that follow each other in the source are written as one run,
        # source [run_start, cursor) shown with its line breaks as spaces (text tokens hold
        # none): it maps exactly as writing them one by one would. `single` is the run's text
        # while it has only one piece.
        run_start = -1
        single: str | None = None
        for child in children:
            t = child.type
            if t == "text":
                content = child.content
                pos = find(content, cursor, limit)
                if pos >= 0 and "\n" not in content:
                    if run_start < 0 or pos != cursor:
                        if run_start >= 0:
                            b.text(single or src[run_start:cursor].replace("\n", " "), run_start)
                        run_start = pos
                        single = content
                    else:
                        single = None
                    cursor = pos + len(content)
                    continue
                piece = content if pos < 0 else None
            elif t == "softbreak":
                pos = find("\n", cursor, limit)
                if pos >= 0:
                    if run_start < 0 or pos != cursor:
                        if run_start >= 0:
                            b.text(single or src[run_start:cursor].replace("\n", " "), run_start)
                        run_start = pos
                        single = " "
                    else:
                        single = None
                    cursor = pos + 1
                    continue
                piece = " "
            else:
                piece = None
            if run_start >= 0:
                b.text(single or src[run_start:cursor].replace("\n", " "), run_start)
                run_start = -1
            if piece is not None:  # text or a line break not found in the source
                b.synthetic(piece)
                continue
            if t == "text":  # found, but holding a line break (markdown-it makes none)
                b.text(child.content, pos)
                cursor = pos + len(child.content)
            elif t in _OPEN_STYLES:
                cursor = self._markup(child.markup, cursor, limit, opening=True)
                b.open_style(_OPEN_STYLES[t])
            elif t in _CLOSE_STYLES:
                b.close_style(_CLOSE_STYLES[t])
                cursor = self._markup(child.markup, cursor, limit, opening=False)
            elif t == "link_open":
                opening = "<" if child.markup == "autolink" else "["
                cursor = self._markup(opening, cursor, limit, opening=True)
                b.open_link(str(child.attrs.get("href", "")))
            elif t == "link_close":
                b.close_link()
                cursor = self._link_tail(cursor, limit, child.markup == "autolink")
            elif t == "text_special":
                pos = find(child.markup, cursor, limit)
                if pos >= 0:
                    b.mapped(child.content, pos, pos + len(child.markup))
                    cursor = pos + len(child.markup)
                else:
                    b.synthetic(child.content)
            elif t == "hardbreak":
                pos = find("\n", cursor, limit)
                if pos >= 0:
                    b.newline(pos, pos + 1)
                    cursor = pos + 1
                else:
                    b.synthetic("\n")
            elif t == "code_inline":
                b.open_style("code")
                cursor = self._markup(child.markup, cursor, limit, opening=True)
                pos = find(child.content, cursor, limit)
                if pos >= 0:
                    b.text(child.content, pos)
                    cursor = pos + len(child.content)
                else:  # it spans lines: show it as one unit standing for its source
                    span = self._find_loose(child.content, cursor, limit)
                    if span:
                        b.mapped(child.content, *span)
                        cursor = span[1]
                    else:
                        b.synthetic(child.content)
                cursor = self._markup(child.markup, cursor, limit, opening=False)
                b.close_style("code")
            elif t == "image":
                cursor = self._markup("![", cursor, limit, opening=True)
                b.open_style("image")
                cursor = self._children(child.children or [], cursor, limit)
                b.close_style("image")
                cursor = self._link_tail(cursor, limit, False)
            elif t == "html_inline":
                span = self._find_loose(child.content, cursor, limit)
                if _BR.fullmatch(child.content.strip()):
                    if span:
                        b.newline(*span)
                    else:
                        b.synthetic("\n")
                if span:
                    cursor = span[1]
        if run_start >= 0:
            b.text(single or src[run_start:cursor].replace("\n", " "), run_start)
        return cursor

    def _find_loose(self, content: str, cursor: int, limit: int) -> tuple[int, int] | None:
        """Where `content` stands in the source, allowing line breaks and "> " markers between
        its lines (inline HTML or code that spans lines of a blockquote)."""
        pos = self.source.find(content, cursor, limit)
        if pos >= 0:
            return pos, pos + len(content)
        words = content.split()
        if not words:
            return None
        pattern = re.compile(r"[\s>]+".join(re.escape(w) for w in words))
        m = pattern.search(self.source, cursor, limit)
        return (m.start(), m.end()) if m else None

    def _markup(self, markup: str, cursor: int, limit: int, opening: bool) -> int:
        """Record emphasis, code or link markup at `cursor`, past spaces and "> " markers."""
        src = self.source
        pos = cursor
        while pos < limit and src[pos] in " \t>":
            pos += 1
        if not markup or not src.startswith(markup, pos):
            return cursor
        if opening:
            self.b.opener(pos)
        else:
            self.b.closer(pos + len(markup))
        return pos + len(markup)

    def _link_tail(self, cursor: int, limit: int, autolink: bool) -> int:
        """Record a link's closing markup (`](url "title")`, `][ref]`, `>`) as its closer."""
        if autolink:
            return self._markup(">", cursor, limit, opening=False)
        m = _LINK_TAIL.match(self.source, cursor, limit)
        if m is None:
            return cursor
        self.b.closer(m.end())
        return m.end()
