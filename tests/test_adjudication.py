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


def test_agree_with_a_gold_standard_alone_on_an_article_rejecting_an_item(
    tmp_path: Path,
) -> None:
    """The adjudicator alone coded (and rejected an item of) an article: it leaves the study
    with them, and `agree --gold` reports the rest (it raised a KeyError)."""
    import shutil

    from readertui.study.agreement import agreement
    from readertui.study.codes import load_study

    from conftest import FIXTURES

    for name in ("a.txt", "b.txt"):
        shutil.copy(FIXTURES / "five-posts.txt", tmp_path / name)
    first, second = load_article(tmp_path / "a.txt"), load_article(tmp_path / "b.txt")
    for coder, key in (("ana", "1"), ("ben", "2")):
        with CodingSession(first, coder=coder) as session:
            saved(session.code(0, key))
    with CodingSession(second, coder="gold") as session:
        saved(session.code(0, "1"))
        saved(session.reject(1))
    report = agreement(load_study([tmp_path]), gold="gold")
    assert report.coders == ("ana", "ben") and report.articles == 1
