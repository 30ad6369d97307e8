"""Running games: post each question, time the round, reveal it, post the standings; resume after a restart.

Running games keep their open round in memory (``rounds``) so that a click is judged without a query;
the same state is in SQLite, from which ``resume`` picks a game up again after a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from dataclasses import replace
from typing import TYPE_CHECKING

import discord

from bot.db.trivia_repo import GameRow, NewRound, TriviaRepo
from bot.trivia.formats import Result, final_result, target_reached
from bot.trivia.game import LiveRound, pick_next, round_seconds, shuffled_choices
from bot.trivia.models import Question
from bot.trivia.timing import TriviaTiming
from cogs._checks import FEATURE_OFF
from cogs.trivia import _embeds as embeds
from cogs.trivia._guild import guild_config
from cogs.trivia._lobby import Lobby, LobbyEnd
from cogs.trivia._names import DisplayNames
from cogs.trivia._views import question_view, report_view, team_view

if TYPE_CHECKING:
    from bot.client import CompanionBot
    from bot.db.trivia_formats_repo import FormatsRepo

log = logging.getLogger(__name__)

DAILY_TIMER_S = 24 * 60 * 60
TEAM_STANDINGS = 1000  # a team's total adds up every member's points, not only the top ten's
UNKNOWN_CHANNEL = 10003


def jump_url(guild_id: int, channel_id: int, message_id: int | None) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}" + (f"/{message_id}" if message_id else "")


class ChannelGone(Exception):
    """The game's channel was deleted, or the bot may no longer post or edit there."""


def live_round(
    game: GameRow,
    round_no: int,
    question: Question,
    choices: tuple[str, ...],
    started_at: float,
    deadline: float,
    *,
    message_id: int | None = None,
    answered: set[int] | None = None,
    hinted: set[int] | None = None,
) -> LiveRound:
    """The in-memory open round of ``game``."""
    # A daily question's speed bonus is measured against the day, not the time until the next one.
    timer_s = DAILY_TIMER_S if game.kind == "daily" else deadline - started_at
    return LiveRound(
        game.id, game.guild_id, game.channel_id, game.season, game.kind, round_no, game.rounds,
        question, tuple(choices), started_at, deadline, timer_s, message_id, answered or set(),
        mode=game.mode, players=game.players, hinted=hinted or set(),
    )  # fmt: skip


class GameRunner:
    """One task per running game; also posts and reveals the question messages of daily questions."""

    def __init__(
        self, bot: CompanionBot, repo: TriviaRepo, timing: TriviaTiming, rng: random.Random, names: DisplayNames
    ) -> None:
        self.bot = bot
        self.repo = repo
        self.timing = timing
        self.names = names
        self.rng = rng  # shared with the daily question and /trivia start
        self.formats: FormatsRepo = bot.repos.formats
        self.rounds: dict[int, LiveRound] = {}  # game id -> its open round (games and daily questions)
        self.games: dict[int, GameRow] = {}  # running games (kind 'game') by id
        self.teams: dict[int, dict[int, str]] = {}  # team games: game id -> user id -> 'A' | 'B'
        self.lobby = Lobby(bot, self.games, self.teams)  # team games and duels before their first question
        self._runners: dict[int, asyncio.Task[None]] = {}
        self._stops: dict[int, tuple[asyncio.Event, str]] = {}  # game id -> (stop signal, who stopped it)
        self._round_over: dict[int, asyncio.Event] = {}  # set by a stop or a skip: reveal the open round now
        self._skipped_by: dict[int, str] = {}  # game id -> who skipped its open round
        self._stop_reasons: dict[int, str] = {}  # game id -> why it stops, said on its reveal and standings

    def tasks(self) -> list[asyncio.Task[None]]:
        return list(self._runners.values())

    def ending_tasks(self) -> list[asyncio.Task[None]]:
        """The runners of games told to stop (/trivia stop, trivia turned off): each is revealing
        its open round and posting its standings."""
        return [
            task
            for game_id, task in self._runners.items()
            if game_id in self._stops and self._stops[game_id][0].is_set()
        ]

    def adopt(self, game: GameRow, live: LiveRound | None) -> None:
        """Hold a just-created game and its first round, so clicks are judged before its runner starts
        (a team game or a duel has no round yet: its players come first)."""
        if live is not None:
            self.rounds[game.id] = live
        if game.mode == "teams":
            self.teams.setdefault(game.id, {})
        self.games[game.id] = game

    def running_in(self, channel_id: int | None) -> GameRow | None:
        return next((g for g in self.games.values() if g.channel_id == channel_id), None)

    def start(self, game: GameRow, live: LiveRound | None) -> None:
        self._stops[game.id] = (asyncio.Event(), "")
        self._round_over[game.id] = asyncio.Event()
        self._runners[game.id] = task = asyncio.create_task(self._run(game, live), name=f"trivia game {game.id}")
        task.add_done_callback(lambda _t, gid=game.id: self._runners.pop(gid, None))

    async def stop(self, game: GameRow, who: str, *, reason: str | None = None) -> None:
        """Tell the game's runner to reveal the open round and stop; a game without a runner ends here.
        ``reason`` replaces "stopped by ``who``" on the reveal and the standings."""
        if reason is not None:
            self._stop_reasons[game.id] = reason
        if game.id in self._stops:
            stop_signal = self._stops[game.id][0]
            self._stops[game.id] = (stop_signal, who)
            stop_signal.set()
            self._round_over[game.id].set()
            self.lobby.end(game.id, LobbyEnd.STOPPED)
        else:  # no runner (it failed to resume): end it here
            await self.end(game.id, "stopped")

    def skip(self, game_id: int, round_no: int, who: str) -> bool:
        """Reveal round ``round_no`` now and go on; False when it is not the game's open round any more."""
        live, round_over = self.rounds.get(game_id), self._round_over.get(game_id)
        if live is None or round_over is None or live.round_no != round_no or live.closed:
            return False
        if game_id in self._skipped_by:  # skipped a moment ago; the runner has not revealed it yet
            return False
        self._skipped_by[game_id] = who
        round_over.set()
        return True

    async def stop_all_in(self, guild_id: int, reason: str) -> int:
        """End every game running on the server now (trivia turned off there): each reveals its open
        round and posts its standings, saying ``reason``. How many there were."""
        games = [game for game in self.games.values() if game.guild_id == guild_id]
        for game in games:
            await self.stop(game, "", reason=reason)
        return len(games)

    async def _trivia_off(self, game: GameRow) -> bool:
        """Trivia was turned off on the game's server (by /config, which also stops the game at once,
        or where this process did not see it): the game asks nothing more."""
        if (await guild_config(self.bot, game.guild_id)).feature_enabled("trivia"):
            return False
        self._stop_reasons.setdefault(game.id, FEATURE_OFF.format(feature="trivia"))
        return True

    def forget_starter(self, guild_id: int, user_id: int) -> None:
        """/privacy: the running games this member started no longer name them, as stored (0)."""
        for game_id, game in list(self.games.items()):
            if game.guild_id == guild_id and game.started_by == user_id:
                self.games[game_id] = replace(game, started_by=0)

    def _forget(self, game_id: int) -> None:
        self.rounds.pop(game_id, None)
        self.games.pop(game_id, None)
        self._stops.pop(game_id, None)
        self._round_over.pop(game_id, None)
        self._skipped_by.pop(game_id, None)
        self.teams.pop(game_id, None)
        self._stop_reasons.pop(game_id, None)

    async def _run(self, game: GameRow, live: LiveRound | None) -> None:
        """Post, wait, reveal, next; until the last round or a stop. Ends the game cleanly if its
        channel is gone."""
        stop, round_over = self._stops[game.id][0], self._round_over[game.id]
        status, result = "finished", None
        try:
            if game.current_round == 0 and game.mode != "solo" and not await self._wait_for_players(game):
                return
            if live is None and game.current_round < game.rounds:
                # Resumed after the current round was revealed: go on from the next (trivia still on).
                if await self._trivia_off(game):
                    status = "stopped"
                else:
                    live = await self._open_round(game, game.current_round + 1)
            while live is not None:
                if live.message_id is None:
                    await self.post_question(live)
                await self._wait(round_over, live.deadline - time.time())
                skipped_by = self._skipped_by.pop(game.id, None)
                # A /trivia stop says so once, in its answer; a stop for a reason (trivia turned off)
                # says why here and on the standings.
                stopped = self._stop_reasons.get(game.id)
                note = stopped if stop.is_set() else f"Skipped by {skipped_by}." if skipped_by else None
                await self.reveal(live, note=note)
                round_over.clear()
                if stop.is_set():
                    status = "stopped"
                    break
                if (result := await self._target_result(game)) is not None or live.round_no >= game.rounds:
                    break
                await self._wait(stop, self.timing.seconds(self.timing.reveal_pause_s))
                if stop.is_set() or await self._trivia_off(game):
                    status = "stopped"
                    break
                live = await self._open_round(game, live.round_no + 1)
            teams, stopper = self.teams.get(game.id), self._stop_reasons.get(game.id)
            await self.end(game.id, status)
            await self._post_standings(game, status, result, teams, stopper)
        except ChannelGone as exc:
            await self.end(game.id, "abandoned")
            log.warning("trivia game %d in channel %d abandoned: %s", game.id, game.channel_id, exc)
        except asyncio.CancelledError:
            raise  # unloading: the game stays running in the database and resumes on start
        except Exception:
            log.exception("trivia game %d failed; ending it", game.id)
            await self.end(game.id, "abandoned")

    async def end(self, game_id: int, status: str) -> None:
        self._forget(game_id)  # from now on its buttons answer "this game has ended"
        await self.repo.end_game(game_id, status)

    @staticmethod
    async def _wait(stop: asyncio.Event, seconds: float) -> None:
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), seconds)

    async def _open_round(self, game: GameRow, round_no: int) -> LiveRound | None:
        config = await guild_config(self.bot, game.guild_id)
        bank = await self.repo.bank(
            game.guild_id, category=game.category, typed_ok=config.typed_answers, hidden=config.hidden_kinds
        )
        asked, topics = await self.repo.asked_in_game(game.id)
        entry = pick_next(bank, self.rng, asked=asked, asked_topics=topics)
        question = await self.repo.question(entry.id) if entry else None
        if question is None:
            return None  # nothing left on a new topic (or everything was retired): end with what was played
        choices = shuffled_choices(question, self.rng)
        now = time.time()
        deadline = now + self.timing.seconds(round_seconds(question, game.timer))
        await self.repo.next_round(game.id, game.guild_id, round_no, NewRound(question.id, choices, now, deadline))
        live = live_round(game, round_no, question, choices, now, deadline)
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

    @staticmethod
    def _title(live: LiveRound, suffix: str = "") -> str:
        if live.kind == "daily":
            return f"Daily question{suffix}"
        format_name = {"duel": "Duel · question", "teams": "Team trivia · question"}.get(live.mode, "Question")
        return f"{format_name} {live.round_no} of {live.rounds}{suffix}"

    async def post_question(self, live: LiveRound, *, previous: str | None = None) -> None:
        """Post the round's question with its buttons (``previous``: a link to the last daily question,
        now revealed)."""
        if live.kind == "game" and live.deadline - time.time() < live.timer_s / 2:
            # Resuming a round that was never shown (a crash between saving and posting): fresh time.
            live.started_at = time.time()
            live.deadline = live.started_at + live.timer_s
            await self.repo.restart_round(live.game_id, live.round_no, live.started_at, live.deadline)
        config = await guild_config(self.bot, live.guild_id)
        embed = embeds.question_embed(
            live, title=self._title(live), spoilers=config.spoilers, typed=config.typed_answers, previous=previous
        )
        view = question_view(live, typed=config.typed_answers, hints=config.hints)
        message = await self._send(live.guild_id, live.channel_id, embed=embed, view=view)
        live.message_id = message.id
        await self.repo.set_round_message(live.game_id, live.round_no, message.id)

    async def reveal(self, live: LiveRound, *, note: str | None = None) -> discord.Embed:
        """Close the round, show the answer, who got it (each one's points and why) and the evidence
        on the question itself; a daily question also shows each right answerer's daily streak."""
        live.closed = True
        config = await guild_config(self.bot, live.guild_id)
        await self.names.flush()
        answers = await self.repo.round_answers(live.game_id, live.round_no)
        streaks, score, teams = None, None, self.teams.get(live.game_id)
        if live.kind == "daily":
            right = [a.user_id for a in answers if a.correct][: embeds.MAX_NAMES]
            streaks = await self.formats.daily_streaks(live.guild_id, right, through=live.game_id)
        game = self.games.get(live.game_id)
        if game is not None and (game.target is not None or game.mode != "solo"):  # who leads, round by round
            standings = await self.repo.game_standings(game.id, limit=TEAM_STANDINGS if teams is not None else 3)
            score = embeds.score_line(game, standings, teams)
        embed = embeds.reveal_embed(
            live, answers, title=self._title(live, " · answer"), spoilers=config.spoilers, note=note,
            streaks=streaks, score=score, teams=teams,
        )  # fmt: skip
        # Stored as revealed before the answer is shown: a member who sees it may practise it at once.
        await self.repo.mark_revealed(live.game_id, live.round_no)
        await self._edit(live, embed=embed, view=report_view(live.question.id))
        return embed

    async def _post_standings(
        self,
        game: GameRow,
        status: str,
        result: Result | None,
        teams: dict[int, str] | None,
        note: str | None = None,
    ) -> None:
        """The standings, led by who won (a target reached, the better team, a duel's winner); the
        result is stored for the leaderboard (a duel won counts as a win). ``note``: why a game
        stopped, when no member's command said so (trivia turned off)."""
        await self.names.flush()
        standings = await self.repo.game_standings(game.id, limit=TEAM_STANDINGS if teams is not None else 10)
        if status == "finished":
            result = result or final_result(game.mode, standings, teams, sorted(game.players))
            await self.formats.record_result(game.id, result.winner_id, result.winner_team)
        embed = embeds.standings_embed(
            standings, title="Final standings" if status == "finished" else "Standings", game=game, teams=teams,
            result=result if status == "finished" else None, note=note if status == "stopped" else None,
        )  # fmt: skip
        await self._send(game.guild_id, game.channel_id, embed=embed)

    async def _target_result(self, game: GameRow) -> Result | None:
        """Who reached the game's target, if anyone has (a game with no target: None)."""
        if game.target is None:
            return None
        teams = self.teams.get(game.id)
        standings = await self.repo.game_standings(game.id, limit=TEAM_STANDINGS if teams is not None else 1)
        return target_reached(standings, teams, game.target)

    async def _wait_for_players(self, game: GameRow) -> bool:
        """A team game's wait for its teams, or a duel's for its answer; True when the first question
        may come. A duel declined or not answered in time, or a game stopped first, ends here."""
        end = await self.lobby.wait(game)
        message_id = self.games.get(game.id, game).lobby_message_id
        if end in (LobbyEnd.START, LobbyEnd.WAITED):
            if end is LobbyEnd.WAITED:  # nobody's click said so: the lobby message says it has begun
                config = await guild_config(self.bot, game.guild_id)
                text = self.lobby.team_message(game, started=True, typed=config.typed_answers)
                await self._edit_lobby(game, message_id, content=text, view=team_view(game.id, waiting=False))
            return True
        await self.end(game.id, "stopped")
        if end is LobbyEnd.LAPSED:
            text = f"<@{game.opponent_id}> didn't answer <@{game.started_by}>'s challenge in time."
            await self._edit_lobby(game, message_id, content=text, view=None)
        elif end is LobbyEnd.STOPPED:
            await self._edit_lobby(game, message_id, view=None)
        return False

    async def _edit_lobby(self, game: GameRow, message_id: int | None, **kwargs) -> None:
        """Best effort: the lobby message's buttons answer "ended" anyway once the game is over."""
        if message_id is None:
            return
        try:
            await self._channel(game.guild_id, game.channel_id).get_partial_message(message_id).edit(**kwargs)
        except discord.HTTPException as exc:
            log.info("could not edit the lobby message of trivia game %d: %s %s", game.id, exc.status, exc.text)

    async def live_from(self, game: GameRow) -> LiveRound | None:
        """The game's current round as stored, unless it was revealed (or its question is gone)."""
        current = game.round
        if current is None or current.revealed:
            return None
        question = await self.repo.question(current.question_id)
        if question is None:
            return None
        answered = await self.repo.round_answerers(game.id, current.round_no)
        hinted = await self.formats.hinters(game.id, current.round_no)
        return live_round(
            game, current.round_no, question, current.choices, current.started_at, current.deadline,
            message_id=current.message_id, answered=answered, hinted=hinted,
        )  # fmt: skip

    async def resume(self, game: GameRow) -> None:
        """Pick a running game (kind 'game') up again after a restart, from its current round."""
        current, live = game.round, await self.live_from(game)
        if current is not None and live is None and not current.revealed:
            await self.repo.end_game(game.id, "abandoned")  # its question is gone
            log.warning("trivia game %d could not resume: its question is gone", game.id)
            return
        self.games[game.id] = game
        if game.mode == "teams":
            self.teams[game.id] = await self.formats.teams(game.id)
        if live is not None:
            self.rounds[game.id] = live
        self.start(game, live)
        log.info("resumed trivia game %d at round %d", game.id, game.current_round)
