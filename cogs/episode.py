"""``/episode``: the episode's card (podcast, host, guest, topic, people, source), built from the
content the loader stored; anything the article does not say is shown as not stated."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from bot.db.content_repo import ContentRepo, EpisodeCard, Person

if TYPE_CHECKING:
    from bot.client import CompanionBot

NOT_STATED = "not stated in the source"
CARD_COLOUR = discord.Colour(0x8B2E3C)
# Discord's embed limits.
TITLE_LIMIT, DESCRIPTION_LIMIT, FIELD_NAME_LIMIT, FIELD_VALUE_LIMIT = 256, 4096, 256, 1024
FIELDS_LIMIT, EMBED_LIMIT, FOOTER_LIMIT = 25, 6000, 2048


def clamp(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe(text: str) -> str:
    """Content text shown as written: no markdown, no mentions."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def _plays(person: Person) -> str:
    return f"plays {safe(person.plays)}" if person.plays else f"who they play: {NOT_STATED}"


def build_episode_embed(card: EpisodeCard) -> discord.Embed:
    embed = discord.Embed(
        title=clamp(f"{safe(card.podcast)}: the episode with {safe(card.guest.name)}", TITLE_LIMIT),
        description=clamp(f"**Topic:** {safe(card.topic)}", DESCRIPTION_LIMIT),
        colour=CARD_COLOUR,
    )
    embed.add_field(name="Podcast", value=clamp(safe(card.podcast), FIELD_VALUE_LIMIT))
    embed.add_field(name="Aired", value=clamp(safe(card.aired) if card.aired else NOT_STATED, FIELD_VALUE_LIMIT))
    embed.add_field(name="\u200b", value="\u200b")  # ends the row, so host and guest sit side by side
    for role, person in (("Host", card.host), ("Guest", card.guest)):
        embed.add_field(name=role, value=clamp(f"**{safe(person.name)}**\n{_plays(person)}", FIELD_VALUE_LIMIT))
    embed.add_field(name="\u200b", value="\u200b")
    people_from = len(embed.fields)
    for person in card.people[: FIELDS_LIMIT - people_from - 1]:
        role = f"plays {safe(person.plays)}" if person.plays else f"plays: {NOT_STATED}"
        embed.add_field(
            name=clamp(f"{safe(person.name)} ({role})", FIELD_NAME_LIMIT),
            value=clamp(safe(person.description), FIELD_VALUE_LIMIT),
            inline=False,
        )
    embed.add_field(name="Source article", value=clamp(f"“{safe(card.headline)}”", FIELD_VALUE_LIMIT), inline=False)
    embed.set_footer(text=clamp("Every detail here comes from the source article. " + card.source_note, FOOTER_LIMIT))
    while len(embed) > EMBED_LIMIT and len(embed.fields) > people_from + 1:
        embed.remove_field(len(embed.fields) - 2)  # drop people from the end; the source stays
    return embed


class Episode(commands.Cog):
    """The episode card. Content does not change while the bot runs, so the card is read once."""

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.card: EpisodeCard | None = None

    async def cog_load(self) -> None:
        self.card = await ContentRepo(self.bot.db).episode_card()

    @app_commands.command(name="episode", description="The episode: podcast, host, guest, topic and who is who")
    async def episode(self, interaction: discord.Interaction) -> None:
        if self.card is None:
            raise UserFacingError("The episode's content is not loaded yet.")
        await interaction.response.send_message(embed=build_episode_embed(self.card))


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(Episode(bot))
