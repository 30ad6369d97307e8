"""What ``/quote search`` and ``/ask`` do with a member's text: shape it, search, and fall back
(prefixes, a corrected typo, fewer words) only when the exact search finds nothing, so a search
that hits costs one statement.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.db.search_repo import PersonCard
from bot.search.query import Match, Terms, question_terms, search_terms
from bot.search.typos import Vocabulary

if TYPE_CHECKING:
    from bot.db.search_repo import Card, SearchHit, SearchRepo

Highlighter = Callable[[Sequence["Card"]], Awaitable[list["Card"]]]

SEARCH_LIMIT = 25  # results a search shows at most (pages of cards)
HIGHLIGHT_FIRST = 3  # results highlighted by the search itself: the first page (the rest when shown)
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
    phrases: tuple[str, ...] = ()  # the FTS5 phrases that found the hits (to highlight more of them)
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

        async def search(match: Match) -> list[SearchHit]:
            return await self.repo.search(
                match.expression,
                phrases=match.phrases,
                guild_id=guild_id,
                kinds=kinds,
                limit=limit,
                highlighted=HIGHLIGHT_FIRST,
            )

        match = terms.all_of()
        hits = await search(match)
        if hits:
            return self._outcome(hits, terms, match)
        if terms.all_of(prefix=True) != match:
            match = terms.all_of(prefix=True)
            hits = await search(match)
            if hits:
                return self._outcome(hits, terms, match, fallback=Fallback.PREFIX)
        corrections = await self._corrected(terms.words, kinds)
        if corrections:
            fixed = Terms(tuple(corrections.get(w, w) for w in terms.words), terms.ignored, terms.truncated)
            match = fixed.all_of(prefix=True)
            hits = await search(match)
            if hits:
                return self._outcome(hits, fixed, match, fallback=Fallback.CORRECTED, corrections=corrections)
        if len(terms.words) > 1:
            match = terms.any_of()
            hits = await search(match)
            if hits:
                return self._outcome(hits, terms, match, fallback=Fallback.SOME_WORDS)
        return self._outcome([], terms, match, suggestions=await self._suggest(kinds))

    @staticmethod
    def _outcome(hits: list[SearchHit], terms: Terms, match: Match, **extra) -> Outcome:
        return Outcome(hits, terms.words, match.phrases, terms.ignored, terms.truncated, **extra)

    def highlighter(self, outcome: Outcome) -> Highlighter:
        """Fills in the matched words of results the search left unmarked (past its first few),
        when a page of them is about to be shown: one small query per page."""
        doc_ids = {(type(hit.card), hit.card.id): hit.doc_id for hit in outcome.hits}

        async def complete(cards: Sequence[Card]) -> list[Card]:
            missing = [doc_ids[(type(c), c.id)] for c in cards if c.marked is None and (type(c), c.id) in doc_ids]
            if not missing:
                return list(cards)
            marks = await self.repo.highlights(outcome.phrases, missing)
            return [
                dataclasses.replace(c, marked=marks.get(doc_ids.get((type(c), c.id), -1))) if c.marked is None else c
                for c in cards
            ]

        return complete

    # -- /ask -----------------------------------------------------------------------------------
    async def ask(
        self, question: str, guild_id: int, *, name_words: Iterable[str] = (), limit: int = ASK_LIMIT
    ) -> Outcome:
        """The facts, quotes and people that best answer ``question``, or no hits when the article
        does not cover it. Raises ``QueryRejected`` when the question has nothing to search for."""
        terms = question_terms(question, name_words)
        kinds = ("fact", "quote", "person")

        async def search(match: Match) -> list[SearchHit]:
            return await self.repo.search(
                match.expression, phrases=match.phrases, guild_id=guild_id, kinds=kinds, limit=limit, highlighted=limit
            )

        hits = await search(terms.match())
        corrections: dict[str, str] = {}
        if not hits:
            long_words = [w for w in terms.topic if len(w) >= ASK_MIN_CORRECTED]
            corrections = await self._corrected(long_words, kinds, max_edits=ASK_MAX_EDITS)
            if corrections:
                terms = dataclasses.replace(terms, topic=tuple(corrections.get(w, w) for w in terms.topic))
                hits = await search(terms.match())
        words = terms.topic + terms.names
        if not hits:
            return Outcome([], words, truncated=terms.truncated, suggestions=await self._suggest(kinds))
        hits = relevant(hits)
        if terms.about_people:  # "who is ...?": the person's own card first
            hits.sort(key=lambda hit: not isinstance(hit.card, PersonCard))
        return Outcome(
            hits,
            words,
            terms.match().phrases,
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
