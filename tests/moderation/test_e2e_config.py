"""/config settings through the real client: each command changes this server only, is recorded in
the history, and shows up in /config show."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.db.guild_settings import GuildConfig
from standin import BotEnv, CallbackType, Member

# Run with the server state in SQLite, then in PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_backends


async def settings(env: BotEnv, guild_id: int | None = None) -> GuildConfig:
    return await env.bot.guild_settings.get(guild_id or env.guild.id)


async def test_show_lists_every_setting_in_one_ephemeral_embed(mod_env: BotEnv, mod: Member) -> None:
    result = await mod_env.slash("config show", member=mod)
    assert result.type == CallbackType.MESSAGE and result.ephemeral
    fields = {f["name"]: f["value"] for f in result.embed["fields"]}
    assert fields["Features (/config cog)"] == "trivia on · quotes on · facts on · /ask on"
    assert fields["Game channels (/config channels)"] == "everywhere"
    assert fields["Trivia defaults (/config trivia)"] == "timer 20 s · 5 rounds · typed answers on · hints off"
    assert fields["Daily question (/config daily)"] == "off"
    assert fields["Spoiler tags (/config spoilers)"] == "off"
    assert fields["Season"] == "1 (0 archived)"


async def test_synced_definition_is_guild_only_with_manage_server_default(mod_env: BotEnv) -> None:
    [config] = [c for c in mod_env.standin.synced_commands if c["name"] == "config"]
    assert int(config["default_member_permissions"]) == 32 and config.get("contexts") == [0]


async def test_cog_off_refuses_the_feature_and_on_restores_it(mod_env: BotEnv, mod: Member, fan: Member) -> None:
    """A disabled feature's commands answer ephemerally that moderators turned it off."""
    off_message = "Moderators turned trivia off on this server."
    assert (await mod_env.slash("trivia stats", member=fan)).content != off_message
    result = await mod_env.slash("config cog", member=mod, name="trivia", enabled=False)
    assert result.ephemeral and result.content == (
        "Turned off trivia on this server; members who try it are told moderators turned it off."
        " Games running here end now, each with its answer and standings."
    )
    refused = await mod_env.slash("trivia stats", member=fan)
    assert refused.ephemeral and refused.content == off_message
    again = await mod_env.slash("config cog", member=mod, name="trivia", enabled=True)
    assert again.content == "Turned on trivia on this server."
    assert (await mod_env.slash("trivia stats", member=fan)).content != off_message
    show = await mod_env.slash("config show", member=mod)
    assert "trivia on" in show.text


async def test_channels_add_remove_clear(mod_env: BotEnv, mod: Member) -> None:
    general, trivia = mod_env.guild.channel("general"), mod_env.guild.channel("trivia")
    added = await mod_env.slash("config channels add", member=mod, options={"channel": "trivia"})
    assert f"<#{trivia.id}>" in added.content
    again = await mod_env.slash("config channels add", member=mod, options={"channel": "trivia"})
    assert "listed already" in again.content
    await mod_env.slash("config channels add", member=mod, options={"channel": "general"})
    assert (await settings(mod_env)).game_channel_ids == {general.id, trivia.id}
    removed = await mod_env.slash("config channels remove", member=mod, options={"channel": "general"})
    assert "other listed channels stay" in removed.content
    show = await mod_env.slash("config show", member=mod)
    assert f"<#{trivia.id}>" in show.text and f"<#{general.id}>" not in show.text
    refused = await mod_env.slash("trivia start", member=mod, channel="general")
    assert refused.ephemeral and refused.content == f"Games run in <#{trivia.id}> on this server."
    cleared = await mod_env.slash("config channels clear", member=mod)
    assert cleared.content == "Unlisted 1 channel; games may run everywhere."
    assert (await settings(mod_env)).game_channel_ids == frozenset()


async def test_trivia_defaults_change_and_show(mod_env: BotEnv, mod: Member) -> None:
    """Options left out keep their value; none at all shows the current defaults."""
    result = await mod_env.slash("config trivia", member=mod, timer=45, hints=True)
    assert result.content.startswith("Saved.") and "45 s per question" in result.content
    config = await settings(mod_env)
    assert (config.trivia_timer, config.trivia_rounds, config.hints, config.typed_answers) == (45, 5, True, True)
    await mod_env.slash("config trivia", member=mod, rounds=12, typed_answers=False)
    shown = await mod_env.slash("config trivia", member=mod)
    assert shown.content == "Games here: 45 s per question, 12 rounds, typed answers off, hints on, no champion role."
    one = await mod_env.slash("config trivia", member=mod, rounds=1)
    assert "1 round," in one.content, "one round is singular"


async def test_trivia_out_of_range_never_reaches_the_database(mod_env: BotEnv, mod: Member) -> None:
    """A client that ignores the synced ranges and choices gets a short refusal, not a crash."""
    result = await mod_env.slash("config trivia", member=mod, timer=5, validate=False)
    assert result.ephemeral and result.content == "Pick a number from 10 to 60."
    hour = await mod_env.slash("config daily on", member=mod, options={"channel": "trivia"}, hour=24, validate=False)
    assert hour.content == "Pick a number from 0 to 23."
    feature = await mod_env.slash("config cog", member=mod, name="games", enabled=False, validate=False)
    assert feature.content == "Pick one of: trivia, quotes, facts, ask."
    config = await settings(mod_env)
    assert (config.trivia_timer, config.daily_hour, config.disabled_features) == (20, None, frozenset())


async def test_daily_on_stores_the_schedule_and_off_clears_it(mod_env: BotEnv, mod: Member) -> None:
    trivia = mod_env.guild.channel("trivia")
    hour = (dt.datetime.now(dt.UTC).hour + 2) % 24
    result = await mod_env.slash("config daily on", member=mod, options={"channel": "trivia"}, hour=hour)
    assert f"<#{trivia.id}>" in result.content and f"{hour:02d}:00 UTC" in result.content
    config = await settings(mod_env)
    assert (config.daily_channel_id, config.daily_hour) == (trivia.id, hour)
    assert config.daily_last_date is not None  # today or yesterday: nothing is posted at once
    show = await mod_env.slash("config show", member=mod)
    assert f"<#{trivia.id}> at {hour:02d}:00 UTC" in show.text
    off = await mod_env.slash("config daily off", member=mod)
    assert off.content == "The daily question is off."
    config = await settings(mod_env)
    assert (config.daily_channel_id, config.daily_hour) == (None, None)
    assert (await mod_env.slash("config daily off", member=mod)).content == "The daily question was already off."


async def test_spoilers_toggle(mod_env: BotEnv, mod: Member) -> None:
    await mod_env.slash("config spoilers", member=mod, enabled=True)
    assert (await settings(mod_env)).spoilers
    await mod_env.slash("config spoilers", member=mod, enabled=False)
    assert not (await settings(mod_env)).spoilers


async def test_history_records_who_what_when(mod_env: BotEnv, mod: Member) -> None:
    """Every change is in the history, newest first, with the moderator and a timestamp."""
    empty = await mod_env.slash("config history", member=mod)
    assert empty.embed["description"] == "No changes yet."
    await mod_env.slash("config spoilers", member=mod, enabled=True)
    await mod_env.slash("config cog", member=mod, name="ask", enabled=False)
    await mod_env.slash("config trivia", member=mod, rounds=3)
    await mod_env.slash("config channels add", member=mod, options={"channel": "trivia"})
    await mod_env.slash("config show", member=mod)  # not a change
    lines = (await mod_env.slash("config history", member=mod)).embed["description"].splitlines()
    assert len(lines) == 4
    # Moderators read what each change was, not the code the log keeps ("channels.add").
    assert "**Game channel added** · <#" in lines[0] and "**Trivia defaults** · rounds 3" in lines[1]
    assert "**Feature switched** · ask off" in lines[2] and "**Spoiler tags** · on" in lines[3]
    assert "channels.add" not in "\n".join(lines)
    assert all(line.startswith("<t:") and f"<@{mod.id}>" in line for line in lines)


async def test_two_servers_settings_stay_apart(mod_env: BotEnv, mod: Member) -> None:
    """The same commands on another server change only that server, and its history is its own."""
    diner = await mod_env.add_guild("Luke's Diner")
    diner_mod = mod_env.member("diner-mod", manage_guild=True, guild=diner)
    await mod_env.slash("config spoilers", member=mod, enabled=True)
    await mod_env.slash("config cog", member=diner_mod, name="quotes", enabled=False)
    await mod_env.slash("config trivia", member=diner_mod, timer=60)
    home, other = await settings(mod_env), await settings(mod_env, diner.id)
    assert (home.spoilers, home.feature_enabled("quotes"), home.trivia_timer) == (True, True, 20)
    assert (other.spoilers, other.feature_enabled("quotes"), other.trivia_timer) == (False, False, 60)
    diner_history = (await mod_env.slash("config history", member=diner_mod)).embed["description"]
    assert "spoilers" not in diner_history and "quotes off" in diner_history
