"""What the content file adds for ``/ask``, held to the article: fan questions and synonyms.

**Fan questions** (``fan_questions`` on a quote, fact or person) are the ways fans ask for that
entry ("did jess and rory end up together"). They are never shown: they only route a question to
the entry, whose card is still the article's own words. Each is held to the article thus:

1. it names no one the entry is not by or about (its speaker, the people a fact is about, the
   person themself, or someone its own words name), so it cannot attach the entry to another person;
2. every other word in it that carries meaning (not a common, question or filler word) is a word of
   the article, of the entry's own words or of a ``[[synonyms]]`` group, so it brings in no subject
   the article does not mention ("This Is Us", "Lorelai");
3. at least one of those words, or a synonym of one, is in the entry's own words (a quote's whole
   passage, when the article splits it with narration; a fact's text, evidence and sentence; a
   person's name, description and evidence), so it stays about its entry.

**Synonyms** (``[[synonyms]]``, ``words = [...]``) are words and phrases /ask treats as one ("break
up" ~ "didn't work out"). Each group must hold at least one phrase the article uses, so every group
leads to the article's own words; no phrase may sit in two groups.

Words are compared folded (case, accents, apostrophes) and stemmed, as the search index does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from bot.content.fields import Entry
from bot.search.stopwords import ASK_IGNORED
from bot.search.text import stem, words

MAX_FAN_QUESTIONS = 12
FAN_QUESTION_LIMIT = 150
MAX_SYNONYMS = 30  # phrases in one group
SYNONYM_LIMIT = 60  # characters of one phrase
SYNONYM_WORDS = 5  # words of one phrase


def _check_phrases(
    e: Entry, phrases: tuple[str, ...], owner: dict[tuple[str, ...], int], index: int, table: str
) -> None:
    """Each phrase has words, not too many, and belongs to no earlier entry of ``[[table]]``
    (``owner`` maps a phrase's words to the entry that took it)."""
    for phrase in phrases:
        folded = tuple(words(phrase))
        if not folded:
            e.problem(f"{phrase!r} has no words")
        elif len(folded) > SYNONYM_WORDS:
            e.problem(f"{phrase!r} has {len(folded)} words; the limit is {SYNONYM_WORDS}")
        elif owner.setdefault(folded, index) != index:
            e.problem(f"{phrase!r} is already in [[{table}]] #{owner[folded]}")


def stem_sequence(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text))


def contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """Whether ``needle`` occurs in ``haystack`` as consecutive items."""
    if not needle:
        return False
    if len(needle) == 1:
        return needle[0] in haystack
    width = len(needle)
    first = needle[0]
    return any(haystack[i] == first and tuple(haystack[i : i + width]) == tuple(needle) for i in range(len(haystack)))


def check_synonyms(problems: list[str], file: str, tables: list[Any], article: str) -> tuple[tuple[str, ...], ...]:
    """The ``[[synonyms]]`` groups, each anchored in the article; problems are appended."""
    article_stems = stem_sequence(article)
    groups: list[tuple[str, ...]] = []
    owner: dict[tuple[str, ...], int] = {}
    for index, table in enumerate(tables, 1):
        e = Entry(problems, file, f"[[synonyms]] #{index}", table, ("words",))
        phrases = e.texts("words", limit=SYNONYM_LIMIT, max_items=MAX_SYNONYMS)
        if not e.failed and len(phrases) < 2:
            e.problem('words needs two or more words or phrases, like ["break up", "didn\'t work out"]')
        _check_phrases(e, phrases, owner, index, "synonyms")
        if phrases and not any(contains(article_stems, stem_sequence(p)) for p in phrases):
            e.problem("none of its words or phrases is in the article; at least one must be")
        if not e.failed:
            groups.append(phrases)
    return tuple(groups)


class FanQuestionChecker:
    """Checks the fan questions of every entry against the article, the synonyms and the people."""

    def __init__(
        self, article: str, synonyms: Iterable[Sequence[str]], people: Iterable[tuple[str, Iterable[str]]]
    ) -> None:
        self.article_stems = set(stem_sequence(article))
        self.synonym_groups = [{stem_sequence(p) for p in group} for group in synonyms]
        self.synonym_stems = {s for group in self.synonym_groups for phrase in group for s in phrase}
        # folded name word -> the people it may name ("palladino": Dan and Amy)
        self.name_owners: dict[str, set[str]] = {}
        for person_id, names in people:
            for name in names:
                for word in words(name):
                    self.name_owners.setdefault(word, set()).add(person_id)

    def people_in(self, text: str) -> set[str]:
        """Who ``text`` names ("Rory's" names Rory)."""
        found = set()
        for word in words(text):
            owners = self.name_owners.get(word) or (self.name_owners.get(word[:-1]) if word.endswith("s") else None)
            found |= owners or set()
        return found

    def check(
        self, problems: list[str], label: str, value: Any, *, own_text: str, own_people: Iterable[str]
    ) -> tuple[str, ...]:
        """The entry's fan questions, or () with problems appended under ``label``."""
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(f'{label}: fan_questions must be a list of non-empty strings, like ["...", "..."]')
            return ()
        if len(value) > MAX_FAN_QUESTIONS:
            problems.append(f"{label}: fan_questions has {len(value)} items; the limit is {MAX_FAN_QUESTIONS}")
            return ()
        own_stems = set(stem_sequence(own_text))
        allowed_people = set(own_people) | self.people_in(own_text)
        seen: set[str] = set()
        checked: list[str] = []
        for raw in value:
            question = raw.strip()
            where = f"{label}: fan question {question[:60]!r}"
            if len(question) > FAN_QUESTION_LIMIT:
                problems.append(f"{where} is {len(question)} characters long; the limit is {FAN_QUESTION_LIMIT}")
                continue
            key = " ".join(words(question))
            if key in seen:
                problems.append(f"{where} is listed twice")
                continue
            seen.add(key)
            problem = self._problem(question, own_stems, allowed_people)
            if problem:
                problems.append(f"{where} {problem}")
            else:
                checked.append(question)
        return tuple(checked) if len(checked) == len(value) else ()

    def _problem(self, question: str, own_stems: set[str], allowed_people: set[str]) -> str | None:
        folded = words(question)
        named = {w: self.people_in(w) for w in folded if self.people_in(w)}
        strangers = [w for w, owners in named.items() if not owners & allowed_people]
        if strangers:
            return f"names {', '.join(strangers)}, but the entry is neither by nor about them"
        meaningful = [w for w in folded if w not in ASK_IGNORED and w not in named]
        if not meaningful:
            return "has no word that says what it asks (only common, question and name words)"
        unknown = [w for w in meaningful if stem(w) not in self.article_stems | self.synonym_stems | own_stems]
        if unknown:
            return f"uses {', '.join(unknown)}, in neither the article nor a [[synonyms]] group"
        related = set(own_stems)
        for group in self.synonym_groups:
            if any(all(s in own_stems for s in phrase) for phrase in group):
                related |= {s for phrase in group for s in phrase}
        if not any(stem(w) in related for w in meaningful):
            return "shares no word (or synonym of one) with the entry's own words"
        return None


MAX_FAN_WORDS = 20  # phrases in one [[fan_words]] entry


def check_fan_words(
    problems: list[str], file: str, tables: list[Any], article: str, synonyms: Iterable[Sequence[str]] = ()
) -> tuple[tuple[tuple[str, ...], str], ...]:
    """The ``[[fan_words]]`` entries: what fans say (``says``, phrases of at most
    :data:`SYNONYM_WORDS` words) and the words /ask reads in their place (``means``: the article's
    own words, or a phrase of a ``[[synonyms]]`` group, which leads to them). No phrase may be in
    two entries."""
    entries: list[tuple[tuple[str, ...], str]] = []
    owner: dict[tuple[str, ...], int] = {}
    article_words = " ".join(words(article))
    grouped = {" ".join(words(phrase)) for group in synonyms for phrase in group}
    for index, table in enumerate(tables, 1):
        e = Entry(problems, file, f"[[fan_words]] #{index}", table, ("says", "means"))
        says = e.texts("says", limit=SYNONYM_LIMIT, max_items=MAX_FAN_WORDS)
        means = e.text("means", limit=SYNONYM_LIMIT)
        if not e.failed and not says:
            e.problem('says needs one or more phrases fans use, like ["ayitl", "the revival"]')
        plain = " ".join(words(means or ""))
        if means is not None and f" {plain} " not in f" {article_words} " and plain not in grouped:
            e.problem(
                f"means {means!r} is neither in the article nor in a [[synonyms]] group: "
                "fan words must lead to the article's own words"
            )
        _check_phrases(e, says, owner, index, "fan_words")
        if not e.failed and means is not None:
            entries.append((says, means))
    return tuple(entries)
