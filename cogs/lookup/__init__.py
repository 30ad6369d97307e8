"""Quotes, facts, people and questions about the article: ``/quote``, ``/fact``, ``/whois``, ``/ask``.

One extension with one cog per feature (moderators turn ``quotes``, ``facts`` and ``ask`` off per
server; ``/whois`` is always on), sharing one :class:`~cogs.lookup._shared.Lookup`: the search
repository and its reader connection, the people in memory, and the card buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.lookup._ask import Ask
from cogs.lookup._facts import Facts
from cogs.lookup._quotes import Quotes
from cogs.lookup._shared import Lookup
from cogs.lookup._whois import Whois

if TYPE_CHECKING:
    from bot.client import CompanionBot


async def setup(bot: CompanionBot) -> None:
    lookup = Lookup(bot)
    await bot.add_cog(lookup)  # first: its cog_load opens what the others use
    for cog in (Quotes(lookup), Facts(lookup), Whois(lookup), Ask(lookup)):
        await bot.add_cog(cog)
