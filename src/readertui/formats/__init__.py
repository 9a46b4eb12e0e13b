"""Readers that turn each article format into the same rendered document."""

from __future__ import annotations

from readertui.document import Rendered
from readertui.source import Format


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
