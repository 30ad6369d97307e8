"""How many points an answer is worth. Documented in docs/commands.md ("Trivia scoring").

A right answer earns ``base`` points plus a speed bonus that falls linearly from ``speed_max`` (an
instant answer) to 0 (at the deadline), plus ``streak_step`` for every right answer already in the
member's current streak (capped at ``streak_cap``). A wrong answer earns nothing, except that a wrong
click within ``early_window_s`` of the question appearing costs ``early_wrong_penalty`` (no
button-mashing). The streak counts consecutive right answers on the server this season; a wrong answer
resets it.

The streak lives in the database, so the repository applies the streak part inside the one INSERT
that records the answer (:meth:`ScoringRule.sql_parts`); :meth:`ScoringRule.points` is the same rule in
plain Python, and a test holds the two together.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScoringRule:
    base: int = 100
    speed_max: int = 50
    streak_step: int = 10
    streak_cap: int = 50
    early_wrong_penalty: int = 10
    early_window_s: float = 2.0

    def speed_bonus(self, elapsed_s: float, timer_s: float) -> int:
        if timer_s <= 0:
            return 0
        remaining = min(max(1.0 - elapsed_s / timer_s, 0.0), 1.0)
        return round(self.speed_max * remaining)

    def streak_bonus(self, streak_before: int) -> int:
        return min(self.streak_cap, self.streak_step * max(streak_before, 0))

    def wrong_points(self, elapsed_s: float) -> int:
        return -self.early_wrong_penalty if elapsed_s < self.early_window_s else 0

    def points(self, *, correct: bool, elapsed_s: float, timer_s: float, streak_before: int) -> int:
        if not correct:
            return self.wrong_points(elapsed_s)
        return self.base + self.speed_bonus(elapsed_s, timer_s) + self.streak_bonus(streak_before)

    def sql_parts(self, *, elapsed_s: float, timer_s: float) -> tuple[int, int]:
        """(points before the streak bonus, points if wrong) for the repository's single INSERT, which
        adds ``MIN(streak_cap, streak_step * streak)`` to the first when the answer is right."""
        return self.base + self.speed_bonus(elapsed_s, timer_s), self.wrong_points(elapsed_s)


DEFAULT_RULE = ScoringRule()
