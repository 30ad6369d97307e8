"""``/config ...``: moderators decide how the bot behaves on their server."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from bot.db.guild_settings import FEATURES
from bot.db.moderation_repo import MAX_GAME_CHANNELS
from bot.moderation.daily import plan_daily
from bot.moderation.scores_csv import scores_csv
from bot.trivia.timing import DEFAULT_TIMING
from cogs._checks import ensure_moderator, feature_name, guild_id_of
from cogs._text import counted
from cogs._ui import view_of
from cogs.config._champion import refuse_unusable, role_problem
from cogs.config._embeds import Counts, Page, champion_detail, history_embed, on_off, settings_embed
from cogs.config._shared import IntRange, actor, moderation_repo
from cogs.config._suggestions import suggestions_page, suggestions_repo
from cogs.config._views import DYNAMIC_ITEMS, CancelButton, ConfirmResetButton, reports_page

if TYPE_CHECKING:
    from bot.client import CompanionBot

log = logging.getLogger(__name__)

Feature = Literal["trivia", "quotes", "facts", "ask"]
MAX_EXPORT_BYTES = 8 * 1024 * 1024  # under Discord's smallest upload limit for bots


class GameChannel(app_commands.Transformer):
    """A text channel option; the resolved channel as Discord sent it (no cache needed)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news, discord.ChannelType.voice]

    async def transform(self, interaction: discord.Interaction, value: object, /) -> app_commands.AppCommandChannel:
        if not isinstance(value, app_commands.AppCommandChannel) or value.type not in self.channel_types:
            raise UserFacingError("Pick a text channel.")
        return value


ChannelOption = app_commands.Transform[app_commands.AppCommandChannel, GameChannel]


async def reply(interaction: discord.Interaction, content: str | None = None, **kwargs) -> None:
    await interaction.response.send_message(content, ephemeral=True, **kwargs)


async def reply_page(interaction: discord.Interaction, page: Page) -> None:
    content, embeds, view = page
    if view is None:  # send_message accepts no view=None
        await reply(interaction, content, embeds=embeds)
    else:
        await reply(interaction, content, embeds=embeds, view=view)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class ConfigCog(commands.GroupCog, group_name="config", group_description="Moderators: how the bot behaves here"):
    """Every /config command: settings, channels, seasons, export, history and reports."""

    channels = app_commands.Group(name="channels", description="Where games may run (none listed: everywhere)")
    daily = app_commands.Group(name="daily", description="A daily trivia question in one channel")

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        # Runs before every command of this cog, subcommands included: default_permissions is only
        # a default that server owners can change, so the permission is checked here, every time.
        ensure_moderator(interaction)
        return True

    # -- settings -----------------------------------------------------------------------------

    @app_commands.command(name="show", description="Every setting of this server")
    async def show(self, interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id = guild_id_of(interaction)
        repo = moderation_repo(interaction)
        config = await self.bot.guild_settings.get(guild_id)
        counts = Counts(
            await repo.community_count(guild_id),
            await repo.open_report_count(guild_id),
            await repo.archived_seasons(guild_id),
            await suggestions_repo(interaction).pending_count(guild_id),
        )
        guild_name = interaction.guild.name if interaction.guild else "this server"
        await reply(interaction, embed=settings_embed(guild_name, config, counts))

    @app_commands.command(name="cog", description="Turn one feature on or off on this server")
    @app_commands.describe(name="The feature", enabled="On (true) or off (false)")
    async def cog(self, interaction: discord.Interaction[CompanionBot], name: Feature, enabled: bool) -> None:
        guild_id = guild_id_of(interaction)
        if name not in FEATURES:  # discord.py does not check choices; Discord's client does
            raise UserFacingError(f"Pick one of: {', '.join(FEATURES)}.")
        await moderation_repo(interaction).set_feature(guild_id, actor(interaction), name, enabled)
        # The features' own cogs act on it (trivia ends the server's running games).
        self.bot.dispatch("feature_switched", guild_id, name, enabled)
        if enabled:
            await reply(interaction, f"Turned on {feature_name(name)} on this server.")
        else:
            games = " Games running here end now, each with its answer and standings." if name == "trivia" else ""
            await reply(
                interaction,
                f"Turned off {feature_name(name)} on this server; members who try it are told moderators turned it off."
                f"{games}",
            )

    @channels.command(name="add", description="Let games run in this channel")
    @app_commands.describe(channel="A channel where games may run")
    async def channels_add(
        self,
        interaction: discord.Interaction[CompanionBot],
        channel: ChannelOption,
    ) -> None:
        try:
            added = await moderation_repo(interaction).add_game_channel(
                guild_id_of(interaction), actor(interaction), channel.id
            )
        except ValueError:
            raise UserFacingError(f"At most {MAX_GAME_CHANNELS} game channels; remove one first.") from None
        if added:
            await reply(interaction, f"Games may now run in {channel.mention}. Only listed channels allow games.")
        else:
            await reply(interaction, f"{channel.mention} was listed already.")

    @channels.command(name="remove", description="Stop games running in this channel")
    @app_commands.describe(channel="A listed game channel")
    async def channels_remove(
        self,
        interaction: discord.Interaction[CompanionBot],
        channel: ChannelOption,
    ) -> None:
        guild_id = guild_id_of(interaction)
        if not await moderation_repo(interaction).remove_game_channel(guild_id, actor(interaction), channel.id):
            await reply(interaction, f"{channel.mention} wasn't listed; nothing changed.")
            return
        config = await self.bot.guild_settings.get(guild_id)
        rest = (
            "games may run in every channel again" if not config.game_channel_ids else "the other listed channels stay"
        )
        await reply(interaction, f"{channel.mention} is no longer a game channel; {rest}.")

    @channels.command(name="clear", description="Unlist every game channel: games may run everywhere")
    async def channels_clear(self, interaction: discord.Interaction[CompanionBot]) -> None:
        removed = await moderation_repo(interaction).clear_game_channels(guild_id_of(interaction), actor(interaction))
        await reply(
            interaction,
            f"Unlisted {counted(removed, 'channel')}; games may run everywhere."
            if removed
            else "No channels were listed.",
        )

    @app_commands.command(name="trivia", description="Default game settings on this server (no options: show them)")
    @app_commands.rename(champion_role="champion-role")
    @app_commands.describe(
        timer="Seconds to answer each question (10-60; typed answers always get 25 at least)",
        rounds="Questions per game (1-20)",
        typed_answers="Allow typed answers (names, characters, missing words; typed-only questions need it)",
        hints="A Hint button under questions: private, and a right answer after it earns 50 points less",
        champion_role="Given to each season's top player at /config reset-scores (pick @everyone for none)",
    )
    async def trivia(
        self,
        interaction: discord.Interaction[CompanionBot],
        timer: app_commands.Transform[int, IntRange(10, 60)] | None = None,
        rounds: app_commands.Transform[int, IntRange(1, 20)] | None = None,
        typed_answers: bool | None = None,
        hints: bool | None = None,
        champion_role: discord.Role | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        changes: dict[str, object] = {
            name: value
            for name, value in (
                ("trivia_timer", timer),
                ("trivia_rounds", rounds),
                ("typed_answers", typed_answers),
                ("hints", hints),
            )
            if value is not None
        }
        if champion_role is not None:
            refuse_unusable(champion_role)
            changes["champion_role_id"] = None if champion_role.is_default() else champion_role.id
        if changes:
            detail = ", ".join(
                champion_detail(v)
                if name == "champion_role_id"
                else f"{name.removeprefix('trivia_')} {on_off(v) if isinstance(v, bool) else v}"
                for name, v in changes.items()
            )
            config = await moderation_repo(interaction).update_settings(
                guild_id, actor(interaction), "trivia", detail, **changes
            )
            prefix = "Saved. "
        else:
            config = await self.bot.guild_settings.get(guild_id)
            prefix = ""
        text = (
            f"{prefix}Games here: {config.trivia_timer} s per question, {counted(config.trivia_rounds, 'round')}, typed answers "
            f"{on_off(config.typed_answers)}, hints {on_off(config.hints)}, {champion_detail(config.champion_role_id)}."
        )
        if champion_role is not None and config.champion_role_id is not None:
            text += f" {role_problem(interaction, champion_role) or 'The bot can give it.'}"
        await reply(interaction, text)

    @daily.command(name="on", description="Post a daily question in a channel at an hour (UTC)")
    @app_commands.describe(channel="Where the daily question goes", hour="Hour of the day, UTC (0-23)")
    async def daily_on(
        self,
        interaction: discord.Interaction[CompanionBot],
        channel: ChannelOption,
        hour: app_commands.Transform[int, IntRange(0, 23)],
    ) -> None:
        guild_id = guild_id_of(interaction)
        # What was really posted decides whether today still gets one (the stored date may only
        # mean "not today" from an earlier change of schedule).
        posted = await self.bot.repos.formats.last_daily_day(guild_id)
        now = getattr(self.bot, "trivia_timing", DEFAULT_TIMING).clock()
        plan = plan_daily(now, hour, posted)
        await moderation_repo(interaction).update_settings(
            guild_id,
            actor(interaction),
            "daily",
            f"<#{channel.id}> at {hour:02d}:00 UTC",
            daily_channel_id=channel.id,
            daily_hour=hour,
            daily_last_date=plan.last_date,
        )
        first = discord.utils.format_dt(plan.first_post, "F")
        await reply(
            interaction,
            f"A daily question will be posted in {channel.mention} at {hour:02d}:00 UTC; the first on {first}.",
        )

    @daily.command(name="off", description="Stop the daily question")
    async def daily_off(self, interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id = guild_id_of(interaction)
        config = await self.bot.guild_settings.get(guild_id)
        if config.daily_channel_id is None:
            await reply(interaction, "The daily question was already off.")
            return
        await moderation_repo(interaction).update_settings(
            guild_id, actor(interaction), "daily", "off", daily_channel_id=None, daily_hour=None
        )
        await reply(interaction, "The daily question is off.")

    @app_commands.command(name="spoilers", description="Hide quotes and answers behind spoiler tags")
    @app_commands.describe(enabled="On (true) for members who haven't heard the episode yet")
    async def spoilers(self, interaction: discord.Interaction[CompanionBot], enabled: bool) -> None:
        await moderation_repo(interaction).update_settings(
            guild_id_of(interaction), actor(interaction), "spoilers", on_off(enabled), spoilers=enabled
        )
        await reply(interaction, f"Spoiler tags are {on_off(enabled)}.")

    # -- scores -------------------------------------------------------------------------------

    @app_commands.command(name="reset-scores", description="Archive this season's scores and start a new season")
    async def reset_scores(self, interaction: discord.Interaction[CompanionBot]) -> None:
        config = await self.bot.guild_settings.get(guild_id_of(interaction))
        view = view_of(ConfirmResetButton(config.season), CancelButton())
        embed = discord.Embed(
            title=f"Start season {config.season + 1}?",
            description=(
                f"Everyone's score goes back to zero. Season {config.season}'s scores are archived, not deleted: "
                "`/config export` keeps them."
            ),
            colour=discord.Colour.red(),
        )
        await reply(interaction, embed=embed, view=view)

    @app_commands.command(name="export", description="This server's scores as a CSV file")
    async def export(self, interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id = guild_id_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        rows = await moderation_repo(interaction).score_rows(guild_id)
        if not rows:
            await interaction.followup.send("No scores yet on this server.", ephemeral=True)
            return
        data = await asyncio.to_thread(scores_csv, rows)  # a big server's file is built off the event loop
        if len(data) > MAX_EXPORT_BYTES:
            await interaction.followup.send("The scores file is too big to upload here.", ephemeral=True)
            return
        seasons = len({r.season for r in rows})
        await interaction.followup.send(
            f"{counted(len(rows), 'score row')} across {counted(seasons, 'season')}.",
            file=discord.File(io.BytesIO(data), filename=f"scores-{guild_id}.csv"),
            ephemeral=True,
        )

    # -- history and reports ------------------------------------------------------------------

    @app_commands.command(name="history", description="The latest changes made with /config and /trivia custom")
    async def history(self, interaction: discord.Interaction[CompanionBot]) -> None:
        entries = await moderation_repo(interaction).history(guild_id_of(interaction))
        await reply(interaction, embed=history_embed(entries))

    @app_commands.command(name="suggestions", description="Members' trivia suggestions, each with Approve / Reject")
    async def suggestions(self, interaction: discord.Interaction[CompanionBot]) -> None:
        await reply_page(interaction, await suggestions_page(suggestions_repo(interaction), guild_id_of(interaction)))

    @app_commands.command(name="reports", description="Open reports, each with its evidence and Keep / Retire buttons")
    async def reports(self, interaction: discord.Interaction[CompanionBot]) -> None:
        await reply_page(interaction, await reports_page(moderation_repo(interaction), guild_id_of(interaction)))
