"""Members' trivia suggestions in PostgreSQL (see :class:`bot.db.suggestions_repo.SuggestionsRepo`).
Filing and reviewing run in the server's locked transaction, as moderators' changes do."""

from __future__ import annotations

import json
from contextlib import AbstractAsyncContextManager

import asyncpg

from bot.db.member_keys import MemberKeys
from bot.db.postgres.database import PgDatabase
from bot.db.postgres.moderation_repo import filed_today, insert_community_questions, record_filing, write_audit
from bot.db.suggestions_repo import StoredSuggestion, SuggestionsRepo, stored_suggestion


class PgSuggestionsRepo(SuggestionsRepo):
    def __init__(self, pg: PgDatabase, keys: MemberKeys) -> None:
        super().__init__(keys)
        self._pg = pg

    def _transaction(self, guild_id: int) -> AbstractAsyncContextManager[asyncpg.Connection]:
        return self._pg.guild_transaction(guild_id)

    async def _rate_counts(self, tx, guild_id, user_id, member_key):
        counts = await tx.fetchrow(
            "SELECT"
            " (SELECT count(*) FROM suggestions WHERE guild_id = $1 AND user_id = $2 AND status = 'pending')"
            "  AS mine_pending,"
            " (SELECT count(*) FROM suggestions WHERE guild_id = $1 AND user_id = $2"
            "  AND created_at >= utc_text(now() - interval '1 day') COLLATE \"C\") AS mine_today,"
            " (SELECT count(*) FROM suggestions WHERE guild_id = $1 AND status = 'pending') AS server_pending",
            guild_id,
            user_id,
        )
        return {**counts, "filed_today": await filed_today(tx, guild_id, member_key, "suggestion")}

    async def _prompts(self, tx, guild_id):
        return await tx.fetch(
            "SELECT prompt, 'question' AS what FROM questions"
            " WHERE guild_id = $1 AND category = 'community' AND active"
            " UNION ALL SELECT prompt, 'suggestion' FROM suggestions WHERE guild_id = $1 AND status = 'pending'",
            guild_id,
        )

    async def _insert(self, tx, guild_id, user_id, member_key, question):
        await record_filing(tx, guild_id, member_key, "suggestion")
        return await tx.fetchval(
            "INSERT INTO suggestions (guild_id, user_id, prompt, answer, wrong, source)"
            " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            guild_id,
            user_id,
            question.prompt,
            question.answer,
            json.dumps(list(question.wrong)),
            question.explanation,
        )

    async def pending(self, guild_id: int, limit: int) -> tuple[list[StoredSuggestion], int]:
        rows = await self._pg.fetch_all(
            "SELECT id, user_id, prompt, answer, wrong, source, created_at,"
            " count(*) OVER () AS total FROM suggestions WHERE guild_id = $1 AND status = 'pending'"
            " ORDER BY id LIMIT $2",
            guild_id,
            limit,
        )
        return [stored_suggestion(r) for r in rows], (rows[0]["total"] if rows else 0)

    async def pending_count(self, guild_id: int) -> int:
        return await self._pg.fetch_value(
            "SELECT count(*) FROM suggestions WHERE guild_id = $1 AND status = 'pending'", guild_id
        )

    async def _for_review(self, tx, guild_id, suggestion_id):
        return await tx.fetchrow(
            "SELECT s.id, s.user_id, s.prompt, s.answer, s.wrong, s.source, s.created_at, s.status,"
            " substr(q.key, length('community:' || s.guild_id || ':') + 1)::bigint AS number"
            " FROM suggestions s LEFT JOIN questions q ON q.id = s.question_id"
            " WHERE s.id = $1 AND s.guild_id = $2",
            suggestion_id,
            guild_id,
        )

    async def _decide(self, tx, suggestion_id, actor, status, question_key):
        await tx.execute(
            "UPDATE suggestions SET status = $1, reviewed_by = $2, reviewed_at = utc_now_text(),"
            " question_id = (SELECT id FROM questions WHERE key = $3) WHERE id = $4",
            status,
            actor.id,
            question_key,
            suggestion_id,
        )

    async def _insert_community(self, tx, guild_id, actor, suggestion):
        return await insert_community_questions(
            tx, guild_id, actor, [suggestion.question], label="", suggested_by=suggestion.user_id
        )

    async def _write_audit(self, tx, guild_id, actor, action, detail):
        await write_audit(tx, guild_id, actor, action, detail)
