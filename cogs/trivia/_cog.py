"""``/trivia``: games in a channel, a quick practice question, leaderboards, stats and the daily question.

The cog translates between Discord and ``bot.trivia`` (rules) / ``TriviaRepo`` (SQL). Running games keep
their open round in memory (``self.rounds``) so that a click is judged without a query and costs one
database write; the same state is in SQLite, and ``cog_load`` resumes running games after a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from bot.db.guild_settings import GuildConfig
from bot.db.trivia_repo import GameAlreadyRunning, GameRow, NewRound, TriviaRepo
from bot.trivia.game import ClickOutcome, Judgement, LiveRound, daily_due, next_daily_at, pick_next, shuffled_choices
from bot.trivia.models import Question
from bot.trivia.timing import DEFAULT_TIMING, TriviaTiming
from cogs._checks import FEATURE_OFF, ensure_feature_enabled, feature_allows_autocomplete, guild_id_of, is_moderator
from cogs._community import CustomQuestionsGroup
from cogs._text import counted, shown
from cogs.config._shared import IntRange
from cogs.trivia import _embeds as embeds
from cogs.trivia._views import (
    DYNAMIC_ITEMS,
    AnswerModal,
    leaderboard_view,
    question_view,
    quick_view,
    report_view,
)

if TYPE_CHECKING:
    from bot.client import CompanionBot

log = logging.getLogger(__name__)

QUICK_COOLDOWN_S = 20.0
DAILY_TIMER_S = 24 * 60 * 60
UNKNOWN_CHANNEL = 10003
PERIODS = {"a": "all time", "w": "this week"}
NAME_FLUSH_S = 1.0
# Names already stored, so an unchanged name is not written again. Each entry is about 250 bytes:
# 10,000 recent answerers cost 2.5 MiB; past that the cache starts over (a name is rewritten once).
NAME_CACHE_LIMIT = 10_000


class ChannelGone(Exception):
    """The game's channel was deleted, or the bot may no longer post or edit there."""


def jump_url(guild_id: int, channel_id: int, message_id: int | None) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}" + (f"/{message_id}" if message_id else "")


class Trivia(commands.Cog):
    """Trivia about the episode: games with buttons and typed answers, scores, the daily question."""

    trivia = app_commands.Group(name="trivia", description="Trivia about Milo's visit to I Am All In", guild_only=True)

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        # Pacing and clocks; a test gives the bot a ``trivia_timing`` (fake clock, shrunken timers).
        self.timing: TriviaTiming = getattr(bot, "trivia_timing", DEFAULT_TIMING)
        self.repo = TriviaRepo(bot.db)
        self.rounds: dict[int, LiveRound] = {}  # game id -> its open round
        self.games: dict[int, GameRow] = {}  # running games (kind 'game') by id
        self._runners: dict[int, asyncio.Task[None]] = {}
        self._stops: dict[int, tuple[asyncio.Event, str]] = {}  # game id -> (stop signal, who stopped it)
        self._tasks: set[asyncio.Task[None]] = set()
        self._names: dict[tuple[int, int], str] = {}  # display names already stored
        self._pending_names: dict[tuple[int, int], str] = {}  # to store with the next batch
        self._names_flush: asyncio.Task[None] | None = None
        self._rng = random.Random()
        self._daily_task: asyncio.Task[None] | None = None
        self.trivia.add_command(CustomQuestionsGroup())  # moderation's /trivia custom ...

    # -- lifecycle -----------------------------------------------------------------------------

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        generated = await self.repo.refresh_bank()
        if generated is not None:
            log.info("trivia bank regenerated: %d generated questions", generated)
        for game in await self.repo.running_games():
            await self._resume(game)
        self._daily_task = asyncio.create_task(self._daily_loop(), name="trivia daily question")

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        tasks = [t for t in (self._daily_task, *self._runners.values(), *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(Exception):  # best effort while shutting down
            await self.flush_names()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Every /trivia command of this cog is refused on a server that turned trivia off."""
        await ensure_feature_enabled(interaction, "trivia")
        return True

    def _spawn(self, coro, name: str) -> asyncio.Task[None]:
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _config(self, guild_id: int) -> GuildConfig:
        return self.bot.guild_settings.cached(guild_id) or await self.bot.guild_settings.get(guild_id)

    # -- /trivia start and stop ----------------------------------------------------------------

    @trivia.command(name="start", description="Start a trivia game in this channel")
    @app_commands.describe(
        rounds="How many questions (default: this server's setting)",
        category="Only questions of this kind",
        timer="Seconds to answer each question (default: this server's setting)",
    )
    async def start(
        self,
        interaction: discord.Interaction[CompanionBot],
        # IntRange also enforces the range here: discord.py leaves it to the client.
        rounds: app_commands.Transform[int, IntRange(1, 20)] | None = None,
        category: app_commands.Range[str, 1, 40] | None = None,
        timer: app_commands.Transform[int, IntRange(10, 60)] | None = None,
    ) -> None:
        guild_id, channel_id = guild_id_of(interaction), interaction.channel_id
        config = await self._config(guild_id)
        if channel_id is None or not config.games_allowed_in(channel_id):
            allowed = ", ".join(f"<#{c}>" for c in sorted(config.game_channel_ids)[:10])
            raise UserFacingError(f"Games run in {allowed} on this server.")
        await self._refuse_second_game(guild_id, channel_id)
        if category is not None and category not in await self.repo.categories(guild_id, typed_ok=config.typed_answers):
            raise UserFacingError("There is no such category here; pick one from the list.")
        bank = await self.repo.bank(guild_id, category=category, typed_ok=config.typed_answers)
        entry = pick_next(bank, [], self._rng)
        question = await self.repo.question(entry.id) if entry else None
        if question is None:
            raise UserFacingError("There are no questions to ask yet.")
        rounds = rounds or config.trivia_rounds
        timer = timer or config.trivia_timer
        choices = shuffled_choices(question, self._rng)
        now = time.time()
        deadline = now + self.timing.seconds(timer)
        try:
            game_id = await self.repo.create_game(
                guild_id=guild_id,
                channel_id=channel_id,
                started_by=interaction.user.id,
                rounds=rounds,
                timer=timer,
                category=category,
                season=config.season,
                first=NewRound(question.id, choices, now, deadline),
            )
        except GameAlreadyRunning:
            await self._refuse_second_game(guild_id, channel_id)
            raise UserFacingError("A game is already running in this channel.") from None
        game = await self.repo.game(game_id)
        assert game is not None
        live = self._live(game, 1, question, choices, now, deadline)
        self.rounds[game_id] = live
        self.games[game_id] = game
        about = f" about {shown(category, 40)}" if category else ""
        try:
            await interaction.response.send_message(
                f"**Trivia!** {counted(rounds, 'question')}{about}, {timer} s each, started by "
                f"{shown(interaction.user.display_name, 64)}. Everyone may answer once per question; "
                "`/trivia stop` ends the game."
            )
        finally:  # the game exists now: it runs even if the announcement failed
            self._start_runner(game, live)

    @staticmethod
    def _live(
        game: GameRow,
        round_no: int,
        question: Question,
        choices: tuple[str, ...],
        started_at: float,
        deadline: float,
        *,
        message_id: int | None = None,
        answered: set[int] | None = None,
    ) -> LiveRound:
        # A daily question's speed bonus is measured against the day, not the time until the next one.
        timer_s = DAILY_TIMER_S if game.kind == "daily" else deadline - started_at
        return LiveRound(
            game.id, game.guild_id, game.channel_id, game.season, game.kind, round_no, game.rounds,
            question, tuple(choices), started_at, deadline, timer_s, message_id, answered or set(),
        )  # fmt: skip

    async def _refuse_second_game(self, guild_id: int, channel_id: int) -> None:
        running = await self.repo.running_game_in(channel_id)
        if running is not None:
            message_id = running.round.message_id if running.round else None
            raise UserFacingError(
                f"A game is already running in this channel: {jump_url(guild_id, channel_id, message_id)}"
            )

    @trivia.command(name="stop", description="End the trivia game in this channel (points are kept)")
    async def stop(self, interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id_of(interaction)
        game = next((g for g in self.games.values() if g.channel_id == interaction.channel_id), None)
        if game is None:
            game = await self.repo.running_game_in(interaction.channel_id or 0)
        if game is None:
            raise UserFacingError("No game is running in this channel.")
        if interaction.user.id != game.started_by and not is_moderator(interaction):
            raise UserFacingError("Only the member who started this game or a moderator (Manage Server) can stop it.")
        who = shown(interaction.user.display_name, 64)
        if game.id in self._stops:
            stop_signal = self._stops[game.id][0]
            self._stops[game.id] = (stop_signal, who)
            stop_signal.set()
        else:  # no runner (it failed to resume): end it here
            await self._end(game.id, "stopped")
        await interaction.response.send_message(f"**Game stopped** by {who}. Points earned so far are kept.")

    # -- running a game ------------------------------------------------------------------------

    def _start_runner(self, game: GameRow, live: LiveRound | None) -> None:
        self._stops[game.id] = (asyncio.Event(), "")
        self._runners[game.id] = task = asyncio.create_task(self._run_game(game, live), name=f"trivia game {game.id}")
        task.add_done_callback(lambda _t, gid=game.id: self._runners.pop(gid, None))

    def _forget(self, game_id: int) -> None:
        self.rounds.pop(game_id, None)
        self.games.pop(game_id, None)
        self._stops.pop(game_id, None)

    async def _run_game(self, game: GameRow, live: LiveRound | None) -> None:
        """Post, wait, reveal, next; until the last round or a stop. Ends the game cleanly if its
        channel is gone."""
        stop = self._stops[game.id][0]
        status = "finished"
        try:
            if live is None and game.current_round < game.rounds:
                # Resumed after the current round was revealed: go on from the next.
                live = await self._open_round(game, game.current_round + 1)
            while live is not None:
                if live.message_id is None:
                    await self._post_question(live)
                await self._wait(stop, live.deadline - time.time())
                note = "The game was stopped." if stop.is_set() else None
                await self._reveal(live, note=note)
                if stop.is_set():
                    status = "stopped"
                    break
                if live.round_no >= game.rounds:
                    break
                await self._wait(stop, self.timing.seconds(self.timing.reveal_pause_s))
                if stop.is_set():
                    status = "stopped"
                    break
                live = await self._open_round(game, live.round_no + 1)
            stopper = self._stops[game.id][1]
            await self._end(game.id, status)
            await self._post_standings(game, status, stopper)
        except ChannelGone as exc:
            await self._end(game.id, "abandoned")
            log.warning("trivia game %d in channel %d abandoned: %s", game.id, game.channel_id, exc)
        except asyncio.CancelledError:
            raise  # unloading: the game stays running in the database and resumes on start
        except Exception:
            log.exception("trivia game %d failed; ending it", game.id)
            await self._end(game.id, "abandoned")

    async def _end(self, game_id: int, status: str) -> None:
        self._forget(game_id)  # from now on its buttons answer "this game has ended"
        await self.repo.end_game(game_id, status)

    @staticmethod
    async def _wait(stop: asyncio.Event, seconds: float) -> None:
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), seconds)

    async def _open_round(self, game: GameRow, round_no: int) -> LiveRound | None:
        config = await self._config(game.guild_id)
        bank = await self.repo.bank(game.guild_id, category=game.category, typed_ok=config.typed_answers)
        entry = pick_next(bank, await self.repo.asked_questions(game.id), self._rng)
        question = await self.repo.question(entry.id) if entry else None
        if question is None:
            return None  # the bank emptied under us (everything retired): end with what was played
        choices = shuffled_choices(question, self._rng)
        now = time.time()
        deadline = now + self.timing.seconds(game.timer)
        await self.repo.next_round(game.id, round_no, NewRound(question.id, choices, now, deadline))
        live = self._live(game, round_no, question, choices, now, deadline)
        self.rounds[game.id] = live
        return live

    def _channel(self, guild_id: int, channel_id: int) -> discord.PartialMessageable:
        return self.bot.get_partial_messageable(channel_id, guild_id=guild_id, type=discord.ChannelType.text)

    async def _send(self, guild_id: int, channel_id: int, **kwargs) -> discord.Message:
        try:
            return await self._channel(guild_id, channel_id).send(**kwargs)
        except discord.HTTPException as exc:  # deleted, no permission, or Discord failing after retries
            raise ChannelGone(f"cannot post there ({exc.status} {exc.text or exc.code})") from exc

    async def _edit(self, live: LiveRound, **kwargs) -> None:
        if live.message_id is None:
            return
        try:
            await self._channel(live.guild_id, live.channel_id).get_partial_message(live.message_id).edit(**kwargs)
        except discord.NotFound as exc:
            if exc.code == UNKNOWN_CHANNEL:
                raise ChannelGone("the channel was deleted") from exc
            log.info("trivia question message %d was deleted; carrying on", live.message_id)
        except discord.Forbidden as exc:
            raise ChannelGone(f"cannot edit there ({exc.text or exc.code})") from exc
        except discord.HTTPException as exc:  # Discord failing after its retries: the game goes on
            log.warning("could not edit trivia message %d: %s %s", live.message_id, exc.status, exc.text)

    def _title(self, live: LiveRound, suffix: str = "") -> str:
        if live.kind == "daily":
            return f"Daily question{suffix}"
        return f"Question {live.round_no} of {live.rounds}{suffix}"

    async def _post_question(self, live: LiveRound, *, extra: discord.Embed | None = None) -> None:
        if live.kind == "game" and live.deadline - time.time() < live.timer_s / 2:
            # Resuming a round that was never shown (a crash between saving and posting): fresh time.
            live.started_at = time.time()
            live.deadline = live.started_at + live.timer_s
            await self.repo.restart_round(live.game_id, live.round_no, live.started_at, live.deadline)
        config = await self._config(live.guild_id)
        embed = embeds.question_embed(
            live, title=self._title(live), spoilers=config.spoilers, hints=config.hints, typed=config.typed_answers
        )
        view = question_view(live, typed=config.typed_answers)
        message = await self._send(live.guild_id, live.channel_id, embeds=[e for e in (extra, embed) if e], view=view)
        live.message_id = message.id
        await self.repo.set_round_message(live.game_id, live.round_no, message.id)

    async def _reveal(self, live: LiveRound, *, note: str | None = None) -> discord.Embed:
        """Close the round, show the answer, who got it and the evidence on the question itself."""
        live.closed = True
        config = await self._config(live.guild_id)
        await self.flush_names()
        answers = await self.repo.round_answers(live.game_id, live.round_no)
        embed = embeds.reveal_embed(
            live, answers, title=self._title(live, " · answer"), spoilers=config.spoilers, note=note
        )
        await self._edit(live, embed=embed, view=report_view(live.question.id))
        await self.repo.mark_revealed(live.game_id, live.round_no)
        return embed

    async def _post_standings(self, game: GameRow, status: str, stopper: str) -> None:
        await self.flush_names()
        standings = await self.repo.game_standings(game.id)
        note = f"Stopped by {stopper}." if status == "stopped" and stopper else None
        title = "Final standings" if status == "finished" else "Standings when the game stopped"
        await self._send(
            game.guild_id, game.channel_id, embed=embeds.standings_embed(standings, title=title, note=note)
        )

    async def _live_from(self, game: GameRow) -> LiveRound | None:
        """The game's current round as stored, unless it was revealed (or its question is gone)."""
        current = game.round
        if current is None or current.revealed:
            return None
        question = await self.repo.question(current.question_id)
        if question is None:
            return None
        answered = await self.repo.round_answerers(game.id, current.round_no)
        return self._live(
            game, current.round_no, question, current.choices, current.started_at, current.deadline,
            message_id=current.message_id, answered=answered,
        )  # fmt: skip

    async def _resume(self, game: GameRow) -> None:
        """Pick a running game up again after a restart, from its current round."""
        current, live = game.round, await self._live_from(game)
        if game.kind == "daily":
            if live is None:  # revealed already (a restart while the next one was posted), or gone
                await self.repo.end_game(game.id, "finished" if current and current.revealed else "abandoned")
                return
            self.rounds[game.id] = live
            if live.message_id is None:
                self._spawn(self._post_daily_message(live, None), f"trivia daily {game.id}")
            return
        if current is not None and live is None and not current.revealed:
            await self.repo.end_game(game.id, "abandoned")  # its question is gone
            log.warning("trivia game %d could not resume: its question is gone", game.id)
            return
        self.games[game.id] = game
        if live is not None:
            self.rounds[game.id] = live
        self._start_runner(game, live)
        log.info("resumed trivia game %d at round %d", game.id, game.current_round)

    # -- answering -----------------------------------------------------------------------------

    def _open_round_for(self, game_id: int, round_no: int) -> LiveRound:
        live = self.rounds.get(game_id)
        if live is None:
            raise UserFacingError("This game has ended; its points are kept. `/trivia start` begins a new one.")
        if live.round_no != round_no or live.closed:
            raise UserFacingError("Time's up for that question.")
        if live.kind == "game" and time.time() > live.deadline + self.timing.seconds(self.timing.late_grace_s):
            raise UserFacingError("Time's up for that question.")
        return live

    async def _feature_on(self, guild_id: int) -> GuildConfig:
        config = await self._config(guild_id)
        if not config.feature_enabled("trivia"):
            raise UserFacingError(FEATURE_OFF.format(feature="trivia"))
        return config

    async def answer_choice(self, interaction: discord.Interaction, game_id: int, round_no: int, choice: int) -> None:
        live = self._open_round_for(game_id, round_no)
        await self._feature_on(live.guild_id)
        await self._record(interaction, live, live.judge_choice(interaction.user.id, choice, time.time()))

    async def open_typed_answer(self, interaction: discord.Interaction, game_id: int, round_no: int) -> None:
        live = self._open_round_for(game_id, round_no)
        config = await self._feature_on(live.guild_id)
        if not (config.typed_answers and live.question.typeable):
            raise UserFacingError("Typed answers are off for this question; use the buttons.")
        if interaction.user.id in live.answered:
            raise UserFacingError("You already answered this question.")
        timeout = max(live.deadline - time.time(), 0) + 30 if live.kind == "game" else 15 * 60
        await interaction.response.send_modal(AnswerModal(game_id, round_no, timeout=timeout))

    async def answer_text(self, interaction: discord.Interaction, game_id: int, round_no: int, text: str) -> None:
        live = self._open_round_for(game_id, round_no)
        await self._feature_on(live.guild_id)
        judgement = live.judge_text(interaction.user.id, text, time.time())
        if judgement.outcome is ClickOutcome.CLOSE_SPELLING:
            await interaction.response.send_message(
                "Close! Check the spelling and try again (that one didn't count).", ephemeral=True
            )
            return
        await self._record(interaction, live, judgement)

    async def _record(self, interaction: discord.Interaction, live: LiveRound, judgement: Judgement) -> None:
        """The click path: judged in memory, then ONE database write, then the ephemeral answer."""
        user_id = interaction.user.id
        if judgement.outcome is ClickOutcome.CLOSED:
            raise UserFacingError("Time's up for that question.")
        if judgement.outcome is ClickOutcome.INVALID:
            raise UserFacingError("That isn't one of this question's answers.")
        if judgement.outcome is ClickOutcome.ALREADY_ANSWERED:
            raise UserFacingError("You already answered this question.")
        live.answered.add(user_id)
        try:
            points = await self.repo.record_answer(
                game_id=live.game_id,
                round_no=live.round_no,
                guild_id=live.guild_id,
                season=live.season,
                user_id=user_id,
                given=judgement.given,
                correct=judgement.correct,
                elapsed_s=judgement.elapsed_s,
                timer_s=live.timer_s,
            )
        except BaseException:
            live.answered.discard(user_id)
            raise
        if points is None:
            raise UserFacingError("You already answered this question.")
        given = shown(judgement.given, 200)
        await interaction.response.send_message(
            f"Locked in: **{given}**. The answer comes {'with the next daily question' if live.kind == 'daily' else 'when time is up'}.",
            ephemeral=True,
        )
        self._remember_name(live.guild_id, user_id, interaction.user.display_name)

    def _remember_name(self, guild_id: int, user_id: int, name: str) -> None:
        """Queue the display name for leaderboards (no member cache). Names are stored in batches a
        moment later, so a click costs its one write and nothing more."""
        key = (guild_id, user_id)
        if self._names.get(key) == name:
            return
        if len(self._names) > NAME_CACHE_LIMIT:
            self._names.clear()
        self._names[key] = self._pending_names[key] = name
        if self._names_flush is None or self._names_flush.done():
            self._names_flush = self._spawn(self._flush_names_soon(), "trivia store names")

    async def _flush_names_soon(self) -> None:
        await asyncio.sleep(NAME_FLUSH_S)
        await self.flush_names()

    async def flush_names(self) -> None:
        """Store queued display names now (before anything shows names: reveals, boards, standings)."""
        if self._pending_names:
            pending, self._pending_names = self._pending_names, {}
            await self.repo.remember_names([(g, u, n) for (g, u), n in pending.items()])

    # -- the daily question --------------------------------------------------------------------

    async def _daily_loop(self) -> None:
        """First run at once (a day missed while offline is posted on start), then every minute."""
        while True:
            try:
                await self.run_daily_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("daily trivia check failed")
            await asyncio.sleep(self.timing.daily_check_s)

    async def run_daily_once(self) -> int:
        """Post every server's due daily question; returns how many were posted."""
        now = self.timing.clock()
        posted = 0
        for schedule in await self.repo.daily_schedules():
            day = daily_due(now, schedule.hour, schedule.last_date)
            if day is None:
                continue
            config = await self.bot.guild_settings.get(schedule.guild_id)
            if config.feature_enabled("trivia") and await self._post_daily(schedule, day, config):
                posted += 1
        return posted

    async def _post_daily(self, schedule, day, config: GuildConfig) -> bool:
        previous = await self.repo.running_dailies(schedule.guild_id)
        bank = await self.repo.bank(schedule.guild_id, typed_ok=config.typed_answers)
        entry = pick_next(bank, await self.repo.daily_asked(schedule.guild_id), self._rng)
        question = await self.repo.question(entry.id) if entry else None
        if question is None:
            return False
        choices = shuffled_choices(question, self._rng)
        now = time.time()
        deadline = next_daily_at(day, schedule.hour).timestamp()
        # Claiming the day and creating its game is one transaction: a restart or a second check
        # never posts the same day twice.
        game_id = await self.repo.claim_daily(
            schedule, day, NewRound(question.id, choices, now, deadline), DAILY_TIMER_S
        )
        if game_id is None:
            return False
        self.bot.guild_settings.forget(schedule.guild_id)
        game = await self.repo.game(game_id)
        assert game is not None
        live = self._live(game, 1, question, choices, now, deadline)
        self.rounds[game_id] = live
        result = None
        for earlier in previous:
            result = await self._close_daily(earlier) or result
        await self._post_daily_message(live, result)
        return True

    async def _close_daily(self, game: GameRow) -> discord.Embed | None:
        """Reveal yesterday's daily question on its message; its result also goes with the new one."""
        live = self.rounds.pop(game.id, None) or await self._live_from(game)
        result = None
        if live is not None:
            try:
                result = await self._reveal(live)
            except ChannelGone as exc:
                log.warning("daily trivia %d: could not reveal: %s", game.id, exc)
        await self.repo.end_game(game.id, "finished")
        if result is not None:
            result.title = "Yesterday's question · answer"
        return result

    async def _post_daily_message(self, live: LiveRound, previous: discord.Embed | None) -> None:
        try:
            await self._post_question(live, extra=previous)
        except ChannelGone as exc:
            self.rounds.pop(live.game_id, None)
            await self.repo.end_game(live.game_id, "abandoned")
            log.warning("daily trivia in channel %d abandoned: %s", live.channel_id, exc)

    # -- /trivia question ----------------------------------------------------------------------

    @trivia.command(name="question", description="A quick practice question, just for you")
    @app_commands.checks.cooldown(1, QUICK_COOLDOWN_S, key=lambda i: (i.guild_id, i.user.id))
    async def quick_question(self, interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id = guild_id_of(interaction)
        config = await self._config(guild_id)
        bank = [e for e in await self.repo.bank(guild_id, typed_ok=False) if e.form != "typed"]
        question = await self.repo.question(self._rng.choice(bank).id) if bank else None
        if question is None:
            raise UserFacingError("There are no questions to ask yet.")
        seed = self._rng.randrange(1, 10**9)
        choices = shuffled_choices(question, random.Random(seed))
        await interaction.response.send_message(
            embed=embeds.quick_embed(question, choices, spoilers=config.spoilers),
            view=quick_view(question.id, seed, choices),
            ephemeral=True,
        )

    async def answer_quick(self, interaction: discord.Interaction, question_id: int, seed: int, choice: int) -> None:
        config = await self._feature_on(guild_id_of(interaction))
        question = await self.repo.question(question_id)
        if question is None:
            raise UserFacingError("That question is no longer available; `/trivia question` gives a new one.")
        choices = shuffled_choices(question, random.Random(seed))
        if not 0 <= choice < len(choices):
            raise UserFacingError("That isn't one of this question's answers.")
        given = choices[choice]
        await interaction.response.edit_message(
            embed=embeds.quick_reveal_embed(question, given, given == question.answer, spoilers=config.spoilers),
            view=report_view(question.id),
        )

    # -- /trivia leaderboard and stats ---------------------------------------------------------

    @trivia.command(name="leaderboard", description="This server's top trivia players")
    @app_commands.describe(period="All of this season, or just this week (since Monday, UTC)")
    async def leaderboard(
        self, interaction: discord.Interaction[CompanionBot], period: Literal["all time", "this week"] = "all time"
    ) -> None:
        code = "w" if period == "this week" else "a"
        embed, view = await self._leaderboard(guild_id_of(interaction), code, 0, interaction.user.id)
        await interaction.response.send_message(embed=embed, view=view)

    async def turn_leaderboard(self, interaction: discord.Interaction, code: str, page: int) -> None:
        guild_id = guild_id_of(interaction)
        await self._feature_on(guild_id)  # a page turn is trivia too: refused once moderators turned it off
        embed, view = await self._leaderboard(guild_id, code, page, interaction.user.id)
        await interaction.response.edit_message(embed=embed, view=view)

    async def _leaderboard(self, guild_id: int, code: str, page: int, user_id: int):
        config = await self._config(guild_id)
        since = None
        if code == "w":
            now = self.timing.clock()
            monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
            since = monday.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        await self.flush_names()
        board = await self.repo.leaderboard(guild_id, config.season, page=page, caller_id=user_id, since=since)
        embed = embeds.leaderboard_embed(board, period=PERIODS[code], season=config.season)
        return embed, leaderboard_view(code, board.page, board.pages, user_id)

    @trivia.command(name="stats", description="Trivia stats for you or another member")
    @app_commands.describe(member="Whose stats (default: yours)")
    async def stats(self, interaction: discord.Interaction[CompanionBot], member: discord.User | None = None) -> None:
        guild_id = guild_id_of(interaction)
        config = await self._config(guild_id)
        target = member or interaction.user
        stats = await self.repo.member_stats(guild_id, config.season, target.id)
        await interaction.response.send_message(
            embed=embeds.stats_embed(stats, name=target.display_name), ephemeral=True
        )

    @start.autocomplete("category")
    async def category_autocomplete(
        self, interaction: discord.Interaction[CompanionBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not await feature_allows_autocomplete(interaction, "trivia"):
            return []
        config = await self._config(interaction.guild_id)
        categories = await self.repo.categories(interaction.guild_id, typed_ok=config.typed_answers)
        return [app_commands.Choice(name=c, value=c) for c in categories if current.lower() in c.lower()][:25]
