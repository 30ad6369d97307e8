"""Every SQL statement of members' trivia suggestions: filing one (rate limits and duplicates checked in
the same transaction), the moderators' queue, and approving or rejecting with its audit line.

/privacy counts and deletes a member's suggestions in :mod:`bot.db.moderation_repo` (members' data).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.db.database import Database
from bot.db.moderation_repo import Actor, community_key, insert_community_questions, write_audit
from bot.member_text import compare_key
from bot.moderation.community import CommunityQuestion, QuestionProblem
from bot.moderation.suggestions import check_rate

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@dataclass(frozen=True, slots=True)
class StoredSuggestion:
    id: int
    user_id: int
    question: CommunityQuestion  # its explanation is where the member says it comes from
    created_at: str


@dataclass(frozen=True, slots=True)
class Review:
    """What a moderator's Approve or Reject did."""

    suggestion_id: int
    decision: str  # 'approved' | 'rejected'; or the earlier decision when someone was quicker
    done_now: bool  # False: another moderator had already decided
    number: int | None = None  # the community question it became


def _stored(row) -> StoredSuggestion:
    question = CommunityQuestion(row["prompt"], row["answer"], tuple(json.loads(row["wrong"])), row["source"])
    return StoredSuggestion(row["id"], row["user_id"], question, row["created_at"])


class SuggestionsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, guild_id: int, user_id: int, question: CommunityQuestion) -> int:
        """File a (validated) suggestion; its id. Raises ``QuestionProblem`` when the member or the
        server has enough waiting, or when the question is already this server's or already waiting."""
        async with self._db.transaction() as conn:
            rows = await conn.execute_fetchall(
                "SELECT"
                " (SELECT COUNT(*) FROM suggestions WHERE guild_id = :g AND user_id = :u AND status = 'pending')"
                "  AS mine_pending,"
                " (SELECT COUNT(*) FROM suggestions WHERE guild_id = :g AND user_id = :u"
                "  AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day')) AS mine_today,"
                " (SELECT COUNT(*) FROM suggestions WHERE guild_id = :g AND status = 'pending') AS server_pending",
                {"g": guild_id, "u": user_id},
            )
            check_rate(
                pending_by_member=rows[0]["mine_pending"],
                today_by_member=rows[0]["mine_today"],
                pending_on_server=rows[0]["server_pending"],
            )
            prompts = await conn.execute_fetchall(
                "SELECT prompt, 'question' AS what FROM questions"
                " WHERE guild_id = :g AND category = 'community' AND active = 1"
                " UNION ALL SELECT prompt, 'suggestion' FROM suggestions WHERE guild_id = :g AND status = 'pending'",
                {"g": guild_id},
            )
            key = compare_key(question.prompt)
            for row in prompts:
                if compare_key(row["prompt"]) == key:
                    raise QuestionProblem(
                        "this server already has that question"
                        if row["what"] == "question"
                        else "that question is already waiting for the moderators"
                    )
            cursor = await conn.execute(
                "INSERT INTO suggestions (guild_id, user_id, prompt, answer, wrong, source) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    guild_id,
                    user_id,
                    question.prompt,
                    question.answer,
                    json.dumps(list(question.wrong)),
                    question.explanation,
                ),
            )
            return int(cursor.lastrowid)

    async def pending(self, guild_id: int, limit: int) -> tuple[list[StoredSuggestion], int]:
        """The oldest ``limit`` suggestions waiting on this server, and how many wait in all."""
        rows = await self._db.fetch_all(
            "SELECT id, user_id, prompt, answer, wrong, source, created_at,"
            " COUNT(*) OVER () AS total FROM suggestions WHERE guild_id = ? AND status = 'pending'"
            " ORDER BY id LIMIT ?",
            (guild_id, limit),
        )
        return [_stored(r) for r in rows], (rows[0]["total"] if rows else 0)

    async def pending_count(self, guild_id: int) -> int:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) AS n FROM suggestions WHERE guild_id = ? AND status = 'pending'", (guild_id,)
        )
        return int(row["n"]) if row else 0

    async def review(self, guild_id: int, actor: Actor, suggestion_id: int, *, approve: bool) -> Review | None:
        """Approve (it becomes a community question crediting the member) or reject a suggestion of
        this server, with its audit line, in one transaction. None: no such suggestion here. Raises
        ``QuestionProblem`` when approving would duplicate a question or pass the server's cap."""
        async with self._db.transaction() as conn:
            rows = await conn.execute_fetchall(
                "SELECT s.id, s.user_id, s.prompt, s.answer, s.wrong, s.source, s.created_at, s.status,"
                " CAST(substr(q.key, length('community:' || s.guild_id || ':') + 1) AS INTEGER) AS number"
                " FROM suggestions s LEFT JOIN questions q ON q.id = s.question_id"
                " WHERE s.id = ? AND s.guild_id = ?",
                (suggestion_id, guild_id),
            )
            if not rows:
                return None
            row = rows[0]
            if row["status"] != "pending":
                return Review(suggestion_id, row["status"], False, row["number"])
            suggestion = _stored(row)
            summary = suggestion.question.prompt[:120]
            if not approve:
                await conn.execute(
                    f"UPDATE suggestions SET status = 'rejected', reviewed_by = ?, reviewed_at = {_NOW} WHERE id = ?",
                    (actor.id, suggestion_id),
                )
                await write_audit(
                    conn, guild_id, actor, "suggestions.reject", f"suggestion #{suggestion_id}: {summary}"
                )
                return Review(suggestion_id, "rejected", True)
            [number] = await insert_community_questions(
                conn, guild_id, actor, [suggestion.question], label="", suggested_by=suggestion.user_id
            )
            await conn.execute(
                f"UPDATE suggestions SET status = 'approved', reviewed_by = ?, reviewed_at = {_NOW},"
                " question_id = (SELECT id FROM questions WHERE key = ?) WHERE id = ?",
                (actor.id, community_key(guild_id, number), suggestion_id),
            )
            await write_audit(
                conn,
                guild_id,
                actor,
                "suggestions.approve",
                f"suggestion #{suggestion_id} is community question #{number}: {summary}",
            )
            return Review(suggestion_id, "approved", True, number)
