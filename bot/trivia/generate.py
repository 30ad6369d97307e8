"""The question bank, generated from the loaded content: new content needs no new code.

Every question is correct by construction: its answer is read off the content row it is about (the
quote's speaker, the quote's occasion, the quote's own last words, the person's character, the fact's
answer), and its evidence is that row's span of the article. Distractors are of the answer's kind
(names for names, characters for characters, years for years, quote fragments of similar length) and
are never another form of the right answer (an alias, the same words with other punctuation). Only
quotes in the speaker's own voice are asked about; facts are asked only where the content file gives
a question and answer, so opinions are never turned into facts.

Choices are picked with a random generator seeded by the question's key, so regenerating from
unchanged content gives the same bank.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence

from bot.trivia.matching import normalize
from bot.trivia.models import BankSource, FactRow, PersonRow, QuestionDraft, QuoteRow

GENERATOR_VERSION = 1
GENERATED_FAMILIES = ("who-said", "occasion", "finish", "plays", "played-by", "fact")

CHOICES = 4  # the right answer and up to three distractors
MIN_DISTRACTORS = 2  # fewer than this and a question is typed-only (or not asked)
PROMPT_QUOTE_CHARS = 900  # a quote in a prompt is cut here; embeds allow 4,096 in all
FINISH_CONTEXT_CHARS = 350
BLANK = "▁▁▁▁"  # where the missing words go; not markdown, unlike underscores

_MARKDOWN = re.compile(r"([\\*_~`|<>#\[\]])")

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_TRAILING_PUNCTUATION = re.compile(r"[\s.,!?;:…\"'“”‘’)\]—–-]+$")
# A word that can stand in a blank on its own: letters and digits with inner apostrophes or hyphens.
_PLAIN_WORD = re.compile(r"^[\w]+(?:['’-][\w]+)*$")


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
    closest_to: int | None = None,
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
    if closest_to is not None:
        # Fragments of similar length, so the right one does not stand out by its size.
        pool.sort(key=lambda c: (abs(len(c) - closest_to), c))
        pool = pool[: CHOICES + 3]
    else:
        pool.sort()
    rng.shuffle(pool)
    return pool[: CHOICES - 1]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _md(text: str) -> str:
    """Content shown inside a prompt's own markdown: its characters stay literal."""
    return _MARKDOWN.sub(r"\\\1", text)


def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())


def _draft(key: str, category: str, wrong: Sequence[str], **fields) -> QuestionDraft:
    """A multiple-choice question, or a typed-only one when too few distractors of the kind exist."""
    if len(wrong) >= MIN_DISTRACTORS:
        return QuestionDraft(key=key, category=category, form="choice", wrong=tuple(wrong), **fields)
    return QuestionDraft(key=key, category=category, form="typed", wrong=(), **fields)


class _Generator:
    def __init__(self, source: BankSource) -> None:
        self.source = source
        self.people = {p.id: p for p in source.people}
        self.occasions = {o.id: o for o in source.occasions}
        self.identities = _Identities(source.people)
        self.asked_quotes = self._quotes_to_ask()

    def _quotes_to_ask(self) -> list[QuoteRow]:
        """The speakers' own words, each once: a quote whose words all stand inside a longer quote (a
        headline deck repeating the body) is left to the longer one."""
        candidates = [
            q
            for q in self.source.quotes
            if q.kind == "own" and not q.parent_id and q.speaker_id in self.people and q.occasion_id in self.occasions
        ]
        texts = {q.id: normalize(q.body) for q in candidates}
        asked: dict[str, QuoteRow] = {}
        for quote in sorted(candidates, key=lambda q: (-len(texts[q.id]), q.start, q.id)):
            text = texts[quote.id]
            if text and not any(text in texts[other.id] for other in asked.values()):
                asked[quote.id] = quote
        return sorted(asked.values(), key=lambda q: (q.start, q.id))

    def all(self) -> list[QuestionDraft]:
        drafts: list[QuestionDraft] = []
        for quote in self.asked_quotes:
            drafts.extend(d for d in (self.who_said(quote), self.occasion(quote), self.finish(quote)) if d)
        for person in sorted(self.source.people, key=lambda p: p.id):
            drafts.extend(d for d in (self.plays(person), self.played_by(person)) if d)
        for fact in sorted(self.source.facts, key=lambda f: f.id):
            if draft := self.fact(fact):
                drafts.append(draft)
        return drafts

    # -- quotes --------------------------------------------------------------------------------

    def who_said(self, quote: QuoteRow) -> QuestionDraft | None:
        speaker = self.people[quote.speaker_id]
        return self._name_question(
            f"who-said:{quote.id}",
            "quotes",
            speaker,
            [p.name for p in self.source.people if p.id != speaker.id],
            prompt=f"Who said this?\n{_blockquote(_md(_clip(quote.body, PROMPT_QUOTE_CHARS)))}",
            quote_id=quote.id,
            evidence=(quote.start, quote.end),
        )

    def occasion(self, quote: QuoteRow) -> QuestionDraft | None:
        if len(self.occasions) < 2:
            return None
        key = f"occasion:{quote.id}"
        right = self.occasions[quote.occasion_id].label
        others = [o.label for o in self.occasions.values() if o.id != quote.occasion_id]
        wrong = _pick_distractors(right, others, random.Random(key))
        if not wrong:
            return None
        speaker = self.people[quote.speaker_id].name
        return QuestionDraft(
            key=key,
            category="occasions",
            form="choice",
            prompt=f"Where did {_md(speaker)} say this?\n{_blockquote(_md(_clip(quote.body, PROMPT_QUOTE_CHARS)))}",
            answer=right,
            wrong=tuple(wrong),
            quote_id=quote.id,
            evidence=(quote.start, quote.end),
            answer_kind="occasion",
        )

    def finish(self, quote: QuoteRow) -> QuestionDraft | None:
        key = f"finish:{quote.id}"
        rng = random.Random(key)
        split = _split_ending(quote.body, rng)
        if split is None:
            return None
        shown, missing, closing = split
        same_passage = {q.id for q in self.source.quotes if q.passage_id == quote.passage_id and quote.passage_id}
        same_passage |= {q.id for q in self.source.quotes if q.parent_id in same_passage | {quote.id}}
        fragments = [
            ending
            for other in self.source.quotes
            if other.id != quote.id and other.id not in same_passage
            for ending in _sentence_endings(other.body, len(missing.split()))
        ]
        wrong = _pick_distractors(missing, fragments, rng, closest_to=len(missing))
        context = shown if len(shown) <= FINISH_CONTEXT_CHARS else "…" + shown[-FINISH_CONTEXT_CHARS:].split(" ", 1)[-1]
        speaker = self.people[quote.speaker_id].name
        return _draft(
            key,
            "quotes",
            wrong,
            prompt=f"Finish what {_md(speaker)} said:\n{_blockquote(f'{_md(context)} {BLANK}{closing}')}",
            answer=missing,
            quote_id=quote.id,
            evidence=(quote.start, quote.end),
            answer_kind="quote",
        )

    # -- people --------------------------------------------------------------------------------

    def plays(self, person: PersonRow) -> QuestionDraft | None:
        """Whom does this person play?"""
        if not person.plays:
            return None
        key = f"plays:{person.id}"
        characters = [p.plays for p in self.source.people if p.plays and p.id != person.id]
        wrong = _pick_distractors(person.plays, characters, random.Random(key))
        return _draft(
            key,
            "people",
            wrong,
            prompt=f"Whom does {_md(person.name)} play on *Gilmore Girls*?",
            answer=person.plays,
            evidence=person.evidence,
            answer_kind="character",
        )

    def played_by(self, person: PersonRow) -> QuestionDraft | None:
        """Who plays this character?"""
        if not person.plays:
            return None
        same_role = {normalize(person.plays)}
        return self._name_question(
            f"played-by:{person.id}",
            "people",
            person,
            [p.name for p in self.source.people if p.id != person.id and normalize(p.plays or "") not in same_role],
            prompt=f"Who plays {_md(person.plays)} on *Gilmore Girls*?",
            evidence=person.evidence,
        )

    def _name_question(
        self, key: str, category: str, person: PersonRow, others: Sequence[str], **fields
    ) -> QuestionDraft:
        """A question whose answer is ``person``: any of their names counts, and no other name of
        theirs is offered as a wrong answer."""
        wrong = _pick_distractors(
            person.name, others, random.Random(key), also_right=person.aliases, identities=self.identities
        )
        return _draft(key, category, wrong, answer=person.name, accepted=person.aliases, answer_kind="name", **fields)

    # -- facts ---------------------------------------------------------------------------------

    def fact(self, fact: FactRow) -> QuestionDraft | None:
        if not (fact.question and fact.answer):
            return None
        key = f"fact:{fact.id}"
        rng = random.Random(key)
        kind = fact.answer_kind
        same_kind = [f.answer for f in self.source.facts if f.id != fact.id and f.answer and f.answer_kind == kind]
        accepted: tuple[str, ...] = ()
        identities = None
        if kind in ("year", "number"):
            candidates = _nearby_numbers(fact.answer, kind, rng, same_kind)
        elif kind == "name":
            people = self.identities.people_named(fact.answer)
            accepted = tuple(a for p in people for a in (self.people[p].name, *self.people[p].aliases))
            candidates = same_kind + [p.name for p in self.source.people if p.id not in people]
            identities = self.identities
        elif kind == "character":
            candidates = same_kind + [p.plays for p in self.source.people if p.plays]
        elif kind is not None:
            candidates = same_kind
        else:
            candidates = []  # an answer of no stated kind has no safe distractors: typed only
        wrong = _pick_distractors(fact.answer, candidates, rng, also_right=accepted, identities=identities)
        return _draft(
            key,
            "facts",
            wrong,
            prompt=_md(fact.question),
            answer=fact.answer,
            accepted=tuple(a for a in accepted if normalize(a) != normalize(fact.answer)),
            explanation=fact.body,
            fact_id=fact.id,
            evidence=fact.sentence,
            answer_kind=kind,
        )


def _split_ending(body: str, rng: random.Random) -> tuple[str, str, str] | None:
    """Split a quote into (shown words, missing last words, closing punctuation), or None when its
    ending has no plain words to hide."""
    words = body.split()
    closing_match = _TRAILING_PUNCTUATION.search(body)
    closing = closing_match.group(0).strip() if closing_match else ""
    # A sentence's own end stays ("… ____?"); a comma where narration cut the quote does not.
    closing = closing[0] if closing and closing[0] in ".?!…" else ""
    lengths = [3, 2, 4]
    rng.shuffle(lengths)
    for count in lengths:
        if len(words) < count + 4:
            continue
        missing_words = words[-count:]
        missing_words[-1] = _TRAILING_PUNCTUATION.sub("", missing_words[-1])
        if not all(_PLAIN_WORD.match(w) for w in missing_words):
            continue
        missing = " ".join(missing_words)
        if sum(c.isalnum() for c in missing) < 5:
            continue
        return " ".join(words[:-count]), missing, closing
    return None


def _sentence_endings(body: str, count: int) -> list[str]:
    """The last ``count`` words of each sentence of a quote: real phrases for "finish the quote"."""
    endings = []
    for sentence in _SENTENCE_END.split(body):
        words = sentence.split()
        if len(words) < count:
            continue
        tail = words[-count:]
        tail[-1] = _TRAILING_PUNCTUATION.sub("", tail[-1])
        if all(_PLAIN_WORD.match(w) for w in tail):
            endings.append(" ".join(tail))
    return endings


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
    """Every question the content supports, in a stable order."""
    return _Generator(source).all()
