"""The boxes every form that writes a community question shares (moderators' /trivia custom add and
members' suggestions), so both ask for the same thing within the same limits."""

from __future__ import annotations

import discord

from bot.moderation.community import MAX_ANSWER, MAX_PROMPT, MAX_WRONG, MIN_PROMPT


def question_fields() -> tuple[discord.ui.TextInput, discord.ui.TextInput, discord.ui.TextInput]:
    """The question, right answer and wrong answers boxes (new objects: a form class owns its own)."""
    return (
        discord.ui.TextInput(
            label="Question",
            style=discord.TextStyle.paragraph,
            min_length=MIN_PROMPT,
            max_length=MAX_PROMPT,
            custom_id="question",
        ),
        discord.ui.TextInput(label="Right answer", max_length=MAX_ANSWER, custom_id="answer"),
        discord.ui.TextInput(
            label=f"Wrong answers (one per line, up to {MAX_WRONG})",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=MAX_WRONG * (MAX_ANSWER + 1),
            placeholder="None: members type the answer",
            custom_id="wrong",
        ),
    )
