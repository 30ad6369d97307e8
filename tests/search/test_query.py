"""Query shaping: what a member types becomes safe FTS5 expressions without noise words."""

from __future__ import annotations

import pytest

from bot.search.query import (
    MAX_WORDS,
    QueryRejected,
    Rejection,
    search_terms,
)

HOSTILE = [
    '"',
    "***",
    "NEAR(jess rory, 2)",
    "jess AND rory OR NOT pie",
    "(((pie",
    "-",
    "- pie",
    "body: pie",
    "names:milo",
    "^pie",
    "pie*",
    '"unbalanced',
    "{body names}: pie",
    "\x00pie",
    "🥧 pie 🥧",
    "x" * 6000,
    " ".join(["word"] * 600),
]


def test_stop_words_are_dropped_when_better_words_remain():
    terms = search_terms("It's the serving of PIE")
    assert terms.words == ("serving", "pie")
    assert set(terms.ignored) == {"its", "the", "of"}


def test_only_stop_words_are_kept():
    """ "that's okay too" still searches for something."""
    assert search_terms("that's okay too").words == ("thats", "okay", "too")


def test_repeated_words_count_once():
    assert search_terms("pie Pie PIE pié").words == ("pie",)


@pytest.mark.parametrize("text", ["", "   ", "?!?!", "🥧🥧", "— … ‘’", "__"])
def test_no_words_is_rejected(text: str):
    with pytest.raises(QueryRejected) as caught:
        search_terms(text)
    assert caught.value.reason is Rejection.NO_WORDS


@pytest.mark.parametrize("text", ["a", "x y z", "I"])
def test_one_letter_words_are_too_short(text: str):
    with pytest.raises(QueryRejected) as caught:
        search_terms(text)
    assert caught.value.reason is Rejection.TOO_SHORT


def test_a_number_of_one_digit_is_a_word():
    assert search_terms("7").words == ("7",)


def test_long_queries_are_capped():
    terms = search_terms(" ".join(f"word{i}" for i in range(100)))
    assert len(terms.words) == MAX_WORDS
    assert terms.truncated


def test_expressions_quote_every_word():
    terms = search_terms("NEAR jess OR rory")
    assert terms.all_of().expression == '"near" AND "jess" AND "rory"'
    assert terms.all_of().phrases == ('"near"', '"jess"', '"rory"')
    assert terms.any_of().expression == '"near" OR "jess" OR "rory"'
    assert terms.all_of(prefix=True).expression == '"near"* AND "jess"* AND "rory"*'


def test_prefix_only_for_words_long_enough():
    assert search_terms("pie xo").all_of(prefix=True).expression == '"pie"* AND "xo"'


def test_stop_words_are_never_prefixes():
    """Stop words are whole words already: as prefixes ("the"*) they would read a huge list for nothing."""
    assert search_terms("the whom").all_of(prefix=True).expression == '"the" AND "whom"'
