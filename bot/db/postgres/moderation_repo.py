"""The moderation feature's SQL for PostgreSQL (see :class:`bot.db.moderation_repo.ModerationRepo`,
whose flows run these statements). Each change to a server runs in
:meth:`~bot.db.postgres.database.PgDatabase.guild_transaction`, which takes that server's lock first:
a check followed by a write (is this report still open? which community number is next?) cannot be
interleaved with another process's, as on SQLite, where one writer at a time is the rule.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

import asyncpg

from bot.db.guild_settings import GuildSettingsRepo
from bot.db.member_keys import MemberKeys
from bot.db.moderation_repo import (
    Actor,
    AuditEntry,
    DeletedData,
    ModerationRepo,
    ReportState,
    StoredQuestion,
    audit_values,
    community_key,
    community_rows,
    deleted_data,
    like_pattern,
    plan_community_numbers,
    stored_question,
)
from bot.db.postgres.database import PgDatabase, rowcount
from bot.db.postgres.guild_settings import write_feature, write_settings
from bot.moderation.community import CommunityQuestion
from bot.moderation.reports import SQLITE_MAX_INT
from bot.moderation.scores_csv import ScoreRow

# Whether question ``{id}`` is open on server ``{guild}`` now (see bot/db/moderation_repo.py's _ASKED_NOW).
_ASKED_NOW = (
    "EXISTS (SELECT 1 FROM games g JOIN game_rounds gr ON gr.game_id = g.id AND gr.round_no = g.current_round"
    " WHERE g.guild_id = {guild} AND g.status = 'running' AND NOT gr.revealed AND gr.question_id = {id})"
)


async def write_audit(conn: asyncpg.Connection, guild_id: int, actor: Actor, action: str, detail: str) -> None:
    """The audit line of a moderator's change, written in the change's own transaction."""
    await conn.execute(
        "INSERT INTO audit_log (guild_id, actor_id, actor_name, action, detail) VALUES ($1, $2, $3, $4, $5)",
        guild_id,
        *audit_values(actor, action, detail),
    )


async def filed_today(conn: asyncpg.Connection, guild_id: int, member_key: str, kind: str) -> int:
    """How many ``kind`` (suggestion, report) the member (see :mod:`bot.db.member_keys`) filed on this
    server in the last 24 hours, whatever /privacy deleted since."""
    return await conn.fetchval(
        "SELECT count(*) FROM member_filings WHERE guild_id = $1 AND member_key = $2 AND kind = $3"
        " AND filed_at >= utc_text(now() - interval '1 day')",
        guild_id,
        member_key,
        kind,
    )


async def record_filing(conn: asyncpg.Connection, guild_id: int, member_key: str, kind: str) -> None:
    """Count one filing towards the member's daily limit; the server's filings older than a day go."""
    await conn.execute(
        "DELETE FROM member_filings WHERE guild_id = $1 AND filed_at < utc_text(now() - interval '1 day')", guild_id
    )
    await conn.execute(
        "INSERT INTO member_filings (guild_id, member_key, kind) VALUES ($1, $2, $3)", guild_id, member_key, kind
    )


async def insert_community_questions(
    conn: asyncpg.Connection,
    guild_id: int,
    actor: Actor,
    questions: list[CommunityQuestion],
    *,
    label: str,
    suggested_by: int | None = None,
) -> list[int]:
    """Add community questions inside the caller's (server-locked) transaction, after refusing
    duplicates and going over the cap; returns their numbers. The caller writes the audit line."""
    existing = await conn.fetch(
        "SELECT prompt, active, substr(key, $1)::bigint AS number FROM questions"
        " WHERE guild_id = $2 AND category = 'community'",
        len(community_key(guild_id)) + 1,
        guild_id,
    )
    numbers = plan_community_numbers(existing, questions, label=label)
    await conn.executemany(
        "INSERT INTO questions (key, guild_id, category, form, prompt, answer, wrong, explanation, created_by,"
        " suggested_by) VALUES ($1, $2, 'community', $3, $4, $5, $6, $7, $8, $9)",
        community_rows(guild_id, actor, numbers, questions, suggested_by),
    )
    return numbers


class PgModerationRepo(ModerationRepo):
    def __init__(self, pg: PgDatabase, guild_settings: GuildSettingsRepo, keys: MemberKeys) -> None:
        super().__init__(guild_settings, keys)
        self._pg = pg

    def _transaction(self, guild_id: int) -> AbstractAsyncContextManager[asyncpg.Connection]:
        return self._pg.guild_transaction(guild_id)

    async def _write_audit(self, tx, guild_id, actor, action, detail):
        await write_audit(tx, guild_id, actor, action, detail)

    async def _write_settings(self, tx, guild_id, changes):
        await write_settings(tx, guild_id, changes)

    async def _write_feature(self, tx, guild_id, feature, enabled):
        await write_feature(tx, guild_id, feature, enabled)

    async def _insert_community(self, tx, guild_id, actor, questions, label):
        return await insert_community_questions(tx, guild_id, actor, questions, label=label)

    # -- audit log ----------------------------------------------------------------------------

    async def history(self, guild_id: int, limit: int = 15) -> list[AuditEntry]:
        rows = await self._pg.fetch_all(
            "SELECT actor_id, actor_name, action, detail, created_at FROM audit_log"
            " WHERE guild_id = $1 ORDER BY id DESC LIMIT $2",
            guild_id,
            limit,
        )
        return [AuditEntry(*tuple(r)) for r in rows]

    # -- settings -----------------------------------------------------------------------------

    async def _game_channel_counts(self, tx, guild_id, channel_id):
        row = await tx.fetchrow(
            "SELECT count(*) AS listed, bool_or(channel_id = $1) AS present FROM game_channels WHERE guild_id = $2",
            channel_id,
            guild_id,
        )
        return row["listed"], bool(row["present"])

    async def _insert_game_channel(self, tx, guild_id, channel_id):
        await tx.execute("INSERT INTO game_channels (guild_id, channel_id) VALUES ($1, $2)", guild_id, channel_id)

    async def _delete_game_channels(self, tx, guild_id, channel_id):
        status = await tx.execute(
            "DELETE FROM game_channels WHERE guild_id = $1 AND ($2::bigint IS NULL OR channel_id = $2)",
            guild_id,
            channel_id,
        )
        return rowcount(status)

    # -- seasons and scores -------------------------------------------------------------------

    async def _season_and_players(self, tx, guild_id, season):
        row = await tx.fetchrow(
            "SELECT coalesce((SELECT season FROM guild_settings WHERE guild_id = $1), 1) AS season,"
            " (SELECT count(*) FROM scores WHERE guild_id = $1 AND season = $2) AS players",
            guild_id,
            season,
        )
        return row["season"], row["players"]

    async def _archive_season(self, tx, guild_id, season, actor):
        await tx.execute(
            "INSERT INTO seasons (guild_id, season, ended_at, ended_by) VALUES ($1, $2, utc_now_text(), $3)",
            guild_id,
            season,
            actor.id,
        )

    async def archived_seasons(self, guild_id: int) -> int:
        return await self._pg.fetch_value("SELECT count(*) FROM seasons WHERE guild_id = $1", guild_id)

    async def score_rows(self, guild_id: int) -> list[ScoreRow]:
        rows = await self._pg.fetch_all(
            "SELECT s.season, s.user_id, m.display_name, s.points, s.answered, s.correct, s.best_streak, s.fastest_ms"
            " FROM scores s LEFT JOIN members m ON m.guild_id = s.guild_id AND m.user_id = s.user_id"
            " WHERE s.guild_id = $1 ORDER BY s.season DESC, s.points DESC, s.user_id",
            guild_id,
        )
        return [ScoreRow(*tuple(r)) for r in rows]

    # -- community questions ------------------------------------------------------------------

    async def community_questions(self, guild_id: int) -> list[StoredQuestion]:
        rows = await self._pg.fetch_all(
            "SELECT key, prompt, answer, wrong, explanation, created_by FROM questions"
            " WHERE guild_id = $1 AND category = 'community' AND active ORDER BY id",
            guild_id,
        )
        return [stored_question(r) for r in rows]

    async def community_count(self, guild_id: int) -> int:
        return await self._pg.fetch_value(
            "SELECT count(*) FROM questions WHERE guild_id = $1 AND category = 'community' AND active", guild_id
        )

    async def _deactivate_community(self, tx, guild_id, number):
        return await tx.fetchval(
            "UPDATE questions SET active = false WHERE key = $1 AND guild_id = $2 AND category = 'community'"
            " AND active RETURNING prompt",
            community_key(guild_id, number),
            guild_id,
        )

    # -- reports: items and their evidence ----------------------------------------------------

    async def _article(self) -> str:
        return await self._pg.fetch_value("SELECT body FROM article WHERE id = 1") or ""

    async def _quote_item(self, quote_id):
        return await self._pg.fetch_one(
            "SELECT q.body, q.start_offset, q.end_offset, p.name AS speaker, o.label AS occasion"
            " FROM quotes q JOIN people p ON p.id = q.speaker_id JOIN occasions o ON o.id = q.occasion_id"
            " WHERE q.id = $1 AND q.active",
            quote_id,
        )

    async def _fact_item(self, fact_id):
        return await self._pg.fetch_one(
            "SELECT f.body, f.question, f.answer, substr(a.body, f.sentence_start + 1, f.sentence_end - f.sentence_start)"
            " AS evidence FROM facts f LEFT JOIN article a ON a.id = 1 WHERE f.id = $1 AND f.active",
            fact_id,
        )

    async def _question_item(self, guild_id, question_id):
        return await self._pg.fetch_one(
            "SELECT q.guild_id, q.key, q.prompt, q.answer, q.wrong, q.explanation, qu.body AS quote,"
            " p.name AS speaker, o.label AS occasion, f.body AS fact,"
            # The question's own evidence, else the sentence of its fact, else its quote as printed.
            " CASE WHEN q.evidence_start IS NOT NULL"
            "  THEN substr(a.body, q.evidence_start + 1, q.evidence_end - q.evidence_start)"
            "  WHEN f.id IS NOT NULL THEN substr(a.body, f.sentence_start + 1, f.sentence_end - f.sentence_start)"
            "  WHEN qu.id IS NOT NULL THEN substr(a.body, qu.start_offset + 1, qu.end_offset - qu.start_offset)"
            f" END AS evidence, {_ASKED_NOW.format(guild='$2', id='q.id')} AS asked_now"
            " FROM questions q LEFT JOIN quotes qu ON qu.id = q.quote_id LEFT JOIN people p ON p.id = qu.speaker_id"
            " LEFT JOIN occasions o ON o.id = qu.occasion_id LEFT JOIN facts f ON f.id = q.fact_id"
            " LEFT JOIN article a ON a.id = 1"
            " WHERE q.id = $1 AND q.active AND (q.guild_id IS NULL OR q.guild_id = $2)",
            question_id,
            guild_id,
        )

    async def search_items(self, guild_id: int, kind: str, text: str, limit: int = 25) -> list[tuple[str, str]]:
        # ILIKE: SQLite's LIKE ignores case too.
        not_retired = (
            "NOT EXISTS (SELECT 1 FROM retired_items r WHERE r.guild_id = $1 AND r.item_kind = $2"
            " AND r.item_id = {id}::text)"
        )
        if kind == "question":
            sql = (
                "SELECT id, prompt AS text FROM questions q WHERE active AND (guild_id IS NULL OR guild_id = $1)"
                f" AND prompt ILIKE $3 ESCAPE '\\' AND {not_retired.format(id='q.id')}"
                f" AND NOT {_ASKED_NOW.format(guild='$1', id='q.id')} ORDER BY guild_id IS NULL, id LIMIT $4"
            )
        elif kind in ("quote", "fact"):
            table = "quotes" if kind == "quote" else "facts"
            sql = (
                f"SELECT id, body AS text FROM {table} t WHERE active AND body ILIKE $3 ESCAPE '\\'"
                f' AND {not_retired.format(id="t.id")} ORDER BY id COLLATE "C" LIMIT $4'
            )
        else:
            return []
        rows = await self._pg.fetch_all(sql, guild_id, kind, like_pattern(text), limit)
        return [(str(r["id"]), r["text"]) for r in rows]

    async def is_shown(self, guild_id: int | None, kind: str, item_id: str) -> bool:
        table = {"quote": "quotes", "fact": "facts", "person": "people"}.get(kind)
        if table is None:
            return False
        row = await self._pg.fetch_one(
            f"SELECT 1 FROM {table} t WHERE t.id = $1 AND t.active AND NOT EXISTS (SELECT 1 FROM retired_items r"
            " WHERE r.guild_id = $2 AND r.item_kind = $3 AND r.item_id = t.id)",
            item_id,
            guild_id,
            kind,
        )
        return row is not None

    async def is_retired(self, guild_id: int, kind: str, item_id: str) -> bool:
        row = await self._pg.fetch_one(
            "SELECT 1 FROM retired_items WHERE guild_id = $1 AND item_kind = $2 AND item_id = $3",
            guild_id,
            kind,
            item_id,
        )
        return row is not None

    async def retired_items(self, guild_id: int) -> frozenset[tuple[str, str]]:
        rows = await self._pg.fetch_all("SELECT item_kind, item_id FROM retired_items WHERE guild_id = $1", guild_id)
        return frozenset((r["item_kind"], r["item_id"]) for r in rows)

    # -- reports: filing and reviewing --------------------------------------------------------

    async def _open_reports_of(self, tx, guild_id, user_id):
        return await tx.fetchval(
            "SELECT count(*) FROM reports WHERE guild_id = $1 AND user_id = $2 AND status = 'open'", guild_id, user_id
        )

    async def _reports_filed_today(self, tx, guild_id, member_key):
        return await filed_today(tx, guild_id, member_key, "report")

    async def _insert_report(self, tx, guild_id, user_id, member_key, kind, item_id, reason):
        # reports_one_open_per_member: a second open report of the same item inserts nothing.
        report_id = await tx.fetchval(
            "INSERT INTO reports (guild_id, user_id, item_kind, item_id, reason) VALUES ($1, $2, $3, $4, $5)"
            " ON CONFLICT (guild_id, item_kind, item_id, user_id) WHERE status = 'open' DO NOTHING RETURNING id",
            guild_id,
            user_id,
            kind,
            item_id,
            reason,
        )
        if report_id is not None:
            await record_filing(tx, guild_id, member_key, "report")
        return report_id

    async def _open_report_rows(self, guild_id, limit):
        return await self._pg.fetch_all(
            "WITH open_reports AS (SELECT id, item_kind, item_id, user_id, reason, created_at,"
            "  min(id) OVER w AS first_id, count(*) OVER w AS n, row_number() OVER (w ORDER BY id) AS rn"
            "  FROM reports WHERE guild_id = $1 AND status = 'open' WINDOW w AS (PARTITION BY item_kind, item_id))"
            " SELECT *, (SELECT count(DISTINCT first_id) FROM open_reports) AS items FROM open_reports"
            " WHERE rn <= 3 AND first_id IN (SELECT DISTINCT first_id FROM open_reports ORDER BY first_id LIMIT $2)"
            " ORDER BY first_id, id",
            guild_id,
            limit,
        )

    async def open_report_count(self, guild_id: int) -> int:
        return await self._pg.fetch_value(
            "SELECT count(*) FROM reports WHERE guild_id = $1 AND status = 'open'", guild_id
        )

    async def _report_state(self, tx, guild_id, report_id):
        row = await tx.fetchrow(
            "SELECT r.item_kind, r.item_id, r.status, (SELECT count(*) FROM reports o WHERE o.guild_id = r.guild_id"
            "  AND o.item_kind = r.item_kind AND o.item_id = r.item_id AND o.status = 'open') AS still_open"
            " FROM reports r WHERE r.id = $1 AND r.guild_id = $2",
            report_id,
            guild_id,
        )
        return None if row is None else ReportState(*tuple(row))

    async def _own_question_key(self, tx, guild_id, question_id):
        return await tx.fetchval("SELECT key FROM questions WHERE id = $1 AND guild_id = $2", question_id, guild_id)

    async def _item_text(self, tx, kind, item_id):
        if kind == "question":
            if not (item_id.isdigit() and int(item_id) <= SQLITE_MAX_INT):
                return None
            return await tx.fetchval("SELECT prompt FROM questions WHERE id = $1", int(item_id))
        if kind in ("quote", "fact"):
            table = "quotes" if kind == "quote" else "facts"
            return await tx.fetchval(f"SELECT body FROM {table} WHERE id = $1", item_id)
        return None

    async def _retire(self, tx, guild_id, kind, item_id):
        await tx.execute(
            "INSERT INTO retired_items (guild_id, item_kind, item_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            guild_id,
            kind,
            item_id,
        )
        if kind in ("quote", "fact"):
            # A question built on a wrong quote or fact is never asked again either.
            column = "quote_id" if kind == "quote" else "fact_id"
            await tx.execute(
                "INSERT INTO retired_items (guild_id, item_kind, item_id)"
                f" SELECT $1, 'question', id::text FROM questions WHERE {column} = $2"
                " AND (guild_id IS NULL OR guild_id = $1) ON CONFLICT DO NOTHING",
                guild_id,
                item_id,
            )
        elif item_id.isdigit():
            await tx.execute(
                "UPDATE questions SET active = false WHERE id = $1 AND guild_id = $2", int(item_id), guild_id
            )

    async def _reporters_wrong_answers(self, tx, guild_id, question_id):
        if not question_id.isdigit():
            return []
        return await tx.fetch(
            "SELECT a.id, a.user_id, a.points, a.elapsed_ms, g.season, g.timer FROM answers a"
            " JOIN game_rounds r ON r.game_id = a.game_id AND r.round_no = a.round_no"
            " JOIN games g ON g.id = a.game_id"
            " WHERE r.question_id = $2 AND g.guild_id = $1 AND NOT a.correct"
            " AND a.user_id IN (SELECT user_id FROM reports WHERE guild_id = $1 AND item_kind = 'question'"
            "  AND item_id = $3 AND status = 'open')",
            guild_id,
            int(question_id),
            question_id,
        )

    async def _apply_point_fixes(self, tx, guild_id, fixes):
        await tx.executemany(
            "UPDATE answers SET correct = true, points = $1 WHERE id = $2", [(f.points, f.answer_id) for f in fixes]
        )
        await tx.executemany(
            "INSERT INTO scores AS s (guild_id, season, user_id, points, answered, correct)"
            " VALUES ($1, $2, $3, $4, 1, 1)"
            " ON CONFLICT (guild_id, season, user_id) DO UPDATE SET points = s.points + excluded.points,"
            " correct = s.correct + 1",
            [(guild_id, f.season, f.user_id, f.delta) for f in fixes],
        )

    async def _close_reports(self, tx, guild_id, kind, item_id, decision, actor):
        status = await tx.execute(
            "UPDATE reports SET status = $1, resolved_by = $2, resolved_at = utc_now_text()"
            " WHERE guild_id = $3 AND item_kind = $4 AND item_id = $5 AND status = 'open'",
            decision,
            actor.id,
            guild_id,
            kind,
            item_id,
        )
        return rowcount(status)

    async def _note_restored(self, tx, guild_id, kind, item_id, actor, restored):
        await tx.executemany(
            "UPDATE reports SET points_restored = $1 WHERE guild_id = $2 AND user_id = $3 AND item_kind = $4"
            " AND item_id = $5 AND status = 'retired' AND resolved_by = $6 AND points_restored = 0",
            [(points, guild_id, user, kind, item_id, actor.id) for user, points in restored.items()],
        )

    # -- members' data ------------------------------------------------------------------------

    async def _member_rows(self, guild_id, user_id, member_key):
        counts = await self._pg.fetch_one(
            "SELECT (SELECT display_name FROM members WHERE guild_id = $1 AND user_id = $2) AS display_name,"
            " (SELECT count(*) FROM answers WHERE guild_id = $1 AND user_id = $2) AS answers,"
            " (SELECT count(*) FROM reports WHERE guild_id = $1 AND user_id = $2) AS reports,"
            " (SELECT count(*) FROM questions WHERE guild_id = $1 AND created_by = $2) AS questions_written,"
            " (SELECT count(*) FROM audit_log WHERE guild_id = $1 AND actor_id = $2) AS audit_entries,"
            " (SELECT count(*) FROM suggestions WHERE guild_id = $1 AND user_id = $2) AS suggestions,"
            " (SELECT count(*) FROM suggestions WHERE guild_id = $1 AND user_id = $2 AND status = 'pending')"
            "  AS suggestions_pending,"
            " (SELECT count(*) FROM questions WHERE guild_id = $1 AND suggested_by = $2) AS questions_suggested,"
            " (SELECT count(*) FROM games WHERE guild_id = $1 AND started_by = $2) AS games_started,"
            " (SELECT count(*) FROM reports WHERE guild_id = $1 AND resolved_by = $2)"
            "  + (SELECT count(*) FROM suggestions WHERE guild_id = $1 AND reviewed_by = $2)"
            "  + (SELECT count(*) FROM seasons WHERE guild_id = $1 AND ended_by = $2) AS decisions,"
            " (SELECT count(*) FROM member_filings WHERE guild_id = $1 AND member_key = $3"
            "  AND filed_at >= utc_text(now() - interval '1 day')) AS filed_today",
            guild_id,
            user_id,
            member_key,
        )
        scores = await self._pg.fetch_all(
            "SELECT season, points, answered, correct FROM scores WHERE guild_id = $1 AND user_id = $2 ORDER BY season",
            guild_id,
            user_id,
        )
        return counts, scores

    async def delete_member_data(self, guild_id: int, user_id: int) -> DeletedData:
        async with self._pg.guild_transaction(guild_id) as conn:
            counts = [
                rowcount(await conn.execute(sql, guild_id, user_id))
                for sql in (
                    "DELETE FROM scores WHERE guild_id = $1 AND user_id = $2",
                    "DELETE FROM answers WHERE guild_id = $1 AND user_id = $2",
                    "DELETE FROM reports WHERE guild_id = $1 AND user_id = $2",
                    "DELETE FROM members WHERE guild_id = $1 AND user_id = $2",
                    "DELETE FROM suggestions WHERE guild_id = $1 AND user_id = $2",
                    # One statement, so a question they both suggested and approved is counted once.
                    "UPDATE questions SET created_by = nullif(created_by, $2), suggested_by = nullif(suggested_by, $2)"
                    " WHERE guild_id = $1 AND (created_by = $2 OR suggested_by = $2)",
                    "UPDATE games SET started_by = 0 WHERE guild_id = $1 AND started_by = $2",  # 0: no member
                    "UPDATE reports SET resolved_by = NULL WHERE guild_id = $1 AND resolved_by = $2",
                    "UPDATE suggestions SET reviewed_by = NULL WHERE guild_id = $1 AND reviewed_by = $2",
                    "UPDATE seasons SET ended_by = 0 WHERE guild_id = $1 AND ended_by = $2",
                )
            ]
            for sql in (  # the rest of their games: hints taken, teams joined, a duel's winner or opponent
                "DELETE FROM hints WHERE guild_id = $1 AND user_id = $2",
                "DELETE FROM game_teams WHERE guild_id = $1 AND user_id = $2",
                "UPDATE games SET winner_id = NULL WHERE guild_id = $1 AND winner_id = $2",
                "UPDATE games SET opponent_id = 0 WHERE guild_id = $1 AND opponent_id = $2",
            ):
                await conn.execute(sql, guild_id, user_id)
        return deleted_data(counts)
