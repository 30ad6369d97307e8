"""Query shaping: what a member types becomes safe FTS5 expressions without noise words."""

from __future__ import annotations

import sqlite3

import pytest

from bot.search.query import (
    MAX_WORDS,
    QueryRejected,
    Rejection,
    question_terms,
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


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_yields_valid_fts5(text: str):
    """Whatever is typed, the expressions are valid FTS5 (run against SQLite itself), or the
    query is rejected with a reason."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, names)")
    conn.execute("INSERT INTO t VALUES ('pie and jess', 'milo')")
    try:
        terms = search_terms(text)
    except QueryRejected:
        return
    for match in (terms.all_of(), terms.all_of(prefix=True), terms.any_of()):
        for expression in (match.expression, *match.phrases):
            conn.execute("SELECT * FROM t WHERE t MATCH ?", (expression,)).fetchall()
    question = question_terms(text + " pie")
    for expression in (question.match().expression, *question.match().phrases):
        conn.execute("SELECT * FROM t WHERE t MATCH ?", (expression,)).fetchall()


def test_question_words_do_not_dominate():
    """Question and stop words go; names rank but the topic is required."""
    terms = question_terms("What did Milo say about greedy audiences?", {"milo", "ventimiglia"})
    assert terms.topic == ("greedy", "audiences")
    assert terms.names == ("milo",)
    assert terms.match().expression == '"greedy" OR "audiences"'
    assert terms.match().phrases == ('"greedy"', '"audiences"', '"milo"')


def test_question_about_a_person_searches_the_name():
    terms = question_terms("Who is Lauren Graham?", {"lauren", "graham"})
    assert terms.topic == ("lauren", "graham")
    assert terms.names == ()


def test_possessive_of_a_name_is_the_name():
    terms = question_terms("What is Milo's favourite food?", {"milo"})
    assert terms.topic == ("favourite", "food")
    assert terms.names == ("milo",)


def test_contractions_in_questions_are_stop_words():
    assert question_terms("did he say he'd come back?").topic == ("come", "back")


def test_a_question_of_only_question_words_is_rejected():
    with pytest.raises(QueryRejected):
        question_terms("what did he say?")


def test_stop_words_are_never_prefixes():
    """Stop words are whole words already: as prefixes ("the"*) they would read a huge list for nothing."""
    assert search_terms("the whom").all_of(prefix=True).expression == '"the" AND "whom"'
