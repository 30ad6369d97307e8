"""Members' trivia suggestions: filing one (rate limits and duplicates checked in the same
transaction), the moderators' queue, and approving or rejecting with its audit line.

:class:`SuggestionsRepo` is the interface with the flows both backends share;
:class:`SqliteSuggestionsRepo` holds SQLite's SQL, ``bot.db.postgres.suggestions_repo`` PostgreSQL's.
/privacy counts and deletes a member's suggestions in :mod:`bot.db.moderation_repo` (members' data).
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.db.database import Database
from bot.db.member_keys import MemberKeys
from bot.db.moderation_repo import (
    Actor,
    Row,
    community_key,
    filed_today,
    insert_community_questions,
    record_filing,
    write_audit,
)
from bot.member_text import compare_key
from bot.moderation.community import CommunityQuestion, QuestionProblem
from bot.moderation.suggestions import check_rate, suggestion_fingerprint

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@dataclass(frozen=True, slots=True)
class StoredSuggestion:
    id: int
    user_id: int
    question: CommunityQuestion  # its explanation is where the member says it comes from
    created_at: str

    @property
    def fingerprint(self) -> str:
        """What its review buttons carry (see :mod:`bot.moderation.fingerprint`)."""
        return suggestion_fingerprint(self.user_id, self.question)


@dataclass(frozen=True, slots=True)
class Review:
    """What a moderator's Approve or Reject did."""

    suggestion_id: int
    decision: str  # 'approved' | 'rejected'; or the earlier decision when someone was quicker;
    # 'different': the suggestion with this id is not the one the button was shown for
    done_now: bool  # False: another moderator had already decided, or nothing was done
    number: int | None = None  # the community question it became


def stored_suggestion(row: Row) -> StoredSuggestion:
    question = CommunityQuestion(row["prompt"], row["answer"], tuple(json.loads(row["wrong"])), row["source"])
    return StoredSuggestion(row["id"], row["user_id"], question, row["created_at"])


class SuggestionsRepo(ABC):
    """The interface the cogs use; the flows live here, each backend supplies the statements."""

    def __init__(self, keys: MemberKeys) -> None:
        self._keys = keys

    async def add(self, guild_id: int, user_id: int, question: CommunityQuestion) -> int:
        """File a (validated) suggestion; its id. Raises ``QuestionProblem`` when the member or the
        server has enough waiting, or the member sent enough today (a /privacy delete does not start
        that count over), or when the question is already this server's or already waiting."""
        member_key = await self._keys.of(guild_id, user_id)
        async with self._transaction(guild_id) as tx:
            counts = await self._rate_counts(tx, guild_id, user_id, member_key)
            check_rate(
                pending_by_member=counts["mine_pending"],
                # Suggestions stored before member_filings existed (migration 0018) count too.
                today_by_member=max(counts["mine_today"], counts["filed_today"]),
                pending_on_server=counts["server_pending"],
            )
            key = compare_key(question.prompt)
            for row in await self._prompts(tx, guild_id):
                if compare_key(row["prompt"]) == key:
                    raise QuestionProblem(
                        "this server already has that question"
                        if row["what"] == "question"
                        else "that question is already waiting for the moderators"
                    )
            return await self._insert(tx, guild_id, user_id, member_key, question)

    async def review(
        self, guild_id: int, actor: Actor, suggestion_id: int, *, approve: bool, fingerprint: str | None = None
    ) -> Review | None:
        """Approve (it becomes a community question crediting the member) or reject a suggestion of
        this server, with its audit line, in one transaction. None: no such suggestion here (or no
        longer: /privacy deleted it). With ``fingerprint`` (what the button carries), a suggestion
        that is not the one the button was shown for is left alone (decision 'different'). Raises
        ``QuestionProblem`` when approving would duplicate a question or pass the server's cap."""
        async with self._transaction(guild_id) as tx:
            row = await self._for_review(tx, guild_id, suggestion_id)
            if row is None:
                return None
            suggestion = stored_suggestion(row)
            if fingerprint is not None and suggestion.fingerprint != fingerprint:
                return Review(suggestion_id, "different", False)
            if row["status"] != "pending":
                return Review(suggestion_id, row["status"], False, row["number"])
            summary = suggestion.question.prompt[:120]
            if not approve:
                await self._decide(tx, suggestion_id, actor, "rejected", None)
                await self._write_audit(
                    tx, guild_id, actor, "suggestions.reject", f"suggestion #{suggestion_id}: {summary}"
                )
                return Review(suggestion_id, "rejected", True)
            [number] = await self._insert_community(tx, guild_id, actor, suggestion)
            await self._decide(tx, suggestion_id, actor, "approved", community_key(guild_id, number))
            await self._write_audit(
                tx,
                guild_id,
                actor,
                "suggestions.approve",
                f"suggestion #{suggestion_id} is community question #{number}: {summary}",
            )
            return Review(suggestion_id, "approved", True, number)

    @abstractmethod
    async def pending(self, guild_id: int, limit: int) -> tuple[list[StoredSuggestion], int]:
        """The oldest ``limit`` suggestions waiting on this server, and how many wait in all."""

    @abstractmethod
    async def pending_count(self, guild_id: int) -> int: ...

    # -- what each backend supplies -------------------------------------------------------------

    @abstractmethod
    def _transaction(self, guild_id: int) -> AbstractAsyncContextManager[Any]: ...

    @abstractmethod
    async def _rate_counts(self, tx: Any, guild_id: int, user_id: int, member_key: str) -> Row:
        """mine_pending, mine_today (stored, sent in the last 24 hours), filed_today (counted under
        ``member_key`` in the last 24 hours) and server_pending."""

    @abstractmethod
    async def _prompts(self, tx: Any, guild_id: int) -> Sequence[Row]:
        """(prompt, what) of the server's active community questions ('question') and pending
        suggestions ('suggestion')."""

    @abstractmethod
    async def _insert(self, tx: Any, guild_id: int, user_id: int, member_key: str, question: CommunityQuestion) -> int:
        """Store the suggestion and count it towards the member's daily limit; its id."""

    @abstractmethod
    async def _for_review(self, tx: Any, guild_id: int, suggestion_id: int) -> Row | None:
        """The suggestion's columns, its status and the number of the community question it became."""

    @abstractmethod
    async def _decide(self, tx: Any, suggestion_id: int, actor: Actor, status: str, question_key: str | None) -> None:
        """Record the decision (and, when approved, the community question with that key)."""

    @abstractmethod
    async def _insert_community(self, tx: Any, guild_id: int, actor: Actor, suggestion: StoredSuggestion) -> list[int]:
        """The approved suggestion as a community question crediting its member; its number."""

    @abstractmethod
    async def _write_audit(self, tx: Any, guild_id: int, actor: Actor, action: str, detail: str) -> None: ...


class SqliteSuggestionsRepo(SuggestionsRepo):
    def __init__(self, db: Database, keys: MemberKeys) -> None:
        super().__init__(keys)
        self._db = db

    def _transaction(self, guild_id: int) -> AbstractAsyncContextManager[aiosqlite.Connection]:
        return self._db.transaction()

    async def _rate_counts(self, tx, guild_id, user_id, member_key):
        rows = await tx.execute_fetchall(
            "SELECT"
            " (SELECT COUNT(*) FROM suggestions WHERE guild_id = :g AND user_id = :u AND status = 'pending')"
            "  AS mine_pending,"
            " (SELECT COUNT(*) FROM suggestions WHERE guild_id = :g AND user_id = :u"
            "  AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day')) AS mine_today,"
            " (SELECT COUNT(*) FROM suggestions WHERE guild_id = :g AND status = 'pending') AS server_pending",
            {"g": guild_id, "u": user_id},
        )
        return {**rows[0], "filed_today": await filed_today(tx, guild_id, member_key, "suggestion")}

    async def _prompts(self, tx, guild_id):
        return await tx.execute_fetchall(
            "SELECT prompt, 'question' AS what FROM questions"
            " WHERE guild_id = :g AND category = 'community' AND active = 1"
            " UNION ALL SELECT prompt, 'suggestion' FROM suggestions WHERE guild_id = :g AND status = 'pending'",
            {"g": guild_id},
        )

    async def _insert(self, tx, guild_id, user_id, member_key, question):
        await record_filing(tx, guild_id, member_key, "suggestion")
        cursor = await tx.execute(
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
        rows = await self._db.fetch_all(
            "SELECT id, user_id, prompt, answer, wrong, source, created_at,"
            " COUNT(*) OVER () AS total FROM suggestions WHERE guild_id = ? AND status = 'pending'"
            " ORDER BY id LIMIT ?",
            (guild_id, limit),
        )
        return [stored_suggestion(r) for r in rows], (rows[0]["total"] if rows else 0)

    async def pending_count(self, guild_id: int) -> int:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) AS n FROM suggestions WHERE guild_id = ? AND status = 'pending'", (guild_id,)
        )
        return int(row["n"]) if row else 0

    async def _for_review(self, tx, guild_id, suggestion_id):
        rows = await tx.execute_fetchall(
            "SELECT s.id, s.user_id, s.prompt, s.answer, s.wrong, s.source, s.created_at, s.status,"
            " CAST(substr(q.key, length('community:' || s.guild_id || ':') + 1) AS INTEGER) AS number"
            " FROM suggestions s LEFT JOIN questions q ON q.id = s.question_id"
            " WHERE s.id = ? AND s.guild_id = ?",
            (suggestion_id, guild_id),
        )
        return rows[0] if rows else None

    async def _decide(self, tx, suggestion_id, actor, status, question_key):
        await tx.execute(
            f"UPDATE suggestions SET status = ?, reviewed_by = ?, reviewed_at = {_NOW},"
            " question_id = (SELECT id FROM questions WHERE key = ?) WHERE id = ?",
            (status, actor.id, question_key, suggestion_id),
        )

    async def _insert_community(self, tx, guild_id, actor, suggestion):
        return await insert_community_questions(
            tx, guild_id, actor, [suggestion.question], label="", suggested_by=suggestion.user_id
        )

    async def _write_audit(self, tx, guild_id, actor, action, detail):
        await write_audit(tx, guild_id, actor, action, detail)
