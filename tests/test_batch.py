"""`readertui posts FOLDER`'s reading: in worker processes, or in this one when a folder is
small; the same items either way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from readertui.study import batch, workers

from conftest import SAMPLE_FILES


def corpus(tmp_path: Path) -> list[Path]:
    for path in SAMPLE_FILES[:6]:
        shutil.copy(path, tmp_path / path.name)
    return sorted(tmp_path.iterdir())


def items(found: list[list[batch.Found]]) -> dict[Path, list[dict[str, object]]]:
    return {f.path: f.items for chunk in found for f in chunk}


def test_a_small_folder_is_read_here_and_a_large_one_by_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = corpus(tmp_path)
    started: list[int] = []
    each_article = workers.each_article

    def counted(*args: object, **kw: object) -> object:
        started.append(1)
        return each_article(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "each_article", counted)
    here = items(list(batch.read_all(paths)))
    assert not started  # a few KB: no worker process is worth starting
    monkeypatch.setattr(batch, "IN_PROCESS_BYTES", 1)
    by_workers = items(list(batch.read_all(paths)))
    assert started and by_workers == here and sum(map(len, here.values())) > 10
