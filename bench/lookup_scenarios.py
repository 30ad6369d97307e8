"""Benchmark scenarios for the lookup commands: ``--scenario quote-random`` and ``quote-search``.

Registered into ``bench.scenarios.SCENARIOS`` when that module imports this one (at its end):
``python -m bench.interactions --scenario quote-search``.
"""

from __future__ import annotations

from bench.scenarios import Scenario, register
from standin import CallbackType, Guild, InteractionResult, Member

# Words members would type, each found in the article's quotes (several on one page, some on more).
SEARCHES = (
    "greedy audiences",
    "pie",
    "dont",
    "jess rory",
    "different directions",
    "serving of pie",
    "complicated when young",
    "outside influence",
    "friendship",
    "show up",
    "I think",
    "that's okay too",
)


@register
class QuoteRandom(Scenario):
    name = "quote-random"
    description = "/quote random: one random quote card (one query, cached settings)"

    def payload(self, guild: Guild, member: Member) -> dict:
        return self.slash("quote random", guild, member)

    def check(self, result: InteractionResult) -> str | None:
        if result.type != CallbackType.MESSAGE or result.ephemeral or not result.embeds or "Speaker" not in result.text:
            return f"expected a public quote card, got {result.describe()}: {result.text[:120]!r}"
        return None


@register
class QuoteSearch(Scenario):
    name = "quote-search"
    description = "/quote search: full-text search with highlights (words from the article's quotes)"

    def payload(self, guild: Guild, member: Member) -> dict:
        return self.slash("quote search", guild, member, text=SEARCHES[member.id % len(SEARCHES)])

    def check(self, result: InteractionResult) -> str | None:
        if result.type != CallbackType.MESSAGE or result.ephemeral or not result.embeds or "**" not in result.text:
            return f"expected public, highlighted results, got {result.describe()}: {result.text[:120]!r}"
        return None


# What fans ask /ask, in their own words (the examples: a chat question, a plain one).
QUESTIONS = (
    "whats the pie comment milo made lol",
    "would milo come back for another revival",
    "did jess and rory end up together",
    "who hosts the podcast",
    "what is milo's favourite food",
)


@register
class Ask(Scenario):
    name = "ask"
    description = "/ask: a fan's question answered from the article (both retrievers, the calibrated score)"

    def payload(self, guild: Guild, member: Member) -> dict:
        return self.slash("ask", guild, member, question=QUESTIONS[member.id % len(QUESTIONS)])

    def check(self, result: InteractionResult) -> str | None:
        if result.type not in (CallbackType.MESSAGE, CallbackType.DEFERRED_MESSAGE) or "**Q:**" not in result.text:
            return f"expected an answer to the question, got {result.describe()}: {result.text[:120]!r}"
        return None


if __name__ == "__main__":  # python -m bench.lookup_scenarios --scenario quote-search [bench.interactions options]
    import sys

    from bench.interactions import main

    sys.exit(main())
