"""``/privacy``: what the bot stores about you on this server, and a button to delete it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from bot.db.moderation_repo import DeletedData, MemberData
from bot.plural import agrees, listed
from cogs._checks import guild_id_of
from cogs._custom_ids import Id, IdButton, Word
from cogs._text import counted, shown
from cogs._ui import view_of
from cogs.config._shared import moderation_repo

if TYPE_CHECKING:
    from bot.client import CompanionBot

COLOUR = discord.Colour.dark_grey()


def data_embed(data: MemberData) -> discord.Embed:
    embed = discord.Embed(title="What this bot stores about you on this server", colour=COLOUR)
    if data.empty:  # nothing to delete; what is kept anyway is still listed
        embed.description = "Nothing." if not (data.audit_entries or data.filed_today) else "Nothing to delete."
        _kept_fields(embed, data)
        return embed
    embed.add_field(name="Display name", value=shown(data.display_name, 100) if data.display_name else "none stored")
    if data.scores:
        seasons = "\n".join(
            f"season {s.season}: {counted(s.points, 'point')}, {s.correct}/{s.answered} right"
            for s in data.scores[-10:]
        )
        embed.add_field(name="Scores", value=seasons, inline=False)
    embed.add_field(name="Trivia answers", value=str(data.answers))
    embed.add_field(name="Reports you filed", value=str(data.reports))
    if data.suggestions:
        waiting = f" ({data.suggestions_pending} waiting for the moderators)" if data.suggestions_pending else ""
        embed.add_field(name="Trivia suggestions you sent", value=f"{data.suggestions}{waiting}", inline=False)
    if data.questions_suggested:
        embed.add_field(
            name="Community questions from your suggestions",
            value=f"{data.questions_suggested} (they stay the server's; deleting removes your name from them)",
            inline=False,
        )
    if data.questions_written:
        embed.add_field(
            name="Community questions you added (wrote, or approved from a suggestion)",
            value=f"{data.questions_written} (they stay the server's; deleting removes your name from them)",
            inline=False,
        )
    if data.games_started:
        embed.add_field(
            name="Trivia games you started",
            value=f"{data.games_started} (they stay in the server's history without your name)",
            inline=False,
        )
    if data.decisions:
        embed.add_field(
            name="Reports, suggestions and seasons you decided as a moderator",
            value=f"{data.decisions} (the decisions stay; deleting removes your name from them)",
            inline=False,
        )
    _kept_fields(embed, data)
    embed.set_footer(text="Nothing is shared between servers. Deleting is for this server only and can't be undone.")
    return embed


def _kept_fields(embed: discord.Embed, data: MemberData) -> None:
    """What stays after a delete, listed all the same."""
    if data.audit_entries:
        embed.add_field(
            name="Moderator changes you made",
            value=f"{data.audit_entries} (kept in this server's /config history)",
            inline=False,
        )
    if data.filed_today:
        embed.add_field(
            name="Suggestions and reports you sent in the last 24 hours",
            value=f"{data.filed_today}: counted for the daily limits under a code that is not your id; "
            "deleting keeps the count, which is gone after a day",
            inline=False,
        )


def deleted_text(deleted: DeletedData) -> str:
    """What the delete button removed, naming only what there was."""
    removed = [
        counted(count, noun)
        for count, noun in (
            (deleted.scores, "season score"),
            (deleted.answers, "trivia answer"),
            (deleted.reports, "report"),
            (deleted.suggestions, "suggestion"),
        )
        if count
    ]
    if deleted.display_name:
        removed.append("your display name")
    text = f"Deleted {listed(removed)}." if removed else ""
    unlinked = [
        (count, noun)
        for count, noun in (
            (deleted.questions_unlinked, "community question"),
            (deleted.games_unlinked, "game"),
            (deleted.decisions_unlinked, "moderator decision"),
        )
        if count
    ]
    if unlinked:
        things = sum(count for count, _ in unlinked)
        names = agrees(things, "names", "name")
        text += f" {listed([counted(count, noun) for count, noun in unlinked])} no longer {names} you."
    return text.strip() or "There was nothing left to delete."


_LABELS = {"ask": "Delete my data on this server", "delete": "Yes, delete it", "cancel": "Keep it"}
_STYLES = {
    "ask": discord.ButtonStyle.danger,
    "delete": discord.ButtonStyle.danger,
    "cancel": discord.ButtonStyle.secondary,
}


class PrivacyButton(IdButton, kind="privacy", parts=(Word("step", ("ask", "delete", "cancel")), Id("user_id"))):
    """Three steps of one flow, each only for the member who ran /privacy: ask (show the
    confirmation), delete (do it), cancel."""

    def __init__(self, step: str, user_id: int) -> None:
        self.step = step
        self.user_id = user_id
        super().__init__(
            discord.ui.Button(label=_LABELS[step], style=_STYLES[step], custom_id=self.custom_id_for(step, user_id))
        )

    async def act(self, interaction: discord.Interaction[CompanionBot]) -> None:
        if interaction.user.id != self.user_id:
            raise UserFacingError("This button is for the member who ran /privacy; run it yourself to see your data.")
        guild_id = guild_id_of(interaction)
        if self.step == "cancel":
            await interaction.response.edit_message(content="Nothing was deleted.", embed=None, view=None)
        elif self.step == "ask":
            view = view_of(PrivacyButton("delete", self.user_id), PrivacyButton("cancel", self.user_id))
            # The list below says what goes, and its footer that it is for this server and for good.
            await interaction.response.edit_message(content="Delete everything listed below?", view=view)
        else:
            # First what the cogs hold in memory (a display name queued by an answer a moment ago),
            # or it would be written back after the delete.
            await interaction.client.forget_member(guild_id, self.user_id)
            deleted = await moderation_repo(interaction).delete_member_data(guild_id, self.user_id)
            await interaction.response.edit_message(content=deleted_text(deleted), embed=None, view=None)


class Privacy(commands.Cog):
    """Members see and delete what the bot stores about them."""

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(PrivacyButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(PrivacyButton)

    @app_commands.command(name="privacy", description="What this bot stores about you here, and deleting it")
    @app_commands.guild_only()
    async def privacy(self, interaction: discord.Interaction[CompanionBot]) -> None:
        data = await moderation_repo(interaction).member_data(guild_id_of(interaction), interaction.user.id)
        if data.empty:
            await interaction.response.send_message(embed=data_embed(data), ephemeral=True)
            return
        view = view_of(PrivacyButton("ask", interaction.user.id))
        await interaction.response.send_message(embed=data_embed(data), view=view, ephemeral=True)


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(Privacy(bot))
