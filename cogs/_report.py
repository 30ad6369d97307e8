"""The "Report" button offered on every reveal and quote card (owned by the moderation feature).

A dynamic item, so it keeps working after a restart. Other cogs only construct it:
``view.add_item(ReportButton("question", str(question_id)))``.
"""

from __future__ import annotations

import discord

from bot.client import UserFacingError
from cogs._ui import answer_errors

REPORT_KINDS = ("question", "quote", "fact")


class ReportButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"report:(?P<kind>question|quote|fact):(?P<item_id>[A-Za-z0-9:_-]{1,80})",
):
    def __init__(self, kind: str, item_id: str) -> None:
        if kind not in REPORT_KINDS:
            raise ValueError(f"unknown report kind {kind!r}")
        self.kind = kind
        self.item_id = item_id
        super().__init__(
            discord.ui.Button(
                label="Report",
                emoji="\N{TRIANGULAR FLAG ON POST}",
                style=discord.ButtonStyle.secondary,
                custom_id=f"report:{kind}:{item_id}",
            )
        )

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match, /):
        return cls(match["kind"], match["item_id"])

    @answer_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        raise UserFacingError("Reports are not open yet.")  # replaced by the moderation feature
