"""What ``/quote search`` and ``/ask`` do with a member's text: shape it, search, and fall back
(prefixes, a corrected typo, fewer words) only when the exact search finds nothing, so a search
that hits costs one statement.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.search.query import QuestionTerms, Terms, question_terms, search_terms
from bot.search.typos import Vocabulary

if TYPE_CHECKING:
    from bot.db.search_repo import SearchHit, SearchRepo

SEARCH_LIMIT = 25  # results a search shows at most (pages of cards)
ASK_LIMIT = 6
# An answer to /ask must score at least this share of the best answer's bm25 (weaker ones are noise).
ASK_RELATIVE_CUTOFF = 0.4
# A question not covered by the article must not be "answered" through a bold correction: only
# longer words, one edit.
ASK_MAX_EDITS = 1
ASK_MIN_CORRECTED = 5


class Fallback:
    """How the results were found, when not by the words as typed."""

    PREFIX = "prefix"  # words that start with what was typed
    CORRECTED = "corrected"  # a typo corrected to a word the article uses
    SOME_WORDS = "some words"  # nothing has all the words; these have some


@dataclass(frozen=True, slots=True)
class Outcome:
    hits: list[SearchHit]
    words: tuple[str, ...]  # the words searched for (after any correction)
    ignored: tuple[str, ...] = ()  # common words left out
    truncated: bool = False
    fallback: str | None = None
    corrections: dict[str, str] = field(default_factory=dict)  # typed -> used
    suggestions: tuple[str, ...] = ()  # words to try, when nothing was found


class SearchEngine:
    """Holds the typo vocabulary (rebuilt when the index changes); everything else is per call."""

    def __init__(self, repo: SearchRepo) -> None:
        self.repo = repo
        self._vocabularies: dict[tuple[str, ...], tuple[int, Vocabulary]] = {}
        self._vocabulary_lock = asyncio.Lock()

    async def vocabulary(self, kinds: Sequence[str]) -> Vocabulary:
        key = tuple(sorted(kinds))
        async with self._vocabulary_lock:
            generation = await self.repo.index_generation()
            cached = self._vocabularies.get(key)
            if cached is not None and cached[0] == generation:
                return cached[1]
            texts = await self.repo.indexed_texts(key)
            vocabulary = await asyncio.to_thread(Vocabulary.from_texts, texts)
            self._vocabularies[key] = (generation, vocabulary)
            return vocabulary

    async def _corrected(
        self, words: Iterable[str], kinds: Sequence[str], *, max_edits: int | None = None
    ) -> dict[str, str]:
        vocabulary = await self.vocabulary(kinds)
        corrections = {}
        for word in words:
            better = vocabulary.correct(word, max_edits=max_edits)
            if better is not None:
                corrections[word] = better
        return corrections

    async def _suggest(self, kinds: Sequence[str]) -> tuple[str, ...]:
        return tuple((await self.vocabulary(kinds)).suggestions(3))

    # -- /quote search --------------------------------------------------------------------------
    async def search_quotes(self, text: str, guild_id: int, *, limit: int = SEARCH_LIMIT) -> Outcome:
        """Quotes holding every word (stop words aside), best first. Raises ``QueryRejected`` for
        text with no usable word and ``SearchTimeout`` for a search past its time budget."""
        terms = search_terms(text)
        kinds = ("quote",)
        hits = await self.repo.search(terms.all_of(), guild_id=guild_id, kinds=kinds, limit=limit)
        if hits:
            return self._outcome(hits, terms)
        if terms.all_of(prefix=True) != terms.all_of():
            hits = await self.repo.search(terms.all_of(prefix=True), guild_id=guild_id, kinds=kinds, limit=limit)
            if hits:
                return self._outcome(hits, terms, fallback=Fallback.PREFIX)
        corrections = await self._corrected(terms.words, kinds)
        if corrections:
            fixed = Terms(tuple(corrections.get(w, w) for w in terms.words), terms.ignored, terms.truncated)
            hits = await self.repo.search(fixed.all_of(prefix=True), guild_id=guild_id, kinds=kinds, limit=limit)
            if hits:
                return self._outcome(hits, fixed, fallback=Fallback.CORRECTED, corrections=corrections)
        if len(terms.words) > 1:
            hits = await self.repo.search(terms.any_of(), guild_id=guild_id, kinds=kinds, limit=limit)
            if hits:
                return self._outcome(hits, terms, fallback=Fallback.SOME_WORDS)
        return self._outcome([], terms, suggestions=await self._suggest(kinds))

    @staticmethod
    def _outcome(hits: list[SearchHit], terms: Terms, **extra) -> Outcome:
        return Outcome(hits, terms.words, terms.ignored, terms.truncated, **extra)

    # -- /ask -----------------------------------------------------------------------------------
    async def ask(
        self, question: str, guild_id: int, *, name_words: Iterable[str] = (), limit: int = ASK_LIMIT
    ) -> Outcome:
        """The facts, quotes and people that best answer ``question``, or no hits when the article
        does not cover it. Raises ``QueryRejected`` when the question has nothing to search for."""
        terms = question_terms(question, name_words)
        kinds = ("fact", "quote", "person")
        hits = await self.repo.search(terms.expression(), guild_id=guild_id, kinds=kinds, limit=limit)
        corrections: dict[str, str] = {}
        if not hits:
            long_words = [w for w in terms.topic if len(w) >= ASK_MIN_CORRECTED]
            corrections = await self._corrected(long_words, kinds, max_edits=ASK_MAX_EDITS)
            if corrections:
                terms = QuestionTerms(tuple(corrections.get(w, w) for w in terms.topic), terms.names, terms.truncated)
                hits = await self.repo.search(terms.expression(), guild_id=guild_id, kinds=kinds, limit=limit)
        words = terms.topic + terms.names
        if not hits:
            return Outcome([], words, truncated=terms.truncated, suggestions=await self._suggest(kinds))
        return Outcome(
            relevant(hits),
            words,
            truncated=terms.truncated,
            fallback=Fallback.CORRECTED if corrections else None,
            corrections=corrections,
        )


def relevant(hits: list[SearchHit], cutoff: float = ASK_RELATIVE_CUTOFF) -> list[SearchHit]:
    """Drop answers far weaker than the best (bm25 scores are negative: lower is better)."""
    best = hits[0].score
    if best >= 0:  # ordered by length (a too-broad question): no scores to compare
        return hits
    return [hit for hit in hits if hit.score <= best * cutoff]
