"""``/trivia custom ...``: moderators' community questions (owned by the moderation feature).

The trivia cog attaches this group under ``/trivia``: ``trivia_group.add_command(CustomQuestionsGroup())``.
Because every member can use ``/trivia``, the run-time Manage Server check is these commands' only guard:
the group's ``interaction_check`` and each command's own ``moderator_only()`` check, and again on the
modal's submit (a separate interaction).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.client import UserFacingError
from bot.moderation.community import (
    MAX_EXPLANATION,
    QuestionProblem,
    build_question,
    check_upload,
    export_document,
    parse_import,
    split_wrong_answers,
)
from cogs._checks import ensure_moderator, guild_id_of, is_moderator, moderator_only
from cogs._question_form import question_fields
from cogs._text import EMBED_DESCRIPTION, clip, counted, shown
from cogs._ui import SafeModal
from cogs.config._shared import actor, moderation_repo

if TYPE_CHECKING:
    from bot.client import CompanionBot

PAGE_SIZE = 15
COLOUR = discord.Colour.blurple()


class CustomQuestionModal(SafeModal, title="New community question", form="community-question"):
    question, answer, wrong = question_fields()
    explanation = discord.ui.TextInput(
        label="Explanation (optional)",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=MAX_EXPLANATION,
        custom_id="explanation",
    )

    async def on_submit(self, interaction: discord.Interaction[CompanionBot]) -> None:
        ensure_moderator(interaction)
        guild_id = guild_id_of(interaction)
        try:
            question = build_question(
                self.question.value, self.answer.value, split_wrong_answers(self.wrong.value), self.explanation.value
            )
            [number] = await moderation_repo(interaction).add_community_questions(
                guild_id, actor(interaction), [question], label=""
            )
        except QuestionProblem as problem:
            raise UserFacingError(f"Not saved: {problem}.") from None
        embed = discord.Embed(
            title=f"Community question #{number}", description=shown(question.prompt, 1000), colour=COLOUR
        )
        embed.add_field(name="Right answer", value=shown(question.answer, 200))
        if question.wrong:
            embed.add_field(name="Wrong answers", value=shown("\n".join(question.wrong), 400))
        if question.explanation:
            embed.add_field(name="Explanation", value=shown(question.explanation, 1000), inline=False)
        await interaction.response.send_message("Saved; it joins this server's trivia.", embed=embed, ephemeral=True)


class CustomQuestionsGroup(app_commands.Group):
    """Moderators' community questions, which join this server's trivia beside the episode's."""

    def __init__(self) -> None:
        super().__init__(name="custom", description="Moderators: this server's community trivia questions")

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        ensure_moderator(interaction)
        return True

    @app_commands.command(name="add", description="Write a community question")
    @moderator_only()
    async def add(self, interaction: discord.Interaction[CompanionBot]) -> None:
        await interaction.response.send_modal(CustomQuestionModal())

    @app_commands.command(name="list", description="This server's community questions")
    @app_commands.describe(page=f"Page of {PAGE_SIZE} questions")
    @moderator_only()
    async def list_questions(
        self, interaction: discord.Interaction[CompanionBot], page: app_commands.Range[int, 1, 1000] = 1
    ) -> None:
        stored = await moderation_repo(interaction).community_questions(guild_id_of(interaction))
        if not stored:
            await interaction.response.send_message(
                "No community questions yet: `/trivia custom add` writes one.", ephemeral=True
            )
            return
        pages = (len(stored) + PAGE_SIZE - 1) // PAGE_SIZE
        page = min(max(page, 1), pages)
        lines = [
            f"**#{s.number}** {shown(s.question.prompt, 120)} → {shown(s.question.answer, 60)}"
            for s in stored[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        ]
        embed = discord.Embed(
            title=f"Community questions ({len(stored)})",
            description=clip("\n".join(lines), EMBED_DESCRIPTION),
            colour=COLOUR,
        )
        embed.set_footer(text=f"Page {page} of {pages} · /trivia custom remove id:<n> · /trivia custom export")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="remove", description="Remove a community question")
    @app_commands.rename(number="id")
    @app_commands.describe(number="The question's number (from /trivia custom list)")
    @moderator_only()
    async def remove(
        self, interaction: discord.Interaction[CompanionBot], number: app_commands.Range[int, 1, 1_000_000_000]
    ) -> None:
        prompt = await moderation_repo(interaction).remove_community_question(
            guild_id_of(interaction), actor(interaction), number
        )
        if prompt is None:
            raise UserFacingError(f"This server has no community question #{number}.")
        await interaction.response.send_message(f"Removed #{number}: {shown(prompt, 300)}", ephemeral=True)

    @remove.autocomplete("number")
    async def remove_autocomplete(
        self, interaction: discord.Interaction[CompanionBot], current: str
    ) -> list[app_commands.Choice[int]]:
        if not is_moderator(interaction):  # autocomplete skips command checks: offer nothing
            return []
        stored = await moderation_repo(interaction).community_questions(interaction.guild_id or 0)
        typed = current.strip().casefold()
        matches = [s for s in stored if typed in f"{s.number} {s.question.prompt}".casefold()]
        return [
            app_commands.Choice(name=clip(f"#{s.number} {s.question.prompt}", 100), value=s.number)
            for s in matches[:25]
        ]

    @app_commands.command(name="export", description="This server's community questions as a JSON file")
    @moderator_only()
    async def export(self, interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id = guild_id_of(interaction)
        stored = await moderation_repo(interaction).community_questions(guild_id)
        if not stored:
            raise UserFacingError("No community questions to export yet.")
        data = export_document((s.number, s.question) for s in stored)
        await interaction.response.send_message(
            f"This server's {counted(len(stored), 'community question')}, in a file `/trivia custom import` reads "
            "back on any server.",
            file=discord.File(io.BytesIO(data), filename=f"community-questions-{guild_id}.json"),
            ephemeral=True,
        )

    @app_commands.command(name="import", description="Add community questions from a JSON file")
    @app_commands.describe(file="A .json file like the one /trivia custom export gives")
    @moderator_only()
    async def import_questions(self, interaction: discord.Interaction[CompanionBot], file: discord.Attachment) -> None:
        guild_id = guild_id_of(interaction)
        try:
            check_upload(file.size, file.content_type, file.filename)  # before downloading a byte
        except QuestionProblem as problem:
            raise UserFacingError(f"Nothing imported: {problem}.") from None
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            data = await file.read()
        except discord.HTTPException:
            raise UserFacingError("I couldn't download that file; try again.") from None
        try:
            numbers = await moderation_repo(interaction).add_community_questions(
                guild_id, actor(interaction), parse_import(data)
            )
        except QuestionProblem as problem:
            raise UserFacingError(f"Nothing imported: {shown(str(problem), 300)}.") from None
        span = f"#{numbers[0]}" if len(numbers) == 1 else f"#{numbers[0]}-#{numbers[-1]}"
        await interaction.followup.send(f"Imported {counted(len(numbers), 'question')} as {span}.", ephemeral=True)
