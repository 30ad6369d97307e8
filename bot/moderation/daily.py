"""``/config daily``: when the first daily question of a new schedule goes out.

The trivia feature posts a server's daily question once per UTC date, at or after ``daily_hour``,
when ``daily_last_date`` is not today. A new schedule set after today's hour has passed marks today
as done, so the first question goes out tomorrow at that hour rather than at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DailyPlan:
    last_date: str | None  # the value to store in guild_settings.daily_last_date
    first_post: dt.datetime  # UTC


def plan_daily(now: dt.datetime, hour: int, last_date: str | None) -> DailyPlan:
    """``now`` is timezone-aware; ``last_date`` is the stored ``YYYY-MM-DD`` or None."""
    if not 0 <= hour <= 23:
        raise ValueError("hour must be 0-23")
    now = now.astimezone(dt.UTC)
    today = now.date()
    slot_today = dt.datetime.combine(today, dt.time(hour), tzinfo=dt.UTC)
    if last_date == today.isoformat() or now >= slot_today:
        return DailyPlan(today.isoformat(), slot_today + dt.timedelta(days=1))
    return DailyPlan(last_date, slot_today)
