"""Readers that turn each article format into the same rendered document."""

from __future__ import annotations

from pathlib import Path

from readertui.document import Rendered
from readertui.source import HTML_SUFFIXES, MARKDOWN_SUFFIXES, TEXT_SUFFIXES, Format


def render(text: str, fmt: Format) -> Rendered:
    """Render source text of the given format (imports only the reader it needs)."""
    if fmt == "markdown":
        from readertui.formats.markdown import render_markdown

        return render_markdown(text)
    if fmt == "html":
        from readertui.formats.html import render_html
        from readertui.formats.maincontent import main_content

        return main_content(text, render_html(text))
    from readertui.formats.plaintext import render_text

    return render_text(text)


def guess_format(path: Path, text: str) -> Format:
    """The article's format: from its extension, else sniffed from its first 64 KB."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return sniff_format(text[:65536])


def sniff_format(head: str) -> Format:
    """HTML if it starts like a page, Markdown if it has Markdown structure, else plain text."""
    start = head.lstrip("\ufeff \t\n").lower()
    if start.startswith(("<!doctype html", "<html", "<?xml")) or (
        start.startswith("<") and head.lower().count("</p>") + head.lower().count("</div>") >= 3
    ):
        return "html"
    from readertui.formats.markdown_parser import has_markdown_structure  # (markdown-it)

    return "markdown" if has_markdown_structure(head) else "text"
