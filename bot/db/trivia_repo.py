"""Trivia's storage: the question bank, games and their rounds, answers, scores, the daily question.

:class:`TriviaRepo` is the interface (with what both backends share); :class:`SqliteTriviaRepo` holds
SQLite's SQL and ``bot.db.postgres.trivia_repo.PgTriviaRepo`` PostgreSQL's.

An answer is recorded by ONE statement (:meth:`TriviaRepo.record_answer`): the INSERT computes the
streak bonus from ``scores`` and a trigger (SQLite's migration 0002, PostgreSQL's 0001) folds the
answer into ``scores``, so a click costs a single write and concurrent clicks can neither lose nor
double-count points.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.content.model import CURATED_PREFIX
from bot.db.database import Database
from bot.db.meta import MetaRepo, SqliteMetaRepo
from bot.trivia.generate import GENERATED_FAMILIES, GENERATOR_VERSION, RETIRED_FAMILIES, generate_bank
from bot.trivia.models import (
    BankEntry,
    BankSource,
    CuratedRow,
    FactRow,
    LeaderboardPage,
    MemberStats,
    OccasionRow,
    PersonRow,
    Question,
    QuestionDraft,
    QuoteRow,
    RoundAnswer,
    Standing,
)
from bot.trivia.scoring import DEFAULT_RULE, ScoringRule

log = logging.getLogger(__name__)

BANK_HASH_KEY = "trivia_bank_hash"
PAGE_SIZE = 10

# Questions this server may be asked: the episode's bank and its own community questions, minus what
# its moderators retired (the question itself, or the quote or fact it rests on) and minus questions
# resting on a kind of content they turned off (a topic "quote:<id>" shows a quote; topics are JSON).
_BANK_WHERE = """
    q.active = 1 AND (q.guild_id IS NULL OR q.guild_id = :guild)
    AND (:typed_ok OR q.form != 'typed')
    AND (:quotes_ok OR q.topics NOT LIKE '%"quote:%')
    AND (:facts_ok OR q.topics NOT LIKE '%"fact:%')
    AND NOT EXISTS (
        SELECT 1 FROM retired_items r WHERE r.guild_id = :guild AND (
            (r.item_kind = 'question' AND r.item_id = CAST(q.id AS TEXT))
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


class GameAlreadyRunning(Exception):
    """This channel already has a running game (the unique index said so)."""


@dataclass(frozen=True, slots=True)
class RoundRow:
    round_no: int
    question_id: int
    choices: tuple[str, ...]
    message_id: int | None
    started_at: float
    deadline: float
    revealed: bool


@dataclass(frozen=True, slots=True)
class GameRow:
    id: int
    guild_id: int
    channel_id: int
    started_by: int
    status: str
    kind: str
    rounds: int
    timer: int
    category: str | None
    current_round: int
    season: int
    round: RoundRow | None = None  # the current round
    mode: str = "solo"  # 'solo' | 'teams' | 'duel' (bot/trivia/formats.py)
    target: int | None = None  # the first to this many points wins
    opponent_id: int | None = None  # a duel's challenged member (started_by challenged them)
    lobby_deadline: float | None = None  # a team game or duel not started yet: when it starts, or lapses
    lobby_message_id: int | None = None  # the message with its team or Accept / Decline buttons
    day: str | None = None  # a daily question's UTC day

    @property
    def players(self) -> frozenset[int]:
        """The members who may answer: a duel's two (0: one who deleted their data); empty (anyone) otherwise."""
        return frozenset((self.started_by, self.opponent_id or 0)) if self.mode == "duel" else frozenset()


@dataclass(frozen=True, slots=True)
class DailySchedule:
    guild_id: int
    channel_id: int
    hour: int
    last_date: str | None
    season: int


@dataclass(frozen=True, slots=True)
class GameFormat:
    """How a new game is played (bot/trivia/formats.py); a team game or a duel waits before its first
    question until ``lobby_deadline`` (unix seconds)."""

    mode: str = "solo"
    target: int | None = None
    opponent_id: int | None = None
    lobby_deadline: float | None = None


SOLO = GameFormat()


@dataclass(frozen=True, slots=True)
class NewRound:
    question_id: int
    choices: tuple[str, ...]
    started_at: float
    deadline: float


def _loads(raw: str | None) -> tuple[str, ...]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


@dataclass(frozen=True, slots=True)
class AnswerInsert:
    """The values of one answer's INSERT (see :meth:`TriviaRepo.record_answer`)."""

    game_id: int
    round_no: int
    guild_id: int
    season: int
    user_id: int
    given: str
    correct: bool
    right: int  # points if right, before the streak bonus
    wrong: int  # points if wrong
    streak_cap: int
    streak_step: int
    elapsed_ms: int
    speed: int = 0  # a right answer's speed bonus
    hint: int = 0  # what the hint costs a right answer


# Rows as either backend returns them (sqlite3.Row, asyncpg.Record): read by column name or position.
Row = Any


def _question(row: Row) -> Question:
    return Question(
        id=row["id"],
        key=row["key"],
        category=row["category"],
        form=row["form"],
        prompt=row["prompt"],
        answer=row["answer"],
        wrong=_loads(row["wrong"]),
        accepted=_loads(row["accepted"]),
        explanation=row["explanation"],
        answer_kind=row["answer_kind"],
        guild_id=row["guild_id"],
        evidence=row["evidence"],
        citation=row["citation"],
        credit=row["credit"],
        headline=row["headline"],
        topics=_loads(row["topics"]),
        suggested_by=row["suggested_by"],
    )


def _shown(hidden: Collection[str]) -> dict[str, int]:
    return {"quotes_ok": int("quote" not in hidden), "facts_ok": int("fact" not in hidden)}


def _round(row: Row) -> RoundRow | None:
    if row["round_no"] is None:
        return None
    return RoundRow(
        round_no=row["round_no"],
        question_id=row["question_id"],
        choices=_loads(row["choices"]),
        message_id=row["message_id"],
        started_at=row["started_at"],
        deadline=row["deadline"],
        revealed=bool(row["revealed"]),
    )


def _game(row: Row) -> GameRow:
    return GameRow(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        started_by=row["started_by"],
        status=row["status"],
        kind=row["kind"],
        rounds=row["rounds"],
        timer=row["timer"],
        category=row["category"],
        current_round=row["current_round"],
        season=row["season"],
        round=_round(row),
        mode=row["mode"],
        target=row["target"],
        opponent_id=row["opponent_id"],
        lobby_deadline=row["lobby_deadline"],
        lobby_message_id=row["lobby_message_id"],
        day=row["day"],
    )


def bank_rows(drafts: Sequence[QuestionDraft]) -> list[tuple[Any, ...]]:
    """The generated questions' values, in the column order of the bank's upsert: key, category,
    form, prompt, answer, wrong, accepted, explanation, quote_id, fact_id, evidence_start,
    evidence_end, answer_kind, topics, citation, credit."""
    return [
        (
            d.key,
            d.category,
            d.form,
            d.prompt,
            d.answer,
            json.dumps(list(d.wrong)),
            json.dumps(list(d.accepted)),
            d.explanation,
            d.quote_id,
            d.fact_id,
            *(d.evidence or (None, None)),
            d.answer_kind,
            json.dumps(list(d.topics)),
            d.citation,
            d.credit,
        )
        for d in drafts
    ]


def bank_entry(row: Row) -> BankEntry:
    return BankEntry(row["id"], row["key"], row["category"], row["form"], _loads(row["topics"]), row["asked_at"])


def round_answer(row: Row) -> RoundAnswer:
    return RoundAnswer(
        row["user_id"],
        row["display_name"],
        bool(row["correct"]),
        row["points"],
        row["elapsed_ms"],
        row["speed_bonus"],
        row["streak_bonus"],
        row["hint_cost"],
    )


def standing(row: Row, rank: int) -> Standing:
    return Standing(row["user_id"], row["display_name"], row["points"], row["correct"], row["answered"], rank)


def daily_schedule(row: Row) -> DailySchedule:
    return DailySchedule(
        row["guild_id"], row["daily_channel_id"], row["daily_hour"], row["daily_last_date"], row["season"]
    )


def member_stats(user_id: int, season: int, row: Row | None) -> MemberStats:
    if row is None:
        return MemberStats(user_id=user_id, season=season)
    return MemberStats(
        user_id=user_id,
        season=season,
        points=row["points"],
        answered=row["answered"],
        correct=row["correct"],
        streak=row["streak"],
        best_streak=row["best_streak"],
        fastest_ms=row["fastest_ms"],
        rank=row["rank"],
    )


_GAME_SELECT = """
    SELECT g.id, g.guild_id, g.channel_id, g.started_by, g.status, g.kind, g.rounds, g.timer, g.category,
           g.current_round, g.season, g.mode, g.target, g.opponent_id, g.lobby_deadline, g.lobby_message_id, g.day,
           r.round_no, r.question_id, r.choices, r.message_id, r.started_at, r.deadline, r.revealed
    FROM games g LEFT JOIN game_rounds r ON r.game_id = g.id AND r.round_no = g.current_round
"""


class TriviaRepo(ABC):
    """Trivia's storage: the interface every backend implements, and what they share (regenerating
    the bank, reading its sources, scoring an answer, paging a leaderboard). The SQL is each
    backend's: :class:`SqliteTriviaRepo` here, ``bot.db.postgres.trivia_repo`` for PostgreSQL."""

    def __init__(self, meta: MetaRepo, rule: ScoringRule = DEFAULT_RULE) -> None:
        self._meta = meta
        self.rule = rule

    # -- the bank ------------------------------------------------------------------------------

    async def load_source(self) -> BankSource:
        """What the question generator reads: active people, quotes and facts, the occasions and
        the curated questions' answers."""
        people, quotes, facts, occasions, curated, article = await self._source_rows()
        return BankSource(
            people=tuple(
                PersonRow(
                    r["id"],
                    r["name"],
                    _loads(r["aliases"]),
                    r["plays"],
                    (r["evidence_start"], r["evidence_end"]) if r["evidence_start"] is not None else None,
                    _loads(r["plays_accepted"]),
                    r["role"],
                )
                for r in people
            ),
            quotes=tuple(QuoteRow(*r) for r in quotes),  # columns selected in QuoteRow order
            facts=tuple(
                FactRow(
                    r["id"],
                    r["body"],
                    (r["sentence_start"], r["sentence_end"]),
                    (r["evidence_start"], r["evidence_end"]),
                    r["question"],
                    r["answer"],
                    r["answer_kind"],
                    _loads(r["wrong"]),
                    _loads(r["accepted"]),
                )
                for r in facts
            ),
            occasions=tuple(OccasionRow(r["id"], r["label"], bool(r["is_episode"])) for r in occasions),
            curated=tuple(CuratedRow(r["key"], r["answer"], _loads(r["topics"])) for r in curated),
            article=article or "",
        )

    async def refresh_bank(self, *, force: bool = False) -> int | None:
        """Regenerate the bank when the content (meta ``content_hash``) or the generator changed.
        Returns the number of generated questions, or None when the bank was already up to date.
        Processes sharing a database take turns (:meth:`_bank_turn`): one regenerates, the rest
        find it done."""
        async with self._bank_turn():
            content_hash = await self._meta.get("content_hash")
            wanted = f"{content_hash}:{GENERATOR_VERSION}"
            if not force and content_hash is not None and await self._meta.get(BANK_HASH_KEY) == wanted:
                return None
            drafts = generate_bank(await self.load_source())
            await self.sync_bank(drafts, bank_hash=wanted)
            return len(drafts)

    def _bank_turn(self) -> AbstractAsyncContextManager[object]:
        """Held while the bank is checked and regenerated (one process has SQLite to itself)."""
        return nullcontext()

    @abstractmethod
    async def _source_rows(
        self,
    ) -> tuple[Sequence[Row], Sequence[Row], Sequence[Row], Sequence[Row], Sequence[Row], str | None]:
        """people, quotes (in QuoteRow's column order), facts, occasions, curated questions and the
        article's text."""

    @abstractmethod
    async def sync_bank(self, drafts: Sequence[QuestionDraft], *, bank_hash: str | None = None) -> None:
        """Upsert generated questions by key (ids stay stable for rounds, reports and retirements) and
        deactivate generated questions the content no longer supports. Curated and community
        questions are not touched."""

    @abstractmethod
    async def bank(
        self, guild_id: int, *, category: str | None = None, typed_ok: bool = True, hidden: Collection[str] = ()
    ) -> list[BankEntry]:
        """The questions this server may be asked, each with its topics and when it was last asked there;
        ``hidden``: kinds of content turned off there ("quote", "fact")."""

    @abstractmethod
    async def bank_questions(self) -> list[Question]:
        """The whole active episode bank (generated and curated; no server's own), for its author."""

    @abstractmethod
    async def record_practice(self, guild_id: int, question_id: int, at: float) -> None:
        """A practice question counts as asked on the server: it moves to the back of the queue."""

    @abstractmethod
    async def categories(self, guild_id: int, *, typed_ok: bool = True, hidden: Collection[str] = ()) -> list[str]: ...

    @abstractmethod
    async def question(self, question_id: int) -> Question | None: ...

    @abstractmethod
    async def question_for(self, guild_id: int, question_id: int, *, hidden: Collection[str] = ()) -> Question | None:
        """The question if this server may be asked it: active, the episode's or its own community
        question, not retired there (itself, or the quote or fact it rests on), and not resting on a
        kind of content turned off there."""

    @abstractmethod
    async def open_question_ids(self, guild_id: int) -> frozenset[int]:
        """The questions open on this server now (a running game's unrevealed round, the daily
        question): until revealed, nothing shows them but their round (no practice, no look-up)."""

    # -- games ---------------------------------------------------------------------------------

    @abstractmethod
    async def running_game_in(self, channel_id: int) -> GameRow | None: ...

    @abstractmethod
    async def game(self, game_id: int) -> GameRow | None: ...

    @abstractmethod
    async def running_games(self) -> list[GameRow]: ...

    @abstractmethod
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
        """The game and its first round, together; raises :class:`GameAlreadyRunning`. A team game
        or a duel starts without a round (``first`` None): it waits for its players first."""

    @abstractmethod
    async def next_round(self, game_id: int, guild_id: int, round_no: int, new: NewRound) -> None:
        """Close the previous round, open ``round_no`` and note that the server was asked its question."""

    @abstractmethod
    async def restart_round(self, game_id: int, round_no: int, started_at: float, deadline: float) -> None:
        """A round whose message was never posted (a crash in between) gets a fresh timer."""

    @abstractmethod
    async def set_round_message(self, game_id: int, round_no: int, message_id: int) -> None: ...

    @abstractmethod
    async def mark_revealed(self, game_id: int, round_no: int) -> None: ...

    @abstractmethod
    async def end_game(self, game_id: int, status: str) -> bool:
        """Finish, stop or abandon a running game; False if it had already ended."""

    @abstractmethod
    async def asked_in_game(self, game_id: int) -> tuple[list[int], frozenset[str]]:
        """The questions this game has asked, in order, and all their topics (retired ones included)."""

    @abstractmethod
    async def round_answerers(self, game_id: int, round_no: int) -> set[int]: ...

    @abstractmethod
    async def round_answers(self, game_id: int, round_no: int) -> list[RoundAnswer]: ...

    @abstractmethod
    async def game_standings(self, game_id: int, limit: int = 10) -> list[Standing]: ...

    # -- answers -------------------------------------------------------------------------------

    async def record_answer(
        self,
        *,
        game_id: int,
        round_no: int,
        guild_id: int,
        season: int,
        user_id: int,
        given: str,
        correct: bool,
        elapsed_s: float,
        timer_s: float,
        hinted: bool = False,
    ) -> int | None:
        """Record one answer and fold it into the member's score, in ONE statement.

        Returns the points it earned, or None if this member had already answered this round (the
        UNIQUE(game_id, round_no, user_id) constraint: nothing changes)."""
        parts = self.rule.parts(elapsed_s=elapsed_s, timer_s=timer_s, hinted=hinted)
        return await self._insert_answer(
            AnswerInsert(
                game_id,
                round_no,
                guild_id,
                season,
                user_id,
                given[:200],
                correct,
                parts.right,
                parts.wrong,
                self.rule.streak_cap,
                self.rule.streak_step,
                round(elapsed_s * 1000),
                parts.speed,
                parts.hint,
            )
        )

    @abstractmethod
    async def _insert_answer(self, answer: AnswerInsert) -> int | None:
        """The one INSERT of :meth:`record_answer`: points are ``right`` plus the streak bonus from
        ``scores`` when correct (else ``wrong``); the trigger folds the row into ``scores``."""

    @abstractmethod
    async def remember_names(self, names: Sequence[tuple[int, int, str]]) -> None:
        """Store display names (guild, user, name) for leaderboards, in one transaction."""

    # -- leaderboards and stats ----------------------------------------------------------------

    async def leaderboard(
        self, guild_id: int, season: int, *, page: int, caller_id: int, since: str | None = None
    ) -> LeaderboardPage:
        """One page of the season's (or, with ``since``, the recent) standings and the caller's rank."""
        rows = await self._leaderboard_rows(guild_id, season, since, page * PAGE_SIZE, PAGE_SIZE, caller_id)
        entries, caller, total = [], None, 0
        for r in rows:
            ranked = standing(r, r["rank"])
            total = r["total"]
            if r["user_id"] == caller_id:
                caller = ranked
            if page * PAGE_SIZE < r["position"] <= (page + 1) * PAGE_SIZE:
                entries.append(ranked)
        if not rows:
            total = await self._leaderboard_total(guild_id, season, since)
        pages = max(1, -(-total // PAGE_SIZE))
        return LeaderboardPage(entries, total, min(page, pages - 1), pages, caller)

    @abstractmethod
    async def _leaderboard_rows(
        self, guild_id: int, season: int, since: str | None, offset: int, size: int, caller_id: int
    ) -> Sequence[Row]:
        """Ranked rows (user_id, display_name, points, correct, answered, rank, position, total) of
        positions offset+1..offset+size, and the caller's row wherever it is."""

    @abstractmethod
    async def _leaderboard_total(self, guild_id: int, season: int, since: str | None) -> int: ...

    @abstractmethod
    async def member_stats(self, guild_id: int, season: int, user_id: int) -> MemberStats: ...

    # -- the daily question --------------------------------------------------------------------

    @abstractmethod
    async def daily_schedules(self) -> list[DailySchedule]: ...

    @abstractmethod
    async def claim_daily(self, schedule: DailySchedule, day: date, first: NewRound, timer: int) -> int | None:
        """Mark ``day`` as posted for the server and create its daily game, in one transaction, unless
        that day (or a later one) was claimed already. Returns the new game's id."""

    @abstractmethod
    async def running_dailies(self, guild_id: int) -> list[GameRow]: ...


# The one statement of a click (see TriviaRepo.record_answer); bench/bare_bot.py runs it too, as the
# floor a bot that stores each answer cannot go under.
_SQLITE_STREAK_BONUS = (
    "MIN(:cap, :step * COALESCE((SELECT streak FROM scores"
    " WHERE guild_id = :guild AND season = :season AND user_id = :user), 0))"
)
SQLITE_ANSWER_INSERT = (
    "INSERT INTO answers (game_id, round_no, guild_id, user_id, given, correct, points, elapsed_ms,"
    " speed_bonus, streak_bonus, hint_cost)"
    " VALUES (:game, :round, :guild, :user, :given, :correct,"
    f"  CASE WHEN :correct THEN :right + {_SQLITE_STREAK_BONUS} ELSE :wrong END,"
    "  :elapsed_ms, CASE WHEN :correct THEN :speed ELSE 0 END,"
    f"  CASE WHEN :correct THEN {_SQLITE_STREAK_BONUS} ELSE 0 END, CASE WHEN :correct THEN :hint ELSE 0 END)"
    " ON CONFLICT(game_id, round_no, user_id) DO NOTHING RETURNING points"
)


def sqlite_answer_params(answer: AnswerInsert) -> dict[str, Any]:
    return {
        "game": answer.game_id,
        "round": answer.round_no,
        "guild": answer.guild_id,
        "season": answer.season,
        "user": answer.user_id,
        "given": answer.given,
        "correct": int(answer.correct),
        "right": answer.right,
        "wrong": answer.wrong,
        "cap": answer.streak_cap,
        "step": answer.streak_step,
        "elapsed_ms": answer.elapsed_ms,
        "speed": answer.speed,
        "hint": answer.hint,
    }


class SqliteTriviaRepo(TriviaRepo):
    def __init__(self, db: Database, rule: ScoringRule = DEFAULT_RULE) -> None:
        super().__init__(SqliteMetaRepo(db), rule)
        self._db = db

    # -- the bank ------------------------------------------------------------------------------

    async def _source_rows(self):
        people = await self._db.fetch_all(
            "SELECT id, name, aliases, plays, evidence_start, evidence_end, plays_accepted, role FROM people WHERE active = 1"
        )
        quotes = await self._db.fetch_all(
            "SELECT id, body, speaker_id, occasion_id, kind, passage_id, part, parent_id, start_offset, end_offset"
            " FROM quotes WHERE active = 1"
        )
        facts = await self._db.fetch_all(
            "SELECT id, body, sentence_start, sentence_end, evidence_start, evidence_end, question, answer,"
            " answer_kind, wrong, accepted FROM facts WHERE active = 1"
        )
        occasions = await self._db.fetch_all("SELECT id, label, is_episode FROM occasions")
        curated = await self._db.fetch_all(
            "SELECT key, answer, topics FROM questions WHERE guild_id IS NULL AND active = 1 AND substr(key, 1, ?) = ?",
            (len(CURATED_PREFIX), CURATED_PREFIX),
        )
        article = await self._db.fetch_one("SELECT body FROM article WHERE id = 1")
        return people, quotes, facts, occasions, curated, article["body"] if article else None

    async def sync_bank(self, drafts: Sequence[QuestionDraft], *, bank_hash: str | None = None) -> None:
        rows = bank_rows(drafts)
        async with self._db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO questions (key, category, form, prompt, answer, wrong, accepted, explanation, quote_id,"
                " fact_id, evidence_start, evidence_end, answer_kind, topics, citation, credit)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET category = excluded.category, form = excluded.form,"
                " prompt = excluded.prompt, answer = excluded.answer, wrong = excluded.wrong,"
                " accepted = excluded.accepted, explanation = excluded.explanation, quote_id = excluded.quote_id,"
                " fact_id = excluded.fact_id, evidence_start = excluded.evidence_start,"
                " evidence_end = excluded.evidence_end, answer_kind = excluded.answer_kind, topics = excluded.topics,"
                " citation = excluded.citation, credit = excluded.credit,"
                " active = 1",
                rows,
            )
            await conn.execute(
                "UPDATE questions SET active = 0 WHERE guild_id IS NULL AND active = 1"
                " AND substr(key, 1, instr(key, ':') - 1) IN (SELECT value FROM json_each(:families))"
                " AND key NOT IN (SELECT value FROM json_each(:keys))",
                {
                    "families": json.dumps([*GENERATED_FAMILIES, *RETIRED_FAMILIES]),
                    "keys": json.dumps([d.key for d in drafts]),
                },
            )
            if bank_hash is not None:
                await conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (BANK_HASH_KEY, bank_hash),
                )

    async def bank(
        self, guild_id: int, *, category: str | None = None, typed_ok: bool = True, hidden: Collection[str] = ()
    ) -> list[BankEntry]:
        rows = await self._db.fetch_all(
            "SELECT q.id, q.key, q.category, q.form, q.topics, k.asked_at FROM questions q"
            " LEFT JOIN question_asks k ON k.guild_id = :guild AND k.question_id = q.id"
            f" WHERE {_BANK_WHERE} AND (:category IS NULL OR q.category = :category) ORDER BY q.id",
            {"guild": guild_id, "typed_ok": int(typed_ok), "category": category, **_shown(hidden)},
        )
        return [bank_entry(r) for r in rows]

    async def bank_questions(self) -> list[Question]:
        rows = await self._db.fetch_all(f"{_QUESTION_SELECT} WHERE q.active = 1 AND q.guild_id IS NULL ORDER BY q.key")
        return [_question(r) for r in rows]

    async def record_practice(self, guild_id: int, question_id: int, at: float) -> None:
        async with self._db.transaction() as conn:
            await self._record_ask(conn, guild_id, question_id, at)

    @staticmethod
    async def _record_ask(conn, guild_id: int, question_id: int, at: float) -> None:
        await conn.execute(
            "INSERT INTO question_asks (guild_id, question_id, asked_at) VALUES (?, ?, ?)"
            " ON CONFLICT(guild_id, question_id) DO UPDATE SET asked_at = excluded.asked_at",
            (guild_id, question_id, at),
        )

    async def categories(self, guild_id: int, *, typed_ok: bool = True, hidden: Collection[str] = ()) -> list[str]:
        rows = await self._db.fetch_all(
            f"SELECT DISTINCT q.category FROM questions q WHERE {_BANK_WHERE} ORDER BY q.category",
            {"guild": guild_id, "typed_ok": int(typed_ok), **_shown(hidden)},
        )
        return [r["category"] for r in rows]

    async def question(self, question_id: int) -> Question | None:
        row = await self._db.fetch_one(f"{_QUESTION_SELECT} WHERE q.id = ?", (question_id,))
        return None if row is None else _question(row)

    async def question_for(self, guild_id: int, question_id: int, *, hidden: Collection[str] = ()) -> Question | None:
        row = await self._db.fetch_one(
            f"{_QUESTION_SELECT} WHERE q.id = :id AND {_BANK_WHERE}",
            {"id": question_id, "guild": guild_id, "typed_ok": 1, **_shown(hidden)},
        )
        return None if row is None else _question(row)

    async def open_question_ids(self, guild_id: int) -> frozenset[int]:
        rows = await self._db.fetch_all(
            "SELECT r.question_id FROM games g JOIN game_rounds r ON r.game_id = g.id AND r.round_no = g.current_round"
            " WHERE g.guild_id = ? AND g.status = 'running' AND r.revealed = 0",
            (guild_id,),
        )
        return frozenset(r["question_id"] for r in rows)

    # -- games ---------------------------------------------------------------------------------

    async def running_game_in(self, channel_id: int) -> GameRow | None:
        row = await self._db.fetch_one(
            f"{_GAME_SELECT} WHERE g.channel_id = ? AND g.status = 'running' AND g.kind = 'game'", (channel_id,)
        )
        return None if row is None else _game(row)

    async def game(self, game_id: int) -> GameRow | None:
        row = await self._db.fetch_one(f"{_GAME_SELECT} WHERE g.id = ?", (game_id,))
        return None if row is None else _game(row)

    async def running_games(self) -> list[GameRow]:
        rows = await self._db.fetch_all(f"{_GAME_SELECT} WHERE g.status = 'running' ORDER BY g.id")
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
            async with self._db.transaction() as conn:
                cursor = await conn.execute(
                    "INSERT INTO games (guild_id, channel_id, started_by, rounds, timer, category, season,"
                    " current_round, mode, target, opponent_id, lobby_deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        guild_id, channel_id, started_by, rounds, timer, category, season, int(first is not None),
                        format.mode, format.target, format.opponent_id, format.lobby_deadline,
                    ),
                )  # fmt: skip
                game_id = cursor.lastrowid
                if first is not None:
                    await self._insert_round(conn, game_id, 1, first)
                    await self._record_ask(conn, guild_id, first.question_id, first.started_at)
        except sqlite3.IntegrityError as exc:
            if "games" in str(exc) or "UNIQUE" in str(exc):
                raise GameAlreadyRunning from exc
            raise
        return game_id

    @staticmethod
    async def _insert_round(conn, game_id: int, round_no: int, new: NewRound) -> None:
        await conn.execute(
            "INSERT INTO game_rounds (game_id, round_no, question_id, choices, started_at, deadline)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (game_id, round_no, new.question_id, json.dumps(list(new.choices)), new.started_at, new.deadline),
        )

    async def next_round(self, game_id: int, guild_id: int, round_no: int, new: NewRound) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE game_rounds SET revealed = 1 WHERE game_id = ? AND round_no < ?", (game_id, round_no)
            )
            await self._insert_round(conn, game_id, round_no, new)
            await conn.execute("UPDATE games SET current_round = ? WHERE id = ?", (round_no, game_id))
            await self._record_ask(conn, guild_id, new.question_id, new.started_at)

    async def restart_round(self, game_id: int, round_no: int, started_at: float, deadline: float) -> None:
        await self._db.write(
            "UPDATE game_rounds SET started_at = ?, deadline = ? WHERE game_id = ? AND round_no = ?",
            (started_at, deadline, game_id, round_no),
        )

    async def set_round_message(self, game_id: int, round_no: int, message_id: int) -> None:
        await self._db.write(
            "UPDATE game_rounds SET message_id = ? WHERE game_id = ? AND round_no = ?", (message_id, game_id, round_no)
        )

    async def mark_revealed(self, game_id: int, round_no: int) -> None:
        await self._db.write(
            "UPDATE game_rounds SET revealed = 1 WHERE game_id = ? AND round_no = ?", (game_id, round_no)
        )

    async def end_game(self, game_id: int, status: str) -> bool:
        changed = await self._db.write(
            "UPDATE games SET status = ?, ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE id = ? AND status = 'running'",
            (status, game_id),
        )
        return changed > 0

    async def asked_in_game(self, game_id: int) -> tuple[list[int], frozenset[str]]:
        rows = await self._db.fetch_all(
            "SELECT r.question_id, q.topics FROM game_rounds r JOIN questions q ON q.id = r.question_id"
            " WHERE r.game_id = ? ORDER BY r.round_no",
            (game_id,),
        )
        return [r["question_id"] for r in rows], frozenset(t for r in rows for t in _loads(r["topics"]))

    async def round_answerers(self, game_id: int, round_no: int) -> set[int]:
        rows = await self._db.fetch_all(
            "SELECT user_id FROM answers WHERE game_id = ? AND round_no = ?", (game_id, round_no)
        )
        return {r["user_id"] for r in rows}

    async def round_answers(self, game_id: int, round_no: int) -> list[RoundAnswer]:
        rows = await self._db.fetch_all(
            "SELECT a.user_id, m.display_name, a.correct, a.points, a.elapsed_ms, a.speed_bonus, a.streak_bonus,"
            " a.hint_cost FROM answers a"
            " LEFT JOIN members m ON m.guild_id = a.guild_id AND m.user_id = a.user_id"
            " WHERE a.game_id = ? AND a.round_no = ? ORDER BY a.correct DESC, a.elapsed_ms, a.id",
            (game_id, round_no),
        )
        return [round_answer(r) for r in rows]

    async def game_standings(self, game_id: int, limit: int = 10) -> list[Standing]:
        rows = await self._db.fetch_all(
            "SELECT a.user_id, m.display_name, SUM(a.points) AS points, SUM(a.correct) AS correct,"
            " COUNT(*) AS answered FROM answers a"
            " LEFT JOIN members m ON m.guild_id = a.guild_id AND m.user_id = a.user_id"
            " WHERE a.game_id = ? GROUP BY a.user_id ORDER BY points DESC, correct DESC, a.user_id LIMIT ?",
            (game_id, limit),
        )
        return [standing(r, rank) for rank, r in enumerate(rows, start=1)]

    # -- answers -------------------------------------------------------------------------------

    async def _insert_answer(self, answer: AnswerInsert) -> int | None:
        rows = await self._db.write_returning(SQLITE_ANSWER_INSERT, sqlite_answer_params(answer))
        return rows[0]["points"] if rows else None

    async def remember_names(self, names: Sequence[tuple[int, int, str]]) -> None:
        if not names:
            return
        async with self._db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO members (guild_id, user_id, display_name) VALUES (?, ?, ?)"
                " ON CONFLICT(guild_id, user_id) DO UPDATE SET display_name = excluded.display_name,"
                " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                [(g, u, n[:100]) for g, u, n in names],
            )

    # -- leaderboards and stats ----------------------------------------------------------------

    @staticmethod
    def _totals(since: str | None) -> str:
        if since is None:
            return (
                "SELECT user_id, points, correct, answered FROM scores"
                " WHERE guild_id = :guild AND season = :season AND answered > 0"
            )
        return (
            "SELECT a.user_id, SUM(a.points) AS points, SUM(a.correct) AS correct, COUNT(*) AS answered"
            " FROM answers a JOIN games g ON g.id = a.game_id"
            " WHERE a.guild_id = :guild AND g.season = :season AND a.answered_at >= :since GROUP BY a.user_id"
        )

    async def _leaderboard_rows(self, guild_id, season, since, offset, size, caller_id):
        return await self._db.fetch_all(
            f"WITH totals AS ({self._totals(since)}), ranked AS (SELECT t.*, RANK() OVER (ORDER BY t.points DESC) AS rank,"
            " ROW_NUMBER() OVER (ORDER BY t.points DESC, t.correct DESC, t.user_id) AS position,"
            " COUNT(*) OVER () AS total FROM totals t)"
            " SELECT r.*, m.display_name FROM ranked r"
            " LEFT JOIN members m ON m.guild_id = :guild AND m.user_id = r.user_id"
            " WHERE r.position > :offset AND r.position <= :offset + :size OR r.user_id = :caller"
            " ORDER BY r.position",
            {"guild": guild_id, "season": season, "since": since, "caller": caller_id, "offset": offset, "size": size},
        )

    async def _leaderboard_total(self, guild_id, season, since):
        row = await self._db.fetch_one(
            f"WITH totals AS ({self._totals(since)}) SELECT COUNT(*) FROM totals",
            {"guild": guild_id, "season": season, "since": since},
        )
        return row[0] if row else 0

    async def member_stats(self, guild_id: int, season: int, user_id: int) -> MemberStats:
        row = await self._db.fetch_one(
            "SELECT s.*, (SELECT 1 + COUNT(*) FROM scores o WHERE o.guild_id = s.guild_id AND o.season = s.season"
            " AND o.answered > 0 AND o.points > s.points) AS rank"
            " FROM scores s WHERE s.guild_id = ? AND s.season = ? AND s.user_id = ?",
            (guild_id, season, user_id),
        )
        return member_stats(user_id, season, row)

    # -- the daily question --------------------------------------------------------------------

    async def daily_schedules(self) -> list[DailySchedule]:
        rows = await self._db.fetch_all(
            "SELECT guild_id, daily_channel_id, daily_hour, daily_last_date, season FROM guild_settings"
            " WHERE daily_channel_id IS NOT NULL AND daily_hour IS NOT NULL ORDER BY guild_id"
        )
        return [daily_schedule(r) for r in rows]

    async def claim_daily(self, schedule: DailySchedule, day: date, first: NewRound, timer: int) -> int | None:
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE guild_settings SET daily_last_date = :day WHERE guild_id = :guild"
                " AND (daily_last_date IS NULL OR daily_last_date < :day)",
                {"day": day.isoformat(), "guild": schedule.guild_id},
            )
            if cursor.rowcount == 0:
                return None
            cursor = await conn.execute(
                "INSERT INTO games (guild_id, channel_id, started_by, kind, rounds, timer, season, current_round, day)"
                " VALUES (?, ?, 0, 'daily', 1, ?, ?, 1, ?)",
                (schedule.guild_id, schedule.channel_id, timer, schedule.season, day.isoformat()),
            )
            game_id = cursor.lastrowid
            await self._insert_round(conn, game_id, 1, first)
            await self._record_ask(conn, schedule.guild_id, first.question_id, first.started_at)
        return game_id

    async def running_dailies(self, guild_id: int) -> list[GameRow]:
        rows = await self._db.fetch_all(
            f"{_GAME_SELECT} WHERE g.guild_id = ? AND g.kind = 'daily' AND g.status = 'running' ORDER BY g.id",
            (guild_id,),
        )
        return [_game(r) for r in rows]
