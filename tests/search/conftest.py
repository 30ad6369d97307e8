"""Fixtures for the search tests: a real SQLite file with the shipped content loaded."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content.loader import ContentPaths, load_content
from bot.db import Database
from bot.db.search_repo import SearchRepo


@pytest.fixture
async def content_db(tmp_path: Path, template_db: Path | None) -> AsyncIterator[Database]:
    """A migrated database holding the article's content (a copy of the session's template)."""
    path = tmp_path / "search.db"
    if template_db is not None:
        shutil.copyfile(template_db, path)
    async with Database(path) as db:
        if template_db is None:
            await load_content(db, ContentPaths.default())
        yield db


@pytest.fixture
async def repo(content_db: Database) -> AsyncIterator[SearchRepo]:
    search_repo = SearchRepo(content_db)
    yield search_repo
    await search_repo.reader.close()
