"""Test-only extension. A stand-in ``/trivia`` group that attaches ``CustomQuestionsGroup`` exactly as
the trivia cog is asked to (``trivia_group.add_command(CustomQuestionsGroup())``): every member may use
``/trivia``, so only the custom group's own run-time check guards its commands. Also a feature-gated
``/trivia ping`` (to see ``/config cog`` take effect) and ``/probe-report`` (a message carrying the
Report button, as trivia reveals and quote cards will)."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from cogs._checks import feature_enabled
from cogs._community import CustomQuestionsGroup
from cogs._report import ReportButton


class TriviaHost(commands.Cog):
    trivia = app_commands.Group(name="trivia", description="Trivia", guild_only=True)

    def __init__(self) -> None:
        self.trivia.add_command(CustomQuestionsGroup())

    @trivia.command(name="ping", description="Answers if trivia is on here")
    @feature_enabled("trivia")
    async def ping(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    @app_commands.command(name="probe-report", description="A message with a Report button")
    @app_commands.describe(kind="What", item="Its id")
    async def probe_report(
        self, interaction: discord.Interaction, kind: Literal["question", "quote", "fact"], item: str
    ) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(ReportButton(kind, item))
        await interaction.response.send_message(f"{kind} {item}", view=view)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(TriviaHost())
