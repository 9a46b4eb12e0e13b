"""A folder of articles as the picker shows it: what each holds, how far a coder has got,
and the orders and filters a coder chooses between. Plain Python: the picker only draws it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from readertui.codebook import Codebook
from readertui.document import ARTICLE_ID
from readertui.study.workers import each_article


@dataclass(frozen=True, slots=True)
class Summary:
    """One article of the folder: its counts, or why it cannot be read (`error`)."""

    path: Path
    posts: int = 0
    quotes: int = 0
    coded: int = 0
    error: str | None = None
    scanned: bool = True  # False until the article has been read
    article: int = 0  # 1: the article itself is coded too (its codebook's article variables)

    @property
    def items(self) -> int:
        return self.posts + self.quotes + self.article

    @property
    def done(self) -> bool:
        return self.scanned and self.error is None and self.coded >= self.items

    @property
    def progress(self) -> float:
        """Share coded; articles with nothing to code sort as done."""
        return self.coded / self.items if self.items else 1.0


def summarize(path: Path, coder: str, codebook: Codebook | None = None) -> Summary:
    """Read and analyse one article and count what `coder` has coded in it, the article
    itself too when the codebook (`codebook`, else the one the coder's codes were saved with)
    has article-level variables."""
    # Imported here: the picker shows its first frame before the parsers are loaded.
    from readertui.article import article_from_source
    from readertui.source import ArticleError, read_source
    from readertui.store import SidecarError, anchored, read_sidecar, sidecar_for

    try:
        article = article_from_source(read_source(path))
    except ArticleError as exc:
        return Summary(path, error=str(exc))
    ids = {item.id for item in article.items}
    coded = 0
    try:
        stored = read_sidecar(sidecar_for(path, coder))
    except SidecarError as exc:
        return Summary(path, len(article.posts), len(article.quotes), error=str(exc))
    book = codebook or (stored.codebook if stored is not None else None)
    whole = int(book is not None and book.codes_article)
    if stored is not None:
        # An article edited since it was coded: count its codes where the reader will find them.
        stored = anchored(stored, article)
        ids |= {ARTICLE_ID} if whole else set()
        coded = sum(1 for i, a in stored.annotations.items() if i in ids and a.is_coded)
    return Summary(path, len(article.posts), len(article.quotes), coded, article=whole)


def _summarize_chunk(
    paths: Sequence[Path], *, coder: str, codebook: Codebook | None
) -> list[Summary]:
    return [summarize(path, coder, codebook) for path in paths]


def summarize_all(
    paths: Sequence[Path],
    coder: str,
    cancelled: Callable[[], bool] = lambda: False,
    codebook: Codebook | None = None,
) -> Iterator[list[Summary]]:
    """Summaries of every article, in batches as they are done (`workers.each_article`)."""
    work = partial(_summarize_chunk, coder=coder, codebook=codebook)
    return each_article(work, paths, cancelled)


@dataclass(frozen=True, slots=True)
class Order:
    label: str
    key: Callable[[Summary], tuple[object, ...]]


ORDERS: Sequence[Order] = (
    Order("name", lambda s: (str(s.path),)),
    Order("uncoded first", lambda s: (s.done, s.progress, str(s.path))),
    Order("most items first", lambda s: (-s.items, str(s.path))),
)


@dataclass(frozen=True, slots=True)
class Show:
    label: str
    keep: Callable[[Summary], bool]


SHOWS: Sequence[Show] = (
    Show("all", lambda s: True),
    Show("to code", lambda s: not s.done),
    Show("done", lambda s: s.done),
)


def arrange(summaries: Sequence[Summary], order: Order, show: Show) -> list[Summary]:
    return sorted((s for s in summaries if show.keep(s)), key=order.key)
