"""Adding an item from a selection, or correcting one: its kind, its words and its fields.

A small form in the side pane, in the detail pane's place (the article and the list stay in
view, and opening or closing it redraws only that pane), pre-filled with what the words or the
lines around them say (an attribution `— Name (@handle) Date`, the speaker the detector would
name). Correcting an item, its words can be moved a word at a time (the words line focused:
`left`/`right` move its start, `shift+left`/`shift+right` its end). `enter` saves, `escape`
cancels. It is made once, with the screen, and filled in each time it opens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
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


#: How each ends of the words moves a word: (offset, which end, step) -> the new offset.
Mover = Callable[[int, int, int], int]


class Words(Static, can_focus=True):
    """The item's words, with the context around them; its start and end move by words."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(0, -1)", "Start a word earlier", id="form.start_back"),
        Binding("right", "move(0, 1)", "Start a word later", id="form.start_on"),
        Binding("shift+left", "move(1, -1)", "End a word earlier", id="form.end_back"),
        Binding("shift+right", "move(1, 1)", "End a word later", id="form.end_on"),
    ]
    DEFAULT_CSS = """
    Words { height: auto; max-height: 4; }
    Words:focus { background: $accent 30%; }
    """

    def __init__(self) -> None:
        super().__init__(markup=False)
        self.text = ""
        self.words = (0, 0)
        self.mover: Mover | None = None

    def show(self, text: str, words: tuple[int, int], mover: Mover | None) -> None:
        self.text, self.words, self.mover = text, words, mover
        self.can_focus = mover is not None
        self._show()

    def action_move(self, end: int, step: int) -> None:
        if self.mover is None:
            return
        start, stop = self.words
        if end == 0:
            start = min(self.mover(start, 0, step), stop - 1)
        else:
            stop = max(self.mover(stop, 1, step), start + 1)
        self.words = (start, stop)
        self._show()

    def _show(self) -> None:
        start, end = self.words
        before = one_line(self.text[max(0, start - 60) : start], 60)
        words = one_line(self.text[start:end], 400)
        after = one_line(self.text[end : end + 60], 60)
        self.update(f"…{before} ⟦{words}⟧ {after}…")


class ItemForm(VerticalScroll):
    """Asks for an item's kind (when added) and fields; hands them, or None, to `done`.

    Hidden until the screen shows it (`display`), once `open` has filled it in."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        # Wherever the focus is (a field, the kinds, the words): enter saves.
        Binding("enter", "save", "Save", id="form.save", priority=True),
    ]
    DEFAULT_CSS = """
    ItemForm {
        display: none; height: 1fr; padding: 0 1; background: $panel;
        & > #heading { text-style: bold; }
        & Label, & #hint { color: $text-muted; }
        & RadioSet { width: 1fr; }
        & Horizontal { height: 1; }
        & Horizontal > Label { width: 10; }
        & Input { width: 1fr; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = "post"
        self.fields: dict[str, str | None] = {}
        self._done: Callable[[FormResult | None], None] | None = None

    @property
    def is_open(self) -> bool:
        return self._done is not None

    def compose(self) -> ComposeResult:
        yield Label("", id="heading", markup=False)
        # Focus goes words, kinds, fields: tab from the kind chosen reaches the first field.
        yield Words()
        with RadioSet(id="kind", compact=True):
            for kind, name in KIND_NAMES.items():
                yield RadioButton(name, id=f"kind-{kind}", compact=True)
        for name in FIELDS:
            with Horizontal(id=f"row-{name}"):
                yield Label(LABELS[name], id=f"label-{name}")
                yield Input(id=f"field-{name}", name=name, compact=True)
        yield Static("", id="hint", markup=False)  # (wraps: a Label would be cut off)

    def open(
        self,
        title: str,
        text: str,
        words: tuple[int, int],
        kind: str,
        fields: Mapping[str, str | None],
        done: Callable[[FormResult | None], None],
        *,
        mover: Mover | None = None,
        choose: bool = False,
    ) -> None:
        """Show the form for an item of `kind` made of range `words` of the article's display
        `text` (`choose`: the coder may choose another kind; `mover`: how its ends move by a
        word, None: they do not); `done` gets what was entered, or None if cancelled."""
        self.kind, self.fields, self._done = kind, dict(fields), done
        self.query_one("#heading", Label).update(printable(title))
        words_line = self.query_one(Words)
        words_line.show(text, words, mover)
        kinds = self.query_one(RadioSet)
        kinds.display = choose
        self.query_one(f"#kind-{kind}", RadioButton).value = True
        for name in FIELDS:
            self.query_one(f"#field-{name}", Input).value = printable(self.fields.get(name) or "")
        self._show_fields()
        if mover is not None:
            hint = (
                "enter saves · esc cancels · tab: next · the words (shift+tab from the kind):"
                " ←/→ move their start, shift+←/→ their end"
            )
        else:
            hint = "enter saves · esc cancels · tab: next field"
        self.query_one("#hint", Static).update(hint)
        self.scroll_home(animate=False, immediate=True)
        # The first field is typed in at once (a passage has none: its kind, then); focused
        # now, not after this key, so that keys typed at once go where the coder expects.
        inputs = [field for field in self.query(Input) if field.parent and field.parent.display]
        first: Widget = inputs[0] if inputs else kinds if choose else words_line
        if first.can_focus:
            self.screen.set_focus(first)

    @on(RadioSet.Changed)
    def _kind_chosen(self, event: RadioSet.Changed) -> None:
        event.stop()
        pressed = event.pressed.id or ""
        self.kind = pressed.removeprefix("kind-")
        self._show_fields()

    def _show_fields(self) -> None:
        shown = SHOWN[self.kind]
        for name in FIELDS:
            self.query_one(f"#row-{name}").display = name in shown
        label = "Speaker" if self.kind == "quote" else LABELS["author"]
        self.query_one("#label-author", Label).update(label)

    def action_save(self) -> None:
        shown = SHOWN[self.kind]
        fields: dict[str, str | None] = {}
        for name in FIELDS:
            given = self.query_one(f"#field-{name}", Input).value.strip()
            # Unchanged fields keep what they held (control characters shown as stand-ins).
            if given == printable(self.fields.get(name) or "").strip():
                given = self.fields.get(name) or ""
            fields[name] = (given or None) if name in shown else None
        self._close(FormResult(self.kind, fields, self.query_one(Words).words))

    def action_cancel(self) -> None:
        self._close(None)

    def _close(self, result: FormResult | None) -> None:
        done, self._done = self._done, None
        if done is not None:
            done(result)
