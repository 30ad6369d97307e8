"""The generated part of the question bank, made from the loaded content: new content needs no new code.

Every question is correct by construction: its answer is read off the content row it is about (the
person's character, the fact's answer) and its evidence is that row's words in the article. Wrong
choices are the content file's own where it gives them (a fact's ``wrong``), else of the answer's
kind (names for names, characters for characters, years near the year), and never another form of
the right answer (an alias). Facts are asked only where the content file gives a question and
answer, so opinions are never turned into facts.

What the generator no longer asks, and why: "who said this?" (the article has one speaker, so its
answer was always the same), "where was this said?" (eleven of twelve answers were the podcast; the
2017 interview is asked by curated questions instead) and "finish the quote" by its last words (the
blank fell on words such as "from it", with wrong endings of another shape; the content file now
picks the word to blank and its wrong choices).

A generated question that would repeat another (a topic and an answer in common with a curated
question or an earlier generated one) is not made: the content file's own questions come first.
Choices are picked with a random generator seeded by the question's key, so regenerating from
unchanged content gives the same bank.

A generated multiple-choice question offers three plausible wrong choices; with fewer it is typed
rather than a near coin toss (a hint, bot/trivia/hints.py, leaves two choices of four). "Who plays
Rory?" offers only people who could: cast members the article gives no other character (not Milo,
who plays Jess, nor a writer), so on this article those questions are typed.

Each question's reveal cites its evidence and credits whoever says those words (bot/trivia/text.py's
credit_for): a fact's evidence is usually the article's narration, never Milo's. It does not also
restate the fact in our words: the citation says it.

The newer forms ("Real or fake?", "Podcast or the 2017 interview?", "Milo or the article?") are built
from the content file's ``[[questions]]`` declarations by bot/trivia/forms.py, as the content is
loaded.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from bot.trivia.matching import normalize
from bot.trivia.models import BankSource, FactRow, PersonRow, QuestionDraft
from bot.trivia.text import Voice, citation, credit_for, speaker_credit
from bot.trivia.topics import TopicIndex

GENERATOR_VERSION = 3  # 3: three distractors or typed, citations and credits stored, no restated facts
GENERATED_FAMILIES = ("fact", "played-by", "plays")
# Families earlier versions made: their questions are retired when the bank is regenerated.
RETIRED_FAMILIES = ("who-said", "occasion", "finish")

CHOICES = 4  # the right answer and up to three distractors
MIN_DISTRACTORS = 3  # fewer than this and a question is typed-only


class _Identities:
    """Who is who by any of their names, so that an alias is never offered as a wrong answer."""

    def __init__(self, people: Sequence[PersonRow]) -> None:
        self._by_name: dict[str, set[str]] = {}
        self._names: dict[str, set[str]] = {}
        for person in people:
            names = {normalize(n) for n in (person.name, *person.aliases)} - {""}
            self._names[person.id] = names
            for name in names:
                self._by_name.setdefault(name, set()).add(person.id)

    def people_named(self, name: str) -> set[str]:
        return self._by_name.get(normalize(name), set())

    def _all_names(self, name: str) -> set[str]:
        return {normalize(name)}.union(*(self._names[p] for p in self.people_named(name)))

    def same(self, a: str, b: str) -> bool:
        """Whether two names may name one person: the same text, or rows sharing a name or alias."""
        return bool(self._all_names(a) & self._all_names(b))


def _pick_distractors(
    answer: str,
    candidates: Iterable[str],
    rng: random.Random,
    *,
    also_right: Iterable[str] = (),
    identities: _Identities | None = None,
) -> list[str]:
    """Up to three distinct candidates that are not the answer in any form."""
    forbidden = {normalize(answer), *(normalize(a) for a in also_right)}
    seen: set[str] = set()
    pool: list[str] = []
    for candidate in candidates:
        key = normalize(candidate)
        if not key or key in forbidden or key in seen:
            continue
        if identities is not None and identities.same(candidate, answer):
            continue
        seen.add(key)
        pool.append(candidate)
    pool.sort()
    rng.shuffle(pool)
    return pool[: CHOICES - 1]


def _draft(key: str, category: str, wrong: Sequence[str], **fields) -> QuestionDraft:
    """A multiple-choice question, or a typed-only one when too few distractors of the kind exist."""
    if len(wrong) >= MIN_DISTRACTORS:
        return QuestionDraft(key=key, category=category, form="choice", wrong=tuple(wrong), **fields)
    return QuestionDraft(key=key, category=category, form="typed", wrong=(), **fields)


def _unique(values: Iterable[str], *, besides: str) -> tuple[str, ...]:
    """Distinct values (by their normalised form), none of them ``besides``."""
    seen = {normalize(besides)}
    out = []
    for value in values:
        if normalize(value) not in seen:
            seen.add(normalize(value))
            out.append(value)
    return tuple(out)


class _Generator:
    def __init__(self, source: BankSource) -> None:
        self.source = source
        self.people = {p.id: p for p in source.people}
        self.identities = _Identities(source.people)
        self.index = TopicIndex(
            quotes=((q.id, (q.start, q.end)) for q in source.quotes),
            facts=((f.id, f.evidence) for f in source.facts),
            people=((p.id, p.evidence) for p in source.people),
        )
        self.character_forms = {
            normalize(p.plays): (p.plays, *p.plays_accepted) for p in source.people if p.plays
        }  # "jess" -> ("Jess", "Jess Mariano")
        occasions = {o.id: o.label for o in source.occasions}
        self.voices = [
            Voice(q.start, q.end, speaker_credit(self.people[q.speaker_id].name, occasions[q.occasion_id]))
            for q in source.quotes
            if q.speaker_id in self.people and q.occasion_id in occasions
        ]

    def cited(self, evidence: tuple[int, int] | None) -> dict[str, str | None]:
        """The reveal's citation of ``evidence`` and who says those words."""
        if evidence is None or not self.source.article:
            return {"citation": None, "credit": None}
        start, end = evidence
        return {"citation": citation(self.source.article[start:end]), "credit": credit_for(evidence, self.voices)}

    def all(self) -> list[QuestionDraft]:
        drafts: list[QuestionDraft | None] = [self.fact(f) for f in sorted(self.source.facts, key=lambda f: f.id)]
        for person in sorted(self.source.people, key=lambda p: p.id):
            drafts += [self.played_by(person), self.plays(person)]
        return self._without_repeats(d for d in drafts if d is not None)

    def _without_repeats(self, drafts: Iterable[QuestionDraft]) -> list[QuestionDraft]:
        """Drafts in order, leaving out any with a topic and an answer of a question already kept."""
        taken = {(topic, normalize(c.answer)) for c in self.source.curated for topic in c.topics}
        kept = []
        for draft in drafts:
            pairs = {(topic, normalize(draft.answer)) for topic in draft.topics}
            if not pairs & taken:
                kept.append(draft)
                taken |= pairs
        return kept

    # -- people --------------------------------------------------------------------------------

    def plays(self, person: PersonRow) -> QuestionDraft | None:
        """Whom does this person play? Typed: the fans' full names of the character count too."""
        if not person.plays:
            return None
        return QuestionDraft(
            key=f"plays:{person.id}",
            category="people",
            form="typed",
            prompt=f"Whom does {person.name} play on Gilmore Girls?",
            answer=person.plays,
            wrong=(),
            accepted=_unique(person.plays_accepted, besides=person.plays),
            evidence=person.evidence,
            answer_kind="character",
            topics=self.index.topics(person.evidence, people=(person.id,)),
            **self.cited(person.evidence),
        )

    def played_by(self, person: PersonRow) -> QuestionDraft | None:
        """Who plays this character? Any of the person's names counts; none is a wrong choice. Wrong
        choices are people who could play them: cast members the article gives no other character."""
        if not person.plays:
            return None
        key = f"played-by:{person.id}"
        others = [p.name for p in self.source.people if p.id != person.id and p.role == "cast" and not p.plays]
        wrong = _pick_distractors(
            person.name, others, random.Random(key), also_right=person.aliases, identities=self.identities
        )
        return _draft(
            key,
            "people",
            wrong,
            prompt=f"Who plays {person.plays} on Gilmore Girls?",
            answer=person.name,
            accepted=person.aliases,
            evidence=person.evidence,
            answer_kind="name",
            topics=self.index.topics(person.evidence, people=(person.id,)),
            **self.cited(person.evidence),
        )

    # -- facts ---------------------------------------------------------------------------------

    def fact(self, fact: FactRow) -> QuestionDraft | None:
        if not (fact.question and fact.answer):
            return None
        key = f"fact:{fact.id}"
        rng = random.Random(key)
        kind = fact.answer_kind
        accepted: tuple[str, ...] = fact.accepted
        identities = None
        same_kind = [f.answer for f in self.source.facts if f.id != fact.id and f.answer and f.answer_kind == kind]
        if kind == "name":
            people = self.identities.people_named(fact.answer)
            accepted += tuple(a for p in people for a in (self.people[p].name, *self.people[p].aliases))
            candidates = same_kind + [p.name for p in self.source.people if p.id not in people]
            identities = self.identities
        elif kind == "character":
            accepted += self.character_forms.get(normalize(fact.answer), ())
            candidates = same_kind + [p.plays for p in self.source.people if p.plays]
        elif kind in ("year", "number"):
            candidates = _nearby_numbers(fact.answer, kind, rng, same_kind)
        elif kind is not None:
            candidates = same_kind
        else:
            candidates = []  # an answer of no stated kind has no safe distractors: typed only
        if fact.wrong:
            wrong = list(fact.wrong)  # the content file's own, as written
        else:
            wrong = _pick_distractors(fact.answer, candidates, rng, also_right=accepted, identities=identities)
        return _draft(
            key,
            "facts",
            wrong,
            prompt=fact.question,
            answer=fact.answer,
            accepted=_unique(accepted, besides=fact.answer),
            fact_id=fact.id,
            evidence=fact.evidence,
            answer_kind=kind,
            topics=self.index.topics(fact.evidence, fact_id=fact.id),
            **self.cited(fact.evidence),
        )


def _nearby_numbers(answer: str, kind: str, rng: random.Random, others: Sequence[str]) -> list[str]:
    """Other answers of the kind first, then numbers near the answer (years a few apart)."""
    digits = normalize(answer)
    if not digits.isdigit():
        return list(others)
    value = int(digits)
    steps = [1, 2, 3, 4, 5] if kind == "year" or value > 10 else [1, 2, 3]
    nearby = [value + s for s in steps] + [value - s for s in steps if value - s >= 0]
    rng.shuffle(nearby)
    return list(others)[:1] + [str(n) for n in nearby]


def generate_bank(source: BankSource) -> list[QuestionDraft]:
    """Every generated question the content supports, in a stable order."""
    return _Generator(source).all()
