"""Folders of articles, and which file holds which coder's codes."""

from __future__ import annotations

import json
from pathlib import Path

from readertui.store.naming import (
    article_sidecars,
    coder_sidecar,
    plain_sidecar,
    safe_name,
    sidecar_coder,
    sidecar_for,
)
from readertui.study.articles import find_articles
from readertui.study.codes import load_study


def sidecar(path: Path, coder: str | None, codes: dict[str, list[str]] | None = None) -> None:
    annotations = [
        {"post": {"id": "p1"}, "tags": {"stance": codes["p1"]}, "note": ""} for _ in [0] if codes
    ]
    data = {"format": "readertui-annotations", "version": 1, "annotations": annotations}
    if coder is not None:
        data = {"format": "readertui-annotations", "version": 1, "coder": coder, **data}
    path.write_text(json.dumps(data), encoding="utf-8")


def test_articles_are_found_recursively_in_order_skipping_hidden_and_other_files(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["z.txt", "a.md", "b/c.html", "b/d.HTM", ".git/e.txt", "notes.pdf", ".f.txt"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "a.md.annotations.json").write_text("{}", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in find_articles(tmp_path)]
    assert found == ["a.md", "z.txt", "b/c.html", "b/d.HTM"]


def test_a_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    assert [p.name for p in find_articles(tmp_path)] == ["a.txt"]


def test_coder_names_are_safe_in_file_names() -> None:
    assert safe_name("Ana María/2") == "Ana_María_2"
    assert safe_name("../..") == "_"
    assert safe_name("  ") == "coder"


def test_one_coder_keeps_the_plain_name_and_a_second_gets_their_own(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("x", encoding="utf-8")
    assert sidecar_for(article, "alice") == plain_sidecar(article)
    sidecar(plain_sidecar(article), "alice")
    assert sidecar_coder(plain_sidecar(article)) == "alice"
    assert sidecar_for(article, "alice") == plain_sidecar(article)
    assert sidecar_for(article, "bob") == tmp_path / "story.txt.bob.annotations.json"


def test_in_a_shared_folder_new_files_are_per_coder(tmp_path: Path) -> None:
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    for path in (first, second):
        path.write_text("x", encoding="utf-8")
    sidecar(coder_sidecar(first, "bob"), "bob")
    # Another coder works here: even alice's first file names her.
    assert sidecar_for(second, "alice") == coder_sidecar(second, "alice")
    # An existing per-coder file is always used; a plain file without a coder is anyone's.
    assert sidecar_for(first, "bob") == coder_sidecar(first, "bob")
    sidecar(plain_sidecar(second), None)
    assert sidecar_for(second, "carol") == plain_sidecar(second)


def test_every_sidecar_of_an_article_with_its_coder(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    other = tmp_path / "story.txt.v2.md"  # an article whose name starts like the first one's
    for path in (article, other):
        path.write_text("x", encoding="utf-8")
    sidecar(plain_sidecar(article), "alice")
    sidecar(coder_sidecar(article, "bob"), "bob")
    sidecar(plain_sidecar(other), "carol")
    (tmp_path / "story.txt.annotations.json.2026-01-01T000000Z.mine.json").write_text("{}")
    found = [(f.path.name, f.coder) for f in article_sidecars(article)]
    assert found == [
        ("story.txt.annotations.json", "alice"),
        ("story.txt.bob.annotations.json", "bob"),
    ]


def test_a_study_reads_every_coder_and_reports_damaged_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    one, two = tmp_path / "one.txt", tmp_path / "sub" / "two.txt"
    for path in (one, two):
        path.write_text("x", encoding="utf-8")
    sidecar(plain_sidecar(one), "alice", {"p1": ["support"]})
    sidecar(coder_sidecar(one, "bob"), "bob", {"p1": ["oppose"]})
    coder_sidecar(two, "bob").write_text("{not json", encoding="utf-8")
    study = load_study([tmp_path, coder_sidecar(one, "bob"), tmp_path / "missing.txt"])
    assert [a.article for a in study.articles] == [one]
    assert [c.coder for c in study.articles[0].coders] == ["alice", "bob"]
    assert study.coders == ["alice", "bob"]
    assert len(study.problems) == 2
    assert "missing.txt" in study.problems[0] and "not valid JSON" in study.problems[1]
