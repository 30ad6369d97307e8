"""A member without Manage Server is refused, ephemerally and without any change, by every moderator
command, every /trivia custom subcommand (whose only guard is the run-time check) and every
moderator button, whatever the client sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cogs._checks import NOT_A_MODERATOR
from standin import BotEnv, CallbackType, Member, UploadedFile

CONFIG_COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("config show", {}),
    ("config cog", {"name": "quotes", "enabled": False}),
    ("config channels add", {"options": {"channel": "trivia"}}),
    ("config channels remove", {"options": {"channel": "trivia"}}),
    ("config channels clear", {}),
    ("config trivia", {"timer": 30}),
    ("config daily on", {"options": {"channel": "trivia"}, "hour": 9}),
    ("config daily off", {}),
    ("config spoilers", {"enabled": True}),
    ("config reset-scores", {}),
    ("config export", {}),
    ("config history", {}),
    ("config reports", {}),
]
QUESTIONS = json.dumps([{"question": "Who hosts the show?", "answer": "Scott"}]).encode()
CUSTOM_COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("trivia custom add", {}),
    ("trivia custom list", {}),
    ("trivia custom remove", {"id": 1}),
    ("trivia custom export", {}),
    ("trivia custom import", {"file": UploadedFile("q.json", QUESTIONS, "application/json")}),
]


async def nothing_changed(env: BotEnv) -> None:
    db = env.bot.db
    assert not await db.fetch_all("SELECT 1 FROM audit_log")
    assert not await db.fetch_all("SELECT 1 FROM guild_settings")
    assert not await db.fetch_all("SELECT 1 FROM guild_features")
    assert not await db.fetch_all("SELECT 1 FROM game_channels")
    assert not await db.fetch_all("SELECT 1 FROM questions WHERE category = 'community' AND active = 1")


def refused(result) -> bool:
    return result.type == CallbackType.MESSAGE and result.ephemeral and result.content == NOT_A_MODERATOR


@pytest.mark.parametrize(("command", "options"), CONFIG_COMMANDS, ids=[c for c, _ in CONFIG_COMMANDS])
async def test_config_commands_refuse_members_without_manage_server(
    mod_env: BotEnv, fan: Member, command: str, options: dict[str, Any]
) -> None:
    """Discord would hide /config from them; a client that sends it anyway is still refused."""
    result = await mod_env.slash(command, member=fan, override_permissions=True, **options)
    assert refused(result), result.describe()
    await nothing_changed(mod_env)


async def test_default_permissions_hide_config_from_members(mod_env: BotEnv, fan: Member) -> None:
    """The synced default: Discord's client does not even offer /config to them."""
    from standin import RefusedByDiscord

    with pytest.raises(RefusedByDiscord):
        await mod_env.slash("config show", member=fan)


@pytest.mark.parametrize(("command", "options"), CUSTOM_COMMANDS, ids=[c for c, _ in CUSTOM_COMMANDS])
async def test_custom_commands_refuse_members_without_manage_server(
    mod_env: BotEnv, fan: Member, command: str, options: dict[str, Any]
) -> None:
    """/trivia is for everyone, so no default permission helps: only the run-time check refuses."""
    result = await mod_env.slash(command, member=fan, **options)
    assert refused(result), result.describe()
    assert not [r for r in mod_env.standin.requests if "/attachments/" in r.path]  # the import never downloaded
    await nothing_changed(mod_env)


async def test_custom_remove_autocomplete_offers_members_nothing(mod_env: BotEnv, mod: Member, fan: Member) -> None:
    opened = await mod_env.slash("trivia custom add", member=mod)
    await mod_env.submit_modal(
        opened, {"question": "A secret question?", "answer": "yes", "wrong": "", "explanation": ""}
    )
    assert await mod_env.autocomplete("trivia custom remove", focused="id", value="", member=fan) == []
    assert len(await mod_env.autocomplete("trivia custom remove", focused="id", value="", member=mod)) == 1


async def test_modal_submit_is_checked_again(mod_env: BotEnv, mod: Member, fan: Member) -> None:
    """A modal opened by a moderator but submitted by someone else (a forged submit) saves nothing."""
    opened = await mod_env.slash("trivia custom add", member=mod)
    result = await mod_env.submit_modal(
        opened, {"question": "Forged question?", "answer": "x", "wrong": "", "explanation": ""}, member=fan
    )
    assert refused(result), result.describe()
    await nothing_changed(mod_env)


async def test_moderator_buttons_refuse_members_without_manage_server(
    mod_env: BotEnv, mod: Member, fan: Member
) -> None:
    """Reset, cancel, keep and retire: each click is checked, not just the command that showed it."""
    await mod_env.slash("report", member=fan, kind="quote", item="been-a-while", reason="Not his words")
    reset = await mod_env.slash("config reset-scores", member=mod)
    reports = await mod_env.slash("config reports", member=mod)
    clicks = [
        (reset, "config:reset:1"),
        (reset, "config:cancel"),
        *((reports, b["custom_id"]) for b in reports.buttons),
    ]
    for message, custom_id in clicks:
        result = await mod_env.click(message, custom_id, member=fan)
        assert refused(result), f"{custom_id}: {result.describe()}"
    assert (await mod_env.bot.guild_settings.get(mod_env.guild.id)).season == 1
    assert (await mod_env.bot.db.fetch_one("SELECT status FROM reports"))["status"] == "open"
    assert not await mod_env.bot.db.fetch_all("SELECT 1 FROM retired_items")


async def test_administrator_counts_as_moderator(mod_env: BotEnv) -> None:
    admin = mod_env.member("admin", administrator=True)
    result = await mod_env.slash("config show", member=admin)
    assert result.embed["title"] == "Settings for Stars Hollow"
