from __future__ import annotations

import pytest

from readertui.detect.dates import match_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("December 2, 2021", "2021-12-02"),
        ("Dec 2, 2021", "2021-12-02"),
        ("Dec. 2, 2021", "2021-12-02"),
        ("December 2nd, 2021", "2021-12-02"),
        ("2 December 2021", "2021-12-02"),
        ("2 décembre 2021", "2021-12-02"),
        ("4. März 2017", "2017-03-04"),
        ("4\\. März 2017", "2017-03-04"),
        ("2 de diciembre de 2021", "2021-12-02"),
        ("2 dicembre 2021", "2021-12-02"),
        ("2 de dezembro de 2021", "2021-12-02"),
        ("2 december 2021", "2021-12-02"),
        ("2 декабря 2021", "2021-12-02"),
        ("2. joulukuuta 2021", "2021-12-02"),
        ("2021年12月2日", "2021-12-02"),
        ("2021년 12월 2일", "2021-12-02"),
        ("2021-12-02", "2021-12-02"),
        ("January 5, 2024 at 10:32 AM", "2024-01-05"),
    ],
)
def test_dates_in_the_forms_embeds_print(text: str, iso: str) -> None:
    found = match_date(text, 0)
    assert found is not None
    assert found[0] == iso
    assert found[1] == len(text)


def test_date_glued_to_the_next_sentence_ends_at_the_year() -> None:
    assert match_date("December 31, 2017Trump said", 0) == ("2017-12-31", 17)


@pytest.mark.parametrize("text", ["Someday 2, 2021", "February 30, 2021", "3 days ago", "12345"])
def test_not_dates(text: str) -> None:
    assert match_date(text, 0) is None
