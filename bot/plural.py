"""Counts in words, for every answer and audit line the bot writes: "1 report", "2 reports"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, plural unless the count is one ("entry" takes ``plural="entries"``)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
