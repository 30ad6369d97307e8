"""The daily question: once a day per server, post a question that stays open until the next one reveals it."""

from __future__ import annotations

import asyncio
import logging
import time

import discord

from bot.db.guild_settings import GuildConfig
from bot.db.trivia_repo import GameRow, NewRound
from bot.trivia.game import LiveRound, daily_due, next_daily_at, pick_next, shuffled_choices
from cogs.trivia._games import DAILY_TIMER_S, ChannelGone, GameRunner, live_round

log = logging.getLogger(__name__)


class DailyQuestions:
    """Checks every server's schedule each minute; posting a day's question reveals the previous one."""

    def __init__(self, runner: GameRunner) -> None:
        self.runner = runner  # posts and reveals the messages; holds the open rounds
        self.bot, self.repo, self.timing, self._rng = runner.bot, runner.repo, runner.timing, runner.rng
        self._loop_task: asyncio.Task[None] | None = None
        self._posts: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        self._loop_task = asyncio.create_task(self._loop(), name="trivia daily question")

    def tasks(self) -> list[asyncio.Task[None]]:
        return [t for t in (self._loop_task, *self._posts) if t is not None]

    async def _loop(self) -> None:
        """First run at once (a day missed while offline is posted on start), then every minute."""
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("daily trivia check failed")
            await asyncio.sleep(self.timing.daily_check_s)

    async def run_once(self) -> int:
        """Post the due daily question of every server this process owns; returns how many were posted."""
        now = self.timing.clock()
        posted = 0
        for schedule in await self.repo.daily_schedules():
            if not self.bot.owns(schedule.guild_id):  # posted by the process running its shard
                continue
            day = daily_due(now, schedule.hour, schedule.last_date)
            if day is None:
                continue
            config = await self.bot.guild_settings.get(schedule.guild_id)
            if config.feature_enabled("trivia") and await self._post(schedule, day, config):
                posted += 1
        return posted

    async def _post(self, schedule, day, config: GuildConfig) -> bool:
        previous = await self.repo.running_dailies(schedule.guild_id)
        bank = await self.repo.bank(schedule.guild_id, typed_ok=config.typed_answers, hidden=config.hidden_kinds)
        entry = pick_next(bank, self._rng)  # the server's least recently asked question
        question = await self.repo.question(entry.id) if entry else None
        if question is None:
            return False
        choices = shuffled_choices(question, self._rng)
        now = time.time()
        deadline = next_daily_at(day, schedule.hour).timestamp()
        # Claiming the day and creating its game is one transaction, decided by the database: a
        # restart, a second check, or a second process that also believes it owns the server (for a
        # moment, during a re-shard) never posts the same day twice.
        game_id = await self.repo.claim_daily(
            schedule, day, NewRound(question.id, choices, now, deadline), DAILY_TIMER_S
        )
        if game_id is None:
            return False
        self.bot.guild_settings.forget(schedule.guild_id)
        game = await self.repo.game(game_id)
        assert game is not None
        live = live_round(game, 1, question, choices, now, deadline)
        self.runner.rounds[game_id] = live
        result = None
        for earlier in previous:
            result = await self._close(earlier) or result
        await self._post_message(live, result)
        return True

    async def close_all_in(self, guild_id: int, note: str) -> None:
        """Reveal the server's open daily question now and end it (trivia turned off there)."""
        for game in await self.repo.running_dailies(guild_id):
            await self._close(game, note=note)

    async def _close(self, game: GameRow, *, note: str | None = None) -> discord.Embed | None:
        """Reveal yesterday's daily question on its message; its result also goes with the new one."""
        live = self.runner.rounds.pop(game.id, None) or await self.runner.live_from(game)
        result = None
        if live is not None:
            try:
                result = await self.runner.reveal(live, note=note)
            except ChannelGone as exc:
                log.warning("daily trivia %d: could not reveal: %s", game.id, exc)
        await self.repo.end_game(game.id, "finished")
        if result is not None:
            result.title = "Yesterday's question · answer"
        return result

    async def _post_message(self, live: LiveRound, previous: discord.Embed | None) -> None:
        try:
            await self.runner.post_question(live, extra=previous)
        except ChannelGone as exc:
            self.runner.rounds.pop(live.game_id, None)
            await self.repo.end_game(live.game_id, "abandoned")
            log.warning("daily trivia in channel %d abandoned: %s", live.channel_id, exc)

    async def resume(self, game: GameRow) -> None:
        """Hold a daily question that was open at a restart (posting it if that never happened)."""
        current, live = game.round, await self.runner.live_from(game)
        if live is None:  # revealed already (a restart while the next one was posted), or gone
            await self.repo.end_game(game.id, "finished" if current and current.revealed else "abandoned")
            return
        self.runner.rounds[game.id] = live
        if live.message_id is None:
            task = asyncio.create_task(self._post_message(live, None), name=f"trivia daily {game.id}")
            self._posts.add(task)
            task.add_done_callback(self._posts.discard)
