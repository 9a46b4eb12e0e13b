"""The list of posts: one row each, in document order, with its codes at a glance.

An `OptionList` renders only the rows on screen, so 2,000 posts cost no more per key than 20.
Rows are `Content` assembled from plain strings, so nothing in a post is read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from readertui.annotations import Annotation
from readertui.document import Item
from readertui.textsafe import one_line

CODED = "●"
UNCODED = "○"


def row(post: Item, annotation: Annotation, width: int = 60) -> Content:
    """One row: a coded/uncoded mark, who posted it, its first words, its codes."""
    who = f"@{post.handle}" if post.handle else (post.author or post.platform or "post")
    codes = ", ".join(v for values in annotation.tags.values() for v in values)
    words = post.text or f"({post.platform or 'embed'} without text)"
    parts: list[str | tuple[str, str]] = []
    if annotation.is_coded:
        parts += [(CODED, "$success"), " ", (one_line(who, 24), "bold")]
    else:
        parts += [(UNCODED, "$text-muted"), " ", (one_line(who, 24), "bold $text-muted")]
    if annotation.note:
        parts.append((" ✎", "$text-muted"))
    if codes:
        parts += ["  ", (f"[{one_line(codes, 30)}]", "$success")]
    parts += ["  ", one_line(words, width)]
    return Content.assemble(*parts)


class PostList(OptionList, inherit_bindings=False):
    """Rows of posts; the screen keeps them in step with the annotations.

    Its own keys, described for coders (the generic scrolling keys it would inherit would
    crowd the help panel and hide the coding keys).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Next post", show=False, id="posts.down"),
        Binding("up", "cursor_up", "Previous post", show=False, id="posts.up"),
        Binding("home", "first", "First post", show=False, id="posts.first"),
        Binding("end", "last", "Last post", show=False, id="posts.last"),
        Binding("pagedown", "page_down", "Page of posts down", show=False, id="posts.page_down"),
        Binding("pageup", "page_up", "Page of posts up", show=False, id="posts.page_up"),
    ]

    DEFAULT_CSS = """
    PostList { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    # The cursor stops at either end: wrapping from the first post to the 2,000th on one key
    # press loses a coder's place.
    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def show_posts(self, posts: Sequence[Item], annotations: Sequence[Annotation]) -> None:
        if not posts:
            self.set_options(
                [Option(Content("No embedded posts found in this article."), disabled=True)]
            )
            return
        self.set_options(
            Option(row(post, annotation), id=f"p{n}")
            for n, (post, annotation) in enumerate(zip(posts, annotations, strict=True))
        )

    def update_row(self, index: int, post: Item, annotation: Annotation) -> None:
        self.replace_option_prompt_at_index(index, row(post, annotation))
