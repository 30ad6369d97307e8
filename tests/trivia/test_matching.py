"""Typed answers: lenient about form, strict about substance."""

from __future__ import annotations

import pytest

from bot.trivia.matching import Verdict, judge_typed, normalize, typo_budget

MILO = ["Milo Ventimiglia", "Milo", "Ventimiglia"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("That’s kind of great!", "thats kind of great"),
        ("THAT'S   kind-of great", "thats kind of great"),
        ("The Gilmore Girls", "gilmore girls"),
        ("Fourteen", "14"),
        ("twenty-one", "21"),
        ("two thousand sixteen", "2016"),
        ("twenty sixteen", "2016"),
        ("nineteen ninety nine", "1999"),
        ("one hundred and five", "105"),
        ("fourteen and counting", "14 and counting"),
        ("Amy [Sherman-Palladino]", "amy sherman palladino"),
        ("Crème brûlée", "creme brulee"),
        ("Lorelai & Luke", "lorelai and luke"),
    ],
)
def test_normalize_ignores_form(raw: str, expected: str) -> None:
    """Case, apostrophes, punctuation, accents, articles and number words do not matter."""
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "guess", ["milo ventimiglia", "MILO VENTIMIGLIA!", "Ventimiglia Milo", "Milo Ventimigla", "milo"]
)
def test_names_are_matched_leniently(guess: str) -> None:
    """Aliases, word order in names and a small typo are accepted."""
    assert judge_typed(guess, MILO, kind="name") is Verdict.CORRECT


@pytest.mark.parametrize("guess", ["that’s okay too", "thats okay too", "That's okay, too.", "thats okay to"])
def test_curly_and_straight_apostrophes_match(guess: str) -> None:
    """A quote fragment typed with straight quotes, other punctuation or one slip still counts."""
    assert judge_typed(guess, ["that’s okay too"], kind="quote") is Verdict.CORRECT


def test_word_order_matters_in_quotes() -> None:
    """Only names may come in any order; a quote's words may not."""
    assert judge_typed("too okay thats", ["that’s okay too"], kind="quote") is not Verdict.CORRECT


@pytest.mark.parametrize(
    ("guess", "verdict"),
    [("14", Verdict.CORRECT), ("fourteen", Verdict.CORRECT), ("15", Verdict.WRONG), ("41", Verdict.WRONG)],
)
def test_numbers_must_match_exactly(guess: str, verdict: Verdict) -> None:
    """Number words count as digits; a digit off is wrong, not a typo."""
    assert judge_typed(guess, ["14"], kind="number") is verdict


def test_years_do_not_forgive_a_digit() -> None:
    """2017 is not a typo of 2016."""
    assert judge_typed("2017", ["2016"], kind="year") is Verdict.WRONG
    assert judge_typed("twenty sixteen", ["2016"], kind="year") is Verdict.CORRECT


def test_near_miss_is_close_not_correct() -> None:
    """A guess a little further off than forgiven is 'close' (may try again), not right."""
    assert judge_typed("Milo Ventimig", MILO, kind="name") is Verdict.CLOSE
    assert judge_typed("Jes", ["Jess"], kind="character") is Verdict.CLOSE


def test_each_word_of_a_name_must_be_nearly_right() -> None:
    """Two slips in one short surname are too many, though the whole name allows two."""
    assert judge_typed("Alexis Bledxy", ["Alexis Bledel"], kind="name") is not Verdict.CORRECT
    assert judge_typed("Alexis Bledl", ["Alexis Bledel"], kind="name") is Verdict.CORRECT
    assert judge_typed("Bledl Alexis", ["Alexis Bledel"], kind="name") is Verdict.CORRECT


def test_short_answers_forgive_no_typo() -> None:
    """A four-letter answer must be spelled right: 'Jass' is not 'Jess'."""
    assert typo_budget("jess") == 0
    assert judge_typed("Jass", ["Jess"], kind="character") is not Verdict.CORRECT


@pytest.mark.parametrize(
    "guess",
    [
        "Milo, Scott, Alexis",
        "Scott / Milo",
        "Milo or Scott",
        "Scott\nMilo",
        "Milo Ventimiglia Scott Patterson Alexis Bledel Lauren Graham",
        "milo " * 60,
    ],
)
def test_a_list_of_guesses_never_wins(guess: str) -> None:
    """One message naming several candidates is wrong, even though it contains the answer."""
    assert judge_typed(guess, MILO, kind="name") is Verdict.WRONG


def test_answers_with_their_own_commas_can_still_be_typed() -> None:
    """A list-guess check does not break answers that themselves contain a comma."""
    assert judge_typed("and, you know, things", ["and, you know, things"], kind="quote") is Verdict.CORRECT


@pytest.mark.parametrize("guess", ["", "   ", "!!!", "x" * 500])
def test_empty_or_huge_input_is_wrong(guess: str) -> None:
    """Nothing, punctuation only, or a wall of text is never right."""
    assert judge_typed(guess, MILO, kind="name") is Verdict.WRONG


def test_unrelated_answer_is_wrong() -> None:
    assert judge_typed("Scott Patterson", MILO, kind="name") is Verdict.WRONG
