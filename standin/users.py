"""What users do, against a :class:`DiscordStandIn`: independent of where the bot runs (in this
process, or as ``python -m bot`` in another)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from standin.model import (
    DEFAULT_MEMBER_PERMISSIONS,
    Channel,
    Guild,
    Member,
    Message,
    permission_value,
    snowflake,
)
from standin.payloads import PayloadBuilder
from standin.results import DEFAULT_WAIT, CallbackType, InteractionResult
from standin.server import DiscordStandIn


class DiscordUsers:
    """Members of the stand-in's servers: run slash commands, click, submit modals."""

    def __init__(
        self, standin: DiscordStandIn, guild: Guild | None = None, *, guild_name: str = "Stars Hollow"
    ) -> None:
        self.standin = standin
        if guild is None:
            guild = Guild.create(guild_name)
            standin.guilds.append(guild)
        self.guild = guild
        self.payloads = PayloadBuilder(standin.application_id, standin.attach)
        self._default_member: Member | None = None

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

    async def add_guild(self, name: str, *, bot_installed: bool = True, shard: tuple[int, int] | None = None) -> Guild:
        """Another server; the bot receives its GUILD_CREATE now (it joined). ``bot_installed=False``:
        a server that did not install the bot, where members use only what they installed themselves.
        ``shard=(shard_id, shard_count)``: a server Discord puts on that shard."""
        guild = Guild.create(name, shard=shard)
        guild.bot_installed = bot_installed
        await self.standin.add_guild(guild)
        return guild

    def post_message(self, member: Member, content: str, *, channel: str | int | Channel = "general") -> Message:
        """A message ``member`` wrote (not the bot), for message context menus to act on."""
        guild = self.standin.guild(member.guild_id) if member.guild_id else self.guild
        where = guild.channel(channel)
        message = Message(snowflake(), where.id, guild.id, member, content=content)
        self.standin.messages[message.id] = message
        return message

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

    def _where(
        self, member: Member | None, channel: str | int | Channel | None, guild: Guild | None, dm: bool
    ) -> tuple[Guild | None, Channel, Member]:
        member = member or self.default_member
        if dm:
            channel_obj = Channel(snowflake(), f"dm-{member.name}", None, type=1)
            self.standin.dm_channels[channel_obj.id] = channel_obj
            return None, channel_obj, member
        guild = guild or (self.standin.guild(member.guild_id) if member.guild_id else self.guild)
        return guild, guild.channel(channel or "general"), member

    async def _send(self, payload: dict, within: float, *, source: Message | None = None) -> InteractionResult:
        """Send the interaction; return once the user sees an answer. A deferred one ("thinking…", which the
        bot sends when its work passes DEFER_AFTER, as it may on a busy machine) is not that yet: its answer
        is the edit that follows, or a follow-up (a refusal or an error removes the placeholder first, and
        then answers privately: the result then shows that answer, see InteractionResult.message)."""
        result = await self.standin.send_interaction(payload, source_message=source)
        await result.wait_answered(within)
        if result.type == CallbackType.DEFERRED_MESSAGE:
            await self.standin.wait_until(
                lambda: result.edits or result.followups,
                within=within,
                what=f"the answer after {result.describe()}",
            )
        return result

    def slash_payload(
        self,
        command: str,
        *,
        member: Member | None = None,
        channel: str | int | Channel | None = None,
        guild: Guild | None = None,
        dm: bool = False,
        private_channel: bool = False,
        options: dict[str, Any] | None = None,
        validate: bool = True,
        override_permissions: bool = False,
        locale: str = "en-US",
        **option_values: Any,
    ) -> dict:
        """The INTERACTION_CREATE data :meth:`slash` sends (the benchmark sends it itself).
        ``dm``: the bot's DM; ``private_channel``: a DM between members (their own install)."""
        guild, where, who = self._where(member, channel, guild, dm or private_channel)
        return self.payloads.command(
            self.standin.commands_for(guild.id if guild else None),
            command,
            {**option_values, **(options or {})},
            guild=guild,
            channel=where,
            member=who,
            validate=validate,
            override_permissions=override_permissions,
            locale=locale,
            private_channel=private_channel,
        )

    async def slash(self, command: str, *, within: float = DEFAULT_WAIT, **arguments: Any) -> InteractionResult:
        """Run ``/command`` ("quote search") with options as keywords (or ``options={...}`` for
        names like "channel" or "typed-answers"); returns once the bot answered. Keywords:
        ``member``, ``channel``, ``guild``, ``dm``, ``private_channel``, ``options``, ``validate``, ``override_permissions``,
        ``locale`` (see :meth:`slash_payload`); every other keyword is an option."""
        return await self._send(self.slash_payload(command, **arguments), within)

    async def autocomplete(
        self,
        command: str,
        *,
        focused: str,
        value: str = "",
        member: Member | None = None,
        channel: str | int | Channel | None = None,
        guild: Guild | None = None,
        dm: bool = False,
        options: dict[str, Any] | None = None,
        within: float = DEFAULT_WAIT,
        **option_values: Any,
    ) -> list[dict]:
        """What the bot suggests while the user types ``value`` into option ``focused`` (``dm``: in the bot's DM)."""
        guild, where, who = self._where(member, channel, guild, dm)
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

    def message_by(self, author: Member, content: str, *, channel: str | int | Channel = "general") -> dict:
        """A message ``author`` wrote (not the bot), as Discord sends it: a target for :meth:`context_menu`."""
        guild = self.standin.guild(author.guild_id) if author.guild_id else self.guild
        message_id = snowflake()
        return {
            "id": str(message_id),
            "channel_id": str(guild.channel(channel).id),
            "guild_id": str(guild.id),
            "type": 0,
            "content": content,
            "author": author.user_payload(),
            "embeds": [],
            "components": [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": discord.utils.snowflake_time(message_id).isoformat(),
            "edited_timestamp": None,
            "flags": 0,
        }

    async def context_menu(
        self,
        name: str,
        target: Message | dict,
        *,
        member: Member | None = None,
        channel: str | int | Channel | None = None,
        guild: Guild | None = None,
        dm: bool = False,
        private_channel: bool = False,
        override_permissions: bool = False,
        within: float = DEFAULT_WAIT,
    ) -> InteractionResult:
        """Use the message context menu ``name`` ("Apps" > name) on ``target``: a message the bot sent,
        or one a member wrote (:meth:`message_by`). Its server and channel are the target's unless
        given; ``dm`` / ``private_channel`` use it in the bot's DM or in a group DM (a user install)."""
        message_json = self.standin.message_json(target) if isinstance(target, Message) else target
        if dm or private_channel:
            guild, where, who = self._where(member, None, None, True)
        else:
            if guild is None and channel is None and isinstance(target, Message) and target.guild_id:
                guild = self.standin.guild(target.guild_id)
                channel = guild.channel(target.channel_id)
            guild, where, who = self._where(member, channel, guild, False)
        payload = self.payloads.message_command(
            self.standin.commands_for(guild.id if guild else None),
            name,
            message_json,
            guild=guild,
            channel=where,
            member=who,
            override_permissions=override_permissions,
            private_channel=private_channel,
        )
        return await self._send(payload, within)

    def _message_of(self, target: InteractionResult | Message) -> Message:
        message = target if isinstance(target, Message) else target.message
        if message is None:
            raise ValueError(f"{target!r} has no message to click on")
        return message

    def _place(self, guild_id: int | str | None, channel_id: int | str) -> tuple[Guild | None, Channel]:
        guild = self.standin.guild(int(guild_id)) if guild_id else None
        channel = guild.channel(int(channel_id)) if guild else self.standin.dm_channels[int(channel_id)]
        return guild, channel

    def click_payload(
        self, message: Message, custom_id: str, *, member: Member | None = None, values: list[str] | None = None
    ) -> dict:
        """The INTERACTION_CREATE data :meth:`click` sends."""
        guild, channel = self._place(message.guild_id, message.channel_id)
        return self.payloads.component(
            message,
            custom_id,
            guild=guild,
            channel=channel,
            member=member or self.default_member,
            values=values,
            message_json=self.standin.message_json(message),
        )

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
        payload = self.click_payload(message, custom_id, member=member, values=values)
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
        guild, channel = self._place(opened.payload.get("guild_id"), opened.payload["channel_id"])
        source = opened.source_message
        payload = self.payloads.modal_submit(
            opened,
            values,
            guild=guild,
            channel=channel,
            member=member,
            message_json=self.standin.message_json(source) if source else None,
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

    async def drop_gateway(
        self, code: int = 1006, *, resumable: bool = True, shard_id: int | None = None, within: float = 15.0
    ) -> str:
        """Drop the bot's gateway connection (shard ``shard_id``'s when it runs several) and wait
        until it is back; returns "RESUMED" or "READY"."""
        marker = await self.standin.drop_gateway(code, resumable=resumable, shard_id=shard_id)
        return await self.standin.wait_connected(after=marker, within=within)

    def fail_next(self, pattern: str, *, status: int = 500, times: int = 1) -> None:
        self.standin.fail_next(pattern, status=status, times=times)

    def rate_limit_next(self, pattern: str, *, retry_after: float = 0.1, times: int = 1) -> None:
        self.standin.rate_limit_next(pattern, retry_after=retry_after, times=times)
