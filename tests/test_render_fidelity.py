"""The article pane shows the whole article: every non-empty line of the article's display text
appears on the pane, in order, at several widths (a Markdown list once drew as blank lines while
every other test passed: nothing compared the pane with the article)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from readertui.textsafe import printable
from readertui.ui.app import build_app
from readertui.ui.screens.reader import ReaderScreen
from readertui.ui.widgets.article_view import ArticleView

from conftest import SAMPLE_FILES, settle

#: Real commands, pseudo-terminals or many generated inputs: left out of `-m "not slow"`.
pytestmark = pytest.mark.slow


SIZES = [(80, 40), (130, 40), (200, 50)]  # narrow, just wide (side by side), wide


def nested_list(depth: int, ordered: bool) -> str:
    lines = []
    for n in range(1, 4):
        for level in range(depth):
            marker = f"{n}." if ordered else "-*+"[level % 3]
            lines.append("   " * level + f"{marker} item {n} at level {level + 1} of the list")
    return "\n".join(lines)


MARKDOWN = f"""---
title: "A made-up story"
tags: [pier, council]
---

# The pier

Opening paragraph with **bold**, *emphasis*, `code` and a [link](https://example.org).

{nested_list(3, ordered=False)}

{nested_list(2, ordered=True)}

| Name | Vote |
|------|------|
| Ann Lee | yes |
| Bob Day | no |

```python
print("a code block")
x = 1
```

> A quotation set apart,
> over two lines.
>
> > And one nested inside it.

- a list item

  with a second paragraph

1. first
2. second
   - nested under second

Closing line.
"""

HTML = """<html><body><article>
<h1>The pier</h1>
<p>Opening paragraph with <b>bold</b> and <a href="https://example.org">a link</a>.</p>
<ul><li>one</li><li>two<ul><li>two point one</li><li>two point two<ol><li>deep</li></ol></li></ul></li>
<li>three</li></ul>
<ol><li>first</li><li>second</li></ol>
<table><tr><th>Name</th><th>Vote</th></tr><tr><td>Ann Lee</td><td>yes</td></tr></table>
<pre>a code block
  indented</pre>
<blockquote><p>A quotation set apart.</p><blockquote><p>Nested.</p></blockquote></blockquote>
<p>Closing line.</p>
</article></body></html>
"""

TEXT = """The pier

Things promised:
- two more gates
- a live queue map
  * indented under it
1) first
2) second

    an indented block

Closing line.
"""


async def shown(path: Path, size: tuple[int, int]) -> tuple[str, list[str]]:
    """The article's display text, and every row of its pane as drawn, top to bottom (scrolled
    through page by page)."""
    app = build_app(path, coder="fidelity")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        view = app.screen.query_one(ArticleView)
        rows: list[str] = []
        y = 0
        height = view.scrollable_content_region.height
        while True:
            view.scroll_to(y=y, animate=False, immediate=True)
            await pilot.pause()
            top = int(view.scroll_offset.y)
            page = ["".join(s.text for s in view.render_line(i)) for i in range(height)]
            rows = rows[:top] + page
            if top + height >= view.virtual_size.height:
                break
            y = top + height
        return view.article.display, rows


def squeezed(text: str) -> str:
    return re.sub(r"[\s▌]+", "", text)


def assert_every_line_shown(display: str, rows: list[str], where: str) -> None:
    pane = squeezed("".join(rows))
    at = 0
    for line in display.split("\n"):
        wanted = squeezed(printable(line))
        if not wanted:
            continue
        found = pane.find(wanted, at)
        assert found >= 0, f"{where}: not on the pane (or not in order): {line!r}"
        at = found + len(wanted)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
async def test_every_line_of_every_sample_is_on_the_pane(
    sample: Path, size: tuple[int, int], tmp_path: Path
) -> None:
    path = tmp_path / sample.name  # a private copy: the reader takes a lock beside it
    shutil.copyfile(sample, path)
    display, rows = await shown(path, size)
    assert_every_line_shown(display, rows, f"{sample.name} at {size}")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    ("name", "text"), [("lists.md", MARKDOWN), ("lists.html", HTML), ("lists.txt", TEXT)]
)
async def test_lists_tables_code_and_quotes_are_on_the_pane(
    name: str, text: str, size: tuple[int, int], tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    display, rows = await shown(path, size)
    assert_every_line_shown(display, rows, f"{name} at {size}")
    assert "item 3 at level 3 of the list" in display or name != "lists.md"
