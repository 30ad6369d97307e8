""" "Is this a real quote?": the article's quotation closest to a message, and how the message differs.

A message is compared with every sentence of every quotation, and with every two sentences in a
row (a message may quote a sentence, or run two together). Closeness is an F-measure of the
meaningful words they share (stemmed, common words left out, each weighted by how rare it is among
the quotations' sentences), so a fan's paraphrase ("audiences shouldn't be so greedy, they had
their last piece of pie") counts and chat that merely names Jess and Rory does not. Below
:data:`CLOSE_ENOUGH`, or sharing fewer than :data:`MIN_SHARED` such words, nothing is close.

The cog runs it through /ask's retrieval (``SearchEngine.quote_check``): the message is read as
/ask reads a question (chat language, typos), its terms are /ask's (a synonym group counts as one:
"if he didn't come back" meets "not to show up"), and a window close in meaning (the same embedding
model) that shares a term counts as a paraphrase.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.search.stopwords import QUESTION_WORDS, STOP_WORDS
from bot.search.text import fold, stem, words

CLOSE_ENOUGH = 0.5
CLOSE_IN_MEANING = 0.7  # cosine of a message and a window that makes a paraphrase (with a term shared)
MIN_SHARED = 2  # meaningful words in common, unless the message is the quotation itself
MAX_MESSAGE = 2000
MIN_EXACT_WORDS = 3  # a message found word for word in a quotation is that quote ("pie" alone is not)
MIN_RUN = 5  # words in a row, as printed, that make a message a quotation of it ("Milo said he'd be a jerk ...")
_SENTENCE = re.compile(r"[^.!?…]+[.!?…]*[”’\"']*\s*")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Quotation:
    id: str
    body: str


@dataclass(frozen=True, slots=True)
class Closest:
    quote_id: str
    score: float  # 0..1
    window: tuple[int, int]  # the sentences of the body the message is closest to
    exact: bool  # the message holds those words as the article prints them (case, marks aside)


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # "same", "message" (only in the message), "article" (only in the article), "changed"
    message: str
    article: str


def _sentences(body: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(body) if m.group().strip()]
    return spans or [(0, len(body))]


_FRAMING = STOP_WORDS | QUESTION_WORDS  # "Milo said ...": the framing is not the quote


def _meaningful(text: str, ignored: frozenset[str] = frozenset()) -> list[str]:
    return [stem(w) for w in words(text) if w not in _FRAMING and w not in ignored]


Terms = Callable[[str], list[str]]  # a text's meaningful terms (stems, or synonym groups)
Meaning = Callable[[str], float]  # how close a window of a quotation is in meaning to the message, -1..1


def closest_quote(
    message: str,
    quotations: Sequence[Quotation],
    *,
    names: frozenset[str] = frozenset(),
    terms: Terms | None = None,
    meaning: Meaning | None = None,
    mentions: frozenset[str] = frozenset(),
) -> Closest | None:
    """The quotation (and its sentences) closest to ``message``, or None when none is close.
    ``names``: folded name words, left out of the message ("Milo said ..."). ``terms``: how /ask
    reads text into terms (synonyms as one: "come back" meets "show up"); by default stems.
    ``meaning``: /ask's semantic similarity of the message to a window: a window that shares a
    term and is at least :data:`CLOSE_IN_MEANING` in meaning is close too (a paraphrase).
    ``mentions``: folded words of people's names and characters: sharing only those ("Amy and Dan
    are the worst writers") never makes a message close."""
    import difflib  # here, not at the top: 0.15 MiB that a process never checking a quote need not hold

    message = message[:MAX_MESSAGE]
    terms = terms or _meaningful
    said = Counter(t for t in terms(message) if t not in {stem(n) for n in names} and t not in names)
    named = {t for w in mentions for t in terms(w)}
    if not said:
        return None
    windows: list[tuple[Quotation, tuple[int, int], Counter[str]]] = []
    for quotation in quotations:
        spans = _sentences(quotation.body)
        pieces = [*spans, *((a[0], b[1]) for a, b in itertools.pairwise(spans))]
        for start, end in pieces:
            windows.append((quotation, (start, end), Counter(terms(quotation.body[start:end]))))
    if not windows:
        return None
    df: Counter[str] = Counter(s for _, _, stems in windows for s in set(stems))

    def weight(s: str) -> float:
        return math.log((len(windows) + 1) / (df.get(s, 0) + 0.5))

    folded_message = " ".join(words(message))
    message_words = folded_message.split()
    best: Closest | None = None
    for quotation, (start, end), stems in windows:
        shared = set(said) & set(stems)
        exact = " ".join(words(quotation.body[start:end])) in folded_message or (
            len(folded_message.split()) >= MIN_EXACT_WORDS and folded_message in " ".join(words(quotation.body))
        )
        if not shared and not exact:
            continue
        precision = sum(weight(s) for s in shared) / sum(weight(s) for s in said)
        recall = sum(weight(s) for s in shared) / max(sum(weight(s) for s in stems), 1e-9)
        # F0.5: how much of the message the window holds counts twice as much as how much of the
        # window the message holds (a message often quotes part of a long sentence).
        score = 1.0 if exact else 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
        window_words = words(quotation.body[start:end])
        run = difflib.SequenceMatcher(None, message_words, window_words, autojunk=False).find_longest_match()
        if run.size >= MIN_RUN:
            score = max(score, CLOSE_ENOUGH + run.size / (len(window_words) + len(message_words)))
        if meaning is not None and shared - named and not exact:
            similar = meaning(quotation.body[start:end])
            if similar >= CLOSE_IN_MEANING:
                score = max(score, CLOSE_ENOUGH + (similar - CLOSE_IN_MEANING) + 0.01 * len(shared))
                shared = shared | {"(meaning)"}
        about_more_than_names = bool(shared - named)
        close = len(shared) >= MIN_SHARED and score >= CLOSE_ENOUGH and about_more_than_names
        if (exact or close) and (best is None or score > best.score):
            best = Closest(quotation.id, score, (start, end), exact)
    return best


def differences(message: str, article: str) -> list[Change]:
    """``message`` against ``article`` word by word (case, accents and apostrophes aside)."""
    import difflib  # on first use, as in closest_quote

    said = _TOKEN.findall(message[:MAX_MESSAGE])
    printed = _TOKEN.findall(article)
    matcher = difflib.SequenceMatcher(a=[fold(t) for t in said], b=[fold(t) for t in printed], autojunk=False)
    changes = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        kind = {"equal": "same", "delete": "message", "insert": "article", "replace": "changed"}[op]
        changes.append(Change(kind, " ".join(said[a1:a2]), " ".join(printed[b1:b2])))
    return changes
