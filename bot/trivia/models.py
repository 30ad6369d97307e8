"""Plain data shared by the trivia core, its repository and the cog (no discord, no SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.trivia.text import Reveal, citation, reveal_of

# Kinds of answer that may also be typed (a name, a character, the missing words of a quote).
TYPEABLE_KINDS = frozenset({"name", "character", "quote"})


# ---------------------------------------------------------------- content the bank is generated from


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    plays: str | None = None
    evidence: tuple[int, int] | None = None
    plays_accepted: tuple[str, ...] = ()  # fan forms of the character's name ("Jess Mariano")
    role: str | None = None  # 'cast' or 'writer' (bot.content.model.PERSON_ROLES); None: not given


@dataclass(frozen=True, slots=True)
class QuoteRow:
    id: str
    body: str
    speaker_id: str
    occasion_id: str
    kind: str = "own"  # 'own' | 'voiced'
    passage_id: str = ""
    part: int = 1
    parent_id: str | None = None
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class FactRow:
    id: str
    body: str
    sentence: tuple[int, int]
    evidence: tuple[int, int]
    question: str | None = None
    answer: str | None = None
    answer_kind: str | None = None
    wrong: tuple[str, ...] = ()  # the content file's own wrong choices for the question
    accepted: tuple[str, ...] = ()  # other typed forms of the answer


@dataclass(frozen=True, slots=True)
class OccasionRow:
    id: str
    label: str
    is_episode: bool = False


@dataclass(frozen=True, slots=True)
class CuratedRow:
    """A question the content file gives whole: the generator adds nothing that repeats it."""

    key: str
    answer: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BankSource:
    people: tuple[PersonRow, ...] = ()
    quotes: tuple[QuoteRow, ...] = ()
    facts: tuple[FactRow, ...] = ()
    occasions: tuple[OccasionRow, ...] = ()
    curated: tuple[CuratedRow, ...] = ()
    article: str = ""  # the article's text, which the rows' offsets index


@dataclass(frozen=True, slots=True)
class QuestionDraft:
    """A generated question, stored under its stable ``key``."""

    key: str
    category: str  # 'quotes' | 'people' | 'facts' | 'occasions'
    form: str  # 'choice' | 'true_false' | 'typed'
    prompt: str
    answer: str
    wrong: tuple[str, ...]
    accepted: tuple[str, ...] = ()
    explanation: str | None = None
    quote_id: str | None = None
    fact_id: str | None = None
    evidence: tuple[int, int] | None = None
    answer_kind: str | None = None
    topics: tuple[str, ...] = ()  # see bot/trivia/topics.py
    citation: str | None = None  # the evidence as the reveal shows it (bot/trivia/text.py's citation)
    credit: str | None = None  # who says the cited words (bot/trivia/text.py's credit_for)


# ---------------------------------------------------------------- a question as asked


@dataclass(frozen=True, slots=True)
class Question:
    """One row of the bank, with what a reveal shows about where its answer comes from."""

    id: int
    key: str
    category: str
    form: str
    prompt: str
    answer: str
    wrong: tuple[str, ...]
    accepted: tuple[str, ...] = ()
    explanation: str | None = None
    answer_kind: str | None = None
    guild_id: int | None = None
    evidence: str | None = None  # the article's words the answer rests on
    citation: str | None = None  # those words as the reveal shows them
    credit: str | None = None  # who says them: a speaker and occasion, or the article's narration
    headline: str | None = None  # the article's headline
    topics: tuple[str, ...] = ()
    suggested_by: int | None = None  # the member whose approved suggestion it is

    @property
    def is_community(self) -> bool:
        return self.guild_id is not None

    @property
    def typeable(self) -> bool:
        """May be answered by typing (in addition to buttons, or only so for 'typed' questions)."""
        return self.form == "typed" or (self.form == "choice" and self.answer_kind in TYPEABLE_KINDS)

    @property
    def accepted_answers(self) -> tuple[str, ...]:
        return (self.answer, *self.accepted)

    @property
    def choices(self) -> tuple[str, ...]:
        """The buttons it offers, the answer first: none when it can only be typed."""
        return () if self.form == "typed" else (self.answer, *self.wrong)

    @property
    def reveal(self) -> Reveal:
        cited = self.citation or (citation(self.evidence) if self.evidence and self.evidence.strip() else None)
        return reveal_of(self.explanation, cited, self.credit)


@dataclass(frozen=True, slots=True)
class BankEntry:
    """The little the picker needs about a question."""

    id: int
    key: str
    category: str
    form: str
    topics: tuple[str, ...] = ()
    last_asked: float | None = None  # when this server was last asked it (unix seconds); None: never


@dataclass(slots=True)
class Standing:
    user_id: int
    name: str | None
    points: int
    correct: int = 0
    answered: int = 0
    rank: int = 0


@dataclass(frozen=True, slots=True)
class RoundAnswer:
    user_id: int
    name: str | None
    correct: bool
    points: int
    elapsed_ms: int
    speed_bonus: int = 0  # what the points are made of (bot/trivia/scoring.py)
    streak_bonus: int = 0
    hint_cost: int = 0


@dataclass(frozen=True, slots=True)
class MemberStats:
    user_id: int
    season: int
    points: int = 0
    answered: int = 0
    correct: int = 0
    streak: int = 0
    best_streak: int = 0
    fastest_ms: int | None = None
    rank: int | None = None

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class LeaderboardPage:
    entries: list[Standing] = field(default_factory=list)
    total: int = 0
    page: int = 0
    pages: int = 1
    caller: Standing | None = None
