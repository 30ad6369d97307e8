"""The moderation feature's storage: audited settings, game channels, seasons and the scores export,
community questions, reports and retired items, and members' data.

:class:`ModerationRepo` is the interface, and holds the flows both backends share (what a report
resolution does, step by step); :class:`SqliteModerationRepo` holds SQLite's SQL and
``bot.db.postgres.moderation_repo.PgModerationRepo`` PostgreSQL's.

Every change a moderator makes writes its ``audit_log`` row in the same transaction; settings changes
then drop the cached :class:`~bot.db.guild_settings.GuildConfig` of that server.
"""

from __future__ import annotations

import json
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from bot.db.database import Database
from bot.db.guild_settings import GuildConfig, GuildSettingsRepo, write_feature, write_settings
from bot.db.member_keys import MemberKeys
from bot.moderation.community import CommunityQuestion, check_new_questions
from bot.moderation.reports import (
    ASKED_NOW,
    MAX_OPEN_PER_MEMBER,
    MAX_REPORTS_PER_DAY,
    SQLITE_MAX_INT,
    ReportProblem,
    item_fingerprint,
    restored_points,
)
from bot.moderation.scores_csv import ScoreRow
from bot.plural import counted

MAX_GAME_CHANNELS = 25
MAX_NAME = 100
MAX_DETAIL = 300
EVIDENCE_CONTEXT = 160  # characters of the article shown either side of a quote
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
# What else of a member's games /privacy deletes with their answers: hints taken, teams joined, and
# their id as a duel's winner or challenged member (0: no member, as started_by).
_GAME_TRACES = (
    "DELETE FROM hints WHERE guild_id = :g AND user_id = :u",
    "DELETE FROM game_teams WHERE guild_id = :g AND user_id = :u",
    "UPDATE games SET winner_id = NULL WHERE guild_id = :g AND winner_id = :u",
    "UPDATE games SET opponent_id = 0 WHERE guild_id = :g AND opponent_id = :u",
)
_DAY_AGO = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day')"
# Whether question ``{id}`` is open on server ``{guild}`` now: the unrevealed current round of a running
# game or daily question there. Until its reveal, nothing shows or takes it outside that round.
_ASKED_NOW = (
    "EXISTS (SELECT 1 FROM games g JOIN game_rounds gr ON gr.game_id = g.id AND gr.round_no = g.current_round"
    " WHERE g.guild_id = {guild} AND g.status = 'running' AND gr.revealed = 0 AND gr.question_id = {id})"
)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change, as the audit log records it."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    actor_id: int
    actor_name: str
    action: str
    detail: str
    created_at: str


@dataclass(frozen=True, slots=True)
class SeasonArchive:
    season: int  # the season archived
    new_season: int
    players: int


@dataclass(frozen=True, slots=True)
class StoredQuestion:
    number: int  # per server, as moderators see it in /trivia custom list and remove
    question: CommunityQuestion
    created_by: int | None


@dataclass(frozen=True, slots=True)
class ReportedItem:
    kind: str
    item_id: str
    text: str  # the question's prompt, the quote, the fact
    details: tuple[tuple[str, str], ...] = ()  # ("Right answer", "..."), ("Said by", "...")
    evidence: str | None = None  # the article's words it rests on
    community_number: int | None = None  # a community question's number on its server (/trivia custom list)
    asked_now: bool = False  # a question open on this server (a game's round, the daily question)

    @property
    def label(self) -> str:
        """How moderators know it (see :func:`item_label`)."""
        return item_label(self.kind, self.item_id, self.community_number, self.text)


@dataclass(frozen=True, slots=True)
class ReportLine:
    user_id: int
    reason: str
    created_at: str


@dataclass(frozen=True, slots=True)
class ReportGroup:
    """The open reports about one item, led by the oldest one (whose id the buttons carry)."""

    report_id: int
    kind: str
    item_id: str
    count: int
    reports: list[ReportLine]
    item: ReportedItem | None = None

    @property
    def fingerprint(self) -> str:
        """What its Keep / Retire buttons carry (see :mod:`bot.moderation.fingerprint`)."""
        return item_fingerprint(self.kind, self.item_id)


@dataclass(frozen=True, slots=True)
class Resolution:
    decision: str  # 'kept' | 'retired'; or the earlier decision when already resolved;
    # 'different': the report with this id is not about the item the button was shown for
    kind: str
    item_id: str
    resolved: int  # open reports closed now; 0: someone resolved them already
    restored: dict[int, int] = field(default_factory=dict)  # reporter -> points given back
    label: str = ""  # the item as moderators know it (see ReportedItem.label)


@dataclass(frozen=True, slots=True)
class SeasonScore:
    season: int
    points: int
    answered: int
    correct: int


@dataclass(frozen=True, slots=True)
class MemberData:
    """What the bot stores about one member on one server."""

    display_name: str | None
    scores: list[SeasonScore]
    answers: int
    reports: int
    questions_written: int
    audit_entries: int
    suggestions: int = 0  # trivia suggestions filed, whatever became of them
    suggestions_pending: int = 0
    questions_suggested: int = 0  # community questions that credit them (approved suggestions)
    games_started: int = 0
    decisions: int = 0  # reports, suggestions and seasons they decided as a moderator
    filed_today: int = 0  # suggestions and reports counted for the daily limits (not under their id)

    @property
    def empty(self) -> bool:
        """Nothing that deleting would change (the audit log and the day's filings stay)."""
        return not (
            self.display_name
            or self.scores
            or self.answers
            or self.reports
            or self.questions_written
            or self.suggestions
            or self.questions_suggested
            or self.games_started
            or self.decisions
        )


@dataclass(frozen=True, slots=True)
class DeletedData:
    scores: int
    answers: int
    reports: int
    display_name: bool
    questions_unlinked: int
    suggestions: int = 0
    games_unlinked: int = 0
    decisions_unlinked: int = 0


LABEL_WORDS = 8  # of an item's text, in its label: enough to know it, short enough for a line


def item_label(kind: str, item_id: str, community_number: int | None = None, text: str | None = None) -> str:
    """How moderators know an item: a community question by its number on its server ("community
    question #3"), anything else by its first words ('the quote “It’s been a while since I’ve
    thought about Jess…”'). Only an item gone from the content is left with its id."""
    if community_number is not None:
        return f"community question #{community_number}"
    if text and text.strip():
        words = text.split()
        start = " ".join(words[:LABEL_WORDS]).rstrip(",;:.")
        return f"the {kind} “{start}{'…' if len(words) > LABEL_WORDS else ''}”"
    return f"{kind} {item_id}"


# Rows as either backend returns them (sqlite3.Row, asyncpg.Record): read by column name or position.
Row = Any


def community_number(key: str) -> int | None:
    """The per-server number in a community question's key (``community:<guild>:<n>``)."""
    prefix, _, number = key.rpartition(":")
    return int(number) if prefix.startswith("community:") and number.isdigit() else None


def community_key(guild_id: int, number: int | str = "") -> str:
    return f"community:{guild_id}:{number}"


def plan_community_numbers(existing: Sequence[Row], questions: Sequence[CommunityQuestion], *, label: str) -> list[int]:
    """The numbers new community questions get, after refusing duplicates and going over the cap
    (``QuestionProblem``). ``existing``: the server's community questions (prompt, active, number)."""
    active = [r["prompt"] for r in existing if r["active"]]
    check_new_questions(questions, active, len(active), label=label)
    # Numbers are never reused, so "remove id:3" can't hit a newer question after a removal.
    first = max((r["number"] for r in existing), default=0) + 1
    return list(range(first, first + len(questions)))


def community_rows(
    guild_id: int,
    actor: Actor,
    numbers: Sequence[int],
    questions: Sequence[CommunityQuestion],
    suggested_by: int | None,
) -> list[tuple[Any, ...]]:
    """(key, guild_id, form, prompt, answer, wrong, explanation, created_by, suggested_by) to insert."""
    return [
        (
            community_key(guild_id, n),
            guild_id,
            q.form,
            q.prompt,
            q.answer,
            json.dumps(list(q.wrong)),
            q.explanation,
            actor.id,
            suggested_by,
        )
        for n, q in zip(numbers, questions, strict=True)
    ]


def audit_values(actor: Actor, action: str, detail: str) -> tuple[int, str, str, str]:
    return actor.id, actor.name[:MAX_NAME], action, detail[:MAX_DETAIL]


def quote_evidence(article: str, start: int, end: int) -> str | None:
    """The quote with up to :data:`EVIDENCE_CONTEXT` characters of the article either side."""
    start = max(0, start - EVIDENCE_CONTEXT)
    end = min(len(article), end + EVIDENCE_CONTEXT)
    evidence = ("…" if start else "") + article[start:end] + ("…" if end < len(article) else "")
    return evidence or None


def like_pattern(text: str) -> str:
    """``%text%`` for LIKE ... ESCAPE '\\', the text's own wildcards taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True, slots=True)
class ReportState:
    """A report as resolving it finds it."""

    kind: str
    item_id: str
    status: str
    still_open: int  # open reports about its item


@dataclass(frozen=True, slots=True)
class PointFix:
    """One "wrong" answer of a reporter that now counts as right."""

    answer_id: int
    user_id: int
    season: int
    points: int  # what it scores now
    delta: int  # the change to the member's score


def stored_question(row: Row) -> StoredQuestion:
    return StoredQuestion(
        number=int(row["key"].rsplit(":", 1)[1]),
        question=CommunityQuestion(row["prompt"], row["answer"], tuple(json.loads(row["wrong"])), row["explanation"]),
        created_by=row["created_by"],
    )


def deleted_data(counts: Sequence[int]) -> DeletedData:
    """From the rows changed by: scores, answers, reports, members, suggestions deleted; questions,
    games, then reports, suggestions and seasons decided as a moderator, unlinked."""
    scores, answers, reports, name, suggestions, unlinked, games, *decisions = counts
    return DeletedData(scores, answers, reports, bool(name), unlinked, suggestions, games, sum(decisions))


class ModerationRepo(ABC):
    """The interface the cogs use. The flows that both backends share live here; each backend
    supplies the SQL, in statements (``_...`` methods) run inside :meth:`_transaction`."""

    def __init__(self, guild_settings: GuildSettingsRepo, keys: MemberKeys) -> None:
        self._settings = guild_settings
        self._keys = keys

    # -- what each backend supplies -------------------------------------------------------------

    @abstractmethod
    def _transaction(self, guild_id: int) -> AbstractAsyncContextManager[Any]:
        """One transaction for a change to this server: moderators' changes to one server never
        interleave (SQLite: one writer at a time; PostgreSQL: a lock per server)."""

    @abstractmethod
    async def _write_audit(self, tx: Any, guild_id: int, actor: Actor, action: str, detail: str) -> None:
        """The audit line of a moderator's change, written in the change's own transaction."""

    @abstractmethod
    async def _write_settings(self, tx: Any, guild_id: int, changes: dict[str, object]) -> None: ...

    @abstractmethod
    async def _write_feature(self, tx: Any, guild_id: int, feature: str, enabled: bool) -> None: ...

    @abstractmethod
    async def _insert_community(
        self, tx: Any, guild_id: int, actor: Actor, questions: list[CommunityQuestion], label: str
    ) -> list[int]: ...

    # -- audit log ----------------------------------------------------------------------------

    @abstractmethod
    async def history(self, guild_id: int, limit: int = 15) -> list[AuditEntry]: ...

    # -- settings -----------------------------------------------------------------------------

    async def update_settings(
        self, guild_id: int, actor: Actor, action: str, detail: str, **changes: object
    ) -> GuildConfig:
        async with self._transaction(guild_id) as tx:
            await self._write_settings(tx, guild_id, changes)
            await self._write_audit(tx, guild_id, actor, action, detail)
        self._settings.forget(guild_id)
        return await self._settings.get(guild_id)

    async def set_feature(self, guild_id: int, actor: Actor, feature: str, enabled: bool) -> GuildConfig:
        async with self._transaction(guild_id) as tx:
            await self._write_feature(tx, guild_id, feature, enabled)
            await self._write_audit(tx, guild_id, actor, "cog", f"{feature} {'on' if enabled else 'off'}")
        self._settings.forget(guild_id)
        return await self._settings.get(guild_id)

    async def add_game_channel(self, guild_id: int, actor: Actor, channel_id: int) -> bool:
        """False when it was listed already; raises :class:`ValueError` when the list is full."""
        async with self._transaction(guild_id) as tx:
            listed, present = await self._game_channel_counts(tx, guild_id, channel_id)
            if present:
                return False
            if listed >= MAX_GAME_CHANNELS:
                raise ValueError(f"at most {MAX_GAME_CHANNELS} game channels")
            await self._insert_game_channel(tx, guild_id, channel_id)
            await self._write_audit(tx, guild_id, actor, "channels.add", f"<#{channel_id}>")
        self._settings.forget(guild_id)
        return True

    async def remove_game_channel(self, guild_id: int, actor: Actor, channel_id: int) -> bool:
        async with self._transaction(guild_id) as tx:
            if not await self._delete_game_channels(tx, guild_id, channel_id):
                return False
            await self._write_audit(tx, guild_id, actor, "channels.remove", f"<#{channel_id}>")
        self._settings.forget(guild_id)
        return True

    async def clear_game_channels(self, guild_id: int, actor: Actor) -> int:
        async with self._transaction(guild_id) as tx:
            removed = await self._delete_game_channels(tx, guild_id, None)
            if removed:
                await self._write_audit(
                    tx, guild_id, actor, "channels.clear", f"{counted(removed, 'channel')} unlisted"
                )
        self._settings.forget(guild_id)
        return removed

    @abstractmethod
    async def _game_channel_counts(self, tx: Any, guild_id: int, channel_id: int) -> tuple[int, bool]:
        """How many game channels the server lists, and whether ``channel_id`` is one."""

    @abstractmethod
    async def _insert_game_channel(self, tx: Any, guild_id: int, channel_id: int) -> None: ...

    @abstractmethod
    async def _delete_game_channels(self, tx: Any, guild_id: int, channel_id: int | None) -> int:
        """Unlist one channel (all of them when None); how many were unlisted."""

    # -- seasons and scores -------------------------------------------------------------------

    async def reset_scores(self, guild_id: int, actor: Actor, expected_season: int) -> SeasonArchive | None:
        """Archive ``expected_season`` and start the next one; None if it is no longer current
        (a second click, or another moderator was quicker). Scores are kept under their season."""
        async with self._transaction(guild_id) as tx:
            current, players = await self._season_and_players(tx, guild_id, expected_season)
            if current != expected_season:
                return None
            await self._archive_season(tx, guild_id, current, actor)
            await self._write_settings(tx, guild_id, {"season": current + 1})
            await self._write_audit(
                tx,
                guild_id,
                actor,
                "reset-scores",
                f"season {current} archived ({counted(players, 'player')}); season {current + 1} begins",
            )
        self._settings.forget(guild_id)
        return SeasonArchive(current, current + 1, players)

    @abstractmethod
    async def _season_and_players(self, tx: Any, guild_id: int, season: int) -> tuple[int, int]:
        """The server's current season, and how many members scored in ``season``."""

    @abstractmethod
    async def _archive_season(self, tx: Any, guild_id: int, season: int, actor: Actor) -> None: ...

    @abstractmethod
    async def archived_seasons(self, guild_id: int) -> int: ...

    @abstractmethod
    async def score_rows(self, guild_id: int) -> list[ScoreRow]: ...

    # -- community questions ------------------------------------------------------------------

    @abstractmethod
    async def community_questions(self, guild_id: int) -> list[StoredQuestion]: ...

    @abstractmethod
    async def community_count(self, guild_id: int) -> int: ...

    async def add_community_questions(
        self, guild_id: int, actor: Actor, questions: list[CommunityQuestion], *, label: str = "entry"
    ) -> list[int]:
        """All or nothing: duplicates and the per-server cap are checked inside the transaction, so
        two imports at once cannot both pass. Raises ``QuestionProblem``; returns the new numbers."""
        async with self._transaction(guild_id) as tx:
            numbers = await self._insert_community(tx, guild_id, actor, questions, label)
            if len(questions) == 1:
                detail = f"#{numbers[0]}: {questions[0].prompt[:120]}"
                await self._write_audit(tx, guild_id, actor, "custom.add", detail)
            else:
                detail = f"{counted(len(questions), 'question')}, #{numbers[0]}-#{numbers[-1]}"
                await self._write_audit(tx, guild_id, actor, "custom.import", detail)
        return numbers

    async def remove_community_question(self, guild_id: int, actor: Actor, number: int) -> str | None:
        """Deactivates it (past games still point at it); returns its prompt, or None if unknown."""
        async with self._transaction(guild_id) as tx:
            prompt = await self._deactivate_community(tx, guild_id, number)
            if prompt is None:
                return None
            await self._write_audit(tx, guild_id, actor, "custom.remove", f"#{number}: {prompt[:120]}")
        return prompt

    @abstractmethod
    async def _deactivate_community(self, tx: Any, guild_id: int, number: int) -> str | None:
        """Deactivate the active community question ``number``; its prompt, or None if none."""

    # -- reports: items and their evidence ----------------------------------------------------

    async def find_item(self, guild_id: int, kind: str, item_id: str) -> ReportedItem | None:
        """The item as this server sees it: another server's community question does not exist here."""
        if kind == "question":
            return await self._find_question(guild_id, item_id)
        if kind == "quote":
            row = await self._quote_item(item_id)
            if row is None:
                return None
            evidence = quote_evidence(await self._article(), row["start_offset"], row["end_offset"])
            details = (("Said by", row["speaker"]), ("When", row["occasion"]))
            return ReportedItem("quote", item_id, row["body"], details, evidence)
        if kind == "fact":
            row = await self._fact_item(item_id)
            if row is None:
                return None
            details = (("Asked as", f"{row['question']} → {row['answer']}"),) if row["question"] else ()
            return ReportedItem("fact", item_id, row["body"], details, row["evidence"])
        return None

    async def _find_question(self, guild_id: int, item_id: str) -> ReportedItem | None:
        if not item_id.isdigit():
            return None
        row = await self._question_item(guild_id, int(item_id))
        if row is None:
            return None
        details = [("Right answer", row["answer"])]
        wrong = json.loads(row["wrong"] or "[]")
        if wrong:
            details.append(("Wrong choices", " · ".join(str(w) for w in wrong)))
        if row["explanation"]:
            details.append(("Explanation", row["explanation"]))
        if row["quote"]:
            details.append(("Quote", f"“{row['quote']}” ({row['speaker']}, {row['occasion']})"))
        if row["fact"]:
            details.append(("Fact", row["fact"]))
        number = community_number(row["key"]) if row["guild_id"] is not None else None
        if row["asked_now"]:  # its answer and evidence show nowhere before its reveal
            return ReportedItem("question", item_id, row["prompt"], community_number=number, asked_now=True)
        return ReportedItem("question", item_id, row["prompt"], tuple(details), row["evidence"], number)

    @abstractmethod
    async def _article(self) -> str: ...

    @abstractmethod
    async def _quote_item(self, quote_id: str) -> Row | None:
        """An active quote: body, start_offset, end_offset, speaker, occasion."""

    @abstractmethod
    async def _fact_item(self, fact_id: str) -> Row | None:
        """An active fact: body, question, answer, evidence (its sentence in the article)."""

    @abstractmethod
    async def _question_item(self, guild_id: int, question_id: int) -> Row | None:
        """An active question this server has: guild_id, key, prompt, answer, wrong, explanation,
        quote, speaker, occasion, fact, evidence, and asked_now (open on this server now)."""

    @abstractmethod
    async def search_items(self, guild_id: int, kind: str, text: str, limit: int = 25) -> list[tuple[str, str]]:
        """``(item_id, text)`` of items this server can report whose text contains ``text`` (not a
        question open on this server now: the list would give its id away before its reveal)."""

    @abstractmethod
    async def is_shown(self, guild_id: int | None, kind: str, item_id: str) -> bool:
        """A quote, fact or person still in the content and not retired on this server (None: a
        direct message, where nothing is retired)."""

    @abstractmethod
    async def is_retired(self, guild_id: int, kind: str, item_id: str) -> bool: ...

    @abstractmethod
    async def retired_items(self, guild_id: int) -> frozenset[tuple[str, str]]:
        """(kind, id) of everything this server retired: what the lookups leave out."""

    # -- reports: filing and reviewing --------------------------------------------------------

    async def file_report(self, guild_id: int, user_id: int, kind: str, item_id: str, reason: str) -> int:
        """The new report's id. Raises :class:`ReportProblem` for an unknown or retired item, a
        second open report of the same item by the same member, too many open reports, or too many
        filed in a day (a /privacy delete does not start that count over)."""
        item = await self.find_item(guild_id, kind, item_id)
        if item is None or await self.is_retired(guild_id, kind, item_id):
            raise ReportProblem(f"I couldn't find that {kind} (or it has been retired already).")
        if item.asked_now:
            raise ReportProblem(ASKED_NOW)
        member_key = await self._keys.of(guild_id, user_id)
        async with self._transaction(guild_id) as tx:
            if await self._open_reports_of(tx, guild_id, user_id) >= MAX_OPEN_PER_MEMBER:
                raise ReportProblem(
                    f"You have {MAX_OPEN_PER_MEMBER} reports waiting for the moderators; please wait until they've looked."
                )
            if await self._reports_filed_today(tx, guild_id, member_key) >= MAX_REPORTS_PER_DAY:
                raise ReportProblem(f"That's {MAX_REPORTS_PER_DAY} reports today; please try again tomorrow.")
            report_id = await self._insert_report(tx, guild_id, user_id, member_key, kind, item_id, reason)
            if report_id is None:
                raise ReportProblem(f"You have already reported this {kind}; the moderators will look at it.")
            return report_id

    @abstractmethod
    async def _open_reports_of(self, tx: Any, guild_id: int, user_id: int) -> int: ...

    @abstractmethod
    async def _reports_filed_today(self, tx: Any, guild_id: int, member_key: str) -> int: ...

    @abstractmethod
    async def _insert_report(
        self, tx: Any, guild_id: int, user_id: int, member_key: str, kind: str, item_id: str, reason: str
    ) -> int | None:
        """The new report's id, counted towards the member's daily limit; None (and nothing stored)
        when this member already has an open report of the item."""

    async def open_reports(self, guild_id: int, limit: int = 5) -> tuple[list[ReportGroup], int]:
        """Up to ``limit`` reported items (oldest first) with up to three reasons each, and how many
        items have open reports in all."""
        rows = await self._open_report_rows(guild_id, limit)
        groups: dict[int, ReportGroup] = {}
        for r in rows:
            group = groups.get(r["first_id"])
            if group is None:
                item = await self.find_item(guild_id, r["item_kind"], r["item_id"])
                group = groups[r["first_id"]] = ReportGroup(
                    r["first_id"], r["item_kind"], r["item_id"], r["n"], [], item
                )
            group.reports.append(ReportLine(r["user_id"], r["reason"], r["created_at"]))
        return list(groups.values()), (rows[0]["items"] if rows else 0)

    @abstractmethod
    async def _open_report_rows(self, guild_id: int, limit: int) -> Sequence[Row]:
        """The first three open reports of each of the ``limit`` oldest reported items: id,
        item_kind, item_id, user_id, reason, created_at, first_id (the item's oldest report), n
        (its open reports) and items (reported items in all), ordered by first_id, id."""

    @abstractmethod
    async def open_report_count(self, guild_id: int) -> int: ...

    async def resolve_report(
        self, guild_id: int, actor: Actor, report_id: int, retire: bool, *, fingerprint: str | None = None
    ) -> Resolution | None:
        """Keep or retire the item of ``report_id``, closing every open report about it. Retiring
        records the item (and the questions built on a retired quote or fact) in ``retired_items``
        and gives reporters back the points a wrong question cost them. None: no such report here
        (or no longer: /privacy deleted it). With ``fingerprint`` (what the button carries), a report
        about another item than the one the button was shown for is left alone ('different')."""
        decision = "retired" if retire else "kept"
        async with self._transaction(guild_id) as tx:
            state = await self._report_state(tx, guild_id, report_id)
            if state is None:
                return None
            kind, item_id = state.kind, state.item_id
            if fingerprint is not None and item_fingerprint(kind, item_id) != fingerprint:
                return Resolution("different", kind, item_id, 0)
            label = await self._label(tx, guild_id, kind, item_id)
            if not state.still_open:
                return Resolution(state.status, kind, item_id, 0, label=label)  # another moderator was quicker
            restored: dict[int, int] = {}
            if retire:
                await self._retire(tx, guild_id, kind, item_id)
                if kind == "question":
                    fixes = [
                        PointFix(r["id"], r["user_id"], r["season"], new, new - r["points"])
                        for r in await self._reporters_wrong_answers(tx, guild_id, item_id)
                        for new in [restored_points(r["elapsed_ms"], r["timer"])]
                    ]
                    for fix in fixes:
                        restored[fix.user_id] = restored.get(fix.user_id, 0) + fix.delta
                    await self._apply_point_fixes(tx, guild_id, fixes)
            resolved = await self._close_reports(tx, guild_id, kind, item_id, decision, actor)
            if restored:
                await self._note_restored(tx, guild_id, kind, item_id, actor, restored)
            await self._write_audit(
                tx,
                guild_id,
                actor,
                f"reports.{'retire' if retire else 'keep'}",
                f"{label} ({counted(resolved, 'report')})",
            )
        return Resolution(decision, kind, item_id, resolved, restored, label)

    async def _label(self, tx: Any, guild_id: int, kind: str, item_id: str) -> str:
        """A reported question is named by its community number on its own server (retired or not),
        anything else by its first words (see :func:`item_label`)."""
        if kind == "question" and item_id.isdigit():
            key = await self._own_question_key(tx, guild_id, int(item_id))
            if key is not None:
                return item_label(kind, item_id, community_number(key))
        return item_label(kind, item_id, text=await self._item_text(tx, kind, item_id))

    @abstractmethod
    async def _report_state(self, tx: Any, guild_id: int, report_id: int) -> ReportState | None: ...

    @abstractmethod
    async def _own_question_key(self, tx: Any, guild_id: int, question_id: int) -> str | None:
        """The key of a question that is this server's own (a community question), else None."""

    @abstractmethod
    async def _item_text(self, tx: Any, kind: str, item_id: str) -> str | None:
        """A question's prompt, a quote's or a fact's words, retired or not; None when there is none."""

    @abstractmethod
    async def _retire(self, tx: Any, guild_id: int, kind: str, item_id: str) -> None:
        """Record the item as retired here; a retired quote or fact retires the questions built on
        it; a retired community question of this server is deactivated."""

    @abstractmethod
    async def _reporters_wrong_answers(self, tx: Any, guild_id: int, question_id: str) -> Sequence[Row]:
        """Each open reporter's answers to the question that were marked wrong: id, user_id,
        points, elapsed_ms, season and timer (of the game)."""

    @abstractmethod
    async def _apply_point_fixes(self, tx: Any, guild_id: int, fixes: Sequence[PointFix]) -> None:
        """Mark the answers right with their new points and add the difference to the scores
        (answers fold into scores on INSERT only, so the correction is applied here)."""

    @abstractmethod
    async def _close_reports(self, tx: Any, guild_id: int, kind: str, item_id: str, decision: str, actor: Actor) -> int:
        """Close the item's open reports with ``decision``; how many were closed."""

    @abstractmethod
    async def _note_restored(
        self, tx: Any, guild_id: int, kind: str, item_id: str, actor: Actor, restored: dict[int, int]
    ) -> None:
        """Record on each reporter's just-closed report the points given back."""

    # -- members' data ------------------------------------------------------------------------

    async def member_data(self, guild_id: int, user_id: int) -> MemberData:
        counts, scores = await self._member_rows(guild_id, user_id, await self._keys.of(guild_id, user_id))
        return MemberData(
            display_name=counts["display_name"],
            scores=[SeasonScore(*tuple(r)) for r in scores],
            answers=counts["answers"],
            reports=counts["reports"],
            questions_written=counts["questions_written"],
            audit_entries=counts["audit_entries"],
            suggestions=counts["suggestions"],
            suggestions_pending=counts["suggestions_pending"],
            questions_suggested=counts["questions_suggested"],
            games_started=counts["games_started"],
            decisions=counts["decisions"],
            filed_today=counts["filed_today"],
        )

    @abstractmethod
    async def _member_rows(self, guild_id: int, user_id: int, member_key: str) -> tuple[Row, Sequence[Row]]:
        """The member's counts (display_name, answers, reports, questions_written, audit_entries,
        suggestions, suggestions_pending, questions_suggested, games_started, decisions, and
        filed_today under ``member_key``) and scores (season, points, answered, correct) by season."""

    @abstractmethod
    async def delete_member_data(self, guild_id: int, user_id: int) -> DeletedData:
        """Scores (every season), answers, reports, suggestions and the stored display name, on this
        server only. What stays the server's no longer names them: community questions they wrote or
        suggested, games they started (started_by 0, as a daily question's), and the reports,
        suggestions and seasons they decided as a moderator. Kept: the audit log (the server's
        record of moderators' changes) and the day's filings (keyed, not their id; see
        :mod:`bot.db.member_keys`). One transaction, so a member's rows never half-disappear."""


# ---------------------------------------------------------------------------------------- SQLite


async def write_audit(conn: aiosqlite.Connection, guild_id: int, actor: Actor, action: str, detail: str) -> None:
    """The audit line of a moderator's change, written in the change's own transaction."""
    await conn.execute(
        "INSERT INTO audit_log (guild_id, actor_id, actor_name, action, detail) VALUES (?, ?, ?, ?, ?)",
        (guild_id, *audit_values(actor, action, detail)),
    )


async def filed_today(conn: aiosqlite.Connection, guild_id: int, member_key: str, kind: str) -> int:
    """How many ``kind`` (suggestion, report) the member (see :mod:`bot.db.member_keys`) filed on this
    server in the last 24 hours, whatever /privacy deleted since."""
    rows = await conn.execute_fetchall(
        "SELECT COUNT(*) AS n FROM member_filings WHERE guild_id = ? AND member_key = ? AND kind = ?"
        f" AND filed_at >= {_DAY_AGO}",
        (guild_id, member_key, kind),
    )
    return int(rows[0]["n"])


async def record_filing(conn: aiosqlite.Connection, guild_id: int, member_key: str, kind: str) -> None:
    """Count one filing towards the member's daily limit; the server's filings older than a day go."""
    await conn.execute(f"DELETE FROM member_filings WHERE guild_id = ? AND filed_at < {_DAY_AGO}", (guild_id,))
    await conn.execute(
        "INSERT INTO member_filings (guild_id, member_key, kind) VALUES (?, ?, ?)", (guild_id, member_key, kind)
    )


async def insert_community_questions(
    conn: aiosqlite.Connection,
    guild_id: int,
    actor: Actor,
    questions: list[CommunityQuestion],
    *,
    label: str,
    suggested_by: int | None = None,
) -> list[int]:
    """Add community questions inside the caller's transaction, after refusing duplicates and going
    over the cap (``QuestionProblem``); returns their numbers. The caller writes the audit line."""
    rows = await conn.execute_fetchall(
        "SELECT prompt, active, CAST(substr(key, ?) AS INTEGER) AS number FROM questions"
        " WHERE guild_id = ? AND category = 'community'",
        (len(community_key(guild_id)) + 1, guild_id),
    )
    numbers = plan_community_numbers(list(rows), questions, label=label)
    await conn.executemany(
        "INSERT INTO questions (key, guild_id, category, form, prompt, answer, wrong, explanation, created_by,"
        " suggested_by) VALUES (?, ?, 'community', ?, ?, ?, ?, ?, ?, ?)",
        community_rows(guild_id, actor, numbers, questions, suggested_by),
    )
    return numbers


class SqliteModerationRepo(ModerationRepo):
    def __init__(self, db: Database, guild_settings: GuildSettingsRepo, keys: MemberKeys) -> None:
        super().__init__(guild_settings, keys)
        self._db = db

    def _transaction(self, guild_id: int) -> AbstractAsyncContextManager[aiosqlite.Connection]:
        return self._db.transaction()  # BEGIN IMMEDIATE: one writer at a time

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
        rows = await self._db.fetch_all(
            "SELECT actor_id, actor_name, action, detail, created_at FROM audit_log"
            " WHERE guild_id = ? ORDER BY id DESC LIMIT ?",
            (guild_id, limit),
        )
        return [AuditEntry(*tuple(r)) for r in rows]

    # -- settings -----------------------------------------------------------------------------

    async def _game_channel_counts(self, tx, guild_id, channel_id):
        rows = await tx.execute_fetchall(
            "SELECT COUNT(*) AS listed, SUM(channel_id = ?) AS present FROM game_channels WHERE guild_id = ?",
            (channel_id, guild_id),
        )
        return rows[0]["listed"], bool(rows[0]["present"])

    async def _insert_game_channel(self, tx, guild_id, channel_id):
        await tx.execute("INSERT INTO game_channels (guild_id, channel_id) VALUES (?, ?)", (guild_id, channel_id))

    async def _delete_game_channels(self, tx, guild_id, channel_id):
        cursor = await tx.execute(
            "DELETE FROM game_channels WHERE guild_id = ? AND (? IS NULL OR channel_id = ?)",
            (guild_id, channel_id, channel_id),
        )
        return cursor.rowcount

    # -- seasons and scores -------------------------------------------------------------------

    async def _season_and_players(self, tx, guild_id, season):
        rows = await tx.execute_fetchall(
            "SELECT COALESCE((SELECT season FROM guild_settings WHERE guild_id = :g), 1) AS season,"
            " (SELECT COUNT(*) FROM scores WHERE guild_id = :g AND season = :s) AS players",
            {"g": guild_id, "s": season},
        )
        return rows[0]["season"], rows[0]["players"]

    async def _archive_season(self, tx, guild_id, season, actor):
        await tx.execute(
            f"INSERT INTO seasons (guild_id, season, ended_at, ended_by) VALUES (?, ?, {_NOW}, ?)",
            (guild_id, season, actor.id),
        )

    async def archived_seasons(self, guild_id: int) -> int:
        row = await self._db.fetch_one("SELECT COUNT(*) AS n FROM seasons WHERE guild_id = ?", (guild_id,))
        return int(row["n"]) if row else 0

    async def score_rows(self, guild_id: int) -> list[ScoreRow]:
        rows = await self._db.fetch_all(
            "SELECT s.season, s.user_id, m.display_name, s.points, s.answered, s.correct, s.best_streak, s.fastest_ms"
            " FROM scores s LEFT JOIN members m ON m.guild_id = s.guild_id AND m.user_id = s.user_id"
            " WHERE s.guild_id = ? ORDER BY s.season DESC, s.points DESC, s.user_id",
            (guild_id,),
        )
        return [ScoreRow(*tuple(r)) for r in rows]

    # -- community questions ------------------------------------------------------------------

    async def community_questions(self, guild_id: int) -> list[StoredQuestion]:
        rows = await self._db.fetch_all(
            "SELECT key, prompt, answer, wrong, explanation, created_by FROM questions"
            " WHERE guild_id = ? AND category = 'community' AND active = 1 ORDER BY id",
            (guild_id,),
        )
        return [stored_question(r) for r in rows]

    async def community_count(self, guild_id: int) -> int:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) AS n FROM questions WHERE guild_id = ? AND category = 'community' AND active = 1",
            (guild_id,),
        )
        return int(row["n"]) if row else 0

    async def _deactivate_community(self, tx, guild_id, number):
        rows = await tx.execute_fetchall(
            "UPDATE questions SET active = 0 WHERE key = ? AND guild_id = ? AND category = 'community'"
            " AND active = 1 RETURNING prompt",
            (community_key(guild_id, number), guild_id),
        )
        return rows[0]["prompt"] if rows else None

    # -- reports: items and their evidence ----------------------------------------------------

    async def _article(self) -> str:
        row = await self._db.fetch_one("SELECT body FROM article WHERE id = 1")
        return row["body"] if row else ""

    async def _quote_item(self, quote_id):
        return await self._db.fetch_one(
            "SELECT q.body, q.start_offset, q.end_offset, p.name AS speaker, o.label AS occasion"
            " FROM quotes q JOIN people p ON p.id = q.speaker_id JOIN occasions o ON o.id = q.occasion_id"
            " WHERE q.id = ? AND q.active = 1",
            (quote_id,),
        )

    async def _fact_item(self, fact_id):
        return await self._db.fetch_one(
            "SELECT f.body, f.question, f.answer, substr(a.body, f.sentence_start + 1, f.sentence_end - f.sentence_start)"
            " AS evidence FROM facts f LEFT JOIN article a ON a.id = 1 WHERE f.id = ? AND f.active = 1",
            (fact_id,),
        )

    async def _question_item(self, guild_id, question_id):
        return await self._db.fetch_one(
            "SELECT q.guild_id, q.key, q.prompt, q.answer, q.wrong, q.explanation, qu.body AS quote,"
            " p.name AS speaker, o.label AS occasion, f.body AS fact,"
            # The question's own evidence, else the sentence of its fact, else its quote as printed.
            " CASE WHEN q.evidence_start IS NOT NULL"
            "  THEN substr(a.body, q.evidence_start + 1, q.evidence_end - q.evidence_start)"
            "  WHEN f.id IS NOT NULL THEN substr(a.body, f.sentence_start + 1, f.sentence_end - f.sentence_start)"
            "  WHEN qu.id IS NOT NULL THEN substr(a.body, qu.start_offset + 1, qu.end_offset - qu.start_offset)"
            f" END AS evidence, {_ASKED_NOW.format(guild=':g', id='q.id')} AS asked_now"
            " FROM questions q LEFT JOIN quotes qu ON qu.id = q.quote_id LEFT JOIN people p ON p.id = qu.speaker_id"
            " LEFT JOIN occasions o ON o.id = qu.occasion_id LEFT JOIN facts f ON f.id = q.fact_id"
            " LEFT JOIN article a ON a.id = 1"
            " WHERE q.id = :q AND q.active = 1 AND (q.guild_id IS NULL OR q.guild_id = :g)",
            {"q": question_id, "g": guild_id},
        )

    async def search_items(self, guild_id: int, kind: str, text: str, limit: int = 25) -> list[tuple[str, str]]:
        not_retired = (
            "NOT EXISTS (SELECT 1 FROM retired_items r WHERE r.guild_id = :g AND r.item_kind = :kind"
            " AND r.item_id = CAST({id} AS TEXT))"
        )
        if kind == "question":
            sql = (
                "SELECT id, prompt AS text FROM questions q WHERE active = 1 AND (guild_id IS NULL OR guild_id = :g)"
                f" AND prompt LIKE :p ESCAPE '\\' AND {not_retired.format(id='q.id')}"
                f" AND NOT {_ASKED_NOW.format(guild=':g', id='q.id')} ORDER BY guild_id IS NULL, id LIMIT :n"
            )
        elif kind in ("quote", "fact"):
            table = "quotes" if kind == "quote" else "facts"
            sql = (
                f"SELECT id, body AS text FROM {table} t WHERE active = 1 AND body LIKE :p ESCAPE '\\'"
                f" AND {not_retired.format(id='t.id')} ORDER BY id LIMIT :n"
            )
        else:
            return []
        rows = await self._db.fetch_all(sql, {"g": guild_id, "kind": kind, "p": like_pattern(text), "n": limit})
        return [(str(r["id"]), r["text"]) for r in rows]

    async def is_shown(self, guild_id: int | None, kind: str, item_id: str) -> bool:
        table = {"quote": "quotes", "fact": "facts", "person": "people"}.get(kind)
        if table is None:
            return False
        row = await self._db.fetch_one(
            f"SELECT 1 FROM {table} t WHERE t.id = :id AND t.active = 1 AND NOT EXISTS (SELECT 1 FROM retired_items r"
            " WHERE r.guild_id = :g AND r.item_kind = :kind AND r.item_id = t.id)",
            {"id": item_id, "g": guild_id, "kind": kind},
        )
        return row is not None

    async def is_retired(self, guild_id: int, kind: str, item_id: str) -> bool:
        row = await self._db.fetch_one(
            "SELECT 1 FROM retired_items WHERE guild_id = ? AND item_kind = ? AND item_id = ?",
            (guild_id, kind, item_id),
        )
        return row is not None

    async def retired_items(self, guild_id: int) -> frozenset[tuple[str, str]]:
        rows = await self._db.fetch_all("SELECT item_kind, item_id FROM retired_items WHERE guild_id = ?", (guild_id,))
        return frozenset((r["item_kind"], r["item_id"]) for r in rows)

    # -- reports: filing and reviewing --------------------------------------------------------

    async def _open_reports_of(self, tx, guild_id, user_id):
        rows = await tx.execute_fetchall(
            "SELECT COUNT(*) AS n FROM reports WHERE guild_id = ? AND user_id = ? AND status = 'open'",
            (guild_id, user_id),
        )
        return rows[0]["n"]

    async def _reports_filed_today(self, tx, guild_id, member_key):
        return await filed_today(tx, guild_id, member_key, "report")

    async def _insert_report(self, tx, guild_id, user_id, member_key, kind, item_id, reason):
        try:
            cursor = await tx.execute(
                "INSERT INTO reports (guild_id, user_id, item_kind, item_id, reason) VALUES (?, ?, ?, ?, ?)",
                (guild_id, user_id, kind, item_id, reason),
            )
        except sqlite3.IntegrityError:  # reports_one_open_per_member
            return None
        await record_filing(tx, guild_id, member_key, "report")
        return int(cursor.lastrowid)

    async def _open_report_rows(self, guild_id, limit):
        return await self._db.fetch_all(
            "WITH open AS (SELECT id, item_kind, item_id, user_id, reason, created_at,"
            "  MIN(id) OVER w AS first_id, COUNT(*) OVER w AS n, ROW_NUMBER() OVER (w ORDER BY id) AS rn"
            "  FROM reports WHERE guild_id = ? AND status = 'open' WINDOW w AS (PARTITION BY item_kind, item_id))"
            " SELECT *, (SELECT COUNT(DISTINCT first_id) FROM open) AS items FROM open"
            " WHERE rn <= 3 AND first_id IN (SELECT DISTINCT first_id FROM open ORDER BY first_id LIMIT ?)"
            " ORDER BY first_id, id",
            (guild_id, limit),
        )

    async def open_report_count(self, guild_id: int) -> int:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) AS n FROM reports WHERE guild_id = ? AND status = 'open'", (guild_id,)
        )
        return int(row["n"]) if row else 0

    async def _report_state(self, tx, guild_id, report_id):
        rows = await tx.execute_fetchall(
            "SELECT r.item_kind, r.item_id, r.status, (SELECT COUNT(*) FROM reports o WHERE o.guild_id = r.guild_id"
            "  AND o.item_kind = r.item_kind AND o.item_id = r.item_id AND o.status = 'open') AS still_open"
            " FROM reports r WHERE r.id = ? AND r.guild_id = ?",
            (report_id, guild_id),
        )
        return ReportState(*tuple(rows[0])) if rows else None

    async def _own_question_key(self, tx, guild_id, question_id):
        rows = await tx.execute_fetchall(
            "SELECT key FROM questions WHERE id = ? AND guild_id = ?", (question_id, guild_id)
        )
        return rows[0]["key"] if rows else None

    async def _item_text(self, tx, kind, item_id):
        if kind == "question":
            if not (item_id.isdigit() and int(item_id) <= SQLITE_MAX_INT):
                return None
            rows = await tx.execute_fetchall("SELECT prompt FROM questions WHERE id = ?", (int(item_id),))
        elif kind in ("quote", "fact"):
            table = "quotes" if kind == "quote" else "facts"
            rows = await tx.execute_fetchall(f"SELECT body FROM {table} WHERE id = ?", (item_id,))
        else:
            return None
        return rows[0][0] if rows else None

    async def _retire(self, tx, guild_id, kind, item_id):
        item = {"g": guild_id, "kind": kind, "item": item_id}
        await tx.execute(
            "INSERT OR IGNORE INTO retired_items (guild_id, item_kind, item_id) VALUES (:g, :kind, :item)", item
        )
        if kind in ("quote", "fact"):
            # A question built on a wrong quote or fact is never asked again either.
            column = "quote_id" if kind == "quote" else "fact_id"
            await tx.execute(
                "INSERT OR IGNORE INTO retired_items (guild_id, item_kind, item_id)"
                f" SELECT :g, 'question', CAST(id AS TEXT) FROM questions WHERE {column} = :item"
                " AND (guild_id IS NULL OR guild_id = :g)",
                item,
            )
        else:
            await tx.execute(
                "UPDATE questions SET active = 0 WHERE id = CAST(:item AS INTEGER) AND guild_id = :g", item
            )

    async def _reporters_wrong_answers(self, tx, guild_id, question_id):
        return await tx.execute_fetchall(
            "SELECT a.id, a.user_id, a.points, a.elapsed_ms, g.season, g.timer FROM answers a"
            " JOIN game_rounds r ON r.game_id = a.game_id AND r.round_no = a.round_no"
            " JOIN games g ON g.id = a.game_id"
            " WHERE r.question_id = CAST(:item AS INTEGER) AND g.guild_id = :g AND a.correct = 0"
            " AND a.user_id IN (SELECT user_id FROM reports WHERE guild_id = :g AND item_kind = 'question'"
            "  AND item_id = :item AND status = 'open')",
            {"g": guild_id, "item": question_id},
        )

    async def _apply_point_fixes(self, tx, guild_id, fixes):
        await tx.executemany(
            "UPDATE answers SET correct = 1, points = ? WHERE id = ?", [(f.points, f.answer_id) for f in fixes]
        )
        await tx.executemany(
            "INSERT INTO scores (guild_id, season, user_id, points, answered, correct) VALUES (?, ?, ?, ?, 1, 1)"
            " ON CONFLICT(guild_id, season, user_id) DO UPDATE SET points = points + excluded.points,"
            " correct = correct + 1",
            [(guild_id, f.season, f.user_id, f.delta) for f in fixes],
        )

    async def _close_reports(self, tx, guild_id, kind, item_id, decision, actor):
        cursor = await tx.execute(
            f"UPDATE reports SET status = :status, resolved_by = :actor, resolved_at = {_NOW}"
            " WHERE guild_id = :g AND item_kind = :kind AND item_id = :item AND status = 'open'",
            {"g": guild_id, "kind": kind, "item": item_id, "status": decision, "actor": actor.id},
        )
        return cursor.rowcount

    async def _note_restored(self, tx, guild_id, kind, item_id, actor, restored):
        await tx.executemany(
            "UPDATE reports SET points_restored = ? WHERE guild_id = ? AND user_id = ? AND item_kind = ?"
            " AND item_id = ? AND status = 'retired' AND resolved_by = ? AND points_restored = 0",
            [(points, guild_id, user, kind, item_id, actor.id) for user, points in restored.items()],
        )

    # -- members' data ------------------------------------------------------------------------

    async def _member_rows(self, guild_id, user_id, member_key):
        params = {"g": guild_id, "u": user_id, "k": member_key}
        counts = await self._db.fetch_one(
            "SELECT (SELECT display_name FROM members WHERE guild_id = :g AND user_id = :u) AS display_name,"
            " (SELECT COUNT(*) FROM answers WHERE guild_id = :g AND user_id = :u) AS answers,"
            " (SELECT COUNT(*) FROM reports WHERE guild_id = :g AND user_id = :u) AS reports,"
            " (SELECT COUNT(*) FROM questions WHERE guild_id = :g AND created_by = :u) AS questions_written,"
            " (SELECT COUNT(*) FROM audit_log WHERE guild_id = :g AND actor_id = :u) AS audit_entries,"
            " (SELECT COUNT(*) FROM suggestions WHERE guild_id = :g AND user_id = :u) AS suggestions,"
            " (SELECT COUNT(*) FROM suggestions WHERE guild_id = :g AND user_id = :u AND status = 'pending')"
            "  AS suggestions_pending,"
            " (SELECT COUNT(*) FROM questions WHERE guild_id = :g AND suggested_by = :u) AS questions_suggested,"
            " (SELECT COUNT(*) FROM games WHERE guild_id = :g AND started_by = :u) AS games_started,"
            " (SELECT COUNT(*) FROM reports WHERE guild_id = :g AND resolved_by = :u)"
            "  + (SELECT COUNT(*) FROM suggestions WHERE guild_id = :g AND reviewed_by = :u)"
            "  + (SELECT COUNT(*) FROM seasons WHERE guild_id = :g AND ended_by = :u) AS decisions,"
            " (SELECT COUNT(*) FROM member_filings WHERE guild_id = :g AND member_key = :k"
            f"  AND filed_at >= {_DAY_AGO}) AS filed_today",
            params,
        )
        scores = await self._db.fetch_all(
            "SELECT season, points, answered, correct FROM scores WHERE guild_id = :g AND user_id = :u ORDER BY season",
            params,
        )
        assert counts is not None  # a SELECT without FROM always yields one row
        return counts, scores

    async def delete_member_data(self, guild_id: int, user_id: int) -> DeletedData:
        params = {"g": guild_id, "u": user_id}
        async with self._db.transaction() as conn:
            counts = []
            for sql in (
                "DELETE FROM scores WHERE guild_id = :g AND user_id = :u",
                "DELETE FROM answers WHERE guild_id = :g AND user_id = :u",
                "DELETE FROM reports WHERE guild_id = :g AND user_id = :u",
                "DELETE FROM members WHERE guild_id = :g AND user_id = :u",
                "DELETE FROM suggestions WHERE guild_id = :g AND user_id = :u",
                # One statement, so a question they both suggested and approved is counted once.
                "UPDATE questions SET created_by = NULLIF(created_by, :u), suggested_by = NULLIF(suggested_by, :u)"
                " WHERE guild_id = :g AND (created_by = :u OR suggested_by = :u)",
                "UPDATE games SET started_by = 0 WHERE guild_id = :g AND started_by = :u",  # 0: no member
                "UPDATE reports SET resolved_by = NULL WHERE guild_id = :g AND resolved_by = :u",
                "UPDATE suggestions SET reviewed_by = NULL WHERE guild_id = :g AND reviewed_by = :u",
                "UPDATE seasons SET ended_by = 0 WHERE guild_id = :g AND ended_by = :u",
            ):
                cursor = await conn.execute(sql, params)
                counts.append(cursor.rowcount)
            for sql in _GAME_TRACES:
                await conn.execute(sql, params)
        return deleted_data(counts)
