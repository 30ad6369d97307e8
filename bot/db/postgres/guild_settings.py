"""Per-server settings in PostgreSQL (see :class:`bot.db.guild_settings.GuildSettingsRepo`)."""

from __future__ import annotations

from typing import Any

import asyncpg

from bot.db.guild_settings import (
    COLUMNS,
    GuildConfig,
    GuildSettingsRepo,
    check_feature,
    check_setting_names,
    guild_config,
)
from bot.db.postgres.database import PgDatabase

_LOAD = f"""
    SELECT s.guild_id AS configured, {", ".join(f"s.{c}" for c in COLUMNS if c != "guild_id")},
           ARRAY(SELECT feature FROM guild_features WHERE guild_id = $1 AND NOT enabled) AS disabled_features,
           ARRAY(SELECT channel_id FROM game_channels WHERE guild_id = $1) AS game_channel_ids
    FROM (SELECT $1::bigint AS guild_id) AS wanted
    LEFT JOIN guild_settings AS s ON s.guild_id = wanted.guild_id
"""


class PgGuildSettingsRepo(GuildSettingsRepo):
    def __init__(self, pg: PgDatabase) -> None:
        super().__init__()
        self._pg = pg

    async def _load(self, guild_id: int) -> GuildConfig:
        row = await self._pg.fetch_one(_LOAD, guild_id)
        assert row is not None  # the LEFT JOIN always yields the wanted row
        return guild_config(guild_id, row, row["disabled_features"], row["game_channel_ids"])

    async def _write_settings(self, guild_id: int, changes: dict[str, Any]) -> None:
        async with self._pg.transaction() as conn:
            await write_settings(conn, guild_id, changes)

    async def _write_feature(self, guild_id: int, feature: str, enabled: bool) -> None:
        async with self._pg.transaction() as conn:
            await write_feature(conn, guild_id, feature, enabled)


# Connection-level writes, for a caller that records the change (audit log) in the same transaction.


async def write_settings(conn: asyncpg.Connection, guild_id: int, changes: dict[str, Any]) -> None:
    check_setting_names(changes)
    if not changes:
        return
    names = list(changes)
    placeholders = ", ".join(f"${n}" for n in range(2, len(names) + 2))
    await conn.execute(
        f"INSERT INTO guild_settings (guild_id, {', '.join(names)}) VALUES ($1, {placeholders})"
        f" ON CONFLICT (guild_id) DO UPDATE SET {', '.join(f'{n} = excluded.{n}' for n in names)},"
        " updated_at = utc_now_text()",
        guild_id,
        *changes.values(),
    )


async def write_feature(conn: asyncpg.Connection, guild_id: int, feature: str, enabled: bool) -> None:
    check_feature(feature)
    await conn.execute(
        "INSERT INTO guild_features (guild_id, feature, enabled) VALUES ($1, $2, $3)"
        " ON CONFLICT (guild_id, feature) DO UPDATE SET enabled = excluded.enabled",
        guild_id,
        feature,
        enabled,
    )
