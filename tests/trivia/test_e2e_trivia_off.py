"""Issue 19, item 7: turning trivia off mid-game ends running games cleanly (the open round
revealed, the standings posted), and moderators can always stop or skip a game."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.trivia.timing import TriviaTiming
from standin import BotEnv
from tests.hostile.test_e2e_buttons import forged_click
from tests.trivia._support import (
    answer_ids,
    only_choice,
    posted,
    start_game,
    wait_game_status,
    wait_posts,
    wait_revealed,
)

pytestmark = pytest.mark.both_backends


@pytest.fixture
async def env(make_env, timing: TriviaTiming) -> BotEnv:
    return await make_env(extensions=["cogs.trivia", "cogs.config"])


async def test_turning_trivia_off_ends_the_game_with_its_round_revealed_and_standings(env: BotEnv) -> None:
    """The issue's reproduction: after /config cog trivia false, "Question 3 of 4" was still posted
    and members' clicks were refused. Now the open question is revealed at once, the standings
    follow, and nothing more is asked."""
    await only_choice(env)
    mod, fan = env.member("mod", manage_guild=True), env.member("fan", nick="Lane")
    _, question = await start_game(env, mod, rounds=4, timer=60)
    buttons = answer_ids(question)
    await env.click(question, buttons[0], member=fan)
    off = await env.slash("config cog", member=mod, name="trivia", enabled=False)
    assert off.ephemeral
    await wait_revealed(env, question, within=5)
    assert "Moderators turned trivia off" in question.text
    _, standings = await wait_posts(env, 2, within=5)
    assert "Lane" in standings.text and "Moderators turned trivia off" in standings.text
    await wait_game_status(env, "stopped")
    assert len(posted(env)) == 2, [m.text[:60] for m in posted(env)]
    late_fan = env.member("late")  # a click from a screen that still shows the buttons
    late = await env._send(forged_click(env, question, buttons[1], late_fan, env.guild), 5, source=question)
    assert late.ephemeral and "has ended" in late.text, late.text


async def test_turning_trivia_off_reveals_the_daily_question(env: BotEnv, clock) -> None:
    """The daily question stays open for a day: turning trivia off reveals it and ends it."""
    await only_choice(env)
    mod = env.member("mod", manage_guild=True)
    await env.bot.guild_settings.update(env.guild.id, daily_channel_id=env.guild.channel("trivia").id, daily_hour=9)
    clock.now = datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
    assert await env.bot.get_cog("Trivia").run_daily_once() == 1
    [daily] = await wait_posts(env, 1)
    await env.slash("config cog", member=mod, name="trivia", enabled=False)
    await wait_revealed(env, daily, within=5)
    await wait_game_status(env, "finished")


async def test_moderators_stop_and_skip_a_game_whatever_the_switch_says(env: BotEnv) -> None:
    """A game still running while trivia is off (turned off by another process of the bot, or
    elsewhere than /config): /trivia stop and Skip answered "Moderators turned trivia off"."""
    await only_choice(env)
    mod, host = env.member("mod", manage_guild=True), env.member("host")
    _, question = await start_game(env, host, rounds=3, timer=60)
    await start_game(env, host, channel="general", rounds=3, timer=60)
    await env.bot.guild_settings.set_feature(env.guild.id, "trivia", False)  # not through /config
    skip = next(b["custom_id"] for b in question.buttons if b["custom_id"].startswith("trivia:skip:"))
    skipped = await env.click(question, skip, member=mod)
    assert "turned trivia off" not in skipped.text and "Skipped" in skipped.text, skipped.text
    await wait_revealed(env, question, within=5)
    stopped = await env.slash("trivia stop", member=mod, channel="general")
    assert stopped.text == "Mod stopped the game. Points earned so far are kept.", stopped.text


async def test_stopping_the_bot_right_after_trivia_is_turned_off_still_ends_the_game(env: BotEnv) -> None:
    """The bot stopped (a deploy, SIGTERM) just after /config cog trivia false: the games' ending
    ran in an event handler that nothing waited for, so the database closed under it ("another
    operation is in progress" on PostgreSQL), the error was logged and the game was left running.
    Stopping now waits for the ending: the round is revealed, and the fixture's check finds no
    logged error."""
    await only_choice(env)
    mod = env.member("mod", manage_guild=True)
    _, question = await start_game(env, mod, rounds=4, timer=60)
    off = await env.slash("config cog", member=mod, name="trivia", enabled=False)
    assert off.ephemeral
    await env.stop()
    assert "Moderators turned trivia off" in question.text, question.text
    await env.start()
    await wait_game_status(env, "stopped")
