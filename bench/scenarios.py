"""What bot (a) is asked in the benchmark, by name: ``--scenario episode``.

Add a scenario by subclassing :class:`Scenario` and decorating it with ``@register``: ``payload``
builds one INTERACTION_CREATE (a fresh member each time, in a random server), ``check`` says what
is wrong with the answer (None when right), and ``prepare`` runs once, untimed, before the
measurement (e.g. start a trivia game and keep the message whose buttons ``payload`` clicks).
The bare bot receives the very same payloads.
"""

from __future__ import annotations

from typing import ClassVar

from standin import CallbackType, DiscordUsers, Guild, InteractionResult, Member, Message
from standin.model import DEFAULT_MEMBER_PERMISSIONS, snowflake

MANAGE_GUILD = 1 << 5  # Discord's permission bit

SCENARIOS: dict[str, type[Scenario]] = {}


def register(cls: type[Scenario]) -> type[Scenario]:
    SCENARIOS[cls.name] = cls
    return cls


class Scenario:
    name: ClassVar[str]
    description: ClassVar[str]

    def __init__(self, users: DiscordUsers) -> None:
        self.users = users  # members of bot (a)'s stand-in; users.standin.synced_commands, etc.

    async def prepare(self, guilds: list[Guild]) -> None:
        """Untimed set-up against bot (a), once, before warm-up."""

    def payload(self, guild: Guild, member: Member) -> dict:
        raise NotImplementedError

    def check(self, result: InteractionResult) -> str | None:
        """What is wrong with bot (a)'s answer, or None."""
        return None

    # helpers for subclasses

    def slash(self, command: str, guild: Guild, member: Member, **options) -> dict:
        return self.users.slash_payload(command, member=member, guild=guild, options=options)

    def click(self, message: Message, custom_id: str, member: Member, values: list[str] | None = None) -> dict:
        return self.users.click_payload(message, custom_id, member=member, values=values)


@register
class EpisodeCard(Scenario):
    name = "episode"
    description = "/episode: the episode card (an embed built from stored content)"

    def payload(self, guild: Guild, member: Member) -> dict:
        return self.slash("episode", guild, member)

    def check(self, result: InteractionResult) -> str | None:
        if result.type != CallbackType.MESSAGE or not result.embeds or "I Am All In" not in result.text:
            return f"expected the public episode card, got {result.describe()}: {result.content!r}"
        return None


@register
class TriviaAnswerClick(Scenario):
    name = "trivia-click"
    description = "trivia answer click: a new member's first answer to a running question (one INSERT)"

    GAMES = 8  # servers with a running game; each click goes to one of them

    def __init__(self, users: DiscordUsers) -> None:
        super().__init__(users)
        self.games: list[Guild] = []

    async def prepare(self, guilds: list[Guild]) -> None:
        """Start one long game (up to 20 rounds of 60 s) in the #trivia channel of a few servers, asking
        questions with buttons only: a moderator turns typed answers off there first (typed-only
        questions are then left out)."""
        for guild in guilds[: self.GAMES]:
            moderator = Member(
                snowflake(), "mod", guild.id, permissions=DEFAULT_MEMBER_PERMISSIONS.value | MANAGE_GUILD
            )
            saved = await self.users.slash("config trivia", member=moderator, guild=guild, typed_answers=False)
            if "typed answers off" not in saved.text:
                raise RuntimeError(f"/config trivia typed_answers:False was refused: {saved.text}")
            starter = Member(snowflake(), "starter", guild.id)
            result = await self.users.slash(
                "trivia start", member=starter, guild=guild, channel="trivia", rounds=20, timer=60
            )
            if result.ephemeral:
                raise RuntimeError(f"/trivia start was refused: {result.text}")
            await self.users.wait_channel_message("trivia", guild=guild, within=10)
            self.games.append(guild)

    def payload(self, guild: Guild, member: Member) -> dict:
        game_guild = self.games[guild.id % len(self.games)]
        question = self._open_question(game_guild)
        buttons = [b["custom_id"] for b in question.buttons if b["custom_id"].startswith("trivia:a:")]
        clicker = Member(member.id, member.name, game_guild.id)  # a member of the game's server
        return self.click(question, buttons[member.id % len(buttons)], clicker)

    def _open_question(self, guild: Guild) -> Message:
        channel_id = guild.channel("trivia").id
        for message in reversed(self.users.standin.channel_messages(channel_id)):
            if message.interaction_id is None and any(b["custom_id"].startswith("trivia:a:") for b in message.buttons):
                return message
        raise RuntimeError("no trivia question is open (a 60 s round ended mid-run): lower -n or raise --concurrency")

    def check(self, result: InteractionResult) -> str | None:
        if result.type != CallbackType.MESSAGE or not result.ephemeral or "Locked in" not in result.text:
            return f"expected an ephemeral 'Locked in', got {result.describe()}: {result.text[:120]!r}"
        return None


# Feature scenarios kept beside their feature's benchmarks (imported last: they use `register`).
from bench import lookup_scenarios  # noqa: E402, F401  (quote-random, quote-search)
