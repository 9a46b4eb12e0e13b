"""markdown-it-py as readertui configures it: CommonMark with tables, strikethrough and front
matter, escapes and entities kept apart (`text_join` off), nesting allowed deeper; with the
fast paths of `mdrules` (the same tokens, sooner). Articles are parsed to block tokens, and
each block's inline content only when it is rendered (`fill_children`).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from readertui.formats.mdrules import inline_children, install
from readertui.gcutil import gc_paused

#: markdown-it stops at 20 levels of nesting and drops the rest of the document; real
#: articles never nest this deep, and the parser's recursion stays far from Python's limit.
MAX_NESTING = 60


def new_parser(*, fast_paths: bool = True) -> MarkdownIt:
    """markdown-it as readertui configures it (`fast_paths=False`: without the fast paths, which
    give the same tokens; for tests)."""
    md = (
        MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
        .enable(["table", "strikethrough"])
        .disable("text_join")
        .use(front_matter_plugin)
    )
    return install(md, fast_paths=fast_paths)


_MD = new_parser()
#: Block tokens only: each inline token's children are parsed when it is rendered and freed
#: with it, so the children of a whole article (20 MB for 5 MB) never exist at once.
BLOCKS = new_parser()
BLOCKS.core.ruler.disable("inline")
fill_children = inline_children(_MD)


def parse_tokens(text: str, env: dict[str, object]) -> list[Token]:
    """markdown-it-py's parse, with the garbage collector paused (it allocates many objects),
    to block tokens: their inline children are filled by `fill_children(token, env)`, with
    the `env` (link references) the parse filled."""
    with gc_paused():
        return BLOCKS.parse(text, env)


def has_markdown_structure(text: str) -> bool:
    """Whether text uses Markdown beyond plain paragraphs (for files without a known extension)."""
    plain = {"paragraph_open", "paragraph_close", "inline", "text", "softbreak"}
    for token in _MD.parse(text):
        if token.type not in plain:
            return True
        if token.children and any(c.type not in plain for c in token.children):
            return True
    return False
