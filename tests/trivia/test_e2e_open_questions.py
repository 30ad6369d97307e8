"""Issue 19, item 3: a question open on this server (a game's round, or today's daily question)
can't be practised or looked up until it is revealed: a forged practice click on its id, /report's
autocomplete and a report of it give nothing of it away."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest

from bot.trivia.timing import TriviaTiming
from standin import BotEnv
from tests.backends import state_sql
from tests.hostile.test_e2e_buttons import forged_click
from tests.trivia._support import only_ask, start_game, wait_posts

pytestmark = pytest.mark.both_backends


@pytest.fixture
async def env(make_env, timing: TriviaTiming) -> BotEnv:
    return await make_env(extensions=["cogs.trivia", "cogs.reports"])


async def open_questions(env: BotEnv) -> list[tuple[int, str, str]]:
    """(id, prompt, answer) of the questions open on the server now."""
    rows = await state_sql(env).fetch(
        "SELECT q.id, q.prompt, q.answer FROM games g JOIN game_rounds r ON r.game_id = g.id"
        " AND r.round_no = g.current_round JOIN questions q ON q.id = r.question_id"
        " WHERE g.guild_id = ? AND g.status = 'running' AND NOT r.revealed",
        env.guild.id,
    )
    return [(r["id"], r["prompt"], r["answer"]) for r in rows]


async def open_a_game_and_the_daily_question(env: BotEnv, clock) -> None:
    channel = env.guild.channel("trivia")
    await env.bot.guild_settings.update(env.guild.id, daily_channel_id=channel.id, daily_hour=9)
    clock.now = datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
    assert await env.bot.get_cog("Trivia").run_daily_once() == 1
    await wait_posts(env, 1)
    await start_game(env, env.member("host"), channel="general", rounds=3, timer=60)


async def test_a_forged_practice_click_does_not_reveal_an_open_question(env: BotEnv, clock) -> None:
    """The issue's reproduction: trivia:q:<open id>:1:0 on the member's own practice message showed
    "**Answer:** ..." privately; the daily question stays open for 24 hours."""
    await open_a_game_and_the_daily_question(env, clock)
    opened = await open_questions(env)
    assert len(opened) == 2
    fan = env.member("fan")
    since = time.time()
    practice = (await env.slash("trivia question", member=fan)).message
    await practice_recorded(env, practice, since)
    for question_id, _, _answer in opened:
        for choice in range(4):
            custom_id = f"trivia:q:{question_id}:1:{choice}"
            result = await env._send(forged_click(env, practice, custom_id, fan, env.guild), 5, source=practice)
            assert "**Answer:**" not in result.text, (custom_id, result.text)
            assert result.ephemeral and "being asked on this server right now" in result.text, result.text


async def test_practice_never_asks_an_open_question(env: BotEnv, clock) -> None:
    """Three community questions, nothing else: one opens in the game, one is the daily question,
    and practice, which asks the server's least recently asked, asks only the third."""
    mod = env.member("mod", manage_guild=True)
    for prompt, answer in (
        ("Who runs the diner?", "Luke"),
        ("Who runs the inn?", "Lorelai"),
        ("Who sells maps?", "Kirk"),
    ):
        opened = await env.slash("trivia custom add", member=mod)
        await env.submit_modal(opened, {"question": prompt, "answer": answer, "wrong": "Taylor\nBabette"})
    await only_ask(env, "community:")
    await open_a_game_and_the_daily_question(env, clock)
    opened = {prompt for _, prompt, _ in await open_questions(env)}
    for n in range(12):
        since = time.time()
        practice = await env.slash("trivia question", member=env.member(f"fan-{n}"))
        assert not any(prompt in practice.text for prompt in opened), practice.text
        await practice_recorded(env, practice.message, since)


async def practice_recorded(env: BotEnv, practice, since: float) -> None:
    """A practice question's ask is written after its answer: wait for it (so that the test does not
    end, and its database go, under that write)."""
    question_id = int(practice.buttons[0]["custom_id"].split(":")[2])
    for _ in range(250):
        if await state_sql(env).fetch(
            "SELECT 1 FROM question_asks WHERE guild_id = ? AND question_id = ? AND asked_at >= ?",
            env.guild.id,
            question_id,
            since,
        ):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the practice question was not recorded")


async def test_reports_neither_list_nor_take_an_open_question(env: BotEnv, clock) -> None:
    """/report's autocomplete gave any member the open question's id (and a moderator who reported
    it could read its answer in /config reports)."""
    await open_a_game_and_the_daily_question(env, clock)
    fan = env.member("fan")
    for question_id, prompt, _ in await open_questions(env):
        words = prompt.split("\n")[0][:30]
        offered = await env.autocomplete("report", focused="item", value=words, member=fan, kind="question")
        assert str(question_id) not in [choice["value"] for choice in offered], (prompt, offered)
        refused = await env.slash("report", member=fan, kind="question", item=str(question_id), reason="Looks wrong")
        assert refused.ephemeral and "being asked on this server right now" in refused.text, refused.text
    assert not await state_sql(env).fetch("SELECT 1 FROM reports")
