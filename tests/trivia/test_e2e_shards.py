"""Two bot processes (shard 0 and shard 1 of 2) on one database file: each runs, resumes and posts the
daily question only for the servers on its own shard; when both believe they own a server (a
re-shard, a restart), the database lets exactly one of them post its daily question."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from bot.client import CompanionBot
from bot.trivia.timing import TriviaTiming
from standin import BotEnv, DiscordStandIn, Guild
from standin.model import shard_of
from tests.trivia._support import cog, only_choice, posted, start_game, wait_posts

TRIVIA = ["cogs.trivia"]


def shards(shard_ids: str | None, count: int) -> dict[str, str]:
    return {"SHARD_COUNT": str(count), **({"SHARD_IDS": shard_ids} if shard_ids is not None else {})}


async def two_processes(make_env, first_environ: dict, second_environ: dict, *servers: Guild) -> list[BotEnv]:
    """Two bots on one stand-in and one database file; each env's own server is the next of ``servers``."""
    standin = await DiscordStandIn(guilds=list(servers)).start()
    standin.max_concurrency = 16
    first = await make_env(extensions=TRIVIA, environ=first_environ, standin=standin, guild=servers[0])
    second = await make_env(
        extensions=TRIVIA, environ=second_environ, standin=standin, database=first.db_path, guild=servers[-1]
    )
    return [first, second]


@pytest.fixture
def slow_rounds(timing: TriviaTiming, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rounds long enough (10 s -> 1.5 s) to restart both processes while the first is open."""
    monkeypatch.setattr(CompanionBot, "trivia_timing", dataclasses.replace(timing, timer_scale=0.15), raising=False)


async def test_each_process_resumes_only_its_own_servers_games(make_env, slow_rounds) -> None:
    servers = [Guild.create("Stars Hollow", shard=(0, 2)), Guild.create("Woodbury", shard=(1, 2))]
    envs = await two_processes(make_env, shards("0", 2), shards("1", 2), *servers)
    games = {}
    for env in envs:
        await only_choice(env)
        await start_game(env, env.member("host"), rounds=2, timer=10, category="people")
        [games[env.guild.id]] = cog(env).games
    assert games[servers[0].id] != games[servers[1].id]

    for env in envs:  # one process after the other, as a rolling restart does
        await env.restart_bot()
        assert list(cog(env).games) == [games[env.guild.id]], "it resumed another process's game"
    for env in envs:
        assert list(cog(env).games) == [games[env.guild.id]]

    for env in envs:  # each game goes on once: its second question, then its standings, once each
        _, question_2, standings = await wait_posts(env, 3, within=20)
        assert question_2.embeds[0]["title"].startswith("Question 2 of 2")
        assert standings.embeds[0]["title"] == "Final standings"
    await asyncio.sleep(0.5)
    assert [len(posted(env)) for env in envs] == [3, 3], "a game was run twice"
    rows = await envs[0].bot.db.fetch_all("SELECT status FROM games ORDER BY id")
    assert [r["status"] for r in rows] == ["finished", "finished"]


async def test_each_process_posts_only_its_own_servers_daily_question(make_env, timing, clock) -> None:
    servers = [Guild.create("Stars Hollow", shard=(0, 2)), Guild.create("Woodbury", shard=(1, 2))]
    envs = await two_processes(make_env, shards("0", 2), shards("1", 2), *servers)
    for env in envs:
        await env.bot.guild_settings.update(env.guild.id, daily_channel_id=env.guild.channel("trivia").id, daily_hour=9)
    clock.now = datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
    for env in envs:
        assert await cog(env).run_daily_once() == 1  # its own server only, though both are due
        [daily] = await wait_posts(env, 1)
        assert daily.embeds[0]["title"] == "Daily question"
    assert [await cog(env).run_daily_once() for env in envs] == [0, 0]

    # Caches fill only for a process's own servers: the other's settings are read fresh each time.
    first = envs[0]
    assert first.bot.guild_settings.cached(servers[0].id) is not None
    await first.bot.guild_settings.get(servers[1].id)
    assert first.bot.guild_settings.cached(servers[1].id) is None


async def test_a_daily_question_two_processes_both_own_is_posted_once(make_env, timing, clock) -> None:
    """During a re-shard, a process of the old count (every shard of 1) and one of the new (shard s of
    2) both own the server; both check the schedule at the same instant, day after day."""
    server = Guild.create("Stars Hollow")
    envs = await two_processes(make_env, shards(None, 1), shards(str(shard_of(server.id, 2)), 2), server)
    assert all(env.bot.owns(server.id) for env in envs)
    first = envs[0]
    await first.bot.guild_settings.update(server.id, daily_channel_id=server.channel("trivia").id, daily_hour=9)
    day = datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
    for n in range(4):
        clock.now = day + timedelta(days=n)
        counts = await asyncio.gather(*(cog(env).run_daily_once() for env in envs))
        assert sorted(counts) == [0, 1], f"day {n + 1}: posted {counts}"
        await wait_posts(first, n + 1)
    await asyncio.sleep(0.3)
    assert len(posted(first)) == 4
    rows = await first.bot.db.fetch_all("SELECT status FROM games WHERE kind = 'daily' ORDER BY id")
    assert [r["status"] for r in rows] == ["finished", "finished", "finished", "running"]
    settings = await first.bot.db.fetch_one(
        "SELECT daily_last_date FROM guild_settings WHERE guild_id = ?", (server.id,)
    )
    assert settings["daily_last_date"] == "2024-05-05"
