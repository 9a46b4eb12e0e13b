"""The list of items: one row each, in document order, with its codes at a glance.

An `OptionList` renders only the rows on screen, so 2,000 posts cost no more per key than 20.
Rows are `Content` assembled from plain strings, so nothing in a post is read as markup.
Posts and quotations look different: a post shows its handle, a quotation a quotation mark,
its speaker and its words in quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from readertui.annotations import Annotation
from readertui.document import Item
from readertui.store import Record
from readertui.textsafe import one_line

CODED = "●"
UNCODED = "○"
QUOTE = "❝"
ORPHAN = "⚠"
DIFFERS = "≠"


def orphan_row(record: Record, width: int = 60) -> Content:
    """A coded item the changed article no longer has: its codes are kept, and shown here."""
    who = f"@{record.handle}" if record.handle else (record.author or "item")
    codes = ", ".join(v for values in record.annotation.tags.values() for v in values)
    exact = record.quote.exact if record.quote else ""
    return Content.assemble(
        (ORPHAN, "$warning"),
        " ",
        (one_line(who, 24), "bold $text-muted"),
        "  ",
        (f"[{one_line(codes, 30)}]" if codes else "", "$text-muted"),
        "  ",
        (one_line(exact, width), "$text-muted strike"),
        ("  not found in the article", "italic $warning"),
    )


def row(item: Item, annotation: Annotation, width: int = 60, differs: bool = False) -> Content:
    """One row: a coded/uncoded mark, who posted or said it, its codes, its first words;
    in review, `≠` where another coder coded the item otherwise."""
    quote = item.kind == "quote"
    if quote:
        who = item.author or "unnamed speaker"
    else:
        who = f"@{item.handle}" if item.handle else (item.author or item.platform or "post")
    codes = ", ".join(v for values in annotation.tags.values() for v in values)
    mark = QUOTE if quote else (CODED if annotation.is_coded else UNCODED)
    parts: list[str | tuple[str, str]] = []
    if annotation.is_coded:
        parts += [(mark, "$success"), " ", (one_line(who, 24), "bold")]
    else:
        parts += [(mark, "$text-muted"), " ", (one_line(who, 24), "bold $text-muted")]
    if annotation.note:
        parts.append((" ✎", "$text-muted"))
    if codes:
        parts += ["  ", (f"[{one_line(codes, 30)}]", "$success")]
    if differs:
        parts += [" ", (DIFFERS, "bold $warning")]
    if quote:
        parts += ["  ", (f"“{one_line(item.text, width)}”", "italic")]
    else:
        words = item.text or f"({item.platform or 'embed'} without text)"
        parts += ["  ", one_line(words, width)]
    return Content.assemble(*parts)


class ItemList(OptionList, inherit_bindings=False):
    """Rows of items; the screen keeps them in step with the annotations and the filter.

    Its own keys, described for coders (the generic scrolling keys it would inherit would
    crowd the help panel and hide the coding keys).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Next item", show=False, id="posts.down"),
        Binding("up", "cursor_up", "Previous item", show=False, id="posts.up"),
        Binding("home", "first", "First item", show=False, id="posts.first"),
        Binding("end", "last", "Last item", show=False, id="posts.last"),
        Binding("pagedown", "page_down", "Page of items down", show=False, id="posts.page_down"),
        Binding("pageup", "page_up", "Page of items up", show=False, id="posts.page_up"),
    ]
    DEFAULT_CSS = """
    ItemList { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    #: In review, whether other coders coded an item otherwise (set by the screen).
    differs: Callable[[Item, Annotation], bool] | None = None
    #: Without the repaint of the whole list `OptionList` asks for on every move: only the
    #: row the cursor leaves and the row it reaches are drawn again (see the watcher).
    highlighted: reactive[int | None] = reactive(None, repaint=False)

    def _watch_highlighted(self, old: int | None, new: int | None) -> None:
        for row in (old, new):
            if row is not None:  # a row is always one line (text-wrap: nowrap)
                self.refresh_lines(row)

    def _row(self, item: Item, annotation: Annotation) -> Content:
        differs = self.differs is not None and self.differs(item, annotation)
        return row(item, annotation, differs=differs)

    # The cursor stops at either end: wrapping from the first post to the 2,000th on one key
    # press loses a coder's place.
    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_page_down(self) -> None:
        super().action_page_down()  # type: ignore[no-untyped-call]  # (untyped in Textual)
        if self.highlighted is None:  # a page down held only orphan rows (never selectable):
            self.action_last()  # the last item, not no cursor at all

    def show_items(
        self,
        items: Sequence[Item],
        annotations: Sequence[Annotation],
        empty: str,
        orphans: Sequence[Record] = (),
    ) -> None:
        """The items' rows, then a row for each orphan (shown, never selectable)."""
        options = [
            Option(self._row(item, annotation))
            for item, annotation in zip(items, annotations, strict=True)
        ] or [Option(Content(empty), disabled=True)]
        options += [Option(orphan_row(record), disabled=True) for record in orphans]
        self.set_options(options)

    def update_row(self, index: int, item: Item, annotation: Annotation) -> None:
        """Redraw one row (a coding key): only that line is painted again."""
        self.update_rows([(index, item, annotation)])
        self.refresh_lines(index)  # a row is always one line (text-wrap: nowrap)

    def update_rows(self, rows: Iterable[tuple[int, Item, Annotation]]) -> None:
        """New prompts for these rows; the caller refreshes what it needs to."""
        _set_prompts(
            self,
            [(self.get_option_at_index(i), self._row(item, a)) for i, item, a in rows],
        )

    def prepare(self, row: int) -> None:
        """Draw row `row` as it looks under the cursor, so that moving there finds it drawn."""
        if 0 <= row < self.option_count:
            _draw_highlighted(self, self.get_option_at_index(row))


# -- Textual's private API, kept in this one place ---------------------------------------------
def _draw_highlighted(options: OptionList, option: Option) -> None:
    """`OptionList` keeps each row as drawn in each style, and draws a row anew the first time
    the cursor reaches it (0.4 ms): drawn here ahead, between keys."""
    style = options.get_visual_style("option-list--option", "option-list--option-highlighted")
    options._get_option_render(option, style)


def _set_prompts(options: OptionList, prompts: list[tuple[Option, Content]]) -> None:
    """New prompts, set as `replace_option_prompt_at_index` sets them, without what it does
    next: forget every row's height and measure all of them again (tens of ms at 2,000 rows).
    Rows here are one line each, so only these rows as drawn need to go; the rows around
    them, drawn ahead between keys, stay."""
    changed = set()
    for option, prompt in prompts:
        option._set_prompt(prompt)
        changed.add(option)
    cache = options._option_render_cache
    drawn = cache.keys()  # (option, style, padding): the rows as drawn in each style
    for key in [key for key in drawn if key[0] in changed]:
        cache.discard(key)
