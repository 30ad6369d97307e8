"""``/episode``: the episode's card (podcast, host, guest, topic, people, source), built from the
content the loader stored; anything the article does not say is shown as not stated."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from bot.db.content_repo import ContentRepo, EpisodeCard, Person
from cogs._text import EMBED_FIELD_NAME, EMBED_FIELDS, EMBEDS_TOTAL, shown

if TYPE_CHECKING:
    from bot.client import CompanionBot

NOT_STATED = "not stated in the source"
CARD_COLOUR = discord.Colour(0x8B2E3C)
# Our budgets for the fixed parts sum to well under 6,000, so the people fill the rest.
TITLE_BUDGET, TOPIC_BUDGET, SHORT_BUDGET, PERSON_BUDGET, SOURCE_BUDGET = 200, 1500, 200, 300, 500
# A person's field is named "name (plays role)": the role gets what the name leaves.
NAME_BUDGET = 100
ROLE_IN_NAME_BUDGET = EMBED_FIELD_NAME - NAME_BUDGET - len(" (plays )")


def _plays(person: Person, budget: int = SHORT_BUDGET) -> str:
    return f"plays {shown(person.plays, budget)}" if person.plays else f"plays: {NOT_STATED}"


def build_episode_embed(card: EpisodeCard) -> discord.Embed:
    embed = discord.Embed(
        title=shown(f"{card.podcast}: the episode with {card.guest.name}", TITLE_BUDGET),
        description="**Topic:** " + shown(card.topic, TOPIC_BUDGET),
        colour=CARD_COLOUR,
    )
    embed.add_field(name="Podcast", value=shown(card.podcast, SHORT_BUDGET))
    embed.add_field(name="Aired", value=shown(card.aired, SHORT_BUDGET) if card.aired else NOT_STATED)
    embed.add_field(name="\u200b", value="\u200b")  # ends the row, so host and guest sit side by side
    for role, person in (("Host", card.host), ("Guest", card.guest)):
        embed.add_field(name=role, value=f"**{shown(person.name, SHORT_BUDGET)}**\n{_plays(person)}")
    embed.add_field(name="\u200b", value="\u200b")
    people_from = len(embed.fields)
    for person in card.people[: EMBED_FIELDS - people_from - 1]:
        embed.add_field(
            name=f"{shown(person.name, NAME_BUDGET)} ({_plays(person, ROLE_IN_NAME_BUDGET)})",
            value=shown(person.description, PERSON_BUDGET),
            inline=False,
        )
    embed.add_field(name="Source article", value=f"“{shown(card.headline, SOURCE_BUDGET)}”", inline=False)
    embed.set_footer(text=shown("Every detail here comes from the source article. " + card.source_note, SOURCE_BUDGET))
    while len(embed) > EMBEDS_TOTAL and len(embed.fields) > people_from + 1:
        embed.remove_field(len(embed.fields) - 2)  # drop people from the end; the source stays
    return embed


class Episode(commands.Cog):
    """The episode card. Content does not change while the bot runs, so the card is read once."""

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.embed: discord.Embed | None = None

    async def cog_load(self) -> None:
        # Built once: escaping two dozen strings on every call was half this command's CPU.
        self.embed = build_episode_embed(await ContentRepo(self.bot.db).episode_card())

    @app_commands.command(name="episode", description="The episode: podcast, host, guest, topic and who is who")
    async def episode(self, interaction: discord.Interaction) -> None:
        if self.embed is None:
            raise UserFacingError("The episode's content is not loaded yet.")
        await interaction.response.send_message(embed=self.embed)


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(Episode(bot))
