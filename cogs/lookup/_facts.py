"""``/fact random`` and ``/fact about``: facts the article states, each with its evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from cogs._cards import reply_cards
from cogs._checks import feature_enabled
from cogs._scope import anywhere, scope_of
from cogs._text import echo
from cogs.lookup._quotes import EPHEMERAL
from cogs.lookup._shared import Lookup, PersonOption

if TYPE_CHECKING:
    from bot.client import CompanionBot


@anywhere
class Facts(commands.GroupCog, group_name="fact", group_description="Facts from the article, with its own words"):
    """The facts feature (moderators can turn it off: ``facts``)."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        super().__init__()

    @app_commands.command(name="random", description="A random fact from the article")
    @app_commands.describe(ephemeral=EPHEMERAL)
    @feature_enabled("facts")
    async def random(self, interaction: discord.Interaction[CompanionBot], ephemeral: bool = False) -> None:
        scope = await scope_of(interaction)
        card = await self.lookup.repo.random_fact(scope.guild_id)
        if card is None:
            retired = ", or this server retired them all" if scope.installed else ""
            raise UserFacingError(f"There is no fact to show (none is loaded{retired}).")
        await reply_cards(interaction, [card], header="", ephemeral=ephemeral)

    @app_commands.command(name="about", description="What the article says about one person")
    @app_commands.describe(person="Who", ephemeral=EPHEMERAL)
    @feature_enabled("facts")
    async def about(
        self,
        interaction: discord.Interaction[CompanionBot],
        person: PersonOption,
        ephemeral: bool = False,
    ) -> None:
        who = self.lookup.person(person)
        scope = await scope_of(interaction)
        cards = await self.lookup.repo.facts_about(scope.guild_id, who.id)
        if not cards:
            raise UserFacingError(f"I have no facts about {echo(who.name)}{scope.retired_note()}.")
        await reply_cards(interaction, cards, header=f"Facts about {echo(who.name)}", ephemeral=ephemeral)

    @about.autocomplete("person")
    async def person_choices(
        self, interaction: discord.Interaction[CompanionBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self.lookup.person_choices(interaction, current, "facts")
