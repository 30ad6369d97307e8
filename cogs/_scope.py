"""Where a lookup runs, and what it may show there.

Lookups (``/quote``, ``/fact``, ``/whois``, ``/ask``, ``/episode``, ``/help`` and "Is this a real
quote?") can be installed by a member for themself and used anywhere: in servers that installed the
bot, in servers that did not, and in direct messages. Only a server that installed the bot has
settings: elsewhere the defaults apply and nothing is said about moderators or reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.db.search_repo import NO_GUILD
from cogs._checks import guild_config

if TYPE_CHECKING:
    from bot.client import CompanionBot

# Which feature switch hides which kind of card (people are always shown: /whois is always on).
FEATURE_OF_KIND = {"quote": "quotes", "fact": "facts"}


def anywhere(command):
    """A lookup: installable on a server or by a member, usable in servers, DMs and group DMs."""
    command = app_commands.allowed_installs(guilds=True, users=True)(command)
    return app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)(command)


@dataclass(frozen=True, slots=True)
class Scope:
    guild_id: int  # whose retirements apply (NO_GUILD where the bot is not installed)
    installed: bool  # a server that installed the bot: its settings and reports apply
    kinds: tuple[str, ...]  # the kinds of card this server shows ("quote", "fact", "person")
    spoilers: bool
    private_only: bool  # Discord would not show others an answer here: answer ephemerally

    def shows(self, kind: str) -> bool:
        return kind in self.kinds

    def retired_note(self) -> str:
        """How a refusal mentions this server's retired items (nothing where there are none)."""
        return " (or this server retired them)" if self.installed else ""


def installed_here(interaction: discord.Interaction) -> bool:
    """Whether this server installed the bot (a member's own install does not count)."""
    return interaction.guild_id is not None and interaction.is_guild_integration()


async def scope_of(interaction: discord.Interaction[CompanionBot]) -> Scope:
    config = await guild_config(interaction)
    kinds = tuple(
        kind
        for kind in ("quote", "fact", "person")
        if config is None or kind not in FEATURE_OF_KIND or config.feature_enabled(FEATURE_OF_KIND[kind])
    )
    installed = installed_here(interaction)
    # A member's own install in a server that did not install the bot: members without "Use
    # External Apps" only ever see ephemeral answers, so the bot sends them so.
    private_only = interaction.guild_id is not None and not installed and not interaction.permissions.use_external_apps
    return Scope(
        interaction.guild_id if installed and interaction.guild_id else NO_GUILD,
        installed,
        kinds,
        bool(config and config.spoilers),
        private_only,
    )
