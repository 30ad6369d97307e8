"""``/ask``: a free question answered only with what the article says, with citations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.search.engine import Outcome
from bot.search.query import MAX_QUERY_CHARS
from cogs._cards import reply, reply_cards
from cogs._checks import feature_enabled
from cogs._text import echo
from cogs.lookup._quotes import EPHEMERAL
from cogs.lookup._shared import Lookup, search_soon

if TYPE_CHECKING:
    from bot.client import CompanionBot


def not_covered(question: str, outcome: Outcome) -> str:
    tries = ", ".join(f"“{echo(w, 40)}”" for w in outcome.suggestions)
    hint = f" It does talk about things like {tries}." if tries else ""
    return (
        f"**Q:** {echo(question, 300)}\n"
        f"The article doesn't cover that, and I only answer with what it says.{hint} "
        "`/quote search` and `/fact random` show what is there."
    )


def answer_header(question: str, outcome: Outcome) -> str:
    lines = [f"**Q:** {echo(question, 300)}", "From the article, best match first (matched words in bold):"]
    if outcome.corrections:
        fixed = ", ".join(f"“{echo(a, 40)}” as “{echo(b, 40)}”" for a, b in outcome.corrections.items())
        lines.append(f"-# I read {fixed}.")
    return "\n".join(lines)


class Ask(commands.Cog):
    """The ask feature (moderators can turn it off: ``ask``). Nothing is generated: every answer
    is a fact, quote or person card from the database, with its citation."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup

    @app_commands.command(name="ask", description="Ask about the episode; answered only from the article")
    @app_commands.describe(question="Your question, e.g. who hosts the podcast?", ephemeral=EPHEMERAL)
    @feature_enabled("ask")
    async def ask(
        self,
        interaction: discord.Interaction[CompanionBot],
        question: app_commands.Range[str, 1, MAX_QUERY_CHARS],
        ephemeral: bool = False,
    ) -> None:
        outcome = await search_soon(
            interaction,
            self.lookup.engine.ask(
                question, self.lookup.guild_of(interaction), name_words=self.lookup.people.name_words
            ),
            ephemeral=ephemeral,
            asking=True,
        )
        if not outcome.hits:
            await reply(interaction, content=not_covered(question, outcome), ephemeral=ephemeral)
            return
        cards = [hit.card for hit in outcome.hits]
        await reply_cards(
            interaction,
            cards,
            header=answer_header(question, outcome),
            ephemeral=ephemeral,
            highlighter=self.lookup.engine.highlighter(outcome),
        )
