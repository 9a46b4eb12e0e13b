"""Work on many articles in worker processes, results as they come, in batches; what the
processes could not do (none can be had, or one died) is done here, one article at a time.

Processes, not threads: reading an article is pure Python, so in a thread it would hold the
interpreter lock the screen needs to answer keys; and a study is read on every core. "spawn":
the screen's process runs threads, which a forked child must not inherit.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol, TypeVar


class _OfArticle(Protocol):
    @property
    def path(self) -> Path: ...


T = TypeVar("T")
R = TypeVar("R")
A = TypeVar("A", bound=_OfArticle)

#: Articles given to a worker process at a time: few enough to report progress often,
#: enough that sending them costs little beside reading them (~10-50 ms each).
CHUNK = 8


def prepare_workers() -> None:
    """Start multiprocessing's resource tracker now, while stderr is still the terminal's:
    started later, under Textual (whose stderr has no file descriptor), it cannot start."""
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()


def each_article(
    work: Callable[[Sequence[Path]], list[A]],
    paths: Sequence[Path],
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[A]]:
    """`work` on every article, in batches as they are done (each result names its article's
    `path`): by worker processes, and here for what they left undone."""
    left = dict.fromkeys(paths)
    try:
        for batch in in_processes(work, paths, cancelled):
            for result in batch:
                left.pop(result.path, None)
            yield batch
    except (BrokenProcessPool, OSError):
        pass
    for path in left:
        if cancelled():
            return
        yield work([path])


def in_processes(
    work: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[R]]:
    """`work` on chunks of `items` in worker processes: each chunk's results when done (in
    the order they finish). `work` must be a module-level function (it is pickled)."""
    workers = min(4, os.cpu_count() or 1, max(1, len(items) // CHUNK))
    chunks = [items[n : n + CHUNK] for n in range(0, len(items), CHUNK)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: set[Future[list[R]]] = {pool.submit(work, chunk) for chunk in chunks}
        try:
            while pending:
                if cancelled():
                    return
                done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
