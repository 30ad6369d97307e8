"""``/report``: any member flags a question, quote or fact they think is wrong.

Also registers the Report button that trivia reveals and quote cards carry, so it answers after a
restart. Moderators review reports with ``/config reports``.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from bot.member_text import problem_in
from bot.moderation.reports import MAX_REASON, MIN_REASON, ReportProblem, parse_item_id
from cogs._checks import guild_id_of
from cogs._report import ReportButton, file_report
from cogs._text import clip, echo, one_line
from cogs.config._shared import moderation_repo

if TYPE_CHECKING:
    from bot.client import CompanionBot


class Reports(commands.Cog):
    """Members' reports of wrong content."""

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ReportButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ReportButton)

    @app_commands.command(name="report", description="Tell the moderators a question, quote or fact is wrong")
    @app_commands.guild_only()
    @app_commands.describe(
        kind="What you are reporting",
        item="Start typing its words and pick it from the list",
        reason="What is wrong with it",
    )
    async def report(
        self,
        interaction: discord.Interaction[CompanionBot],
        kind: Literal["question", "quote", "fact"],
        item: app_commands.Range[str, 1, 100],
        reason: app_commands.Range[str, MIN_REASON, MAX_REASON],
    ) -> None:
        await file_report(interaction, kind, await self.picked_item(interaction, kind, item), reason)

    async def picked_item(self, interaction: discord.Interaction[CompanionBot], kind: str, typed: str) -> str:
        """The item's id: the value of the suggestion picked, or, when the member sent words of
        their own, the one item holding them (several: they are asked to pick)."""
        guild_id = guild_id_of(interaction)
        if (problem := problem_in(typed, "The item")) is not None:  # a lone surrogate can't even be looked up
            raise UserFacingError(f"{problem}.")
        repo = moderation_repo(interaction)
        with contextlib.suppress(ReportProblem):
            if await repo.find_item(guild_id, kind, parse_item_id(kind, typed)) is not None:
                return typed
        found = await repo.search_items(guild_id, kind, typed.strip()[:100], limit=2)
        if len(found) > 1:
            raise UserFacingError(f"More than one {kind} holds “{echo(typed)}”: pick yours from the list as you type.")
        return found[0][0] if found else typed  # none: file_report says it can't find it

    @report.autocomplete("item")
    async def item_autocomplete(
        self, interaction: discord.Interaction[CompanionBot], current: str
    ) -> list[app_commands.Choice[str]]:
        kind = getattr(interaction.namespace, "kind", None)
        if interaction.guild_id is None or kind is None:
            return []
        found = await moderation_repo(interaction).search_items(interaction.guild_id, kind, current.strip()[:100])
        return [app_commands.Choice(name=clip(one_line(text), 100), value=item_id) for item_id, text in found]


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(Reports(bot))
