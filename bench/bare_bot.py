"""The baseline: a bare discord.py client that answers every interaction with a constant text.

Same intents and caches as the companion bot, so the comparison measures what our code adds.
Run by ``bench.interactions`` as ``python -m bench.bare_bot`` with DISCORD_TOKEN, DISCORD_API_BASE
and DISCORD_GATEWAY_URL in the environment.

``BARE_BOT_ADDS`` (``bench.interactions --baseline``) gives it, one by one, the two things a trivia
click cannot do without, to show what each costs by itself: ``dynamic``, it answers a trivia
answer button from a ``DynamicItem`` (discord.py rebuilds the clicked message's view for it), and
``write``, it stores an answer first with the click's very statement (``SQLITE_ANSWER_INSERT``),
through aiosqlite, into a database migrated as the bot's is (DATABASE_PATH). Together they are the
floor of any bot that answers such a click and keeps the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import re
import signal
import time
from pathlib import Path

import aiosqlite
import discord

from bot.db.database import Database
from bot.db.trivia_repo import SQLITE_ANSWER_INSERT, AnswerInsert, NewRound, SqliteTriviaRepo, sqlite_answer_params
from bot.endpoints import point_discord_at

ANSWER = "ok"
ADDS = {"dynamic", "write"}
GAMES = 8  # games the stored answers rotate over


class BareBot(discord.Client):
    def __init__(self, adds: frozenset[str] = frozenset()) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            intents=intents,
            max_messages=None,
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.adds = adds
        self.store: AnswerStore | None = None

    async def setup_hook(self) -> None:
        if "write" in self.adds:
            self.store = await AnswerStore.open(Path(os.environ["DATABASE_PATH"]))
        if "dynamic" in self.adds:
            self.add_dynamic_items(AnswerButton)

    async def answer(self, interaction: discord.Interaction) -> None:
        if self.store is not None:
            await self.store.record(interaction.user.id)
        await interaction.response.send_message(ANSWER)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if "dynamic" in self.adds and AnswerButton.claims(interaction):
            return  # the dynamic item answers it
        await self.answer(interaction)

    async def close(self) -> None:
        await super().close()
        if self.store is not None:
            await self.store.conn.close()


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=r"trivia:a:[0-9]+:[0-9]+:[0-9]"):
    def __init__(self, custom_id: str) -> None:
        super().__init__(discord.ui.Button(label="A", custom_id=custom_id))

    @classmethod
    def claims(cls, interaction: discord.Interaction) -> bool:
        custom_id = (interaction.data or {}).get("custom_id", "")  # type: ignore[union-attr]
        return interaction.type is discord.InteractionType.component and bool(
            re.fullmatch(cls.__discord_ui_compiled_template__, str(custom_id))
        )

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match, /):
        return cls(match.string)

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.client.answer(interaction)  # type: ignore[attr-defined]


class AnswerStore:
    """One answer INSERT per interaction, as a click stores it: raw aiosqlite, no code of the bot's."""

    def __init__(self, conn: aiosqlite.Connection, games: list[int]) -> None:
        self.conn = conn
        self.games = itertools.cycle(games)

    @classmethod
    async def open(cls, path: Path) -> AnswerStore:
        async with Database(path) as db:  # the bot's schema (and its trigger folding answers into scores)
            await db.write(
                "INSERT INTO questions (key, category, form, prompt, answer) VALUES ('q', 'c', 'choice', 'p', 'a')"
            )
            question = (await db.fetch_one("SELECT id FROM questions WHERE key = 'q'"))["id"]
            repo, now = SqliteTriviaRepo(db), time.time()
            games = [
                await repo.create_game(
                    guild_id=n + 1, channel_id=n + 1, started_by=1, rounds=20, timer=60, category=None, season=1,
                    first=NewRound(question, ("a", "b", "c", "d"), now, now + 3600),
                )
                for n in range(GAMES)
            ]  # fmt: skip
        conn = await aiosqlite.connect(path, isolation_level=None)
        await conn.executescript("PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
        return cls(conn, games)

    async def record(self, user_id: int) -> None:
        game = next(self.games)
        answer = AnswerInsert(game, 1, game, 1, user_id, "a", True, 120, 0, 50, 10, 1500)
        await self.conn.execute_fetchall(SQLITE_ANSWER_INSERT, sqlite_answer_params(answer))


def adds_from_environment() -> frozenset[str]:
    adds = frozenset(filter(None, os.environ.get("BARE_BOT_ADDS", "").split(",")))
    if adds - ADDS:
        raise SystemExit(f"BARE_BOT_ADDS: unknown {', '.join(sorted(adds - ADDS))}; known: {', '.join(sorted(ADDS))}")
    return adds


async def main() -> None:
    point_discord_at(os.environ["DISCORD_API_BASE"], os.environ["DISCORD_GATEWAY_URL"])
    async with BareBot(adds_from_environment()) as bot:
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGTERM, lambda: loop.create_task(bot.close()))
        await bot.start(os.environ["DISCORD_TOKEN"])


if __name__ == "__main__":
    asyncio.run(main())
