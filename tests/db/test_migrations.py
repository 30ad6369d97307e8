"""Migrations on real SQLite files: from nothing, from every earlier version, and when they fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import ContentPaths, load_content
from bot.db import Database
from bot.db.database import discover_migrations

MIGRATIONS = discover_migrations()
LATEST = MIGRATIONS[-1].version
EARLIER = [0, *(m.version for m in MIGRATIONS[:-1])]


async def schema(db: Database) -> list[tuple]:
    rows = await db.fetch_all("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    return [tuple(r) for r in rows]


@pytest.fixture
async def fresh_schema(tmp_path: Path) -> list[tuple]:
    async with Database(tmp_path / "fresh.db") as db:
        return await schema(db)


def test_migrations_are_numbered_and_start_at_0001() -> None:
    assert MIGRATIONS[0].name == "0001_initial"
    assert [m.version for m in MIGRATIONS] == sorted({m.version for m in MIGRATIONS})


async def test_from_an_empty_file(tmp_path: Path, fresh_schema: list[tuple]) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    async with Database(path) as db:
        assert await db.schema_version() == LATEST
        assert await schema(db) == fresh_schema
        journal = await db.fetch_one("PRAGMA journal_mode")
        foreign_keys = await db.fetch_one("PRAGMA foreign_keys")
        assert (journal[0], foreign_keys[0]) == ("wal", 1)


@pytest.mark.parametrize("version", EARLIER)
async def test_from_each_earlier_version(tmp_path: Path, fresh_schema: list[tuple], version: int) -> None:
    """A database left at ``version`` upgrades to the same schema as a fresh one, keeping its rows,
    and then takes the content."""
    path = tmp_path / f"at-{version}.db"
    db = Database(path)
    await db.connect(migrate=False)
    assert await db.migrate(target=version) == version
    assert await db.schema_version() == version
    if version >= 1:
        await db.write("INSERT INTO meta (key, value) VALUES ('kept', 'yes')")
    await db.close()

    async with Database(path) as db:  # connect() migrates the rest
        assert await db.schema_version() == LATEST
        assert await schema(db) == fresh_schema
        if version >= 1:
            assert (await db.fetch_one("SELECT value FROM meta WHERE key = 'kept'"))[0] == "yes"
        assert (await load_content(db, ContentPaths.default())).loaded
        assert await db.migrate() == LATEST  # nothing left to apply


async def test_0018_keeps_reports_and_suggestions_and_never_gives_their_ids_again(tmp_path: Path) -> None:
    """Issue 19: reports and suggestions are rebuilt with AUTOINCREMENT, rows and ids kept; from then
    on, deleting the newest row (as /privacy does) does not hand its id to the next one."""
    db = Database(tmp_path / "at-17.db")
    await db.connect(migrate=False)
    await db.migrate(target=17)
    for n in (1, 2, 3):
        await db.write(
            "INSERT INTO reports (id, guild_id, user_id, item_kind, item_id, reason) VALUES (?, 5, ?, 'quote', 'q', 'r')",
            (n, 100 + n),
        )
        await db.write(
            "INSERT INTO suggestions (id, guild_id, user_id, prompt, answer, source) VALUES (?, 5, ?, 'p', 'a', 's')",
            (n, 100 + n),
        )
    before = {
        t: [tuple(r) for r in await db.fetch_all(f"SELECT * FROM {t} ORDER BY id")] for t in ("reports", "suggestions")
    }
    await db.close()
    async with Database(tmp_path / "at-17.db") as db:
        for table, rows in before.items():
            assert [tuple(r) for r in await db.fetch_all(f"SELECT * FROM {table} ORDER BY id")] == rows, table
            await db.write(f"DELETE FROM {table} WHERE id = 3")
        new_report = await db.write_returning(
            "INSERT INTO reports (guild_id, user_id, item_kind, item_id, reason) VALUES (5, 9, 'quote', 'q', 'r') RETURNING id"
        )
        new_suggestion = await db.write_returning(
            "INSERT INTO suggestions (guild_id, user_id, prompt, answer, source) VALUES (5, 9, 'p', 'a', 's') RETURNING id"
        )
        assert (new_report[0][0], new_suggestion[0][0]) == (4, 4)
