"""What a hint shows, decided once for the game and for the bank's audit (``python -m bot questions
--check``), so that the rule the bank is held to is the hint the players get.

- A typed question's hint is its answer's letters: the first of each word and the length of each
  ("J··· M······"). Only typed questions get letters: shown beside choices, letters match one
  choice and give it away.
- A choice question's hint takes away two wrong choices. It is offered only when three wrong
  choices stand, so that two choices are left to choose from; a question of two choices (true or
  false, real or fake) has no hint.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

REMOVED_BY_HINT = 2  # wrong choices a choice question's hint takes away
HIDDEN = "·"


def letters(answer: str) -> str:
    """First letters and the length of each word: "J··· M······"."""
    return " ".join(word[0] + HIDDEN * (len(word) - 1) for word in answer.split())


def offers_letters(form: str) -> bool:
    """Whether a question of this form is hinted by its answer's letters (typed questions only)."""
    return form == "typed"


def narrows_choices(form: str, wrong_count: int) -> bool:
    """Whether a question's hint takes away wrong choices: a choice question with enough of them
    that a choice is still left to make (two stand after the hint)."""
    return form == "choice" and wrong_count > REMOVED_BY_HINT


def offers_hint(form: str, wrong_count: int) -> bool:
    return offers_letters(form) or narrows_choices(form, wrong_count)


def narrowed(choices: Sequence[str], answer: str, rng: random.Random) -> tuple[str, ...]:
    """The choices left after the hint, in the order shown: the answer and the wrong choices the
    hint did not take (which ones is ``rng``'s pick)."""
    wrong = [i for i, choice in enumerate(choices) if choice != answer]
    if len(wrong) <= REMOVED_BY_HINT:
        return tuple(choices)
    removed = set(rng.sample(wrong, REMOVED_BY_HINT))
    return tuple(choice for i, choice in enumerate(choices) if i not in removed)
