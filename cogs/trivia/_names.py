"""Members' display names for leaderboards and standings, stored in batches off the click path."""

from __future__ import annotations

import asyncio

from bot.db.trivia_repo import TriviaRepo

NAME_FLUSH_S = 1.0
# Names already stored, so an unchanged name is not written again. Each entry is about 250 bytes:
# 10,000 recent answerers cost 2.5 MiB; past that the cache starts over (a name is rewritten once).
NAME_CACHE_LIMIT = 10_000


class DisplayNames:
    """Queues answerers' display names (there is no member cache) and stores them a moment later."""

    def __init__(self, repo: TriviaRepo) -> None:
        self.repo = repo
        self._stored: dict[tuple[int, int], str] = {}  # display names already stored
        self._pending: dict[tuple[int, int], str] = {}  # to store with the next batch
        self._flush_task: asyncio.Task[None] | None = None
        self._writing: asyncio.Future[None] | None = None  # the batch being stored now

    def tasks(self) -> list[asyncio.Task[None]]:
        return [self._flush_task] if self._flush_task is not None else []

    def remember(self, guild_id: int, user_id: int, name: str) -> None:
        """Queue the name; a click then costs its one write and nothing more."""
        key = (guild_id, user_id)
        if self._stored.get(key) == name:
            return
        if len(self._stored) > NAME_CACHE_LIMIT:
            self._stored.clear()
        self._stored[key] = self._pending[key] = name
        if self._flush_task is None or self._flush_task.done():
            self._flush_task = asyncio.create_task(self._flush_soon(), name="trivia store names")

    async def _flush_soon(self) -> None:
        await asyncio.sleep(NAME_FLUSH_S)
        await self.flush()

    async def flush(self) -> None:
        """Store queued display names now (before anything shows names: reveals, boards, standings)."""
        if self._pending:
            pending, self._pending = self._pending, {}
            self._writing = writing = asyncio.ensure_future(
                self.repo.remember_names([(g, u, n) for (g, u), n in pending.items()])
            )
            try:
                await writing
            finally:
                if self._writing is writing:
                    self._writing = None

    async def forget(self, guild_id: int, user_id: int) -> None:
        """/privacy is deleting this member's data here: their queued name is dropped, and a batch
        already being stored is waited for, so that the delete comes after it, never before."""
        self._pending.pop((guild_id, user_id), None)
        self._stored.pop((guild_id, user_id), None)
        if self._writing is not None:
            await asyncio.wait([self._writing])
