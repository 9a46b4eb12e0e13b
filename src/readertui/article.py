"""Opening an article: read, render, detect. The one entry point the CLI and the app use."""

from __future__ import annotations

from pathlib import Path

from readertui.detect import detect_posts
from readertui.document import Article
from readertui.formats import render
from readertui.source import Format, Source, read_source


def load_article(path: Path | str) -> Article:
    """Read and analyse an article file; raises `ArticleError` for input that cannot be read."""
    return article_from_source(read_source(path))


def article_from_text(text: str, fmt: Format = "text", path: Path | str = "<text>") -> Article:
    """Analyse text given directly (tests, other tools); offsets are into `text`."""
    import hashlib

    source = Source(Path(path), text, hashlib.sha256(text.encode()).hexdigest(), "utf-8", fmt)
    return article_from_source(source)


def article_from_source(source: Source) -> Article:
    doc = render(source.text, source.format)
    return Article(
        path=source.path,
        format=source.format,
        source=source.text,
        sha256=source.sha256,
        display=doc.display,
        srcmap=doc.srcmap,
        blocks=doc.blocks,
        containers=doc.containers,
        links=doc.links,
        styles=doc.styles,
        posts=detect_posts(doc),
        warnings=doc.warnings,
    )
