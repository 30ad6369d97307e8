"""``/trivia``: the trivia feature's extension (the cog wiring it together is in ``_cog.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.trivia._cog import Trivia

if TYPE_CHECKING:
    from bot.client import CompanionBot


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(Trivia(bot))
