"""The PostgreSQL backend on a real server: its migrations (once, however many processes start
together), its schema held to SQLite's, the content and bank loaded once, and its start-up failures
told in one line."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import asyncpg
import pytest

from bot.content.loader import ContentPaths
from bot.db.database import Database, DatabaseUnreachable, DatabaseUnusable, MigrationError, discover_migrations
from bot.db.postgres.copy import LOCAL_ONLY, LOCAL_ONLY_PREFIX, TABLES
from bot.db.postgres.database import MIGRATIONS_DIR, PgDatabase
from bot.db.repositories import Repositories
from tests.pg_cluster import ThrowawayCluster

PG_MIGRATIONS = discover_migrations(MIGRATIONS_DIR)
PROCESSES = 6


async def fresh_database(cluster: ThrowawayCluster, name: str) -> str:
    admin = await asyncpg.connect(cluster.url())
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    return cluster.url(name)


async def test_migrations_run_once_however_many_processes_start_together(
    postgres_cluster: ThrowawayCluster,
) -> None:
    """Several bots (separate pools, as separate processes have) migrate an empty database at once:
    the advisory lock lets one apply each migration; the others wait, then find nothing to do."""
    url = await fresh_database(postgres_cluster, "migrate_together")
    bots = [PgDatabase(url) for _ in range(PROCESSES)]
    try:
        await asyncio.gather(*(bot.connect(migrate=False) for bot in bots))
        versions = await asyncio.gather(*(bot.migrate() for bot in bots))
        assert versions == [PG_MIGRATIONS[-1].version] * PROCESSES
        applied = await bots[0].fetch_all("SELECT version, name FROM schema_migrations ORDER BY version")
        assert [(r["version"], r["name"]) for r in applied] == [(m.version, m.name) for m in PG_MIGRATIONS]
        assert await bots[0].schema_version() == PG_MIGRATIONS[-1].version
    finally:
        await asyncio.gather(*(bot.close() for bot in bots))


async def test_content_and_bank_are_loaded_once_by_processes_starting_together(
    postgres_cluster: ThrowawayCluster, tmp_path: Path, template_db: Path | None
) -> None:
    """Each process loads its own SQLite copy; the shared copy in PostgreSQL is written once and the
    bank generated once (its question ids are the same for everyone)."""
    url = await fresh_database(postgres_cluster, "start_together")
    stores = []
    for n in range(3):
        local = tmp_path / f"local{n}.db"
        if template_db is not None:
            shutil.copyfile(template_db, local)
        db, pg = Database(local), PgDatabase(url)
        await db.connect()
        await pg.connect(migrate=False)
        stores.append(Repositories.postgres(db, pg))
    try:
        reports = await asyncio.gather(*(repos.prepare(ContentPaths.default()) for repos in stores))
        assert len({tuple(r.counts.items()) for r in reports}) == 1
        generated = await asyncio.gather(*(repos.trivia.refresh_bank() for repos in stores))
        assert sorted(generated, key=lambda n: n or 0)[:-1] == [None, None], "the bank was generated once"
        banks = [[e.id for e in await repos.trivia.bank(1)] for repos in stores]
        assert banks[0] and banks == [banks[0]] * 3
        pg = stores[0].pg
        assert pg is not None
        assert await pg.fetch_value("SELECT count(*) FROM quotes WHERE active") == reports[0].counts["quotes"]
    finally:
        for repos in stores:
            await repos.close()


async def test_the_schema_holds_every_server_table_of_sqlites(pg_url: str, tmp_path: Path) -> None:
    """Every SQLite table is either in PostgreSQL with the same columns, or local to each process
    (the search index, /ask's synonyms): a SQLite migration without its PostgreSQL twin fails here."""
    async with Database(tmp_path / "bot.db") as db, PgDatabase(pg_url) as pg:
        sqlite_tables = [
            r["name"]
            for r in await db.fetch_all(
                # sqlite_*: SQLite's own (sqlite_sequence, AUTOINCREMENT's counters since migration 0018)
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
            )
        ]
        shared = [t for t in sqlite_tables if not t.startswith(LOCAL_ONLY_PREFIX) and t not in LOCAL_ONLY]
        assert sorted(shared) == sorted(TABLES), "migrate-to-postgres copies exactly the shared tables"
        for table in shared:
            sqlite_columns = [r["name"] for r in await db.fetch_all(f"SELECT name FROM pragma_table_info('{table}')")]
            pg_columns = [
                r["column_name"]
                for r in await pg.fetch_all(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
                    table,
                )
            ]
            assert sorted(pg_columns) == sorted(sqlite_columns), table


async def test_a_database_of_something_else_is_refused(postgres_cluster: ThrowawayCluster) -> None:
    url = await fresh_database(postgres_cluster, "someone_elses")
    conn = await asyncpg.connect(url)
    await conn.execute("CREATE TABLE invoices (id int)")
    await conn.close()
    with pytest.raises(MigrationError, match="holds tables of something else"):
        async with PgDatabase(url):
            pass


async def test_a_newer_schema_is_refused(pg_url: str) -> None:
    conn = await asyncpg.connect(pg_url)
    await conn.execute("INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future')")
    await conn.close()
    with pytest.raises(MigrationError, match="newer than this code's"):
        async with PgDatabase(pg_url):
            pass


async def test_a_failed_migration_is_rolled_back(postgres_cluster: ThrowawayCluster, tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_fine.sql").write_text("CREATE TABLE kept (id int);")
    (folder / "0002_broken.sql").write_text("CREATE TABLE half (id int); SELECT no_such_function();")
    url = await fresh_database(postgres_cluster, "broken_migration")
    with pytest.raises(MigrationError, match="0002_broken failed") as caught:
        async with PgDatabase(url, migrations_dir=folder):
            pass
    assert "\n" not in str(caught.value)
    conn = await asyncpg.connect(url)
    try:
        tables = {
            r["tablename"] for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
        assert "kept" in tables and "half" not in tables
        assert await conn.fetchval("SELECT max(version) FROM schema_migrations") == 1
    finally:
        await conn.close()


async def test_a_refused_login_is_one_line_without_the_password(postgres_cluster: ThrowawayCluster) -> None:
    url = postgres_cluster.url("no_such_database").replace("postgres@", "postgres:s3cret@")
    with pytest.raises(DatabaseUnusable) as caught:
        async with PgDatabase(url):
            pass
    message = str(caught.value)
    assert "no_such_database" in message and "s3cret" not in message and "postgres:***@" in message
    assert "\n" not in message


async def test_an_unreachable_server_is_waited_for_then_told(unused_tcp_port: int) -> None:
    url = f"postgresql://bot:s3cret@127.0.0.1:{unused_tcp_port}/bot"
    with pytest.raises(DatabaseUnreachable) as caught:
        async with PgDatabase(url, connect_patience_s=1.5):
            pass
    message = str(caught.value)
    assert "not answering" in message and "s3cret" not in message
