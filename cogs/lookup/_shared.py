"""What the lookup cogs share: the repository, the search engine, the people, the buttons."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import UserFacingError
from bot.db.search_repo import SearchRepo, SearchTimeout
from bot.search.people import MAX_CHOICES, PeopleIndex, PersonName
from bot.search.query import QueryRejected, Rejection
from cogs._cards import DYNAMIC_ITEMS, Pages, answer_soon
from cogs._checks import feature_allows_autocomplete
from cogs._scope import scope_of
from cogs._text import echo

if TYPE_CHECKING:
    from bot.client import CompanionBot
    from bot.search.engine import Outcome, SearchEngine

# A person as typed or picked from the autocomplete (whose values are ids of at most 100 characters).
PersonOption = app_commands.Range[str, 1, 100]

TOO_BROAD = (
    "That search matches too much to finish quickly. Add a more specific word: a name, or an unusual word you remember."
)
NO_WORDS = "I need at least one word to look for: punctuation, symbols and emoji alone don't match anything."
TOO_SHORT = "Look for a word of at least two letters."


class Lookup(commands.Cog):
    """Shared state of the lookup commands (no commands of its own). People are read once here:
    content only changes when the bot starts, before extensions load."""

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.repo: SearchRepo = bot.repos.search
        self._engine: SearchEngine | None = None
        self.people = PeopleIndex([])

    @property
    def engine(self) -> SearchEngine:
        """The search engine, built at the first search: its module and /ask's (0.5 MiB of code) are
        imported then (~10 ms), never by a bot whose members only play trivia."""
        if self._engine is None:
            from bot.search.engine import SearchEngine

            self._engine = SearchEngine(self.repo)
        return self._engine

    async def cog_load(self) -> None:
        await self.repo.reader.open()
        self.people = PeopleIndex(await self.repo.people_names())
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        try:
            self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
            Pages.of(self.bot).close()
        finally:
            # aiosqlite's thread is not a daemon: an open reader would keep the process alive.
            await self.repo.reader.close()

    def person(self, typed: str) -> PersonName:
        """The person a member chose or typed, or a clear refusal naming who there is."""
        person = self.people.resolve(typed)
        if person is None:
            known = ", ".join(p.name for p in self.people.suggest(""))
            raise UserFacingError(
                f"I don't know anyone called “{echo(typed, 80)}” in this episode. "
                f"Pick a name from the list{f' ({echo(known, 400)})' if known else ''}."
            )
        return person

    async def person_choices(
        self,
        interaction: discord.Interaction[CompanionBot],
        current: str,
        feature: str | None,
        *,
        speakers_only: bool = False,
    ) -> list[app_commands.Choice[str]]:
        """Autocomplete over names and aliases (nothing when the feature is off on this server);
        ``speakers_only``: only people with a quote this server shows."""
        if feature is not None and not await feature_allows_autocomplete(interaction, feature):
            return []
        found = self.people.suggest(current or "", limit=len(self.people) or 1)
        if speakers_only:
            speakers = await self.repo.speakers((await scope_of(interaction)).guild_id)
            found = [p for p in found if p.id in speakers]
        return [app_commands.Choice(name=_choice_name(p), value=p.id[:100]) for p in found[:MAX_CHOICES]]


def _choice_name(person: PersonName) -> str:
    name = person.name + (f" (plays {person.plays})" if person.plays else "")
    return name[:100]


async def search_soon(
    interaction: discord.Interaction, search: Awaitable[Outcome], *, ephemeral: bool, asking: bool = False
) -> Outcome:
    """:func:`~cogs._cards.answer_soon` for a search; a query that cannot be searched gets its short answer."""
    try:
        return await answer_soon(interaction, search, ephemeral=ephemeral)
    except (QueryRejected, SearchTimeout) as error:
        raise user_facing(error, asking=asking) from None


def user_facing(error: QueryRejected | SearchTimeout, *, asking: bool = False) -> UserFacingError:
    """The short answer for a query that cannot be searched."""
    if isinstance(error, SearchTimeout):
        return UserFacingError(TOO_BROAD)
    if asking and error.reason is Rejection.NO_WORDS:
        return UserFacingError(
            "Ask about something specific, for example “what did Milo say about greedy audiences?” "
            "or “who hosts the podcast?”."
        )
    return UserFacingError(NO_WORDS if error.reason is Rejection.NO_WORDS else TOO_SHORT)
