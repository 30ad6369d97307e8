"""Fixtures for the content tests: copies of the real data files in tmp_path, and a real SQLite file."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content.loader import ContentPaths
from bot.db import Database
from bot.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"


@pytest.fixture(scope="session")
def article_text() -> str:
    return (DATA / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def content_text() -> str:
    return (DATA / "episode.toml").read_text(encoding="utf-8")


@pytest.fixture
def paths(tmp_path: Path) -> ContentPaths:
    """Copies of data/article.txt and data/episode.toml that a test may rewrite."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("article.txt", "episode.toml"):
        shutil.copyfile(DATA / name, folder / name)
    return ContentPaths(article=folder / "article.txt", content=folder / "episode.toml")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "content.db") as database:
        yield database
