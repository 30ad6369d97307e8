""" "Is this a real quote?": a message context menu that holds any message up to the article.

The interaction carries the target message's text (its resolved data), so the bot needs no
message-content intent. The answer is ephemeral: the article's real words, who said them, where,
the source, and how the message differs; or that nobody in the article said anything like it.
It uses /ask's retrieval (``SearchEngine.quote_check``): a paraphrase in chat language ("he said
he'd be a jerk if he didn't come back") is recognised; a fabrication is still called one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from bot.db.search_repo import QuoteCard, SearchRepo
from bot.search.people import PeopleIndex
from bot.search.quote_check import Change, Quotation, differences
from bot.search.text import words
from cogs._cards import BODY_LIMIT, QUOTE_COLOUR, add_source, answer_soon, render, reply, spoiler
from cogs._checks import FEATURE_OFF
from cogs._scope import anywhere, scope_of
from cogs._text import ELLIPSIS, EMBED_FIELD_VALUE, escaped, shown

if TYPE_CHECKING:
    from bot.client import CompanionBot
    from bot.search.engine import SearchEngine

MENU_NAME = "Is this a real quote?"


def where_said(card: QuoteCard) -> str:
    """The occasion, saying so when it is not the podcast (the 2017 interview)."""
    where = card.occasion_label
    if not card.is_episode and "not the podcast" not in where.lower():
        where += " (not the podcast episode)"
    return where


def render_differences(changes: list[Change], limit: int = EMBED_FIELD_VALUE) -> str:
    """The message's words struck through where the article differs, the article's in bold."""
    out, room = [], limit - len(ELLIPSIS)
    for change in changes:
        parts = []
        if change.kind in ("message", "changed"):
            parts.append(f"~~{escaped(change.message)}~~")
        if change.kind in ("article", "changed"):
            parts.append(f"**{escaped(change.article)}**")
        if change.kind == "same":
            parts.append(escaped(change.message))
        piece = " ".join(parts)
        if len(piece) + 1 > room:
            out.append(ELLIPSIS)
            break
        out.append(piece)
        room -= len(piece) + 1
    return " ".join(out)


class QuoteCheck(commands.Cog):
    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.menu = anywhere(app_commands.ContextMenu(name=MENU_NAME, callback=self.check))
        self._engine: SearchEngine | None = None
        self._people = PeopleIndex([])

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)
        self._people = PeopleIndex(await self.bot.repos.search.people_names())

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def check(self, interaction: discord.Interaction[CompanionBot], message: discord.Message) -> None:
        scope = await scope_of(interaction)
        if not scope.shows("quote"):
            raise UserFacingError(FEATURE_OFF.format(feature="quotes"))
        if not message.content.strip():
            raise UserFacingError("That message has no text to check.")
        repo: SearchRepo = self.bot.repos.search
        quotes = await repo.visible_quotes(scope.guild_id)
        speakers = {q.speaker_id: q.speaker_name for q in quotes}
        framing = frozenset(w for name in speakers.values() for w in words(name))  # "Milo said ..."
        engine, people = self._retrieval()
        # /ask's retrieval: the first use in a process loads its embedding model (deferred if slow).
        found = await answer_soon(
            interaction,
            engine.quote_check(
                message.content, [Quotation(q.id, q.body) for q in quotes], people=people, names=framing
            ),
            ephemeral=True,
        )
        if found is None:
            who = " or ".join(sorted({name.split()[0] for name in speakers.values()})) or "Nobody"
            await reply(interaction, content=f"{escaped(who)} said nothing like that in the article.", ephemeral=True)
            return
        card = next(q for q in quotes if q.id == found.quote_id)
        body = "“" + render(card.body, [found.window], BODY_LIMIT) + "”"
        embed = discord.Embed(
            title="A real quote, word for word" if found.exact else "Close to a real quote",
            description=spoiler(body) if scope.spoilers else body,
            colour=QUOTE_COLOUR,
        )
        voiced = " (words he puts in others’ mouths)" if card.kind == "voiced" else ""
        embed.add_field(name="Who said it", value=shown(card.speaker_name + voiced, 300), inline=True)
        embed.add_field(name="Where", value=shown(where_said(card), 300), inline=True)
        if not found.exact:
            window = card.body[found.window[0] : found.window[1]]
            diff = render_differences(differences(message.content, window))
            embed.add_field(
                name="How the message differs (~~its words~~ **the article's**)",
                value=spoiler(diff) if scope.spoilers else diff,
                inline=False,
            )
        add_source(embed, card.headline)
        await reply(interaction, embeds=[embed], ephemeral=True)

    def _retrieval(self) -> tuple[SearchEngine, PeopleIndex]:
        """/ask's engine and people (the lookup extension's, when loaded: one model, one index)."""
        lookup = self.bot.get_cog("Lookup")
        if lookup is not None:
            return lookup.engine, lookup.people
        if self._engine is None:
            from bot.search.engine import SearchEngine  # on first use (cogs/lookup/_shared.py)

            self._engine = SearchEngine(self.bot.repos.search)
        return self._engine, self._people


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(QuoteCheck(bot))
