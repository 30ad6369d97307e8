"""Command sync never goes stale: the stored hash names the application and the scope; leaving a
development server clears its commands; another application on the same database syncs."""

from __future__ import annotations

import sqlite3

import bot.__main__ as entry
from bot.settings import load_settings
from standin import BotEnv, DiscordStandIn

EPISODE = ["cogs.episode"]
PUT_GLOBAL, PUT_GUILD = "PUT /applications/*/commands", "PUT /applications/*/guilds/*/commands"


def hash_keys(env: BotEnv) -> list[str]:
    with sqlite3.connect(env.db_path) as db:
        return [key for (key,) in db.execute("SELECT key FROM meta WHERE key LIKE 'commands_hash:%' ORDER BY key")]


def names(commands: list[dict]) -> list[str]:
    return [command["name"] for command in commands]


async def test_the_hash_names_the_application_and_an_unchanged_start_does_not_sync(make_env):
    env = await make_env(extensions=EPISODE)
    assert hash_keys(env) == [f"commands_hash:{env.standin.application_id}:global"]
    assert len(env.standin.requests_matching(PUT_GLOBAL)) == 1
    await env.restart_bot()
    assert len(env.standin.requests_matching(PUT_GLOBAL)) == 1  # unchanged: not synced again


async def test_turning_dev_guild_id_off_clears_that_server(make_env):
    env = await make_env(extensions=EPISODE, dev_guild=True)
    guild_id = env.guild.id
    assert names(env.standin.guild_commands[guild_id]) == ["episode"] and env.standin.global_commands == []
    del env.environ["DEV_GUILD_ID"]
    await env.restart_bot()
    assert env.standin.guild_commands[guild_id] == []  # else every command shows twice there
    assert names(env.standin.global_commands) == ["episode"]
    assert hash_keys(env) == [f"commands_hash:{env.standin.application_id}:global"]
    assert names(env.standin.commands_for(guild_id)) == ["episode"]


async def test_moving_dev_guild_id_to_another_server_clears_the_first(make_env):
    env = await make_env(extensions=EPISODE, dev_guild=True)
    first = env.guild.id
    second = await env.add_guild("Luke's Diner")
    env.environ["DEV_GUILD_ID"] = str(second.id)
    await env.restart_bot()
    assert env.standin.guild_commands[first] == []
    assert names(env.standin.guild_commands[second.id]) == ["episode"]
    assert hash_keys(env) == [f"commands_hash:{env.standin.application_id}:guild:{second.id}"]


async def test_another_application_on_the_same_database_syncs(make_env):
    env = await make_env(extensions=EPISODE)
    await env.stop()
    other = await DiscordStandIn().start()  # another application: its own id and token
    try:
        second = BotEnv(other, env.db_path, extensions=EPISODE)
        await second.start()
        try:
            assert names(other.global_commands) == ["episode"], "a reused database must not hide the commands"
            assert len(hash_keys(env)) == 2  # one per application
            assert (await second.slash("episode")).embed
        finally:
            await second.close()
    finally:
        await other.stop()


async def test_python_m_bot_sync_forces_a_sync(env: BotEnv):
    before = len(env.standin.requests_matching(PUT_GLOBAL))
    settings = load_settings(env.settings_environ(), env_file=None)
    await entry._sync(settings, None)
    assert len(env.standin.requests_matching(PUT_GLOBAL)) == before + 1
    await entry._sync(settings, env.guild.id)  # --guild ID: that server
    assert env.standin.requests_matching(PUT_GUILD)


async def test_keys_from_before_the_application_was_named_are_cleaned_up(make_env):
    """A database synced by the earlier code to a development server: that server is cleared."""
    env = await make_env(extensions=EPISODE, dev_guild=True)
    guild_id = env.guild.id
    await env.stop()
    with sqlite3.connect(env.db_path) as db:
        db.execute("DELETE FROM meta WHERE key LIKE 'commands_hash:%'")
        db.execute(
            "INSERT INTO meta (key, value) VALUES (?, 'x'), ('commands_hash:global', 'y')",
            (f"commands_hash:{guild_id}",),
        )
    del env.environ["DEV_GUILD_ID"]
    await env.start()
    assert env.standin.guild_commands[guild_id] == []
    assert hash_keys(env) == [f"commands_hash:{env.standin.application_id}:global"]
