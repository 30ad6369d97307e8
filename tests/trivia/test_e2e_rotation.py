"""Rotation through the real client: games on one server ask fresh questions on different topics, and
practice questions carry on where the games left off."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import pytest

from bot.client import CompanionBot
from bot.trivia.timing import TriviaTiming
from standin import BotEnv, Member
from tests.trivia._support import live_round, posted, start_game, wait_posts, wait_revealed

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


@pytest.fixture
async def skip_env(make_env, timing: TriviaTiming, monkeypatch: pytest.MonkeyPatch) -> BotEnv:
    """Real-length rounds (a 60 s timer lasts 60 s), so only Skip moves a game on; a short pause
    between a reveal and the next question."""
    paced = dataclasses.replace(timing, timer_scale=1.0, reveal_pause_s=0.05)
    monkeypatch.setattr(CompanionBot, "trivia_timing", paced, raising=False)
    return await make_env(extensions=["cogs.trivia"])


async def play_by_skipping(env: BotEnv, host: Member, player: Member) -> int:
    """A 20-round game in which ``player`` answers each question and ``host`` then skips it."""
    before = len(posted(env))
    _, question = await start_game(env, host, rounds=ROUNDS, timer=60)
    for round_no in range(1, ROUNDS + 1):
        assert question.embeds[0]["title"] == f"Question {round_no} of {ROUNDS}"
        live = live_round(env, question)
        if live.correct_index is not None:  # a choice or true/false question: answer it right
            answered = await env.click(
                question, f"trivia:a:{live.game_id}:{round_no}:{live.correct_index}", member=player
            )
            assert "Locked in" in answered.text
        skip = next(b["custom_id"] for b in question.buttons if b["custom_id"].startswith("trivia:skip:"))
        assert "Skipped" in (await env.click(question, skip, member=host)).text
        await wait_revealed(env, question, within=5)
        question = (await wait_posts(env, before + round_no + 1, within=5))[-1]
    assert question.embeds[0]["title"] == "Final standings"
    row = await env.bot.db.fetch_one("SELECT id, status FROM games ORDER BY id DESC LIMIT 1")
    assert row["status"] == "finished"
    return row["id"]


async def test_two_twenty_round_games_moved_on_by_skip_never_repeat_or_share_a_topic(skip_env: BotEnv) -> None:
    """Issue 9's measure: two 20-round games on one server, each question skipped by the game's
    starter after a member answered: no question repeats, no two questions of a game share a topic,
    and the points earned before each skip stay."""
    env = skip_env
    lane, paris = env.member("lane"), env.member("paris")
    first = await asked_in(env, await play_by_skipping(env, env.member("host"), lane))
    second = await asked_in(env, await play_by_skipping(env, env.member("mod", manage_guild=True), paris))
    for game in (first, second):
        assert len(game) == ROUNDS
        topics = [t for _, _, game_topics in game for t in game_topics]
        assert len(topics) == len(set(topics)), "two questions of one game share a topic"
    keys = [key for _, key, _ in first + second]
    assert len(set(keys)) == 2 * ROUNDS, "a question came back"
    scores = await env.bot.db.fetch_all("SELECT user_id, correct FROM scores WHERE guild_id = ?", (env.guild.id,))
    assert {r["user_id"] for r in scores if r["correct"] > 0} == {lane.id, paris.id}
