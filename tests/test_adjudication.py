"""What the adjudicator is shown first: the items the coders disagree on."""

from __future__ import annotations

from pathlib import Path

from readertui.annotations import Annotation
from readertui.article import load_article
from readertui.session import CodingSession
from readertui.store import other_coders
from readertui.study.adjudication import coded_by, disputed
from readertui.ui.widgets.item_list import DIFFERS, row

from conftest import saved


def test_a_rejection_one_coder_made_alone_is_a_disagreement(council: Path) -> None:
    article = load_article(council)
    with CodingSession(article, coder="ana") as ana:
        saved(ana.code(0, "1"))
        saved(ana.code(1, "2"))
        saved(ana.reject(2))  # ana: not a post; ben never touched it
    with CodingSession(article, coder="ben") as ben:
        saved(ben.code(0, "1"))  # agrees with ana
        saved(ben.code(1, "3"))  # does not
    with CodingSession(article, coder="gold") as gold:
        others = other_coders(council, gold.path, article)
    ids = [item.id for item in article.items]
    assert disputed(others) == {ids[1], ids[2]}
    assert [coder for coder, _ in coded_by(others, ids[2])] == ["ana"]


def test_the_differs_mark_comes_before_codes_a_narrow_row_cuts_off(council: Path) -> None:
    item = load_article(council).items[0]
    coded = Annotation(tags={"stance": ("support", "oppose", "neutral", "sarcasm")})
    text = row(item, coded, width=20, differs=True).plain
    assert text.index(DIFFERS) < text.index("[support")
