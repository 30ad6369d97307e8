"""Helpers the moderation cogs share: the repository, who is acting, checked numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.client import UserFacingError
from bot.db.moderation_repo import Actor, ModerationRepo

if TYPE_CHECKING:
    from bot.client import CompanionBot


def moderation_repo(interaction: discord.Interaction[CompanionBot]) -> ModerationRepo:
    """A repository over the bot's database and settings cache (a light object, made per use)."""
    return interaction.client.repos.moderation


def actor(interaction: discord.Interaction) -> Actor:
    return Actor(interaction.user.id, interaction.user.display_name)


class IntRange(app_commands.Transformer):
    """``Range[int, low, high]`` that is also enforced here: discord.py leaves ranges to Discord,
    and a value from an unchecked client must not reach a CHECK constraint as a crash."""

    def __init__(self, low: int, high: int) -> None:
        self.low = low
        self.high = high

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.integer

    @property
    def min_value(self) -> int:
        return self.low

    @property
    def max_value(self) -> int:
        return self.high

    async def transform(self, interaction: discord.Interaction, value: object, /) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not self.low <= value <= self.high:
            raise UserFacingError(f"Pick a number from {self.low} to {self.high}.")
        return value
