"""What a hint gives (bot/trivia/hints.py): letters for typed questions only, two wrong choices taken
away only where two choices are then left."""

from __future__ import annotations

import random

from bot.trivia import hints


def test_letters_show_each_words_first_letter_and_length() -> None:
    assert hints.letters("Jess Mariano") == "J··· M······"
    assert hints.letters("14") == "1·"


def test_only_typed_questions_get_letters() -> None:
    """Beside choices, letters match one of them (the old "j···" beside "jerk")."""
    assert hints.offers_letters("typed")
    assert not hints.offers_letters("choice") and not hints.offers_letters("true_false")


def test_a_choice_hint_needs_three_wrong_choices() -> None:
    """Taking two away must leave a choice: not for two wrong choices, a two-way or a true/false."""
    assert hints.narrows_choices("choice", 3)
    assert not hints.narrows_choices("choice", 2) and not hints.narrows_choices("choice", 1)
    assert not hints.narrows_choices("true_false", 1)
    assert not hints.offers_hint("choice", 1) and hints.offers_hint("typed", 0)


def test_narrowing_keeps_the_answer_and_one_wrong_choice() -> None:
    choices = ("soul", "head", "mind", "spine")
    left = {hints.narrowed(choices, "head", random.Random(seed)) for seed in range(40)}
    assert all(len(pair) == 2 and "head" in pair for pair in left)
    assert {c for pair in left for c in pair} == set(choices), "any wrong choice may be the one kept"
    assert all(list(pair) == [c for c in choices if c in pair] for pair in left), "in the order shown"
    assert hints.narrowed(("Milo", "The article"), "Milo", random.Random(1)) == ("Milo", "The article")
