"""The scores CSV (safe in spreadsheets) and the first post of a new daily schedule."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from bot.moderation.daily import plan_daily
from bot.moderation.scores_csv import HEADER, ScoreRow, neutralise_formula, scores_csv
from bot.trivia.game import daily_due


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("＝fullwidth", "'＝fullwidth"),
        ("Rory = Jess", "Rory = Jess"),
        ("", ""),
    ],
)
def test_formula_starts_become_text(name: str, expected: str) -> None:
    assert neutralise_formula(name) == expected


def test_csv_has_header_rows_and_bom() -> None:
    """Rows come out in order, names neutralised, quotes and commas kept intact, no fastest time blank."""
    rows = [
        ScoreRow(2, 11, '=cmd|"/c calc"!A0', 30, 4, 3, 2, 1500),
        ScoreRow(1, 12, 'Lorelai, "Coffee" Gilmore', 10, 2, 1, 1, None),
        ScoreRow(1, 13, None, 0, 1, 0, 0, None),
    ]
    data = scores_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert parsed[0] == list(HEADER)
    assert parsed[1] == ["2", "11", '\'=cmd|"/c calc"!A0', "30", "4", "3", "2", "1500"]
    assert parsed[2] == ["1", "12", 'Lorelai, "Coffee" Gilmore', "10", "2", "1", "1", ""]
    assert parsed[3][2] == ""


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 5, 10, hour, minute, tzinfo=dt.UTC)


def test_daily_before_the_hour_posts_today() -> None:
    """An old last date would make the trivia scheduler post a "missed" day at once: it is moved up."""
    for last in (None, "2024-04-01"):
        plan = plan_daily(at(8, 30), 9, last)
        assert plan.last_date == "2024-05-09" and plan.first_post == at(9)


@pytest.mark.parametrize(
    ("now", "hour", "last"),
    [
        (at(8, 30), 9, None),
        (at(15), 9, None),
        (at(10), 18, "2024-05-10"),
        (at(0), 0, "2024-01-01"),
        (at(23, 59), 0, None),
    ],
)
def test_daily_plan_agrees_with_the_trivia_scheduler(now: dt.datetime, hour: int, last: str | None) -> None:
    """The trivia scheduler posts nothing before the planned first post, and posts at it."""
    plan = plan_daily(now, hour, last)
    assert daily_due(now, hour, plan.last_date) is None  # nothing posted at once
    assert daily_due(plan.first_post, hour, plan.last_date) == plan.first_post.date()
    assert daily_due(plan.first_post - dt.timedelta(minutes=1), hour, plan.last_date) is None


def test_daily_after_the_hour_starts_tomorrow() -> None:
    """Set at 15:00 for 09:00: today counts as done, so nothing is posted at once."""
    plan = plan_daily(at(15), 9, "2024-05-01")
    assert plan.last_date == "2024-05-10" and plan.first_post == at(9) + dt.timedelta(days=1)


def test_daily_already_posted_today_is_not_posted_twice() -> None:
    """Moving the hour later on a day that already had its question does not post a second one."""
    plan = plan_daily(at(10), 18, "2024-05-10")
    assert plan.last_date == "2024-05-10" and plan.first_post == at(18) + dt.timedelta(days=1)


def test_daily_uses_utc_whatever_the_clock_zone() -> None:
    eastern = dt.timezone(dt.timedelta(hours=-4))
    plan = plan_daily(dt.datetime(2024, 5, 10, 4, 30, tzinfo=eastern), 9, None)  # 08:30 UTC
    assert plan.first_post == at(9)
    with pytest.raises(ValueError):
        plan_daily(at(1), 24, None)
