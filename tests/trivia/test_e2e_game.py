"""A trivia game through the real client: start, answer by button or typed, reveal, standings, stop."""

from __future__ import annotations

import re

import pytest

from bot.trivia.matching import Verdict, judge_typed
from standin import BotEnv, CallbackType
from tests.backends import state_sql
from tests.trivia._support import (
    answer_ids,
    live_round,
    only_ask,
    only_choice,
    posted,
    right_and_wrong,
    start_game,
    wait_posts,
    wait_revealed,
)

# Run with the server state in SQLite, then in PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_backends


async def scores(env: BotEnv, user_id: int):
    return await state_sql(env).fetchrow(
        "SELECT points, answered, correct FROM scores WHERE guild_id = ? AND user_id = ?", env.guild.id, user_id
    )


async def test_a_game_asks_reveals_and_ends_with_standings(trivia_env: BotEnv) -> None:
    """Buttons with a live deadline; answers locked in ephemerally; the reveal names who got it,
    how fast, the evidence and the source; the game ends with final standings."""
    env = trivia_env
    fan, friend = env.member("fan", nick="Lane"), env.member("friend", nick="Paris")
    await only_choice(env)
    started, question = await start_game(env, fan, rounds=1, timer=10, category="people")
    assert "1 question" in started.text and fan.display_name in started.text
    description = question.embeds[0]["description"]
    assert re.search(r"<t:\d+:R>", description), "the deadline is a live relative timestamp"
    assert question.embeds[0]["title"] == "Question 1 of 1"
    assert 3 <= len(answer_ids(question)) <= 4
    right, wrong = right_and_wrong(env, question)

    locked = await env.click(question, right, member=fan)
    assert locked.ephemeral and "Locked in" in locked.text
    missed = await env.click(question, wrong, member=friend)
    assert missed.ephemeral and "Locked in" in missed.text

    question_id = live_round(env, question).question.id
    await wait_revealed(env, question)
    revealed = question.text
    assert "Got it: 1 of 2" in revealed and f"{fan.display_name} +" in revealed and " speed" in revealed
    assert "Where it comes from" in revealed and "Source: Milo Ventimiglia" in revealed
    assert [b["custom_id"] for b in question.buttons] == [f"report:question:{question_id}"]
    [standings] = (await wait_posts(env, 2))[1:]
    assert standings.embeds[0]["title"] == "Final standings"
    assert standings.text.index(fan.display_name) < standings.text.index(friend.display_name)
    fan_score, friend_score = await scores(env, fan.id), await scores(env, friend.id)
    assert fan_score["points"] >= 100 and fan_score["correct"] == 1
    assert friend_score["correct"] == 0 and friend_score["points"] <= 0
    game = await state_sql(env).fetchrow(
        "SELECT status FROM games WHERE channel_id = ?", env.guild.channel("trivia").id
    )
    assert game["status"] == "finished"


async def test_a_second_click_changes_nothing(trivia_env: BotEnv) -> None:
    """Each member answers once: the second click is told so, and the score is untouched."""
    env = trivia_env
    fan = env.member("fan", nick="Lane")
    await only_choice(env)
    _, question = await start_game(env, fan, rounds=1, timer=10, category="people")
    right, wrong = right_and_wrong(env, question)
    first = await env.click(question, right, member=fan)
    again = await env.click(question, wrong, member=fan)
    assert "Locked in" in first.text
    assert again.ephemeral and "already answered" in again.text
    assert (await scores(env, fan.id))["answered"] == 1


async def test_a_typed_answer_goes_through_the_modal(trivia_env: BotEnv) -> None:
    """'Type answer' opens a modal; a near miss is 'close' and does not use the answer up; the right
    text (any case, an alias) is locked in, and then buttons say 'already answered'."""
    env = trivia_env
    fan = env.member("fan", nick="Lane")
    await only_ask(env, "curated:relationship")  # buttons, and the missing word may be typed
    _, question = await start_game(env, fan, rounds=1, timer=10, category="quotes")
    live = live_round(env, question)
    type_id = f"trivia:t:{live.game_id}:{live.round_no}"
    opened = await env.click(question, type_id, member=fan)
    assert opened.type == CallbackType.MODAL
    answer = live.question.answer
    near_miss = next(
        guess
        for guess in (answer[:-1], answer[:-2], answer[:-3], answer + "xy")
        if judge_typed(guess, live.question.accepted_answers, kind=live.question.answer_kind) is Verdict.CLOSE
    )
    near = await env.submit_modal(opened, {"answer": near_miss})
    assert near.ephemeral and "Close!" in near.text
    opened = await env.click(question, type_id, member=fan)
    typed = await env.submit_modal(opened, {"answer": answer.upper()})
    assert typed.ephemeral and "Locked in" in typed.text
    right, _ = right_and_wrong(env, question)
    assert "already answered" in (await env.click(question, right, member=fan)).text
    assert (await scores(env, fan.id))["correct"] == 1


async def test_stop_by_the_starter_keeps_points(trivia_env: BotEnv) -> None:
    """The member who started the game can stop it; points so far are kept, standings are posted."""
    env = trivia_env
    fan = env.member("fan", nick="Lane")
    await only_choice(env)
    _, question = await start_game(env, fan, rounds=5, timer=60, category="people")
    right, _ = right_and_wrong(env, question)
    await env.click(question, right, member=fan)
    stopped = await env.slash("trivia stop", member=fan, channel="trivia")
    assert not stopped.ephemeral and stopped.text == "Lane stopped the game. Points earned so far are kept."
    await wait_revealed(env, question)
    assert "stopped" not in question.text, "the command's answer says so, once"
    [standings] = (await wait_posts(env, 2))[1:]
    assert standings.embeds[0]["title"] == "Standings" and fan.display_name in standings.text
    assert "stopped" not in standings.text.lower()
    assert (await scores(env, fan.id))["correct"] == 1
    game = await state_sql(env).fetchrow("SELECT status FROM games")
    assert game["status"] == "stopped"


async def test_stop_by_someone_else_is_refused_unless_moderator(trivia_env: BotEnv) -> None:
    """A member without Manage Server cannot stop another's game; a moderator can."""
    env = trivia_env
    starter, other = env.member("fan", nick="Lane"), env.member("other", nick="Kirk")
    moderator = env.member("mod", manage_guild=True, nick="Taylor")
    await only_choice(env)
    _, question = await start_game(env, starter, rounds=3, timer=60, category="people")
    refused = await env.slash("trivia stop", member=other, channel="trivia")
    assert refused.ephemeral and "started this game or a moderator" in refused.text
    assert (await state_sql(env).fetchrow("SELECT status FROM games"))["status"] == "running"
    stopped = await env.slash("trivia stop", member=moderator, channel="trivia")
    assert stopped.text == f"{moderator.display_name} stopped the game. Points earned so far are kept."
    await wait_revealed(env, question)
    await wait_posts(env, 2)  # the standings come after the game ended
    assert (await state_sql(env).fetchrow("SELECT status FROM games"))["status"] == "stopped"


async def test_two_channels_run_two_games_at_once(trivia_env: BotEnv) -> None:
    """Games in two channels keep their own questions, answers and reveals."""
    env = trivia_env
    fan, friend = env.member("fan", nick="Lane"), env.member("friend", nick="Paris")
    await only_choice(env)
    _, first = await start_game(env, fan, "trivia", rounds=1, timer=10, category="people")
    _, second = await start_game(env, friend, "general", rounds=1, timer=10, category="people")
    assert live_round(env, first).game_id != live_round(env, second).game_id
    right_one, _ = right_and_wrong(env, first)
    _, wrong_two = right_and_wrong(env, second)
    assert "Locked in" in (await env.click(first, right_one, member=fan)).text
    assert "Locked in" in (await env.click(second, wrong_two, member=fan)).text
    await wait_revealed(env, first)
    await wait_revealed(env, second)
    assert "Got it: 1 of 1" in first.text and "Nobody got it" in second.text
    assert "The only answer was wrong." in second.text
    await wait_posts(env, 2, "trivia")
    await wait_posts(env, 2, "general")


async def test_a_second_start_points_to_the_running_game(trivia_env: BotEnv) -> None:
    """One game per channel: a second /trivia start there links to the running game's question."""
    env = trivia_env
    fan = env.member("fan", nick="Lane")
    await only_choice(env)
    _, question = await start_game(env, fan, rounds=2, timer=60, category="people")
    again = await env.slash("trivia start", member=env.member("friend"), channel="trivia")
    assert again.ephemeral and "already running" in again.text
    assert f"https://discord.com/channels/{env.guild.id}/{question.channel_id}/{question.id}" in again.text
    assert len(posted(env)) == 1


async def test_server_settings_shape_the_question(trivia_env: BotEnv) -> None:
    """Spoilers hide quotes and the answer; hints are a button, not printed on the question; typed
    answers can be off."""
    env = trivia_env
    await env.bot.guild_settings.update(env.guild.id, spoilers=True, hints=True, typed_answers=False)
    await only_ask(env, "curated:a-jerk")  # a quote in the prompt, a blank to hint at
    fan = env.member("fan")
    _, question = await start_game(env, fan, rounds=1, timer=10, category="quotes")
    description = question.embeds[0]["description"]
    assert "> ||" in description, "the quote is behind a spoiler"
    assert "Hint" not in description and "·" not in description.split("\n\n")[-1]
    assert [b for b in question.buttons if b["custom_id"].startswith("trivia:h:")]
    assert not [b for b in question.buttons if b["custom_id"].startswith("trivia:t:")]
    await wait_revealed(env, question)
    assert "**Answer:** ||" in question.embeds[0]["description"]


async def test_community_questions_join_the_bank_and_say_so(trivia_env: BotEnv) -> None:
    """A moderator's question for this server is asked there and marked as a community question."""
    env = trivia_env
    await state_sql(env).execute(
        "INSERT INTO questions (key, guild_id, category, form, prompt, answer, wrong)"
        " VALUES (?, ?, 'community', 'choice', 'What does Luke serve? *coffee*', 'Coffee', '[\"Tea\", \"Pie\"]')",
        f"community:{env.guild.id}:1",
        env.guild.id,
    )
    _, question = await start_game(env, env.member("fan"), rounds=1, timer=10, category="community")
    assert "Community question" in question.text
    assert "\\*coffee\\*" in question.embeds[0]["description"], "moderators' text is shown literally"
    await wait_revealed(env, question)
    assert "Community question, written by this server's moderators" in question.text


async def test_custom_questions_live_under_trivia(trivia_env: BotEnv) -> None:
    """/trivia custom (moderation's group) is attached under /trivia."""
    [trivia] = [c for c in env_commands(trivia_env) if c["name"] == "trivia"]
    names = {option["name"] for option in trivia["options"]}
    assert {"start", "stop", "question", "leaderboard", "stats", "custom"} <= names


def env_commands(env: BotEnv) -> list[dict]:
    return env.standin.commands_for(env.guild.id)


async def test_out_of_range_rounds_or_timer_start_nothing(trivia_env: BotEnv) -> None:
    """A client that ignores the synced 1-20 / 10-60 ranges gets a short refusal and no game."""
    env = trivia_env
    fan = env.member("fan")
    for options in ({"rounds": 500}, {"rounds": 0}, {"timer": 1}, {"timer": 3600}):
        refused = await env.slash("trivia start", member=fan, channel="trivia", validate=False, **options)
        assert refused.ephemeral and refused.content.startswith("Pick a number from"), options
    assert await state_sql(env).fetch("SELECT 1 FROM games") == []
    assert posted(env) == []


async def test_a_community_question_in_cyrillic_is_answered_by_typing(trivia_env: BotEnv) -> None:
    """A server's typed-only question whose answer is not in Latin letters: the exact answer counts
    (any case), another name in the same script does not."""
    env = trivia_env
    mod = env.member("mod", manage_guild=True, nick="Taylor")
    opened = await env.slash("trivia custom add", member=mod)
    saved = await env.submit_modal(
        opened, {"question": "Как зовут маму Рори?", "answer": "Лорелай", "wrong": "", "explanation": ""}
    )
    assert saved.ephemeral and "Community question #1" in saved.text
    fan, friend = env.member("fan", nick="Lane"), env.member("friend", nick="Paris")
    _, question = await start_game(env, fan, rounds=1, timer=10, category="community")
    live = live_round(env, question)
    assert live.question.form == "typed" and live.question.answer == "Лорелай"
    type_id = f"trivia:t:{live.game_id}:{live.round_no}"
    typed = await env.submit_modal(await env.click(question, type_id, member=fan), {"answer": "ЛОРЕЛАЙ"})
    assert typed.ephemeral and "Locked in" in typed.text
    missed = await env.submit_modal(await env.click(question, type_id, member=friend), {"answer": "Рори"})
    assert missed.ephemeral and "Locked in" in missed.text
    await wait_revealed(env, question)
    assert "Got it: 1 of 2" in question.text and fan.display_name in question.text
    assert (await scores(env, fan.id))["correct"] == 1
    assert (await scores(env, friend.id))["correct"] == 0
