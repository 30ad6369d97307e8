"""The rules of a running game, in plain Python: which question comes next, the choices shown, whether
a click or a typed answer counts, and when the daily question is due.

The cog keeps one :class:`LiveRound` per running game in memory so that a click is judged without
touching the database; the database holds the same state (games, game_rounds) for restarts.
"""

from __future__ import annotations

import enum
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from bot.trivia.matching import Verdict, judge_typed
from bot.trivia.models import BankEntry, Question

TRUE_FALSE = ("True", "False")
# A question answered only by typing gets at least this many seconds, whatever the game's timer:
# reading it, opening the form and typing take longer than a click.
TYPED_MIN_S = 25


def round_seconds(question: Question, timer: int) -> int:
    """Seconds to answer ``question`` in a game whose timer is ``timer``."""
    return max(timer, TYPED_MIN_S) if question.form == "typed" else timer


def pick_next(
    bank: Sequence[BankEntry],
    rng: random.Random,
    *,
    asked: Iterable[int] = (),
    asked_topics: Iterable[str] = (),
) -> BankEntry | None:
    """The next question for a server: among those this game has not asked and that share no topic
    with one it has, the least recently asked on the server (one it was never asked, such as a new
    community question, comes first). None when no question is left to ask.

    Among questions asked equally long ago (all those never asked, at first), one on the topic most
    of them share is taken first, at random among equals: topics are used up evenly, so the next
    games still find questions on as many different topics as there are."""
    asked_ids, taken = set(asked), set(asked_topics)
    candidates = [e for e in bank if e.id not in asked_ids and taken.isdisjoint(e.topics)]
    if not candidates:
        return None
    position = _queue_position(min(candidates, key=_queue_position))
    due = [e for e in candidates if _queue_position(e) == position]
    crowd = Counter(t for e in bank if _queue_position(e) == position for t in e.topics)
    most = max(_crowd(e, crowd) for e in due)
    return rng.choice(sorted((e for e in due if _crowd(e, crowd) == most), key=lambda e: e.id))


def _crowd(entry: BankEntry, crowd: Counter[str]) -> int:
    """How many questions due as soon as this one share a topic with it (0 for a question on no
    topic: it fits any game, so it is kept for when the others run out)."""
    return max((crowd[t] for t in entry.topics), default=0)


def _queue_position(entry: BankEntry) -> tuple[bool, float]:
    return (entry.last_asked is not None, entry.last_asked or 0.0)


def playable_rounds(bank: Sequence[BankEntry], rounds: int, rng: random.Random) -> int:
    """How many of ``rounds`` questions a game can ask from ``bank`` without two sharing a topic."""
    asked: list[int] = []
    topics: set[str] = set()
    for played in range(rounds):
        entry = pick_next(bank, rng, asked=asked, asked_topics=topics)
        if entry is None:
            return played
        asked.append(entry.id)
        topics.update(entry.topics)
    return rounds


def shuffled_choices(question: Question, rng: random.Random) -> tuple[str, ...]:
    """The buttons, in the order shown: none for typed-only questions, True before False."""
    if question.form == "typed":
        return ()
    choices = [question.answer, *question.wrong]
    if question.form == "true_false":
        return tuple(
            sorted(choices, key=lambda c: (c not in TRUE_FALSE, TRUE_FALSE.index(c) if c in TRUE_FALSE else 0))
        )
    rng.shuffle(choices)
    return tuple(choices)


class ClickOutcome(enum.Enum):
    ACCEPTED = "accepted"
    ALREADY_ANSWERED = "already"
    CLOSED = "closed"  # the question has been revealed (or the game stopped)
    CLOSE_SPELLING = "close"  # typed: nearly right; not counted, may try again
    INVALID = "invalid"  # a choice that is not on this question


@dataclass(frozen=True, slots=True)
class Judgement:
    outcome: ClickOutcome
    given: str = ""
    correct: bool = False
    elapsed_s: float = 0.0


@dataclass(slots=True)
class LiveRound:
    """The question now open in one game, as the click path needs it."""

    game_id: int
    guild_id: int
    channel_id: int
    season: int
    kind: str  # 'game' | 'daily'
    round_no: int
    rounds: int
    question: Question
    choices: tuple[str, ...]
    started_at: float  # unix seconds
    deadline: float
    timer_s: float  # the speed bonus's scale, in real seconds
    message_id: int | None = None
    answered: set[int] = field(default_factory=set)
    closed: bool = False
    mode: str = "solo"  # see bot/trivia/formats.py
    players: frozenset[int] = frozenset()  # a duel's two members (nobody else answers); empty: anyone
    hinted: set[int] = field(default_factory=set)  # members who took this question's hint

    def may_answer(self, user_id: int) -> bool:
        return not self.players or user_id in self.players

    @property
    def correct_index(self) -> int | None:
        try:
            return self.choices.index(self.question.answer)
        except ValueError:
            return None

    def judge_choice(self, user_id: int, index: int, now: float) -> Judgement:
        if self.closed:
            return Judgement(ClickOutcome.CLOSED)
        if user_id in self.answered:
            return Judgement(ClickOutcome.ALREADY_ANSWERED)
        if not 0 <= index < len(self.choices):
            return Judgement(ClickOutcome.INVALID)
        given = self.choices[index]
        return Judgement(ClickOutcome.ACCEPTED, given, index == self.correct_index, self._elapsed(now))

    def judge_text(self, user_id: int, text: str, now: float) -> Judgement:
        if self.closed:
            return Judgement(ClickOutcome.CLOSED)
        if user_id in self.answered:
            return Judgement(ClickOutcome.ALREADY_ANSWERED)
        verdict = judge_typed(text, self.question.accepted_answers, kind=self.question.answer_kind)
        if verdict is Verdict.CLOSE:
            return Judgement(ClickOutcome.CLOSE_SPELLING)
        return Judgement(ClickOutcome.ACCEPTED, text.strip(), verdict is Verdict.CORRECT, self._elapsed(now))

    def _elapsed(self, now: float) -> float:
        return max(now - self.started_at, 0.0)


def daily_due(now: datetime, hour: int, last_date: str | None) -> date | None:
    """The UTC date whose daily question should be posted now, or None.

    A day's question is due from ``hour`` o'clock UTC that day, once: ``last_date`` (stored in the
    database) is the last day posted, so a restart never posts a day twice. A slot missed while the bot
    was offline is posted once when it comes back: today's if the hour has passed, else yesterday's if
    that was the one slot missed (after a longer gap, or a schedule just set, the next slot is waited for).
    """
    today = now.date()
    try:
        last = date.fromisoformat(last_date) if last_date else None
    except ValueError:
        last = None
    if now.hour >= hour:
        return today if last is None or last < today else None
    yesterday = today - timedelta(days=1)
    return yesterday if last == yesterday - timedelta(days=1) else None


def next_daily_at(day: date, hour: int) -> datetime:
    """When the question after ``day``'s is due (UTC): its result is shown then."""
    return datetime.combine(day + timedelta(days=1), time(hour), tzinfo=UTC)
