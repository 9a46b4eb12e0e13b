"""The detail pane: the selected post in full, its codes with the codebook's words, its note."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, TypeAlias

from rich.style import Style
from textual.content import Content, Span
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as TextualStyle
from textual.visual import Visual, visualize

from readertui.annotations import FIELDS, Annotation
from readertui.codebook import Codebook, Variable
from readertui.document import Item
from readertui.textsafe import is_web_address, printable
from readertui.ui.widgets.framing import FramedRows, Framing

#: Review mode: each other coder's name and codes for the item shown.
Others: TypeAlias = Sequence[tuple[str, Annotation]] | None


class Keys(NamedTuple):
    """The keys the pane names, as the user's keymap has them."""

    note: str = "n"
    edit: str = "e"
    reject: str = "x"


DEFAULT_KEYS = Keys()


def _link(url: str) -> TextualStyle:
    # (a Style object: quotes in a URL would break a style string)
    return TextualStyle(underline=True, link=url)


def describe(
    post: Item,
    annotation: Annotation,
    codebook: Codebook,
    read_only: bool = False,
    others: Sequence[tuple[str, Annotation]] | None = None,
    keys: Keys = DEFAULT_KEYS,
) -> Content:
    """The post's codes (with the codebook's words), note, fields and text.

    Codes come first: they are what a coder looks for, and on a small terminal what comes
    last is below the fold."""
    parts: list[str | tuple[str, str | TextualStyle]] = []
    for variable in codebook.for_kind(post.kind):
        parts.extend(_variable(variable, annotation.values(variable.name)))
    for tag, values in annotation.tags.items():
        known = codebook.variable(tag)
        if known is not None and known.typed:
            continue
        foreign = [v for v in values if known is None or known.value(v) is None]
        if foreign:  # codes from another codebook are shown, not lost
            label = (f"{tag} (not in this codebook): ", "$text-muted")
            parts.extend([label, ", ".join(foreign), "\n"])
    if annotation.note:
        note: str | tuple[str, str] = printable(annotation.note)
    else:
        note = ("read-only" if read_only else f"press {keys.note} to add one", "$text-muted")
    parts.extend([("Note  ", "bold"), note, "\n\n"])
    if (unit := annotation.unit) is not None and not read_only:
        if unit.origin == "added":
            said = f"{keys.edit} corrects its kind, words or fields; {keys.reject} withdraws it"
            parts.extend([("Added by you", "bold $accent"), (f"  {said}\n", "$text-muted")])
        else:
            said = f"{keys.edit} corrects it again; u undoes"
            parts.extend([("Corrected by you", "bold $accent"), (f"  {said}\n", "$text-muted")])
    if others is not None:
        parts.extend(_others(annotation, others, codebook))

    def field(label: str, value: str | None) -> None:
        if value:
            parts.extend([(f"{label:<9}", "$text-muted"), printable(value), "\n"])

    if post.kind == "article":
        field("Article", post.text)
        return Content.assemble(*parts)
    if post.kind == "quote":
        field("Quoted", "in the article's own text")
        field("Speaker", post.author or "not named")
    else:
        field("Author", post.author)
        field("Handle", f"@{post.handle}" if post.handle else None)
        field("Platform", post.platform)
        field("Date", post.date)
        if post.url and is_web_address(post.url):
            # A terminal hyperlink: clicked (or `o`), it opens the original post.
            parts.extend([("URL      ", "$text-muted"), (post.url, _link(post.url)), "\n"])
        else:
            field("URL", post.url)
    parts.append("\n")
    if post.kind == "quote":
        parts.append((f"“{printable(post.text)}”", "italic"))
    elif post.text:
        parts.append(printable(post.text))
    else:
        parts.append((f"(this {post.platform or ''} embed has no text)", "italic $text-muted"))
    return Content.assemble(*parts)


def _variable(variable: Variable, chosen: tuple[str, ...]) -> list[str | tuple[str, str]]:
    """A variable's values with their keys, the chosen ones marked; a typed one's value."""
    if variable.typed:
        typed = (printable(chosen[0]), "bold $success") if chosen else ("not coded", "$text-muted")
        return [
            (variable.name, "bold"),
            (f"  ({variable.type}: ", "$text-muted"),
            (variable.key or "", "bold $accent"),
            (" types it)  ", "$text-muted"),
            typed,
            "\n",
        ]
    if variable.type == "ordinal":
        how = "a scale, lowest first"
        if variable.step_keys:
            how += f"; {variable.step_keys[0]} lowers, {variable.step_keys[1]} raises"
    else:
        how = "one of" if variable.exclusive else "any of"
    parts: list[str | tuple[str, str]] = [(variable.name, "bold"), (f"  ({how})\n", "$text-muted")]
    below = {v.name for v in variable.values if v.name in chosen} if variable.depth > 1 else set()
    for name in list(below):
        below.update(variable.path(name))  # a chosen child's parents are implied
    for value in variable.values:
        on = value.name in chosen
        mark = ("■ ", "$success") if on else ("▣ " if value.name in below else "□ ", "$text-muted")
        indent = "  " * (len(variable.path(value.name)) - 1) if value.parent else ""
        parts.extend([indent, mark, (value.key, "bold $accent"), " "])
        parts.append((value.name, "bold $success" if on else ""))
        if value.description:
            parts.extend(["  ", (printable(value.description), "$text-muted")])
        parts.append("\n")
    return parts


def _others(
    mine: Annotation, others: Sequence[tuple[str, Annotation]], codebook: Codebook
) -> list[str | tuple[str, str]]:
    """Review: each other coder's codes, variable by variable, differences marked."""
    parts: list[str | tuple[str, str]] = [("Other coders", "bold"), "\n"]
    if not others:
        parts.append(("none has coded this article yet\n", "$text-muted"))
    names = [v.name for v in codebook.variables]
    names += [n for _, a in others for n in a.tags if n not in names]
    for coder, theirs in others:
        parts.append((f"{printable(coder)}: ", "bold"))
        if theirs.rejected:
            parts.append(("rejected it ", "bold $warning"))
        if (unit := theirs.unit) is not None and unit.origin == "edited":
            said = ", ".join(f"{k} {v}" for k in FIELDS if (v := getattr(unit, k)))
            parts.extend(
                [("corrected it ", "bold $accent"), (f"({printable(said)}) ", "$text-muted")]
            )
        if not theirs.is_coded:
            parts.append(("not coded", "$text-muted"))
        shown = [(name, theirs.values(name)) for name in names if theirs.values(name)]
        for n, (name, values) in enumerate(shown):
            differs = theirs.values(name) != mine.values(name)
            style = "bold $warning" if differs else "$success"
            parts.extend(["; " if n else "", f"{name} ", (printable(", ".join(values)), style)])
            if differs:
                parts.append((" ≠", "bold $warning"))
        if theirs.note:
            parts.extend([("  note: ", "$text-muted"), printable(theirs.note)])
        parts.append("\n")
    parts.append("\n")
    return parts


class _Ready(NamedTuple):
    """An item laid out ahead, with what it was laid out from: item, annotation, codebook,
    read-only, note key, width (annotations are immutable: a code makes a new one)."""

    made_from: tuple[object, ...]
    content: Content
    strips: list[Strip]


class ItemDetail(ScrollView, can_focus=True):
    """A Line API pane: new content is drawn in place, without laying out the screen again
    (which a growing or shrinking `Static` would cause on every key), and only the lines
    that differ from what is on screen are repainted."""

    DEFAULT_CSS = """
    ItemDetail { height: 1fr; padding: 0 1; scrollbar-gutter: stable; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")
        self.keys = DEFAULT_KEYS
        self._strips: list[Strip] = []  # the content's lines, cropped to the pane's width
        self._width = -1
        self._blank = Strip.blank(0)
        self._wrapped: dict[tuple[str, tuple[Span, ...]], list[Strip]] = {}  # line -> its rows
        self._ready: dict[str, _Ready] = {}  # by item id: items laid out ahead (`prepare`)
        # By the id of a line: the line (so that its id stays its own) and it framed.
        self._frames: FramedRows[int, tuple[Strip, Strip]] = FramedRows()

    @property
    def text(self) -> str:
        """What the pane shows, as plain text."""
        return self._content.plain

    def show(self, content: Content) -> None:
        width = self.scrollable_content_region.width
        self._present(content, self._lines_of(content, width), width)

    def show_item(
        self,
        post: Item,
        annotation: Annotation,
        codebook: Codebook,
        read_only: bool = False,
        others: Others = None,
    ) -> None:
        width = self.scrollable_content_region.width
        ready = self._ready.get(post.id)
        made_from = (post, annotation, codebook, read_only, self.keys, width)
        if others is None and ready is not None and ready.made_from == made_from:
            self._present(ready.content, ready.strips, width)
        else:
            self.show(describe(post, annotation, codebook, read_only, others, self.keys))

    def prepare(
        self,
        post: Item,
        annotation: Annotation,
        codebook: Codebook,
        read_only: bool = False,
        others: Others = None,
    ) -> None:
        """Lay out what `show_item` would show, so that showing it later costs nothing."""
        width = self._width
        if width > 0 and others is None:
            content = describe(post, annotation, codebook, read_only, None, self.keys)
            if len(self._ready) >= 64:
                self._ready.clear()
            strips = self._lines_of(content, width)
            made_from = (post, annotation, codebook, read_only, self.keys, width)
            self._ready[post.id] = _Ready(made_from, content, strips)
            # Grown now if it needs more room: a taller item grows the pane's virtual size,
            # which lays out the whole screen, better between keys than on the key.
            if len(strips) > self.virtual_size.height:
                self.virtual_size = Size(width, len(strips))

    def _present(self, content: Content, strips: list[Strip], width: int) -> None:
        """Show `content`, laid out as `strips`, repainting only the lines that changed."""
        before = self._strips
        self._content = content
        self._strips = strips
        self._width = width if width > 0 else -1
        self._fit(width)
        if self.scroll_offset.y:
            self.scroll_to(y=0, animate=False, immediate=True)  # repaints the whole pane
            return
        changed = [
            y for y in range(max(len(before), len(strips))) if _line(before, y) != _line(strips, y)
        ]
        if changed:
            first = changed[0]
            self.refresh_lines(first, changed[-1] - first + 1)

    def on_resize(self) -> None:
        self._layout(self.scrollable_content_region.width)

    def notify_style_update(self) -> None:
        """A new theme: the lines carry the old colours, draw them again."""
        super().notify_style_update()
        self._width = -1
        self._wrapped.clear()
        self._ready.clear()
        self._frames.forget()

    def _layout(self, width: int) -> None:
        if width <= 0 or width == self._width:
            return
        self._strips = self._lines_of(self._content, width)
        self._width = width
        self._fit(width)

    def _lines_of(self, content: Content, width: int) -> list[Strip]:
        """`content` wrapped to `width`, line by line, each line's wrapping kept: the
        codebook's lines are the same from one item to the next, so most are wrapped once."""
        if width <= 0:
            return []
        if width != self.virtual_size.width:
            self._wrapped.clear()  # a new width: every line wraps anew
            self._ready.clear()
        style = self.rich_style
        self._blank = Strip.blank(width, style)
        strips: list[Strip] = []
        for line in content.split("\n", allow_blank=True):
            strips.extend(self._wrap(line, width, style))
        return strips

    def _fit(self, width: int) -> None:
        # The virtual size is a layout property: changing it lays out the whole screen (tens
        # of milliseconds). Between posts it only grows, so most keys cost no layout at all.
        if width > 0 and (
            width != self.virtual_size.width or len(self._strips) > self.virtual_size.height
        ):
            self.virtual_size = Size(width, len(self._strips))

    def _wrap(self, line: Content, width: int, style: Style) -> list[Strip]:
        """One line of content wrapped to the pane's width (kept: lines repeat)."""
        key = (line.plain, tuple(line.spans))
        wrapped = self._wrapped.get(key)
        if wrapped is None:
            visual = visualize(self, line, markup=False)
            lines = Visual.to_strips(self, visual, width, None, self.visual_style)
            wrapped = [strip.crop_extend(0, width, style) for strip in lines]
            if len(self._wrapped) > 4096:
                self._wrapped.clear()
            self._wrapped[key] = wrapped
        return wrapped

    def render_lines(self, crop: Region) -> list[Strip]:
        # Once per frame: the pane may have changed width without a resize (a scrollbar came).
        self._layout(self.scrollable_content_region.width)
        # A new item redraws most lines: framed here, not by Textual's styles cache (framing.py).
        framing = self._frames.begin(self)
        if framing is None:
            return super().render_lines(crop)
        top = int(self.scroll_offset.y)
        return framing.draw(crop, lambda y: self._framed_line(top + y, framing))

    def _framed_line(self, index: int, framing: Framing) -> Strip:
        """Line `index` framed; kept by the line it frames (lines repeat from item to item)."""
        strip = self._strips[index] if index < len(self._strips) else self._blank
        rows = self._frames.rows
        kept = rows.get(id(strip))
        if kept is not None and kept[0] is strip:
            return kept[1]
        framed = framing.frame(strip)
        if len(rows) > 4096:
            rows.clear()
        rows[id(strip)] = (strip, framed)  # the strip is kept too: its id stays its own
        return framed

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        return self._strips[index] if index < len(self._strips) else self._blank


def _line(strips: list[Strip], y: int) -> Strip | None:
    return strips[y] if y < len(strips) else None
