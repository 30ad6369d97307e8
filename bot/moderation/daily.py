"""``/config daily``: when the first daily question of a new schedule goes out.

The trivia feature posts the question for a UTC day from ``daily_hour`` that day, once, when
``daily_last_date`` is earlier than that day (``bot.trivia.game.daily_due``); a day missed while the
bot was offline is posted when it comes back. So a new schedule must say which day counts as the last
one posted: today when today's question was really posted, or when today's hour has already passed
(the first question goes out tomorrow, not at once); else yesterday (the first goes out today at the
hour, and an old date does not make it "missed").

What was really posted is the day of the server's latest daily question, not the stored date: that
may only say "not today", written by an earlier change of schedule. (Moving 21:00 to 22:00 at 21:13,
with nothing posted today, used to skip today.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DailyPlan:
    last_date: str | None  # the value to store in guild_settings.daily_last_date
    first_post: dt.datetime  # UTC


def plan_daily(now: dt.datetime, hour: int, posted: str | None) -> DailyPlan:
    """``now`` is timezone-aware; ``posted`` is the ``YYYY-MM-DD`` of the last daily question really
    posted on the server, or None."""
    if not 0 <= hour <= 23:
        raise ValueError("hour must be 0-23")
    now = now.astimezone(dt.UTC)
    today = now.date()
    slot_today = dt.datetime.combine(today, dt.time(hour), tzinfo=dt.UTC)
    if posted == today.isoformat() or now >= slot_today:
        return DailyPlan(today.isoformat(), slot_today + dt.timedelta(days=1))
    return DailyPlan((today - dt.timedelta(days=1)).isoformat(), slot_today)
