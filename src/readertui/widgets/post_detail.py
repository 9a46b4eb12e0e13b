"""The detail pane: the selected post in full, its codes with the codebook's words, its note."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual, visualize

from readertui.annotations import Annotation
from readertui.codebook import Codebook
from readertui.document import Post
from readertui.textsafe import printable


def describe(post: Post, annotation: Annotation, codebook: Codebook) -> Content:
    """The post's fields, text, codes and note, assembled from plain strings."""
    parts: list[str | tuple[str, str]] = []

    def field(label: str, value: str | None) -> None:
        if value:
            parts.extend([(f"{label:<9}", "$text-muted"), printable(value), "\n"])

    field("Author", post.author)
    field("Handle", f"@{post.handle}" if post.handle else None)
    field("Platform", post.platform)
    field("Date", post.date)
    field("URL", post.url)
    parts.append("\n")
    parts.append(
        printable(post.text)
        if post.text
        else (f"(this {post.platform or ''} embed has no text)", "italic $text-muted")
    )
    parts.append("\n\n")
    for variable in codebook.variables:
        chosen = annotation.values(variable.name)
        kind = "one of" if variable.exclusive else "any of"
        parts.extend([(variable.name, "bold"), (f"  ({kind})\n", "$text-muted")])
        for value in variable.values:
            on = value.name in chosen
            mark = ("■ ", "$success") if on else ("□ ", "$text-muted")
            parts.extend(
                [mark, (value.key, "bold $accent"), " ", (value.name, "bold" if on else "")]
            )
            if value.description:
                parts.extend(["  ", (printable(value.description), "$text-muted")])
            parts.append("\n")
        extra = [v for v in chosen if variable.value(v) is None]
        if extra:
            parts.extend([("  also: ", "$text-muted"), ", ".join(extra), "\n"])
    for name, values in annotation.tags.items():
        if codebook.variable(name) is None:  # codes from another codebook are shown, not lost
            parts.extend(
                [
                    (name, "bold"),
                    (" (not in this codebook): ", "$text-muted"),
                    ", ".join(values),
                    "\n",
                ]
            )
    parts.append("\n")
    parts.extend(
        [
            ("Note  ", "bold"),
            printable(annotation.note)
            if annotation.note
            else ("press n to add one", "$text-muted"),
        ]
    )
    return Content.assemble(*parts)


class PostDetail(ScrollView, can_focus=True):
    """A Line API pane: new content is drawn in place, without laying out the screen again
    (which a growing or shrinking `Static` would cause on every key)."""

    DEFAULT_CSS = """
    PostDetail { height: 1fr; padding: 0 1; scrollbar-gutter: stable; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")
        self._strips: list[Strip] = []
        self._width = -1

    @property
    def text(self) -> str:
        """What the pane shows, as plain text."""
        return self._content.plain

    def show(self, content: Content) -> None:
        self._content = content
        self._width = -1
        self._layout(self.scrollable_content_region.width)
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def show_post(self, post: Post, annotation: Annotation, codebook: Codebook) -> None:
        self.show(describe(post, annotation, codebook))

    def on_resize(self) -> None:
        self._layout(self.scrollable_content_region.width)

    def _layout(self, width: int) -> None:
        if width <= 0 or width == self._width:
            return
        resized = width != self.virtual_size.width
        self._width = width
        visual = visualize(self, self._content, markup=False)
        self._strips = Visual.to_strips(self, visual, width, None, self.visual_style)
        # The virtual size is a layout property: changing it lays out the whole screen (tens
        # of milliseconds). Between posts it only grows, so most keys cost no layout at all.
        height = len(self._strips)
        if resized or height > self.virtual_size.height:
            self.virtual_size = Size(width, height)

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if width != self._width:  # the pane changed width without a resize (a scrollbar came)
            self._layout(width)
        if index < len(self._strips):
            return self._strips[index].crop_extend(0, width, self.rich_style)
        return Strip.blank(width, self.rich_style)
