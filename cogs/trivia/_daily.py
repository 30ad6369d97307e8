"""The daily question: once a day per server, post a question that stays open until its window closes
(the next one's hour), when its answer is shown on the question itself."""

from __future__ import annotations

import asyncio
import logging
import time

from bot.db.guild_settings import GuildConfig
from bot.db.trivia_repo import GameRow, NewRound
from bot.trivia.game import LiveRound, daily_due, next_daily_at, pick_next, shuffled_choices
from cogs.trivia._games import DAILY_TIMER_S, ChannelGone, GameRunner, jump_url, live_round

log = logging.getLogger(__name__)


class DailyQuestions:
    """Checks every minute: reveals each daily question whose window closed, then posts the day's
    question of every server whose hour has come."""

    def __init__(self, runner: GameRunner) -> None:
        self.runner = runner  # posts and reveals the messages; holds the open rounds
        self.bot, self.repo, self.timing, self._rng = runner.bot, runner.repo, runner.timing, runner.rng
        self._loop_task: asyncio.Task[None] | None = None
        self._posts: set[asyncio.Task[None]] = set()
        self._revealed: dict[int, str] = {}  # guild id -> the link to its last revealed daily question

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
        """Reveal the daily questions whose window closed, then post the due daily question of every
        server this process owns; returns how many were posted."""
        now = self.timing.clock()
        for live in [r for r in self.runner.rounds.values() if r.kind == "daily" and r.deadline <= now.timestamp()]:
            await self._close_round(live)
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
        for earlier in previous:  # still open: the hour was moved earlier since it was posted
            await self._close(earlier)
        await self._post_message(live, self._revealed.pop(schedule.guild_id, None))
        return True

    async def close_all_in(self, guild_id: int, note: str) -> None:
        """Reveal the server's open daily question now and end it (trivia turned off there)."""
        for game in await self.repo.running_dailies(guild_id):
            await self._close(game, note=note)

    async def _close(self, game: GameRow, *, note: str | None = None) -> None:
        live = self.runner.rounds.get(game.id) or await self.runner.live_from(game)
        if live is None:
            await self.repo.end_game(game.id, "finished")
        else:
            await self._close_round(live, note=note)

    async def _close_round(self, live: LiveRound, *, note: str | None = None) -> None:
        """Reveal a daily question on its own message (the answer, who got it, their daily streaks)."""
        self.runner.rounds.pop(live.game_id, None)
        try:
            await self.runner.reveal(live, note=note)
            if live.message_id is not None:
                self._revealed[live.guild_id] = jump_url(live.guild_id, live.channel_id, live.message_id)
        except ChannelGone as exc:
            log.warning("daily trivia %d: could not reveal: %s", live.game_id, exc)
        await self.repo.end_game(live.game_id, "finished")

    async def _post_message(self, live: LiveRound, previous: str | None) -> None:
        try:
            await self.runner.post_question(live, previous=previous)
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
