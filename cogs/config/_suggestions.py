"""``/config suggestions``: members' trivia suggestions, each with Approve / Reject buttons (the pattern
of ``/config reports``). The buttons are dynamic items and check Manage Server on every click."""

from __future__ import annotations

import discord

from bot.client import UserFacingError
from bot.db.suggestions_repo import Review, SuggestionsRepo
from bot.moderation.community import QuestionProblem
from bot.moderation.fingerprint import FINGERPRINT_HEX
from cogs._checks import ensure_moderator, guild_id_of
from cogs._custom_ids import Hex, Id, IdButton, Word
from cogs._suggestions import suggestion_embed
from cogs._text import counted, sentence
from cogs.config._embeds import Page, review_page
from cogs.config._shared import actor

SUGGESTIONS_PER_PAGE = 5  # one row of Approve / Reject buttons per suggestion; Discord allows five rows


def suggestions_repo(interaction: discord.Interaction) -> SuggestionsRepo:
    return interaction.client.repos.suggestions  # type: ignore[attr-defined]


class ReviewSuggestionButton(
    IdButton,
    kind="config:suggestion",
    parts=(Word("action", ("approve", "reject")), Id("suggestion_id"), Hex("fingerprint", FINGERPRINT_HEX)),
):
    """Approve (it becomes a community question crediting its member) or reject one suggestion: the
    one shown, word for word (its fingerprint), never another that has its id."""

    def __init__(self, action: str, suggestion_id: int, fingerprint: str, row: int | None = None) -> None:
        self.action = action
        self.suggestion_id = suggestion_id
        self.fingerprint = fingerprint
        approve = action == "approve"
        super().__init__(
            discord.ui.Button(
                label=f"{'Approve' if approve else 'Reject'} #{suggestion_id}",
                style=discord.ButtonStyle.success if approve else discord.ButtonStyle.danger,
                custom_id=self.custom_id_for(action, suggestion_id, fingerprint),
                row=row,
            )
        )

    async def act(self, interaction: discord.Interaction) -> None:
        ensure_moderator(interaction)
        guild_id = guild_id_of(interaction)
        repo = suggestions_repo(interaction)
        try:
            review = await repo.review(
                guild_id,
                actor(interaction),
                self.suggestion_id,
                approve=self.action == "approve",
                fingerprint=self.fingerprint,
            )
        except QuestionProblem as problem:  # a duplicate by now, or the server's questions are full
            raise UserFacingError(
                f"Suggestion #{self.suggestion_id} can't be approved: {problem}. Reject it, or make room first."
            ) from None
        content, embeds, view = await suggestions_page(repo, guild_id)
        await interaction.response.edit_message(
            content=f"{describe_review(self.suggestion_id, review)}\n\n{content}", embeds=embeds, view=view
        )


def describe_review(suggestion_id: int, review: Review | None) -> str:
    if review is None:
        return f"Suggestion #{suggestion_id} is gone (its member deleted their data with /privacy), or isn't this server's; nothing changed."
    if review.decision == "different":
        return f"Suggestion #{suggestion_id} isn't the one this button was shown for; nothing changed."
    if not review.done_now:
        return f"Another moderator already {review.decision} suggestion #{suggestion_id}."
    if review.decision == "approved":
        return sentence(
            f"Approved suggestion #{suggestion_id}: it is community question #{review.number} and joins this "
            "server's trivia, crediting the member who suggested it"
        )
    return f"Rejected suggestion #{suggestion_id}; it won't be asked."


async def suggestions_page(repo: SuggestionsRepo, guild_id: int) -> Page:
    """The oldest waiting suggestions, each with Approve / Reject buttons."""
    found, total = await repo.pending(guild_id, SUGGESTIONS_PER_PAGE)
    if not found:
        return "No suggestions are waiting. Members send them with `/trivia suggest`.", [], None
    return review_page(
        found,
        f"{counted(total, 'suggestion')} waiting",
        total,
        "Approving one makes it a community question of this server that credits its member; rejecting it "
        "drops it. Nothing reaches trivia without approval.",
        embed_of=suggestion_embed,
        buttons_of=lambda s, row: [ReviewSuggestionButton(a, s.id, s.fingerprint, row) for a in ("approve", "reject")],
    )
