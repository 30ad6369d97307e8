"""Forgiving a small typo, and suggesting words to try."""

from __future__ import annotations

import random

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
