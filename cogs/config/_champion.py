"""The season champion role (``/config trivia champion-role``): given at ``/config reset-scores`` to the
season's top player (players tied at the top all get it), and taken from the last season's champions.

It needs the Manage Roles permission, which the invite does not ask for (bot/invite.py): a moderator
who sets a role is told at once, and again at the reset, what is missing rather than finding nothing
happened.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.client import UserFacingError
from cogs._text import counted

if TYPE_CHECKING:
    from bot.client import CompanionBot

log = logging.getLogger(__name__)

NO_MANAGE_ROLES = (
    "the bot needs the Manage Roles permission for that (Server Settings > Roles > the bot's role; "
    "it isn't asked for when the bot is invited)"
)


def refuse_unusable(role: discord.Role) -> None:
    """A role no bot can give: one an integration manages (a bot's own, a booster role)."""
    if role.managed:
        raise UserFacingError(f"{role.mention} belongs to an integration; pick a role of your own.")


def role_problem(interaction: discord.Interaction, role: discord.Role) -> str | None:
    """What stops the bot giving ``role`` here, in words a moderator can act on; None when nothing does."""
    if not interaction.app_permissions.manage_roles:
        return f"It can't be given yet: {NO_MANAGE_ROLES}."
    me = interaction.guild.me if interaction.guild else None
    if me is not None and role >= me.top_role:
        return (
            f"It can't be given yet: the bot's highest role must be above {role.mention} "
            "(Server Settings > Roles: drag it higher)."
        )
    return None


async def crown(interaction: discord.Interaction[CompanionBot], season: int, role_id: int) -> str:
    """Give the champion role to ``season``'s champions and take it from the season before's; what
    happened, for the moderator who reset."""
    guild_id = interaction.guild_id
    assert guild_id is not None
    role = f"<@&{role_id}>"
    seasons = interaction.client.repos.seasons
    champions = await seasons.champions(guild_id, season)
    if not champions:
        return f"Nobody scored in season {season}, so nobody gets {role}."
    if not interaction.app_permissions.manage_roles:
        return f"{role} wasn't given: {NO_MANAGE_ROLES}."
    guild = interaction.guild
    if guild is None:  # not cached yet (just after a restart): nothing to give the role through
        return f"{role} couldn't be given just now; give it by hand this time."
    previous = [user for user in await seasons.champions(guild_id, season - 1) if user not in champions]
    try:
        for user_id in previous:  # last season's champions hand the role on
            await _change(guild, user_id, role_id, add=False, why=f"season {season} ended")
        given = [
            user_id
            for user_id in champions
            if await _change(guild, user_id, role_id, add=True, why=f"season {season} champion")
        ]
    except discord.Forbidden:
        return (
            f"Discord refused to give {role}: the bot's highest role must be above it "
            "(Server Settings > Roles: drag it higher), and it needs Manage Roles."
        )
    except discord.HTTPException as exc:
        log.warning("champion role in guild %s: %s %s", guild_id, exc.status, exc.text)
        return f"{role} couldn't be given just now (Discord answered {exc.status}); give it by hand this time."
    if not given:
        return f"Season {season}'s champions have left the server, so nobody gets {role}."
    names = ", ".join(f"<@{user}>" for user in given)
    if len(given) == 1:
        return f"{names} is season {season}'s champion and now has {role}."
    return f"{names} share season {season}'s title ({counted(len(given), 'player')} tied) and now have {role}."


async def _change(guild: discord.Guild, user_id: int, role_id: int, *, add: bool, why: str) -> bool:
    """Give or take the role; False when the member has left the server."""
    try:
        member = await guild.fetch_member(user_id)
        if add:
            await member.add_roles(discord.Object(role_id), reason=why)
        else:
            await member.remove_roles(discord.Object(role_id), reason=why)
    except discord.NotFound:
        return False
    return True
