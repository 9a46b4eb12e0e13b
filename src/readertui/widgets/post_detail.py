"""The detail pane: the selected post in full, its codes with the codebook's words, its note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

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


class PostDetail(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    PostDetail { height: 1fr; padding: 0 1; }
    PostDetail > Static { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body")

    def show(self, content: Content) -> None:
        self.query_one("#detail-body", Static).update(content)

    def show_post(self, post: Post, annotation: Annotation, codebook: Codebook) -> None:
        self.show(describe(post, annotation, codebook))
