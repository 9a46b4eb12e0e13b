"""Adding an item from a selection, or correcting one: its kind, its words and its fields.

A small form over the reader, pre-filled with what the words or the lines around them say
(an attribution `— Name (@handle) Date`, the speaker the detector would name). Correcting an
item, its words can be moved a word at a time (the words line focused: `left`/`right` move
its start, `shift+left`/`shift+right` its end). `enter` saves, `escape` cancels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from readertui.annotations import FIELDS
from readertui.textsafe import one_line, printable

KIND_NAMES = {"post": "Post", "quote": "Quotation", "span": "Passage"}
#: The fields each kind has: a post every one, a quotation its speaker, a passage none.
SHOWN = {"post": FIELDS, "quote": ("author",), "span": ()}
LABELS = {"platform": "Platform", "author": "Author", "handle": "Handle", "date": "Date",
          "url": "URL"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FormResult:
    kind: str
    fields: dict[str, str | None]
    words: tuple[int, int]  # display range of the item's words


class Words(Static, can_focus=True):
    """The item's words, with the context around them; its start and end move by words."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(0, -1)", "Start a word earlier", id="form.start_back"),
        Binding("right", "move(0, 1)", "Start a word later", id="form.start_on"),
        Binding("shift+left", "move(1, -1)", "End a word earlier", id="form.end_back"),
        Binding("shift+right", "move(1, 1)", "End a word later", id="form.end_on"),
    ]
    DEFAULT_CSS = "Words { height: auto; max-height: 6; } Words:focus { background: $boost; }"

    def __init__(
        self, words: tuple[int, int], mover: Callable[[int, int, int], int] | None
    ) -> None:
        super().__init__(markup=False)
        self.words = words
        self.mover = mover  # (offset, which end, step) -> the offset a word away
        self.can_focus = mover is not None

    def action_move(self, end: int, step: int) -> None:
        if self.mover is None:
            return
        start, stop = self.words
        if end == 0:
            start = min(self.mover(start, 0, step), stop - 1)
        else:
            stop = max(self.mover(stop, 1, step), start + 1)
        self.words = (start, stop)
        screen = self.screen
        if isinstance(screen, ItemForm):
            screen.show_words()


class ItemForm(ModalScreen[FormResult | None]):
    """Asks for an item's kind (when added) and fields; dismisses with them, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        # Wherever the focus is (a field, the kinds, the words): enter saves.
        Binding("enter", "save", "Save", id="form.save", priority=True),
    ]
    DEFAULT_CSS = """
    ItemForm { align: center middle; }
    ItemForm > Vertical {
        width: 80%; max-width: 100; height: auto; max-height: 90%; overflow-y: auto;
        border: round $accent; background: $panel; padding: 0 1;
    }
    ItemForm Label { color: $text-muted; }
    ItemForm RadioSet { layout: horizontal; width: auto; }
    ItemForm Input { height: 3; }
    """

    def __init__(
        self,
        title: str,
        text: str,
        words: tuple[int, int],
        kind: str,
        fields: Mapping[str, str | None],
        mover: Callable[[int, int, int], int] | None = None,
        choose: bool = False,
    ) -> None:
        """`text`: the article's display text; `words`: the item's range of it; `kind`: as
        chosen first (`choose`: the coder may choose another); `mover`: how its ends move by
        a word (None: they do not)."""
        super().__init__()
        self.heading = title
        self.text = text
        self.kind = kind
        self.choose = choose
        self.fields = dict(fields)
        self._words = Words(words, mover)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(printable(self.heading), markup=False)
            yield self._words
            if self.choose:
                with RadioSet(id="kind"):
                    for kind, name in KIND_NAMES.items():
                        yield RadioButton(name, value=kind == self.kind, id=f"kind-{kind}")
            for name in FIELDS:
                yield Label(LABELS[name], id=f"label-{name}")
                yield Input(
                    value=printable(self.fields.get(name) or ""), id=f"field-{name}", name=name
                )
            yield Label(self._hint())

    def _hint(self) -> str:
        if self._words.mover:
            return "enter saves · esc cancels · shift+tab to the words: ←/→ start, shift+←/→ end"
        return "enter saves · escape cancels · tab: next field"

    def on_mount(self) -> None:
        self.show_words()
        self._show_fields()
        # The kind is chosen first when there is a choice; else the first field is typed in.
        fields = [field for field in self.query(Input) if field.display]
        if self.choose:
            self.query_one(RadioSet).focus()
        elif fields:
            fields[0].focus()
        elif self._words.can_focus:
            self._words.focus()

    def show_words(self) -> None:
        start, end = self._words.words
        before = one_line(self.text[max(0, start - 60) : start], 60)
        words = one_line(self.text[start:end], 400)
        after = one_line(self.text[end : end + 60], 60)
        self._words.update(f"…{before}⟦{words}⟧{after}…")

    @on(RadioSet.Changed)
    def _kind_chosen(self, event: RadioSet.Changed) -> None:
        event.stop()
        pressed = event.pressed.id or ""
        self.kind = pressed.removeprefix("kind-")
        self._show_fields()

    def _show_fields(self) -> None:
        shown = SHOWN[self.kind]
        for name in FIELDS:
            visible = name in shown
            self.query_one(f"#field-{name}", Input).display = visible
            label = self.query_one(f"#label-{name}", Label)
            label.display = visible
            label.update("Speaker" if self.kind == "quote" else LABELS[name])

    def action_save(self) -> None:
        shown = SHOWN[self.kind]
        fields: dict[str, str | None] = {}
        for name in FIELDS:
            given = self.query_one(f"#field-{name}", Input).value.strip()
            # Unchanged fields keep what they held (control characters shown as stand-ins).
            if given == printable(self.fields.get(name) or "").strip():
                given = self.fields.get(name) or ""
            fields[name] = (given or None) if name in shown else None
        self.dismiss(FormResult(self.kind, fields, self._words.words))

    def action_cancel(self) -> None:
        self.dismiss(None)
