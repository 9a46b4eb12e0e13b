from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from readertui.article import article_from_text
from readertui.document import Article, Item
from readertui.session import SaveResult
from readertui.source import Format
from readertui.store.records import Record, parse_record

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"
#: The sample articles themselves (a user who tried the reader may have left sidecars beside them).
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".md", ".html"})


def analyse(text: str, fmt: Format = "text") -> Article:
    return article_from_text(text, fmt)


def posts(text: str, fmt: Format = "text") -> list[Item]:
    return analyse(text, fmt).posts


def span_text(text: str, post: Item) -> str:
    assert post.start is not None and post.end is not None
    return text[post.start : post.end]


@pytest.fixture(autouse=True)
def no_user_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read the config file of whoever runs them."""
    empty = tmp_path_factory.mktemp("config") / "config.toml"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("READERTUI_CONFIG", str(empty))


async def settle(pilot: Any) -> None:
    """Let the app finish what it does in the background (opening an article, reading a
    folder) and show the result."""
    from readertui.ui.screens.opening import OpeningScreen

    app = pilot.app
    for _ in range(200):  # bounded: a loaded machine may need a few more turns
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not isinstance(app.screen, OpeningScreen) and app.screen.is_mounted:
            break
    await pilot.pause()


@pytest.fixture
def samples() -> Path:
    return SAMPLES


FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A private copy of the council-vote sample's five posts (its quotations left out, so the
    posts are items 0-4), free to annotate."""
    path = tmp_path / "council-vote.txt"
    shutil.copy(FIXTURES / "five-posts.txt", path)
    return path


def many_posts(path: Path, count: int) -> None:
    """An article of `count` flattened posts by @user000, @user001, ..., each after a line
    of prose: what the crash tests code and kill."""
    paragraphs = ["Harbor City council votes to close Pier 9", "The council voted on Tuesday."]
    for i in range(count):
        paragraphs.append(f"Reaction number {i} came in quickly from the waterfront.")
        paragraphs.append(
            f"Post number {i} says the pier vote was a turning point for us all. "
            f"— Person {i} (@user{i:03d}) March 4, 2025"
        )
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def saved(result: SaveResult | None) -> SaveResult:
    """What a change's save said: the change must have been one (None: nothing to change)."""
    assert result is not None, "nothing was changed"
    return result


def status(screen: Any) -> str:
    """What a screen's header says of the coding (its sub-title), as text."""
    return str(screen.sub_title or "")


@dataclass
class Notice:
    title: str
    message: str
    markup: bool = True


def notices(app: Any) -> list[Notice]:
    """The notifications the app shows from now on, as its public `notify` is called, until
    its public `clear_notifications` clears them: what is on screen, for the tests to read."""
    shown: list[Notice] = []
    notify, clear = app.notify, app.clear_notifications

    def recorded(message: str, *, title: str = "", markup: bool = True, **kw: Any) -> None:
        shown.append(Notice(title, str(message), markup))
        notify(message, title=title, markup=markup, **kw)

    def cleared() -> None:
        shown.clear()
        clear()

    app.notify, app.clear_notifications = recorded, cleared
    return shown


def as_records(written: list[dict[str, Any]]) -> list[Record]:
    """Records as a sidecar written this way would hold them once read."""
    return [parse_record(record, "a test's record") for record in written]
