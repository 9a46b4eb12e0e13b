"""The core is plain Python: only app.py, screens/ and widgets/ may import Textual or Rich."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLES

PACKAGE = Path(__file__).parent.parent / "src" / "readertui"
UI = {"ui"}


def core_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] in UI or parts[-1] == "__main__":
            continue
        names.append(".".join(["readertui", *(p for p in parts if p != "__init__")]))
    return names


def test_core_imports_neither_textual_nor_rich(tmp_path: Path) -> None:
    modules = core_modules()
    expected = {"session", "store.sidecar", "store.journal", "detect", "cli.main"}
    assert {f"readertui.{name}" for name in expected} <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "from readertui.article import load_article\n"
        "from readertui.session import CodingSession\n"
        "CodingSession(load_article(sys.argv[1]), coder='x', annotations_path=None)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    # A private copy: the session takes a lock beside the article, never in sample_articles/.
    article = tmp_path / "harbor-festival.md"
    shutil.copyfile(SAMPLES / "harbor-festival.md", article)
    proc = subprocess.run(
        [sys.executable, "-c", code, str(article)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_first_frame_waits_for_no_parser() -> None:
    """The app module imports only what the opening screen needs; parsers, detectors and the
    annotation store are loaded by the worker that opens the article, after the first frame."""
    code = (
        "import sys\n"
        "import readertui.cli.main, readertui.ui.app\n"
        "heavy = ['readertui.article', 'readertui.detect', 'readertui.formats', "
        "'readertui.session', 'readertui.store.anchoring', 'markdown_it', 'trafilatura']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


def imported_modules(path: Path) -> set[str]:
    """The modules a source file imports (at any depth of the file)."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_only_the_store_touches_its_own_modules() -> None:
    """Annotation files are the store's: the rest of readertui goes through `readertui.store`
    (its public face), never into the modules inside it."""
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "store" in path.relative_to(PACKAGE).parts:
            continue
        inside = sorted(m for m in imported_modules(path) if m.startswith("readertui.store."))
        if inside:
            offenders[str(path.relative_to(PACKAGE))] = inside
    assert offenders == {}


def test_the_pure_core_packages_import_no_ui() -> None:
    """store/, formats/, detect/ and study/ are plain Python: no Textual, no Rich, no UI."""
    offenders = {}
    for package in ("store", "formats", "detect", "study"):
        for path in sorted((PACKAGE / package).rglob("*.py")):
            bad = sorted(
                m
                for m in imported_modules(path)
                if m.split(".")[0] in ("textual", "rich") or m.startswith("readertui.ui")
            )
            if bad:
                offenders[str(path.relative_to(PACKAGE))] = bad
    assert offenders == {}


def test_the_ui_uses_no_private_attribute_of_textual() -> None:
    """An upgrade of Textual may change its private attributes without a word: the UI reads
    only the private attributes it defines itself, through `self`."""
    trees = [
        (path.name, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
    ]
    own = {  # what the UI's own classes define: methods, class attributes, `self._x = ...`
        name
        for _, tree in trees
        for node in ast.walk(tree)
        for name in (
            [node.name] if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else
            [t.id for t in node.targets if isinstance(t, ast.Name)] if isinstance(node, ast.Assign) else
            [node.target.id] if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) else
            [node.attr] if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) else
            []
        )
    }  # fmt: skip
    found = []
    for name, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
                continue
            value = node.value
            mine = (isinstance(value, ast.Name) and value.id in ("self", "cls")) or (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id == "super"
            )
            if not node.attr.startswith("__") and not (mine and node.attr in own):
                found.append(f"{name}:{node.lineno} .{node.attr}")
    assert found == []
