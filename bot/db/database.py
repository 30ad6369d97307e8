"""The process's one SQLite connection, its pragmas, migrations and write transactions."""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(RuntimeError):
    """The migration files or the database's schema version are inconsistent."""


class DatabaseUnusable(RuntimeError):
    """The file cannot be opened as a SQLite database; the message names it and says why."""


class DatabaseUnreachable(RuntimeError):
    """The shared PostgreSQL did not answer in time at start-up; the message says where and why."""


# What SQLite says, in the words an operator needs.
_WAL_SWITCH_WAIT_S = 5.0
_THREAD_STOP_WAIT_S = 5.0

_SQLITE_REASONS = {
    "file is not a database": "it is not a SQLite database",
    "unable to open database file": "it cannot be opened or created there",
    "disk I/O error": "reading or writing it fails (a device or a special file system?)",
}


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def discover_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Numbered ``NNNN_name.sql`` files in increasing order. Gaps are allowed (features are built
    side by side and take numbers ahead); a number used twice is not."""
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files are named NNNN_lowercase_name.sql")
        migrations.append(Migration(int(match.group(1)), path.stem, path.read_text(encoding="utf-8")))
    for previous, migration in itertools.pairwise(migrations):
        if migration.version == previous.version:
            raise MigrationError(f"{migration.name}: migration number {migration.version:04d} is used twice")
    return migrations


async def _opened(connection: aiosqlite.Connection) -> aiosqlite.Connection:
    """``await connection``; when the file cannot be opened, also wait for aiosqlite's thread to
    end. aiosqlite stops it on a failed open without waiting, and a thread that outlives the event
    loop dies with "RuntimeError: Event loop is closed" after the bot's one-line error."""
    try:
        return await connection
    except BaseException:
        thread = getattr(connection, "_thread", None)  # aiosqlite's worker (not a public attribute)
        if thread is not None and thread.is_alive():
            await asyncio.to_thread(thread.join, _THREAD_STOP_WAIT_S)
        raise


class Database:
    """Owns the connection. Reads may run at any time; every write goes through :meth:`transaction`
    (or :meth:`write`), which serialises writers on this one connection so that one task's
    ``BEGIN`` never swallows another task's statement.

    A transaction holds the write lock from before its ``BEGIN`` is queued until its ``COMMIT`` or
    ``ROLLBACK`` is done. A single autocommitted statement (:meth:`write`, :meth:`write_returning`)
    waits for the lock only while it is held: otherwise it is queued at once, in the same step as
    the check (nothing awaits in between). aiosqlite runs a connection's calls one at a time, in the
    order they were queued, so such a statement runs before any later ``BEGIN``, on its own. Single
    statements issued together (concurrent clicks) are thus queued back to back, not one thread hop
    after another."""

    def __init__(self, path: Path | str, *, migrations_dir: Path = MIGRATIONS_DIR) -> None:
        self.path = Path(path)
        self._migrations_dir = migrations_dir
        self._conn: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        # Called with each write's seconds (waiting for the writer's turn included), when set.
        self.on_write: Callable[[float], None] | None = None

    async def __aenter__(self) -> Database:
        try:
            await self.connect()
        except BaseException:
            # __aexit__ will not run: close here, or aiosqlite's thread keeps the process alive.
            await self.close()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("Database.connect() has not been awaited")
        return self._conn

    async def connect(self, *, migrate: bool = True) -> None:
        """Open the file (creating it and its folder if missing) and migrate it; a file SQLite
        cannot use raises :class:`DatabaseUnusable`, naming it."""
        try:
            if str(self.path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: autocommit; transactions are explicit BEGIN IMMEDIATE blocks.
            self._conn = await _opened(aiosqlite.connect(self.path, isolation_level=None))
            self._conn.row_factory = aiosqlite.Row
            # busy_timeout covers a second process (another shard's bot, python -m bot check / sync /
            # backup) touching the same file; WAL + synchronous=NORMAL survives a process crash.
            await self._conn.executescript(
                "PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
            )
            await self._enter_wal()
        except (sqlite3.Error, OSError) as exc:
            reason = _SQLITE_REASONS.get(str(exc), str(exc)) if isinstance(exc, sqlite3.Error) else exc.strerror
            raise DatabaseUnusable(f"DATABASE_PATH {self.path} cannot be used: {reason or exc}") from None
        if migrate:
            await self.migrate()

    async def _enter_wal(self) -> None:
        """Switch the file to WAL. On a new file that processes open together, SQLite answers "locked"
        at once, without waiting out busy_timeout (the switch needs the file to itself), so retry."""
        deadline = time.monotonic() + _WAL_SWITCH_WAIT_S
        while True:
            try:
                await self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(0.02)

    async def close(self) -> None:
        # Idempotent under concurrency: on SIGTERM the bot's close() and the `async with` exit
        # both close the database; the second caller waits on the lock, then finds nothing to do.
        async with self._write_lock:  # let an in-flight write finish first
            conn, self._conn = self._conn, None
            if conn is not None:
                await conn.close()

    # -- migrations ---------------------------------------------------------------------------

    async def schema_version(self) -> int:
        rows = await self.conn.execute_fetchall("PRAGMA user_version")
        return int(next(iter(rows))[0])

    async def migrate(self, target: int | None = None) -> int:
        """Apply pending migrations up to ``target`` (default: all); each in its own transaction."""
        migrations = discover_migrations(self._migrations_dir)
        latest = migrations[-1].version if migrations else 0
        target = latest if target is None else target
        # One statement, one snapshot: another process may commit a migration between two reads.
        rows = await self.conn.execute_fetchall(
            "SELECT (SELECT user_version FROM pragma_user_version),"
            " (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%')"
        )
        current, tables = next(iter(rows))
        if current > latest:
            raise MigrationError(
                f"{self.path} has schema version {current}, newer than this code's ({latest}): "
                "run the newer code, or restore a backup made by this version"
            )
        if current == 0 and tables:
            raise MigrationError(f"{self.path} is a SQLite database of something else (it has tables but no version)")
        for migration in migrations:
            if current < migration.version <= target:
                async with self._write_lock:
                    try:
                        await self.conn.executescript(
                            f"BEGIN IMMEDIATE;\n{migration.sql}\n;PRAGMA user_version = {migration.version};\nCOMMIT;"
                        )
                    except Exception as exc:
                        if self.conn.in_transaction:
                            await self.conn.execute("ROLLBACK")
                        # Another process sharing the file (several bots on one machine) may have
                        # applied it between our reading the version and our turn to write.
                        if (now := await self.schema_version()) >= migration.version:
                            current = now
                            continue
                        raise MigrationError(f"migration {migration.name} failed: {exc}") from exc
                log.info("applied migration %s", migration.name)
                current = migration.version
        return current

    # -- queries ------------------------------------------------------------------------------

    async def fetch_all(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> aiosqlite.Row | None:
        rows = await self.conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def write(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """One autocommitted statement; returns the number of rows it changed."""
        started = time.perf_counter()
        if self._write_lock.locked():  # a transaction is open or about to be: after it
            async with self._write_lock:
                cursor = await self.conn.execute(sql, params)
        else:  # queued now, before any transaction's BEGIN (see the class's docstring)
            cursor = await self.conn.execute(sql, params)
        self._timed(started)
        return cursor.rowcount

    async def write_returning(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[aiosqlite.Row]:
        """One autocommitted statement with a RETURNING clause, in a single thread hop."""
        started = time.perf_counter()
        if self._write_lock.locked():  # a transaction is open or about to be: after it
            async with self._write_lock:
                rows = list(await self.conn.execute_fetchall(sql, params))
        else:  # queued now, before any transaction's BEGIN (see the class's docstring)
            rows = list(await self.conn.execute_fetchall(sql, params))
        self._timed(started)
        return rows

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """``async with db.transaction() as conn:`` commits on success, rolls back on any error."""
        started = time.perf_counter()
        async with self._write_lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")
        self._timed(started)

    def _timed(self, started: float) -> None:
        if self.on_write is not None:
            self.on_write(time.perf_counter() - started)
