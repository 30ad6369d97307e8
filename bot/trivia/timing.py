"""Trivia's clocks and pacing, in one injectable object.

Production uses the defaults. Tests swap in a fake wall clock (for the daily schedule and "this week")
and shrink a round's timer (``/trivia start timer:10`` still means ten seconds to the player, and the
option keeps its 10-60 range; only the real time a "second" takes is scaled).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class TriviaTiming:
    clock: Callable[[], datetime] = utc_now  # timezone-aware UTC wall clock
    timer_scale: float = 1.0  # real seconds per second of a round's timer
    reveal_pause_s: float = 4.0  # between a reveal and the next question, before scaling
    daily_check_s: float = 60.0  # how often the daily schedule is looked at
    late_grace_s: float = 1.5  # a click this long after the deadline still counts, before scaling
    team_wait_s: float = 60.0  # a team game's wait for players before its first question, before scaling
    duel_wait_s: float = 300.0  # how long a duel's challenge stands, before scaling

    def seconds(self, timer_seconds: float) -> float:
        """Real seconds for ``timer_seconds`` of game time."""
        return timer_seconds * self.timer_scale


DEFAULT_TIMING = TriviaTiming()
