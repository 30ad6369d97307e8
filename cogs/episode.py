"""``/episode``: the episode's card (podcast, host, guest, topic, people, source), built from the
content the loader stored; anything the article does not say is shown as not stated."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from bot.db.content_repo import EpisodeCard, Person
from cogs._scope import anywhere, scope_of
from cogs._text import EMBED_FIELD_NAME, EMBED_FIELDS, EMBEDS_TOTAL, clip, one_line, shown

if TYPE_CHECKING:
    from bot.client import CompanionBot

NOT_STATED = "not stated in the source"
CARD_COLOUR = discord.Colour(0x8B2E3C)
# Our budgets for the fixed parts sum to well under 6,000, so the people fill the rest.
TITLE_BUDGET, TOPIC_BUDGET, SHORT_BUDGET, PERSON_BUDGET, SOURCE_BUDGET = 200, 1500, 200, 300, 500
NAME_BUDGET = 100  # a person's field is named "name · what they do"; the role gets the rest
ROLE_IN_NAME_BUDGET = EMBED_FIELD_NAME - NAME_BUDGET - len(" · ")


def what_they_do(person: Person, budget: int = SHORT_BUDGET) -> str:
    """Their part in Gilmore Girls, as far as the article says: a writer, whom they play, or not stated."""
    if person.role == "writer":
        return "writer"
    if person.plays:
        return f"plays {shown(person.plays, budget)}"
    return f"in the cast; whom they play is {NOT_STATED}" if person.role == "cast" else f"role {NOT_STATED}"


def build_episode_embed(card: EpisodeCard) -> discord.Embed:
    """At a glance: the podcast, its host, the guest and the topic first; then everyone else the
    article names, with what they do; the source once, at the foot."""
    lines = [
        f"**Podcast:** {shown(card.podcast, SHORT_BUDGET)}",
        f"**Host:** {shown(card.host.name, SHORT_BUDGET)} ({what_they_do(card.host)})",
        f"**Guest:** {shown(card.guest.name, SHORT_BUDGET)} ({what_they_do(card.guest)})",
        f"**Topic:** {shown(card.topic, TOPIC_BUDGET)}",
        f"**Aired:** {shown(card.aired, SHORT_BUDGET) if card.aired else NOT_STATED}",
    ]
    embed = discord.Embed(
        title=shown(f"{card.podcast}: the episode with {card.guest.name}", TITLE_BUDGET),
        description="\n".join(lines),
        colour=CARD_COLOUR,
    )
    others = [p for p in card.people if p.id not in (card.host.id, card.guest.id)]
    for person in others[:EMBED_FIELDS]:
        embed.add_field(
            name=f"{shown(person.name, NAME_BUDGET)} · {what_they_do(person, ROLE_IN_NAME_BUDGET)}"[:EMBED_FIELD_NAME],
            value=shown(person.description, PERSON_BUDGET),
            inline=False,
        )
    source = f"Source: the news article “{clip(one_line(card.headline), SOURCE_BUDGET)}”. {card.source_note}"
    embed.set_footer(text=clip(source, 2 * SOURCE_BUDGET))
    while len(embed) > EMBEDS_TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)  # drop people from the end; the top block stays
    return embed


class Episode(commands.Cog):
    """The episode card. Content does not change while the bot runs, so the card is read once."""

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.embed: discord.Embed | None = None

    async def cog_load(self) -> None:
        # Built once: escaping two dozen strings on every call was half this command's CPU.
        self.embed = build_episode_embed(await self.bot.repos.content.episode_card())

    @anywhere
    @app_commands.command(name="episode", description="The episode: podcast, host, guest, topic and who is who")
    async def episode(self, interaction: discord.Interaction) -> None:
        if self.embed is None:
            raise UserFacingError("The episode's content is not loaded yet.")
        private = (await scope_of(interaction)).private_only
        await interaction.response.send_message(embed=self.embed, ephemeral=private)


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(Episode(bot))
