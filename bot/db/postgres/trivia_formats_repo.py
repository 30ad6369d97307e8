"""Trivia formats' storage in PostgreSQL (see :class:`bot.db.trivia_formats_repo.FormatsRepo`)."""

from __future__ import annotations

from collections.abc import Collection

from bot.db.postgres.database import PgDatabase
from bot.db.trivia_formats_repo import FormatsRepo, TeamSeasonTotal


class PgFormatsRepo(FormatsRepo):
    def __init__(self, pg: PgDatabase) -> None:
        self._pg = pg

    async def take_hint(self, game_id: int, round_no: int, guild_id: int, user_id: int) -> None:
        await self._pg.write(
            "INSERT INTO hints (game_id, round_no, guild_id, user_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            game_id,
            round_no,
            guild_id,
            user_id,
        )

    async def hinters(self, game_id: int, round_no: int) -> set[int]:
        rows = await self._pg.fetch_all(
            "SELECT user_id FROM hints WHERE game_id = $1 AND round_no = $2", game_id, round_no
        )
        return {r["user_id"] for r in rows}

    async def join_team(self, game_id: int, guild_id: int, user_id: int, team: str, *, may_switch: bool) -> str:
        update = "DO UPDATE SET team = excluded.team" if may_switch else "DO UPDATE SET team = game_teams.team"
        rows = await self._pg.write_returning(
            "INSERT INTO game_teams (game_id, guild_id, user_id, team) VALUES ($1, $2, $3, $4)"
            f" ON CONFLICT (game_id, user_id) {update} RETURNING team",
            game_id,
            guild_id,
            user_id,
            team,
        )
        return rows[0]["team"]

    async def teams(self, game_id: int) -> dict[int, str]:
        rows = await self._pg.fetch_all("SELECT user_id, team FROM game_teams WHERE game_id = $1", game_id)
        return {r["user_id"]: r["team"] for r in rows}

    async def set_lobby_message(self, game_id: int, message_id: int) -> None:
        await self._pg.write("UPDATE games SET lobby_message_id = $1 WHERE id = $2", message_id, game_id)

    async def record_result(self, game_id: int, winner_id: int | None, winner_team: str | None) -> None:
        await self._pg.write(
            "UPDATE games SET winner_id = $1, winner_team = $2 WHERE id = $3", winner_id, winner_team, game_id
        )

    async def duel_wins(
        self, guild_id: int, season: int, user_ids: Collection[int], since: str | None = None
    ) -> dict[int, int]:
        rows = await self._pg.fetch_all(
            "SELECT winner_id, count(*) AS wins FROM games WHERE guild_id = $1 AND season = $2"
            " AND mode = 'duel' AND status = 'finished' AND ($3::text IS NULL OR ended_at >= $3 COLLATE \"C\")"
            " AND winner_id = ANY($4::bigint[]) GROUP BY winner_id",
            guild_id,
            season,
            since,
            list(user_ids),
        )
        return {r["winner_id"]: r["wins"] for r in rows}

    async def team_totals(self, guild_id: int, season: int, since: str | None = None) -> list[TeamSeasonTotal]:
        rows = await self._pg.fetch_all(
            "SELECT t.team, (SELECT coalesce(sum(a.points), 0) FROM answers a"
            "   JOIN games g ON g.id = a.game_id JOIN game_teams m ON m.game_id = a.game_id AND m.user_id = a.user_id"
            "   WHERE g.guild_id = $1 AND g.season = $2 AND g.mode = 'teams' AND m.team = t.team"
            '   AND ($3::text IS NULL OR a.answered_at >= $3 COLLATE "C")) AS points,'
            " (SELECT count(*) FROM games g WHERE g.guild_id = $1 AND g.season = $2 AND g.mode = 'teams'"
            '   AND g.winner_team = t.team AND ($3::text IS NULL OR g.ended_at >= $3 COLLATE "C")) AS wins'
            " FROM (VALUES ('A'), ('B')) AS t(team)"
            " WHERE EXISTS (SELECT 1 FROM games g WHERE g.guild_id = $1 AND g.season = $2 AND g.mode = 'teams'"
            "   AND g.status <> 'abandoned' AND ($3::text IS NULL OR g.created_at >= $3 COLLATE \"C\"))"
            " ORDER BY t.team",
            guild_id,
            season,
            since,
        )
        return [TeamSeasonTotal(r["team"], r["points"], r["wins"]) for r in rows]

    async def _daily_history(self, guild_id, user_ids, through):
        days = await self._pg.fetch_all(
            "SELECT id FROM games WHERE guild_id = $1 AND kind = 'daily'"
            " AND (status = 'finished' OR id = $2) AND ($2::bigint IS NULL OR id <= $2) ORDER BY id",
            guild_id,
            through,
        )
        right = await self._pg.fetch_all(
            "SELECT a.game_id, a.user_id FROM answers a JOIN games g ON g.id = a.game_id"
            " WHERE a.guild_id = $1 AND g.kind = 'daily' AND a.correct AND a.user_id = ANY($2::bigint[])",
            guild_id,
            user_ids,
        )
        return [r["id"] for r in days], {(r["game_id"], r["user_id"]) for r in right}

    async def last_daily_day(self, guild_id: int) -> str | None:
        return await self._pg.fetch_value(
            "SELECT max(day COLLATE \"C\") FROM games WHERE guild_id = $1 AND kind = 'daily' AND status <> 'abandoned'",
            guild_id,
        )
