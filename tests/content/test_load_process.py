"""The content load in a child process (the bot's start-up): the same rows as a load here, the same
errors, nothing stored on failure, and no child at all when the files are unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import load_process
from bot.content.load_process import ContentLoadFailed, load_content_in_child
from bot.content.loader import ContentError, ContentPaths, load_content
from bot.db import Database
from tests.content.test_content_loader import dump, rewrite


async def test_the_child_stores_what_a_load_here_stores(db: Database, paths: ContentPaths, tmp_path: Path) -> None:
    report = await load_content_in_child(db, paths)
    assert report.loaded
    assert report.counts == {"people": 6, "occasions": 2, "quotes": 14, "facts": 28, "questions": 80}
    async with Database(tmp_path / "here.db") as here:
        assert (await load_content(here, paths)).counts == report.counts
        for database in (db, here):  # when each was written differs, naturally
            await database.write("UPDATE questions SET created_at = ''")
        assert await dump(db) == await dump(here)


async def test_unchanged_files_start_no_child(
    db: Database, paths: ContentPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await load_content_in_child(db, paths)

    async def no_child(*_args: object) -> dict:
        raise AssertionError("a child process was started for unchanged files")

    monkeypatch.setattr(load_process, "_run_child", no_child)
    second = await load_content_in_child(db, paths)
    assert not second.loaded and second.counts == first.counts


async def test_content_errors_come_back_and_nothing_changes(db: Database, paths: ContentPaths) -> None:
    await load_content_in_child(db, paths)
    before = await dump(db)
    rewrite(paths.content, "I think that’s pretty cool,", "I think that’s pretty neat,")  # not in the article
    with pytest.raises(ContentError) as in_child:
        await load_content_in_child(db, paths)
    with pytest.raises(ContentError) as here:
        await load_content(db, paths)
    assert in_child.value.problems == here.value.problems
    assert any("pretty-cool" in p for p in in_child.value.problems)
    assert await dump(db) == before


async def test_a_failing_child_is_reported_with_its_error_and_stores_nothing(db: Database, paths: ContentPaths) -> None:
    # A trigger stored in the file (not TEMP: the child's own connection sees it) fails the write.
    await db.write("CREATE TRIGGER refuse_facts BEFORE INSERT ON facts BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(ContentLoadFailed, match="refused"):
        await load_content_in_child(db, paths)
    assert all(rows == [] for rows in (await dump(db)).values())
