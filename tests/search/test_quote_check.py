""" "Is this a real quote?": the threshold between a fan's paraphrase and unrelated chat."""

from __future__ import annotations

import pytest

from bot.content.loader import ContentPaths, read_content
from bot.search.quote_check import Quotation, closest_quote, differences

MILO = frozenset({"milo", "ventimiglia"})


@pytest.fixture(scope="module")
def quotations() -> list[Quotation]:
    content, _ = read_content(ContentPaths.default())
    return [Quotation(q.id, q.body) for q in content.quotes if q.repeat_of is None]


@pytest.mark.parametrize(
    ("message", "quote_id"),
    [
        ("audiences shouldn't be so greedy, they had their last piece of pie", "last-serving-of-pie"),
        ("they went in different directions and that's ok", "didnt-work-out"),
        ("Milo said he'd be a jerk not to show up", "jerk-not-to-show-up"),
        ("I can never get away from it", "cant-get-away"),
        ("Jess and Rory found their own world and became friends as adults", "their-own-world"),
        ("there's always outside influence telling you how to behave", "outside-influence"),
        ("It's been a while since I thought about Jess and Rory", "been-a-while"),
        ("things are complicated when you're young", "complicated-when-young"),
    ],
)
def test_a_fan_paraphrase_counts(quotations, message: str, quote_id: str):
    found = closest_quote(message, quotations, names=MILO)
    assert found is not None and found.quote_id == quote_id


@pytest.mark.parametrize(
    "message",
    [
        "who's watching the revival tonight?",
        "Luke's coffee is the best",
        "Jess and Rory forever!!",
        "I think Dean was better for Rory",
        "Rory should have ended up with Jess",
        "Team Jess all the way",
        "pie",
        "did anyone see the new episode of the podcast",
        "Lorelai and Luke deserved better",
        "lol",
    ],
)
def test_unrelated_text_does_not(quotations, message: str):
    assert closest_quote(message, quotations, names=MILO) is None


def test_word_for_word_is_exact(quotations):
    found = closest_quote("“I think that’s pretty cool,” he said", quotations, names=MILO)
    assert found is not None and found.quote_id == "pretty-cool" and found.exact


def test_the_differences_word_by_word():
    changes = differences("they had their last piece of pie", "They were given a last serving of pie")
    kinds = [(c.kind, c.message, c.article) for c in changes]
    assert ("changed", "had their", "were given a") in kinds
    assert ("changed", "piece", "serving") in kinds
    assert ("same", "last", "last") in kinds
