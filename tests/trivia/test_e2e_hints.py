"""The Hint button: private, costs a right answer 50 points (shown on the reveal), leaves two choices
(with their buttons) or shows a typed answer's letters, answers after a restart, and follows
/config trivia hints."""

from __future__ import annotations

import dataclasses

import pytest

from bot.client import CompanionBot
from bot.trivia.hints import letters
from bot.trivia.timing import TriviaTiming
from standin import BotEnv, CallbackType
from tests.backends import state_sql
from tests.trivia._support import (
    button_ids,
    click_forged,
    live_round,
    only_form,
    right_and_wrong,
    start_game,
    wait_posts,
    wait_revealed,
)

# A hint taken is stored (so that it still costs after a restart): both backends.
pytestmark = pytest.mark.both_backends


@pytest.fixture
async def hint_env(make_env, timing: TriviaTiming, monkeypatch: pytest.MonkeyPatch) -> BotEnv:
    """Hints on; rounds long enough (10 s -> 2 s) to take a hint and answer, or restart, in one."""
    monkeypatch.setattr(CompanionBot, "trivia_timing", dataclasses.replace(timing, timer_scale=0.2), raising=False)
    env = await make_env(extensions=["cogs.trivia", "cogs.config"])
    mod = env.member("mod", manage_guild=True)
    saved = await env.slash("config trivia", member=mod, hints=True)
    assert "hints on" in saved.text
    return env


async def test_a_hint_leaves_two_choices_privately_and_costs_a_right_answer_50(hint_env: BotEnv) -> None:
    env = hint_env
    fan, friend = env.member("fan", nick="Lane"), env.member("friend", nick="Paris")
    await only_form(env, "choice", choices=4)
    _, question = await start_game(env, fan, rounds=1, timer=10)
    live = live_round(env, question)
    [hint_id] = button_ids(question, "trivia:h:")
    assert hint_id == f"trivia:h:{live.game_id}:1"
    assert "Hint" not in question.embeds[0]["description"], "nothing of the answer is printed for everyone"

    hint = await env.click(question, hint_id, member=fan)
    assert hint.ephemeral and hint.content.startswith("**Hint:** it's **") and "50 points less" in hint.text
    answers = button_ids(hint.message, "trivia:a:")
    letters_left = [b["label"][0] for b in hint.buttons]
    assert hint.content.startswith(f"**Hint:** it's **{letters_left[0]}** or **{letters_left[1]}**.")
    right, _ = right_and_wrong(env, question)
    assert len(answers) == 2 and right in answers, "the right choice and one wrong one stay"
    again = await env.click(question, hint_id, member=fan)
    assert button_ids(again.message, "trivia:a:") == answers, "the same two, and no second cost"

    locked = await env.click(hint.message, right, member=fan)  # answered from the hint itself
    assert locked.ephemeral and "Locked in" in locked.text
    assert "already answered" in (await env.click(question, hint_id, member=fan)).text
    await env.click(question, right, member=friend)
    await wait_revealed(env, question)
    got = question.embeds[0]["fields"][0]["value"]
    fan_line = next(line for line in got.splitlines() if line.startswith("Lane "))
    friend_line = next(line for line in got.splitlines() if line.startswith("Paris "))
    assert "\N{MINUS SIGN} 50 hint" in fan_line and "hint" not in friend_line
    rows = await state_sql(env).fetch("SELECT user_id, points, hint_cost FROM answers ORDER BY user_id")
    by_user = {r["user_id"]: r for r in rows}
    assert by_user[fan.id]["hint_cost"] == 50 and by_user[friend.id]["hint_cost"] == 0
    assert f"+{by_user[fan.id]['points']}" in fan_line


async def test_a_typed_question_hints_its_letters_and_keeps_the_cost_across_a_restart(hint_env: BotEnv) -> None:
    env = hint_env
    fan = env.member("fan", nick="Lane")
    await only_form(env, "typed")
    _, question = await start_game(env, fan, rounds=1, timer=10)
    live = live_round(env, question)
    [hint_id] = button_ids(question, "trivia:h:")
    hint = await env.click(question, hint_id, member=fan)
    assert hint.ephemeral and f"`{letters(live.question.answer)}`" in hint.text
    assert button_ids(hint.message, "trivia:t:") == [f"trivia:t:{live.game_id}:1"], "answer from the hint"

    await env.restart_bot()

    opened = await env.click(hint.message, f"trivia:t:{live.game_id}:1", member=fan)
    assert opened.type == CallbackType.MODAL
    typed = await env.submit_modal(opened, {"answer": live.question.answer})
    assert "Locked in" in typed.text
    await wait_revealed(env, question, within=15)
    row = await state_sql(env).fetchrow("SELECT correct, hint_cost FROM answers WHERE user_id = ?", fan.id)
    assert row["correct"] and row["hint_cost"] == 50, "the hint taken before the restart still counts"


async def test_no_hint_button_with_hints_off_and_true_false_questions_have_none(hint_env: BotEnv) -> None:
    env = hint_env
    fan, mod = env.member("fan"), env.guild.members["mod"]
    await only_form(env, "true_false")
    _, question = await start_game(env, fan, rounds=1, timer=10)
    assert button_ids(question, "trivia:h:") == []
    await wait_posts(env, 2)  # its standings: the game is over
    await env.slash("config trivia", member=mod, hints=False)
    await state_sql(env).execute("DELETE FROM retired_items")
    await only_form(env, "choice", choices=4)
    _, question = await start_game(env, fan, rounds=1, timer=10)
    assert button_ids(question, "trivia:h:") == []
    live = live_round(env, question)
    forged = await click_forged(env, question, f"trivia:h:{live.game_id}:1", fan)
    assert forged.ephemeral and forged.text == "Hints are off on this server."
    assert await state_sql(env).fetch("SELECT 1 FROM hints") == []
