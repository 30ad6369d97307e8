"""Game formats through the real client: played to a target score, Team A against Team B, and a duel
with Accept / Decline; their results in the standings and on the leaderboard; a typed question's
25 seconds; the game's announcement in fans' words."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from bot.client import CompanionBot
from bot.trivia.game import TYPED_MIN_S
from bot.trivia.timing import TriviaTiming
from standin import BotEnv, CallbackType
from tests.backends import state_sql
from tests.trivia._support import (
    button_ids,
    click_forged,
    cog,
    live_round,
    only_form,
    posted,
    right_and_wrong,
    wait_game_status,
    wait_posts,
    wait_revealed,
)

# Teams, results and duel wins are stored: both backends.
pytestmark = pytest.mark.both_backends


async def test_a_game_to_a_target_ends_when_someone_reaches_it(trivia_env: BotEnv) -> None:
    """target:100 — the first right answer reaches it: that reveal ends the game, the standings say
    who won, and the game is stored as finished with its winner."""
    env = trivia_env
    fan, friend = env.member("fan", nick="Lane"), env.member("friend", nick="Paris")
    await only_form(env, "choice")
    started = await env.slash("trivia start", member=fan, channel="trivia", target=100, timer=10)
    assert "a race to 100 points: 20 questions at most" in started.text
    assert "The first player to 100 wins." in started.text
    question = await env.wait_channel_message("trivia", count=1)
    right, wrong = right_and_wrong(env, question)
    await env.click(question, right, member=fan)
    await env.click(question, wrong, member=friend)
    await wait_revealed(env, question)
    assert "**First to 100:** Lane " in question.text, "the race's score on the reveal"
    standings = (await wait_posts(env, 2))[1]
    assert standings.embeds[0]["title"] == "Final standings"
    assert standings.embeds[0]["description"].startswith("\N{TROPHY} **Lane** reached 100 points first and wins!")
    await wait_game_status(env, "finished")
    game = await state_sql(env).fetchrow("SELECT winner_id, target, current_round FROM games")
    assert (game["winner_id"], game["target"], game["current_round"]) == (fan.id, 100, 1)
    assert len(posted(env)) == 2, "no second question"


async def test_a_typed_question_gets_25_seconds_at_a_10_second_timer(trivia_env: BotEnv, timing: TriviaTiming) -> None:
    env = trivia_env
    await only_form(env, "typed")
    started = await env.slash("trivia start", member=env.member("fan"), channel="trivia", rounds=1, timer=10)
    assert "10 seconds to answer (25 for typed answers)" in started.text
    question = await env.wait_channel_message("trivia", count=1)
    live = live_round(env, question)
    assert live.deadline - live.started_at == pytest.approx(timing.seconds(TYPED_MIN_S))


async def test_the_announcement_counts_right(trivia_env: BotEnv) -> None:
    """One question reads "1 question ... to answer", a category in fans' words."""
    env = trivia_env
    started = await env.slash(
        "trivia start", member=env.member("fan", nick="Lane"), rounds=1, timer=15, category="people"
    )
    assert started.text.startswith(
        "**Trivia!** Lane started a game of 1 question about who's who, 15 seconds to answer"
    )


async def test_team_game_lobby_teams_and_totals(trivia_env: BotEnv) -> None:
    """Members pick a team (and may switch) before the first question; only the starter or a
    moderator may start it early; a member who answers without a team joins the smaller one; the
    standings lead with the winning team and both totals; the leaderboard shows the season's team games."""
    env = trivia_env
    host, fan, friend, late = (env.member(n, nick=k) for n, k in (("host", "Lorelai"), ("fan", "Lane"), ("friend", "Paris"), ("late", "Kirk")))  # fmt: skip
    await only_form(env, "choice")
    # A minute to answer, so that five clicks land in time however busy the machine; the host then
    # skips, which reveals at once (1 s rounds failed here under load: a click past the deadline).
    lobby = await env.slash("trivia start", member=host, channel="trivia", teams=True, rounds=1, timer=60)
    assert not lobby.ephemeral and lobby.text.startswith("**Team trivia!**")
    assert "**Team A:** nobody yet" in lobby.text and "Start now" in lobby.text
    game_id = int(button_ids(lobby.message, "trivia:team:")[0].split(":")[2])
    join_a, join_b = f"trivia:team:{game_id}:a", f"trivia:team:{game_id}:b"

    joined = await env.click(lobby, join_a, member=fan)
    assert joined.type == CallbackType.UPDATE_MESSAGE and f"**Team A:** {fan.mention}" in joined.text
    await env.click(lobby, join_a, member=host)
    await env.click(lobby, join_b, member=fan)  # switching is fine before the start
    assert f"**Team A:** {host.mention}" in lobby.text and f"**Team B:** {fan.mention}" in lobby.text
    assert posted(env) == [], "no question before the start"
    refused = await env.click(lobby, f"trivia:go:{game_id}", member=friend)
    assert refused.ephemeral and "started this game or a moderator" in refused.text
    go = await env.click(lobby, f"trivia:go:{game_id}", member=host)
    assert go.type == CallbackType.UPDATE_MESSAGE and "Start now" not in go.text and "Teams are set" in go.text

    question = await env.wait_channel_message("trivia", count=1)
    right, wrong = right_and_wrong(env, question)
    assert "Locked in" in (await env.click(question, right, member=host)).text
    assert "Locked in" in (await env.click(question, right, member=fan)).text
    locked = await env.click(question, wrong, member=late)  # no team yet: joins the smaller one
    assert "You play for Team" in locked.text
    stuck = await env.click(lobby, join_a if "Team B" in locked.text else join_b, member=late)
    assert stuck.ephemeral and "teams are set once it starts" in stuck.text
    assert "Skipped" in (await env.click(question, f"trivia:skip:{game_id}:1", member=host)).text
    await wait_revealed(env, question)
    standings = (await wait_posts(env, 2))[1]
    text = standings.embeds[0]["description"]
    points = {r["user_id"]: r["points"] for r in await state_sql(env).fetch("SELECT user_id, points FROM answers")}
    a = points[host.id] + (points[late.id] if "Team A" in locked.text else 0)
    b = points[fan.id] + (points[late.id] if "Team B" in locked.text else 0)
    assert f"**Score:** Team A {a} · Team B {b}" in question.text, "the teams' score on the reveal"
    assert "Lorelai (Team A) +" in question.text and "Lane (Team B) +" in question.text
    assert f"**Team A** · {a} pts" in text and f"**Team B** · {b} pts" in text
    if a != b:
        assert text.startswith(f"\N{TROPHY} **Team {'A' if a > b else 'B'} wins**")
    board = await env.slash("trivia leaderboard", member=fan)
    teams = next(f for f in board.embed["fields"] if f["name"] == "Team games")["value"]
    assert f"**Team A** · {a} pts · {int(a > b)} win" in teams


async def test_a_team_game_starts_by_itself_and_its_buttons_survive_a_restart(
    make_env, timing: TriviaTiming, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CompanionBot, "trivia_timing", dataclasses.replace(timing, team_wait_s=30.0), raising=False)
    env = await make_env(extensions=["cogs.trivia"])  # the wait: 30 s x 0.1
    host, fan = env.member("host"), env.member("fan")
    lobby = await env.slash("trivia start", member=host, channel="trivia", teams=True, rounds=1, timer=10)
    game_id = int(button_ids(lobby.message, "trivia:team:")[0].split(":")[2])
    await env.restart_bot()
    joined = await env.click(lobby, f"trivia:team:{game_id}:b", member=fan)
    assert f"**Team B:** {fan.mention}" in joined.text
    question = await env.wait_channel_message("trivia", count=1, within=10)
    assert question.embeds[0]["title"] == "Team trivia · question 1 of 1"
    await env.standin.wait_until(lambda: "Start now" not in lobby.text, within=5, what="the lobby told it began")


async def test_a_duel_is_accepted_played_by_two_and_counted_as_a_win(trivia_env: BotEnv) -> None:
    env = trivia_env
    lane, paris, kirk = (
        env.member("lane", nick="Lane"),
        env.member("paris", nick="Paris"),
        env.member("kirk", nick="Kirk"),
    )
    await only_form(env, "choice")
    challenge = await env.slash("trivia duel", member=lane, channel="trivia", options={"member": paris})
    assert not challenge.ephemeral and challenge.text.startswith(f"**Lane challenges {paris.mention} to a duel!**")
    pinged = challenge.allowed_mentions
    assert [int(u) for u in pinged["users"]] == [paris.id] and pinged.get("parse") == [], "only the challenged member"
    accept, decline = button_ids(challenge.message, "trivia:duel:")
    assert accept.endswith(":accept") and decline.endswith(":decline")
    refused = await env.click(challenge, accept, member=kirk)
    assert refused.ephemeral and "This challenge is for" in refused.text
    refused = await env.click(challenge, accept, member=lane)
    assert refused.ephemeral and "up to the member you challenged" in refused.text
    accepted = await env.click(challenge, accept, member=paris)
    assert accepted.type == CallbackType.UPDATE_MESSAGE and accepted.buttons == []
    assert "Challenge accepted" in accepted.text

    rounds = (await state_sql(env).fetchrow("SELECT rounds FROM games"))["rounds"]
    for n in range(1, rounds + 1):
        question = (await wait_posts(env, n, within=15))[n - 1]
        right, wrong = right_and_wrong(env, question)
        watcher = await env.click(question, right, member=kirk)
        assert watcher.ephemeral and "This duel is between" in watcher.text
        await env.click(question, right, member=lane)
        await env.click(question, wrong, member=paris)
        assert button_ids(question, "trivia:skip:") == [], "no skipping in a duel"
        await wait_revealed(env, question)
        assert question.embeds[0]["title"] == f"Duel · question {n} of {rounds} · answer"
        assert "**Score:** Lane " in question.text and " · Paris " in question.text
    standings = (await wait_posts(env, rounds + 1, within=15))[rounds]
    assert standings.embeds[0]["description"].startswith("\N{TROPHY} **Lane wins the duel**")
    await wait_game_status(env, "finished")
    board = await env.slash("trivia leaderboard", member=kirk)
    assert "Lane · " in board.embed["description"] and "1 duel win" in board.embed["description"]
    assert await state_sql(env).fetch("SELECT 1 FROM answers WHERE user_id = ?", kirk.id) == []


async def test_a_duel_declined_withdrawn_or_refused(trivia_env: BotEnv) -> None:
    env = trivia_env
    lane, paris, robot = env.member("lane", nick="Lane"), env.member("paris", nick="Paris"), env.member("robot")
    robot.bot = True
    me = await env.slash("trivia duel", member=lane, options={"member": lane})
    assert me.ephemeral and "can't duel yourself" in me.text
    bot = await env.slash("trivia duel", member=lane, options={"member": robot})
    assert bot.ephemeral and "Bots don't play trivia" in bot.text

    challenge = await env.slash("trivia duel", member=lane, channel="trivia", options={"member": paris})
    accept_id, decline_id = button_ids(challenge.message, "trivia:duel:")
    busy = await env.slash("trivia start", member=paris, channel="trivia")
    assert busy.ephemeral and "already running" in busy.text, "a challenge holds the channel"
    assert str(challenge.message.id) in busy.text, "and links to it"
    declined = await env.click(challenge, decline_id, member=paris)
    assert declined.text == f"{paris.mention} declined {lane.mention}'s duel." and declined.buttons == []
    await wait_game_status(env, "stopped")
    late = await click_forged(env, challenge.message, accept_id, paris)
    assert late.ephemeral and late.text == "This challenge has ended."

    second = await env.slash("trivia duel", member=lane, channel="trivia", options={"member": paris})
    withdrawn = await env.click(second, button_ids(second.message, "trivia:duel:")[1], member=lane)
    assert withdrawn.text == f"{lane.mention} withdrew the challenge."
    await wait_game_status(env, "stopped")

    third = await env.slash("trivia duel", member=lane, channel="trivia", options={"member": paris})
    await wait_stored_lobby(env)
    called_off = await env.slash("trivia stop", member=lane, channel="trivia")
    assert called_off.text == "Lane called off the duel."
    await env.standin.wait_until(lambda: third.buttons == [], within=5, what="the challenge's buttons removed")
    await wait_game_status(env, "stopped")
    assert posted(env) == []


async def wait_stored_lobby(env: BotEnv) -> None:
    """Until the latest game's lobby message is stored (the bot does it just after answering)."""
    for _ in range(200):
        row = await state_sql(env).fetchrow("SELECT lobby_message_id FROM games ORDER BY id DESC LIMIT 1")
        if row["lobby_message_id"] is not None:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the lobby message was never stored")


async def test_a_duel_not_answered_lapses(make_env, timing: TriviaTiming, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CompanionBot, "trivia_timing", dataclasses.replace(timing, duel_wait_s=5.0), raising=False)
    env = await make_env(extensions=["cogs.trivia"])
    lane, paris = env.member("lane"), env.member("paris")
    challenge = await env.slash("trivia duel", member=lane, channel="trivia", options={"member": paris})
    await env.standin.wait_until(lambda: "in time" in challenge.text, within=5, what="the lapse")
    assert challenge.text == f"{paris.mention} didn't answer {lane.mention}'s challenge in time."
    assert challenge.buttons == []
    await wait_game_status(env, "stopped")
    assert cog(env).games == {}


async def test_a_challenge_survives_a_restart(trivia_env: BotEnv) -> None:
    """Accept still answers after a restart, for the challenged member only, and the duel begins."""
    env = trivia_env
    lane, paris = env.member("lane", nick="Lane"), env.member("paris", nick="Paris")
    challenge = await env.slash("trivia duel", member=lane, channel="trivia", options={"member": paris})
    await wait_stored_lobby(env)
    accept, _ = button_ids(challenge.message, "trivia:duel:")
    await env.restart_bot()
    assert "This challenge is for" in (await env.click(challenge, accept, member=env.member("kirk"))).text
    accepted = await env.click(challenge, accept, member=paris)
    assert "Challenge accepted" in accepted.text
    question = await env.wait_channel_message("trivia", count=1, within=10)
    assert question.embeds[0]["title"].startswith("Duel · question 1 of ")
