"""``/trivia``: games in a channel, a quick practice question, leaderboards, stats and the daily question.

The cog translates slash commands into ``bot.trivia`` (rules) / ``TriviaRepo`` (SQL) and wires the parts
together: ``GameRunner`` runs games, ``DailyQuestions`` posts the daily question, ``AnswerRecorder``
takes the clicks and ``DisplayNames`` stores answerers' names for the boards.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from bot.db.guild_settings import GuildConfig
from bot.db.trivia_repo import GameAlreadyRunning, GameFormat, GameRow, NewRound, TriviaRepo
from bot.trivia.formats import DUEL_ROUNDS, TARGET_ROUNDS
from bot.trivia.game import TYPED_MIN_S, LiveRound, pick_next, playable_rounds, round_seconds, shuffled_choices
from bot.trivia.timing import DEFAULT_TIMING, TriviaTiming
from cogs._checks import (
    FEATURE_OFF,
    ensure_bot_can_post,
    ensure_feature_enabled,
    feature_allows_autocomplete,
    guild_id_of,
    is_moderator,
    refuse_open_question,
)
from cogs._community import CustomQuestionsGroup
from cogs._suggestions import suggest_command, suggest_menu
from cogs._text import counted, shown
from cogs.config._shared import IntRange
from cogs.trivia import _embeds as embeds
from cogs.trivia._answers import GAME_ENDED, NOT_HERE, AnswerRecorder
from cogs.trivia._daily import DailyQuestions
from cogs.trivia._games import GameRunner, jump_url, live_round
from cogs.trivia._guild import config_if_trivia_on, guild_config
from cogs.trivia._hints import HintGiver
from cogs.trivia._names import DisplayNames
from cogs.trivia._views import DYNAMIC_ITEMS, MAX_SEED, duel_view, leaderboard_view, quick_view, report_view, team_view

if TYPE_CHECKING:
    from bot.client import CompanionBot

log = logging.getLogger(__name__)

QUICK_COOLDOWN_S = 20.0
ENDING_GRACE_S = 5.0  # how long stopping the bot waits for a switch-off's reveals and standings
PERIODS = {"a": "this season", "w": "this week"}


async def end_trivia_in(runner: GameRunner, daily: DailyQuestions, guild_id: int) -> None:
    """Trivia is off on this server: every running game stops, its open round revealed and its
    standings posted, and the daily question is revealed; each says why."""
    note = FEATURE_OFF.format(feature="trivia")
    await runner.stop_all_in(guild_id, note)
    await daily.close_all_in(guild_id, note)


class Trivia(commands.Cog):
    """Trivia about the episode: games with buttons and typed answers, scores, the daily question."""

    trivia = app_commands.Group(name="trivia", description="Trivia about Milo's visit to I Am All In", guild_only=True)

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        # Pacing and clocks; a test gives the bot a ``trivia_timing`` (fake clock, shrunken timers).
        self.timing: TriviaTiming = getattr(bot, "trivia_timing", DEFAULT_TIMING)
        self.repo: TriviaRepo = bot.repos.trivia
        self._rng = random.Random()
        self.names = DisplayNames(self.repo)
        self.runner = GameRunner(bot, self.repo, self.timing, self._rng, self.names)
        self.daily = DailyQuestions(self.runner)
        self.answers = AnswerRecorder(bot, self.repo, self.timing, self.runner.rounds, self.names, self.runner.teams)
        self.hints = HintGiver(self.answers, bot.repos.formats)  # the Hint button
        self.lobby = self.runner.lobby  # team and duel buttons before the first question
        self.formats = bot.repos.formats
        self.season_archive = bot.repos.seasons
        self.trivia.add_command(CustomQuestionsGroup())  # moderation's /trivia custom ...
        self.trivia.add_command(suggest_command())  # members' /trivia suggest
        self.suggest_menu = suggest_menu()  # "Suggest as trivia question" on any message
        # Switch-offs ending games right now (event handlers nothing else waits for): stopping the bot
        # lets them finish before the database closes, else the games stay running, half-ended.
        self._endings: set[asyncio.Task] = set()

    @property
    def rounds(self) -> dict[int, LiveRound]:
        """Open rounds by game id (running games and daily questions)."""
        return self.runner.rounds

    @property
    def games(self) -> dict[int, GameRow]:
        """Running games (kind 'game') by id."""
        return self.runner.games

    # -- lifecycle -----------------------------------------------------------------------------

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.tree.add_command(self.suggest_menu)
        self.bot.member_data_holders.append(self.forget_member)
        generated = await self.repo.refresh_bank()
        if generated is not None:
            log.info("trivia bank regenerated: %d generated questions", generated)
        for game in await self.repo.running_games():
            if not self.bot.owns(game.guild_id):  # another process runs that server's shard: its game
                continue
            await (self.daily.resume(game) if game.kind == "daily" else self.runner.resume(game))
        self.daily.start()

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.tree.remove_command(self.suggest_menu.name, type=self.suggest_menu.type)
        self.bot.member_data_holders.remove(self.forget_member)
        await self.finish_endings(ENDING_GRACE_S)
        tasks = [*self._endings, *self.daily.tasks(), *self.runner.tasks(), *self.names.tasks()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(Exception):  # best effort while shutting down
            await self.flush_names()

    async def finish_endings(self, within: float) -> None:
        """Let games that are ending (trivia just turned off, a moderator's stop) post their reveals
        and standings before the bot stops, for at most ``within`` seconds; what is left is cancelled
        and resumed at the next start."""
        deadline = time.monotonic() + within
        if self._endings:  # first the switch-offs, which tell the games to stop
            await asyncio.wait(self._endings, timeout=within)
        if stopping := self.runner.ending_tasks():
            await asyncio.wait(stopping, timeout=max(0.0, deadline - time.monotonic()))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Every /trivia command of this cog is refused on a server that turned trivia off, but
        /trivia stop: a game may still be running there (moderators can always end one)."""
        command = interaction.command
        if command is None or command.qualified_name != "trivia stop":
            await ensure_feature_enabled(interaction, "trivia")
        return True

    @commands.Cog.listener()
    async def on_feature_switched(self, guild_id: int, feature: str, enabled: bool) -> None:
        """Moderators turned trivia off on a server (/config cog): its games end now, each with its
        open round revealed and its standings posted, and its daily question is revealed."""
        if feature == "trivia" and not enabled and self.bot.owns(guild_id):
            ending = asyncio.current_task()
            assert ending is not None  # discord.py runs each listener in a task of its own
            self._endings.add(ending)
            try:
                await end_trivia_in(self.runner, self.daily, guild_id)
            finally:
                self._endings.discard(ending)

    # -- what the buttons and tests call -------------------------------------------------------

    async def answer_choice(self, interaction: discord.Interaction, game_id: int, round_no: int, choice: int) -> None:
        await self.answers.answer_choice(interaction, game_id, round_no, choice)

    async def open_typed_answer(self, interaction: discord.Interaction, game_id: int, round_no: int) -> None:
        await self.answers.open_typed_answer(interaction, game_id, round_no)

    async def answer_text(self, interaction: discord.Interaction, game_id: int, round_no: int, text: str) -> None:
        await self.answers.answer_text(interaction, game_id, round_no, text)

    async def flush_names(self) -> None:
        """Store queued display names now (before anything shows names: reveals, boards, standings)."""
        await self.names.flush()

    async def forget_member(self, guild_id: int, user_id: int) -> None:
        """/privacy is deleting a member's data: drop what trivia holds of it in memory first."""
        self.runner.forget_starter(guild_id, user_id)
        await self.names.forget(guild_id, user_id)

    async def run_daily_once(self) -> int:
        """Post the due daily question of every server this process owns; returns how many were posted."""
        return await self.daily.run_once()

    # -- /trivia start and stop ----------------------------------------------------------------

    @trivia.command(name="start", description="Start a trivia game in this channel")
    @app_commands.describe(
        rounds="How many questions (default: this server's setting; with a target, up to 20)",
        category="Only questions of this kind",
        timer="Seconds to answer each question (default: this server's setting; typed answers get 25 at least)",
        target="Play to a score: the first to this many points wins and the game ends",
        teams="Team A against Team B: members pick a team before the first question",
    )
    async def start(
        self,
        interaction: discord.Interaction[CompanionBot],
        # IntRange also enforces the range here: discord.py leaves it to the client.
        rounds: app_commands.Transform[int, IntRange(1, 20)] | None = None,
        category: app_commands.Range[str, 1, 40] | None = None,
        timer: app_commands.Transform[int, IntRange(10, 60)] | None = None,
        target: app_commands.Transform[int, IntRange(100, 3000)] | None = None,
        teams: bool = False,
    ) -> None:
        guild_id, channel_id = guild_id_of(interaction), interaction.channel_id
        ensure_bot_can_post(interaction, "a game")  # before anything is announced or stored
        config = await guild_config(self.bot, guild_id)
        if channel_id is None or not config.games_allowed_in(channel_id):
            allowed = ", ".join(f"<#{c}>" for c in sorted(config.game_channel_ids)[:10])
            raise UserFacingError(f"Games run in {allowed} on this server.")
        await self._refuse_second_game(guild_id, channel_id)
        if category is not None and category not in await self.repo.categories(
            guild_id, typed_ok=config.typed_answers, hidden=config.hidden_kinds
        ):
            raise UserFacingError("There is no such category here; pick one from the list.")
        bank = await self.repo.bank(
            guild_id, category=category, typed_ok=config.typed_answers, hidden=config.hidden_kinds
        )
        entry = pick_next(bank, self._rng)
        question = await self.repo.question(entry.id) if entry else None
        if question is None:
            raise UserFacingError("There are no questions to ask yet.")
        wanted = rounds or (TARGET_ROUNDS if target else config.trivia_rounds)
        # No two questions of a game share a topic: a small category may hold fewer than asked for.
        rounds = playable_rounds(bank, wanted, random.Random(self._rng.random()))
        timer = timer or config.trivia_timer
        choices = shuffled_choices(question, self._rng)
        now = time.time()
        deadline = now + self.timing.seconds(round_seconds(question, timer))
        if teams:  # no question yet: members pick their teams first
            first, playing = (
                None,
                GameFormat("teams", target, lobby_deadline=now + self.timing.seconds(self.timing.team_wait_s)),
            )
        else:
            first, playing = NewRound(question.id, choices, now, deadline), GameFormat("solo", target)
        game = await self._create_game(interaction, config, rounds, timer, category, first, playing)
        live = live_round(game, 1, question, choices, now, deadline) if first else None
        self.runner.adopt(game, live)
        if teams:  # its runner only waits for now: started first, it is there for a restart to stop
            self.runner.start(game, None)
            text = self.lobby.team_message(game, started=False, typed=config.typed_answers)
            await self._post_lobby(interaction, game, text, team_view(game.id, waiting=True))
            return
        try:
            intro = embeds.game_intro(
                game,
                typed=config.typed_answers,
                starter=shown(interaction.user.display_name, 64),
                fewer=rounds < wanted,
            )
            await interaction.response.send_message(intro)
        finally:  # the game exists now: it runs even if the announcement failed
            self.runner.start(game, live)

    async def _create_game(
        self,
        interaction: discord.Interaction,
        config: GuildConfig,
        rounds: int,
        timer: int,
        category: str | None,
        first: NewRound | None,
        playing: GameFormat,
    ) -> GameRow:
        guild_id, channel_id = guild_id_of(interaction), interaction.channel_id or 0
        try:
            game_id = await self.repo.create_game(
                guild_id=guild_id,
                channel_id=channel_id,
                started_by=interaction.user.id,
                rounds=rounds,
                timer=timer,
                category=category,
                season=config.season,
                first=first,
                format=playing,
            )
        except GameAlreadyRunning:
            await self._refuse_second_game(guild_id, channel_id)
            raise UserFacingError("A game is already running in this channel.") from None
        game = await self.repo.game(game_id)
        assert game is not None
        return game

    async def _post_lobby(
        self, interaction: discord.Interaction, game: GameRow, text: str, view: discord.ui.View, **kwargs
    ) -> None:
        """Answer with the message a team game or a duel waits on, and remember it (its buttons'
        message, edited when the wait ends)."""
        sent = await interaction.response.send_message(text, view=view, **kwargs)
        if sent.message_id is not None:
            if game.id in self.runner.games:  # first: the runner reads it from there when the wait ends
                self.runner.games[game.id] = replace(self.runner.games[game.id], lobby_message_id=sent.message_id)
            await self.formats.set_lobby_message(game.id, sent.message_id)

    @trivia.command(name="duel", description="Challenge a member to five questions, head to head")
    @app_commands.describe(member="The member you challenge (they accept or decline with a button)")
    async def duel(self, interaction: discord.Interaction[CompanionBot], member: discord.User) -> None:
        guild_id, channel_id = guild_id_of(interaction), interaction.channel_id
        if member.id == interaction.user.id:
            raise UserFacingError("You can't duel yourself; `/trivia start` a game instead.")
        if member.bot:
            raise UserFacingError("Bots don't play trivia; challenge a member.")
        config = await guild_config(self.bot, guild_id)
        if channel_id is None or not config.games_allowed_in(channel_id):
            allowed = ", ".join(f"<#{c}>" for c in sorted(config.game_channel_ids)[:10])
            raise UserFacingError(f"Games run in {allowed} on this server.")
        await self._refuse_second_game(guild_id, channel_id)
        bank = await self.repo.bank(guild_id, typed_ok=config.typed_answers, hidden=config.hidden_kinds)
        rounds = playable_rounds(bank, DUEL_ROUNDS, random.Random(self._rng.random()))
        if rounds == 0:
            raise UserFacingError("There are no questions to ask yet.")
        deadline = time.time() + self.timing.seconds(self.timing.duel_wait_s)
        playing = GameFormat("duel", opponent_id=member.id, lobby_deadline=deadline)
        game = await self._create_game(interaction, config, rounds, config.trivia_timer, None, None, playing)
        self.runner.adopt(game, None)
        pace = f"{config.trivia_timer} seconds each"
        if config.typed_answers and config.trivia_timer < TYPED_MIN_S:
            pace += f" ({TYPED_MIN_S} for typed answers)"
        text = (
            f"**{shown(interaction.user.display_name, 64)} challenges {member.mention} to a duel!** "
            f"{counted(rounds, 'question')} head to head, {pace}; only the two of you answer, and the winner "
            f"gets a duel win on the leaderboard. {member.mention}, accept or decline: the challenge stands "
            f"until <t:{int(deadline)}:t> (<t:{int(deadline)}:R>)."
        )
        self.runner.start(game, None)  # it only waits for the answer for now
        # The challenged member is pinged: they are asked something.
        await self._post_lobby(
            interaction, game, text, duel_view(game.id), allowed_mentions=discord.AllowedMentions(users=[member])
        )

    async def _refuse_second_game(self, guild_id: int, channel_id: int) -> None:
        running = await self.repo.running_game_in(channel_id)
        if running is not None:
            # The open round knows its message as soon as it is posted; the database a moment later.
            live = self.runner.rounds.get(running.id)
            message_id = (
                (live.message_id if live else None)
                or (running.round.message_id if running.round else None)
                or self.runner.games.get(running.id, running).lobby_message_id  # a team game or duel not started
            )
            raise UserFacingError(
                f"A game is already running in this channel: {jump_url(guild_id, channel_id, message_id)}"
            )

    @trivia.command(name="stop", description="End the trivia game in this channel (points are kept)")
    async def stop(self, interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id_of(interaction)
        game = self.runner.running_in(interaction.channel_id)
        if game is None:
            game = await self.repo.running_game_in(interaction.channel_id or 0)
        if game is None:
            raise UserFacingError("No game is running in this channel.")
        if interaction.user.id != game.started_by and not is_moderator(interaction):
            raise UserFacingError("Only the member who started this game or a moderator (Manage Server) can stop it.")
        who = shown(interaction.user.display_name, 64)
        await self.runner.stop(game, who)
        if game.mode == "duel" and game.current_round == 0:
            await interaction.response.send_message(f"{who} called off the duel.")
        elif game.current_round == 0:
            await interaction.response.send_message(f"{who} stopped the game before its first question.")
        else:
            await interaction.response.send_message(f"{who} stopped the game. Points earned so far are kept.")

    async def skip_question(self, interaction: discord.Interaction, game_id: int, round_no: int) -> None:
        """The Skip button: reveal the open question now and go on (points already earned stay)."""
        game = self.runner.games.get(game_id)
        if game is None:
            raise UserFacingError(GAME_ENDED)
        if interaction.guild_id != game.guild_id or interaction.channel_id != game.channel_id:
            raise UserFacingError(NOT_HERE)
        # Not refused once trivia is off: skipping only reveals, and moderators can always move a game on.
        if game.mode == "duel":
            raise UserFacingError("There's no skipping in a duel.")
        if interaction.user.id != game.started_by and not is_moderator(interaction):
            raise UserFacingError("Only the member who started this game or a moderator (Manage Server) can skip.")
        if not self.runner.skip(game_id, round_no, shown(interaction.user.display_name, 64)):
            raise UserFacingError("That question has been revealed already.")
        last = round_no >= game.rounds
        then = "that was the last question" if last else "the next question follows in a moment"
        await interaction.response.send_message(f"Skipped: the answer is shown now, and {then}.", ephemeral=True)

    # -- /trivia question ----------------------------------------------------------------------

    @trivia.command(name="question", description="A quick practice question, just for you")
    @app_commands.checks.cooldown(1, QUICK_COOLDOWN_S, key=lambda i: (i.guild_id, i.user.id))
    async def quick_question(self, interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id = guild_id_of(interaction)
        config = await guild_config(self.bot, guild_id)
        asked_now = await self.repo.open_question_ids(guild_id)  # practice never shows an open question
        bank = [
            e
            for e in await self.repo.bank(guild_id, typed_ok=False, hidden=config.hidden_kinds)
            if e.form != "typed" and e.id not in asked_now
        ]
        entry = pick_next(bank, self._rng)  # the server's least recently asked question
        question = await self.repo.question(entry.id) if entry else None
        if question is None:
            raise UserFacingError("There are no questions to ask yet.")
        seed = self._rng.randrange(1, MAX_SEED + 1)
        choices = shuffled_choices(question, random.Random(seed))
        await interaction.response.send_message(
            embed=embeds.quick_embed(question, choices, spoilers=config.spoilers),
            view=quick_view(question.id, seed, choices),
            ephemeral=True,
        )
        await self.repo.record_practice(guild_id, question.id, time.time())  # after answering: off the 3 s

    async def answer_quick(self, interaction: discord.Interaction, question_id: int, seed: int, choice: int) -> None:
        guild_id = guild_id_of(interaction)
        config = await config_if_trivia_on(self.bot, guild_id)
        # Only a question this server may be asked: an id is what the client sent, and another
        # server's community question, or one retired here, must not be shown.
        question = await self.repo.question_for(guild_id, question_id, hidden=config.hidden_kinds)
        if question is None:
            raise UserFacingError("That question is no longer available; `/trivia question` gives a new one.")
        await refuse_open_question(self.repo, guild_id, question_id)
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
        self,
        interaction: discord.Interaction[CompanionBot],
        period: Literal["this season", "this week"] = "this season",
    ) -> None:
        code = "w" if period == "this week" else "a"
        embed, view = await self._leaderboard(guild_id_of(interaction), code, 0, interaction.user.id)
        await interaction.response.send_message(embed=embed, view=view)

    async def turn_leaderboard(self, interaction: discord.Interaction, code: str, page: int) -> None:
        guild_id = guild_id_of(interaction)
        await config_if_trivia_on(self.bot, guild_id)  # a page turn is trivia too: refused once turned off
        embed, view = await self._leaderboard(guild_id, code, page, interaction.user.id)
        await interaction.response.edit_message(embed=embed, view=view)

    async def _leaderboard(self, guild_id: int, code: str, page: int, user_id: int):
        config = await guild_config(self.bot, guild_id)
        since = None
        if code == "w":
            now = self.timing.clock()
            monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
            since = monday.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        await self.flush_names()
        board = await self.repo.leaderboard(guild_id, config.season, page=page, caller_id=user_id, since=since)
        shown_ids = [e.user_id for e in board.entries] + ([board.caller.user_id] if board.caller else [])
        wins = await self.formats.duel_wins(guild_id, config.season, shown_ids, since)
        teams = await self.formats.team_totals(guild_id, config.season, since)
        began = await self.season_archive.season_began(guild_id, config.season) if config.season > 1 else None
        embed = embeds.leaderboard_embed(
            board, period=PERIODS[code], season=config.season, began=began, wins=wins, teams=teams
        )
        return embed, leaderboard_view(code, board.page, board.pages, user_id)

    @trivia.command(name="stats", description="Trivia stats for you or another member")
    @app_commands.describe(member="Whose stats (default: yours)")
    async def stats(self, interaction: discord.Interaction[CompanionBot], member: discord.User | None = None) -> None:
        guild_id = guild_id_of(interaction)
        config = await guild_config(self.bot, guild_id)
        target = member or interaction.user
        stats = await self.repo.member_stats(guild_id, config.season, target.id)
        daily = (await self.formats.daily_streaks(guild_id, [target.id]))[target.id]
        shows_daily = config.daily_channel_id is not None or daily.best > 0
        await interaction.response.send_message(
            embed=embeds.stats_embed(stats, name=target.display_name, daily=daily if shows_daily else None),
            ephemeral=True,
        )

    @trivia.command(name="seasons", description="Past seasons and their top three")
    async def seasons(self, interaction: discord.Interaction[CompanionBot]) -> None:
        guild_id = guild_id_of(interaction)
        config = await guild_config(self.bot, guild_id)
        await self.flush_names()
        past, total = await self.season_archive.past_seasons(guild_id)
        began = await self.season_archive.season_began(guild_id, config.season) if config.season > 1 else None
        await interaction.response.send_message(
            embed=embeds.seasons_embed(past, total, season=config.season, began=began)
        )

    @start.autocomplete("category")
    async def category_autocomplete(
        self, interaction: discord.Interaction[CompanionBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not await feature_allows_autocomplete(interaction, "trivia"):
            return []
        config = await guild_config(self.bot, interaction.guild_id)
        categories = await self.repo.categories(
            interaction.guild_id, typed_ok=config.typed_answers, hidden=config.hidden_kinds
        )
        return [app_commands.Choice(name=c, value=c) for c in categories if current.lower() in c.lower()][:25]
