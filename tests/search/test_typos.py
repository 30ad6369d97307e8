"""Forgiving a small typo, and suggesting words to try."""

from __future__ import annotations

import random

import pytest

from bot.search.typos import Vocabulary, allowed_edits

VOCABULARY = Vocabulary.from_texts(
    ["audiences shouldn’t get so greedy", "a last serving of pie", "the relationship", "greedy greedy"]
)


def test_small_typos_are_corrected():
    assert VOCABULARY.correct("greddy") == "greedy"
    assert VOCABULARY.correct("audeinces") == "audiences"  # a swap counts as one edit
    assert VOCABULARY.correct("relatoinship") == "relationship"


def test_known_short_or_distant_words_are_left_alone():
    assert VOCABULARY.correct("greedy") is None
    assert VOCABULARY.correct("pye") is None  # three letters: too many neighbours
    assert VOCABULARY.correct("zebra") is None
    assert VOCABULARY.correct("x" * 200) is None


def test_max_edits_narrows():
    assert VOCABULARY.correct("audeinces", max_edits=1) == "audiences"
    assert VOCABULARY.correct("audiencxyz", max_edits=1) is None


def test_allowed_edits_grow_with_length():
    assert [allowed_edits("x" * n) for n in (2, 3, 4, 5, 6, 12)] == [0, 0, 1, 1, 2, 2]


def test_apostrophes_are_folded_in_the_vocabulary():
    assert "shouldnt" in VOCABULARY


def test_suggestions_are_telling_words():
    picked = VOCABULARY.suggestions(3, rng=random.Random(1))
    assert len(picked) == 3
    assert all(len(w) >= 5 and w not in {"shouldnt", "the"} for w in picked)


# ---------------------------------------------------------------------------------- /ask's typo fixer
@pytest.fixture(scope="module")
def lexicon():
    from bot.content.loader import ContentPaths, read_content
    from bot.search.ask import Lexicon
    from bot.search.typos import english_words

    content, _ = read_content(ContentPaths.default())
    texts = [q.body for q in content.quotes] + [
        f"{f.body} {content.article[slice(*f.evidence)]}" for f in content.facts
    ]
    return Lexicon(texts, content.synonyms, english=english_words())


@pytest.mark.parametrize(
    "word", ["kids", "start", "actual", "lately", "comment", "favourite", "literati", "lorelai", "rewatch", "unfollow"]
)
def test_a_word_that_is_already_a_word_is_never_changed(lexicon, word: str):
    assert lexicon.correct(word) is None


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("actualy", "actually"),  # not the article's "actual"
        ("hsots", "hosts"),  # two letters swapped
        ("comming", "coming"),  # a letter doubled
        ("togther", "together"),  # a letter left out
        ("greddy", "greedy"),
        ("hwy", "why"),  # three letters: only into a question word
        ("ventimiglai", "ventimiglia"),
    ],
)
def test_a_typo_becomes_the_word_meant(lexicon, typo: str, meant: str):
    assert lexicon.correct(typo) == meant


def test_no_typo_fix_turns_a_word_into_another_word_of_the_article(lexicon):
    from bot.search.text import words

    article_words = {w for text in lexicon_texts() for w in words(text)}
    english = ["stars", "start", "kind", "kids", "show", "shot", "pie", "pies", "jerk", "jerks"]
    assert not [w for w in english if (fixed := lexicon.correct(w)) is not None and fixed in article_words]


def lexicon_texts() -> list[str]:
    from bot.content.loader import ContentPaths

    return [ContentPaths.default().article.read_text(encoding="utf-8")]


def test_the_english_list_is_compact_and_knows_its_words():
    from bot.search.typos import english_words

    english = english_words()
    assert "actually" in english and "actualy" not in english and "didnt" in english
    assert english.count("the") > english.count("greedy") > 0
