"""``/quote random``, ``/quote search`` and ``/quote by``: the article's quotations, as printed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from bot.search.query import MAX_QUERY_CHARS
from cogs._cards import refuse, reply_cards
from cogs._checks import feature_enabled
from cogs._scope import anywhere, scope_of
from cogs._text import echo
from cogs.lookup._shared import Lookup, PersonOption, search_soon

if TYPE_CHECKING:
    from bot.client import CompanionBot
    from bot.search.engine import Outcome

EPHEMERAL = "Only you see the answer (default: everyone in the channel does)"


def search_header(text: str, outcome: Outcome) -> str:
    """What the results are for, and how they were found when not by the words as typed."""
    from bot.search.engine import Fallback  # imported by the search that found the outcome

    lines = [f"Quotes matching “{echo(text)}”"]
    if outcome.fallback == Fallback.CORRECTED:
        fixed = ", ".join(f"“{echo(a, 40)}” as “{echo(b, 40)}”" for a, b in outcome.corrections.items())
        lines.append(f"No exact match, so I read {fixed}.")
    elif outcome.fallback == Fallback.PREFIX:
        lines.append("No exact match: these have words that start with yours.")
    elif outcome.fallback == Fallback.SOME_WORDS:
        lines.append("No quote has all of those words; these have some of them.")
    if outcome.ignored:
        lines.append(f"-# Left out common words: {echo(', '.join(outcome.ignored), 200)}")
    if outcome.truncated:
        lines.append(f"-# Only the first {len(outcome.words)} words were used.")
    return "\n".join(lines)


def no_match(text: str, outcome: Outcome) -> str:
    tries = ", ".join(f"“{echo(w, 40)}”" for w in outcome.suggestions)
    suggestion = f" Try a word like {tries}, or" if tries else " Try"
    return f"No quote matches “{echo(text)}”.{suggestion} `/quote random` for a surprise."


@anywhere
class Quotes(
    commands.GroupCog, group_name="quote", group_description="What was said, exactly as the article prints it"
):
    """The quotes feature (moderators can turn it off: ``quotes``)."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        super().__init__()

    @app_commands.command(name="random", description="A random quote from the article")
    @app_commands.describe(speaker="Only quotes by this person", ephemeral=EPHEMERAL)
    @feature_enabled("quotes")
    async def random(
        self,
        interaction: discord.Interaction[CompanionBot],
        speaker: PersonOption | None = None,
        ephemeral: bool = False,
    ) -> None:
        person = self.lookup.person(speaker) if speaker else None
        scope = await scope_of(interaction)
        card = await self.lookup.repo.random_quote(scope.guild_id, person.id if person else None)
        if card is None:
            who = f" by {echo(person.name)}" if person else ""
            retired = ", or this server retired them" if scope.installed else ""
            raise UserFacingError(f"There is no quote{who} to show (the article has none{retired}).")
        await reply_cards(interaction, [card], header="", ephemeral=ephemeral)

    @app_commands.command(name="search", description="Find a quote by words you remember")
    @app_commands.describe(text="Words from the quote (any case, apostrophes optional)", ephemeral=EPHEMERAL)
    @feature_enabled("quotes")
    async def search(
        self,
        interaction: discord.Interaction[CompanionBot],
        text: app_commands.Range[str, 1, MAX_QUERY_CHARS],
        ephemeral: bool = False,
    ) -> None:
        scope = await scope_of(interaction)
        outcome = await search_soon(
            interaction,
            self.lookup.engine.search_quotes(text, scope.guild_id),
            ephemeral=ephemeral or scope.private_only,
        )
        if not outcome.hits:
            await refuse(interaction, no_match(text, outcome))
            return
        await reply_cards(
            interaction,
            [hit.card for hit in outcome.hits],
            header=search_header(text, outcome),
            ephemeral=ephemeral,
            highlighter=self.lookup.engine.highlighter(outcome),
        )

    @app_commands.command(name="by", description="Everything one person says in the article")
    @app_commands.describe(speaker="Whose quotes", ephemeral=EPHEMERAL)
    @feature_enabled("quotes")
    async def by(
        self,
        interaction: discord.Interaction[CompanionBot],
        speaker: PersonOption,
        ephemeral: bool = False,
    ) -> None:
        person = self.lookup.person(speaker)
        scope = await scope_of(interaction)
        cards = await self.lookup.repo.quotes_by(scope.guild_id, person.id)
        if not cards:
            retired = " (or this server retired it)" if scope.installed else ""
            raise UserFacingError(
                f"The article quotes nothing by {echo(person.name)}{retired}. `/whois` tells you who they are."
            )
        await reply_cards(
            interaction, cards, header=f"Quotes by {echo(person.name)}, in article order", ephemeral=ephemeral
        )

    @random.autocomplete("speaker")
    @by.autocomplete("speaker")
    async def speaker_choices(
        self, interaction: discord.Interaction[CompanionBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self.lookup.person_choices(interaction, current, "quotes", speakers_only=True)
