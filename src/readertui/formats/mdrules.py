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
