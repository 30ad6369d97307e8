"""The Hint button: a private hint for the member who asks, which costs part of a right answer's points."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.client import UserFacingError
from bot.trivia.hints import has_hint, kept_choices, letters
from cogs.trivia._answers import AnswerRecorder
from cogs.trivia._embeds import LETTERS
from cogs.trivia._guild import config_if_trivia_on
from cogs.trivia._views import hint_view

if TYPE_CHECKING:
    from bot.db.trivia_formats_repo import FormatsRepo


class HintGiver:
    """Judged against the open round in memory, like a click; one write notes the hint taken."""

    def __init__(self, answers: AnswerRecorder, formats: FormatsRepo) -> None:
        self.answers = answers  # finds the open round and knows who may answer it
        self.formats = formats

    async def give(self, interaction: discord.Interaction, game_id: int, round_no: int) -> None:
        live = self.answers.open_round_for(interaction, game_id, round_no)
        config = await config_if_trivia_on(self.answers.bot, live.guild_id)
        if not config.hints:
            raise UserFacingError("Hints are off on this server.")
        if not has_hint(live.question.form, live.choices):
            raise UserFacingError("This question has no hint: it is already one of two.")
        user_id = interaction.user.id
        self.answers.ensure_may_answer(live, user_id)
        if user_id in live.answered:
            raise UserFacingError("You already answered this question.")
        if user_id not in live.hinted:
            await self.formats.take_hint(live.game_id, live.round_no, live.guild_id, user_id)
            live.hinted.add(user_id)
        cost = self.answers.repo.rule.hint_cost
        kept = kept_choices(live.choices, live.question.answer, f"{live.game_id}:{live.round_no}")
        if kept:  # the buttons below are the two choices left
            first, second = (LETTERS[i] for i in kept)
            text = f"**Hint:** it's **{first}** or **{second}**."
        else:
            text = f"**Hint:** `{letters(live.question.answer)}`"
        text += f"\nA right answer now earns {cost} points less."
        view = hint_view(live, kept, typed=config.typed_answers)
        if view is None:
            await interaction.response.send_message(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, view=view, ephemeral=True)
