"""Typed trivia answers: lenient about form, strict about substance, in any script.

Case, compatibility forms (full-width letters, ligatures), punctuation, curly or straight apostrophes,
Latin and Greek accents, a leading "the", number words ("fourteen", "twenty sixteen"), digits of any
script and word order in names do not matter. Letters of every script count: an answer in Cyrillic,
Japanese or emoji is matched as typed. Small typos are forgiven by the answer's length and script
(none for short answers, emoji or digits; in Chinese, Japanese and Korean, where one character is a
syllable or a word, fewer than in alphabets). A guess a little further off is *close* (the player is
told to check the spelling and may try again); one that lists several guesses never wins.
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
# Accents are optional in these scripts ("creme" is "crème"); elsewhere a combining mark is part of the
# letter (Devanagari vowel signs and virama, Japanese dakuten: か is not が), so it stays.
_ACCENT_OPTIONAL_SCRIPTS = frozenset({"LATIN", "GREEK"})
# Where one character is a word (Chinese characters, kanji) or a syllable (kana, Hangul), one wrong
# character is a bigger miss than one wrong letter, so fewer are forgiven.
_IDEOGRAPHIC_SCRIPTS = frozenset({"CJK"})
_SYLLABIC_SCRIPTS = frozenset({"HIRAGANA", "KATAKANA", "HANGUL"})
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ/ZWJ: part of Persian and Indic spelling, and of emoji sequences
_VARIATION_SELECTORS = frozenset(map(chr, range(0xFE00, 0xFE10)))  # ❤ and ❤️ are one heart
# Every leading article, so that normalising twice changes nothing ("the a 0" -> "0", not "a 0").
_LEADING_ARTICLE = re.compile(r"^(?:(?:the|a|an) )+(?=\S)")
_DIGITS = re.compile(r"[0-9]+")
# A list of guesses: "Jess, Dean, Logan", "jess/dean", "jess or dean", one per line.
_GUESS_SEPARATOR = re.compile(r"[,;/|\n、،]|\bor\b", re.IGNORECASE)

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


def _script(char: str) -> str:
    """The first word of the character's Unicode name: LATIN, CYRILLIC, HIRAGANA, CJK, DIGIT..."""
    return unicodedata.name(char, "").split(" ", 1)[0]


def _is_symbol(char: str) -> bool:
    """Emoji and other pictographs, with their skin-tone modifiers: kept, and matched exactly."""
    return unicodedata.category(char) == "So" or "\U0001f3fb" <= char <= "\U0001f3ff"


def _fold(text: str) -> str:
    """NFKC and case folding; accents dropped where they are optional; digits of any script as ASCII;
    everything that is not a letter, a mark, a digit or a symbol becomes a space."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES).replace("&", " and ")
    out: list[str] = []
    accent_optional = False
    for char in unicodedata.normalize("NFD", folded):
        category = unicodedata.category(char)
        if char in _VARIATION_SELECTORS:
            continue
        if category.startswith("M"):
            if not accent_optional:
                out.append(char)
            continue
        accent_optional = _script(char) in _ACCENT_OPTIONAL_SCRIPTS
        if category == "Nd":
            out.append(str(unicodedata.decimal(char)))
        elif category[0] in "LN" or _is_symbol(char) or char in _JOINERS:
            out.append(char)
        elif category == "Cf":
            continue  # invisible: a zero-width space or a direction mark must not split a word
        else:
            out.append(" ")
    return unicodedata.normalize("NFC", "".join(out))


def normalize(text: str) -> str:
    """The comparable form of an answer: case-folded, no optional accents, apostrophes or punctuation,
    number words and other scripts' digits as ASCII digits, single spaces, no leading article."""
    words = _fold(text).split()
    joined = " ".join(_numbers_to_digits(words))
    return _LEADING_ARTICLE.sub("", joined)


def typo_budget(answer: str) -> int:
    """Edits forgiven in a typed answer, by the normalised answer's length and script."""
    letters = answer.replace(" ", "")
    if any(_is_symbol(c) for c in letters):
        return 0  # 👍 and 👎 are one edit apart
    length = len(letters)
    scripts = {_script(c) for c in letters}
    if scripts & _IDEOGRAPHIC_SCRIPTS:  # most words are two to four characters: spelled right
        return 0 if length <= 4 else 1 if length <= 10 else 2
    if scripts & _SYLLABIC_SCRIPTS:
        return 0 if length <= 3 else 1 if length <= 8 else 2
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    if length <= 15:
        return 2
    return min(3 + (length - 16) // 12, 5)


def _close_margin(answer: str) -> int:
    """How much further than the budget a guess may be and still be told it is close."""
    if any(_is_symbol(c) for c in answer):
        return 0
    return max(1, len(answer) // 8)


def _guess_count(text: str) -> int:
    return sum(1 for part in _GUESS_SEPARATOR.split(unicodedata.normalize("NFKC", text)) if part and part.strip())


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
        if distance <= budget + _close_margin(normalized):
            verdict = Verdict.CLOSE
    return verdict
