"""What operations asks of the database: is it answering, and what is running (health, metrics)."""

from __future__ import annotations

from abc import ABC, abstractmethod

from bot.db.database import Database


class OpsRepo(ABC):
    @abstractmethod
    async def ping(self) -> bool:
        """True when the bot's connection answers a query."""

    @abstractmethod
    async def running_games(self) -> dict[str, int]:
        """Running games by kind ('game', 'daily')."""


class SqliteOpsRepo(OpsRepo):
    def __init__(self, db: Database) -> None:
        self._db = db

    async def ping(self) -> bool:
        # It queues behind any write in progress on the one connection.
        row = await self._db.fetch_one("SELECT 1")
        return row is not None and row[0] == 1

    async def running_games(self) -> dict[str, int]:
        rows = await self._db.fetch_all("SELECT kind, count(*) AS n FROM games WHERE status = 'running' GROUP BY kind")
        return {str(row["kind"]): int(row["n"]) for row in rows}
