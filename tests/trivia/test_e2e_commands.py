"""/trivia leaderboard, stats, question and the daily question through the real client; refusals."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from bot.db import Database
from bot.db.trivia_repo import NewRound
from bot.trivia.game import shuffled_choices
from standin import BotEnv, CallbackType
from standin.model import Member
from tests.backends import state_sql
from tests.trivia._support import cog, only_choice, posted, right_and_wrong, start_game, wait_posts, wait_revealed


async def seed_scores(env: BotEnv, members: list[Member], guild_id: int | None = None, *, season: int = 1) -> None:
    """One right answer each, faster for earlier members, in a finished game of ``season``."""
    repo = env.bot.repos.trivia
    guild_id = guild_id or env.guild.id
    question_id = (await repo.bank(guild_id))[0].id
    game = await repo.create_game(
        guild_id=guild_id,
        channel_id=1,
        started_by=0,
        rounds=1,
        timer=100,
        category=None,
        season=season,
        first=NewRound(question_id, (), 0.0, 1.0),
    )
    for i, member in enumerate(members):
        await repo.remember_names([(guild_id, member.id, member.display_name)])
        await repo.record_answer(
            game_id=game,
            round_no=1,
            guild_id=guild_id,
            season=season,
            user_id=member.id,
            given="x",
            correct=True,
            elapsed_s=4.0 * i,  # two points apart: no ties
            timer_s=100.0,
        )
    await repo.end_game(game, "finished")


async def test_leaderboard_pages_and_shows_the_callers_own_rank(trivia_env: BotEnv) -> None:
    """Top 10 from stored names, paged with buttons only the caller may press, and the caller's own
    rank though it is not on the page; "this week" counts only this week's answers."""
    env = trivia_env
    members = [env.member(f"m{i}", nick=f"Member {i:02d}") for i in range(23)]
    await seed_scores(env, members)
    caller = members[-1]
    board = await env.slash("trivia leaderboard", member=caller)
    assert board.type == CallbackType.MESSAGE and not board.ephemeral
    description = board.embed["description"]
    assert description.startswith("**1.** Member 00") and "**10.** Member 09" in description
    assert "Member 10" not in description
    assert "#23" in board.text and "page 1 of 3" in board.text
    [previous, following] = board.buttons
    assert previous["disabled"] and not following.get("disabled")

    refused = await env.click(board, following["custom_id"], member=members[0])
    assert refused.ephemeral and "belong to whoever asked" in refused.text
    page2 = await env.click(board, following["custom_id"], member=caller)
    assert page2.type == CallbackType.UPDATE_MESSAGE
    assert "**11.** Member 10" in page2.embed["description"] and "page 2 of 3" in page2.text

    await state_sql(env).execute(
        "UPDATE answers SET answered_at = '2024-04-01T00:00:00.000Z' WHERE user_id = ?", members[0].id
    )
    week = await env.slash("trivia leaderboard", member=caller, period="this week")
    assert "this week" in week.embed["title"] and "Member 00" not in week.embed["description"]
    assert week.embed["description"].startswith("**1.** Member 01") and "#22" in week.text


async def test_scores_stay_on_their_server(trivia_env: BotEnv) -> None:
    """Points earned on one server show on its leaderboard and stats, never on another's."""
    env = trivia_env
    diner = await env.add_guild("Luke's Diner")
    regular = env.member("regular", nick="Kirk", guild=diner)
    await seed_scores(env, [regular], guild_id=diner.id)
    there = await env.slash("trivia leaderboard", member=regular, guild=diner)
    assert there.embed["description"].startswith("**1.** Kirk")
    assert "fields" not in there.embed or not there.embed["fields"], "the page shows the caller: no 'You' line"
    fan = env.member("fan")
    here = await env.slash("trivia leaderboard", member=fan)
    assert "No points yet" in here.embed["description"] and "Kirk" not in here.text
    stats = await env.slash("trivia stats", member=fan, options={"member": regular})
    fields = {f["name"]: f["value"] for f in stats.embed["fields"]}
    assert (fields["Points"], fields["Answered"], fields["Rank"]) == ("0", "0", "—")


async def test_stats_for_yourself_and_another_member(trivia_env: BotEnv) -> None:
    """Answered, correct, accuracy, streaks, points and the fastest right answer."""
    env = trivia_env
    fan, friend = env.member("fan", nick="Lane"), env.member("friend", nick="Paris")
    await only_choice(env)
    _, question = await start_game(env, fan, rounds=1, timer=10, category="people")
    right, _ = right_and_wrong(env, question)
    await env.click(question, right, member=fan)
    await wait_revealed(env, question)
    mine = await env.slash("trivia stats", member=fan)
    fields = {f["name"]: f["value"] for f in mine.embed["fields"]}
    assert mine.ephemeral and "Lane" in mine.embed["title"]
    assert (fields["Answered"], fields["Correct"], fields["Accuracy"], fields["Rank"]) == ("1", "1", "100%", "#1")
    assert fields["Streak"] == "1 now · best 1" and fields["Fastest right answer"].endswith(" s")
    assert int(fields["Points"]) >= 100
    theirs = await env.slash("trivia stats", member=fan, options={"member": friend})
    fields = {f["name"]: f["value"] for f in theirs.embed["fields"]}
    assert "Paris" in theirs.embed["title"] and fields["Answered"] == "0" and fields["Accuracy"] == "—"


async def test_quick_question_is_private_and_has_a_cooldown(trivia_env: BotEnv) -> None:
    """An ephemeral practice question; a click reveals the answer with its evidence and a report
    button; asking again at once is refused with the time left."""
    env = trivia_env
    fan = env.member("fan")
    quick = await env.slash("trivia question", member=fan)
    assert quick.ephemeral and "not scored" in quick.text
    ids = [b["custom_id"] for b in quick.buttons]
    _, _, question_id, seed, _ = ids[0].split(":")
    question = await env.bot.repos.trivia.question(int(question_id))
    right = shuffled_choices(question, random.Random(int(seed))).index(question.answer)
    answered = await env.click(quick, ids[right], member=fan)
    assert answered.type == CallbackType.UPDATE_MESSAGE
    assert "Right!" in answered.text and "**Answer:**" in answered.text
    assert [b["custom_id"] for b in answered.buttons] == [f"report:question:{question_id}"]
    again = await env.slash("trivia question", member=fan)
    assert again.ephemeral and "Slow down" in again.text
    other = await env.slash("trivia question", member=env.member("friend"))
    assert "not scored" in other.text, "the cooldown is per member"


@pytest.mark.both_backends
async def test_daily_question_is_posted_once_per_day_across_restarts(trivia_env: BotEnv, clock) -> None:
    """Posted at the hour from the stored date: not again on a second check or after a restart; at
    the next day's hour the question shows its answer in place and the new one links to it; a day
    missed while offline is posted on start."""
    env = trivia_env
    channel = env.guild.channel("trivia")
    await env.bot.guild_settings.update(env.guild.id, daily_channel_id=channel.id, daily_hour=9)
    await only_choice(env)
    clock.now = datetime(2024, 5, 2, 8, 59, tzinfo=UTC)
    assert await cog(env).run_daily_once() == 0
    clock.now = datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
    assert await cog(env).run_daily_once() == 1
    [daily] = await wait_posts(env, 1)
    assert daily.embeds[0]["title"] == "Daily question" and "<t:" in daily.embeds[0]["description"]
    assert await cog(env).run_daily_once() == 0

    await env.restart_bot()  # its first check runs on start: nothing new today
    fan = env.member("fan", nick="Lane")
    right, _ = right_and_wrong(env, daily)
    locked = await env.click(daily, right, member=fan)
    assert f"The answer is revealed <t:{int(datetime(2024, 5, 3, 9, 0, tzinfo=UTC).timestamp())}:R>" in locked.text
    assert await cog(env).run_daily_once() == 0 and len(posted(env)) == 1

    clock.now = datetime(2024, 5, 3, 9, 5, tzinfo=UTC)
    assert await cog(env).run_daily_once() == 1
    old, new = await wait_posts(env, 2)
    assert "**Answer:**" in old.text and "Lane +" in old.text and "daily streak: 1 day" in old.text
    assert f"[Yesterday's question](https://discord.com/channels/{env.guild.id}/{channel.id}/{old.id})" in new.text
    assert "Got it" not in new.text and len(new.embeds) == 1
    games = await state_sql(env).fetch("SELECT status FROM games WHERE kind = 'daily' ORDER BY id")
    assert [g["status"] for g in games] == ["finished", "running"]

    await env.stop()
    clock.now = datetime(2024, 5, 4, 12, 0, tzinfo=UTC)  # offline over the hour
    await env.start()
    await wait_posts(env, 3)
    assert await cog(env).run_daily_once() == 0 and len(posted(env)) == 3


async def test_a_disabled_feature_refuses_commands_and_clicks(trivia_env: BotEnv) -> None:
    """With trivia turned off, /trivia commands, a running game's buttons and the leaderboard's pages
    answer with the refusal."""
    env = trivia_env
    fan = env.member("fan")
    await only_choice(env)
    _, question = await start_game(env, fan, rounds=1, timer=60, category="people")
    await seed_scores(env, [env.member(f"m{i}") for i in range(11)])
    board = await env.slash("trivia leaderboard", member=fan, channel="general")
    await env.bot.guild_settings.set_feature(env.guild.id, "trivia", False)
    turned = await env.click(board, board.buttons[1]["custom_id"], member=fan)
    assert turned.ephemeral and "turned trivia off" in turned.text
    for command in ("trivia start", "trivia leaderboard", "trivia question", "trivia stats"):
        refused = await env.slash(command, member=fan, channel="general")
        assert refused.ephemeral and "turned trivia off" in refused.text, command
    right, _ = right_and_wrong(env, question)
    click = await env.click(question, right, member=fan)
    assert click.ephemeral and "turned trivia off" in click.text
    assert await env.autocomplete("trivia start", focused="category", value="") == []


async def test_games_only_where_moderators_allow_them(trivia_env: BotEnv) -> None:
    """With game channels listed, /trivia start elsewhere names where games run."""
    env = trivia_env
    trivia_channel = env.guild.channel("trivia")
    await state_sql(env).execute(
        "INSERT INTO game_channels (guild_id, channel_id) VALUES (?, ?)", env.guild.id, trivia_channel.id
    )
    env.bot.guild_settings.forget(env.guild.id)
    refused = await env.slash("trivia start", member=env.member("fan"), channel="general")
    assert refused.ephemeral and f"<#{trivia_channel.id}>" in refused.text
    assert posted(env, "general") == []


async def test_categories_come_from_the_bank(trivia_env: BotEnv) -> None:
    """The category option offers this server's bank's categories, and refuses others."""
    env = trivia_env
    offered = [c["value"] for c in await env.autocomplete("trivia start", focused="category", value="")]
    assert {"people", "quotes", "facts", "occasions"} <= set(offered)
    assert [c["value"] for c in await env.autocomplete("trivia start", focused="category", value="peo")] == ["people"]
    refused = await env.slash("trivia start", member=env.member("fan"), category="nonsense")
    assert refused.ephemeral and "no such category" in refused.text


async def test_the_bank_follows_the_content(make_env, timing, tmp_path) -> None:
    """Generated questions are stored on start and regenerated only when the content changes."""
    env = await make_env(extensions=["cogs.trivia"])
    generated = "guild_id IS NULL AND key NOT LIKE 'curated:%'"
    count = await state_sql(env).fetchrow(f"SELECT COUNT(*) AS n FROM questions WHERE {generated} AND active = 1")
    assert count["n"] > 5
    await env.stop()
    async with Database(env.db_path) as db:
        await db.write(f"UPDATE questions SET prompt = 'tampered' WHERE {generated}")
    await env.start()
    unchanged = await state_sql(env).fetchrow("SELECT COUNT(*) AS n FROM questions WHERE prompt = 'tampered'")
    assert unchanged["n"] == count["n"], "same content hash: not regenerated"
    await env.stop()
    async with Database(env.db_path) as db:
        await db.write("UPDATE meta SET value = 'changed' WHERE key = 'trivia_bank_hash'")
    await env.start()
    redone = await state_sql(env).fetchrow("SELECT COUNT(*) AS n FROM questions WHERE prompt = 'tampered'")
    assert redone["n"] == 0
