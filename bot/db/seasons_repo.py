"""Past seasons as members see them: each archived season's top three, when the current season began,
and who its champions are (for the champion role given at a reset).

:class:`SeasonsRepo` is the interface; :class:`SqliteSeasonsRepo` holds SQLite's SQL and
``bot.db.postgres.seasons_repo.PgSeasonsRepo`` PostgreSQL's. Archiving a season is moderation's
(``ModerationRepo.reset_scores``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.db.database import Database
from bot.trivia.models import Standing

PODIUM = 3
MAX_CHAMPIONS = 10  # members tied at the top of a season


@dataclass(frozen=True, slots=True)
class PastSeason:
    season: int
    ended_at: str  # timestamp text, as stored
    podium: list[Standing] = field(default_factory=list)  # its top three (ties share a rank)


def past_seasons(seasons: Sequence[Any], podiums: Sequence[Any]) -> list[PastSeason]:
    """Rows of (season, ended_at), newest first, and of each season's best players, as PastSeasons."""
    by_season: dict[int, list[Standing]] = {}
    for r in podiums:
        standing = Standing(r["user_id"], r["display_name"], r["points"], r["correct"], r["answered"], r["rank"])
        by_season.setdefault(r["season"], []).append(standing)
    return [PastSeason(r["season"], r["ended_at"], by_season.get(r["season"], [])) for r in seasons]


class SeasonsRepo(ABC):
    @abstractmethod
    async def past_seasons(self, guild_id: int, limit: int = 10) -> tuple[list[PastSeason], int]:
        """The latest ``limit`` archived seasons, newest first, each with its top three; and how
        many seasons were archived in all."""

    @abstractmethod
    async def season_began(self, guild_id: int, season: int) -> str | None:
        """When ``season`` began (the previous one was archived); None for a server's first season."""

    @abstractmethod
    async def champions(self, guild_id: int, season: int) -> list[int]:
        """The member, or the members tied, with the most points in ``season`` (none without points)."""


class SqliteSeasonsRepo(SeasonsRepo):
    def __init__(self, db: Database) -> None:
        self._db = db

    async def past_seasons(self, guild_id: int, limit: int = 10) -> tuple[list[PastSeason], int]:
        seasons = await self._db.fetch_all(
            "SELECT season, ended_at, COUNT(*) OVER () AS total FROM seasons WHERE guild_id = ?"
            " ORDER BY season DESC LIMIT ?",
            (guild_id, limit),
        )
        if not seasons:
            return [], 0
        podiums = await self._db.fetch_all(
            "SELECT * FROM (SELECT s.season, s.user_id, m.display_name, s.points, s.correct, s.answered,"
            "  RANK() OVER (PARTITION BY s.season ORDER BY s.points DESC) AS rank,"
            "  ROW_NUMBER() OVER (PARTITION BY s.season ORDER BY s.points DESC, s.correct DESC, s.user_id) AS position"
            "  FROM scores s LEFT JOIN members m ON m.guild_id = s.guild_id AND m.user_id = s.user_id"
            "  WHERE s.guild_id = ? AND s.answered > 0 AND s.season >= ?)"
            f" WHERE position <= {PODIUM} ORDER BY season DESC, position",
            (guild_id, seasons[-1]["season"]),
        )
        return past_seasons(seasons, podiums), seasons[0]["total"]

    async def season_began(self, guild_id: int, season: int) -> str | None:
        row = await self._db.fetch_one(
            "SELECT ended_at FROM seasons WHERE guild_id = ? AND season = ?", (guild_id, season - 1)
        )
        return row["ended_at"] if row else None

    async def champions(self, guild_id: int, season: int) -> list[int]:
        rows = await self._db.fetch_all(
            "SELECT user_id FROM scores WHERE guild_id = :g AND season = :s AND answered > 0 AND points > 0"
            " AND points = (SELECT MAX(points) FROM scores WHERE guild_id = :g AND season = :s AND answered > 0)"
            f" ORDER BY user_id LIMIT {MAX_CHAMPIONS}",
            {"g": guild_id, "s": season},
        )
        return [r["user_id"] for r in rows]
