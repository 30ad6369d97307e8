"""Health and metrics reads in PostgreSQL (see :class:`bot.db.ops_repo.OpsRepo`)."""

from __future__ import annotations

from bot.db.ops_repo import OpsRepo
from bot.db.postgres.database import PgDatabase


class PgOpsRepo(OpsRepo):
    def __init__(self, pg: PgDatabase) -> None:
        self._pg = pg

    async def ping(self) -> bool:
        return await self._pg.fetch_value("SELECT 1") == 1

    async def running_games(self) -> dict[str, int]:
        rows = await self._pg.fetch_all("SELECT kind, count(*) AS n FROM games WHERE status = 'running' GROUP BY kind")
        return {row["kind"]: row["n"] for row in rows}
