"""Trivia's end-to-end fixtures: the real bot with the trivia extension, a fake wall clock and
shrunken round timers (a 10 s round lasts ``timer_scale`` x 10 s; the option range is unchanged)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.client import CompanionBot
from bot.trivia.timing import TriviaTiming
from standin import BotEnv


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2024, 5, 2, 8, 0, tzinfo=UTC))


@pytest.fixture
def timing(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> TriviaTiming:
    """Every bot built in this test (restarts included) gives its Trivia cog this pacing."""
    pacing = TriviaTiming(clock=clock, timer_scale=0.1, reveal_pause_s=1.0, daily_check_s=3600.0, late_grace_s=0.0)
    monkeypatch.setattr(CompanionBot, "trivia_timing", pacing, raising=False)
    return pacing


@pytest.fixture
async def trivia_env(make_env, timing: TriviaTiming) -> BotEnv:
    return await make_env(extensions=["cogs.trivia"])
