"""Opening an article: read, render, detect. The one entry point the CLI and the app use."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from readertui.detect import detect_posts, detect_quotes
from readertui.document import Article, Rendered
from readertui.formats import guess_format, render
from readertui.gcutil import gc_paused
from readertui.source import Format, Source, read_source


def load_article(path: Path | str) -> Article:
    """Read and analyse an article file; raises `ArticleError` for input that cannot be read."""
    return article_from_source(read_source(path))


def article_from_text(text: str, fmt: Format = "text", path: Path | str = "<text>") -> Article:
    """Analyse text given directly (tests, other tools); offsets are into `text`."""
    import hashlib

    source = Source(Path(path), text, hashlib.sha256(text.encode()).hexdigest(), "utf-8")
    return article_from_source(source, fmt)


def article_from_source(source: Source, fmt: Format | None = None) -> Article:
    """Render and analyse `source`, read as `fmt` (by default: from the file's extension,
    else from what its text looks like)."""
    fmt = fmt or guess_format(source.path, source.text)
    # Building the model only allocates (nothing cyclic to free): collection passes would
    # just walk millions of young objects, so the collector waits until the model is built.
    with gc_paused():
        doc = render(source.text, fmt)
        posts = detect_posts(doc)
        quotes = detect_quotes(doc, posts)
    rendered = {f.name: getattr(doc, f.name) for f in fields(Rendered)}
    rendered["warnings"] = [*source.warnings, *doc.warnings]
    return Article(
        **rendered,
        path=source.path,
        format=fmt,
        source=source.text,
        sha256=source.sha256,
        items=sorted([*posts, *quotes], key=lambda item: item.span[0]),
    )
