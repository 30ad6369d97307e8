"""The typed-answer matcher (bot/trivia/matching.py) against arbitrary Unicode: it never raises,
normalising twice changes nothing, typing the answer exactly is always right in any script, digits are
exact, and small typos are forgiven in every script (issue #11, item 3; issue #9, item 5).

They are written against the matcher's public functions only, ``normalize`` and ``judge_typed``.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.member_text import TextProblem, clean
from bot.trivia.matching import Verdict, judge_typed, normalize
from tests.hostile._examples import examples
from tests.hostile._strategies import hostile_text

KINDS = st.sampled_from([None, "name", "character", "quote", "year", "number", "title", "place"])
ALPHABETS = {
    "latin": "abcdefghijklmnopqrstuvwxyz",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщыэюя",
    "greek": "αβγδεζηθικλμνξοπρστυφχψω",
}


def typeable(answer: str) -> bool:
    """An answer a member can type: it passes the form's validation and holds a letter, a digit or an
    emoji (modifier letters such as ʼ, punctuation and other marks may be ignored by the matcher)."""
    try:
        clean(answer, "x", max_len=80)
    except TextProblem:
        return False
    return any(unicodedata.category(c) in ("Lu", "Ll", "Lt", "Lo", "Nd", "Nl", "No", "So") for c in answer)


@examples(400)
@given(text=hostile_text, answers=st.lists(hostile_text, max_size=4), kind=KINDS)
def test_the_matcher_never_raises(text: str, answers: list[str], kind: str | None) -> None:
    assert isinstance(normalize(text), str)
    assert judge_typed(text, answers, kind=kind) in set(Verdict)


@examples(400)
@given(text=hostile_text)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@examples(400)
@given(answer=hostile_text, kind=KINDS)
def test_typing_the_answer_exactly_is_always_right(answer: str, kind: str | None) -> None:
    """The very same text; and against the answer as stored (validated like every community
    question), what a member types: spaced out, with invisible characters, in another case."""
    assume(typeable(answer))
    assert judge_typed(answer, [answer], kind=kind) is Verdict.CORRECT
    stored = clean(answer, "the right answer", max_len=80)
    typed = clean(f"  {answer}\u200b ", "your answer", max_len=100)
    assert judge_typed(typed, [stored], kind=kind) is Verdict.CORRECT
    assert judge_typed(stored.casefold(), [stored], kind=kind) is Verdict.CORRECT


@examples(300)
@given(right=st.integers(0, 10**6), typed=st.integers(0, 10**6), words=st.sampled_from(["", "season ", "year "]))
def test_digits_are_exact(right: int, typed: int, words: str) -> None:
    """2016 is not 2017, however close the spelling."""
    assume(right != typed)
    assert judge_typed(f"{words}{typed}", [f"{words}{right}"]) is not Verdict.CORRECT


@pytest.mark.parametrize(
    "script",
    ["latin", "cyrillic", "greek"],
)
@examples(150)
@given(data=st.data())
def test_one_typo_in_a_long_word_is_forgiven_in_every_script(script: str, data) -> None:
    """A 9-15 letter answer with one letter swapped for another of its alphabet is right or "close",
    never plain wrong: typo tolerance is kept per script."""
    alphabet = ALPHABETS[script]
    answer = data.draw(st.text(alphabet, min_size=9, max_size=15), label="answer")
    assume(not any(c.isdigit() for c in normalize(answer)))  # "seventeen" is 17, and digits are exact
    at = data.draw(st.integers(0, len(answer) - 1), label="at")
    letter = data.draw(st.sampled_from(alphabet).filter(lambda c: c != answer[at]), label="letter")
    assert judge_typed(answer[:at] + letter + answer[at + 1 :], [answer]) is not Verdict.WRONG


@pytest.mark.parametrize("answer", ["Милан", "ミロ・ヴィンティミリア", "☕", "Ἀθῆναι", "شاي", "☕🍩"])
def test_answers_in_other_scripts_typed_exactly_count(answer: str) -> None:
    assert judge_typed(answer, [answer]) is Verdict.CORRECT
    assert judge_typed(answer.upper(), [answer]) is Verdict.CORRECT
