"""Bot-wide key/value bookkeeping (content hash, trivia bank hash, command-definition hashes)."""

from __future__ import annotations

from abc import ABC, abstractmethod

from bot.db.database import Database


class MetaRepo(ABC):
    """The ``meta`` table; each storage backend supplies the SQL."""

    @abstractmethod
    async def get(self, key: str) -> str | None: ...

    @abstractmethod
    async def keys_starting_with(self, prefix: str) -> list[str]: ...

    @abstractmethod
    async def delete(self, key: str) -> None: ...

    @abstractmethod
    async def set(self, key: str, value: str) -> None: ...

    @abstractmethod
    async def get_or_create(self, key: str, value: str) -> str:
        """The stored value, storing ``value`` first when there is none: in one statement, so that
        processes asking at once all get the first one's."""


class SqliteMetaRepo(MetaRepo):
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, key: str) -> str | None:
        row = await self._db.fetch_one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    async def keys_starting_with(self, prefix: str) -> list[str]:
        rows = await self._db.fetch_all("SELECT key FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
        return [str(row["key"]) for row in rows]

    async def delete(self, key: str) -> None:
        await self._db.write("DELETE FROM meta WHERE key = ?", (key,))

    async def set(self, key: str, value: str) -> None:
        await self._db.write(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    async def get_or_create(self, key: str, value: str) -> str:
        rows = await self._db.write_returning(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = meta.value"
            " RETURNING value",
            (key, value),
        )
        return str(rows[0]["value"])
