"""The slash-command definitions the real bot syncs, read back from the stand-in: every command,
every option, as Discord stores them."""

from __future__ import annotations

import re

import pytest

from standin import BotEnv

NAME = re.compile(r"^[-_a-z0-9]{1,32}$")
MANAGE_GUILD = 1 << 5
DISCORD_PY_DEFAULT_DESCRIPTION = "…"  # what discord.py sends when an option has no @describe
MODERATOR_COMMANDS = {"config"}


def walk(definition: dict, path: str = ""):
    """Yield (path, node) for a command and every subcommand group, subcommand and option."""
    path = f"{path} {definition['name']}".strip()
    yield path, definition
    for option in definition.get("options") or []:
        yield from walk(option, path)


@pytest.fixture
async def synced(env: BotEnv) -> list[dict]:
    assert env.standin.requests_matching("PUT /applications/*/commands"), "the bot did not sync its commands"
    return env.standin.synced_commands


async def test_episode_is_synced_without_options(synced: list[dict]):
    [episode] = [c for c in synced if c["name"] == "episode"]
    assert episode["type"] == 1
    assert not episode.get("options")
    assert episode["default_member_permissions"] is None  # every member may use it


async def test_names_are_unique_and_valid(synced: list[dict]):
    names = [(c.get("type", 1), c["name"]) for c in synced]
    assert len(names) == len(set(names))
    for command in slash_commands(synced):
        for path, node in walk(command):
            assert NAME.match(node["name"]), f"/{path}: invalid name"
    for menu in (c for c in synced if c.get("type", 1) != 1):  # context menus: any case and spaces
        assert 1 <= len(menu["name"]) <= 32 and not menu.get("options") and not menu.get("description")


def slash_commands(synced: list[dict]) -> list[dict]:
    return [c for c in synced if c.get("type", 1) == 1]


async def test_every_command_and_option_is_described(synced: list[dict]):
    """``@app_commands.describe`` on every option: discord.py sends "…" otherwise."""
    for command in slash_commands(synced):
        for path, node in walk(command):
            description = node.get("description", "")
            assert 1 <= len(description) <= 100, f"/{path}: description {description!r}"
            assert description != DISCORD_PY_DEFAULT_DESCRIPTION, f"/{path} has no @app_commands.describe"


async def test_options_respect_discords_rules(synced: list[dict]):
    """At most 25 options or choices; required options first; ranges that make sense."""
    for command in synced:
        for path, node in walk(command):
            options = node.get("options") or []
            assert len(options) <= 25, f"/{path}: {len(options)} options"
            required = [bool(o.get("required")) for o in options if o["type"] > 2]
            assert required == sorted(required, reverse=True), f"/{path}: a required option follows an optional one"
            assert len(node.get("choices") or []) <= 25, f"/{path}: too many choices"
            if node.get("choices") and node.get("autocomplete"):
                pytest.fail(f"/{path}: choices and autocomplete together")
            for low, high in (("min_value", "max_value"), ("min_length", "max_length")):
                if low in node and high in node:
                    assert node[low] <= node[high], f"/{path}: {low} > {high}"


async def test_moderator_commands_are_guild_only_for_manage_server(synced: list[dict]):
    """Moderator commands default to Manage Server and do not exist in DMs."""
    for command in synced:
        if command["name"] in MODERATOR_COMMANDS:
            assert int(command["default_member_permissions"]) == MANAGE_GUILD, f"/{command['name']}"
            assert command.get("contexts") == [0] or command.get("dm_permission") is False, f"/{command['name']}"
