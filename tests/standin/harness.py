"""The real CompanionBot, in-process, connected to a :class:`DiscordStandIn`; the API tests use."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import discord

from bot.client import CompanionBot
from bot.content.loader import ContentPaths
from bot.db import Database
from bot.settings import load_settings
from tests.standin.model import (
    DEFAULT_MEMBER_PERMISSIONS,
    Channel,
    Guild,
    Member,
    Message,
    permission_value,
    snowflake,
)
from tests.standin.payloads import PayloadBuilder
from tests.standin.results import DEFAULT_WAIT, InteractionResult
from tests.standin.server import DiscordStandIn

T = TypeVar("T")
START_TIMEOUT = 15.0
# discord.py waits this long after the last GUILD_CREATE before "ready" (2 s by default).
GUILD_READY_TIMEOUT = 0.05


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class BotEnv:
    """A running stand-in, its default server (:attr:`guild`) and the bot under test (:attr:`bot`)."""

    def __init__(
        self,
        standin: DiscordStandIn,
        db_path: Path,
        *,
        extensions: Sequence[str] | None = None,
        content_paths: ContentPaths | None = None,
        environ: dict[str, str] | None = None,
        guild_name: str = "Stars Hollow",
    ) -> None:
        self.standin = standin
        self.db_path = db_path
        self.extensions = extensions
        self.content_paths = content_paths
        self.environ = dict(environ or {})
        self.guild = Guild.create(guild_name)
        standin.guilds.append(self.guild)
        self.bot: CompanionBot = None  # type: ignore[assignment]  # set by start()
        self.payloads = PayloadBuilder(standin.application_id, standin.attach)
        self.allow_logged_errors = False  # set True in tests that provoke logged errors on purpose
        self.allow_rejected_requests = False  # set True when a test expects Discord to refuse a body
        self._task: asyncio.Task | None = None
        self._errors = _ErrorCollector()
        self._default_member: Member | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    def settings_environ(self) -> dict[str, str]:
        return {
            "DATABASE_PATH": str(self.db_path),
            "LOG_LEVEL": "WARNING",
            **self.standin.environment(),
            **self.environ,
        }

    async def start(self) -> BotEnv:
        """Start a new CompanionBot on :attr:`db_path` and wait until it is ready."""
        if self._errors not in logging.getLogger().handlers:
            logging.getLogger().addHandler(self._errors)
        settings = load_settings(self.settings_environ(), env_file=None)
        db = Database(settings.database_path)
        await db.connect()
        self.bot = bot = CompanionBot(
            settings, db, extensions=self.extensions, content_paths=self.content_paths, sync_commands=True
        )
        bot._connection.guild_ready_timeout = GUILD_READY_TIMEOUT
        marker = len(self.standin.gateway_log)
        self._task = asyncio.create_task(bot.start(settings.discord_token), name="bot under test")
        try:
            await self._unless_bot_stops(self.standin.wait_connected(after=marker, within=START_TIMEOUT))
            await self._unless_bot_stops(asyncio.wait_for(bot.wait_until_ready(), START_TIMEOUT))
        except BaseException:
            await self.stop()
            raise
        return self

    async def _unless_bot_stops(self, awaitable: Awaitable[T]) -> T:
        """Await ``awaitable``, but fail at once with the bot's own error if the bot stops first."""
        assert self._task is not None
        waiter = asyncio.ensure_future(awaitable)
        done, _ = await asyncio.wait({waiter, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if waiter in done:
            return waiter.result()
        waiter.cancel()
        error = self._task.exception()
        raise RuntimeError(f"the bot stopped during start-up: {error!r}") from error

    async def stop(self) -> None:
        """Close the bot (and its database) as ``python -m bot`` does on SIGTERM."""
        if self.bot is not None:
            await self.bot.close()
        task, self._task = self._task, None
        if task is not None:
            # The bot's own failure (if any) was already reported by start() or shows in the logs.
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(task, 10)

    async def restart_bot(self) -> CompanionBot:
        """Stop the bot and start a NEW CompanionBot on the same database file and stand-in."""
        await self.stop()
        await self.start()
        return self.bot

    async def close(self) -> None:
        try:
            await self.stop()
        finally:
            logging.getLogger().removeHandler(self._errors)

    def problems(self) -> list[str]:
        """Why the test should fail although its assertions passed (checked at fixture teardown)."""
        found = [f"the bot called a route the stand-in does not know: {r}" for r in self.standin.unknown_requests]
        if not self.allow_rejected_requests:
            found += [f"Discord would refuse {r}: {'; '.join(r.problems)}" for r in self.standin.rejected_requests]
        found += [
            f"answered after Discord's 3 s deadline: {i.describe()}"
            for i in self.standin.interactions.values()
            if i.late
        ]
        if not self.allow_logged_errors:
            found += [f"logged {r.levelname} by {r.name}: {r.getMessage()[:2000]}" for r in self._errors.records]
        return found

    @property
    def logged_errors(self) -> list[logging.LogRecord]:
        return list(self._errors.records)

    # -- people and places ----------------------------------------------------------------------

    def member(
        self,
        name: str = "fan",
        *,
        manage_guild: bool = False,
        administrator: bool = False,
        permissions: discord.Permissions | int | None = None,
        roles: Sequence[str] = (),
        guild: Guild | None = None,
        nick: str | None = None,
    ) -> Member:
        """A new member of ``guild`` (default: :attr:`guild`) whose permissions the test chooses.

        ``permissions`` replaces the default (@everyone's); ``manage_guild`` / ``administrator`` add to it.
        """
        guild = guild or self.guild
        if name in guild.members:
            raise ValueError(f"{guild.name} already has a member named {name!r}; reuse it or pick another name")
        value = DEFAULT_MEMBER_PERMISSIONS.value if permissions is None else permission_value(permissions)
        if manage_guild:
            value |= discord.Permissions(manage_guild=True).value
        if administrator:
            value |= discord.Permissions(administrator=True).value
        role_ids = [guild.role(r).id for r in roles]
        member = Member(snowflake(), name, guild.id, value, role_ids, nick=nick)
        guild.members[name] = member
        return member

    @property
    def default_member(self) -> Member:
        if self._default_member is None:
            self._default_member = self.member("someone")
        return self._default_member

    async def add_guild(self, name: str) -> Guild:
        """Another server; the bot receives its GUILD_CREATE now (it joined)."""
        guild = Guild.create(name)
        await self.standin.add_guild(guild)
        return guild

    def channel_messages(
        self, channel: str | int | Channel = "general", *, guild: Guild | None = None
    ) -> list[Message]:
        """Messages the bot posted in that channel, oldest first (ephemeral answers included)."""
        return self.standin.channel_messages((guild or self.guild).channel(channel).id)

    async def wait_channel_message(
        self,
        channel: str | int | Channel = "general",
        *,
        count: int = 1,
        guild: Guild | None = None,
        within: float = DEFAULT_WAIT,
    ) -> Message:
        """Wait until the bot posted ``count`` non-interaction messages in the channel; returns the latest."""
        channel_id = (guild or self.guild).channel(channel).id

        def posted() -> list[Message]:
            return [m for m in self.standin.channel_messages(channel_id) if m.interaction_id is None]

        await self.standin.wait_until(
            lambda: len(posted()) >= count, within=within, what=f"{count} message(s) in {channel}"
        )
        return posted()[-1]

    # -- what users do --------------------------------------------------------------------------

    def _where(self, member: Member | None, channel: str | int | Channel | None, guild: Guild | None, dm: bool):
        member = member or self.default_member
        if dm:
            channel_obj = Channel(snowflake(), f"dm-{member.name}", None, type=1)
            self.standin.dm_channels[channel_obj.id] = channel_obj
            return None, channel_obj, member
        guild = guild or (self.standin.guild(member.guild_id) if member.guild_id else self.guild)
        return guild, guild.channel(channel or "general"), member

    async def _send(self, payload: dict, within: float, *, source: Message | None = None) -> InteractionResult:
        result = await self.standin.send_interaction(payload, source_message=source)
        return await result.wait_answered(within)

    async def slash(
        self,
        command: str,
        *,
        member: Member | None = None,
        channel: str | int | Channel | None = None,
        guild: Guild | None = None,
        dm: bool = False,
        options: dict[str, Any] | None = None,
        validate: bool = True,
        override_permissions: bool = False,
        locale: str = "en-US",
        within: float = DEFAULT_WAIT,
        **option_values: Any,
    ) -> InteractionResult:
        """Run ``/command`` ("quote search") with options as keywords (or ``options={...}`` for
        names like "channel" or "typed-answers"); returns once the bot answered."""
        guild, where, who = self._where(member, channel, guild, dm)
        payload = self.payloads.command(
            self.standin.commands_for(guild.id if guild else None),
            command,
            {**option_values, **(options or {})},
            guild=guild,
            channel=where,
            member=who,
            validate=validate,
            override_permissions=override_permissions,
            locale=locale,
        )
        return await self._send(payload, within)

    async def autocomplete(
        self,
        command: str,
        *,
        focused: str,
        value: str = "",
        member: Member | None = None,
        channel: str | int | Channel | None = None,
        guild: Guild | None = None,
        options: dict[str, Any] | None = None,
        within: float = DEFAULT_WAIT,
        **option_values: Any,
    ) -> list[dict]:
        """What the bot suggests while the user types ``value`` into option ``focused``."""
        guild, where, who = self._where(member, channel, guild, False)
        payload = self.payloads.command(
            self.standin.commands_for(guild.id if guild else None),
            command,
            {**option_values, **(options or {}), focused: value},
            guild=guild,
            channel=where,
            member=who,
            focused=focused,
            override_permissions=True,
        )
        result = await self._send(payload, within)
        return result.choices

    def _message_of(self, target: InteractionResult | Message) -> Message:
        message = target if isinstance(target, Message) else target.message
        if message is None:
            raise ValueError(f"{target!r} has no message to click on")
        return message

    async def click(
        self,
        target: InteractionResult | Message,
        custom_id: str,
        *,
        member: Member | None = None,
        values: list[str] | None = None,
        within: float = DEFAULT_WAIT,
    ) -> InteractionResult:
        """Click the button (or choose ``values`` in the select menu) ``custom_id`` on a message the bot sent."""
        message = self._message_of(target)
        member = member or self.default_member
        guild = self.standin.guild(message.guild_id) if message.guild_id else None
        channel = guild.channel(message.channel_id) if guild else self.standin.dm_channels[message.channel_id]
        payload = self.payloads.component(
            message,
            custom_id,
            guild=guild,
            channel=channel,
            member=member,
            values=values,
            message_json=self.standin._message_json(message),
        )
        return await self._send(payload, within, source=message)

    async def submit_modal(
        self,
        opened: InteractionResult,
        values: dict[str, str | list[str]],
        *,
        member: Member | None = None,
        validate: bool = True,
        within: float = DEFAULT_WAIT,
    ) -> InteractionResult:
        """Fill in and submit the modal the bot opened in answer to ``opened``."""
        invoker = opened.payload.get("member") or {"user": opened.payload.get("user")}
        member = member or self._member_by_id(int(invoker["user"]["id"]))
        guild = self.standin.guild(int(opened.payload["guild_id"])) if opened.payload.get("guild_id") else None
        channel_id = int(opened.payload["channel_id"])
        channel = guild.channel(channel_id) if guild else self.standin.dm_channels[channel_id]
        source = opened.source_message
        payload = self.payloads.modal_submit(
            opened,
            values,
            guild=guild,
            channel=channel,
            member=member,
            message_json=self.standin._message_json(source) if source else None,
            validate=validate,
        )
        return await self._send(payload, within, source=source)

    def _member_by_id(self, user_id: int) -> Member:
        for guild in self.standin.guilds:
            for member in guild.members.values():
                if member.id == user_id:
                    return member
        raise KeyError(user_id)

    # -- faults ---------------------------------------------------------------------------------

    async def drop_gateway(self, code: int = 1006, *, resumable: bool = True, within: float = 15.0) -> str:
        """Drop the bot's gateway connection and wait until it is back; returns "RESUMED" or "READY"."""
        marker = await self.standin.drop_gateway(code, resumable=resumable)
        return await self.standin.wait_connected(after=marker, within=within)

    def fail_next(self, pattern: str, *, status: int = 500, times: int = 1) -> None:
        self.standin.fail_next(pattern, status=status, times=times)

    def rate_limit_next(self, pattern: str, *, retry_after: float = 0.1, times: int = 1) -> None:
        self.standin.rate_limit_next(pattern, retry_after=retry_after, times=times)
