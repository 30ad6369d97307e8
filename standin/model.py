"""What the stand-in knows about: servers, channels, roles, members, messages and uploaded files.

Everything here produces the JSON Discord's API v10 would send, so discord.py parses it as it
parses Discord's own payloads.
"""

from __future__ import annotations

import datetime
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import discord

DISCORD_EPOCH_MS = 1_420_070_400_000
EPHEMERAL = 64  # message flag
LOADING = 128  # message flag of a deferred ("thinking") response

_sequence = itertools.count(1)

# What @everyone can do on a fresh server, and what the bot is granted when invited.
DEFAULT_MEMBER_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    read_message_history=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    use_external_emojis=True,
    use_application_commands=True,
    create_public_threads=True,
)
DEFAULT_BOT_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS | discord.Permissions(manage_messages=True, manage_threads=True)


THREAD_TYPES = (10, 11, 12)  # announcement, public and private threads


def snowflake() -> int:
    """A unique, well-formed snowflake carrying the current time."""
    now_ms = int(time.time() * 1000)
    return ((now_ms - DISCORD_EPOCH_MS) << 22) | (next(_sequence) & 0x3FFFFF)


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends a server's events on."""
    return (guild_id >> 22) % shard_count


def snowflake_on_shard(shard_id: int, shard_count: int) -> int:
    """A unique snowflake whose server Discord would put on shard ``shard_id`` of ``shard_count``
    (its creation time, in ms, is moved up to ``shard_count - 1`` ms ahead)."""
    now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    now_ms += (shard_id - now_ms) % shard_count
    return (now_ms << 22) | (next(_sequence) & 0x3FFFFF)


def iso_now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def permission_value(permissions: discord.Permissions | int) -> int:
    return permissions.value if isinstance(permissions, discord.Permissions) else int(permissions)


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class Channel:
    id: int
    name: str
    guild_id: int | None
    type: int = 0  # 0 text, 1 DM, 2 voice, 4 category, 5 announcement, 11 public thread
    position: int = 0
    parent_id: int | None = None
    topic: str | None = None
    owner_id: int | None = None  # a thread's: who started it

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "nsfw": False,
            "topic": self.topic,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "flags": 0,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.type in THREAD_TYPES:  # what Discord sends for a thread (discord.py reads all of it)
            data.update(
                owner_id=str(self.owner_id or self.id),
                message_count=0,
                member_count=1,
                thread_metadata={
                    "archived": False,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": iso_now(),
                    "locked": False,
                },
            )
        return data

    def __str__(self) -> str:
        return f"#{self.name}"


@dataclass
class Member:
    """A user on a server, with the permissions a test chose (sent as ``member.permissions``)."""

    id: int
    name: str
    guild_id: int | None
    permissions: int = DEFAULT_MEMBER_PERMISSIONS.value
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    bot: bool = False

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    @property
    def display_name(self) -> str:
        return self.nick or self.name

    def user_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": self.name.title(),
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }

    def member_payload(self, *, with_user: bool = True, with_permissions: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.role_ids],
            "nick": self.nick,
            "avatar": None,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user_payload()
        if with_permissions:
            data["permissions"] = str(self.permissions)
        return data


@dataclass
class Guild:
    """A server: look channels, roles and members up by name (``guild.channel("general")``)."""

    id: int
    name: str
    owner_id: int
    channels: dict[str, Channel] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    bot_permissions: int = DEFAULT_BOT_PERMISSIONS.value
    # The bot's own roles here: it may give or take only roles below the highest of them, as on
    # Discord (none: only @everyone, below which there is nothing).
    bot_role_ids: list[int] = field(default_factory=list)
    # False: a server that did not install the bot (no GUILD_CREATE); members who installed it
    # themselves still run its user-installable commands there.
    bot_installed: bool = True

    @classmethod
    def create(
        cls,
        name: str,
        channel_names: tuple[str, ...] = ("general", "trivia", "moderators"),
        *,
        shard: tuple[int, int] | None = None,
    ) -> Guild:
        """A server with those channels; ``shard=(shard_id, shard_count)``: one Discord puts on that shard."""
        guild_id = snowflake_on_shard(*shard) if shard else snowflake()
        guild = cls(id=guild_id, name=name, owner_id=snowflake())
        # @everyone's id is the guild's id, as on Discord.
        guild.roles["@everyone"] = Role(guild_id, "@everyone", DEFAULT_MEMBER_PERMISSIONS.value)
        for position, channel_name in enumerate(channel_names):
            guild.add_channel(channel_name, position=position)
        return guild

    def add_channel(
        self, name: str, *, type: int = 0, position: int | None = None, parent: str | None = None
    ) -> Channel:
        """A channel; of a thread type (10, 11, 12), a thread of ``parent`` (by default the first channel)."""
        if name in self.channels:
            raise ValueError(f"guild {self.name!r} already has a channel named {name!r}")
        parent_id = None
        if type in THREAD_TYPES:
            parent_id = self.channels[parent].id if parent else next(iter(self.channels.values())).id
        channel = Channel(
            snowflake(),
            name,
            self.id,
            type=type,
            position=len(self.channels) if position is None else position,
            parent_id=parent_id,
        )
        self.channels[name] = channel
        return channel

    def add_role(self, name: str, permissions: discord.Permissions | int = 0) -> Role:
        role = Role(snowflake(), name, permission_value(permissions), position=len(self.roles))
        self.roles[name] = role
        return role

    def channel(self, channel: str | int | Channel) -> Channel:
        if isinstance(channel, Channel):
            return channel
        for candidate in self.channels.values():
            if channel in (candidate.name, candidate.id):
                return candidate
        raise KeyError(f"guild {self.name!r} has no channel {channel!r}; it has {', '.join(self.channels)}")

    def bot_top_position(self) -> int:
        """The position of the bot's highest role here (0: it has only @everyone)."""
        return max((r.position for r in self.roles.values() if r.id in self.bot_role_ids), default=0)

    def role(self, role: str | int | Role) -> Role:
        if isinstance(role, Role):
            return role
        for candidate in self.roles.values():
            if role in (candidate.name, candidate.id):
                return candidate
        raise KeyError(f"guild {self.name!r} has no role {role!r}; it has {', '.join(self.roles)}")

    def create_payload(self, bot_member: Member, *, sparse: bool = False) -> dict[str, Any]:
        """GUILD_CREATE's data. Without the members intent Discord sends only the bot's own member."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "large": False,
            "unavailable": False,
            "member_count": len(self.members) + 1,
            "voice_states": [],
            "members": [
                {**bot_member.member_payload(with_permissions=False), "roles": [str(r) for r in self.bot_role_ids]}
            ],
            "channels": [] if sparse else [c.payload() for c in self.channels.values()],
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


@dataclass
class UploadedFile:
    """A file the bot uploaded (multipart ``files[n]``) or a test attached to an option."""

    filename: str
    data: bytes
    content_type: str | None = None
    description: str | None = None
    id: int = field(default_factory=snowflake)

    def text(self, encoding: str = "utf-8") -> str:
        return self.data.decode(encoding)

    def attachment_payload(self, base_url: str) -> dict[str, Any]:
        url = f"{base_url}/attachments/{self.id}/{self.filename}"
        data: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "url": url,
            "proxy_url": url,
        }
        if self.content_type:
            data["content_type"] = self.content_type
        if self.description:
            data["description"] = self.description
        return data


@dataclass
class Message:
    """A message the bot created (interaction response, follow-up or channel message), as it stands now."""

    id: int
    channel_id: int
    guild_id: int | None
    author: Member
    content: str = ""
    embeds: list[dict] = field(default_factory=list)
    components: list[dict] = field(default_factory=list)
    flags: int = 0
    files: list[UploadedFile] = field(default_factory=list)
    allowed_mentions: dict | None = None
    interaction_id: int | None = None  # set when an interaction created it
    webhook_id: int | None = None
    deleted: bool = False
    edit_count: int = 0
    history: list[dict] = field(default_factory=list)  # every create/edit body, in order

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def text(self) -> str:
        """Everything a user reads in this message: content, embeds and component labels."""
        return visible_text(self.content, self.embeds, self.components)

    def apply(self, body: dict, files: list[UploadedFile], *, editing: bool) -> None:
        """Apply a create or edit body the way Discord does: keys that are present replace."""
        self.history.append(body)
        if "content" in body:
            self.content = body["content"] or ""
        if "embeds" in body:
            self.embeds = list(body["embeds"] or [])
        if "components" in body:
            self.components = list(body["components"] or [])
        if "allowed_mentions" in body:
            self.allowed_mentions = body["allowed_mentions"]
        if "flags" in body and body["flags"] is not None and not editing:
            self.flags = int(body["flags"])
        if editing:
            self.flags &= ~LOADING
            self.edit_count += 1
            if "attachments" in body:  # the attachments to keep, plus any new upload
                keep = {str(a.get("id")) for a in body["attachments"] or []}
                self.files = [f for f in self.files if str(f.id) in keep]
        self.files.extend(files)

    def components_flat(self) -> list[dict]:
        return list(walk_components(self.components))

    def component(self, custom_id: str) -> dict | None:
        return next((c for c in self.components_flat() if c.get("custom_id") == custom_id), None)

    @property
    def buttons(self) -> list[dict]:
        return [c for c in self.components_flat() if c.get("type") == 2]

    def payload(self, base_url: str, application_id: int) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "type": 20 if self.interaction_id else 0,
            "content": self.content,
            "author": self.author.user_payload(),
            "embeds": self.embeds,
            "components": self.components,
            "attachments": [f.attachment_payload(base_url) for f in self.files],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": discord.utils.snowflake_time(self.id).isoformat(),
            "edited_timestamp": iso_now() if self.edit_count else None,
            "flags": self.flags,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
            data["application_id"] = str(application_id)
        return data


def walk_components(components: list[dict]):
    """Every component, depth first: action rows, sections, containers and labels hold others."""
    for component in components or []:
        yield component
        yield from walk_components(component.get("components") or [])
        if isinstance(component.get("accessory"), dict):
            yield component["accessory"]
        if isinstance(component.get("component"), dict):
            yield component["component"]


def visible_text(content: str | None, embeds: list[dict], components: list[dict]) -> str:
    parts = [content or ""]
    for embed in embeds or []:
        parts += [embed.get("author", {}).get("name", ""), embed.get("title", ""), embed.get("description", "")]
        for embed_field in embed.get("fields", []):
            parts += [embed_field.get("name", ""), embed_field.get("value", "")]
        parts.append(embed.get("footer", {}).get("text", ""))
    for component in walk_components(components):
        parts += [
            str(component.get("label") or ""),
            str(component.get("content") or ""),
            str(component.get("placeholder") or ""),
        ]
        parts += [str(option.get("label", "")) for option in component.get("options", [])]
    return "\n".join(p for p in parts if p)
