"""Members suggest trivia questions: ``/trivia suggest`` and the message context menu "Suggest as trivia
question" open one form, whose suggestion waits for the moderators (``/config suggestions``).

The trivia cog attaches both: ``trivia_group.add_command(suggest_command())`` and, in ``cog_load``,
``bot.tree.add_command(suggest_menu())``. A context menu's interaction carries the message it was
used on, content included, so no message-content intent is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.client import UserFacingError
from bot.db.suggestions_repo import StoredSuggestion
from bot.moderation.community import (
    MIN_PROMPT,
    QuestionProblem,
    split_wrong_answers,
)
from bot.moderation.suggestions import MAX_SOURCE, MIN_SOURCE, build_suggestion, prefill
from cogs._checks import ensure_feature_enabled, guild_id_of
from cogs._question_form import question_fields
from cogs._text import escaped
from cogs._ui import SafeModal

if TYPE_CHECKING:
    from bot.client import CompanionBot

MENU_NAME = "Suggest as trivia question"
COLOUR = discord.Colour.gold()


def suggestion_embed(suggestion: StoredSuggestion, *, title: str | None = None) -> discord.Embed:
    """A suggestion as moderators review it (and as its member sees what they sent): every field
    whole, escaped as trivia shows it once approved, never cut (what a moderator approves is exactly
    what is published). Member text escapes to at most twice its length, and the fields' limits
    leave room for that (tests/hostile/test_review_properties.py); one embed stays under 2,500 characters."""
    question = suggestion.question
    embed = discord.Embed(
        title=title or f"Suggestion #{suggestion.id}", description=escaped(question.prompt), colour=COLOUR
    )
    embed.add_field(name="Right answer", value=escaped(question.answer), inline=False)
    wrong = "\n".join(escaped(w) for w in question.wrong) if question.wrong else "none: members type it"
    embed.add_field(name="Wrong answers", value=wrong, inline=False)
    embed.add_field(name="Where it comes from", value=escaped(question.explanation or "") or "—", inline=False)
    embed.add_field(name="Suggested by", value=f"<@{suggestion.user_id}>", inline=False)  # never pings in an embed
    return embed


class SuggestionModal(SafeModal, title="Suggest a trivia question", form="suggestion"):
    question, answer, wrong = question_fields()
    source = discord.ui.TextInput(
        label="Why is it right? Where is it from?",
        style=discord.TextStyle.paragraph,
        min_length=MIN_SOURCE,
        max_length=MAX_SOURCE,
        placeholder="e.g. the episode around 12:30, or the article's words",
        custom_id="source",
    )

    def __init__(self, *, question: str = "", source: str = "") -> None:
        super().__init__()
        self.question.default = question if len(question) >= MIN_PROMPT else None
        self.source.default = source or None

    async def on_submit(self, interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id = guild_id_of(interaction)
        await ensure_feature_enabled(interaction, "trivia")  # it may have been turned off since the form opened
        try:
            suggestion = build_suggestion(
                self.question.value, self.answer.value, split_wrong_answers(self.wrong.value), self.source.value
            )
            number = await interaction.client.repos.suggestions.add(guild_id, interaction.user.id, suggestion)
        except QuestionProblem as problem:
            raise UserFacingError(f"Not sent: {problem}.") from None
        sent = StoredSuggestion(number, interaction.user.id, suggestion, "")
        await interaction.response.send_message(
            f"Thanks! Suggestion #{number} is waiting for the moderators; it joins this server's trivia once one "
            "of them approves it.",
            embed=suggestion_embed(sent, title="Your suggestion"),
            ephemeral=True,
        )


def suggest_command() -> app_commands.Command:
    """``/trivia suggest`` (a new command object per cog instance: each bot's tree owns its own)."""

    @app_commands.command(name="suggest", description="Suggest a trivia question to this server's moderators")
    async def suggest(interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id_of(interaction)
        await ensure_feature_enabled(interaction, "trivia")
        await interaction.response.send_modal(SuggestionModal())

    return suggest


def suggest_menu() -> app_commands.ContextMenu:
    """The message context menu: the same form, its question prefilled with the message's text."""

    @app_commands.context_menu(name=MENU_NAME)
    @app_commands.guild_only()
    async def suggest_from_message(interaction: discord.Interaction[CompanionBot], message: discord.Message) -> None:
        guild_id_of(interaction)
        await ensure_feature_enabled(interaction, "trivia")
        await interaction.response.send_modal(
            SuggestionModal(question=prefill(message.content or ""), source=f"This message: {message.jump_url}")
        )

    return suggest_from_message
