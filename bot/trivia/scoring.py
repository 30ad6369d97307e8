"""How many points an answer is worth. Documented in docs/commands.md ("Trivia scoring"), summed up
by ``/help`` and explained answer by answer on every reveal.

A right answer earns ``base`` points plus a speed bonus that falls linearly from ``speed_max`` (an
instant answer) to 0 (at the deadline), plus ``streak_step`` for every right answer already in the
member's current streak (capped at ``streak_cap``), minus ``hint_cost`` when the member took the
question's hint. A wrong answer earns nothing, except that a wrong click within ``early_window_s`` of
the question appearing costs ``early_wrong_penalty`` (no button-mashing). The streak counts
consecutive right answers on the server this season; a wrong answer resets it.

The streak lives in the database, so the repository applies the streak part inside the one INSERT
that records the answer (:meth:`ScoringRule.parts`); :meth:`ScoringRule.points` is the same rule in
plain Python, and a test holds the two together.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AnswerParts:
    """An answer's points before the streak bonus, which only the database knows."""

    right: int  # if right: base + speed - hint (the INSERT adds the streak bonus)
    wrong: int  # if wrong: 0 or the early-click penalty
    speed: int  # the speed bonus a right answer gets
    hint: int  # what the hint costs a right answer (0 without one)


@dataclass(frozen=True, slots=True)
class ScoringRule:
    base: int = 100
    speed_max: int = 50
    streak_step: int = 10
    streak_cap: int = 50
    early_wrong_penalty: int = 10
    early_window_s: float = 2.0
    hint_cost: int = 50

    def speed_bonus(self, elapsed_s: float, timer_s: float) -> int:
        if timer_s <= 0:
            return 0
        remaining = min(max(1.0 - elapsed_s / timer_s, 0.0), 1.0)
        return round(self.speed_max * remaining)

    def streak_bonus(self, streak_before: int) -> int:
        return min(self.streak_cap, self.streak_step * max(streak_before, 0))

    def wrong_points(self, elapsed_s: float) -> int:
        return -self.early_wrong_penalty if elapsed_s < self.early_window_s else 0

    def points(
        self, *, correct: bool, elapsed_s: float, timer_s: float, streak_before: int, hinted: bool = False
    ) -> int:
        if not correct:
            return self.wrong_points(elapsed_s)
        hint = self.hint_cost if hinted else 0
        return self.base + self.speed_bonus(elapsed_s, timer_s) + self.streak_bonus(streak_before) - hint

    def parts(self, *, elapsed_s: float, timer_s: float, hinted: bool = False) -> AnswerParts:
        """The values of the repository's single INSERT, which adds ``MIN(streak_cap, streak_step *
        streak)`` to ``right`` when the answer is right."""
        speed, hint = self.speed_bonus(elapsed_s, timer_s), self.hint_cost if hinted else 0
        return AnswerParts(self.base + speed - hint, self.wrong_points(elapsed_s), speed, hint)


DEFAULT_RULE = ScoringRule()
