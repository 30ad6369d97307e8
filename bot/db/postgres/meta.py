"""Bot-wide key/value bookkeeping in PostgreSQL (see :class:`bot.db.meta.MetaRepo`)."""

from __future__ import annotations

from bot.db.meta import MetaRepo
from bot.db.postgres.database import PgDatabase


class PgMetaRepo(MetaRepo):
    def __init__(self, pg: PgDatabase) -> None:
        self._pg = pg

    async def get(self, key: str) -> str | None:
        return await self._pg.fetch_value("SELECT value FROM meta WHERE key = $1", key)

    async def keys_starting_with(self, prefix: str) -> list[str]:
        rows = await self._pg.fetch_all("SELECT key FROM meta WHERE starts_with(key, $1)", prefix)
        return [row["key"] for row in rows]

    async def delete(self, key: str) -> None:
        await self._pg.write("DELETE FROM meta WHERE key = $1", key)

    async def set(self, key: str, value: str) -> None:
        await self._pg.write(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            key,
            value,
        )

    async def get_or_create(self, key: str, value: str) -> str:
        rows = await self._pg.write_returning(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = meta.value"
            " RETURNING value",
            key,
            value,
        )
        return rows[0]["value"]
