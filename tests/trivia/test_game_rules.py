"""Game rules in plain Python: picking questions, the choices shown, judging, scoring, the daily clock."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, date, datetime

import pytest

from bot.trivia.game import (
    ClickOutcome,
    LiveRound,
    daily_due,
    next_daily_at,
    pick_next,
    playable_rounds,
    shuffled_choices,
)
from bot.trivia.models import BankEntry, Question
from bot.trivia.scoring import ScoringRule


def entry(i: int, *topics: str, asked: float | None = None) -> BankEntry:
    return BankEntry(i, f"curated:{i}", "quotes", "choice", topics, asked)


def question(**changes) -> Question:
    base = {
        "id": 1,
        "key": "played-by:milo",
        "category": "people",
        "form": "choice",
        "prompt": "Who plays Jess?",
        "answer": "Milo Ventimiglia",
        "wrong": ("Scott Patterson", "Alexis Bledel", "Lauren Graham"),
        "accepted": ("Milo", "Ventimiglia"),
        "answer_kind": "name",
    }
    return Question(**(base | changes))


def live(q: Question | None = None, *, kind: str = "game") -> LiveRound:
    q = q or question()
    return LiveRound(1, 10, 20, 1, kind, 1, 5, q, shuffled_choices(q, random.Random(1)), 1000.0, 1020.0, 20.0)


def play(bank: list[BankEntry], rounds: int, rng: random.Random, clock: list[float]) -> list[BankEntry]:
    """One game as the runner plays it: each pick is recorded as asked (the bank moves on)."""
    asked: list[BankEntry] = []
    for _ in range(rounds):
        picked = pick_next(bank, rng, asked=[e.id for e in asked], asked_topics={t for e in asked for t in e.topics})
        if picked is None:
            break
        clock[0] += 1
        bank[bank.index(picked)] = dataclasses.replace(picked, last_asked=clock[0])
        asked.append(picked)
    return asked


def test_a_game_never_asks_two_questions_on_one_topic() -> None:
    """Once every topic is taken the game has nothing left to ask, though questions remain."""
    bank = [entry(1, "quote:a"), entry(2, "quote:a", "fact:b"), entry(3, "fact:b"), entry(4), entry(5, "quote:c")]
    for seed in range(20):
        game = play(list(bank), 5, random.Random(seed), [0.0])
        topics = [t for e in game for t in e.topics]
        assert len(topics) == len(set(topics)), [e.id for e in game]
        assert 3 <= len(game) < 5


def test_a_server_is_asked_every_question_before_any_repeats() -> None:
    """Across games, the least recently asked come first, so no question comes back until all were asked."""
    bank = [entry(i, f"quote:{i}") for i in range(1, 13)]
    rng, clock = random.Random(3), [0.0]
    first_pass = [e.id for _ in range(3) for e in play(bank, 4, rng, clock)]
    assert sorted(first_pass) == list(range(1, 13))
    second_pass = [e.id for _ in range(3) for e in play(bank, 4, rng, clock)]
    assert second_pass == first_pass, "then in the order they were last asked"


def test_a_new_question_joins_the_front_of_the_queue() -> None:
    """A question the server was never asked (a new community question) comes before all others."""
    bank = [entry(1, asked=5.0), entry(2, asked=1.0), entry(3, asked=9.0)]
    assert pick_next(bank, random.Random(1)).id == 2, "the least recently asked"
    assert pick_next([*bank, entry(4)], random.Random(1)).id == 4


def test_topics_are_used_up_evenly() -> None:
    """Among questions never asked, one on the most crowded topic goes first, and a question on no
    topic (it fits any game) goes last: the next games still find fresh questions on new topics."""
    bank = [entry(1, "quote:a"), entry(2, "quote:a"), entry(3, "quote:a"), entry(4, "quote:b"), entry(5)]
    picks = [e.id for e in play(bank, 3, random.Random(2), [0.0])]
    assert picks[0] in (1, 2, 3) and picks[1:] == [4, 5]


def test_playable_rounds_counts_questions_on_different_topics() -> None:
    bank = [entry(1, "quote:a"), entry(2, "quote:a"), entry(3, "quote:b")]
    assert playable_rounds(bank, 5, random.Random(1)) == 2
    assert playable_rounds(bank, 1, random.Random(1)) == 1


def test_empty_bank_gives_nothing() -> None:
    assert pick_next([], random.Random(1)) is None


def test_choices_hold_the_answer_once() -> None:
    """Four shuffled choices, one of them right; true/false shows True then False; typed shows none."""
    choices = shuffled_choices(question(), random.Random(5))
    assert sorted(choices) == sorted([question().answer, *question().wrong])
    tf = question(form="true_false", answer="False", wrong=("True",))
    assert shuffled_choices(tf, random.Random(5)) == ("True", "False")
    assert shuffled_choices(question(form="typed", wrong=()), random.Random(5)) == ()


def test_a_click_is_judged_against_the_shown_choice() -> None:
    """The right button is right, the others wrong; an out-of-range index is invalid."""
    round_ = live()
    right = round_.correct_index
    assert round_.judge_choice(5, right, 1001.0).correct
    assert not round_.judge_choice(5, (right + 1) % 4, 1001.0).correct
    assert round_.judge_choice(5, 9, 1001.0).outcome is ClickOutcome.INVALID


def test_second_answer_and_closed_round_are_refused() -> None:
    """A member who answered is told so; after the reveal nobody can answer."""
    round_ = live()
    round_.answered.add(5)
    assert round_.judge_choice(5, 0, 1001.0).outcome is ClickOutcome.ALREADY_ANSWERED
    assert round_.judge_text(5, "Milo", 1001.0).outcome is ClickOutcome.ALREADY_ANSWERED
    round_.closed = True
    assert round_.judge_choice(6, 0, 1001.0).outcome is ClickOutcome.CLOSED


def test_typed_near_miss_is_not_an_answer() -> None:
    """'close' does not use up the member's answer; right and wrong do."""
    round_ = live()
    assert round_.judge_text(5, "Milo Ventimig", 1001.0).outcome is ClickOutcome.CLOSE_SPELLING
    assert round_.judge_text(5, "ventimiglia", 1001.0).correct
    assert not round_.judge_text(5, "Scott", 1001.0).correct


def test_only_names_characters_and_quotes_can_be_typed() -> None:
    assert question().typeable
    assert not question(answer_kind="year").typeable
    assert question(form="typed", answer_kind=None).typeable


RULE = ScoringRule()


def test_right_answers_earn_more_when_faster_and_on_a_streak() -> None:
    """Base points, a speed bonus falling to nothing at the deadline, a capped streak bonus."""
    assert RULE.points(correct=True, elapsed_s=0, timer_s=20, streak_before=0) == 150
    assert RULE.points(correct=True, elapsed_s=10, timer_s=20, streak_before=0) == 125
    assert RULE.points(correct=True, elapsed_s=20, timer_s=20, streak_before=0) == 100
    assert RULE.points(correct=True, elapsed_s=20, timer_s=20, streak_before=2) == 120
    assert RULE.points(correct=True, elapsed_s=20, timer_s=20, streak_before=99) == 150


def test_a_wrong_click_costs_only_in_the_first_two_seconds() -> None:
    assert RULE.points(correct=False, elapsed_s=0.5, timer_s=20, streak_before=3) == -10
    assert RULE.points(correct=False, elapsed_s=2.5, timer_s=20, streak_before=3) == 0


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "last", "due"),
    [
        (utc(2024, 5, 2, 9), None, None),  # never posted: wait for the hour
        (utc(2024, 5, 2, 12), None, date(2024, 5, 2)),
        (utc(2024, 5, 2, 12, 30), "2024-05-02", None),  # posted today: not again
        (utc(2024, 5, 3, 11), "2024-05-02", None),  # tomorrow, before the hour
        (utc(2024, 5, 3, 12), "2024-05-02", date(2024, 5, 3)),
        (utc(2024, 5, 4, 3), "2024-05-02", date(2024, 5, 3)),  # offline over yesterday's hour: posted now
        (utc(2024, 5, 4, 13), "2024-05-02", date(2024, 5, 4)),  # ... or today's, once the hour has passed
        (utc(2024, 5, 9, 3), "2024-05-02", None),  # a long gap (schedule off): wait for the next hour
        (utc(2024, 5, 5, 3), "garbage", None),
        (utc(2024, 5, 5, 13), "garbage", date(2024, 5, 5)),
    ],
)
def test_daily_question_is_due_once_per_day(now: datetime, last: str | None, due: date | None) -> None:
    """Scheduled from the stored last date: a restart neither skips nor doubles a day."""
    assert daily_due(now, 12, last) == due


def test_next_daily_is_a_day_later_at_the_hour() -> None:
    assert next_daily_at(date(2024, 12, 31), 7) == utc(2025, 1, 1, 7)
