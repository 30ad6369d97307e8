"""Before a team game's or a duel's first question: members pick Team A or Team B (Start now ends the
wait early), or the challenged member accepts or declines the duel.

The wait is stored with the game (``lobby_deadline``, current round 0), so after a restart the same
buttons keep working and the game starts, or the challenge lapses, when it would have.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import time
from typing import TYPE_CHECKING

import discord

from bot.client import UserFacingError
from bot.db.trivia_repo import GameRow
from bot.trivia.formats import TEAMS
from cogs._checks import is_moderator
from cogs.trivia._answers import GAME_ENDED, NOT_HERE
from cogs.trivia._embeds import game_intro
from cogs.trivia._guild import config_if_trivia_on
from cogs.trivia._views import team_view

if TYPE_CHECKING:
    from bot.client import CompanionBot
    from bot.db.trivia_formats_repo import FormatsRepo

MAX_LISTED = 20  # members named per team on the lobby message


class LobbyEnd(enum.Enum):
    START = "start"  # Start now was pressed, or the duel was accepted (the click's answer says so)
    WAITED = "waited"  # a team game's wait ran out: it starts
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"  # a duel's challenge not answered in time
    STOPPED = "stopped"  # /trivia stop


def team_lines(teams: dict[int, str]) -> str:
    """Who is on which team, as mentions (they show names and, with no mentions allowed, ping nobody)."""
    lines = []
    for team in TEAMS:
        members = [f"<@{user}>" for user, joined in teams.items() if joined == team]
        shown = ", ".join(members[:MAX_LISTED]) + (
            f" and {len(members) - MAX_LISTED} more" if len(members) > MAX_LISTED else ""
        )
        lines.append(f"**Team {team}:** {shown or 'nobody yet'}")
    return "\n".join(lines)


class Lobby:
    """Team games and duels waiting for their first question (game id -> what ends the wait)."""

    def __init__(self, bot: CompanionBot, games: dict[int, GameRow], teams: dict[int, dict[int, str]]) -> None:
        self.bot = bot
        self.formats: FormatsRepo = bot.repos.formats
        self.games = games  # the runner's running games
        self.teams = teams  # the runner's team games: game id -> user id -> team
        self._ends: dict[int, asyncio.Future[LobbyEnd]] = {}

    def waiting(self, game_id: int) -> bool:
        return game_id in self._ends

    async def wait(self, game: GameRow) -> LobbyEnd:
        """Until the lobby's deadline (a team game starts then; a duel's challenge lapses), or until a
        button or /trivia stop ends it."""
        ending = self._ends[game.id] = asyncio.get_running_loop().create_future()
        try:
            timeout = max((game.lobby_deadline or 0) - time.time(), 0)
            with contextlib.suppress(TimeoutError):
                return await asyncio.wait_for(asyncio.shield(ending), timeout)
            return LobbyEnd.WAITED if game.mode == "teams" else LobbyEnd.LAPSED
        finally:
            self._ends.pop(game.id, None)

    def end(self, game_id: int, how: LobbyEnd) -> bool:
        ending = self._ends.get(game_id)
        if ending is None or ending.done():
            return False
        ending.set_result(how)
        return True

    def _game_for(self, interaction: discord.Interaction, game_id: int, mode: str) -> GameRow:
        game = self.games.get(game_id)
        if game is None or game.mode != mode:
            raise UserFacingError(GAME_ENDED if mode == "teams" else "This challenge has ended.")
        if interaction.guild_id != game.guild_id or interaction.channel_id != game.channel_id:
            raise UserFacingError(NOT_HERE)
        return game

    # -- team games ------------------------------------------------------------------------------

    async def join(self, interaction: discord.Interaction, game_id: int, team: str) -> None:
        game = self._game_for(interaction, game_id, "teams")
        config = await config_if_trivia_on(self.bot, game.guild_id)
        teams = self.teams.setdefault(game_id, {})
        user_id = interaction.user.id
        waiting = self.waiting(game_id)
        joined = await self.formats.join_team(game_id, game.guild_id, user_id, team, may_switch=waiting)
        teams[user_id] = joined
        if joined != team:
            raise UserFacingError(f"You play for Team {joined} in this game; teams are set once it starts.")
        await interaction.response.edit_message(
            content=self.team_message(game, started=not waiting, typed=config.typed_answers),
            view=team_view(game_id, waiting=waiting),
        )

    def team_message(self, game: GameRow, *, started: bool, typed: bool) -> str:
        return f"{game_intro(game, started=started, typed=typed)}\n{team_lines(self.teams.get(game.id, {}))}"

    async def start_now(self, interaction: discord.Interaction, game_id: int) -> None:
        game = self._game_for(interaction, game_id, "teams")
        config = await config_if_trivia_on(self.bot, game.guild_id)
        if interaction.user.id != game.started_by and not is_moderator(interaction):
            raise UserFacingError("Only the member who started this game or a moderator (Manage Server) can start it.")
        if not self.end(game_id, LobbyEnd.START):
            raise UserFacingError("The game has started already.")
        await interaction.response.edit_message(
            content=self.team_message(game, started=True, typed=config.typed_answers),
            view=team_view(game_id, waiting=False),
        )

    # -- duels -----------------------------------------------------------------------------------

    async def answer_duel(self, interaction: discord.Interaction, game_id: int, accept: bool) -> None:
        game = self._game_for(interaction, game_id, "duel")
        await config_if_trivia_on(self.bot, game.guild_id)
        user_id = interaction.user.id
        if user_id == game.started_by and not accept:
            how, text = LobbyEnd.WITHDRAWN, f"<@{game.started_by}> withdrew the challenge."
        elif user_id == game.opponent_id:
            how = LobbyEnd.START if accept else LobbyEnd.DECLINED
            text = (
                f"**Duel: <@{game.started_by}> vs <@{game.opponent_id}>!** Challenge accepted; the first question is coming."
                if accept
                else f"<@{game.opponent_id}> declined <@{game.started_by}>'s duel."
            )
        elif user_id == game.started_by:
            raise UserFacingError("It's up to the member you challenged to accept.")
        else:
            raise UserFacingError(f"This challenge is for <@{game.opponent_id}>.")
        if not self.end(game_id, how):
            raise UserFacingError("This challenge was answered already.")
        await interaction.response.edit_message(content=text, view=None)
