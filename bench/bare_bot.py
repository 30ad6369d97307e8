"""The baseline: a bare discord.py client that answers every interaction with a constant text.

Same intents and caches as the companion bot, so the comparison measures what our code adds.
Run by ``bench.interactions`` as ``python -m bench.bare_bot`` with DISCORD_TOKEN, DISCORD_API_BASE
and DISCORD_GATEWAY_URL in the environment.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal

import discord

from bot.endpoints import point_discord_at

ANSWER = "ok"


class BareBot(discord.Client):
    def __init__(self) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            intents=intents,
            max_messages=None,
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            allowed_mentions=discord.AllowedMentions.none(),
        )

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(ANSWER)


async def main() -> None:
    point_discord_at(os.environ["DISCORD_API_BASE"], os.environ["DISCORD_GATEWAY_URL"])
    async with BareBot() as bot:
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGTERM, lambda: loop.create_task(bot.close()))
        await bot.start(os.environ["DISCORD_TOKEN"])


if __name__ == "__main__":
    asyncio.run(main())
