"""The checked content, ready to store: every span is ``(start, end)`` into the verbatim article."""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]

QUOTE_KINDS = ("own", "voiced")
PERSON_ROLES = ("cast", "writer")  # in the show: acts in it, or writes it
ANSWER_KINDS = ("year", "number", "name", "title", "place", "character")
QUESTION_CATEGORIES = ("quotes", "people", "facts", "occasions")
QUESTION_FORMS = ("choice", "true_false", "typed")
CURATED_PREFIX = "curated:"


@dataclass(frozen=True, slots=True)
class EpisodeEntry:
    podcast: str
    host_id: str
    guest_id: str
    topic: str
    aired: str | None  # None: not stated in the source
    source_note: str


@dataclass(frozen=True, slots=True)
class OccasionEntry:
    id: str
    label: str
    is_episode: bool
    evidence: Span


@dataclass(frozen=True, slots=True)
class PersonEntry:
    id: str
    name: str
    aliases: tuple[str, ...]
    description: str
    plays: str | None  # None: the article does not say
    evidence: Span
    plays_accepted: tuple[str, ...] = ()  # fan forms of the character's name, accepted when typed
    role: str | None = None  # one of PERSON_ROLES; None: not given
    asks: tuple[str, ...] = ()  # fan questions this person's card answers (see bot/content/asks.py)


@dataclass(frozen=True, slots=True)
class QuoteEntry:
    id: str
    body: str  # the article's own characters between the marks
    speaker_id: str
    occasion_id: str
    kind: str
    passage_id: str  # the id of the passage's first part
    part: int
    parent_id: str | None  # the quote this one is nested in
    repeat_of: str | None  # the quote whose words this one repeats (the headline deck)
    span: Span
    asks: tuple[str, ...] = ()  # fan questions this quote answers
    title: str = ""  # a short name of what it is about ("A last serving of pie"): /ask names topics by it


@dataclass(frozen=True, slots=True)
class FactEntry:
    id: str
    body: str  # our wording
    sentence: Span
    evidence: Span
    about: tuple[str, ...]
    question: str | None
    answer: str | None
    answer_kind: str | None
    wrong: tuple[str, ...] = ()  # the trivia question's own wrong choices (else picked by kind)
    accepted: tuple[str, ...] = ()  # other typed forms of the answer, never shown
    asks: tuple[str, ...] = ()  # fan questions this fact answers
    title: str = ""  # a short name of what it is about (see QuoteEntry.title)
    # Whose words its evidence is, derived from the article: a quotation's speaker and occasion when
    # the evidence lies inside one; both None for the article's own narration.
    speaker_id: str | None = None
    occasion_id: str | None = None


@dataclass(frozen=True, slots=True)
class QuestionEntry:
    id: str  # stored under the key "curated:<id>"
    category: str
    form: str
    prompt: str
    answer: str
    wrong: tuple[str, ...]
    accepted: tuple[str, ...]
    explanation: str | None
    quote_id: str | None
    fact_id: str | None
    evidence: Span
    answer_kind: str | None = None  # 'quote' for a blank in a quote: it may also be typed
    topics: tuple[str, ...] = ()  # see bot/trivia/topics.py
    citation: str | None = None  # the evidence as the reveal shows it (bot/trivia/text.py)
    credit: str | None = None  # who says the cited words: a speaker and occasion, or the narration

    @property
    def key(self) -> str:
        return CURATED_PREFIX + self.id


@dataclass(frozen=True, slots=True)
class Erratum:
    """A misprint in the article ("A Year in the Lifeand"): cited words must not include it."""

    text: str
    reads: str  # what it means
    span: Span


@dataclass(frozen=True, slots=True)
class Content:
    article: str
    headline: str
    episode: EpisodeEntry
    occasions: tuple[OccasionEntry, ...]
    people: tuple[PersonEntry, ...]
    quotes: tuple[QuoteEntry, ...]
    facts: tuple[FactEntry, ...]
    questions: tuple[QuestionEntry, ...]
    errata: tuple[Erratum, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = ()  # groups of words /ask treats as one
    fan_words: tuple[tuple[tuple[str, ...], str], ...] = ()  # (what fans say, the article's words for it)
    sic: tuple[str, ...] = ()  # the article's ungrammatical phrases, shown with "[sic]"

    def counts(self) -> dict[str, int]:
        return {
            "people": len(self.people),
            "occasions": len(self.occasions),
            "quotes": len(self.quotes),
            "facts": len(self.facts),
            "questions": len(self.questions),
        }
