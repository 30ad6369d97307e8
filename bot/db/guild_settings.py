"""Per-server settings with declared defaults, cached so hot paths never wait on SQL."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any

import aiosqlite

from bot.db.database import Database

FEATURES = ("trivia", "quotes", "facts", "ask")


@dataclass(frozen=True, slots=True)
class GuildConfig:
    """One server's settings; a server never seen before gets these defaults."""

    guild_id: int
    spoilers: bool = False
    trivia_timer: int = 20
    trivia_rounds: int = 5
    typed_answers: bool = True
    hints: bool = False
    daily_channel_id: int | None = None
    daily_hour: int | None = None
    daily_last_date: str | None = None
    season: int = 1
    champion_role_id: int | None = None  # given to each season's champion at a reset
    disabled_features: frozenset[str] = frozenset()
    game_channel_ids: frozenset[int] = frozenset()

    def feature_enabled(self, feature: str) -> bool:
        return feature not in self.disabled_features

    @property
    def hidden_kinds(self) -> frozenset[str]:
        """The kinds of content (quote, fact) moderators turned off here: no card, trivia question or
        reveal may show them."""
        return frozenset(
            kind for kind, feature in (("quote", "quotes"), ("fact", "facts")) if not self.feature_enabled(feature)
        )

    def games_allowed_in(self, channel_id: int) -> bool:
        return not self.game_channel_ids or channel_id in self.game_channel_ids


# The columns of guild_settings that GuildConfig holds, and which of them are flags.
COLUMNS = tuple(f.name for f in fields(GuildConfig) if f.name not in ("disabled_features", "game_channel_ids"))
BOOL_COLUMNS = {"spoilers", "typed_answers", "hints"}


class GuildSettingsRepo(ABC):
    """Reads and writes ``guild_settings``, ``guild_features`` and ``game_channels``; each storage
    backend supplies the SQL (:class:`SqliteGuildSettingsRepo`, ``bot.db.postgres``).

    Reads are served from a per-process cache that every write through this class refreshes (a
    server's settings are changed by the process that holds its shard: docs/architecture.md).
    """

    def __init__(self) -> None:
        # Which servers to cache: the bot sets it to those whose shard this process runs, whose
        # settings change only through it (another process's server is read fresh each time).
        self.cache_if: Callable[[int], bool] = lambda _guild_id: True
        self._cache: dict[int, GuildConfig] = {}
        # Bumped by forget(): a load that started before a write must not cache what it read.
        self._generation = 0

    async def get(self, guild_id: int) -> GuildConfig:
        cached = self._cache.get(guild_id)
        if cached is not None:
            return cached
        generation = self._generation
        config = await self._load(guild_id)
        if generation == self._generation and self.cache_if(guild_id):
            self._cache[guild_id] = config
        return config

    def forget(self, guild_id: int | None = None) -> None:
        """Drop cached settings (all servers when ``guild_id`` is None)."""
        self._generation += 1
        if guild_id is None:
            self._cache.clear()
        else:
            self._cache.pop(guild_id, None)

    def cached(self, guild_id: int) -> GuildConfig | None:
        return self._cache.get(guild_id)

    async def update(self, guild_id: int, **changes: Any) -> GuildConfig:
        """Set columns of ``guild_settings`` (names checked against :class:`GuildConfig`)."""
        check_setting_names(changes)
        if changes:
            await self._write_settings(guild_id, changes)
        self.forget(guild_id)
        return await self.get(guild_id)

    async def set_feature(self, guild_id: int, feature: str, enabled: bool) -> GuildConfig:
        check_feature(feature)
        await self._write_feature(guild_id, feature, enabled)
        self.forget(guild_id)
        return await self.get(guild_id)

    @abstractmethod
    async def _load(self, guild_id: int) -> GuildConfig:
        """The server's settings in one statement (defaults for a server never configured)."""

    @abstractmethod
    async def _write_settings(self, guild_id: int, changes: dict[str, Any]) -> None: ...

    @abstractmethod
    async def _write_feature(self, guild_id: int, feature: str, enabled: bool) -> None: ...


def check_setting_names(changes: dict[str, Any]) -> None:
    unknown = set(changes) - set(COLUMNS) - {"guild_id"}
    if unknown or "guild_id" in changes:
        raise KeyError(f"unknown guild setting(s): {', '.join(sorted(unknown or {'guild_id'}))}")


def check_feature(feature: str) -> None:
    if feature not in FEATURES:
        raise KeyError(f"unknown feature {feature!r}")


def guild_config(
    guild_id: int, row: Any, disabled_features: Iterable[str], game_channel_ids: Iterable[int]
) -> GuildConfig:
    """The config from a row holding ``configured`` (NULL: never configured) and the columns."""
    base: dict[str, Any] = {"guild_id": guild_id}
    if row["configured"] is not None:
        base.update({c: (bool(row[c]) if c in BOOL_COLUMNS else row[c]) for c in COLUMNS if c != "guild_id"})
    return GuildConfig(
        **base,
        disabled_features=frozenset(disabled_features),
        game_channel_ids=frozenset(int(c) for c in game_channel_ids),
    )


class SqliteGuildSettingsRepo(GuildSettingsRepo):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db

    async def _load(self, guild_id: int) -> GuildConfig:
        # One statement (one thread hop): the first command from each server pays for this.
        row = await self._db.fetch_one(
            f"SELECT s.guild_id AS configured, {', '.join(f's.{c}' for c in COLUMNS if c != 'guild_id')},"
            " (SELECT json_group_array(feature) FROM guild_features"
            "   WHERE guild_id = :guild AND enabled = 0) AS disabled_features,"
            " (SELECT json_group_array(channel_id) FROM game_channels WHERE guild_id = :guild) AS game_channel_ids"
            " FROM (SELECT :guild AS guild_id) AS wanted"
            " LEFT JOIN guild_settings AS s ON s.guild_id = wanted.guild_id",
            {"guild": guild_id},
        )
        assert row is not None  # the LEFT JOIN always yields the wanted row
        return guild_config(guild_id, row, json.loads(row["disabled_features"]), json.loads(row["game_channel_ids"]))

    async def _write_settings(self, guild_id: int, changes: dict[str, Any]) -> None:
        async with self._db.transaction() as conn:
            await write_settings(conn, guild_id, changes)

    async def _write_feature(self, guild_id: int, feature: str, enabled: bool) -> None:
        async with self._db.transaction() as conn:
            await write_feature(conn, guild_id, feature, enabled)


# Connection-level writes, so that a caller can change settings and record the change (audit log)
# in one transaction: ``async with db.transaction() as conn: await write_settings(conn, ...)``.
# The caller then calls ``GuildSettingsRepo.forget(guild_id)``.


async def write_settings(conn: aiosqlite.Connection, guild_id: int, changes: dict[str, Any]) -> None:
    check_setting_names(changes)
    if not changes:
        return
    names = list(changes)
    values = [int(v) if isinstance(v, bool) else v for v in changes.values()]
    await conn.execute(
        f"INSERT INTO guild_settings (guild_id, {', '.join(names)}) VALUES (?{', ?' * len(names)})"
        f" ON CONFLICT(guild_id) DO UPDATE SET {', '.join(f'{n} = excluded.{n}' for n in names)},"
        " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        (guild_id, *values),
    )


async def write_feature(conn: aiosqlite.Connection, guild_id: int, feature: str, enabled: bool) -> None:
    check_feature(feature)
    await conn.execute(
        "INSERT INTO guild_features (guild_id, feature, enabled) VALUES (?, ?, ?)"
        " ON CONFLICT(guild_id, feature) DO UPDATE SET enabled = excluded.enabled",
        (guild_id, feature, int(enabled)),
    )
