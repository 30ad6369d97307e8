"""``/whois``: who someone is in the episode, whom they play, and what the bot has about them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from cogs._cards import reply_cards
from cogs._scope import anywhere, scope_of
from cogs.lookup._quotes import EPHEMERAL
from cogs.lookup._shared import Lookup, PersonOption

if TYPE_CHECKING:
    from bot.client import CompanionBot


class Whois(commands.Cog):
    """Always on: knowing who is who is part of every feature."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup

    @anywhere
    @app_commands.command(name="whois", description="Who someone is in the episode, and whom they play")
    @app_commands.describe(person="A name or nickname", ephemeral=EPHEMERAL)
    async def whois(
        self,
        interaction: discord.Interaction[CompanionBot],
        person: PersonOption,
        ephemeral: bool = False,
    ) -> None:
        who = self.lookup.person(person)
        scope = await scope_of(interaction)
        card = await self.lookup.repo.person_card(scope.guild_id, who.id, kinds=scope.kinds)
        if card is None:
            raise UserFacingError("That person is no longer in the bot's content.")
        await reply_cards(interaction, [card], header="", ephemeral=ephemeral)

    @whois.autocomplete("person")
    async def person_choices(
        self, interaction: discord.Interaction[CompanionBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self.lookup.person_choices(interaction, current, None)
