"""The click path: judge a button or a typed answer in memory against the open round, store it with one write."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import discord

from bot.client import UserFacingError
from bot.db.trivia_repo import TriviaRepo
from bot.member_text import TextProblem, clean
from bot.trivia.formats import team_to_join
from bot.trivia.game import ClickOutcome, Judgement, LiveRound
from bot.trivia.timing import TriviaTiming
from cogs._text import sentence, shown
from cogs.trivia._guild import config_if_trivia_on
from cogs.trivia._names import DisplayNames
from cogs.trivia._views import MAX_TYPED_CHARS, AnswerModal

if TYPE_CHECKING:
    from bot.client import CompanionBot
    from bot.db.trivia_formats_repo import FormatsRepo


NOT_HERE = "That button belongs to a trivia question in another channel; answer it there."
GAME_ENDED = "This game has ended; its points are kept. `/trivia start` begins a new one."


class AnswerRecorder:
    """Answers to running games and daily questions: judged without a query, then one database write."""

    def __init__(
        self,
        bot: CompanionBot,
        repo: TriviaRepo,
        timing: TriviaTiming,
        rounds: dict[int, LiveRound],
        names: DisplayNames,
        teams: dict[int, dict[int, str]],
    ) -> None:
        self.bot = bot
        self.repo = repo
        self.formats: FormatsRepo = bot.repos.formats
        self.timing = timing
        self.rounds = rounds  # the game runner's open rounds, by game id
        self.names = names
        self.teams = teams  # the game runner's team games: game id -> user id -> team

    def open_round_for(self, interaction: discord.Interaction, game_id: int, round_no: int) -> LiveRound:
        """The round a click or a typed answer is for, if it is still open AND the click comes from the
        game's own server and channel: an id is only what the client sent, and a game's button
        replayed in another server (or channel) must not answer, nor score, this one."""
        live = self.rounds.get(game_id)
        if live is None:
            raise UserFacingError(GAME_ENDED)
        if interaction.guild_id != live.guild_id or interaction.channel_id != live.channel_id:
            raise UserFacingError(NOT_HERE)
        if live.round_no != round_no or live.closed:
            raise UserFacingError("Time's up for that question.")
        if live.kind == "game" and time.time() > live.deadline + self.timing.seconds(self.timing.late_grace_s):
            raise UserFacingError("Time's up for that question.")
        return live

    async def answer_choice(self, interaction: discord.Interaction, game_id: int, round_no: int, choice: int) -> None:
        live = self.open_round_for(interaction, game_id, round_no)
        await config_if_trivia_on(self.bot, live.guild_id)
        await self._record(interaction, live, live.judge_choice(interaction.user.id, choice, time.time()))

    @staticmethod
    def ensure_may_answer(live: LiveRound, user_id: int) -> None:
        """A duel's questions are for its two members only."""
        if not live.may_answer(user_id):
            players = " and ".join(f"<@{p}>" for p in sorted(live.players))
            raise UserFacingError(f"This duel is between {players}; you can watch it.")

    async def open_typed_answer(self, interaction: discord.Interaction, game_id: int, round_no: int) -> None:
        live = self.open_round_for(interaction, game_id, round_no)
        config = await config_if_trivia_on(self.bot, live.guild_id)
        if not (config.typed_answers and live.question.typeable):
            raise UserFacingError("Typed answers are off for this question; use the buttons.")
        self.ensure_may_answer(live, interaction.user.id)
        if interaction.user.id in live.answered:
            raise UserFacingError("You already answered this question.")
        timeout = max(live.deadline - time.time(), 0) + 30 if live.kind == "game" else 15 * 60
        await interaction.response.send_modal(AnswerModal(game_id, round_no, timeout=timeout))

    async def answer_text(self, interaction: discord.Interaction, game_id: int, round_no: int, text: str) -> None:
        live = self.open_round_for(interaction, game_id, round_no)
        await config_if_trivia_on(self.bot, live.guild_id)
        try:  # the one validation of member text: refused characters, invisible ones removed
            typed = clean(text, "your answer", max_len=MAX_TYPED_CHARS)
        except TextProblem as problem:
            raise UserFacingError(f"{sentence(str(problem))} That didn't count; try again.") from None
        judgement = live.judge_text(interaction.user.id, typed, time.time())
        if judgement.outcome is ClickOutcome.CLOSE_SPELLING:
            await interaction.response.send_message(
                "Close! Check the spelling and try again (that one didn't count).", ephemeral=True
            )
            return
        await self._record(interaction, live, judgement)

    async def _record(self, interaction: discord.Interaction, live: LiveRound, judgement: Judgement) -> None:
        """Judged in memory, then ONE database write, then the ephemeral answer."""
        user_id = interaction.user.id
        if judgement.outcome is ClickOutcome.CLOSED:
            raise UserFacingError("Time's up for that question.")
        if judgement.outcome is ClickOutcome.INVALID:
            raise UserFacingError("That isn't one of this question's answers.")
        if judgement.outcome is ClickOutcome.ALREADY_ANSWERED:
            raise UserFacingError("You already answered this question.")
        self.ensure_may_answer(live, user_id)
        live.answered.add(user_id)
        try:
            joined = await self._join_a_team(live, user_id)
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
                hinted=user_id in live.hinted,
            )
        except BaseException:
            live.answered.discard(user_id)
            raise
        if points is None:
            raise UserFacingError("You already answered this question.")
        given = shown(judgement.given, 200)
        when = f"<t:{int(live.deadline)}:R>" if live.kind == "daily" else "when time is up"
        team = f" You play for Team {joined}." if joined else ""
        await interaction.response.send_message(
            f"Locked in: **{given}**. The answer is revealed {when}.{team}", ephemeral=True
        )
        self.names.remember(live.guild_id, user_id, interaction.user.display_name)

    async def _join_a_team(self, live: LiveRound, user_id: int) -> str | None:
        """In a team game, a member who answers without having picked a team joins the smaller one
        (said in their "Locked in"); None otherwise."""
        teams = self.teams.get(live.game_id)
        if teams is None or user_id in teams:
            return None
        team = await self.formats.join_team(live.game_id, live.guild_id, user_id, team_to_join(teams), may_switch=False)
        teams[user_id] = team
        return team
