"""The command line: `readertui ARTICLE|FOLDER` (the reader), `posts`, `export`, `agree`."""

from readertui.cli.main import main, run

__all__ = ["main", "run"]
