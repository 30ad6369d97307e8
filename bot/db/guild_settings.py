"""Per-server settings with declared defaults, cached so hot paths never wait on SQL."""

from __future__ import annotations

import json
from collections.abc import Callable
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
    disabled_features: frozenset[str] = frozenset()
    game_channel_ids: frozenset[int] = frozenset()

    def feature_enabled(self, feature: str) -> bool:
        return feature not in self.disabled_features

    def games_allowed_in(self, channel_id: int) -> bool:
        return not self.game_channel_ids or channel_id in self.game_channel_ids


_COLUMNS = tuple(f.name for f in fields(GuildConfig) if f.name not in ("disabled_features", "game_channel_ids"))
_BOOL_COLUMNS = {"spoilers", "typed_answers", "hints"}


class GuildSettingsRepo:
    """Reads and writes ``guild_settings``, ``guild_features`` and ``game_channels``.

    Reads are served from a per-process cache that every write through this class refreshes.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
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

    async def _load(self, guild_id: int) -> GuildConfig:
        # One statement (one thread hop): the first command from each server pays for this.
        row = await self._db.fetch_one(
            f"SELECT s.guild_id AS configured, {', '.join(f's.{c}' for c in _COLUMNS if c != 'guild_id')},"
            " (SELECT json_group_array(feature) FROM guild_features"
            "   WHERE guild_id = :guild AND enabled = 0) AS disabled_features,"
            " (SELECT json_group_array(channel_id) FROM game_channels WHERE guild_id = :guild) AS game_channel_ids"
            " FROM (SELECT :guild AS guild_id) AS wanted"
            " LEFT JOIN guild_settings AS s ON s.guild_id = wanted.guild_id",
            {"guild": guild_id},
        )
        assert row is not None  # the LEFT JOIN always yields the wanted row
        base: dict[str, Any] = {"guild_id": guild_id}
        if row["configured"] is not None:
            base.update({c: (bool(row[c]) if c in _BOOL_COLUMNS else row[c]) for c in _COLUMNS if c != "guild_id"})
        return GuildConfig(
            **base,
            disabled_features=frozenset(json.loads(row["disabled_features"])),
            game_channel_ids=frozenset(int(c) for c in json.loads(row["game_channel_ids"])),
        )

    async def update(self, guild_id: int, **changes: Any) -> GuildConfig:
        """Set columns of ``guild_settings`` (names checked against :class:`GuildConfig`)."""
        if changes:
            async with self._db.transaction() as conn:
                await write_settings(conn, guild_id, changes)
        self.forget(guild_id)
        return await self.get(guild_id)

    async def set_feature(self, guild_id: int, feature: str, enabled: bool) -> GuildConfig:
        async with self._db.transaction() as conn:
            await write_feature(conn, guild_id, feature, enabled)
        self.forget(guild_id)
        return await self.get(guild_id)

    def cached(self, guild_id: int) -> GuildConfig | None:
        return self._cache.get(guild_id)


# Connection-level writes, so that a caller can change settings and record the change (audit log)
# in one transaction: ``async with db.transaction() as conn: await write_settings(conn, ...)``.
# The caller then calls ``GuildSettingsRepo.forget(guild_id)``.


async def write_settings(conn: aiosqlite.Connection, guild_id: int, changes: dict[str, Any]) -> None:
    unknown = set(changes) - set(_COLUMNS) - {"guild_id"}
    if unknown or "guild_id" in changes:
        raise KeyError(f"unknown guild setting(s): {', '.join(sorted(unknown or {'guild_id'}))}")
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
    if feature not in FEATURES:
        raise KeyError(f"unknown feature {feature!r}")
    await conn.execute(
        "INSERT INTO guild_features (guild_id, feature, enabled) VALUES (?, ?, ?)"
        " ON CONFLICT(guild_id, feature) DO UPDATE SET enabled = excluded.enabled",
        (guild_id, feature, int(enabled)),
    )
