"""Counts in words, for every answer and audit line the bot writes: "1 report", "2 reports", "3 entries",
"1 question no longer names you", "a score, 2 answers and your display name"."""

from __future__ import annotations

from collections.abc import Sequence

_VOWELS = "aeiou"


def plural_of(noun: str) -> str:
    """The regular English plural: "entry" -> "entries", "match" -> "matches", "day" -> "days"."""
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in _VOWELS:
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, plural unless the count is one ("1 entry", "1,520 entries"); an
    irregular noun gives its plural (``counted(n, "person", plural="people")``)."""
    return f"{count:,} {noun if count == 1 else plural or plural_of(noun)}"


def agrees(count: int, one: str, many: str) -> str:
    """The verb that goes with ``count`` things: ``agrees(n, "names", "name")``."""
    return one if count == 1 else many


def listed(items: Sequence[str]) -> str:
    """Items as a sentence lists them: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
