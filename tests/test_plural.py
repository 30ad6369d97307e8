"""Counts in words (bot/plural.py): one wording for every answer and audit line."""

from __future__ import annotations

import pytest

from bot.plural import agrees, counted, listed, plural_of


@pytest.mark.parametrize(
    ("noun", "plural"),
    [
        ("report", "reports"),
        ("entry", "entries"),
        ("category", "categories"),
        ("day", "days"),
        ("match", "matches"),
        ("box", "boxes"),
        ("season score", "season scores"),
        ("community question", "community questions"),
    ],
)
def test_regular_plurals(noun: str, plural: str):
    assert plural_of(noun) == plural
    assert counted(2, noun) == f"2 {plural}"
    assert counted(1, noun) == f"1 {noun}"
    assert counted(0, noun) == f"0 {plural}"


def test_large_counts_are_grouped_and_irregular_nouns_given():
    assert counted(1520, "test") == "1,520 tests"
    assert counted(3, "person", plural="people") == "3 people"


def test_the_verb_agrees_with_the_count():
    """Not "1 community question no longer name you"."""
    assert f"{counted(1, 'community question')} no longer {agrees(1, 'names', 'name')} you" == (
        "1 community question no longer names you"
    )
    assert f"{counted(2, 'community question')} no longer {agrees(2, 'names', 'name')} you" == (
        "2 community questions no longer name you"
    )


def test_lists_read_as_a_sentence():
    assert listed([]) == ""
    assert listed(["1 answer"]) == "1 answer"
    assert listed(["1 answer", "your display name"]) == "1 answer and your display name"
    assert listed(["a", "b", "c"]) == "a, b and c"
