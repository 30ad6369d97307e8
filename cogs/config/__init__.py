"""``/config``: moderators configure the bot on their server (see ``_cog.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.config._cog import ConfigCog

if TYPE_CHECKING:
    from bot.client import CompanionBot


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(ConfigCog(bot))
