"""Coders correct the units: items added, rejected and edited, saved like codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from readertui.article import load_article
from readertui.corrections import corrected_items, suggested_fields
from readertui.session import CodingSession
from readertui.store.journal import read_sidecar
from readertui.store.naming import plain_sidecar

from conftest import SAMPLES, saved

OPEN: list[CodingSession] = []
PASSAGE = "Reaction online was immediate."


def session(path: Path, **kw: Any) -> CodingSession:
    """A session on the article; the previous one is closed first (one writer at a time)."""
    while OPEN:
        OPEN.pop().close()
    s = CodingSession(load_article(path), coder="alice", **kw)
    OPEN.append(s)
    return s


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A private copy of the council-vote sample: quotations 0, 1, 5, 7; posts 2, 3, 4, 6, 8."""
    path = tmp_path / "council-vote.txt"
    path.write_bytes((SAMPLES / "council-vote.txt").read_bytes())
    return path


@pytest.fixture(autouse=True)
def _close_sessions() -> Iterator[None]:
    yield
    while OPEN:
        OPEN.pop().close()


def records(article: Path) -> list[dict[str, Any]]:
    """The sidecar's records as written, its journal folded in."""
    for s in OPEN:
        s.compact()
    data = json.loads(plain_sidecar(article).read_text(encoding="utf-8"))
    assert data["version"] == 2
    return list(data["annotations"])


def range_of(path: Path, words: str) -> tuple[int, int]:
    start = path.read_text(encoding="utf-8").index(words)
    return start, start + len(words)


def test_a_passage_added_as_a_post_is_listed_in_order_coded_and_found_on_reopening(
    council: Path,
) -> None:
    s = session(council)
    added = s.add(*range_of(council, PASSAGE), "post", author="Jo Bloggs", handle="jbloggs")
    assert not isinstance(added, str)
    index, result = added
    assert result.ok
    assert [item.kind for item in s.items[index - 1 : index + 2]] == ["quote", "post", "post"]
    assert s.items[index].text == PASSAGE and s.items[index].handle == "jbloggs"
    saved(s.code(index, "1"))
    [record] = [r for r in records(council) if r.get("origin") == "added"]
    assert record["post"]["kind"] == "post" and record["post"]["author"] == "Jo Bloggs"
    assert record["quote"]["exact"] == PASSAGE and record["tags"] == {"stance": ["support"]}
    again = session(council)
    item = next(i for i in again.items if i.text == PASSAGE)
    assert item.id == s.items[index].id and again.annotation(again.index_of(item.id) or 0).is_coded
    assert len(again.items) == len(load_article(council).items) + 1


def test_an_added_item_follows_its_words_when_the_article_is_edited(council: Path) -> None:
    s = session(council)
    added = s.add(*range_of(council, PASSAGE), "span")
    assert not isinstance(added, str)
    saved(s.code(added[0], "2"))
    s.close()
    council.write_text("A new first line.\n\n" + council.read_text(encoding="utf-8"))
    again = session(council)
    [item] = [i for i in again.items if i.kind == "span"]
    assert council.read_text(encoding="utf-8")[item.span[0] : item.span[1]] == PASSAGE
    assert again.annotation(again.items.index(item)).tags == {"stance": ("oppose",)}


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("", "Nothing is selected"),
        ("\n\n", "only spaces"),
        ("said after the vote. “Nobody should pretend this was easy, and nobody", None),
        ("pretend it is finished.”\n\nBusiness owners", "crosses"),
    ],
)
def test_a_selection_that_cannot_be_an_item_is_refused_and_nothing_is_added(
    council: Path, words: str, said: str | None
) -> None:
    s = session(council)
    text = council.read_text(encoding="utf-8")
    start = text.index(words) if words else 100
    outcome = s.add(start, start + len(words), "quote")
    if said is None:  # within another item (its words): allowed, a passage of its own
        assert not isinstance(outcome, str)
        return
    assert isinstance(outcome, str) and said in outcome and "\n" not in outcome
    assert len(s.items) == len(load_article(council).items)
    assert not plain_sidecar(council).exists()


def test_a_rejected_item_is_not_counted_kept_with_its_codes_and_restored(council: Path) -> None:
    s = session(council)
    saved(s.code(2, "1"))
    assert s.coded_count == 1 and s.unit_count == 9
    saved(s.reject(2))
    assert s.coded_count == 0 and s.unit_count == 8
    assert s.next_uncoded(1) == 3  # passed over
    [record] = records(council)
    assert record["rejected"] is True and record["tags"] == {"stance": ["support"]}
    again = session(council)
    assert again.annotation(2).rejected and again.annotation(2).is_coded
    saved(again.reject(2))  # restored: its codes are back
    assert again.coded_count == 1 and not again.annotation(2).rejected
    assert "rejected" not in records(council)[0]


def test_a_quotations_speaker_corrected_keeps_its_id_and_codes(council: Path) -> None:
    s = session(council)
    saved(s.code(0, "3"))
    before = s.items[0]
    result = s.edit(0, author="Councillor Rosa Delgado")
    assert result is not None and not isinstance(result, str) and result.ok
    assert s.items[0].id == before.id and s.items[0].author == "Councillor Rosa Delgado"
    assert s.annotation(0).tags == {"stance": ("neutral",)}
    [record] = records(council)
    assert record["origin"] == "edited" and record["post"]["author"] == "Councillor Rosa Delgado"
    assert record["post"]["id"] == before.id
    again = session(council)
    assert again.items[0].author == "Councillor Rosa Delgado" and again.annotation(0).is_coded
    # Set back as the detector had it: the correction is gone, the code stays.
    saved(again.edit(0, author="Rosa Delgado"))  # type: ignore[arg-type]
    [record] = records(council)
    assert "origin" not in record and record["tags"] == {"stance": ["neutral"]}


def test_a_posts_words_moved_are_what_the_sidecar_quotes_and_what_is_found_again(
    council: Path,
) -> None:
    s = session(council)
    post = s.items[2]
    start = council.read_text(encoding="utf-8").index("Pier 9 is closed")
    assert post.start is not None and post.end is not None
    saved(s.edit(2, start=start))  # type: ignore[arg-type]
    assert s.items[2].text.startswith("Pier 9 is closed") and s.items[2].id == post.id
    [record] = records(council)
    assert record["quote"]["exact"].startswith("Pier 9 is closed")
    s.close()
    council.write_text(council.read_text(encoding="utf-8").replace("Tuesday night", "Tuesday"))
    again = session(council)
    [moved] = [i for i in again.items if i.handle == "rosadelgado_hc"]
    assert moved.text.startswith("Pier 9 is closed")
    assert again.annotation(again.items.index(moved)).unit is not None
    assert not again.orphans


def test_an_edit_whose_item_is_gone_is_an_orphan_kept_in_the_file(council: Path) -> None:
    s = session(council)
    saved(s.edit(4, handle="feld_bait"))  # type: ignore[arg-type]
    s.close()
    text = council.read_text(encoding="utf-8")
    gone = "My shop has been on this pier for 31 years."
    council.write_text(text.replace(gone, "Something else entirely, nothing like it."))
    again = session(council)
    assert [r.handle for r in again.orphans] == ["feld_bait"]
    saved(again.code(0, "1"))
    assert any(r.get("origin") == "edited" for r in records(council))  # written back


def test_undo_and_redo_take_back_an_added_item(council: Path) -> None:
    s = session(council)
    count = len(s.items)
    added = s.add(*range_of(council, PASSAGE), "quote", author="Nobody")
    assert not isinstance(added, str)
    assert len(s.items) == count + 1
    assert s.undo() is not None and len(s.items) == count
    assert records(council) == []
    assert s.redo() is not None and len(s.items) == count + 1
    assert records(council)[0]["origin"] == "added"


def test_items_added_one_by_one_stand_where_the_whole_list_made_again_puts_them(
    council: Path,
) -> None:
    s = session(council)
    text = council.read_text(encoding="utf-8")
    # Before the first item, between two, inside one's neighbourhood, at the end, and twice
    # in a row at the same start (the later after the earlier).
    words = ["The Harbor City council", PASSAGE, "Business owners", text.rstrip()[-12:]]
    for phrase in words:
        assert not isinstance(s.add(*range_of(council, phrase), "span"), str)
        assert s.items == corrected_items(s.article, s.state)
    start, _ = range_of(council, "Business owners")
    assert not isinstance(s.add(start, start + len("Business"), "span"), str)
    assert s.items == corrected_items(s.article, s.state)
    assert s.undo() is not None and s.redo() is not None  # redone: added again, one item
    assert s.items == corrected_items(s.article, s.state)
    assert [s.index_of(item.id) for item in s.items] == list(range(len(s.items)))


def test_a_correction_is_on_disk_before_the_call_returns(council: Path) -> None:
    s = session(council)
    added = s.add(*range_of(council, PASSAGE), "span")
    assert not isinstance(added, str)
    saved(s.reject(0))
    # Not closed: what a killed reader leaves (the sidecar and its journal).
    stored = read_sidecar(plain_sidecar(council))
    assert stored is not None
    assert {r.annotation.unit.origin for r in stored.records if r.annotation.unit} == {"added"}
    assert any(r.annotation.rejected for r in stored.records)


def hand_edited(council: Path, record: dict[str, Any], *more: dict[str, Any]) -> Path:
    article = load_article(council)
    data = {
        "format": "readertui-annotations",
        "version": 2,
        "article": {"file": council.name, "sha256": article.sha256},
        "coder": "alice",
        "annotations": [record, *more],
    }
    path = plain_sidecar(council)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def added_record(council: Path, words: str, ident: str, **extra: Any) -> dict[str, Any]:
    start, end = range_of(council, words)
    quote = {"exact": words, "prefix": "", "suffix": "", "start": start, "end": end}
    record = {"post": {"id": ident, "kind": "span"}, "quote": quote, "origin": "added"}
    record |= {"tags": {}, "note": ""}
    return record | extra


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"origin": "invented"}, "unknown origin"),
        ({"post": {"id": "x", "kind": "tweet"}}, "unknown kind"),
        ({"rejected": "yes"}, "'rejected' is not true or false"),
        ({"quote": {"exact": "  "}}, "without its words"),
    ],
)
def test_a_hand_edited_correction_opens_read_only_and_the_file_is_untouched(
    council: Path, change: dict[str, Any], said: str
) -> None:
    path = hand_edited(council, added_record(council, PASSAGE, "x") | change)
    before = path.read_bytes()
    s = session(council)
    assert s.read_only and said in (s.read_only_reason or "")
    assert s.code(0, "1") is None and path.read_bytes() == before


def test_corrections_over_the_same_words_or_outside_the_article_open_read_only(
    council: Path,
) -> None:
    path = hand_edited(
        council,
        added_record(council, PASSAGE, "a"),
        added_record(council, "online was", "b"),
    )
    s = session(council)
    assert s.read_only and "overlap" in (s.read_only_reason or "")
    record = added_record(council, PASSAGE, "a")
    record["quote"] |= {"start": 10**6, "end": 10**6 + 5}
    path = hand_edited(council, record)
    s = session(council)
    assert s.read_only and "outside the article" in (s.read_only_reason or "")
    assert path.exists()


def test_a_version_1_file_opens_unchanged_and_is_written_as_2_only_on_a_change(
    council: Path,
) -> None:
    s = session(council)
    saved(s.code(1, "1"))
    s.close()
    path = plain_sidecar(council)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = 1
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    before = path.read_bytes()
    session(council).close()
    assert path.read_bytes() == before
    s = session(council)
    saved(s.code(2, "1"))
    s.close()
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 2


def test_the_form_is_filled_from_an_attribution_or_the_detectors_speaker(council: Path) -> None:
    article = load_article(council)
    text = article.display
    start = text.index("Six votes to three.")
    kind, fields = suggested_fields(article, start, text.index(" — Rosa Delgado (@"))
    assert kind == "post"
    assert (fields["handle"], fields["author"], fields["date"]) == (
        "rosadelgado_hc",
        "Rosa Delgado",
        "2025-03-04",
    )
    start = text.index("respect the council")
    kind, fields = suggested_fields(article, start, start + len("respect the council’s decision"))
    assert (kind, fields["author"]) == ("quote", "The mayor")
    start = text.index(PASSAGE)
    assert suggested_fields(article, start, start + len(PASSAGE))[0] == "span"


def test_the_suggested_address_is_the_first_post_link_in_the_words(tmp_path: Path) -> None:
    path = tmp_path / "links.md"
    path.write_text(
        "Intro with [a link](https://example.org/x).\n\n"
        "She wrote [this](https://example.org/pic.jpg) and [that](https://x.com/jdoe/status/42)"
        " here.\n\nLater [another](https://x.com/jdoe/status/43).\n",
        encoding="utf-8",
    )
    article = load_article(path)
    text = article.display
    start = text.index("She wrote")
    _, fields = suggested_fields(article, start, text.index(" here."))
    assert fields["url"] == "https://x.com/jdoe/status/42"
    assert suggested_fields(article, 0, text.index("She"))[1]["url"] is None


def test_export_marks_origin_status_and_rejection_and_lists_every_item_on_request(
    council: Path,
) -> None:
    from readertui.study.export import collect

    s = session(council)
    added = s.add(*range_of(council, PASSAGE), "span")
    assert not isinstance(added, str)
    saved(s.code(added[0], "1"))
    saved(s.edit(0, author="Councillor Rosa Delgado"))  # type: ignore[arg-type]
    saved(s.code(0, "2"))
    saved(s.code(3, "3"))
    saved(s.reject(3))
    s.close()
    rows = {c.item.id: c for c in collect([council]).coded}
    by_origin = {c.item.origin: c for c in rows.values()}
    assert set(by_origin) == {"added", "edited"}  # the rejected item is left out
    assert by_origin["added"].item.text == PASSAGE and by_origin["added"].item.kind == "span"
    assert by_origin["edited"].item.author == "Councillor Rosa Delgado"
    assert {c.item.status for c in rows.values()} == {"found"}
    with_rejected = collect([council], include_rejected=True).coded
    assert [c.annotation.rejected for c in with_rejected].count(True) == 1
    export = collect([council], all_items=True)
    # Every item but the corrected one and the rejected one, each once.
    assert len([c for c in export.coded if c.coder == ""]) == 9 - 2
    assert len({(c.item.id, c.coder) for c in export.coded}) == len(export.coded)
    assert export.warnings == []  # an added item is not "no longer in the article"
    # The article edited: the added passage is found where its words went; one gone, an orphan.
    text = council.read_text(encoding="utf-8")
    council.write_text("New opening line.\n\n" + text.replace(PASSAGE, "Reaction was mixed."))
    statuses = {c.item.origin: c.item.status for c in collect([council]).coded}
    assert statuses == {"added": "orphan", "edited": "found"}


def test_agree_reports_unitizing_first_then_codes_on_the_shared_units(
    council: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from readertui.cli.main import main
    from readertui.study.agreement import agreement
    from readertui.study.codes import load_study

    alice = session(council)
    saved(alice.code(0, "1"))
    saved(alice.code(2, "1"))  # the post bob rejects
    saved(alice.code(3, "2"))
    added = alice.add(*range_of(council, PASSAGE), "span")
    assert not isinstance(added, str)
    saved(alice.code(added[0], "1"))
    alice.close()
    bob = CodingSession(load_article(council), coder="bob")
    saved(bob.code(0, "2"))
    saved(bob.code(2, "2"))
    saved(bob.reject(2))
    withdrawn = bob.add(*range_of(council, "Reaction online"), "post")
    assert not isinstance(withdrawn, str)
    saved(bob.reject(withdrawn[0]))  # an addition bob took back: no unit for anyone
    bob.close()
    report = agreement(load_study([council]))
    assert {(u.change, u.by, u.not_by) for u in report.unitizing} == {
        ("added", ("alice",), ("bob",)),
        ("rejected", ("bob",), ("alice",)),
    }
    assert report.shared_units == 1  # item 0: the added passage and the rejected post left out
    assert [r.units for r in report.results] == [2]  # item 0, and item 3 (alice alone)
    assert main(["agree", str(council)]) == 0
    out = capsys.readouterr().out
    assert "1 item(s) added and 1 rejected" in out and "compared on 1 unit(s)" in out
    assert "added by alice, not by bob" in out and PASSAGE in out


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"date": "last tuesday"}, "YYYY-MM-DD"),
        ({"url": "javascript:alert(1)"}, "http"),
        ({"handle": "@@foo bar"}, "no spaces"),
        ({"author": "two\nlines"}, "one line"),
    ],
)
def test_fields_the_schema_would_refuse_are_refused_with_one_line(
    council: Path, fields: dict[str, str], said: str
) -> None:
    s = session(council)
    edited = s.edit(2, **fields)  # type: ignore[arg-type]
    assert isinstance(edited, str) and said in edited and "\n" not in edited
    added = s.add(*range_of(council, PASSAGE), "post", **fields)  # type: ignore[arg-type]
    assert isinstance(added, str) and said in added
    assert not plain_sidecar(council).exists()
    saved(s.edit(2, handle="@rosa_d", date="2025-03-05"))  # type: ignore[arg-type]
    assert (s.items[2].handle, s.items[2].date) == ("rosa_d", "2025-03-05")


def test_an_items_words_cannot_be_moved_off_it(council: Path) -> None:
    s = session(council)
    outcome = s.edit(2, *range_of(council, PASSAGE))
    assert isinstance(outcome, str) and "not on this item" in outcome
