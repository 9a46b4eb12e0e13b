"""The core (model, readers, detection) is plain Python: no Textual, no Rich."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_neither_textual_nor_rich() -> None:
    code = (
        "import sys\n"
        "import readertui.article, readertui.detect, readertui.formats.markdown, "
        "readertui.formats.html, readertui.formats.plaintext, readertui.source, readertui.cli\n"
        "from readertui.article import load_article\n"
        "load_article(sys.argv[1])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    from conftest import SAMPLES

    proc = subprocess.run(
        [sys.executable, "-c", code, str(SAMPLES / "harbor-festival.md")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
