"""Skip: the member who started a game, or a moderator, reveals the open question at once and the game
moves on; points already earned stay; anyone else is refused; it works after a restart too."""

from __future__ import annotations

import asyncio
import time

from standin import BotEnv
from tests.trivia._support import (
    game_id_of,
    live_round,
    only_choice,
    posted,
    right_and_wrong,
    start_game,
    wait_posts,
    wait_revealed,
)


def skip_id(message) -> str:
    return next(b["custom_id"] for b in message.buttons if b["custom_id"].startswith("trivia:skip:"))


async def test_the_starter_skips_a_question_and_the_game_moves_on(trivia_env: BotEnv) -> None:
    """The reveal comes at once (the round had seconds left), names who skipped, keeps the points of
    whoever answered first, and the next question follows."""
    env = trivia_env
    host, fan = env.member("host", nick="Lorelai"), env.member("fan", nick="Lane")
    await only_choice(env)  # a question with a right and a wrong button to click
    _, question = await start_game(env, host, rounds=2, timer=60, category="people")
    assert skip_id(question) == f"trivia:skip:{game_id_of(question)}:1"
    right, _ = right_and_wrong(env, question)
    assert "Locked in" in (await env.click(question, right, member=fan)).text
    deadline = live_round(env, question).deadline

    skipped = await env.click(question, skip_id(question), member=host)
    assert skipped.ephemeral and "Skipped" in skipped.text
    await wait_revealed(env, question, within=3)
    assert time.time() < deadline - 1, "revealed at once, not at the deadline"
    assert "Skipped by Lorelai." in question.text and "Got it: 1 of 1" in question.text
    second = (await wait_posts(env, 2))[1]
    assert second.embeds[0]["title"] == "Question 2 of 2"
    row = await env.bot.db.fetch_one("SELECT points, correct FROM scores WHERE user_id = ?", (fan.id,))
    assert row["correct"] == 1 and row["points"] >= 100


async def test_only_the_starter_or_a_moderator_may_skip(trivia_env: BotEnv) -> None:
    """Another member is refused privately and the question stays open; a moderator (Manage Server,
    checked at click time) may skip a game someone else started."""
    env = trivia_env
    host, fan, mod = env.member("host"), env.member("fan"), env.member("mod", manage_guild=True)
    _, question = await start_game(env, host, rounds=1, timer=60, category="people")

    refused = await env.click(question, skip_id(question), member=fan)
    assert refused.ephemeral and "Only the member who started this game or a moderator" in refused.text
    assert not live_round(env, question).closed

    assert "Skipped" in (await env.click(question, skip_id(question), member=mod)).text
    await wait_revealed(env, question, within=3)
    assert not any(b["custom_id"].startswith("trivia:skip:") for b in question.buttons), "the reveal removes Skip"


async def test_skip_works_after_a_restart(trivia_env: BotEnv) -> None:
    """The button is a dynamic item and the game resumes with its starter: Skip still answers."""
    env = trivia_env
    host = env.member("host", nick="Lorelai")
    _, question = await start_game(env, host, rounds=2, timer=60, category="people")
    for _ in range(100):  # the question's message id is stored just after it is posted
        row = await env.bot.db.fetch_one("SELECT message_id FROM game_rounds WHERE round_no = 1")
        if row["message_id"]:
            break
        await asyncio.sleep(0.02)
    await env.restart_bot()
    assert "Skipped" in (await env.click(question, skip_id(question), member=host)).text
    await wait_revealed(env, question, within=3)
    assert "Skipped by Lorelai." in question.text


async def test_a_skipped_question_cannot_be_skipped_again(trivia_env: BotEnv) -> None:
    """A Skip click that arrives after the reveal (two moderators at once) is told so; the next round
    is untouched."""
    env = trivia_env
    host = env.member("host")
    _, question = await start_game(env, host, rounds=2, timer=60, category="people")
    payload = env.click_payload(question, skip_id(question), member=host)
    assert "Skipped" in (await env.click(question, skip_id(question), member=host)).text
    late = await env._send(payload, 5, source=question)  # the same click, sent again
    assert late.ephemeral and "revealed already" in late.text
    second = (await wait_posts(env, 2))[1]
    assert not live_round(env, second).closed


async def test_a_twenty_round_game_skipped_through_never_repeats_a_question(trivia_env: BotEnv) -> None:
    """Twenty questions, each skipped by its starter: every round is revealed with the skip noted, the
    game finishes with its standings, and no question is asked twice."""
    env = trivia_env
    host = env.member("host")
    await start_game(env, host, rounds=20, timer=60)
    asked = []
    for round_no in range(1, 21):
        message = posted(env)[round_no - 1]
        asked.append(live_round(env, message).question.id)
        await env.click(message, skip_id(message), member=host)
        await wait_revealed(env, message, within=3)
        await wait_posts(env, round_no + 1)
    assert "Final standings" in posted(env)[-1].text
    assert len(set(asked)) == 20
