"""Issue 18's rules in plain Python: hints, what a right answer costs after one, typed questions'
pacing, who wins a format, daily streaks and a new daily schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.db.trivia_formats_repo import count_streaks
from bot.moderation.daily import plan_daily
from bot.trivia.formats import Result, final_result, target_reached, team_to_join, team_totals
from bot.trivia.game import TYPED_MIN_S, daily_due, round_seconds
from bot.trivia.hints import has_hint, kept_choices, letters
from bot.trivia.models import Standing
from bot.trivia.scoring import ScoringRule
from tests.trivia.test_game_rules import question


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ("jerk", "j···"),
        ("Amy Sherman-Palladino", "A·· S······-P········"),
        ("2017", "2···"),
        ("Lorelai's mom", "L······'· m··"),
        ("A Year in the Life", "A Y··· i· t·· L···"),
    ],
)
def test_a_typed_hint_shows_first_letters_and_lengths(answer: str, shown: str) -> None:
    assert letters(answer) == shown
    assert len(letters(answer)) == len(answer)


def test_a_choice_hint_leaves_the_answer_and_one_wrong_choice_for_everyone() -> None:
    choices = ("Scott Patterson", "Milo Ventimiglia", "Alexis Bledel", "Lauren Graham")
    seen = set()
    for seed in range(40):
        kept = kept_choices(choices, "Milo Ventimiglia", f"7:{seed}")
        assert len(kept) == 2 and 1 in kept and kept == tuple(sorted(kept))
        assert kept == kept_choices(choices, "Milo Ventimiglia", f"7:{seed}"), "the same two every time"
        seen.add(kept)
    assert len(seen) == 3, "which wrong choice stays depends on the round, not always the same one"
    assert kept_choices(("Milo", "Scott", "Alexis"), "Milo", "1:1")[0] == 0
    assert kept_choices(("True", "False"), "True", "1:1") == ()
    assert kept_choices(("a", "b", "c"), "z", "1:1") == ()


def test_which_questions_have_a_hint() -> None:
    assert has_hint("typed", ())
    assert has_hint("choice", ("a", "b", "c"))
    assert not has_hint("true_false", ("True", "False"))


def test_a_hint_costs_part_of_a_right_answer_only() -> None:
    rule = ScoringRule()
    right = rule.points(correct=True, elapsed_s=4.0, timer_s=20.0, streak_before=2)
    hinted = rule.points(correct=True, elapsed_s=4.0, timer_s=20.0, streak_before=2, hinted=True)
    assert right - hinted == rule.hint_cost == 50
    assert rule.points(correct=False, elapsed_s=4.0, timer_s=20.0, streak_before=2, hinted=True) == 0
    parts = rule.parts(elapsed_s=4.0, timer_s=20.0, hinted=True)
    assert (parts.right, parts.speed, parts.hint, parts.wrong) == (100 + 40 - 50, 40, 50, 0)
    assert rule.parts(elapsed_s=1.0, timer_s=20.0).wrong == -10


def test_a_typed_question_gets_at_least_25_seconds() -> None:
    typed = question(form="typed")
    assert round_seconds(typed, 10) == TYPED_MIN_S == 25
    assert round_seconds(typed, 40) == 40
    assert round_seconds(question(), 10) == 10, "buttons keep the game's timer"


def standings(*points: int) -> list[Standing]:
    return [Standing(user, None, p, rank=n) for n, (user, p) in enumerate(zip(range(1, 99), points, strict=False), 1)]


def test_who_joins_which_team() -> None:
    assert team_to_join({}) == "A"
    assert team_to_join({1: "A"}) == "B"
    assert team_to_join({1: "A", 2: "B"}) == "A"
    assert team_to_join({1: "B", 2: "B", 3: "A"}) == "A"


def test_team_totals_add_up_members_and_list_those_who_never_answered() -> None:
    teams = {1: "A", 2: "B", 3: "A", 9: "B"}
    first, second = team_totals(standings(150, 140, 30), teams)
    assert (first.team, first.points, first.members) == ("A", 180, (1, 3))
    assert (second.team, second.points, second.members) == ("B", 140, (2, 9))
    assert [t.team for t in team_totals([], {})] == ["A", "B"]


def test_a_target_is_reached_by_a_member_or_a_team() -> None:
    assert target_reached(standings(290, 100), None, 300) is None
    assert target_reached(standings(300, 100), None, 300) == Result(winner_id=1, reached_target=True)
    assert target_reached(standings(300), None, None) is None
    assert target_reached(standings(200, 150), {1: "A", 2: "B", 3: "B"}, 300) is None
    teams = {1: "A", 2: "B", 3: "B"}
    assert target_reached(standings(200, 150, 150), teams, 300) == Result(winner_team="B", reached_target=True)


def test_who_wins_a_game_that_ran_its_course() -> None:
    assert final_result("solo", standings(300, 200), None) == Result(winner_id=1)
    assert final_result("solo", standings(200, 200), None).draw
    assert final_result("solo", [], None).draw
    assert final_result("teams", standings(100, 150), {1: "A", 2: "B"}) == Result(winner_team="B")
    assert final_result("teams", standings(100, 100), {1: "A", 2: "B"}).draw
    # A duel: the better of its two members, even when one never answered (0 points).
    assert final_result("duel", standings(120), None, [1, 2]) == Result(winner_id=1)
    assert final_result("duel", standings(-10), None, [1, 2]) == Result(winner_id=2)
    assert final_result("duel", standings(100, 100), None, [1, 2]).draw


def test_a_daily_streak_ends_with_a_question_missed_or_wrong() -> None:
    days = [10, 11, 12, 13]
    right = {(10, 1), (11, 1), (13, 1), (10, 2), (11, 2), (12, 2), (13, 2)}
    streaks = count_streaks(days, right, [1, 2, 3])
    assert (streaks[1].current, streaks[1].best) == (1, 2)
    assert (streaks[2].current, streaks[2].best) == (4, 4)
    assert (streaks[3].current, streaks[3].best) == (0, 0)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, 7, hour, minute, tzinfo=dt.UTC)


def test_moving_the_hour_later_the_same_evening_still_posts_today() -> None:
    """The issue's case: 21:00 set after 21:00 (today counted as done, nothing posted), then moved to
    22:00 at 21:13: the first question is today at 22:00, not 2026-12-08."""
    set_late = plan_daily(at(21, 5), 21, None)
    assert set_late.first_post == at(21) + dt.timedelta(days=1) and set_late.last_date == "2026-12-07"
    moved = plan_daily(at(21, 13), 22, None)  # nothing was posted today
    assert moved.first_post == at(22)
    assert daily_due(at(21, 59), 22, moved.last_date) is None
    assert daily_due(at(22), 22, moved.last_date) == at(22).date()


def test_moving_the_hour_after_todays_question_waits_for_tomorrow() -> None:
    moved = plan_daily(at(21, 13), 22, "2026-12-07")  # today's was posted at 21:00
    assert moved.first_post == at(22) + dt.timedelta(days=1)
    assert daily_due(at(22, 30), 22, moved.last_date) is None
