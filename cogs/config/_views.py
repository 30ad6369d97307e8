"""The buttons of /config: confirm or cancel a scores reset, keep or retire a reported item.

All are dynamic items (they answer after a restart) and all check Manage Server on every click:
what the client sent proves nothing.
"""

from __future__ import annotations

import discord

from bot.db.moderation_repo import ModerationRepo, Resolution
from bot.moderation.fingerprint import FINGERPRINT_HEX
from cogs._checks import ensure_moderator, guild_id_of
from cogs._custom_ids import Hex, Id, IdButton, Number, Word, unknown_kinds
from cogs._text import counted, escaped
from cogs.config._champion import crown
from cogs.config._embeds import Page, report_embed, review_page
from cogs.config._shared import actor, moderation_repo
from cogs.config._suggestions import ReviewSuggestionButton

REPORTS_PER_PAGE = 5  # one row of Keep / Retire buttons per report; Discord allows five rows


class ConfirmResetButton(IdButton, kind="config:reset", parts=(Number("season", 1, 999_999_999),)):
    """Archives the season it names, once: a second click finds it archived already."""

    def __init__(self, season: int) -> None:
        self.season = season
        super().__init__(
            discord.ui.Button(
                label=f"Archive season {season} and start season {season + 1}",
                style=discord.ButtonStyle.danger,
                custom_id=self.custom_id_for(season),
            )
        )

    async def act(self, interaction: discord.Interaction) -> None:
        ensure_moderator(interaction)
        role_id = (await interaction.client.guild_settings.get(guild_id_of(interaction))).champion_role_id
        archive = await moderation_repo(interaction).reset_scores(
            guild_id_of(interaction), actor(interaction), self.season
        )
        if archive is None:
            text = f"Season {self.season} was archived already; nothing changed."
        else:
            text = (
                f"Season {archive.season} is archived (the scores of {counted(archive.players, 'player')} are kept); season "
                f"{archive.new_season} starts now with everyone at zero. `/trivia seasons` shows its top three; "
                "`/config export` keeps every score."
            )
        await interaction.response.edit_message(content=text, embed=None, view=None)
        if archive is not None and role_id is not None:  # roles take requests: after the answer
            await interaction.followup.send(await crown(interaction, archive.season, role_id), ephemeral=True)


class CancelButton(IdButton, kind="config:cancel"):
    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(label="Cancel", style=discord.ButtonStyle.secondary, custom_id=self.custom_id_for())
        )

    async def act(self, interaction: discord.Interaction) -> None:
        ensure_moderator(interaction)
        await interaction.response.edit_message(content="Cancelled; nothing changed.", embed=None, view=None)


class ResolveReportButton(
    IdButton,
    kind="config:report",
    parts=(Word("action", ("keep", "retire")), Id("report_id"), Hex("fingerprint", FINGERPRINT_HEX)),
):
    """Keep or retire the item of a report; every open report about that item closes with it. The id
    names the item's oldest report, the fingerprint the item: a report about anything else is refused."""

    def __init__(self, action: str, report_id: int, fingerprint: str, row: int | None = None) -> None:
        self.action = action
        self.report_id = report_id
        self.fingerprint = fingerprint  # not "item": a DynamicItem's item is its button
        retire = action == "retire"
        super().__init__(
            discord.ui.Button(
                label=f"{'Retire' if retire else 'Keep'} #{report_id}",
                style=discord.ButtonStyle.danger if retire else discord.ButtonStyle.success,
                custom_id=self.custom_id_for(action, report_id, fingerprint),
                row=row,
            )
        )

    async def act(self, interaction: discord.Interaction) -> None:
        ensure_moderator(interaction)
        guild_id = guild_id_of(interaction)
        repo = moderation_repo(interaction)
        resolution = await repo.resolve_report(
            guild_id, actor(interaction), self.report_id, self.action == "retire", fingerprint=self.fingerprint
        )
        content, embeds, view = await reports_page(repo, guild_id)
        await interaction.response.edit_message(
            content=f"{describe_resolution(self.report_id, resolution)}\n\n{content}", embeds=embeds, view=view
        )


def describe_resolution(report_id: int, resolution: Resolution | None) -> str:
    if resolution is None:
        return f"Report #{report_id} is gone (its member deleted their data with /privacy), or isn't this server's; nothing changed."
    if resolution.decision == "different":
        return f"Report #{report_id} isn't about the item this button was shown for; nothing changed."
    item = escaped(resolution.label)
    if not resolution.resolved:
        return f"Another moderator already {'retired' if resolution.decision == 'retired' else 'kept'} {item}."
    closed = f"closed {counted(resolution.resolved, 'report')}"
    if resolution.decision == "kept":
        return f"Kept {item}; {closed}."
    text = f"Retired {item}: it won't be asked or shown on this server again; {closed}."
    if resolution.restored:
        given = ", ".join(f"<@{user}> {points:+d}" for user, points in list(resolution.restored.items())[:10])
        text += f" Points given back: {given}."
    return text


async def reports_page(repo: ModerationRepo, guild_id: int) -> Page:
    """The oldest open reports, each beside its evidence, with Keep / Retire buttons."""
    found, total = await repo.open_reports(guild_id, REPORTS_PER_PAGE)
    if not found:
        return "No open reports.", [], None
    return review_page(
        found,
        counted(total, "reported item"),
        total,
        "Retiring an item means it is never asked or shown on this server again, and reporters get back "
        "points a wrong question cost them.",
        embed_of=report_embed,
        buttons_of=lambda group, row: [
            ResolveReportButton(a, group.report_id, group.fingerprint, row) for a in ("keep", "retire")
        ],
    )


KNOWN_KINDS = (ConfirmResetButton, CancelButton, ResolveReportButton, ReviewSuggestionButton)
DYNAMIC_ITEMS = (*KNOWN_KINDS, unknown_kinds("config", KNOWN_KINDS))
