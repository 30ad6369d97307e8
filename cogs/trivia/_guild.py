"""This server's settings as trivia reads them: from the cache when it can, refused when trivia is off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.client import UserFacingError
from bot.db.guild_settings import GuildConfig
from cogs._checks import FEATURE_OFF

if TYPE_CHECKING:
    from bot.client import CompanionBot


async def guild_config(bot: CompanionBot, guild_id: int) -> GuildConfig:
    return bot.guild_settings.cached(guild_id) or await bot.guild_settings.get(guild_id)


async def config_if_trivia_on(bot: CompanionBot, guild_id: int) -> GuildConfig:
    """The server's settings; a short refusal once its moderators turned trivia off (for buttons)."""
    config = await guild_config(bot, guild_id)
    if not config.feature_enabled("trivia"):
        raise UserFacingError(FEATURE_OFF.format(feature="trivia"))
    return config
