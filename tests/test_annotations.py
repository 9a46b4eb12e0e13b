"""Annotation states are values: toggling, clearing, notes and undo/redo are pure."""

from __future__ import annotations

from readertui.annotations import Annotations, History
from readertui.codebook import DEFAULT, Value, Variable

STANCE = DEFAULT.variables[0]
SUPPORT, OPPOSE = STANCE.values[0], STANCE.values[1]
SOURCE = Variable(
    "source",
    (Value("a", "official"), Value("s", "journalist"), Value("d", "expert")),
    exclusive=False,
)


def test_exclusive_values_replace_each_other_and_toggle_off() -> None:
    a = Annotations().toggle("p1", STANCE, SUPPORT, "t1")
    assert a.get_annotation("p1").tags == {"stance": ("support",)}
    b = a.toggle("p1", STANCE, OPPOSE, "t2")
    assert b.get_annotation("p1").tags == {"stance": ("oppose",)}
    c = b.toggle("p1", STANCE, OPPOSE, "t3")
    assert "p1" not in c  # nothing left: the annotation disappears
    assert a.get_annotation("p1").tags == {"stance": ("support",)}  # earlier states untouched


def test_multi_choice_values_accumulate_in_codebook_order() -> None:
    a = (
        Annotations()
        .toggle("p", SOURCE, SOURCE.values[2], "t")
        .toggle("p", SOURCE, SOURCE.values[0], "t")
    )
    assert a.get_annotation("p").values("source") == ("official", "expert")
    assert a.toggle("p", SOURCE, SOURCE.values[0], "t").get_annotation("p").values("source") == (
        "expert",
    )


def test_times_note_and_clear() -> None:
    a = Annotations().toggle("p", STANCE, SUPPORT, "t1").with_note("p", "  sarcastic?  ", "t2")
    ann = a.get_annotation("p")
    assert (ann.note, ann.created, ann.modified) == ("sarcastic?", "t1", "t2")
    cleared = a.clear("p", "t3").get_annotation("p")
    assert cleared.tags == {} and cleared.note == "sarcastic?" and not cleared.is_coded


def test_history_undoes_and_redoes_every_step_back_to_the_start() -> None:
    h = History(Annotations())
    h.push(h.state.toggle("p1", STANCE, SUPPORT, "t"), "p1")
    h.push(h.state.toggle("p2", STANCE, OPPOSE, "t"), "p2")
    assert h.undo() == "p2" and "p2" not in h.state and "p1" in h.state
    assert h.undo() == "p1" and len(h.state) == 0
    assert h.undo() is None and not h.can_undo
    assert h.redo() == "p1" and h.redo() == "p2" and len(h.state) == 2
    h.undo()
    h.push(h.state.with_note("p1", "new", "t"), "p1")
    assert not h.can_redo  # a new change forgets the undone future
