"""Hints, in plain Python: what the Hint button shows a member who asks for one (privately, at a cost).

A question with buttons loses all but two of its choices (the right one and one wrong one, the same
two for everyone who asks); a question answered only by typing shows the first letter of each word
and how long each word is. A true-or-false question has no hint: two choices are already a coin toss.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

HIDDEN = "·"


def letters(answer: str) -> str:
    """The first letter of each word, every other letter or digit as a dot; hyphens, apostrophes and
    spaces stay: "Amy Sherman-Palladino" is "A·· S······-P········"."""
    shown, first = [], True
    for char in answer:
        if char.isalnum():
            shown.append(char if first else HIDDEN)
            first = False
        else:
            shown.append(char)
            first = char.isspace() or char == "-"
    return "".join(shown)


def kept_choices(choices: Sequence[str], answer: str, seed: str) -> tuple[int, ...]:
    """The indices of the two choices a hint leaves: the answer's and one wrong one, chosen by
    ``seed`` (the game and round) so that everyone, and every ask, gets the same two. Empty when
    there is nothing to take away (two choices or fewer, or the answer is not among them)."""
    if len(choices) <= 2 or answer not in choices:
        return ()
    right = choices.index(answer)
    wrong = [i for i in range(len(choices)) if i != right]
    return tuple(sorted((right, random.Random(seed).choice(wrong))))


def has_hint(form: str, choices: Sequence[str]) -> bool:
    """Whether a question shown with ``choices`` can be hinted: typed-only, or three choices or more."""
    return form == "typed" or len(choices) > 2
