"""Markdown articles, parsed with markdown-it-py and rendered to readable text with a source map.

The blocks are rendered here (paragraphs, headings, lists, quotes, code, tables, front matter),
their inline content by `markdown_inline`; each block token carries its source lines. Raw HTML
blocks are rendered by the HTML renderer into the same document, so embeds written as HTML
inside Markdown are seen. The parser is configured in `markdown_parser`.

Tokens take four times the memory of the text they stand for, so an article is parsed and
rendered one top-level block at a time, and inline content only when its block is reached.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from readertui.document import Rendered
from readertui.formats.builder import DisplayBuilder
from readertui.formats.html import render_html_into
from readertui.formats.markdown_inline import InlineRenderer
from readertui.formats.markdown_parser import BLOCKS, parse_tokens
from readertui.formats.mdrules import (
    top_level_blocks,
    unclosed_fence_line,
)
from readertui.gcutil import gc_paused

_MARKERS = re.compile(r"^(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
_WORD = re.compile(r"\w")
_REFERENCE = re.compile(r"^\[[^\]]+\]:[ \t]*\S")
#: A front-matter field with a value on its line: `title: "A story"`, `tags: [a, b]`.
_FRONT_FIELD = re.compile(r"^([A-Za-z_][\w-]{0,40}):[ \t]+(.*?)[ \t]*$")
_CLOSER = {'"': '"', "'": "'", "[": "]"}


def render_markdown(source: str) -> Rendered:
    rendered = _MarkdownRenderer(source).render_streaming()
    return rendered if rendered is not None else _MarkdownRenderer(source).render()


def _parseable(source: str) -> str:
    r"""The source as markdown-it reads it, character for character, so offsets still hold.

    markdown-it replaces NUL with U+FFFD and turns `\r\n` and `\r` into `\n`; text found by
    searching the source must read the same (files are read with universal newlines, so only
    text given directly has `\r`)."""
    if "\x00" in source:
        source = source.replace("\x00", "\ufffd")
    if "\r" in source:
        source = source.replace("\r\n", " \n").replace("\r", "\n")
    return source


class _MarkdownRenderer(InlineRenderer):
    def __init__(self, source: str) -> None:
        self.source = _parseable(source)
        self.b = DisplayBuilder()
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        self.lists: list[list[int]] = []  # per open list: [ordered (0/1), next number]
        self.item_first = False  # the next paragraph is the first of a list item
        self.prev_end_line = 0
        self.quote_depth = 0
        self.quote_ends: list[int] = []  # source line after each open blockquote
        self.cursor = 0  # source order is display order: searches never go back before this
        self._dense_said = False  # a paragraph too dense to parse was said (once)
        self.env: dict[str, object] = {}  # the parse's link references
        self.first_cell = True

    def line_offset(self, line: int) -> int:
        if line < len(self.line_starts):
            return self.line_starts[line]
        return len(self.source)

    def render_streaming(self) -> Rendered | None:
        """Parse and render one top-level block at a time, each block's tokens freed before
        the next is parsed; None where the whole parse must come first (see `render`)."""
        text = self.source[1:] if self.source.startswith("\ufeff") else self.source
        if "]:" in text:
            return None  # a link reference definition may change what comes before it
        with gc_paused():
            last: list[Token] | None = None  # held back: a fence left open runs to the end
            for block in top_level_blocks(BLOCKS, text, self.env):
                if last is not None:
                    self._blocks(last)
                last = block
            if last is not None:
                if unclosed_fence_line(last, text) is not None:
                    return None
                self._blocks(last)
        self._show_lost_lines(self.prev_end_line, len(self.line_starts))
        return self.b.finish(len(self.source))

    def render(self) -> Rendered:
        # A byte-order mark is not text; parsing after it keeps every line where it was.
        base = 1 if self.source.startswith("\ufeff") else 0
        text = self.source[base:]
        tokens = parse_tokens(text, self.env)
        for _ in range(3):
            # A fence that never closes would swallow the rest of the article as code; it is
            # a typo far more often than intent, so read it as text and parse again.
            line = unclosed_fence_line(tokens, text)
            if line is None:
                break
            start = max(0, self.line_starts[line] - base)
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            text = text[:start] + " " * (end - start) + text[end:]
            self.b.warnings.append(
                f"line {line + 1}: a code fence that never closes was read as text"
            )
            self.env = {}
            tokens = parse_tokens(text, self.env)
        self._blocks(tokens)
        self._show_lost_lines(self.prev_end_line, len(self.line_starts))
        return self.b.finish(len(self.source))

    def _show_lost_lines(self, first: int, stop: int) -> None:
        """Show as plain text any words on lines [first, stop) that no token covers.

        markdown-it drops what lies deeper than its nesting limit; an article must never lose
        text, so such lines are shown as they are (a warning says why). Lines holding only
        container markers, table rules or link reference definitions are not lost text.
        """
        if self.source[self.line_offset(first) : self.line_offset(stop)].isspace():
            return  # the usual case: only blank lines between two blocks
        lost_from = None
        for line in range(first, stop + 1):
            text = self._line_text(line) if line < stop else ""
            bare = _MARKERS.sub("", text)
            is_lost = bool(_WORD.search(bare)) and not _REFERENCE.match(bare)
            if is_lost and lost_from is None:
                lost_from = line
            elif not is_lost and lost_from is not None:
                start, end = self.line_offset(lost_from), self.line_offset(line)
                self.b.warnings.append(
                    f"line {lost_from + 1}: Markdown nested too deeply to parse is shown as "
                    "plain text"
                )
                self.b.open_block("paragraph")
                self.b.text(self.source[start:end].rstrip("\n"), start)
                self.b.close_block()
                lost_from = None

    def _line_text(self, line: int) -> str:
        return self.source[self.line_offset(line) : self.line_offset(line + 1)]

    # -- blocks ------------------------------------------------------------------------------
    def _gap(self, token: Token) -> int:
        """Blank lines since the previous block (and any text markdown-it skipped there)."""
        lines = token.map
        if not lines:
            return 1
        start, end = lines
        prev = self.prev_end_line
        if start <= prev:
            if end > prev:
                self.prev_end_line = end
            return 0
        starts = self.line_starts
        if start == prev + 1 and start < len(starts):  # the usual case: one line between
            blank = self.source[starts[prev] : starts[start]].isspace()
        else:
            blank = False
        if not blank:
            self._show_lost_lines(prev, start)
        if end > prev:
            self.prev_end_line = end
        return start - prev

    def _blocks(self, tokens: list[Token]) -> None:
        """Render the token stream, emptying the list as it goes: each token is freed once
        rendered, so the token tree and the display text are never both whole in memory."""
        b = self.b
        pending: tuple[str, int, str] | None = None  # kind, level, prefix of the next leaf
        gap = 1
        tokens.reverse()
        pop = tokens.pop
        while tokens:
            token = pop()
            t = token.type
            if t == "inline":
                if pending is not None:
                    b.open_block(pending[0], pending[1], gap, pending[2])
                    pending = None
                self._inline(token)
            elif t == "paragraph_open":
                gap = self._gap(token)
                if self.item_first:
                    pending = ("list_item", len(self.lists), self._bullet())
                    self.item_first = False
                else:
                    pending = ("paragraph", len(self.lists), "")
            elif t == "heading_open":
                gap = self._gap(token)
                pending = ("heading", int(token.tag[1:]), "")
            elif t in ("paragraph_close", "heading_close"):
                b.close_block()
            elif t == "blockquote_open":
                self.quote_depth += 1
                lines = token.map or [0, 0]
                self.quote_ends.append(lines[1])
                b.open_container("blockquote", {}, self.line_offset(lines[0]))
            elif t == "blockquote_close":
                self.quote_depth -= 1
                end_line = self.quote_ends.pop() if self.quote_ends else 0
                b.close_container(self.line_offset(end_line))
            elif t in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrs.get("start", 1) or 1)
                self.lists.append([t == "ordered_list_open", start])
            elif t in ("bullet_list_close", "ordered_list_close"):
                if self.lists:
                    self.lists.pop()
            elif t == "list_item_open":
                self.item_first = True
            elif t == "front_matter":
                self._front_matter(token)
            elif t in ("fence", "code_block"):
                self._code(token)
            elif t == "html_block":
                self._html_block(token)
            elif t == "hr":
                gap = self._gap(token)
                b.open_block("rule", gap=gap)
                start = self.line_offset(token.map[0]) if token.map else 0
                b.mapped("───", start, start + len(token.markup or "---"))
                b.close_block()
            elif t == "tr_open":
                gap = self._gap(token)
                b.open_block("table_row", gap=gap)
                self.first_cell = True
            elif t in ("th_open", "td_open"):
                if not self.first_cell:
                    b.synthetic(" │ ")
                self.first_cell = False
            elif t == "tr_close":
                b.close_block()

    def _bullet(self) -> str:
        if not self.lists:
            return ""
        ordered, number = self.lists[-1]
        indent = "  " * (len(self.lists) - 1)
        if ordered:
            self.lists[-1][1] = number + 1
            return f"{indent}{number}. "
        return f"{indent}• "

    def _code(self, token: Token) -> None:
        b = self.b
        gap = self._gap(token)
        b.open_block("code", gap=gap)
        start = max(self.line_offset(token.map[0]) if token.map else 0, self.cursor)
        limit = self.line_offset(token.map[1]) if token.map else len(self.source)
        cursor = start
        if token.type == "fence":
            cursor = self.source.find("\n", start, limit) + 1 or limit
        lines = token.content.split("\n")
        while lines and lines[-1] == "":
            lines.pop()
        while lines and lines[0] == "":
            lines.pop(0)
        for n, line in enumerate(lines):
            if n:
                b.synthetic("\n")
            pos = self.source.find(line, cursor, limit) if line else -1
            if pos >= 0:
                b.text(line, pos)
                cursor = pos + len(line)
            else:
                b.synthetic(line or " ")
        self.cursor = max(self.cursor, cursor)
        b.close_block()

    def _front_matter(self, token: Token) -> None:
        """The metadata before the article (`title: "…"`): a quiet block, one field a line
        (`Title: …`), the value without its YAML quotes or list brackets; other lines as they
        are."""
        b = self.b
        b.open_block("front_matter", gap=self._gap(token))
        limit = self.line_offset(token.map[1]) if token.map else len(self.source)
        cursor = self.source.find("\n", self.cursor, limit) + 1 or limit  # past the "---"
        first = True
        for line in token.content.split("\n"):
            pos = self.source.find(line, cursor, limit) if line.strip() else -1
            if pos < 0:
                continue
            cursor = pos + len(line)
            if not first:
                b.synthetic("\n")
            first = False
            m = _FRONT_FIELD.match(line)
            if m is None:
                b.text(line, pos)
                continue
            start, end = m.span(2)
            if end - start >= 2 and line[start] in "\"'[" and line[end - 1] == _CLOSER[line[start]]:
                start, end = start + 1, end - 1
            b.synthetic(m.group(1).replace("_", " ").capitalize() + ": ")
            b.text(line[start:end], pos + start)
        self.cursor = max(self.cursor, cursor)
        b.close_block()

    def _html_block(self, token: Token) -> None:
        gap = self._gap(token)
        if not token.map:
            return
        start, end = self.line_offset(token.map[0]), self.line_offset(token.map[1])
        self.cursor = max(self.cursor, end)
        if self.quote_depth == 0 and self.source[start:end].strip():
            render_html_into(self.b, self.source, start, end)
            return
        # HTML inside a blockquote has its "> " markers interleaved: show it as written.
        self.b.open_block("html", gap=gap)
        cursor = start
        for n, line in enumerate(token.content.rstrip("\n").split("\n")):
            if n:
                self.b.synthetic("\n")
            pos = self.source.find(line, cursor, end) if line else -1
            if pos >= 0:
                self.b.text(line, pos)
                cursor = pos + len(line)
        self.b.close_block()
