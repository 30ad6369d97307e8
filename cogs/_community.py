"""``/trivia custom ...``: moderators' community questions (owned by the moderation feature).

The trivia cog attaches this group under ``/trivia``: ``trivia_group.add_command(CustomQuestionsGroup())``.
Because every member can use ``/trivia``, the run-time Manage Server check is these commands' only guard.
"""

from __future__ import annotations

from discord import app_commands


class CustomQuestionsGroup(app_commands.Group):
    def __init__(self) -> None:
        super().__init__(name="custom", description="Moderators: this server's community trivia questions")
