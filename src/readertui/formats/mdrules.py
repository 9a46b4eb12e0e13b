"""markdown-it-py rules for Markdown as blogs and CMSs actually write it.

CommonMark ends an HTML block at the first blank line, so a WordPress body (`<div>` holding
indented `<p>` elements and whitespace-only lines) falls apart into code blocks, and an embed
`<figure>` into pieces. Jekyll's kramdown, which rendered most such files, reads an HTML
element to its matching end tag instead; `html_region` does the same for container elements.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

CONTAINER_TAGS = (
    "div|section|article|aside|blockquote|figure|table|ul|ol|dl|details|header|footer|main|"
    "nav|center|form"
)
_START = re.compile(rf"<({CONTAINER_TAGS})(?=[\s/>])", re.IGNORECASE)
#: How far to look for the matching end tag before giving up and leaving it to CommonMark.
MAX_REGION = 2_000_000


def html_region(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.parentType != "root" or state.is_code_block(start_line):
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    m = _START.match(state.src, pos, state.eMarks[start_line])
    if m is None:
        return False
    close = _matching_close(state.src, m.group(1), pos)
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


def _matching_close(src: str, tag: str, start: int) -> int | None:
    """Offset just after the end tag matching the element opened at `start`, if any."""
    pattern = re.compile(rf"<(/?)({re.escape(tag)})\b[^>]*?(/?)>", re.IGNORECASE)
    depth = 0
    limit = min(len(src), start + MAX_REGION)
    for m in pattern.finditer(src, start, limit):
        if m.group(1):
            depth -= 1
            if depth == 0:
                return m.end()
        elif not m.group(3):
            depth += 1
    return None


def install(md: MarkdownIt) -> MarkdownIt:
    md.block.ruler.before("html_block", "html_region", html_region, {"alt": ["paragraph"]})
    return md


_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")


def unclosed_fence_line(tokens: list[Token], source_lines: list[str]) -> int | None:
    """The opening line of a code fence that never closes (it then runs to the end), if any."""
    for token in reversed(tokens):
        if token.type != "fence" or not token.map:
            continue
        first, last = int(token.map[0]), int(token.map[1]) - 1
        line_count = len(source_lines) - (source_lines[-1] == "")
        if last >= line_count - 1 and last > first:
            m = _FENCE_LINE.match(source_lines[last])
            closed = m and m.group(1)[0] == token.markup[0] and len(m.group(1)) >= len(token.markup)
            if not closed:
                return first
        return None
    return None
