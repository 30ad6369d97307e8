"""What /config shows: settings, history and open reports, clamped to Discord's embed limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import discord

from bot.db.guild_settings import FEATURES, GuildConfig
from bot.db.moderation_repo import AuditEntry, ReportGroup
from cogs._checks import feature_name
from cogs._text import EMBED_DESCRIPTION, EMBED_FIELD_VALUE, EMBEDS_TOTAL, clip, counted, shown
from cogs._ui import view_of

T = TypeVar("T")

COLOUR = discord.Colour.dark_teal()
# Five reports share one message: 6,000 characters across its embeds, so each stays well under 1,200.
REPORT_TEXT = 300
REPORT_DETAIL = 120
REPORT_EVIDENCE = 350
REPORT_REASON = 90


@dataclass(frozen=True, slots=True)
class Counts:
    community_questions: int
    open_reports: int
    archived_seasons: int
    pending_suggestions: int = 0


def on_off(value: bool) -> str:
    return "on" if value else "off"


def timestamp(iso: str, style: str = "R") -> str:
    """A stored UTC timestamp as a Discord timestamp, shown in each reader's own time zone."""
    moment = dt.datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return discord.utils.format_dt(moment, style)  # type: ignore[arg-type]


def champion_detail(role_id: object) -> str:
    """The season champion role as moderators see it (a role mention shows its name, pings nobody)."""
    return f"champion role <@&{role_id}>" if role_id else "no champion role"


def settings_embed(guild_name: str, config: GuildConfig, counts: Counts) -> discord.Embed:
    embed = discord.Embed(title=f"Settings for {shown(guild_name, 200)}", colour=COLOUR)
    embed.add_field(
        name="Features (/config cog)",
        value=" · ".join(f"{feature_name(name)} {on_off(config.feature_enabled(name))}" for name in FEATURES),
        inline=False,
    )
    channels = sorted(config.game_channel_ids)
    embed.add_field(
        name="Game channels (/config channels)",
        value=clip(" ".join(f"<#{c}>" for c in channels), EMBED_FIELD_VALUE) if channels else "everywhere",
        inline=False,
    )
    embed.add_field(
        name="Trivia defaults (/config trivia)",
        value=f"timer {config.trivia_timer} s · {counted(config.trivia_rounds, 'round')} · typed answers "
        f"{on_off(config.typed_answers)} · hints {on_off(config.hints)}"
        + (f" · {champion_detail(config.champion_role_id)}" if config.champion_role_id else ""),
        inline=False,
    )
    if config.daily_channel_id is not None and config.daily_hour is not None:
        daily = f"<#{config.daily_channel_id}> at {config.daily_hour:02d}:00 UTC"
        if config.daily_last_date:
            daily += f" (last: {config.daily_last_date})"
    else:
        daily = "off"
    embed.add_field(name="Daily question (/config daily)", value=daily, inline=False)
    embed.add_field(name="Spoiler tags (/config spoilers)", value=on_off(config.spoilers))
    embed.add_field(name="Season", value=f"{config.season} ({counts.archived_seasons} archived)")
    embed.add_field(name="Community questions", value=str(counts.community_questions))
    embed.add_field(name="Open reports (/config reports)", value=str(counts.open_reports))
    embed.add_field(name="Suggestions waiting (/config suggestions)", value=str(counts.pending_suggestions))
    return embed


# What each change in /config history is, in a moderator's words (the log stores a short code).
ACTION_TITLES = {
    "cog": "Feature switched",
    "channels.add": "Game channel added",
    "channels.remove": "Game channel removed",
    "channels.clear": "Game channels cleared",
    "trivia": "Trivia defaults",
    "daily": "Daily question",
    "spoilers": "Spoiler tags",
    "reset-scores": "New season",
    "custom.add": "Community question added",
    "custom.import": "Community questions imported",
    "custom.remove": "Community question removed",
    "reports.keep": "Reported item kept",
    "reports.retire": "Reported item retired",
    "suggestions.approve": "Suggestion approved",
    "suggestions.reject": "Suggestion rejected",
}


def action_title(action: str) -> str:
    """A change's title; a code not listed yet still reads as words ("champion.role" -> "Champion role")."""
    if action in ACTION_TITLES:
        return ACTION_TITLES[action]
    words = action.replace(".", " ").replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def history_embed(entries: list[AuditEntry]) -> discord.Embed:
    lines = [
        f"{timestamp(e.created_at)} <@{e.actor_id}> ({shown(e.actor_name, 40)}) · **{action_title(e.action)}** · "
        f"{shown(e.detail, 160)}"
        for e in entries
    ]
    description = "\n".join(lines) if lines else "No changes yet."
    return discord.Embed(title="Latest changes", description=clip(description, EMBED_DESCRIPTION), colour=COLOUR)


Page = tuple[str, list[discord.Embed], discord.ui.View | None]


def review_page(
    found: Sequence[T],
    heading: str,
    total: int,
    rules: str,
    *,
    embed_of: Callable[[T], discord.Embed],
    buttons_of: Callable[[T, int], Iterable[discord.ui.Item]],
) -> Page:
    """Items waiting for a moderator (reports, suggestions), oldest first: one embed and one row of
    buttons each, as many as fit in a message's 6,000 characters of embeds (the rest show once these
    are decided)."""
    items: list[T] = []
    embeds: list[discord.Embed] = []
    for item in found:
        embed = embed_of(item)
        if embeds and sum(map(len, embeds)) + len(embed) > EMBEDS_TOTAL:
            break
        items.append(item)
        embeds.append(embed)
    view = view_of(*(button for row, item in enumerate(items) for button in buttons_of(item, row)))
    shown_now = f"the oldest {len(items)}" if total > len(items) else "all"
    return f"{heading}; {shown_now} below. {rules}", embeds, view


KIND_TITLES = {"question": "Trivia question", "quote": "Quote", "fact": "Fact"}


def report_embed(group: ReportGroup) -> discord.Embed:
    """One reported item beside its evidence and the members' reasons. Its title says what kind of
    item it is; its words follow, once, in the description."""
    item = group.item
    if item is not None and item.community_number is not None:
        kind = f"Community question #{item.community_number}"
    else:
        kind = KIND_TITLES.get(group.kind, group.kind.capitalize())
    embed = discord.Embed(
        title=clip(f"#{group.report_id} · {kind}", 100),
        description=shown(item.text, REPORT_TEXT) if item else "*No longer in the content.*",
        colour=discord.Colour.orange(),
    )
    if item is not None:
        for name, value in item.details[:3]:
            embed.add_field(name=name, value=shown(value, REPORT_DETAIL) or "—", inline=False)
        if item.evidence:
            embed.add_field(name="Evidence (the article)", value=shown(item.evidence, REPORT_EVIDENCE), inline=False)
        if item.asked_now:
            embed.add_field(
                name="Being asked on this server right now",
                value="Its answer and evidence show here once it is revealed.",
                inline=False,
            )
    reasons = "\n".join(f"<@{r.user_id}>: {shown(r.reason, REPORT_REASON)}" for r in group.reports)
    more = group.count - len(group.reports)
    if more > 0:
        reasons += f"\n…and {more} more"
    embed.add_field(name=f"Reports ({group.count})", value=clip(reasons, EMBED_FIELD_VALUE), inline=False)
    return embed
