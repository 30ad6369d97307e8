"""Seasons in Discord: /trivia seasons lists past seasons with their top three, the leaderboard says
a new season began, and the champion role is given at the reset when the bot may (and the moderator
is told what is missing when it may not)."""

from __future__ import annotations

import discord
import pytest

from standin import BotEnv, Member
from tests.trivia.test_e2e_commands import seed_scores

pytestmark = pytest.mark.both_backends


@pytest.fixture
async def season_env(make_env, timing) -> BotEnv:
    return await make_env(extensions=["cogs.trivia", "cogs.config"])


async def reset(env: BotEnv, mod: Member, season: int):
    asked = await env.slash("config reset-scores", member=mod)
    done = await env.click(asked, f"config:reset:{season}", member=mod)
    assert done.content.startswith(f"Season {season} is archived")
    return done


async def test_past_seasons_and_the_leaderboard_after_a_reset(season_env: BotEnv) -> None:
    env = season_env
    mod = env.member("mod", manage_guild=True)
    players = [env.member(f"p{i}", nick=n) for i, n in enumerate(("Lane", "Paris", "Kirk", "Taylor"))]
    before = await env.slash("trivia seasons", member=players[0])
    assert "Season 1 is on now." in before.text and "No season has ended yet" in before.text
    await seed_scores(env, players)
    await reset(env, mod, 1)

    listed = await env.slash("trivia seasons", member=players[3])
    assert not listed.ephemeral and listed.embed["title"] == "Past seasons"
    text = listed.embed["description"]
    assert text.startswith("Season 2 is on now, since <t:")
    assert "**Season 1** · ended <t:" in text
    podium = text.splitlines()[3]
    assert podium.startswith("\N{FIRST PLACE MEDAL} Lane (150 pts) · ") and "\N{THIRD PLACE MEDAL} Kirk (" in podium
    assert "Taylor" not in text

    board = await env.slash("trivia leaderboard", member=players[0])
    assert board.embed["title"] == "Trivia leaderboard · this season"
    description = board.embed["description"]
    assert (
        description.startswith("Season 2 began <t:") and "`/trivia seasons` shows season 1's top three." in description
    )
    assert "No points yet" in description


async def test_the_champion_role_needs_manage_roles_and_says_so(season_env: BotEnv) -> None:
    env = season_env
    mod, fan = env.member("mod", manage_guild=True), env.member("fan", nick="Lane")
    champion = env.guild.add_role("Champion")
    saved = await env.slash("config trivia", member=mod, options={"champion-role": champion})
    assert saved.text.startswith("Saved.") and f"champion role <@&{champion.id}>" in saved.text
    assert "needs the Manage Roles permission" in saved.text
    await seed_scores(env, [fan])
    done = await reset(env, mod, 1)
    told = await done.wait_followup()
    assert told.ephemeral and told.content == (
        f"<@&{champion.id}> wasn't given: the bot needs the Manage Roles permission for that (Server Settings > "
        "Roles > the bot's role; it isn't asked for when the bot is invited)."
    )
    assert champion.id not in env.guild.members["fan"].role_ids
    cleared = await env.slash("config trivia", member=mod, options={"champion-role": env.guild.role("@everyone")})
    assert "no champion role" in cleared.text and "Manage Roles" not in cleared.text


async def test_the_champion_role_goes_to_the_season_winner_and_moves_on(season_env: BotEnv) -> None:
    env = season_env
    guild = env.guild
    mod = env.member("mod", manage_guild=True)
    lane, paris = env.member("lane", nick="Lane"), env.member("paris", nick="Paris")
    champion = guild.add_role("Champion")
    above = guild.add_role("Mods")
    guild.bot_permissions |= discord.Permissions(manage_roles=True).value
    saved = await env.slash("config trivia", member=mod, options={"champion-role": above})
    assert "the bot's highest role must be above" in saved.text
    bot_role = guild.add_role("Companion")  # the bot's own role, above the champion role
    guild.bot_role_ids.append(bot_role.id)
    await env.restart_bot()  # Discord tells a bot its roles when it connects
    saved = await env.slash("config trivia", member=mod, options={"champion-role": champion})
    assert saved.text.endswith("The bot can give it.")

    await seed_scores(env, [lane, paris])
    done = await reset(env, mod, 1)
    assert (
        await done.wait_followup()
    ).content == f"{lane.mention} is season 1's champion and now has <@&{champion.id}>."
    assert champion.id in lane.role_ids and champion.id not in paris.role_ids

    await seed_scores(env, [paris, lane], season=2)
    done = await reset(env, mod, 2)
    assert (
        await done.wait_followup()
    ).content == f"{paris.mention} is season 2's champion and now has <@&{champion.id}>."
    assert champion.id in paris.role_ids and champion.id not in lane.role_ids, "handed on"
    changes = env.standin.requests_matching("PUT /guilds/*/members/*/roles/*")
    assert len(changes) == 2 and not env.standin.rejected_requests
