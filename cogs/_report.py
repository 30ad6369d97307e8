"""The "Report" button offered on every reveal and quote card (owned by the moderation feature).

A dynamic item, so it keeps working after a restart. Other cogs only construct it:
``view.add_item(ReportButton("question", str(question_id)))``. A click opens a short modal for why;
the report then waits in ``/config reports``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.client import UserFacingError
from bot.moderation.reports import (
    ASKED_NOW,
    MAX_REASON,
    MIN_REASON,
    REPORT_KINDS,
    ReportProblem,
    clean_reason,
    parse_item_id,
)
from cogs._checks import guild_id_of
from cogs._custom_ids import BadId, IdButton, Slug, Word
from cogs._ui import SafeModal
from cogs.config._shared import moderation_repo

if TYPE_CHECKING:
    from bot.client import CompanionBot

THANKS = "Thanks: the moderators will look at it."
# Only a question can have cost points (a wrong answer to a wrong question); retiring it gives them back.
THANKS_FOR_A_QUESTION = f"{THANKS} If they retire the question, the points it cost you come back."


def thanks(kind: str) -> str:
    return THANKS_FOR_A_QUESTION if kind == "question" else THANKS


async def file_report(interaction: discord.Interaction[CompanionBot], kind: str, item_id: str, reason: str) -> None:
    """Shared by the button's modal and ``/report``: validate, store, thank."""
    guild_id = guild_id_of(interaction)
    try:
        await moderation_repo(interaction).file_report(
            guild_id, interaction.user.id, kind, parse_item_id(kind, item_id), clean_reason(reason)
        )
    except ReportProblem as problem:
        raise UserFacingError(str(problem)) from None
    await interaction.response.send_message(thanks(kind), ephemeral=True)


class ReportModal(SafeModal, title="Report", form="report"):
    reason = discord.ui.TextInput(
        label="What is wrong with it?",
        style=discord.TextStyle.paragraph,
        min_length=MIN_REASON,
        max_length=MAX_REASON,
        placeholder="e.g. the right answer is wrong, or the quote is misattributed",
        custom_id="reason",
    )

    def __init__(self, kind: str, item_id: str) -> None:
        super().__init__(title=f"Report this {kind}")
        self.kind = kind
        self.item_id = item_id

    async def on_submit(self, interaction: discord.Interaction[CompanionBot]) -> None:
        await file_report(interaction, self.kind, self.item_id, self.reason.value)


class ReportButton(IdButton, kind="report", parts=(Word("kind", REPORT_KINDS), Slug("item_id"))):
    def __init__(self, kind: str, item_id: str) -> None:
        self.kind = kind
        self.item_id = item_id
        super().__init__(
            discord.ui.Button(
                label="Report",
                emoji="\N{TRIANGULAR FLAG ON POST}",
                style=discord.ButtonStyle.secondary,
                custom_id=self.custom_id_for(kind, item_id),
            )
        )

    @classmethod
    def from_parts(cls, *, kind: str, item_id: str) -> ReportButton:
        try:
            return cls(kind, parse_item_id(kind, item_id))  # a question's id is a number SQLite can hold
        except ReportProblem as problem:
            raise BadId(str(problem)) from None

    async def act(self, interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id = guild_id_of(interaction)
        repo = moderation_repo(interaction)
        # Refuse before the modal, so nobody writes a reason for something that can't be reported. The
        # item is looked up as this server sees it: another server's community question is not found.
        item = await repo.find_item(guild_id, self.kind, self.item_id)
        if item is None or await repo.is_retired(guild_id, self.kind, self.item_id):
            raise UserFacingError(f"That {self.kind} can't be reported any more (it may have been retired).")
        if item.asked_now:  # open in a game here now (the same question can be in two channels)
            raise UserFacingError(ASKED_NOW)
        await interaction.response.send_modal(ReportModal(self.kind, self.item_id))
