"""Visible scoring and the reveal's words: /help explains the rules, a reveal with no answer or no
right one says so plainly, skipping the last question does not promise another."""

from __future__ import annotations

from bot.trivia.scoring import DEFAULT_RULE
from standin import BotEnv
from tests.trivia._support import only_form, right_and_wrong, start_game, wait_posts, wait_revealed


async def test_help_explains_the_scoring_in_a_server(make_env) -> None:
    env = await make_env(extensions=["cogs.help", "cogs.trivia"])
    result = await env.slash("help", member=env.member("fan"))
    assert result.ephemeral and len(result.content) <= 2000
    scoring = next(line for line in result.content.splitlines() if line.startswith("**Trivia scoring**"))
    rule = DEFAULT_RULE
    for words in (
        f"a right answer earns {rule.base} points",
        f"up to {rule.speed_max} more for speed",
        f"a streak bonus of {rule.streak_step} for each right answer in a row before it (at most {rule.streak_cap})",
        f"A hint costs {rule.hint_cost}",
        f"a wrong click in the first {rule.early_window_s:g} seconds costs {rule.early_wrong_penalty}",
    ):
        assert words in scoring, words
    assert "Trivia scoring" not in (await env.slash("help", dm=True)).content, "no trivia outside servers"


async def test_a_reveal_says_nobody_answered_and_a_wrong_click_says_what_it_cost(trivia_env: BotEnv) -> None:
    env = trivia_env
    fan = env.member("fan", nick="Lane")
    await only_form(env, "choice")
    _, question = await start_game(env, fan, rounds=2, timer=10)
    await wait_revealed(env, question)
    assert "Nobody answered this one." in question.text and "Got it" not in question.text
    assert "(0 of 0)" not in question.text
    second = (await wait_posts(env, 2))[1]
    _, wrong = right_and_wrong(env, second)
    await env.click(second, wrong, member=fan)  # at once: within the first 2 seconds of the question
    await wait_revealed(env, second)
    field = second.embeds[0]["fields"][0]
    assert field["name"] == "Nobody got it"
    assert field["value"] == "Lane \N{MINUS SIGN}10 (a wrong click in the first 2 s)\nThe only answer was wrong."


async def test_skipping_the_last_question_says_the_game_is_over(trivia_env: BotEnv) -> None:
    env = trivia_env
    host = env.member("host")
    _, question = await start_game(env, host, rounds=1, timer=60)
    skip = next(b["custom_id"] for b in question.buttons if b["custom_id"].startswith("trivia:skip:"))
    skipped = await env.click(question, skip, member=host)
    assert skipped.text == "Skipped: the answer is shown now, and that was the last question."
