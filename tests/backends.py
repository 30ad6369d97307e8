"""Repository tests on both storage backends: :class:`Store` is one set of repositories (SQLite, or
PostgreSQL with its local SQLite) and :class:`RawSql`, the plain SQL a test seeds rows with.

Seed SQL is written once, with ``?`` placeholders and SQL both databases read alike (``TRUE``/``FALSE``,
``ON CONFLICT ... DO UPDATE``, ``RETURNING id``); on PostgreSQL the placeholders become ``$1, $2...``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.db.database import Database
from bot.db.repositories import Repositories

BACKENDS = ("sqlite", "postgresql")


def numbered_placeholders(sql: str) -> str:
    """``?`` outside quoted strings becomes ``$1``, ``$2``... (PostgreSQL's placeholders)."""
    out, n, quote = [], 0, None
    for char in sql:
        if quote:
            quote = None if char == quote else quote
        elif char in ("'", '"'):
            quote = char
        elif char == "?":
            n += 1
            out.append(f"${n}")
            continue
        out.append(char)
    return "".join(out)


class RawSql:
    """Plain SQL against the database that holds the server state (and the content joined to it)."""

    def __init__(self, repos: Repositories) -> None:
        self.repos = repos

    async def execute(self, sql: str, *args: Any) -> None:
        if self.repos.pg is None:
            await self.repos.db.write(sql, args)
        else:
            await self.repos.pg.write(numbered_placeholders(sql), *args)

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        if self.repos.pg is None:
            return await self.repos.db.fetch_all(sql, args)
        return await self.repos.pg.fetch_all(numbered_placeholders(sql), *args)

    async def fetchrow(self, sql: str, *args: Any) -> Any:
        rows = await self.fetch(sql, *args)
        return rows[0] if rows else None

    async def fetchval(self, sql: str, *args: Any) -> Any:
        row = await self.fetchrow(sql, *args)
        return None if row is None else row[0]

    async def insert(self, sql: str, *args: Any) -> int:
        """An INSERT ... RETURNING id; the id."""
        if self.repos.pg is None:
            rows = await self.repos.db.write_returning(sql, args)
            return int(rows[0][0])
        rows = await self.repos.pg.write_returning(numbered_placeholders(sql), *args)
        return int(rows[0][0])

    async def script(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Several statements in one transaction."""
        if self.repos.pg is None:
            async with self.repos.db.transaction() as conn:
                for sql, args in statements:
                    await conn.execute(sql, args)
        else:
            async with self.repos.pg.transaction() as conn:
                for sql, args in statements:
                    await conn.execute(numbered_placeholders(sql), *args)


@dataclass
class Store:
    """One backend's repositories, and raw SQL on its state database."""

    repos: Repositories
    sql: RawSql

    @property
    def backend(self) -> str:
        return self.repos.backend

    @property
    def db(self) -> Database:
        return self.repos.db


def state_sql(env: Any) -> RawSql:
    """Raw SQL on the database holding a running bot's server state (``env``: a BotEnv)."""
    return RawSql(env.bot.repos)
