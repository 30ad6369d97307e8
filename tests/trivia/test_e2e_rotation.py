"""Rotation through the real client: games on one server ask fresh questions on different topics, and
practice questions carry on where the games left off."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import pytest

from bot.client import CompanionBot
from bot.trivia.timing import TriviaTiming
from standin import BotEnv
from tests.trivia._support import posted, start_game, wait_posts

ROUNDS = 20


@pytest.fixture
async def fast_env(make_env, timing: TriviaTiming, monkeypatch: pytest.MonkeyPatch) -> BotEnv:
    """Rounds of a few hundredths of a second: two full 20-round games in a few seconds."""
    fast = dataclasses.replace(timing, timer_scale=0.004, reveal_pause_s=0.0)
    monkeypatch.setattr(CompanionBot, "trivia_timing", fast, raising=False)
    return await make_env(extensions=["cogs.trivia"])


async def asked_in(env: BotEnv, game_id: int) -> list[tuple[int, str, list[str]]]:
    rows = await env.bot.db.fetch_all(
        "SELECT q.id, q.key, q.topics FROM game_rounds r JOIN questions q ON q.id = r.question_id"
        " WHERE r.game_id = ? ORDER BY r.round_no",
        (game_id,),
    )
    return [(r["id"], r["key"], json.loads(r["topics"])) for r in rows]


async def play_a_whole_game(env: BotEnv, starter: str, before: int) -> int:
    """/trivia start with 20 rounds; returns the game's id once its final standings are posted."""
    started, _ = await start_game(env, env.member(starter), rounds=ROUNDS, timer=10)
    assert f"{ROUNDS} questions" in started.text
    messages = await wait_posts(env, before + ROUNDS + 1, within=60)
    assert messages[-1].embeds[0]["title"] == "Final standings"
    row = await env.bot.db.fetch_one("SELECT id, status, current_round FROM games ORDER BY id DESC LIMIT 1")
    assert (row["status"], row["current_round"]) == ("finished", ROUNDS)
    return row["id"]


async def test_two_full_games_ask_forty_fresh_questions_on_different_topics(fast_env: BotEnv) -> None:
    """On one server, two 20-round games never ask a question twice, no game asks two questions about
    the same quote, fact or person, and a practice question then comes from those not yet asked."""
    env = fast_env
    first = await asked_in(env, await play_a_whole_game(env, "fan", 0))
    second = await asked_in(env, await play_a_whole_game(env, "friend", len(posted(env))))
    for game in (first, second):
        topics = [t for _, _, game_topics in game for t in game_topics]
        assert len(topics) == len(set(topics)), "two questions of one game share a topic"
    keys = [key for _, key, _ in first + second]
    assert len(keys) == len(set(keys)) == 2 * ROUNDS, "a question came back before the bank was used up"

    asked = {question_id for question_id, _, _ in first + second}
    fresh_with_buttons = await env.bot.db.fetch_all(
        "SELECT id FROM questions WHERE guild_id IS NULL AND active = 1 AND form != 'typed'"
    )
    assert {r["id"] for r in fresh_with_buttons} - asked, "the bank has questions left to practise on"
    practice = await env.slash("trivia question", member=env.member("neighbour"))
    question_id = int(next(b["custom_id"] for b in practice.buttons).split(":")[2])
    assert question_id not in asked, "practice takes the server's least recently asked question"
    for _ in range(100):  # noted just after the answer went out
        recorded = await env.bot.db.fetch_one(
            "SELECT COUNT(*) AS n FROM question_asks WHERE guild_id = ?", (env.guild.id,)
        )
        if recorded["n"] == 2 * ROUNDS + 1:
            break
        await asyncio.sleep(0.02)
    assert recorded["n"] == 2 * ROUNDS + 1, "the practice question moved to the back of the queue"
