"""The process's asyncpg pool to the shared PostgreSQL: its migrations, run once under an advisory
lock however many processes start together, its transactions and the locks that make work run once.

Every process of the bot opens one :class:`PgDatabase` (RoboDanny's pattern: one pool, made at
start-up, handed to the bot). It mirrors what :class:`bot.db.database.Database` offers SQLite's
repositories: ``fetch_all``, ``fetch_one``, ``write`` (one autocommitted statement), ``transaction``
and the ``on_write`` hook that metrics time writes with.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg

from bot.db.database import DatabaseUnreachable, DatabaseUnusable, MigrationError, discover_migrations
from bot.settings import redacted_url

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Advisory locks are named by two integers: this project's, then what the lock guards. Another
# application sharing the database uses its own first number (or none): no collision.
LOCK_SPACE = 0x416C_6C49  # "AllI"
LOCKS = {"migrations": 1, "content": 2, "bank": 3}
# Changes to one server take this lock (first key) and the server's low 31 bits (second key), for the
# length of their transaction. Two servers may share a second key: they then merely take turns.
GUILD_LOCK_SPACE = LOCK_SPACE + 1

POOL_MIN, POOL_MAX = 1, 10
# PostgreSQL not reachable at start (a compose stack starting, a restart of the server): tried again
# after 1, 2, 4... seconds for this long in all, then the process stops (exit 1, a service restarts it).
CONNECT_PATIENCE_S = 30.0
_UNREACHABLE = (OSError, asyncio.TimeoutError, asyncpg.CannotConnectNowError, asyncpg.ConnectionDoesNotExistError)


async def _keep_session(_conn: asyncpg.Connection) -> None:
    """What the pool runs on a connection given back, instead of asyncpg's reset query (RESET ALL,
    UNLISTEN, pg_advisory_unlock_all...): a second round trip after every statement, which doubled
    a click's cost. Nothing here outlives its use of a connection: no SET, LISTEN or cursor, and
    advisory locks are released by whoever took them (or by closing the connection). An open
    transaction is still rolled back by the pool before this runs."""


def rowcount(status: str) -> int:
    """The number of rows a command changed, from asyncpg's status ("UPDATE 3", "INSERT 0 1")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PgDatabase:
    """Owns the pool. Writes need no lock of ours: PostgreSQL takes the row locks, and a transaction
    holds one connection of the pool from BEGIN to COMMIT."""

    def __init__(
        self,
        url: str,
        *,
        migrations_dir: Path = MIGRATIONS_DIR,
        min_size: int = POOL_MIN,
        max_size: int = POOL_MAX,
        connect_patience_s: float = CONNECT_PATIENCE_S,
    ) -> None:
        self.url = url
        self._migrations_dir = migrations_dir
        self._min_size, self._max_size = min_size, max_size
        self._patience = connect_patience_s
        self._pool: asyncpg.Pool | None = None
        # Called with each write's seconds (waiting for a connection included), when set.
        self.on_write: Callable[[float], None] | None = None

    @property
    def where(self) -> str:
        """The URL without its password: what logs and messages may show."""
        return redacted_url(self.url)

    async def __aenter__(self) -> PgDatabase:
        try:
            await self.connect()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("PgDatabase.connect() has not been awaited")
        return self._pool

    async def connect(self, *, migrate: bool = True) -> None:
        """Open the pool, waiting out a server that is not reachable yet; a refused login or a
        database that does not exist raises :class:`DatabaseUnusable` at once."""
        delay, waited = 1.0, 0.0
        while True:
            try:
                self._pool = await asyncpg.create_pool(
                    self.url,
                    min_size=self._min_size,
                    max_size=self._max_size,
                    server_settings={"application_name": "all-in-companion"},
                    reset=_keep_session,
                )
                break
            except _UNREACHABLE as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
                if waited >= self._patience:
                    raise DatabaseUnreachable(
                        f"DATABASE_URL {self.where}: PostgreSQL is not answering ({reason}) after {waited:.0f} s"
                    ) from None
                log.warning("cannot reach PostgreSQL at %s (%s); trying again in %.0f s", self.where, reason, delay)
                await asyncio.sleep(delay)
                waited += delay
                delay = max(0.1, min(delay * 2, self._patience - waited))
            except (asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as exc:
                reason = "; ".join(line.strip() for line in str(exc).splitlines())
                raise DatabaseUnusable(f"DATABASE_URL {self.where} cannot be used: {reason}") from None
        if migrate:
            await self.migrate()

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    # -- locks ---------------------------------------------------------------------------------

    @asynccontextmanager
    async def advisory_lock(self, name: str) -> AsyncIterator[asyncpg.Connection]:
        """Hold the project's session-level advisory lock ``name`` (see :data:`LOCKS`) on one
        connection, which the body may use: other processes asking for it wait their turn."""
        async with self.connection() as conn:
            await conn.execute("SELECT pg_advisory_lock($1, $2)", LOCK_SPACE, LOCKS[name])
            try:
                yield conn
            except asyncio.CancelledError:
                raise  # the connection is closed (see connection()), which releases the lock
            except BaseException:
                await conn.execute("SELECT pg_advisory_unlock($1, $2)", LOCK_SPACE, LOCKS[name])
                raise
            await conn.execute("SELECT pg_advisory_unlock($1, $2)", LOCK_SPACE, LOCKS[name])

    # -- migrations ----------------------------------------------------------------------------

    async def schema_version(self) -> int:
        version = await self.pool.fetchval(
            "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0"
            " ELSE (SELECT coalesce(max(version), 0) FROM schema_migrations) END"
        )
        return int(version)

    async def migrate(self, target: int | None = None) -> int:
        """Apply pending migrations up to ``target`` (default: all), each in its own transaction,
        while holding the migrations lock: processes starting together take turns, and each one
        after the first finds nothing left to do."""
        migrations = discover_migrations(self._migrations_dir)
        latest = migrations[-1].version if migrations else 0
        target = latest if target is None else target
        async with self.advisory_lock("migrations") as conn:
            if await conn.fetchval("SELECT to_regclass('schema_migrations') IS NULL"):
                others = await conn.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
                if others:
                    raise MigrationError(
                        f"{self.where} holds tables of something else (and no schema_migrations): "
                        "give the bot a database of its own"
                    )
                await conn.execute(
                    "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL,"
                    " applied_at timestamptz NOT NULL DEFAULT now())"
                )
            current = int(await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations"))
            if current > latest:
                raise MigrationError(
                    f"{self.where} has schema version {current}, newer than this code's ({latest}): run the newer code"
                )
            for migration in migrations:
                if current < migration.version <= target:
                    try:
                        async with conn.transaction():
                            await conn.execute(migration.sql)
                            await conn.execute(
                                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                                migration.version,
                                migration.name,
                            )
                    except asyncpg.PostgresError as exc:
                        reason = "; ".join(line.strip() for line in str(exc).splitlines())  # one line
                        raise MigrationError(f"PostgreSQL migration {migration.name} failed: {reason}") from exc
                    log.info("applied PostgreSQL migration %s", migration.name)
                    current = migration.version
        return current

    # -- queries -------------------------------------------------------------------------------

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A connection of the pool for the body. A task cancelled mid-statement (a game's task when
        the bot stops) leaves the connection in an unknown state: it is closed, not reset (which
        fails, and would replace the cancellation with asyncpg's error: MagicStack/asyncpg#784),
        and the pool opens a new one; PostgreSQL rolls back what it had begun."""
        conn = await self.pool.acquire()
        try:
            yield conn
        except asyncio.CancelledError:
            conn.terminate()
            raise
        finally:
            await self.pool.release(conn)

    async def fetch_all(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        async with self.connection() as conn:
            return await conn.fetch(sql, *args)

    async def fetch_one(self, sql: str, *args: Any) -> asyncpg.Record | None:
        async with self.connection() as conn:
            return await conn.fetchrow(sql, *args)

    async def fetch_value(self, sql: str, *args: Any) -> Any:
        async with self.connection() as conn:
            return await conn.fetchval(sql, *args)

    async def write(self, sql: str, *args: Any) -> int:
        """One autocommitted statement; returns the number of rows it changed."""
        started = time.perf_counter()
        async with self.connection() as conn:
            status = await conn.execute(sql, *args)
        self._timed(started)
        return rowcount(status)

    async def write_returning(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        """One autocommitted statement with a RETURNING clause."""
        started = time.perf_counter()
        async with self.connection() as conn:
            rows = await conn.fetch(sql, *args)
        self._timed(started)
        return rows

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        """``async with pg.transaction() as conn:`` commits on success, rolls back on any error."""
        started = time.perf_counter()
        async with self.connection() as conn:
            transaction = conn.transaction()
            await transaction.start()
            try:
                yield conn
            except asyncio.CancelledError:
                raise  # the connection is closed (see connection()): the server rolls back
            except BaseException:
                await transaction.rollback()
                raise
            await transaction.commit()
        self._timed(started)

    @asynccontextmanager
    async def guild_transaction(self, guild_id: int) -> AsyncIterator[asyncpg.Connection]:
        """A transaction that first takes the server's lock: changes to one server that read before
        they write (a report's resolution, a season's reset, the next community number) run one at
        a time, as every write does on SQLite, whichever process makes them."""
        async with self.transaction() as conn:
            await conn.execute("SELECT pg_advisory_xact_lock($1, $2)", GUILD_LOCK_SPACE, guild_id & 0x7FFF_FFFF)
            yield conn

    def _timed(self, started: float) -> None:
        if self.on_write is not None:
            self.on_write(time.perf_counter() - started)
