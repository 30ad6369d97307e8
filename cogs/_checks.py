"""Run-time checks shared by the cogs: a server-only action in direct messages, a feature turned off by
moderators, the Manage Server permission.

``default_member_permissions`` is only a default that server admins can change, and it does not
apply to subcommands or buttons, so moderator actions always check ``interaction.permissions``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.client import UserFacingError
from bot.db.moderation_repo import ModerationRepo

if TYPE_CHECKING:
    from bot.client import CompanionBot
    from bot.db.guild_settings import GuildConfig

FEATURE_OFF = "Moderators turned {feature} off on this server."
# A feature as members know it: by its command where it is one ("ask" is /ask).
FEATURE_NAMES = {"ask": "/ask"}


def feature_name(feature: str) -> str:
    return FEATURE_NAMES.get(feature, feature)


NOT_A_MODERATOR = "Only moderators (members with the Manage Server permission) can do that."


def guild_id_of(interaction: discord.Interaction) -> int:
    """The server, or the refusal for a server-only command or button used in direct messages."""
    if interaction.guild_id is None:
        raise UserFacingError("That works in a server, not in direct messages.")
    return interaction.guild_id


async def guild_config(interaction: discord.Interaction[CompanionBot]) -> GuildConfig | None:
    """This server's settings (cached), or None in direct messages and where only a member, not the
    server, installed the bot (the defaults apply there)."""
    if interaction.guild_id is None or not interaction.is_guild_integration():
        return None
    return await interaction.client.guild_settings.get(interaction.guild_id)


async def ensure_feature_enabled(interaction: discord.Interaction[CompanionBot], feature: str) -> None:
    config = await guild_config(interaction)
    if config is not None and not config.feature_enabled(feature):
        raise UserFacingError(FEATURE_OFF.format(feature=feature_name(feature)))


def feature_enabled(feature: str):
    """``@feature_enabled("quotes")`` on a command or group: refuses when the server turned it off."""

    async def predicate(interaction: discord.Interaction[CompanionBot]) -> bool:
        await ensure_feature_enabled(interaction, feature)
        return True

    return app_commands.check(predicate)


async def feature_allows_autocomplete(interaction: discord.Interaction[CompanionBot], feature: str) -> bool:
    """Autocomplete of a disabled feature offers nothing."""
    config = await guild_config(interaction)
    return config is None or config.feature_enabled(feature)


def is_moderator(interaction: discord.Interaction) -> bool:
    # Discord sends administrators every permission bit, but don't depend on it.
    permissions = interaction.permissions
    return interaction.guild_id is not None and (permissions.manage_guild or permissions.administrator)


def ensure_moderator(interaction: discord.Interaction) -> None:
    """For buttons and subcommands: raise the ephemeral refusal unless the member has Manage Server."""
    if not is_moderator(interaction):
        raise UserFacingError(NOT_A_MODERATOR)


def moderator_only():
    """``@moderator_only()`` on a command: the run-time Manage Server check."""

    async def predicate(interaction: discord.Interaction) -> bool:
        ensure_moderator(interaction)
        return True

    return app_commands.check(predicate)


async def ensure_shown_here(interaction: discord.Interaction[CompanionBot], kind: str, item_id: str) -> None:
    """For buttons about a quote, fact or person: refused once the content dropped it or this server
    retired it (a card stays on screen after either)."""
    repo: ModerationRepo = interaction.client.repos.moderation
    if not await repo.is_shown(interaction.guild_id, kind, item_id):
        raise UserFacingError(f"That {kind} isn't shown here any more (it was retired or left the content).")
