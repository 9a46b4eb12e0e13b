"""The source map: every shown character leads back to where it came from."""

from __future__ import annotations

from readertui.document import SourceMap


def test_verbatim_segments_map_character_by_character() -> None:
    m = SourceMap()
    m.add(0, 10, 5, 5)
    assert [m.to_source(i) for i in range(5)] == [10, 11, 12, 13, 14]
    assert m.source_span(1, 4) == (11, 14)
    assert m.display_span(11, 14) == (1, 4)


def test_contiguous_segments_merge() -> None:
    m = SourceMap()
    m.add(0, 0, 3, 3)
    m.add(3, 3, 4, 4)
    assert len(m) == 1


def test_atomic_segment_maps_as_a_unit() -> None:
    m = SourceMap()  # "a&amp;b" shown as "a&b"
    m.add(0, 0, 1, 1)
    m.add(1, 1, 1, 5)
    m.add(2, 6, 1, 1)
    assert m.to_source(1) == 1
    assert m.source_span(1, 2) == (1, 6)
    assert m.source_span(0, 3) == (0, 7)
    assert m.display_span(2, 4) == (1, 2)


def test_synthetic_characters_map_to_the_next_source_position() -> None:
    m = SourceMap()  # "ab" + "\n\n" (added) + "cd"
    m.add(0, 0, 2, 2)
    m.add(4, 5, 2, 2)
    assert m.to_source(2) == 5
    assert m.source_span(0, 3) == (0, 2)
    assert m.source_span(2, 6) == (5, 7)


def test_openers_and_closers_extend_spans_over_markup() -> None:
    m = SourceMap()  # "[link](u)" shown as "link"
    m.add(0, 1, 4, 4)
    m.add_opener(0, 0)
    m.add_closer(4, 9)
    assert m.source_span(0, 4) == (0, 9)
    assert m.source_span(1, 3) == (2, 4)
