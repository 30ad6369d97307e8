"""Games survive a restart; a game that cannot go on ends cleanly and keeps its points."""

from __future__ import annotations

import dataclasses

import pytest

from bot.client import CompanionBot
from bot.db import Database
from bot.trivia.timing import TriviaTiming
from standin import BotEnv
from tests.trivia._support import (
    only_choice,
    posted,
    right_and_wrong,
    start_game,
    wait_game_status,
    wait_posts,
    wait_revealed,
)


@pytest.fixture
async def slow_env(make_env, timing: TriviaTiming, monkeypatch: pytest.MonkeyPatch) -> BotEnv:
    """Rounds long enough (10 s -> 1.5 s) to restart the bot in the middle of one."""
    monkeypatch.setattr(CompanionBot, "trivia_timing", dataclasses.replace(timing, timer_scale=0.15), raising=False)
    return await make_env(extensions=["cogs.trivia"])


async def test_after_a_restart_the_same_buttons_work_and_the_game_goes_on(slow_env: BotEnv) -> None:
    """Mid-question restart: the posted buttons still answer (and still refuse a second answer), the
    reveal comes at the stored deadline and the next question follows."""
    env = slow_env
    fan, friend = env.member("fan", nick="Lane"), env.member("friend", nick="Paris")
    await only_choice(env)
    _, question = await start_game(env, fan, rounds=2, timer=10, category="people")
    right, wrong = right_and_wrong(env, question)
    assert "Locked in" in (await env.click(question, right, member=fan)).text

    await env.restart_bot()

    assert "already answered" in (await env.click(question, wrong, member=fan)).text
    assert "Locked in" in (await env.click(question, wrong, member=friend)).text
    await wait_revealed(env, question)
    assert "Got it: 1 of 2" in question.text and "Lane +" in question.text
    second = (await wait_posts(env, 2))[1]
    right, _ = right_and_wrong(env, second)
    assert "Locked in" in (await env.click(second, right, member=friend)).text
    standings = (await wait_posts(env, 3, within=15))[2]
    assert standings.embeds[0]["title"] == "Final standings"
    assert "Lane" in standings.text and "Paris" in standings.text


async def test_a_click_on_a_game_that_did_not_resume_says_it_ended(trivia_env: BotEnv) -> None:
    """Where a game cannot go on after a restart, its buttons answer "this game has ended" and the
    points earned stay."""
    env = trivia_env
    fan = env.member("fan", nick="Lane")
    await only_choice(env)
    _, question = await start_game(env, fan, rounds=3, timer=60, category="people")
    right, _ = right_and_wrong(env, question)
    await env.click(question, right, member=fan)
    await env.stop()
    async with Database(env.db_path) as db:  # it could not be resumed (e.g. ended by hand meanwhile)
        await db.write("UPDATE games SET status = 'abandoned'")
    await env.start()
    ended = await env.click(question, right, member=env.member("friend"))
    assert ended.ephemeral and "This game has ended" in ended.text
    row = await env.bot.db.fetch_one("SELECT correct FROM scores WHERE user_id = ?", (fan.id,))
    assert row["correct"] == 1


async def test_a_deleted_channel_ends_the_game_cleanly(trivia_env: BotEnv) -> None:
    """The channel disappears mid-game: the game is marked abandoned and logged, without errors."""
    env = trivia_env
    await only_choice(env)
    await start_game(env, env.member("fan"), rounds=3, timer=10, category="people")
    del env.guild.channels["trivia"]
    await wait_game_status(env, "abandoned")
    assert not env.logged_errors


async def test_losing_the_send_permission_ends_the_game_cleanly(trivia_env: BotEnv) -> None:
    """Discord refuses the next question (403): the game ends as abandoned, no error reaches anyone."""
    env = trivia_env
    await only_choice(env)
    _, question = await start_game(env, env.member("fan"), rounds=3, timer=10, category="people")
    env.fail_next("POST /channels/*/messages", status=403)
    await wait_revealed(env, question)
    await wait_game_status(env, "abandoned")
    assert len(posted(env)) == 1
