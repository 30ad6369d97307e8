"""Sharded bots against the stand-in: one process running several shards, and two processes (shard 0
and shard 1 of 2) sharing one database, each answering only its own servers."""

from __future__ import annotations

import asyncio
import itertools
import logging

import discord
import pytest

from bot.client import CompanionBot
from standin import BotEnv, CallbackType, DiscordStandIn, Guild, InteractionResult
from standin.model import shard_of

EPISODE = ["cogs.episode"]
IDENTIFY = 2
SYNC = "PUT /applications/*/commands"


async def discord_with(*servers: Guild, shard_count: int = 1, max_concurrency: int = 16) -> DiscordStandIn:
    """A stand-in with these servers; by default every shard may start at once (pacing: see below)."""
    standin = await DiscordStandIn(guilds=list(servers)).start()
    standin.shard_count, standin.max_concurrency = shard_count, max_concurrency
    return standin


def shard_env(shard_ids: str | None, count: int = 2) -> dict[str, str]:
    return {"SHARD_COUNT": str(count), **({"SHARD_IDS": shard_ids} if shard_ids is not None else {})}


async def answers_episode(env: BotEnv, guild: Guild | None) -> InteractionResult:
    member = env.member(f"fan{len((guild or env.guild).members)}", guild=guild)
    result = await env.slash("episode", member=member, dm=guild is None)
    assert result.type == CallbackType.MESSAGE and "I Am All In" in result.text
    return result


def shard_it_came_on(env: BotEnv, result: InteractionResult) -> tuple[int, int] | None:
    [frame] = [f for f in env.standin.gateway_dispatched("INTERACTION_CREATE") if int(f.data["id"]) == result.id]
    return frame.shard


def record_interactions(env: BotEnv) -> list[int | None]:
    """The server of every interaction this bot received (None: a DM), whoever answered it."""
    seen: list[int | None] = []

    async def on_interaction(interaction: discord.Interaction) -> None:
        seen.append(interaction.guild_id)

    env.bot.add_listener(on_interaction)
    return seen


async def test_one_process_running_both_shards_answers_servers_on_each(make_env) -> None:
    servers = [Guild.create("Stars Hollow", shard=(0, 2)), Guild.create("Woodbury", shard=(1, 2))]
    standin = await discord_with(*servers)
    env = await make_env(extensions=EPISODE, environ=shard_env(None), standin=standin, guild=servers[0])
    assert (env.bot.shard_count, sorted(env.bot.shards)) == (2, [0, 1])
    assert standin.connected_shards == [(0, 2), (1, 2)]
    assert sorted(g.id for g in env.bot.guilds) == sorted(g.id for g in servers)
    for guild in servers:
        result = await answers_episode(env, guild)
        assert shard_it_came_on(env, result) == (shard_of(guild.id, 2), 2)
    assert shard_it_came_on(env, await answers_episode(env, None)) == (0, 2)  # DMs arrive on shard 0


async def test_without_settings_the_bot_runs_the_count_discord_recommends(make_env) -> None:
    servers = [Guild.create(f"server {n}", shard=(n, 3)) for n in range(3)]
    standin = await discord_with(*servers, shard_count=3)
    env = await make_env(extensions=EPISODE, standin=standin, guild=servers[0])
    assert (env.bot.shard_count, env.bot.shard_ids, sorted(env.bot.shards)) == (3, None, [0, 1, 2])
    assert [f.data["shard"] for f in standin.gateway_received(IDENTIFY)] == [[0, 3], [1, 3], [2, 3]]
    for guild in servers:
        await answers_episode(env, guild)


async def test_a_fan_server_bot_runs_one_shard_as_before(make_env) -> None:
    env = await make_env(extensions=EPISODE)
    assert (env.bot.shard_count, sorted(env.bot.shards)) == (1, [0])
    assert [f.data["shard"] for f in env.standin.gateway_received(IDENTIFY)] == [[0, 1]]
    assert env.bot.owns(env.guild.id) and env.bot.shard_plan.syncs_commands
    await answers_episode(env, env.guild)


async def test_two_processes_answer_only_their_own_servers_and_shard_0_syncs(
    make_env, caplog: pytest.LogCaptureFixture
) -> None:
    """Shard 1's process starts first and syncs nothing; shard 0's syncs once. Each server's
    interactions reach only the process running its shard: the other never sees them."""
    servers = [Guild.create(f"shard {n % 2} server {n}", shard=(n % 2, 2)) for n in range(4)]
    standin = await discord_with(*servers)
    with caplog.at_level(logging.INFO, logger="bot.client"):
        second = await make_env(extensions=EPISODE, environ=shard_env("1"), standin=standin, guild=servers[1])
    assert not standin.requests_matching(SYNC) and not standin.synced_commands
    assert "application commands are synced by the process holding shard 0, not this one" in caplog.text
    first = await make_env(
        extensions=EPISODE, environ=shard_env("0"), standin=standin, database=second.db_path, guild=servers[0]
    )
    assert len(standin.requests_matching(SYNC)) == 1 and standin.synced_commands
    seen = {0: record_interactions(first), 1: record_interactions(second)}
    assert standin.connected_shards == [(0, 2), (1, 2)]
    for shard_id, env in enumerate((first, second)):
        assert sorted(g.id for g in env.bot.guilds) == [g.id for g in servers if shard_of(g.id, 2) == shard_id]

    for guild in servers:
        await answers_episode(first, guild)  # users act the same whichever process answers
    await answers_episode(first, None)
    assert seen[0] == [g.id for g in servers if shard_of(g.id, 2) == 0] + [None]
    assert seen[1] == [g.id for g in servers if shard_of(g.id, 2) == 1]

    await second.restart_bot()  # the same again after a restart: still no second sync
    await first.restart_bot()
    assert len(standin.requests_matching(SYNC)) == 1


async def start_two_processes_together(make_env, max_concurrency: int, interval: float) -> DiscordStandIn:
    servers = [Guild.create("Stars Hollow", shard=(0, 2)), Guild.create("Woodbury", shard=(1, 2))]
    standin = await discord_with(*servers, max_concurrency=max_concurrency)
    standin.identify_interval = interval  # the stand-in refuses an IDENTIFY too soon in its bucket, as Discord does
    envs = await asyncio.gather(
        make_env(extensions=EPISODE, environ=shard_env("0"), standin=standin, guild=servers[0]),
        make_env(extensions=EPISODE, environ=shard_env("1"), standin=standin, guild=servers[1]),
    )
    for guild, env in zip(servers, envs, strict=True):
        await answers_episode(env, guild)
    return standin


async def test_two_processes_in_two_buckets_identify_at_once(make_env, monkeypatch: pytest.MonkeyPatch) -> None:
    interval = 0.6
    monkeypatch.setattr(CompanionBot, "identify_interval", interval)
    standin = await start_two_processes_together(make_env, 2, interval)
    first, second = standin.gateway_received(IDENTIFY)
    assert standin.refused_identifies == [] and second.at - first.at < interval


async def test_two_processes_in_one_bucket_both_get_in(make_env, monkeypatch: pytest.MonkeyPatch) -> None:
    """With one bucket, shard 1's process waits its turn (one interval after its launch); when the
    two start-ups are too far apart for the turns to line up, Discord refuses the IDENTIFY that
    comes too soon and the bot identifies again a moment later, as Discord asks."""
    interval = 0.6
    monkeypatch.setattr(CompanionBot, "identify_interval", interval)
    standin = await start_two_processes_together(make_env, 1, interval)
    identifies = standin.gateway_received(IDENTIFY)
    assert len(identifies) == 2 + len(standin.refused_identifies)
    assert standin.connected_shards == [(0, 2), (1, 2)]


async def test_the_shards_of_one_process_identify_one_interval_apart(make_env, monkeypatch) -> None:
    """One IDENTIFY per bucket (shard_id % max_concurrency) per interval (5 s at Discord; shorter here,
    for the bot and the stand-in alike), or Discord refuses it."""
    interval = 0.4
    monkeypatch.setattr(CompanionBot, "identify_interval", interval)
    servers = [Guild.create(f"server {n}", shard=(n, 3)) for n in range(3)]
    standin = await discord_with(*servers, max_concurrency=1)
    standin.identify_interval = interval
    await make_env(extensions=EPISODE, environ=shard_env(None, 3), standin=standin, guild=servers[0])
    identifies = standin.gateway_received(IDENTIFY)
    assert [f.data["shard"] for f in identifies] == [[0, 3], [1, 3], [2, 3]]
    assert standin.refused_identifies == []
    assert all(b.at - a.at >= interval for a, b in itertools.pairwise(identifies))
