"""What bot (a) is asked in the benchmark, by name: ``--scenario episode``.

Add a scenario by subclassing :class:`Scenario` and decorating it with ``@register``: ``payload``
builds one INTERACTION_CREATE (a fresh member each time, in a random server), ``check`` says what
is wrong with the answer (None when right), and ``prepare`` runs once, untimed, before the
measurement (e.g. start a trivia game and keep the message whose buttons ``payload`` clicks).
The bare bot receives the very same payloads.
"""

from __future__ import annotations

from typing import ClassVar

from tests.standin import CallbackType, DiscordUsers, Guild, InteractionResult, Member, Message

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
