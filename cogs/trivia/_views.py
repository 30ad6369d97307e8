"""Trivia's buttons and the typed-answer modal.

Every button is a :class:`discord.ui.DynamicItem` whose custom_id carries what it needs (game id,
round and choice index; never which choice is right), so a question posted before a restart still
answers after it. The callbacks hand over to the cog, which holds the running games.

Views here are fully dynamic: discord.py then keeps no per-message state for them (and removing a
view that mixes plain and dynamic items would unregister the dynamic ones).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.client import UserFacingError
from bot.trivia.game import LiveRound
from bot.trivia.hints import has_hint
from cogs._custom_ids import Id, IdButton, Number, Word, unknown_kinds
from cogs._report import ReportButton
from cogs._text import clip
from cogs._ui import SafeModal, view_of
from cogs.trivia._embeds import LETTERS

if TYPE_CHECKING:
    from cogs.trivia._cog import Trivia

BUTTON_LABEL_CHARS = 80
MAX_TYPED_CHARS = 100
MAX_SEED = 10**9 - 1  # a practice question's shuffle


def trivia_cog(interaction: discord.Interaction) -> Trivia:
    cog = interaction.client.get_cog("Trivia")  # type: ignore[union-attr]
    if cog is None:
        raise UserFacingError("Trivia is not available right now; try again in a moment.")
    return cog  # type: ignore[return-value]


def _choice_button(choice: int, label: str | None, custom_id: str) -> discord.ui.Button:
    """A choice's button, labelled "B · Jess" (just "B" when rebuilt from a click's custom_id)."""
    return discord.ui.Button(
        label=clip(label or LETTERS[choice], BUTTON_LABEL_CHARS), style=discord.ButtonStyle.primary, custom_id=custom_id
    )


def _choice_label(index: int, choice: str) -> str:
    return f"{LETTERS[index]} · {choice}"


ROUND = Number("round_no", 1, 9999)
CHOICE = Number("choice", 0, 3)


class AnswerButton(IdButton, kind="trivia:a", parts=(Id("game_id"), ROUND, CHOICE)):
    def __init__(self, game_id: int, round_no: int, choice: int, label: str | None = None) -> None:
        self.game_id, self.round_no, self.choice = game_id, round_no, choice
        super().__init__(_choice_button(choice, label, self.custom_id_for(game_id, round_no, choice)))

    async def act(self, interaction: discord.Interaction) -> None:
        await trivia_cog(interaction).answer_choice(interaction, self.game_id, self.round_no, self.choice)


class TypeAnswerButton(IdButton, kind="trivia:t", parts=(Id("game_id"), ROUND)):
    def __init__(self, game_id: int, round_no: int) -> None:
        self.game_id, self.round_no = game_id, round_no
        super().__init__(
            discord.ui.Button(
                label="Type answer",
                emoji="\N{PENCIL}",
                style=discord.ButtonStyle.secondary,
                custom_id=self.custom_id_for(game_id, round_no),
            )
        )

    async def act(self, interaction: discord.Interaction) -> None:
        await trivia_cog(interaction).open_typed_answer(interaction, self.game_id, self.round_no)


class SkipButton(IdButton, kind="trivia:skip", parts=(Id("game_id"), ROUND)):
    """Reveals the open question now and moves the game on: for its starter or a moderator."""

    def __init__(self, game_id: int, round_no: int) -> None:
        self.game_id, self.round_no = game_id, round_no
        super().__init__(
            discord.ui.Button(
                label="Skip",
                emoji="\N{BLACK RIGHT-POINTING DOUBLE TRIANGLE}",
                style=discord.ButtonStyle.secondary,
                custom_id=self.custom_id_for(game_id, round_no),
            )
        )

    async def act(self, interaction: discord.Interaction) -> None:
        await trivia_cog(interaction).skip_question(interaction, self.game_id, self.round_no)


class HintButton(IdButton, kind="trivia:h", parts=(Id("game_id"), ROUND)):
    """Shows its question's hint to the member who clicks, privately, for a part of a right answer's points."""

    def __init__(self, game_id: int, round_no: int) -> None:
        self.game_id, self.round_no = game_id, round_no
        super().__init__(
            discord.ui.Button(
                label="Hint",
                emoji="\N{ELECTRIC LIGHT BULB}",
                style=discord.ButtonStyle.secondary,
                custom_id=self.custom_id_for(game_id, round_no),
            )
        )

    async def act(self, interaction: discord.Interaction) -> None:
        await trivia_cog(interaction).hints.give(interaction, self.game_id, self.round_no)


class TeamButton(IdButton, kind="trivia:team", parts=(Id("game_id"), Word("team", ("a", "b")))):
    """Joins Team A or Team B of a team game (switching is allowed until its first question)."""

    def __init__(self, game_id: int, team: str) -> None:
        self.game_id, self.team = game_id, team
        super().__init__(
            discord.ui.Button(
                label=f"Join Team {team.upper()}",
                style=discord.ButtonStyle.primary if team == "a" else discord.ButtonStyle.success,
                custom_id=self.custom_id_for(game_id, team),
            )
        )

    async def act(self, interaction: discord.Interaction) -> None:
        await trivia_cog(interaction).lobby.join(interaction, self.game_id, self.team.upper())


class StartNowButton(IdButton, kind="trivia:go", parts=(Id("game_id"),)):
    """Ends a team game's wait for players: for its starter or a moderator."""

    def __init__(self, game_id: int) -> None:
        self.game_id = game_id
        super().__init__(
            discord.ui.Button(
                label="Start now", style=discord.ButtonStyle.secondary, custom_id=self.custom_id_for(game_id)
            )
        )

    async def act(self, interaction: discord.Interaction) -> None:
        await trivia_cog(interaction).lobby.start_now(interaction, self.game_id)


class DuelButton(IdButton, kind="trivia:duel", parts=(Id("game_id"), Word("answer", ("accept", "decline")))):
    """The challenged member accepts or declines a duel; its challenger may withdraw it."""

    def __init__(self, game_id: int, answer: str) -> None:
        self.game_id, self.answer = game_id, answer
        accept = answer == "accept"
        super().__init__(
            discord.ui.Button(
                label="Accept" if accept else "Decline",
                style=discord.ButtonStyle.success if accept else discord.ButtonStyle.secondary,
                custom_id=self.custom_id_for(game_id, answer),
            )
        )

    async def act(self, interaction: discord.Interaction) -> None:
        await trivia_cog(interaction).lobby.answer_duel(interaction, self.game_id, self.answer == "accept")


class AnswerModal(SafeModal, title="Your answer", form="answer"):
    answer = discord.ui.TextInput(
        label="Answer",
        placeholder="One answer: a name or the missing words",
        max_length=MAX_TYPED_CHARS,
        custom_id="answer",
    )

    def __init__(self, game_id: int, round_no: int, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.game_id, self.round_no = game_id, round_no

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await trivia_cog(interaction).answer_text(interaction, self.game_id, self.round_no, self.answer.value)


class QuickAnswerButton(IdButton, kind="trivia:q", parts=(Id("question_id"), Number("seed", 0, MAX_SEED), CHOICE)):
    """A practice question's choice: the seed recreates the order the choices were shown in."""

    def __init__(self, question_id: int, seed: int, choice: int, label: str | None = None) -> None:
        self.question_id, self.seed, self.choice = question_id, seed, choice
        super().__init__(_choice_button(choice, label, self.custom_id_for(question_id, seed, choice)))

    async def act(self, interaction: discord.Interaction) -> None:
        await trivia_cog(interaction).answer_quick(interaction, self.question_id, self.seed, self.choice)


class LeaderboardButton(
    IdButton,
    kind="trivia:lb",
    parts=(Word("period", ("a", "w")), Number("page", 0, 999_999), Id("user_id"), Word("way", ("prev", "next"))),
):
    """Turns the leaderboard's pages; only the member who asked for it can."""

    def __init__(self, period: str, page: int, user_id: int, way: str, *, disabled: bool = False) -> None:
        self.period, self.page, self.user_id = period, page, user_id
        super().__init__(
            discord.ui.Button(
                label="Previous" if way == "prev" else "Next",
                style=discord.ButtonStyle.secondary,
                disabled=disabled,
                custom_id=self.custom_id_for(period, page, user_id, way),
            )
        )

    async def act(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.user_id:
            raise UserFacingError("These pages belong to whoever asked; run `/trivia leaderboard` for your own.")
        await trivia_cog(interaction).turn_leaderboard(interaction, self.period, self.page)


KNOWN_KINDS = (
    AnswerButton, TypeAnswerButton, SkipButton, QuickAnswerButton, LeaderboardButton, HintButton, TeamButton,
    StartNowButton, DuelButton,
)  # fmt: skip
# Every trivia button, and the "expired" answer to trivia:<anything else>.
DYNAMIC_ITEMS = (*KNOWN_KINDS, unknown_kinds("trivia", KNOWN_KINDS))


def question_view(live: LiveRound, *, typed: bool, hints: bool = False) -> discord.ui.View:
    """The choices on the first row; Type answer, Hint (with hints on) and, in games (not daily
    questions or duels), Skip on the second."""
    buttons: list[discord.ui.Item] = [
        AnswerButton(live.game_id, live.round_no, i, _choice_label(i, choice)) for i, choice in enumerate(live.choices)
    ]
    controls: list[discord.ui.Item] = []
    if typed and live.question.typeable:
        controls.append(TypeAnswerButton(live.game_id, live.round_no))
    if hints and has_hint(live.question.form, live.choices):
        controls.append(HintButton(live.game_id, live.round_no))
    if live.kind == "game" and live.mode != "duel":  # a duel has two players and no host: no skipping
        controls.append(SkipButton(live.game_id, live.round_no))
    for control in controls:
        control.row = 1 if buttons else 0
    return view_of(*buttons, *controls)


def hint_view(live: LiveRound, kept: tuple[int, ...], *, typed: bool) -> discord.ui.View | None:
    """Under a private hint: the choices it leaves (the same buttons as on the question), or Type answer."""
    if kept:
        return view_of(*(AnswerButton(live.game_id, live.round_no, i, _choice_label(i, live.choices[i])) for i in kept))
    if typed and live.question.typeable:
        return view_of(TypeAnswerButton(live.game_id, live.round_no))
    return None


def team_view(game_id: int, *, waiting: bool) -> discord.ui.View:
    """Join Team A / Join Team B, and Start now while the game waits for players."""
    buttons: list[discord.ui.Item] = [TeamButton(game_id, "a"), TeamButton(game_id, "b")]
    if waiting:
        buttons.append(StartNowButton(game_id))
    return view_of(*buttons)


def duel_view(game_id: int) -> discord.ui.View:
    return view_of(DuelButton(game_id, "accept"), DuelButton(game_id, "decline"))


def report_view(question_id: int) -> discord.ui.View:
    return view_of(ReportButton("question", str(question_id)))


def quick_view(question_id: int, seed: int, choices: tuple[str, ...]) -> discord.ui.View:
    return view_of(
        *(QuickAnswerButton(question_id, seed, i, _choice_label(i, choice)) for i, choice in enumerate(choices))
    )


def leaderboard_view(period: str, page: int, pages: int, user_id: int) -> discord.ui.View:
    return view_of(
        LeaderboardButton(period, max(page - 1, 0), user_id, "prev", disabled=page <= 0),
        LeaderboardButton(period, min(page + 1, pages - 1), user_id, "next", disabled=page >= pages - 1),
    )
