"""What ``/quote search`` and ``/ask`` do with a member's text: shape it, search, and fall back
(prefixes, a corrected typo, fewer words) only when the exact search finds nothing, so a search
that hits costs one statement.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.db.search_repo import ITEM_KINDS, FactCard, IndexedDocument, PersonCard, QuoteCard, SearchHit
from bot.search.ask import (
    CANDIDATES,
    CLOSE_TO_BEST,
    SHOWN,
    Judged,
    Lexicon,
    Question,
    judge,
    meaningful_words,
    name_forms,
    naming,
    plain_text,
    read_question,
)
from bot.search.calibration import ANSWER_AT, Features, Verdict, probability, verdict
from bot.search.chat import FanWord
from bot.search.people import PeopleIndex
from bot.search.query import Match, Terms, search_terms
from bot.search.quote_check import Closest, Quotation, closest_quote
from bot.search.semantic import SemanticIndex, release_freed_memory, shared_model
from bot.search.typos import Vocabulary, english_words

if TYPE_CHECKING:
    from bot.db.search_repo import Card, SearchRepo

Highlighter = Callable[[Sequence["Card"]], Awaitable[list["Card"]]]

SEARCH_LIMIT = 25  # results a search shows at most (pages of cards)
SEMANTIC_CANDIDATES = 8  # documents the semantic index adds to the full-text index's candidates
TOPICS_SHOWN = 3  # titles named when the article does not cover a question
HIGHLIGHT_FIRST = 3  # results highlighted by the search itself: the first page (the rest when shown)
ASK_KINDS = ("fact", "quote", "person")
# An FTS5 column filter: /quote search finds a quote's own words and its speaker's names, never the
# fan questions (the `asks` column, /ask's), so every word searched is in what the card shows.
ARTICLE_COLUMNS = "{body names evidence}"


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
    note: str | None = None  # /ask: what the content says is not stated ("... doesn't say when ...")
    hedged: bool = False  # /ask: the hits are only the closest the article gets, not an answer


@dataclass(frozen=True, slots=True)
class Candidate:
    """One document /ask considered, and how likely it answers the question."""

    hit: SearchHit
    judged: Judged
    features: Features
    probability: float


def document_texts(document: IndexedDocument) -> list[str]:
    """What the semantic index embeds of a document: its title with its words, each of its
    sentences when it has several (a mean over a long passage blurs each of them), and each fan
    question."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", document.text) if len(s.split()) >= 3]
    return [f"{document.title}. {document.text}", *(sentences if len(sentences) > 1 else ()), *document.asks]


def card_title(card: Card) -> str:
    """What a card is about, in a few words (a person: their name)."""
    return card.name if isinstance(card, PersonCard) else card.title


def cited_span(card: Card) -> tuple[int, int] | None:
    """The article's words a quote or fact card shows (a fact: its evidence)."""
    if isinstance(card, QuoteCard):
        return card.start, card.end
    if isinstance(card, FactCard):
        return card.evidence_start, card.evidence_end
    return None


def without_repeats(hits: Sequence[SearchHit]) -> list[SearchHit]:
    """``hits`` less any quote or fact whose article words overlap a card of the other kind shown
    before it: the same passage is never shown twice, as a quote and as a fact."""
    kept: list[SearchHit] = []
    for hit in hits:
        span = cited_span(hit.card)
        clash = span is not None and any(
            (other := cited_span(k.card)) is not None
            and type(k.card) is not type(hit.card)
            and other[0] < span[1]
            and span[0] < other[1]
            for k in kept
        )
        if not clash:
            kept.append(hit)
    return kept


class SearchEngine:
    """Holds the typo vocabulary (rebuilt when the index changes); everything else is per call."""

    def __init__(self, repo: SearchRepo) -> None:
        self.repo = repo
        self._vocabularies: dict[tuple[str, ...], tuple[int, Vocabulary]] = {}
        self._vocabulary_lock = asyncio.Lock()
        self._lexicon: tuple[int, Lexicon, str | None] | None = None
        self._semantic_lock = asyncio.Lock()
        self._semantic: tuple[int, SemanticIndex] | None = None
        self._titles: dict[int, tuple[str, str]] = {}  # doc id -> (kind, title)
        self._window_vectors: dict[str, object] = {}  # "Is this a real quote?": a window's meaning

    async def vocabulary(self, kinds: Sequence[str], *, generation: int | None = None) -> Vocabulary:
        """The vocabulary of ``kinds``; ``generation``: the index's, if the caller has just read it."""
        key = tuple(sorted(kinds))
        async with self._vocabulary_lock:
            if generation is None:
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

    async def _suggest(self, kinds: Sequence[str], *, generation: int | None = None) -> tuple[str, ...]:
        return tuple((await self.vocabulary(kinds, generation=generation)).suggestions(3))

    # -- /quote search --------------------------------------------------------------------------
    async def search_quotes(self, text: str, guild_id: int, *, limit: int = SEARCH_LIMIT) -> Outcome:
        """Quotes holding every word (stop words aside), best first. Raises ``QueryRejected`` for
        text with no usable word and ``SearchTimeout`` for a search past its time budget."""
        terms = search_terms(text)
        kinds = ("quote",)

        async def search(match: Match) -> list[SearchHit]:
            return await self.repo.search(
                f"{ARTICLE_COLUMNS} : ({match.expression})",
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
    async def _ask_state(self) -> tuple[int, Lexicon, str | None]:
        """The index's generation, the lexicon (rebuilt when the index, the synonyms or the fan
        words change) and when the episode aired."""
        async with self._vocabulary_lock:
            generation = await self.repo.index_generation()
            if self._lexicon is not None and self._lexicon[0] == generation:
                return self._lexicon
            texts = await self.repo.indexed_texts(ITEM_KINDS)
            synonyms = await self.repo.synonyms()
            fan_words = [FanWord(tuple(says), means) for says, means in await self.repo.fan_words()]
            aired = await self.repo.aired()

            def build() -> Lexicon:
                return Lexicon(texts, synonyms, english=english_words(), fan_words=fan_words)

            lexicon = await asyncio.to_thread(build)
            self._lexicon = (generation, lexicon, aired)
            return self._lexicon

    async def semantic_index(self, generation: int | None = None) -> SemanticIndex:
        """Every document's meaning (rebuilt when the index changes). The first call loads the
        embedding model (a fraction of a second, in a thread: the event loop never waits on it)."""
        async with self._semantic_lock:
            if generation is None:
                generation = await self.repo.index_generation()
            if self._semantic is not None and self._semantic[0] == generation:
                return self._semantic[1]
            documents = await self.repo.documents()

            def build() -> SemanticIndex:
                model = shared_model()
                texts = [(d.doc_id, [meaningful_words(t) for t in document_texts(d)]) for d in documents]
                index = SemanticIndex(model, texts)
                release_freed_memory()  # what loading the tokenizer and the word list parsed
                return index

            index = await asyncio.to_thread(build)
            self._titles = {d.doc_id: (d.kind, d.title) for d in documents if d.title}
            self._semantic = (generation, index)
            return index

    async def ask(
        self,
        question: str,
        guild_id: int,
        *,
        people: PeopleIndex,
        kinds: Sequence[str] = ASK_KINDS,
        limit: int = SHOWN,
    ) -> Outcome:
        """The facts, quotes and people that answer ``question`` (of ``kinds``: what the server
        shows), best first; or, ``hedged``, the one closest to it when none answers; or no hits (with
        a note when the content says what is not stated, and topics it does cover). Raises
        ``QueryRejected`` when the question has nothing to look for.

        One pipeline: the question in plain words (chat language, typos), candidates from the
        full-text index (BM25 over its concepts) and from the semantic index (the nearest meanings),
        each scored by the calibrated probability that it answers (bot.search.calibration)."""
        generation, lexicon, aired = await self._ask_state()
        q = read_question(question, lexicon, people)
        labels = tuple(c.label for c in q.concepts)

        async def not_covered(note: str | None = None, near: Sequence[SearchHit] = ()) -> Outcome:
            return Outcome(
                [],
                labels,
                truncated=q.truncated,
                corrections=q.corrections,
                suggestions=await self._topics(near, kinds, generation),
                note=note,
            )

        def found(hits: list[SearchHit], phrases: tuple[str, ...] = (), *, hedged: bool = False) -> Outcome:
            return Outcome(
                hits[:limit],
                labels,
                phrases,
                truncated=q.truncated,
                fallback=Fallback.CORRECTED if q.corrections else None,
                corrections=q.corrections,
                hedged=hedged,
            )

        if q.about_episode_airing() and aired is None:
            return await not_covered("The article doesn't say when the episode aired.")
        if q.asks_who_plays():
            return await self._who_plays(q, guild_id, people, not_covered, found)
        if "say" in q.cues and q.speakers and "quote" in kinds:
            quoted = [p for p in q.speakers if await self.repo.quotes_by(guild_id, p, limit=1)]  # one indexed row each
            if not quoted:  # "did Alexis say anything?"
                names = " or ".join(people.display(p) for p in q.speakers)
                return await not_covered(f"The article quotes nothing {names} said.")
        if not q.concepts and ("say" in q.cues or "who" in q.cues or not q.asks_more_than_names):
            # Only names: what they said ("what did Milo say?"), or who they are ("who is Milo?", "Milo").
            if "say" in q.cues and "quote" in kinds:
                return await self._what_they_said(q, guild_id, people, not_covered, found, limit)
            return found(await self._people_hits(guild_id, list(q.people)))
        scored, match = await self._candidates(q, lexicon, guild_id, kinds, generation)
        if not scored:
            return await not_covered()
        best = scored[0].probability
        decided = verdict(best)
        if decided == Verdict.NOT_COVERED:
            return await not_covered(near=[c.hit for c in scored])
        if decided == Verdict.CLOSEST:
            return found([scored[0].hit], match.phrases, hedged=True)
        shown = [c.hit for c in scored if c.probability >= max(ANSWER_AT, best - CLOSE_TO_BEST)]
        return found(without_repeats(shown), match.phrases)

    async def _candidates(
        self, q: Question, lexicon: Lexicon, guild_id: int, kinds: Sequence[str], generation: int
    ) -> tuple[list[Candidate], Match]:
        """Every candidate of both retrievers, scored and ranked, best first."""
        match = q.match()
        hits = []
        if match.expression:  # no concept (names and a few words): meaning alone finds candidates
            hits = await self.repo.search(
                match.expression,
                phrases=match.phrases,
                guild_id=guild_id,
                kinds=kinds,
                limit=CANDIDATES,
                highlighted=0,
                texts=True,
            )
        index = await self.semantic_index(generation)
        scores = index.scores(index.embed(q.meaning))
        have = {hit.doc_id for hit in hits}
        nearest = [n.doc_id for n in scores.nearest(SEMANTIC_CANDIDATES) if n.doc_id not in have]
        hits += await self.repo.hits_for_docs(nearest, guild_id=guild_id, kinds=kinds)
        judged = [judge(q, lexicon, hit.text, hit.asks, hit.names) for hit in hits]
        coverages = [j.confidence for j in judged]
        most = max(coverages, default=0.0)
        alone = most > 0 and coverages.count(most) == 1  # one candidate covers more than every other
        scored = []
        for hit, judgement in zip(hits, judged, strict=True):
            is_person = isinstance(hit.card, PersonCard)
            features = Features(
                semantic=scores.of(hit.doc_id),
                coverage=judgement.confidence,
                asked=judgement.asked,
                unknown=q.unknown_share,
                misses_person=float(bool(q.people) and judgement.people_named == 0),
                not_a_who=float("who" in q.cues and "say" not in q.cues and not (is_person or judgement.names_someone)),
                person_unasked=float(is_person and "who" not in q.cues),
                covers_most=float(alone and judgement.confidence == most),
            )
            scored.append(Candidate(hit, judgement, features, probability(features)))

        def rank(candidate: Candidate) -> tuple:
            judged, hit = candidate.judged, candidate.hit
            # A person's card answers "who ...?"; other questions want what was said or stated.
            person_last = isinstance(hit.card, PersonCard) and "who" not in q.cues
            # "What did Milo say ...?" wants his words; "who ...?" the answer naming the most people.
            quote_first = "say" in q.cues and not isinstance(hit.card, QuoteCard)
            names = -judged.names_someone if "who" in q.cues else 0
            return (
                -round(candidate.probability, 4),
                person_last,
                quote_first,
                -round(judged.asked, 6),
                names,
                -judged.people_named,
                hit.score,
            )

        scored.sort(key=rank)
        return scored, match

    # -- "Is this a real quote?" ---------------------------------------------------------------
    async def quote_check(
        self, message: str, quotations: Sequence[Quotation], *, people: PeopleIndex, names: frozenset[str]
    ) -> Closest | None:
        """The quotation closest to ``message`` by /ask's retrieval (its reading of chat and typos,
        its synonyms, its embedding model), or None when nothing the article quotes is close."""
        generation, lexicon, _ = await self._ask_state()
        index = await self.semantic_index(generation)
        plain = plain_text(message, lexicon, people)
        vector = index.embed(meaningful_words(plain))

        def meaning(window: str) -> float:
            cached = self._window_vectors.get(window)
            if cached is None:
                if len(self._window_vectors) > 4096:
                    self._window_vectors.clear()
                cached = self._window_vectors[window] = index.embed(meaningful_words(window))
            return float(cached @ vector)

        mentions = frozenset(people.word_owners())
        return closest_quote(plain, quotations, names=names, terms=lexicon.terms, meaning=meaning, mentions=mentions)

    async def _topics(self, near: Sequence[SearchHit], kinds: Sequence[str], generation: int) -> tuple[str, ...]:
        """A few things the article does talk about, by their titles: the cards nearest the question,
        else any (never a stray word of the article)."""
        titles = [title for hit in near if (title := card_title(hit.card))]
        if len(set(titles)) < TOPICS_SHOWN:
            await self.semantic_index(generation)
            shown_kinds = set(kinds)
            others = [t for kind, t in self._titles.values() if kind in shown_kinds and kind != "person"]
            titles += random.sample(others, min(len(others), TOPICS_SHOWN * 2))
        return tuple(list(dict.fromkeys(titles))[:TOPICS_SHOWN])

    async def _people_hits(self, guild_id: int, person_ids: list[str]) -> list[SearchHit]:
        return [SearchHit(card, 0.0, -1) for card in await self.repo.people_cards(guild_id, person_ids)]

    async def _who_plays(self, q: Question, guild_id: int, people: PeopleIndex, not_covered, found) -> Outcome:
        """ "Who plays Rory?", "what character did Milo play?", "who plays Lorelai?"."""
        if q.characters:
            return found(await self._people_hits(guild_id, list(q.characters)))
        if q.people:
            known = [p for p in q.people if (person := people.get(p)) is not None and person.plays]
            if known:
                return found(await self._people_hits(guild_id, known))
            names = " or ".join(people.display(p) for p in q.people)
            return await not_covered(f"The article doesn't say whom {names} plays.")
        return await not_covered(f"The article doesn't say who plays {q.concepts[0].label.title()}.")

    async def _what_they_said(
        self, q: Question, guild_id: int, people: PeopleIndex, not_covered, found, limit: int
    ) -> Outcome:
        """ "What did Milo say about Dan and Amy?": the speaker's quotes, those naming the others first.
        Read are each speaker's first ``limit`` quotes and the first :data:`CANDIDATES` of theirs the
        index finds naming the others (all of them in a real article), never every quote."""
        speakers = list(q.speakers) or list(q.people)
        others = [words for p, words in q.people.items() if p not in speakers]
        naming_others = naming(others)
        found_quotes: dict[str, QuoteCard] = {}
        for speaker in speakers:
            cards = await self.repo.quotes_by(guild_id, speaker, limit=limit)
            if naming_others is not None:
                cards += await self.repo.quotes_matching(guild_id, speaker, naming_others, limit=CANDIDATES)
            for card in cards:
                found_quotes.setdefault(card.id, card)
        quotes = list(found_quotes.values())
        if not quotes:
            names = " or ".join(people.display(p) for p in speakers)
            return await not_covered(f"The article quotes nothing {names} said.")

        def mentions(card) -> int:
            folded = name_forms(card.body)
            return sum(1 for names in others if names & folded)

        ranked = sorted(quotes, key=lambda card: (-mentions(card), card.start, card.id))
        if others and mentions(ranked[0]) == 0:
            return await not_covered()
        return found([SearchHit(card, 0.0, -1) for card in ranked])
