"""What trivia's formats keep beside the answers: hints taken, who plays for which team, how games
ended (a duel's winner, the winning team), and the daily questions' history for daily streaks.

:class:`FormatsRepo` is the interface (with what both backends share: counting a daily streak);
:class:`SqliteFormatsRepo` holds SQLite's SQL and ``bot.db.postgres.trivia_formats_repo`` PostgreSQL's.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.db.database import Database


@dataclass(frozen=True, slots=True)
class DailyStreak:
    """Daily questions answered right in a row: up to the latest revealed one, and the longest run."""

    current: int = 0
    best: int = 0


@dataclass(frozen=True, slots=True)
class TeamSeasonTotal:
    team: str
    points: int  # its members' points in this season's team games
    wins: int


def count_streaks(
    days: Sequence[int], right: Collection[tuple[int, int]], user_ids: Collection[int]
) -> dict[int, DailyStreak]:
    """Each member's daily streak over ``days`` (daily question ids, oldest first), given the
    (game id, user id) pairs of right answers: a question missed or answered wrong ends a run."""
    streaks = {}
    for user_id in user_ids:
        current = best = 0
        for game_id in days:
            current = current + 1 if (game_id, user_id) in right else 0
            best = max(best, current)
        streaks[user_id] = DailyStreak(current, best)
    return streaks


class FormatsRepo(ABC):
    # -- hints -----------------------------------------------------------------------------------

    @abstractmethod
    async def take_hint(self, game_id: int, round_no: int, guild_id: int, user_id: int) -> None:
        """Note that the member took this question's hint (again: nothing changes)."""

    @abstractmethod
    async def hinters(self, game_id: int, round_no: int) -> set[int]:
        """Who took this question's hint (read when a game resumes after a restart)."""

    # -- teams -----------------------------------------------------------------------------------

    @abstractmethod
    async def join_team(self, game_id: int, guild_id: int, user_id: int, team: str, *, may_switch: bool) -> str:
        """Put the member on ``team`` (or, unless ``may_switch``, leave them on the team they joined);
        returns the team they are on now."""

    @abstractmethod
    async def teams(self, game_id: int) -> dict[int, str]:
        """Who plays for which team: user id -> 'A' | 'B'."""

    # -- how a game stands and ends --------------------------------------------------------------

    @abstractmethod
    async def set_lobby_message(self, game_id: int, message_id: int) -> None: ...

    @abstractmethod
    async def record_result(self, game_id: int, winner_id: int | None, winner_team: str | None) -> None: ...

    @abstractmethod
    async def duel_wins(
        self, guild_id: int, season: int, user_ids: Collection[int], since: str | None = None
    ) -> dict[int, int]:
        """Duels each member won this season (since ``since``, a timestamp, if given)."""

    @abstractmethod
    async def team_totals(self, guild_id: int, season: int, since: str | None = None) -> list[TeamSeasonTotal]:
        """Team A's and Team B's points and wins in this season's team games (none played: empty)."""

    # -- the daily question ----------------------------------------------------------------------

    async def daily_streaks(
        self, guild_id: int, user_ids: Collection[int], through: int | None = None
    ) -> dict[int, DailyStreak]:
        """Each member's daily streak over the server's revealed daily questions, and with ``through``
        (the one being revealed now) up to and including it."""
        if not user_ids:
            return {}
        days, right = await self._daily_history(guild_id, list(user_ids), through)
        return count_streaks(days, right, user_ids)

    @abstractmethod
    async def _daily_history(
        self, guild_id: int, user_ids: list[int], through: int | None
    ) -> tuple[list[int], set[tuple[int, int]]]:
        """The daily questions that count (ids, oldest first) and the members' right answers to them."""

    @abstractmethod
    async def last_daily_day(self, guild_id: int) -> str | None:
        """The UTC day (YYYY-MM-DD) of the latest daily question posted on the server."""


class SqliteFormatsRepo(FormatsRepo):
    def __init__(self, db: Database) -> None:
        self._db = db

    async def take_hint(self, game_id: int, round_no: int, guild_id: int, user_id: int) -> None:
        await self._db.write(
            "INSERT INTO hints (game_id, round_no, guild_id, user_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (game_id, round_no, guild_id, user_id),
        )

    async def hinters(self, game_id: int, round_no: int) -> set[int]:
        rows = await self._db.fetch_all(
            "SELECT user_id FROM hints WHERE game_id = ? AND round_no = ?", (game_id, round_no)
        )
        return {r["user_id"] for r in rows}

    async def join_team(self, game_id: int, guild_id: int, user_id: int, team: str, *, may_switch: bool) -> str:
        update = "DO UPDATE SET team = excluded.team" if may_switch else "DO UPDATE SET team = game_teams.team"
        rows = await self._db.write_returning(
            "INSERT INTO game_teams (game_id, guild_id, user_id, team) VALUES (?, ?, ?, ?)"
            f" ON CONFLICT (game_id, user_id) {update} RETURNING team",
            (game_id, guild_id, user_id, team),
        )
        return rows[0]["team"]

    async def teams(self, game_id: int) -> dict[int, str]:
        rows = await self._db.fetch_all("SELECT user_id, team FROM game_teams WHERE game_id = ?", (game_id,))
        return {r["user_id"]: r["team"] for r in rows}

    async def set_lobby_message(self, game_id: int, message_id: int) -> None:
        await self._db.write("UPDATE games SET lobby_message_id = ? WHERE id = ?", (message_id, game_id))

    async def record_result(self, game_id: int, winner_id: int | None, winner_team: str | None) -> None:
        await self._db.write(
            "UPDATE games SET winner_id = ?, winner_team = ? WHERE id = ?", (winner_id, winner_team, game_id)
        )

    async def duel_wins(
        self, guild_id: int, season: int, user_ids: Collection[int], since: str | None = None
    ) -> dict[int, int]:
        rows = await self._db.fetch_all(
            "SELECT winner_id, COUNT(*) AS wins FROM games WHERE guild_id = :guild AND season = :season"
            " AND mode = 'duel' AND status = 'finished' AND (:since IS NULL OR ended_at >= :since)"
            " AND winner_id IN (SELECT value FROM json_each(:users)) GROUP BY winner_id",
            {"guild": guild_id, "season": season, "since": since, "users": json.dumps(list(user_ids))},
        )
        return {r["winner_id"]: r["wins"] for r in rows}

    async def team_totals(self, guild_id: int, season: int, since: str | None = None) -> list[TeamSeasonTotal]:
        rows = await self._db.fetch_all(
            "SELECT t.team, (SELECT COALESCE(SUM(a.points), 0) FROM answers a"
            "   JOIN games g ON g.id = a.game_id JOIN game_teams m ON m.game_id = a.game_id AND m.user_id = a.user_id"
            "   WHERE g.guild_id = :guild AND g.season = :season AND g.mode = 'teams' AND m.team = t.team"
            "   AND (:since IS NULL OR a.answered_at >= :since)) AS points,"
            " (SELECT COUNT(*) FROM games g WHERE g.guild_id = :guild AND g.season = :season AND g.mode = 'teams'"
            "   AND g.winner_team = t.team AND (:since IS NULL OR g.ended_at >= :since)) AS wins"
            " FROM (SELECT 'A' AS team UNION ALL SELECT 'B') t"
            " WHERE EXISTS (SELECT 1 FROM games g WHERE g.guild_id = :guild AND g.season = :season AND g.mode = 'teams'"
            "   AND g.status != 'abandoned' AND (:since IS NULL OR g.created_at >= :since))"
            " ORDER BY t.team",
            {"guild": guild_id, "season": season, "since": since},
        )
        return [TeamSeasonTotal(r["team"], r["points"], r["wins"]) for r in rows]

    async def _daily_history(self, guild_id, user_ids, through):
        days = await self._db.fetch_all(
            "SELECT id FROM games WHERE guild_id = :guild AND kind = 'daily'"
            " AND (status = 'finished' OR id = :through) AND (:through IS NULL OR id <= :through) ORDER BY id",
            {"guild": guild_id, "through": through},
        )
        right = await self._db.fetch_all(
            "SELECT a.game_id, a.user_id FROM answers a JOIN games g ON g.id = a.game_id"
            " WHERE a.guild_id = :guild AND g.kind = 'daily' AND a.correct = 1"
            " AND a.user_id IN (SELECT value FROM json_each(:users))",
            {"guild": guild_id, "users": json.dumps(user_ids)},
        )
        return [r["id"] for r in days], {(r["game_id"], r["user_id"]) for r in right}

    async def last_daily_day(self, guild_id: int) -> str | None:
        row = await self._db.fetch_one(
            "SELECT MAX(day) AS day FROM games WHERE guild_id = ? AND kind = 'daily' AND status != 'abandoned'",
            (guild_id,),
        )
        return row["day"] if row else None
