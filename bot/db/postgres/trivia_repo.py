"""Trivia's SQL for PostgreSQL: the same statements as :class:`bot.db.trivia_repo.SqliteTriviaRepo`,
in PostgreSQL's words ($n placeholders, booleans, ``ANY`` over arrays instead of ``json_each``).

Text is ordered and compared ``COLLATE "C"`` (bytewise), as SQLite does: a database created with
another locale would otherwise sort question keys, categories and timestamps differently.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import asynccontextmanager
from datetime import date

import asyncpg

from bot.content.model import CURATED_PREFIX
from bot.db.postgres.database import PgDatabase, rowcount
from bot.db.postgres.meta import PgMetaRepo
from bot.db.trivia_repo import (
    BANK_HASH_KEY,
    SOLO,
    AnswerInsert,
    DailySchedule,
    GameAlreadyRunning,
    GameFormat,
    GameRow,
    NewRound,
    TriviaRepo,
    _game,
    _loads,
    _question,
    bank_entry,
    bank_rows,
    daily_schedule,
    member_stats,
    round_answer,
    standing,
)
from bot.trivia.generate import GENERATED_FAMILIES, RETIRED_FAMILIES
from bot.trivia.models import BankEntry, MemberStats, Question, QuestionDraft, RoundAnswer, Standing
from bot.trivia.scoring import DEFAULT_RULE, ScoringRule

# Questions this server ($1) may be asked ($2: typed questions too; $3, $4: quotes, facts shown there);
# as SQLite's _BANK_WHERE.
_BANK_WHERE = """
    q.active AND (q.guild_id IS NULL OR q.guild_id = $1)
    AND ($2 OR q.form <> 'typed')
    AND ($3 OR q.topics NOT LIKE '%"quote:%')
    AND ($4 OR q.topics NOT LIKE '%"fact:%')
    AND NOT EXISTS (
        SELECT 1 FROM retired_items r WHERE r.guild_id = $1 AND (
            (r.item_kind = 'question' AND r.item_id = q.id::text)
            OR (r.item_kind = 'quote' AND r.item_id = q.quote_id)
            OR (r.item_kind = 'fact' AND r.item_id = q.fact_id)))
"""

_QUESTION_SELECT = """
    SELECT q.id, q.key, q.category, q.form, q.prompt, q.answer, q.wrong, q.accepted, q.explanation,
           q.answer_kind, q.guild_id, q.topics, q.suggested_by, a.headline, q.citation, q.credit,
           CASE WHEN q.evidence_start IS NOT NULL AND q.evidence_end > q.evidence_start
                THEN substr(a.body, q.evidence_start + 1, q.evidence_end - q.evidence_start) END AS evidence
    FROM questions q
    LEFT JOIN article a ON a.id = 1
"""

_GAME_SELECT = """
    SELECT g.id, g.guild_id, g.channel_id, g.started_by, g.status, g.kind, g.rounds, g.timer, g.category,
           g.current_round, g.season, g.mode, g.target, g.opponent_id, g.lobby_deadline, g.lobby_message_id, g.day,
           r.round_no, r.question_id, r.choices, r.message_id, r.started_at, r.deadline, r.revealed
    FROM games g LEFT JOIN game_rounds r ON r.game_id = g.id AND r.round_no = g.current_round
"""


def _shown(hidden: Collection[str]) -> tuple[bool, bool]:
    """$3 and $4 of _BANK_WHERE: whether quotes and facts are shown on the server."""
    return "quote" not in hidden, "fact" not in hidden


class PgTriviaRepo(TriviaRepo):
    def __init__(self, pg: PgDatabase, rule: ScoringRule = DEFAULT_RULE) -> None:
        super().__init__(PgMetaRepo(pg), rule)
        self._pg = pg

    # -- the bank ------------------------------------------------------------------------------

    @asynccontextmanager
    async def _bank_turn(self) -> AsyncIterator[object]:
        """Processes starting together regenerate the shared bank one at a time: the first does
        the work, the others then find its hash and skip it."""
        async with self._pg.advisory_lock("bank") as conn:
            yield conn

    async def _source_rows(self):
        fetch = self._pg.fetch_all
        return (
            await fetch(
                "SELECT id, name, aliases, plays, evidence_start, evidence_end, plays_accepted, role FROM people WHERE active"
            ),
            await fetch(
                "SELECT id, body, speaker_id, occasion_id, kind, passage_id, part, parent_id, start_offset, end_offset"
                " FROM quotes WHERE active"
            ),
            await fetch(
                "SELECT id, body, sentence_start, sentence_end, evidence_start, evidence_end, question, answer,"
                " answer_kind, wrong, accepted FROM facts WHERE active"
            ),
            await fetch("SELECT id, label, is_episode FROM occasions"),
            await fetch(
                "SELECT key, answer, topics FROM questions WHERE guild_id IS NULL AND active AND starts_with(key, $1)",
                CURATED_PREFIX,
            ),
            await self._pg.fetch_value("SELECT body FROM article WHERE id = 1"),
        )

    async def sync_bank(self, drafts: Sequence[QuestionDraft], *, bank_hash: str | None = None) -> None:
        rows = bank_rows(drafts)
        async with self._pg.transaction() as conn:
            await conn.executemany(
                "INSERT INTO questions (key, category, form, prompt, answer, wrong, accepted, explanation, quote_id,"
                " fact_id, evidence_start, evidence_end, answer_kind, topics, citation, credit)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
                " ON CONFLICT (key) DO UPDATE SET category = excluded.category, form = excluded.form,"
                " prompt = excluded.prompt, answer = excluded.answer, wrong = excluded.wrong,"
                " accepted = excluded.accepted, explanation = excluded.explanation, quote_id = excluded.quote_id,"
                " fact_id = excluded.fact_id, evidence_start = excluded.evidence_start,"
                " evidence_end = excluded.evidence_end, answer_kind = excluded.answer_kind, topics = excluded.topics,"
                " citation = excluded.citation, credit = excluded.credit,"
                " active = true",
                rows,
            )
            await conn.execute(
                "UPDATE questions SET active = false WHERE guild_id IS NULL AND active"
                " AND strpos(key, ':') > 0 AND split_part(key, ':', 1) = ANY($1::text[])"
                " AND NOT key = ANY($2::text[])",
                [*GENERATED_FAMILIES, *RETIRED_FAMILIES],
                [d.key for d in drafts],
            )
            if bank_hash is not None:
                await conn.execute(
                    "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    BANK_HASH_KEY,
                    bank_hash,
                )

    async def bank(
        self, guild_id: int, *, category: str | None = None, typed_ok: bool = True, hidden: Collection[str] = ()
    ) -> list[BankEntry]:
        rows = await self._pg.fetch_all(
            "SELECT q.id, q.key, q.category, q.form, q.topics, k.asked_at FROM questions q"
            " LEFT JOIN question_asks k ON k.guild_id = $1 AND k.question_id = q.id"
            f" WHERE {_BANK_WHERE} AND ($5::text IS NULL OR q.category = $5) ORDER BY q.id",
            guild_id,
            typed_ok,
            *_shown(hidden),
            category,
        )
        return [bank_entry(r) for r in rows]

    async def bank_questions(self) -> list[Question]:
        rows = await self._pg.fetch_all(
            f'{_QUESTION_SELECT} WHERE q.active AND q.guild_id IS NULL ORDER BY q.key COLLATE "C"'
        )
        return [_question(r) for r in rows]

    async def record_practice(self, guild_id: int, question_id: int, at: float) -> None:
        async with self._pg.transaction() as conn:
            await _record_ask(conn, guild_id, question_id, at)

    async def categories(self, guild_id: int, *, typed_ok: bool = True, hidden: Collection[str] = ()) -> list[str]:
        rows = await self._pg.fetch_all(
            f'SELECT q.category FROM questions q WHERE {_BANK_WHERE} GROUP BY q.category ORDER BY q.category COLLATE "C"',
            guild_id,
            typed_ok,
            *_shown(hidden),
        )
        return [r["category"] for r in rows]

    async def question(self, question_id: int) -> Question | None:
        row = await self._pg.fetch_one(f"{_QUESTION_SELECT} WHERE q.id = $1", question_id)
        return None if row is None else _question(row)

    async def question_for(self, guild_id: int, question_id: int, *, hidden: Collection[str] = ()) -> Question | None:
        row = await self._pg.fetch_one(
            f"{_QUESTION_SELECT} WHERE q.id = $5 AND {_BANK_WHERE}", guild_id, True, *_shown(hidden), question_id
        )
        return None if row is None else _question(row)

    async def open_question_ids(self, guild_id: int) -> frozenset[int]:
        rows = await self._pg.fetch_all(
            "SELECT r.question_id FROM games g JOIN game_rounds r ON r.game_id = g.id AND r.round_no = g.current_round"
            " WHERE g.guild_id = $1 AND g.status = 'running' AND NOT r.revealed",
            guild_id,
        )
        return frozenset(r["question_id"] for r in rows)

    # -- games ---------------------------------------------------------------------------------

    async def running_game_in(self, channel_id: int) -> GameRow | None:
        row = await self._pg.fetch_one(
            f"{_GAME_SELECT} WHERE g.channel_id = $1 AND g.status = 'running' AND g.kind = 'game'", channel_id
        )
        return None if row is None else _game(row)

    async def game(self, game_id: int) -> GameRow | None:
        row = await self._pg.fetch_one(f"{_GAME_SELECT} WHERE g.id = $1", game_id)
        return None if row is None else _game(row)

    async def running_games(self) -> list[GameRow]:
        rows = await self._pg.fetch_all(f"{_GAME_SELECT} WHERE g.status = 'running' ORDER BY g.id")
        return [_game(r) for r in rows]

    async def create_game(
        self,
        *,
        guild_id: int,
        channel_id: int,
        started_by: int,
        rounds: int,
        timer: int,
        category: str | None,
        season: int,
        first: NewRound | None,
        format: GameFormat = SOLO,
    ) -> int:
        try:
            async with self._pg.transaction() as conn:
                game_id = await conn.fetchval(
                    "INSERT INTO games (guild_id, channel_id, started_by, rounds, timer, category, season,"
                    " current_round, mode, target, opponent_id, lobby_deadline)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                    guild_id, channel_id, started_by, rounds, timer, category, season, int(first is not None),
                    format.mode, format.target, format.opponent_id, format.lobby_deadline,
                )  # fmt: skip
                if first is not None:
                    await _insert_round(conn, game_id, 1, first)
                    await _record_ask(conn, guild_id, first.question_id, first.started_at)
        except asyncpg.UniqueViolationError as exc:
            if exc.constraint_name == "games_one_running_per_channel":
                raise GameAlreadyRunning from exc
            raise
        return game_id

    async def next_round(self, game_id: int, guild_id: int, round_no: int, new: NewRound) -> None:
        async with self._pg.transaction() as conn:
            await conn.execute(
                "UPDATE game_rounds SET revealed = true WHERE game_id = $1 AND round_no < $2", game_id, round_no
            )
            await _insert_round(conn, game_id, round_no, new)
            await conn.execute("UPDATE games SET current_round = $1 WHERE id = $2", round_no, game_id)
            await _record_ask(conn, guild_id, new.question_id, new.started_at)

    async def restart_round(self, game_id: int, round_no: int, started_at: float, deadline: float) -> None:
        await self._pg.write(
            "UPDATE game_rounds SET started_at = $1, deadline = $2 WHERE game_id = $3 AND round_no = $4",
            started_at,
            deadline,
            game_id,
            round_no,
        )

    async def set_round_message(self, game_id: int, round_no: int, message_id: int) -> None:
        await self._pg.write(
            "UPDATE game_rounds SET message_id = $1 WHERE game_id = $2 AND round_no = $3", message_id, game_id, round_no
        )

    async def mark_revealed(self, game_id: int, round_no: int) -> None:
        await self._pg.write(
            "UPDATE game_rounds SET revealed = true WHERE game_id = $1 AND round_no = $2", game_id, round_no
        )

    async def end_game(self, game_id: int, status: str) -> bool:
        changed = await self._pg.write(
            "UPDATE games SET status = $1, ended_at = utc_now_text() WHERE id = $2 AND status = 'running'",
            status,
            game_id,
        )
        return changed > 0

    async def asked_in_game(self, game_id: int) -> tuple[list[int], frozenset[str]]:
        rows = await self._pg.fetch_all(
            "SELECT r.question_id, q.topics FROM game_rounds r JOIN questions q ON q.id = r.question_id"
            " WHERE r.game_id = $1 ORDER BY r.round_no",
            game_id,
        )
        return [r["question_id"] for r in rows], frozenset(t for r in rows for t in _loads(r["topics"]))

    async def round_answerers(self, game_id: int, round_no: int) -> set[int]:
        rows = await self._pg.fetch_all(
            "SELECT user_id FROM answers WHERE game_id = $1 AND round_no = $2", game_id, round_no
        )
        return {r["user_id"] for r in rows}

    async def round_answers(self, game_id: int, round_no: int) -> list[RoundAnswer]:
        rows = await self._pg.fetch_all(
            "SELECT a.user_id, m.display_name, a.correct, a.points, a.elapsed_ms, a.speed_bonus, a.streak_bonus,"
            " a.hint_cost FROM answers a"
            " LEFT JOIN members m ON m.guild_id = a.guild_id AND m.user_id = a.user_id"
            " WHERE a.game_id = $1 AND a.round_no = $2 ORDER BY a.correct DESC, a.elapsed_ms, a.id",
            game_id,
            round_no,
        )
        return [round_answer(r) for r in rows]

    async def game_standings(self, game_id: int, limit: int = 10) -> list[Standing]:
        rows = await self._pg.fetch_all(
            "SELECT a.user_id, m.display_name, SUM(a.points) AS points, count(*) FILTER (WHERE a.correct) AS correct,"
            " COUNT(*) AS answered FROM answers a"
            " LEFT JOIN members m ON m.guild_id = a.guild_id AND m.user_id = a.user_id"
            " WHERE a.game_id = $1 GROUP BY a.user_id, m.display_name"
            " ORDER BY points DESC, correct DESC, a.user_id LIMIT $2",
            game_id,
            limit,
        )
        return [standing(r, rank) for rank, r in enumerate(rows, start=1)]

    # -- answers -------------------------------------------------------------------------------

    async def _insert_answer(self, answer: AnswerInsert) -> int | None:
        streak_bonus = "least($8, $9 * coalesce((SELECT streak FROM scores WHERE guild_id = $3 AND season = $10 AND user_id = $4), 0))"
        rows = await self._pg.write_returning(
            "INSERT INTO answers (game_id, round_no, guild_id, user_id, given, correct, points, elapsed_ms,"
            " speed_bonus, streak_bonus, hint_cost)"
            " VALUES ($1, $2, $3, $4, $5, $6,"
            f"  CASE WHEN $6 THEN $7 + {streak_bonus} ELSE $11 END,"
            "  $12, CASE WHEN $6 THEN $13 ELSE 0 END,"
            f"  CASE WHEN $6 THEN {streak_bonus} ELSE 0 END, CASE WHEN $6 THEN $14 ELSE 0 END)"
            " ON CONFLICT (game_id, round_no, user_id) DO NOTHING RETURNING points",
            answer.game_id,
            answer.round_no,
            answer.guild_id,
            answer.user_id,
            answer.given,
            answer.correct,
            answer.right,
            answer.streak_cap,
            answer.streak_step,
            answer.season,
            answer.wrong,
            answer.elapsed_ms,
            answer.speed,
            answer.hint,
        )
        return rows[0]["points"] if rows else None

    async def remember_names(self, names: Sequence[tuple[int, int, str]]) -> None:
        if not names:
            return
        async with self._pg.transaction() as conn:
            await conn.executemany(
                "INSERT INTO members (guild_id, user_id, display_name) VALUES ($1, $2, $3)"
                " ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name,"
                " updated_at = utc_now_text()",
                [(g, u, n[:100]) for g, u, n in names],
            )

    # -- leaderboards and stats ----------------------------------------------------------------

    @staticmethod
    def _totals(since: str | None, since_param: str) -> str:
        """The totals per member: $1 guild, $2 season, and ``since_param`` the earliest answer counted."""
        if since is None:
            return "SELECT user_id, points, correct, answered FROM scores WHERE guild_id = $1 AND season = $2 AND answered > 0"
        return (
            "SELECT a.user_id, SUM(a.points) AS points, count(*) FILTER (WHERE a.correct) AS correct,"
            " COUNT(*) AS answered FROM answers a JOIN games g ON g.id = a.game_id"
            f' WHERE a.guild_id = $1 AND g.season = $2 AND a.answered_at >= {since_param} COLLATE "C"'
            " GROUP BY a.user_id"
        )

    async def _leaderboard_rows(self, guild_id, season, since, offset, size, caller_id):
        return await self._pg.fetch_all(
            f"WITH totals AS ({self._totals(since, '$6')}), ranked AS (SELECT t.*, RANK() OVER (ORDER BY t.points DESC) AS rank,"
            " ROW_NUMBER() OVER (ORDER BY t.points DESC, t.correct DESC, t.user_id) AS position,"
            " COUNT(*) OVER () AS total FROM totals t)"
            " SELECT r.*, m.display_name FROM ranked r"
            " LEFT JOIN members m ON m.guild_id = $1 AND m.user_id = r.user_id"
            " WHERE r.position > $3 AND r.position <= $3 + $4 OR r.user_id = $5"
            " ORDER BY r.position",
            *(guild_id, season, offset, size, caller_id),
            *(() if since is None else (since,)),
        )

    async def _leaderboard_total(self, guild_id, season, since):
        return await self._pg.fetch_value(
            f"WITH totals AS ({self._totals(since, '$3')}) SELECT COUNT(*) FROM totals",
            *(guild_id, season),
            *(() if since is None else (since,)),
        )

    async def member_stats(self, guild_id: int, season: int, user_id: int) -> MemberStats:
        row = await self._pg.fetch_one(
            "SELECT s.*, (SELECT 1 + COUNT(*) FROM scores o WHERE o.guild_id = s.guild_id AND o.season = s.season"
            " AND o.answered > 0 AND o.points > s.points) AS rank"
            " FROM scores s WHERE s.guild_id = $1 AND s.season = $2 AND s.user_id = $3",
            guild_id,
            season,
            user_id,
        )
        return member_stats(user_id, season, row)

    # -- the daily question --------------------------------------------------------------------

    async def daily_schedules(self) -> list[DailySchedule]:
        rows = await self._pg.fetch_all(
            "SELECT guild_id, daily_channel_id, daily_hour, daily_last_date, season FROM guild_settings"
            " WHERE daily_channel_id IS NOT NULL AND daily_hour IS NOT NULL ORDER BY guild_id"
        )
        return [daily_schedule(r) for r in rows]

    async def claim_daily(self, schedule: DailySchedule, day: date, first: NewRound, timer: int) -> int | None:
        async with self._pg.transaction() as conn:
            # A second claim waits on the row's lock, then finds the day taken: it changes nothing.
            status = await conn.execute(
                "UPDATE guild_settings SET daily_last_date = $1 WHERE guild_id = $2"
                ' AND (daily_last_date IS NULL OR daily_last_date < $1 COLLATE "C")',
                day.isoformat(),
                schedule.guild_id,
            )
            if rowcount(status) == 0:
                return None
            game_id = await conn.fetchval(
                "INSERT INTO games (guild_id, channel_id, started_by, kind, rounds, timer, season, current_round, day)"
                " VALUES ($1, $2, 0, 'daily', 1, $3, $4, 1, $5) RETURNING id",
                schedule.guild_id,
                schedule.channel_id,
                timer,
                schedule.season,
                day.isoformat(),
            )
            await _insert_round(conn, game_id, 1, first)
            await _record_ask(conn, schedule.guild_id, first.question_id, first.started_at)
        return game_id

    async def running_dailies(self, guild_id: int) -> list[GameRow]:
        rows = await self._pg.fetch_all(
            f"{_GAME_SELECT} WHERE g.guild_id = $1 AND g.kind = 'daily' AND g.status = 'running' ORDER BY g.id",
            guild_id,
        )
        return [_game(r) for r in rows]


async def _insert_round(conn: asyncpg.Connection, game_id: int, round_no: int, new: NewRound) -> None:
    await conn.execute(
        "INSERT INTO game_rounds (game_id, round_no, question_id, choices, started_at, deadline)"
        " VALUES ($1, $2, $3, $4, $5, $6)",
        game_id,
        round_no,
        new.question_id,
        json.dumps(list(new.choices)),
        new.started_at,
        new.deadline,
    )


async def _record_ask(conn: asyncpg.Connection, guild_id: int, question_id: int, at: float) -> None:
    await conn.execute(
        "INSERT INTO question_asks (guild_id, question_id, asked_at) VALUES ($1, $2, $3)"
        " ON CONFLICT (guild_id, question_id) DO UPDATE SET asked_at = excluded.asked_at",
        guild_id,
        question_id,
        at,
    )
