"""Past seasons in PostgreSQL (see :class:`bot.db.seasons_repo.SeasonsRepo`)."""

from __future__ import annotations

from bot.db.postgres.database import PgDatabase
from bot.db.seasons_repo import MAX_CHAMPIONS, PODIUM, PastSeason, SeasonsRepo, past_seasons


class PgSeasonsRepo(SeasonsRepo):
    def __init__(self, pg: PgDatabase) -> None:
        self._pg = pg

    async def past_seasons(self, guild_id: int, limit: int = 10) -> tuple[list[PastSeason], int]:
        seasons = await self._pg.fetch_all(
            "SELECT season, ended_at, count(*) OVER () AS total FROM seasons WHERE guild_id = $1"
            " ORDER BY season DESC LIMIT $2",
            guild_id,
            limit,
        )
        if not seasons:
            return [], 0
        podiums = await self._pg.fetch_all(
            "SELECT * FROM (SELECT s.season, s.user_id, m.display_name, s.points, s.correct, s.answered,"
            "  rank() OVER (PARTITION BY s.season ORDER BY s.points DESC) AS rank,"
            "  row_number() OVER (PARTITION BY s.season ORDER BY s.points DESC, s.correct DESC, s.user_id) AS position"
            "  FROM scores s LEFT JOIN members m ON m.guild_id = s.guild_id AND m.user_id = s.user_id"
            "  WHERE s.guild_id = $1 AND s.answered > 0 AND s.season >= $2) AS ranked"
            f" WHERE position <= {PODIUM} ORDER BY season DESC, position",
            guild_id,
            seasons[-1]["season"],
        )
        return past_seasons(seasons, podiums), seasons[0]["total"]

    async def season_began(self, guild_id: int, season: int) -> str | None:
        return await self._pg.fetch_value(
            "SELECT ended_at FROM seasons WHERE guild_id = $1 AND season = $2", guild_id, season - 1
        )

    async def champions(self, guild_id: int, season: int) -> list[int]:
        rows = await self._pg.fetch_all(
            "SELECT user_id FROM scores WHERE guild_id = $1 AND season = $2 AND answered > 0 AND points > 0"
            " AND points = (SELECT max(points) FROM scores WHERE guild_id = $1 AND season = $2 AND answered > 0)"
            f" ORDER BY user_id LIMIT {MAX_CHAMPIONS}",
            guild_id,
            season,
        )
        return [r["user_id"] for r in rows]
