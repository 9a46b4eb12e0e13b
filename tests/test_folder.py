"""A folder as the picker sees it: counts per article, orders and filters."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from readertui.article import load_article
from readertui.session import CodingSession
from readertui.study.folder import ORDERS, SHOWS, Summary, arrange, summarize

from conftest import FIXTURES, SAMPLES


def test_summary_counts_posts_quotes_and_this_coders_codes(tmp_path: Path) -> None:
    path = tmp_path / "council-vote.txt"
    shutil.copy(SAMPLES / "council-vote.txt", path)
    assert summarize(path, "alice") == Summary(path, posts=5, quotes=4, coded=0)
    with CodingSession(load_article(path), coder="alice") as session:
        session.code(0, "1")
        session.code(3, "2")
        session.set_note(4, "a note is not a code")
    assert summarize(path, "alice").coded == 2
    assert summarize(path, "bob").coded == 0  # bob's codes would be in a file of his own


def test_unreadable_articles_and_sidecars_say_why(tmp_path: Path) -> None:
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02")
    assert "binary" in (summarize(binary, "alice").error or "")
    article = tmp_path / "a.txt"
    shutil.copy(FIXTURES / "five-posts.txt", article)
    (tmp_path / "a.txt.annotations.json").write_text("{oops", encoding="utf-8")
    broken = summarize(article, "alice")
    assert broken.posts == 5 and "not valid JSON" in (broken.error or "")
    assert not broken.done


def test_orders_and_filters() -> None:
    a = Summary(Path("a.txt"), posts=4, coded=4)
    b = Summary(Path("b.txt"), posts=2, quotes=8, coded=1)
    c = Summary(Path("c.txt"), posts=3, coded=0)
    d = Summary(Path("d.txt"), scanned=False)
    e = Summary(Path("e.txt"))  # nothing to code: done
    everything = [e, d, c, b, a]
    by_name, uncoded_first, biggest = ORDERS
    show_all, to_code, done = SHOWS
    assert [s.path.name for s in arrange(everything, by_name, show_all)] == [
        "a.txt", "b.txt", "c.txt", "d.txt", "e.txt",
    ]  # fmt: skip
    # Least coded first, articles not read yet after them, done ones last.
    assert [s.path.name for s in arrange(everything, uncoded_first, show_all)] == [
        "c.txt", "b.txt", "d.txt", "a.txt", "e.txt",
    ]  # fmt: skip
    assert arrange(everything, biggest, show_all)[0].path.name == "b.txt"
    assert [s.path.name for s in arrange(everything, by_name, to_code)] == [
        "b.txt",
        "c.txt",
        "d.txt",
    ]
    assert [s.path.name for s in arrange(everything, by_name, done)] == ["a.txt", "e.txt"]


def test_a_folder_is_read_even_where_worker_processes_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    import readertui.study.folder as folder
    import readertui.study.workers as workers

    paths = []
    for n in range(3):
        path = tmp_path / f"{n}.txt"
        shutil.copy(FIXTURES / "five-posts.txt", path)
        paths.append(path)

    def broken(*args: object, **kwargs: object) -> Iterator[list[Summary]]:
        yield [summarize(paths[0], "alice")]
        raise BrokenProcessPool("a worker died")

    monkeypatch.setattr(workers, "in_processes", broken)
    got = [s for batch in folder.summarize_all(paths, "alice") for s in batch]
    assert sorted(s.path for s in got) == paths
    assert all(s.posts == 5 for s in got)


def test_worker_processes_read_a_folder(tmp_path: Path) -> None:
    from readertui.study.folder import summarize_all

    paths = []
    for n in range(20):
        path = tmp_path / f"{n:02d}.txt"
        shutil.copy(FIXTURES / "five-posts.txt", path)
        paths.append(path)
    got = [s for batch in summarize_all(paths, "alice") for s in batch]
    assert sorted(s.path for s in got) == paths and {s.posts for s in got} == {5}


def test_counts_follow_codes_to_items_whose_words_were_edited(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    shutil.copy(FIXTURES / "five-posts.txt", path)
    with CodingSession(load_article(path), coder="alice") as session:
        for index in range(5):
            session.code(index, "1")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("called me once", "called me even once"), encoding="utf-8")
    # The sidecar still holds the old id of the edited post; the reader finds it again.
    assert summarize(path, "alice").coded == 5


def test_the_article_itself_counts_when_its_codebook_codes_it(tmp_path: Path) -> None:
    """Every post coded but the article-level variable: not done."""
    from readertui.codebook import load_codebook

    path = tmp_path / "council-vote.txt"
    shutil.copy(FIXTURES / "five-posts.txt", path)
    book = load_codebook(FIXTURES / "all-types.toml")
    with CodingSession(load_article(path), coder="alice", codebook=book) as session:
        for index in range(1, 6):
            session.code(index, "c")
    summary = summarize(path, "alice")  # the codebook the codes were saved with
    assert (summary.items, summary.coded, summary.done) == (6, 5, False)
    assert summarize(path, "alice", book) == summary
    with CodingSession(load_article(path), coder="alice", codebook=book) as session:
        session.code(0, "1")
    assert summarize(path, "alice").done
