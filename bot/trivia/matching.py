"""Typed trivia answers: lenient about form, strict about substance.

Case, punctuation, curly or straight apostrophes, accents, a leading "the", number words
("fourteen", "twenty sixteen") and word order in names do not matter; small typos are forgiven in
proportion to the answer's length (none for short answers, never in digits). A guess a little further
off is *close* (the player is told to check the spelling and may try again); one that lists several
guesses never wins.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable

MAX_GUESS_CHARS = 200  # longer than any answer we ask for; a pasted essay is simply wrong

# Answer kinds whose words may come in any order ("Ventimiglia Milo").
ORDER_FREE_KINDS = frozenset({"name", "character"})


class Verdict(enum.Enum):
    CORRECT = "correct"
    CLOSE = "close"  # not counted; the player may try again
    WRONG = "wrong"


_APOSTROPHES = dict.fromkeys(map(ord, "'‘’‚‛′`´ʼ"), None)
_NON_WORD = re.compile(r"[^0-9a-z]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an) (?=\S)")
_DIGITS = re.compile(r"\d+")
# A list of guesses: "Jess, Dean, Logan", "jess/dean", "jess or dean", one per line.
_GUESS_SEPARATOR = re.compile(r"[,;/|\n]|\bor\b", re.IGNORECASE)

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORDS = set(_UNITS) | set(_TENS) | set(_SCALES) | {"and"}


def _pairs_below_hundred(words: list[str]) -> list[int] | None:
    """Split number words without scales into values below 100 ("twenty", "sixteen" -> [20, 16])."""
    values: list[int] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _TENS:
            value = _TENS[word]
            if i + 1 < len(words) and words[i + 1] in _UNITS and 0 < _UNITS[words[i + 1]] < 10:
                value += _UNITS[words[i + 1]]
                i += 1
            values.append(value)
        elif word in _UNITS:
            values.append(_UNITS[word])
        else:
            return None
        i += 1
    return values


def _number_from_words(words: list[str]) -> int | None:
    """ "fourteen" -> 14, "two thousand sixteen" -> 2016, "twenty sixteen" -> 2016, "one hundred and five"
    -> 105; None when the words do not form one number."""
    words = [w for w in words if w != "and"]
    if not words or words == ["oh"]:
        return None
    if any(w in _SCALES for w in words):
        total = current = 0
        for word in words:
            if word in _SCALES:
                current = max(current, 1) * _SCALES[word]
                if _SCALES[word] == 1000:
                    total, current = total + current, 0
            elif word in _TENS:
                current += _TENS[word]
            elif word in _UNITS:
                current += _UNITS[word]
        return total + current
    values = _pairs_below_hundred(words)
    if values is None:
        return None
    if len(values) == 1:
        return values[0]
    if len(values) == 2 and values[0] >= 10:  # a year said in two halves: "nineteen ninety", "twenty sixteen"
        return values[0] * 100 + values[1]
    if len(values) == 3 and values[0] >= 10 and values[1] == 0:  # "twenty oh five"
        return values[0] * 100 + values[2]
    return None


def _numbers_to_digits(words: list[str]) -> list[str]:
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        # "and" only joins numbers; a trailing one belongs to the text ("fourteen and counting").
        trailing = []
        while run and run[-1] == "and":
            trailing.append(run.pop())
        number = _number_from_words(run)
        out.extend([str(number)] if number is not None else run)
        out.extend(trailing)
        run.clear()

    for word in words:
        if word in _NUMBER_WORDS and (word != "and" or run):
            run.append(word)
        else:
            flush()
            out.append(word)
    flush()
    return out


def normalize(text: str) -> str:
    """The comparable form of an answer: lower case, no accents, apostrophes or punctuation, number
    words as digits, single spaces, no leading article."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.translate(_APOSTROPHES).replace("&", " and ")
    words = _NON_WORD.sub(" ", plain).split()
    joined = " ".join(_numbers_to_digits(words))
    return _LEADING_ARTICLE.sub("", joined)


def typo_budget(answer: str) -> int:
    """Edits forgiven in a typed answer, by the normalised answer's length."""
    length = len(answer.replace(" ", ""))
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    if length <= 15:
        return 2
    return min(3 + (length - 16) // 12, 5)


def _guess_count(text: str) -> int:
    return sum(1 for part in _GUESS_SEPARATOR.split(text) if part and part.strip())


def _osa():
    """rapidfuzz's OSA distance, imported on first use: 3 MiB of resident memory that a process
    answering no typed answer never needs."""
    from rapidfuzz.distance import OSA

    return OSA


def _distance(guess: str, answer: str, order_free: bool) -> int:
    OSA = _osa()
    distance = OSA.distance(guess, answer)
    if order_free:
        distance = min(distance, OSA.distance(" ".join(sorted(guess.split())), " ".join(sorted(answer.split()))))
    return distance


def _each_word_close_enough(guess: str, answer: str) -> bool:
    """For names: every word within its own typo budget ("Bledxy" is not "Bledel", though the whole
    name would be within two edits)."""
    guess_words, answer_words = guess.split(), answer.split()
    if len(guess_words) != len(answer_words):
        return True  # compared as a whole only
    pairings = [answer_words, sorted(answer_words)]
    OSA = _osa()
    for words in pairings:
        ordered = guess_words if words is answer_words else sorted(guess_words)
        if all(OSA.distance(g, a) <= typo_budget(a) for g, a in zip(ordered, words, strict=True)):
            return True
    return False


def judge_typed(guess: str, answers: Iterable[str], *, kind: str | None = None) -> Verdict:
    """Judge ``guess`` against the right answer and its accepted variants (aliases)."""
    if len(guess) > MAX_GUESS_CHARS:
        return Verdict.WRONG
    normalized_guess = normalize(guess)
    if not normalized_guess:
        return Verdict.WRONG
    candidates = [(raw, normalize(raw)) for raw in answers if raw and raw.strip()]
    if not candidates:
        return Verdict.WRONG
    if any(normalized_guess == normalized for _, normalized in candidates):
        return Verdict.CORRECT
    # Several guesses in one ("Jess, Dean, Logan") never win, even if one of them is right.
    if _guess_count(guess) > max(_guess_count(raw) for raw, _ in candidates):
        return Verdict.WRONG
    order_free = kind in ORDER_FREE_KINDS
    verdict = Verdict.WRONG
    for _, normalized in candidates:
        if not normalized or _DIGITS.findall(normalized_guess) != _DIGITS.findall(normalized):
            continue  # 2016 is not 2017: digits must match exactly
        budget = typo_budget(normalized)
        distance = _distance(normalized_guess, normalized, order_free)
        if distance <= budget and (not order_free or _each_word_close_enough(normalized_guess, normalized)):
            return Verdict.CORRECT
        if distance <= budget + max(1, len(normalized) // 8):
            verdict = Verdict.CLOSE
    return verdict
