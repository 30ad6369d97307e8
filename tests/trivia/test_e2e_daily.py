"""The daily question's window: revealed in place when it closes (whether or not a next one is
posted), daily streaks on the reveal and in /trivia stats, and a schedule moved later the same day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from standin import BotEnv
from tests.backends import state_sql
from tests.trivia._support import cog, only_form, posted, right_and_wrong, wait_posts

pytestmark = pytest.mark.both_backends


@pytest.fixture
async def daily_env(make_env, timing) -> BotEnv:
    env = await make_env(extensions=["cogs.trivia", "cogs.config"])
    channel = env.guild.channel("trivia")
    await env.bot.guild_settings.update(env.guild.id, daily_channel_id=channel.id, daily_hour=9)
    await only_form(env, "choice")
    return env


async def post_day(env: BotEnv, clock, day: int) -> None:
    clock.now = datetime(2024, 5, day, 9, 1, tzinfo=UTC)
    assert await cog(env).run_daily_once() == 1


async def test_the_window_closes_with_the_answer_in_place_even_with_no_next_question(daily_env: BotEnv, clock) -> None:
    env = daily_env
    fan = env.member("fan", nick="Lane")
    await post_day(env, clock, 2)
    [daily] = await wait_posts(env, 1)
    right, _ = right_and_wrong(env, daily)
    await env.click(daily, right, member=fan)
    await env.bot.guild_settings.update(env.guild.id, daily_channel_id=None, daily_hour=None)  # turned off

    clock.now = datetime(2024, 5, 3, 8, 59, tzinfo=UTC)
    assert await cog(env).run_daily_once() == 0
    assert "**Answer:**" not in daily.text, "still open until its window closes"
    clock.now = datetime(2024, 5, 3, 9, 0, tzinfo=UTC)
    assert await cog(env).run_daily_once() == 0
    assert "**Answer:**" in daily.text and "Lane +" in daily.text and "daily streak: 1 day" in daily.text
    assert daily.embeds[0]["title"] == "Daily question · answer"
    assert len(posted(env)) == 1, "edited in place; nothing new posted"
    game = await state_sql(env).fetchrow("SELECT status, day FROM games WHERE kind = 'daily'")
    assert (game["status"], game["day"]) == ("finished", "2024-05-02")


async def test_daily_streaks_on_the_reveal_and_in_stats(daily_env: BotEnv, clock) -> None:
    env = daily_env
    fan, friend = env.member("fan", nick="Lane"), env.member("friend", nick="Paris")
    for day in (1, 2, 3):
        await post_day(env, clock, day)
        daily = (await wait_posts(env, day))[-1]
        right, wrong = right_and_wrong(env, daily)
        await env.click(daily, right, member=fan)
        await env.click(daily, wrong if day == 2 else right, member=friend)
    clock.now = datetime(2024, 5, 4, 9, 0, tzinfo=UTC)
    await cog(env).run_daily_once()
    last = posted(env)[2]
    assert "Lane +" in last.text and "daily streak: 3 days" in last.text
    assert "Paris +" in last.text and "daily streak: 1 day" in last.text
    stats = await env.slash("trivia stats", member=fan)
    fields = {f["name"]: f["value"] for f in stats.embed["fields"]}
    assert fields["Daily question streak"] == "3 days now · best 3"
    theirs = await env.slash("trivia stats", member=fan, options={"member": friend})
    assert {f["name"]: f["value"] for f in theirs.embed["fields"]}["Daily question streak"] == "1 day now · best 1"


async def test_moving_the_hour_later_the_same_evening_still_posts_today(daily_env: BotEnv, clock) -> None:
    """Issue 18: set for 21:00 at 21:05 (too late for today), moved to 22:00 at 21:13 with nothing
    posted today: the first question is today at 22:00, and it is posted then."""
    env = daily_env
    mod = env.member("mod", manage_guild=True)
    channel = env.guild.channel("trivia")
    clock.now = datetime(2026, 12, 7, 21, 5, tzinfo=UTC)
    first = await env.slash("config daily on", member=mod, options={"channel": channel, "hour": 21})
    tomorrow_21 = int(datetime(2026, 12, 8, 21, 0, tzinfo=UTC).timestamp())
    assert f"<t:{tomorrow_21}:F>" in first.text
    clock.now = datetime(2026, 12, 7, 21, 13, tzinfo=UTC)
    moved = await env.slash("config daily on", member=mod, options={"channel": channel, "hour": 22})
    assert f"<t:{int(datetime(2026, 12, 7, 22, 0, tzinfo=UTC).timestamp())}:F>" in moved.text
    assert await cog(env).run_daily_once() == 0
    clock.now = datetime(2026, 12, 7, 22, 0, tzinfo=UTC)
    assert await cog(env).run_daily_once() == 1
    clock.now = datetime(2026, 12, 7, 22, 30, tzinfo=UTC)
    again = await env.slash("config daily on", member=mod, options={"channel": channel, "hour": 23})
    assert f"<t:{int(datetime(2026, 12, 8, 23, 0, tzinfo=UTC).timestamp())}:F>" in again.text, "posted today already"
