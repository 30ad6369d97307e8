"""The Database: pragmas, serialised write transactions, atomic migrations."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.db import Database, MigrationError
from bot.db.database import discover_migrations


async def test_connection_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    """The file is in WAL mode with foreign keys enforced."""
    async with Database(tmp_path / "bot.db") as db:
        assert (await db.fetch_one("PRAGMA journal_mode"))[0] == "wal"
        assert (await db.fetch_one("PRAGMA foreign_keys"))[0] == 1
        assert (await db.fetch_one("PRAGMA synchronous"))[0] == 1  # NORMAL


async def test_transaction_rolls_back_everything_on_error(tmp_path: Path) -> None:
    """A failing transaction leaves no row of it behind."""
    async with Database(tmp_path / "bot.db") as db:
        with pytest.raises(RuntimeError):
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
                raise RuntimeError("boom")
        assert await db.fetch_all("SELECT * FROM meta") == []


async def test_concurrent_writers_do_not_join_each_others_transaction(tmp_path: Path) -> None:
    """A write issued while another task holds a transaction is not rolled back with it."""
    async with Database(tmp_path / "bot.db") as db:
        entered = asyncio.Event()

        async def failing_transaction() -> None:
            with pytest.raises(RuntimeError):
                async with db.transaction() as conn:
                    await conn.execute("INSERT INTO meta (key, value) VALUES ('rolled-back', '1')")
                    entered.set()
                    await asyncio.sleep(0.05)
                    raise RuntimeError("boom")

        async def single_write() -> None:
            await entered.wait()
            await db.write("INSERT INTO meta (key, value) VALUES ('kept', '1')")

        await asyncio.gather(failing_transaction(), single_write())
        keys = [row["key"] for row in await db.fetch_all("SELECT key FROM meta")]
        assert keys == ["kept"]


async def test_single_writes_around_a_transaction_stay_their_own(tmp_path: Path) -> None:
    """Single statements do not wait for each other (they are queued back to back), yet none issued
    just before, during or after a transaction runs inside it: its rollback takes only its own row."""
    async with Database(tmp_path / "bot.db") as db:

        async def single(key: str) -> None:
            await db.write_returning("INSERT INTO meta (key, value) VALUES (?, '1') RETURNING key", (key,))

        async def failing_transaction() -> None:
            with pytest.raises(RuntimeError):
                async with db.transaction() as conn:
                    await conn.execute("INSERT INTO meta (key, value) VALUES ('rolled-back', '1')")
                    await asyncio.sleep(0)  # let the writes issued meanwhile reach the lock
                    raise RuntimeError("boom")

        before = [asyncio.create_task(single(f"before-{n}")) for n in range(20)]
        await asyncio.sleep(0)  # they are queued on the connection now, still running
        transaction = asyncio.create_task(failing_transaction())
        during = [asyncio.create_task(db.write("INSERT INTO meta (key, value) VALUES (?, '1')", (f"during-{n}",)))
                  for n in range(20)]  # fmt: skip
        await asyncio.gather(*before, transaction, *during)
        await single("after")
        keys = {row["key"] for row in await db.fetch_all("SELECT key FROM meta")}
        assert keys == {f"before-{n}" for n in range(20)} | {f"during-{n}" for n in range(20)} | {"after"}
        assert not db.conn.in_transaction


async def test_data_survives_reopening(tmp_path: Path) -> None:
    """What was committed is there after the connection is closed and opened again."""
    path = tmp_path / "bot.db"
    async with Database(path) as db:
        await db.write("INSERT INTO meta (key, value) VALUES ('x', 'y')")
    async with Database(path) as db:
        assert (await db.fetch_one("SELECT value FROM meta WHERE key = 'x'"))["value"] == "y"


async def test_a_failing_migration_changes_nothing(tmp_path: Path) -> None:
    """A migration that fails halfway leaves neither its tables nor a new version."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "0001_first.sql").write_text("CREATE TABLE one (id INTEGER PRIMARY KEY);")
    (migrations / "0002_broken.sql").write_text("CREATE TABLE two (id INTEGER); INSERT INTO nowhere VALUES (1);")
    db = Database(tmp_path / "bot.db", migrations_dir=migrations)
    with pytest.raises(MigrationError, match="0002_broken"):
        await db.connect()
    assert await db.schema_version() == 1
    tables = {row[0] for row in await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "two" not in tables and "one" in tables
    await db.close()


async def test_newer_database_than_code_is_refused(tmp_path: Path) -> None:
    """Running old code on a database migrated by newer code stops with a clear error."""
    async with Database(tmp_path / "bot.db") as db:
        await db.write("PRAGMA user_version = 9999")
    with pytest.raises(MigrationError, match="newer than this code"):
        async with Database(tmp_path / "bot.db"):
            pass


def test_migration_numbers_are_unique_and_well_named(tmp_path: Path) -> None:
    """Two files with one number, or a badly named file, are refused."""
    (tmp_path / "0001_a.sql").write_text("")
    (tmp_path / "0001_b.sql").write_text("")
    with pytest.raises(MigrationError, match="used twice"):
        discover_migrations(tmp_path)
    (tmp_path / "0001_b.sql").unlink()
    (tmp_path / "2-bad.sql").write_text("")
    with pytest.raises(MigrationError, match="NNNN_lowercase_name"):
        discover_migrations(tmp_path)


def test_shipped_migrations_are_discoverable() -> None:
    """The project's own migrations start at 0001 and parse."""
    migrations = discover_migrations()
    assert migrations[0].version == 1


async def test_processes_sharing_a_new_file_migrate_and_load_it_together(tmp_path: Path) -> None:
    """Several bots on one machine may share DATABASE_PATH (its content and search index, with
    DATABASE_URL): started together on a new file, each finds the migrations and content in place,
    whoever applied them."""
    from bot.content.loader import ContentPaths, load_content

    bots = [Database(tmp_path / "shared.db") for _ in range(4)]
    try:
        await asyncio.gather(*(bot.connect() for bot in bots))
        reports = await asyncio.gather(*(load_content(bot, ContentPaths.default()) for bot in bots))
        assert {await bot.schema_version() for bot in bots} == {discover_migrations()[-1].version}
        assert len({tuple(r.counts.items()) for r in reports}) == 1
    finally:
        for bot in bots:
            await bot.close()
