"""``/ask``: a free question answered only with what the article says, with citations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.search.query import MAX_QUERY_CHARS
from cogs._cards import reply, reply_cards
from cogs._checks import feature_enabled
from cogs._scope import anywhere, scope_of
from cogs._text import echo
from cogs.lookup._quotes import EPHEMERAL
from cogs.lookup._shared import Lookup, search_soon

if TYPE_CHECKING:
    from bot.client import CompanionBot
    from bot.search.engine import Outcome


def not_covered(question: str, outcome: Outcome) -> str:
    topics = ", ".join(f"“{echo(t, 80)}”" for t in outcome.suggestions)
    hint = f" It does talk about {topics}." if topics else ""
    why = outcome.note or "The article doesn't cover that, and I only answer with what it says."
    return f"**Q:** {echo(question, 300)}\n{why}{hint} `/quote search` and `/fact random` show what is there."


CLOSEST = "The article doesn't say that directly; the closest it gets:"


def answer_header(question: str, outcome: Outcome) -> str:
    if outcome.hedged:
        best = CLOSEST.removesuffix(":")
    else:
        best = "From the article" if len(outcome.hits) == 1 else "From the article, best answer first"
    lines = [f"**Q:** {echo(question, 300)}", f"{best}:"]
    if outcome.corrections:
        fixed = ", ".join(f"“{echo(a, 40)}” as “{echo(b, 40)}”" for a, b in outcome.corrections.items())
        lines.append(f"-# I read {fixed}.")
    return "\n".join(lines)


class Ask(commands.Cog):
    """The ask feature (moderators can turn it off: ``ask``). Nothing is generated: every answer
    is a fact, quote or person card from the database, with its citation; the kinds a server turned
    off (quotes, facts) are never answers there. When nothing answers but one card comes close, it
    is shown as what it is: the closest the article gets. The first /ask of a process loads the
    embedding model (well under the 1.5 s after which the answer is deferred)."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup

    @anywhere
    @app_commands.command(name="ask", description="Ask about the episode; answered only from the article")
    @app_commands.describe(question="Your question, e.g. did Jess and Rory end up together?", ephemeral=EPHEMERAL)
    @feature_enabled("ask")
    async def ask(
        self,
        interaction: discord.Interaction[CompanionBot],
        question: app_commands.Range[str, 1, MAX_QUERY_CHARS],
        ephemeral: bool = False,
    ) -> None:
        scope = await scope_of(interaction)
        ephemeral = ephemeral or scope.private_only
        outcome = await search_soon(
            interaction,
            self.lookup.engine.ask(question, scope.guild_id, people=self.lookup.people, kinds=scope.kinds),
            ephemeral=ephemeral,
            asking=True,
        )
        if not outcome.hits:
            await reply(interaction, content=not_covered(question, outcome), ephemeral=ephemeral)
            return
        await reply_cards(
            interaction,
            [hit.card for hit in outcome.hits],
            header=answer_header(question, outcome),
            ephemeral=ephemeral,
            highlighter=self.lookup.engine.highlighter(outcome),
        )
