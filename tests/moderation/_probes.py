"""Test-only extension: ``/probe-report`` answers with a message carrying the Report button, as trivia
reveals and quote cards do, so the button can be tested on any item."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from cogs._report import ReportButton


class Probes(commands.Cog):
    @app_commands.command(name="probe-report", description="A message with a Report button")
    @app_commands.describe(kind="What", item="Its id")
    async def probe_report(
        self, interaction: discord.Interaction, kind: Literal["question", "quote", "fact"], item: str
    ) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(ReportButton(kind, item))
        await interaction.response.send_message(f"{kind} {item}", view=view)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Probes())
