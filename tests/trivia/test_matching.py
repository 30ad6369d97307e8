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


# -- any script ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "guess"),
    [
        ("Майло Вентимилья", "майло вентимилья"),  # Cyrillic, any case
        ("ギルモア・ガールズ", "ギルモア ガールズ"),  # Japanese, the middle dot as a space
        ("がんばって", "がんばって"),
        ("क्षमा", "क्षमा"),  # Devanagari with a virama
        ("☕", "☕"),
        ("👍🏽", "👍🏽"),
        ("❤️", "❤"),  # with or without the emoji variation selector
        ("Milo", "ＭＩＬＯ"),  # full-width letters
        ("2016", "٢٠١٦"),  # Arabic-Indic digits
        ("Milo", "Mi\u200blo"),  # a zero-width space typed by accident
        ("Αθήνα", "αθηνα"),  # Greek accents are optional, like Latin ones
    ],
)
def test_answers_in_any_script_count_when_typed_exactly(answer: str, guess: str) -> None:
    """Letters outside a-z, emoji and other scripts' digits are kept, so they can be matched."""
    assert judge_typed(guess, [answer]) is Verdict.CORRECT


@pytest.mark.parametrize(
    ("answer", "guess"),
    [
        ("Майло", "Лука"),  # both used to normalise to nothing
        ("☕", "🍵"),
        ("👍", "👎"),
        ("👍🏽", "👍"),  # the skin tone is part of the answer
        ("が", "か"),  # the dakuten is part of the letter, not an accent
        ("東京", "京都"),
        ("2016", "٢٠١٧"),
    ],
)
def test_other_answers_in_other_scripts_do_not_count(answer: str, guess: str) -> None:
    """(か for が may be told it is close, as a typo would be; it never counts.)"""
    assert judge_typed(guess, [answer]) is not Verdict.CORRECT


def test_marks_that_are_letters_are_kept() -> None:
    """Only Latin and Greek accents are dropped: a Devanagari virama, a dakuten or the breve of й
    changes the letter."""
    assert normalize("क्ष") != normalize("कष")
    assert normalize("が") != normalize("か")
    assert normalize("й") != normalize("и")
    assert normalize("Crème") == normalize("creme")


def test_typo_tolerance_follows_the_script() -> None:
    """One kanji is a word: short CJK answers forgive nothing; kana and Hangul are syllables; emoji
    are never 'close'; alphabets keep their budget by length."""
    assert typo_budget(normalize("東京都庁")) == 0
    assert typo_budget(normalize("がんばって")) == 1
    assert typo_budget(normalize("ミロ")) == 0
    assert typo_budget(normalize("Вентимилья")) == 2
    assert judge_typed("Вентимиля", ["Вентимилья"], kind="name") is Verdict.CORRECT
    assert judge_typed("東都", ["東京"]) is not Verdict.CORRECT
    assert judge_typed("🍵", ["☕"]) is Verdict.WRONG, "not 'close'"


def test_a_japanese_list_of_guesses_never_wins() -> None:
    """The ideographic comma separates guesses too."""
    assert judge_typed("ジェス、ディーン", ["ジェス"]) is Verdict.WRONG
