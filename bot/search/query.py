"""Turning what a member typed into FTS5 MATCH expressions that are safe and fast.

Safety: every word is a double-quoted FTS5 string (:func:`fts_phrase`), so ``NEAR``, ``AND``,
``*``, ``body:``, parentheses or a lone hyphen are only ever words (or nothing) to FTS5.

Speed: stop words are left out of the expression whenever the query has other words, because FTS5's
bm25 reads the whole posting list of every phrase in the expression; the repository also ranks only
a bounded window of matches (see ``bot.db.search_repo``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from bot.search.stopwords import STOP_WORDS
from bot.search.text import fts_phrase, words

MAX_QUERY_CHARS = 500  # longer input is cut here before anything else looks at it
MAX_WORDS = 12  # distinct words a search uses; more only slows FTS5 down without narrowing much
MAX_WORD_CHARS = 40  # no English word is longer; a longer "word" is cut (and will not match)
PREFIX_MIN_CHARS = 3  # shorter prefixes match too much of the vocabulary to be useful


class Rejection(enum.Enum):
    """Why a query cannot be searched at all."""

    NO_WORDS = "no words"  # punctuation, emoji, white space only
    TOO_SHORT = "too short"  # only one-character words


class QueryRejected(ValueError):
    def __init__(self, reason: Rejection) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Match:
    """What a search asks FTS5: ``expression`` decides which documents match; ``phrases`` are its
    words as FTS5 phrases, from which the repository ranks by the uncommon ones."""

    expression: str
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Terms:
    """The words a search uses."""

    words: tuple[str, ...]  # distinct, folded, in the order typed; what the expression requires
    ignored: tuple[str, ...]  # common words left out because the query has better ones
    truncated: bool  # the query had more than MAX_WORDS usable words

    def all_of(self, *, prefix: bool = False) -> Match:
        return Match(all_of(self.words, prefix=prefix), tuple(_phrases(self.words, prefix=prefix)))

    def any_of(self) -> Match:
        return Match(any_of(self.words), tuple(_phrases(self.words)))


def _distinct_words(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for word in words(text[:MAX_QUERY_CHARS]):
        seen.setdefault(word[:MAX_WORD_CHARS], None)
    return list(seen)


def _usable(text: str) -> list[str]:
    found = _distinct_words(text)
    if not found:
        raise QueryRejected(Rejection.NO_WORDS)
    usable = [w for w in found if len(w) > 1 or w.isdigit()]
    if not usable:
        raise QueryRejected(Rejection.TOO_SHORT)
    return usable


def search_terms(text: str) -> Terms:
    """The words to search for in ``text``; raises :class:`QueryRejected` when there are none.

    Stop words are kept only when the query has nothing else ("it's okay" still finds something)."""
    usable = _usable(text)
    content = [w for w in usable if w not in STOP_WORDS]
    chosen = content or usable
    ignored = tuple(w for w in usable if w not in chosen)
    return Terms(tuple(chosen[:MAX_WORDS]), ignored, len(chosen) > MAX_WORDS)


def _phrases(terms: Iterable[str], *, prefix: bool = False) -> list[str]:
    """Stop words are whole words already: as prefixes ("the"*) they would only cost."""
    return [fts_phrase(w, prefix=prefix and len(w) >= PREFIX_MIN_CHARS and w not in STOP_WORDS) for w in terms]


def all_of(terms: Iterable[str], *, prefix: bool = False) -> str:
    """``"a" AND "b"``; with ``prefix``, words long enough (not stop words) also match as prefixes
    (``"gree"*``)."""
    return " AND ".join(_phrases(terms, prefix=prefix))


def any_of(terms: Iterable[str]) -> str:
    return " OR ".join(_phrases(terms))
