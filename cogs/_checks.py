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
from bot.invite import NEEDED_PERMISSIONS

if TYPE_CHECKING:
    from bot.client import CompanionBot
    from bot.db.guild_settings import GuildConfig
    from bot.db.trivia_repo import TriviaRepo

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


OPEN_HERE = (
    "That question is being asked on this server right now; answer it there. `/trivia question` gives a practice one."
)


async def refuse_open_question(repo: TriviaRepo, guild_id: int, question_id: int) -> None:
    """For anything that would show a question by its id (a practice click): refused while the
    question is open on this server, in a game's round or as the daily question, until revealed."""
    if question_id in await repo.open_question_ids(guild_id):
        raise UserFacingError(OPEN_HERE)


# What the bot needs where it posts messages of its own (a game's questions, reveals and standings),
# named as the invite asks for them (bot/invite.py): an interaction's answer needs none of these, so
# a command answers even where they are missing.
_TO_POST = ("view_channel", "send_messages", "embed_links")
_TO_POST_IN_A_THREAD = ("view_channel", "send_messages_in_threads", "embed_links")
_NAMES = {permission.flag: permission.name for permission in NEEDED_PERMISSIONS}
_THREADS = (discord.ChannelType.public_thread, discord.ChannelType.private_thread, discord.ChannelType.news_thread)


def missing_to_post(interaction: discord.Interaction) -> list[str]:
    """The permissions the bot lacks to post in the interaction's channel, as Discord names them
    (``app_permissions`` are the bot's own in that channel)."""
    permissions = interaction.app_permissions
    if permissions.administrator:
        return []
    in_a_thread = getattr(interaction.channel, "type", None) in _THREADS
    needed = _TO_POST_IN_A_THREAD if in_a_thread else _TO_POST
    return [_NAMES[flag] for flag in needed if not getattr(permissions, flag)]


def ensure_bot_can_post(interaction: discord.Interaction, what: str) -> None:
    """Refuse, before announcing ``what`` (a game), what the bot could not then post here."""
    missing = missing_to_post(interaction)
    if missing:
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
        several = len(missing) > 1
        raise UserFacingError(
            f"I can't run {what} in this channel: I'm missing the {listed} permission{'s' if several else ''} here. "
            f"A moderator can grant {'them' if several else 'it'} in the channel's settings, or start it in another channel."
        )
