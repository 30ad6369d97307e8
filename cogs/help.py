"""``/help``: a short, private guide to the commands, where answers come from, and ``/privacy``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.trivia.scoring import DEFAULT_RULE, ScoringRule
from cogs._scope import anywhere, installed_here

if TYPE_CHECKING:
    from bot.client import CompanionBot

LOOKUPS = (
    "`/ask` a question about the episode, answered only with what the article says",
    "`/quote random|search|by` what Milo said, word for word",
    "`/fact random|about` what the article states, with its own words",
    "`/whois` who someone is, and whom they play",
    "`/episode` the podcast, host, guest, topic and who is who",
    "**Is this a real quote?** (Apps, on any message) the closest thing Milo really said",
)
SERVER_ONLY = (
    "`/trivia` games (to a target score, in teams, or a `/trivia duel`), practice, the daily question and scores",
    "`/report` tell the moderators something is wrong",
    "`/privacy` what the bot stores about you here, and deleting it",
)
SOURCE = (
    "Every answer comes from one news article about Milo Ventimiglia's visit to *I Am All In*, "
    "Scott Patterson's Gilmore Girls podcast; nothing is made up. Cards name who said it, where, and the source."
)


def scoring_text(rule: ScoringRule = DEFAULT_RULE) -> str:
    """Trivia's scoring in a few lines, from the rule itself (docs/commands.md has the detail)."""
    return (
        f"**Trivia scoring**: a right answer earns {rule.base} points, up to {rule.speed_max} more for speed, "
        f"and a streak bonus of {rule.streak_step} for each right answer in a row before it (at most {rule.streak_cap}). "
        f"A hint costs {rule.hint_cost} of a right answer's points. A wrong answer earns nothing, but a wrong "
        f"click in the first {rule.early_window_s:g} seconds costs {rule.early_wrong_penalty}. Every reveal shows "
        "each player's points and why."
    )


def help_text(*, in_server: bool) -> str:
    """The guide: lookups everywhere; the server's own commands only where the server installed the bot."""
    lines = ["**I Am All In companion**", SOURCE, "", *(f"• {line}" for line in LOOKUPS)]
    if in_server:
        lines += [*(f"• {line}" for line in SERVER_ONLY), "", scoring_text()]
    else:
        lines += ["", "In a server that installed the bot there is also trivia, and `/privacy` shows what it stores."]
    return "\n".join(lines)


class Help(commands.Cog):
    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot

    @anywhere
    @app_commands.command(name="help", description="What this bot does, in a few lines (only you see it)")
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(help_text(in_server=installed_here(interaction)), ephemeral=True)


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(Help(bot))
