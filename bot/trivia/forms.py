"""The bank's newer forms, each built from a line of the article named in the content file. Whoever
writes the content picks the line (and, for a doctored quote, the word to change); the question,
its choices, its answer and its reveal are made here, and the answer is read off the article, never
written by hand: which pair of quote marks holds the line, whose they are, and where they were said.

- **Real or fake?** Milo's line beside a doctored copy of it (``doctor_word``: one word changed), or
  beside another of his lines credited to the wrong occasion (``doctor_occasion``). The question
  says that one is doctored before it shows either, and its reveal cites the real words and says
  what was changed. A choice names a version by a word only it has ("The line with “head”"), so no
  doctored line is ever an answer, a choice, a locked-in answer or a report's item on its own.
- **Podcast or the 2017 interview?** (``where_said``) Where did he say this line?
- **Milo or the article?** (``milo_or_article``) Are these his own words, or the article's narration?

Plain Python over plain data (bot/content/content_file.py calls it while it checks the content);
a line that cannot make its question raises :class:`FormError`, which the loader reports against the
entry.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.content.text import normalise
from bot.trivia.matching import normalize
from bot.trivia.text import NARRATION, QUOTE_LINE, Voice, citation, shown_quote

Span = tuple[int, int]

REAL_OR_FAKE = "Real or fake?"  # every doctored line is shown under this label, first in its prompt
DOCTORED = "Doctored:"  # how a doctored question's reveal begins: what was changed
THE_ARTICLE = "The article"
LINE_LIMIT = 160  # characters of a line shown in a prompt: two of them stay readable side by side
_WORD = re.compile(r"[\w’'-]+")
# Words too common to name a line by ("The line with “that”" would say nothing).
_LITTLE_WORDS = frozenset({
    "a", "an", "and", "are", "at", "be", "but", "for", "from", "had", "has", "have", "he", "her", "him",
    "his", "i", "in", "is", "it", "its", "just", "of", "on", "or", "she", "so", "that", "the", "their",
    "them", "then", "there", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which",
    "who", "why", "will", "with", "you", "your",
})  # fmt: skip


def kind_of(prompt: str) -> str | None:
    """Which of these forms a question is, by how its prompt opens (None: another)."""
    if prompt.startswith(REAL_OR_FAKE):
        return "real or fake"
    if prompt.startswith("Podcast or ") or prompt.startswith("Where was it said?"):
        return "podcast or interview"
    if re.match(r"\w+ or the article\?", prompt):
        return "milo or the article"
    return None


class FormError(ValueError):
    """The line cannot make its question (the message says why, for the content file's author)."""


@dataclass(frozen=True, slots=True)
class Quotation:
    """One pair of the article's quote marks and who speaks inside them."""

    start: int
    end: int
    speaker_id: str
    occasion_id: str
    credit: str  # as a reveal credits it (bot/trivia/text.py)


@dataclass(frozen=True, slots=True)
class Occasion:
    id: str
    label: str  # "A 2017 interview (not the podcast)"
    is_episode: bool


@dataclass(frozen=True, slots=True)
class Article:
    """What the builders read: the article, its quotations, its occasions and its guest."""

    text: str
    quotations: tuple[Quotation, ...]
    occasions: tuple[Occasion, ...]
    guest_id: str
    short_names: dict[str, str]  # person id -> how questions call them ("Milo")
    sic: tuple[str, ...] = ()

    def voices(self) -> list[Voice]:
        return [Voice(q.start, q.end, q.credit) for q in self.quotations]

    def holding(self, span: Span) -> Quotation | None:
        """The (outermost) quotation the words at ``span`` sit in; None for the article's narration.
        Raises for words that run from narration into a quotation: they have no one voice."""
        start, end = span
        inside = [q for q in self.quotations if q.start <= start and end <= q.end]
        if inside:
            return min(inside, key=lambda q: (q.start, -q.end))
        if any(q.start < end and start < q.end for q in self.quotations):
            raise FormError(
                "the line runs from the article's narration into a quotation: pick words of one or the other"
            )
        return None

    def occasion(self, occasion_id: str) -> Occasion:
        return next(o for o in self.occasions if o.id == occasion_id)

    def shown(self, span: Span) -> str:
        text = shown_quote(self.text[span[0] : span[1]], sic=self.sic)
        if not re.search(r"\w", text):
            raise FormError("the line holds no words")
        if len(text) > LINE_LIMIT:
            raise FormError(f"the line is {len(text)} characters long; a prompt shows at most {LINE_LIMIT}")
        return text

    def prints(self, words: str) -> bool:
        return normalise(words).casefold() in normalise(self.text).casefold()


@dataclass(frozen=True, slots=True)
class Built:
    """A question as the content file's [[questions]] would give it whole."""

    category: str
    prompt: str
    answer: str
    wrong: tuple[str, ...]
    explanation: str | None
    evidence: Span  # what the reveal cites
    citation: str
    credit: str
    shows: tuple[Span, ...] = ()  # every line of the article the prompt shows (its topics)


# -- the occasions, as a question names them ----------------------------------------------------


def _bare(label: str) -> str:
    """An occasion's label without its note: "A 2017 interview (not the podcast)" -> "A 2017 interview"."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", label).strip()


def occasion_choice(occasion: Occasion) -> str:
    """ "On I Am All In", "In a 2017 interview"."""
    bare = _bare(occasion.label)
    if occasion.is_episode:
        return f"On {bare}"
    return f"In {bare[:1].lower()}{bare[1:]}" if re.match(r"(?:A|An|The)\b", bare) else f"In {bare}"


def _the(occasion: Occasion) -> str:
    """ "the 2017 interview" (a label's article made definite), "I Am All In"."""
    bare = _bare(occasion.label)
    return re.sub(r"^(?:A|An|The)\b", "the", bare) if not occasion.is_episode else bare


def where_title(occasions: Sequence[Occasion]) -> str:
    """ "Podcast or the 2017 interview?" for an episode and one other occasion."""
    others = [o for o in occasions if not o.is_episode]
    if len(occasions) == 2 and len(others) == 1:
        return f"Podcast or {_the(others[0])}?"
    return "Where was it said?"


# -- the builders ------------------------------------------------------------------------------------


def _quoted_line(article: Article, span: Span, form: str) -> Quotation:
    quotation = article.holding(span)
    if quotation is None:
        raise FormError(f"{form}: the line is the article's narration, not a quotation")
    return quotation


def _distinct_word(line: str, other: str) -> str:
    """The word of ``line`` that names it best beside ``other``: the longest of its words that
    ``other`` lacks, preferring words that carry meaning ("leave", not "don’t")."""
    theirs = {normalize(w) for w in _WORD.findall(other)}
    words = [w.strip("’'-") for w in _WORD.findall(line) if normalize(w) not in theirs]
    if not words:
        raise FormError("the two lines share every word: no word tells them apart")
    plain = [w for w in words if w.isalpha() and normalize(w) not in _LITTLE_WORDS]
    return max(plain or words, key=len)


def _version(word: str) -> str:
    return f"The line with “{word}”"


def _two_lines(key: str, first: str, second: str) -> str:
    """The two versions in an order fixed by the question's key (so reloading changes nothing)."""
    lines = [first, second]
    random.Random(key).shuffle(lines)
    return "\n".join(QUOTE_LINE + line for line in lines)


def doctor_word(article: Article, key: str, span: Span, word: str, fake: str) -> Built:
    """Real or fake? The line, and the line with ``word`` changed to ``fake``."""
    quotation = _quoted_line(article, span, "real_or_fake")
    speaker, occasion = article.short_names[quotation.speaker_id], article.occasion(quotation.occasion_id)
    real = article.shown(span)
    if not _WORD.fullmatch(fake):
        raise FormError(f"fake {fake!r} must be one word")
    if normalize(fake) == normalize(word):
        raise FormError(f"fake {fake!r} is the word it replaces")
    found = [m for m in re.finditer(r"[\w’'-]+", real) if normalize(m.group()) == normalize(word)]
    if len(found) != 1:
        raise FormError(f"word {word!r} must be in the line exactly once (found {len(found)} times)")
    if any(normalize(w) == normalize(fake) for w in _WORD.findall(real)):
        raise FormError(f"fake {fake!r} is already a word of the line: no choice could name the doctored one")
    match = found[0]
    said = match.group()
    changed = fake[:1].upper() + fake[1:] if said[:1].isupper() else fake
    doctored = real[: match.start()] + changed + real[match.end() :]
    if article.prints(doctored):
        raise FormError("with the word changed, the line is still the article's words: it would not be doctored")
    prompt = (
        f"{REAL_OR_FAKE} One of these is what {speaker} said {_at(occasion)}, word for word; in the other, "
        f"one word is changed. Which is real?\n{_two_lines(key, real, doctored)}"
    )
    start, end = span
    return Built(
        category="quotes",
        prompt=prompt,
        answer=_version(said),
        wrong=(_version(changed),),
        explanation=f"{DOCTORED} “{said}” was changed to “{changed}”.",
        evidence=span,
        citation=citation(article.text[start:end], sic=article.sic),
        credit=quotation.credit,
        shows=(span,),
    )


def doctor_occasion(article: Article, key: str, span: Span, other: Span) -> Built:
    """Real or fake? The line and another of the speaker's lines, both credited to where the first
    was said: the other's occasion is doctored."""
    quotation = _quoted_line(article, span, "real_or_fake")
    moved = _quoted_line(article, other, "real_or_fake doctored")
    if moved.speaker_id != quotation.speaker_id:
        raise FormError("the doctored line is someone else's: both lines must be one speaker's")
    if moved.occasion_id == quotation.occasion_id:
        raise FormError("both lines were said on the same occasion: the doctored one must come from another")
    speaker, occasion = article.short_names[quotation.speaker_id], article.occasion(quotation.occasion_id)
    real, doctored = article.shown(span), article.shown(other)
    real_word, doctored_word = _distinct_word(real, doctored), _distinct_word(doctored, real)
    prompt = (
        f"{REAL_OR_FAKE} Both lines are {speaker}’s, shown here as said {_at(occasion)}; one of them was "
        f"not, and its occasion is changed. Which did {speaker} say {_at(occasion)}?\n{_two_lines(key, real, doctored)}"
    )
    start, end = span
    where = article.occasion(moved.occasion_id)
    return Built(
        category="occasions",
        prompt=prompt,
        answer=_version(real_word),
        wrong=(_version(doctored_word),),
        explanation=(f"{DOCTORED} the line with “{doctored_word}” was said {_at(where)}, not {_at(occasion)}."),
        evidence=span,
        citation=citation(article.text[start:end], sic=article.sic),
        credit=quotation.credit,
        shows=(span, other),
    )


def where_said(article: Article, span: Span) -> Built:
    """Podcast or the 2017 interview? Where the speaker said the line."""
    quotation = _quoted_line(article, span, "where_said")
    if len(article.occasions) < 2:
        raise FormError("where_said needs two occasions to choose from")
    speaker = article.short_names[quotation.speaker_id]
    said = article.occasion(quotation.occasion_id)
    start, end = span
    return Built(
        category="occasions",
        prompt=f"{where_title(article.occasions)} Where did {speaker} say this?\n{QUOTE_LINE}{article.shown(span)}",
        answer=occasion_choice(said),
        wrong=tuple(occasion_choice(o) for o in article.occasions if o.id != said.id),
        explanation=None,
        evidence=span,
        citation=citation(article.text[start:end], sic=article.sic),
        credit=quotation.credit,
        shows=(span,),
    )


def milo_or_article(article: Article, span: Span) -> Built:
    """Milo or the article? Whether the guest said the line, or the article's writer wrote it."""
    quotation = article.holding(span)
    if quotation is not None and quotation.speaker_id != article.guest_id:
        raise FormError("milo_or_article: the line is someone else's quotation, neither the guest's nor the article's")
    guest = article.short_names[article.guest_id]
    start, end = span
    return Built(
        category="quotes",
        prompt=(
            f"{guest} or the article? Are these {guest}’s own words, or the article’s?\n"
            f"{QUOTE_LINE}{article.shown(span)}"
        ),
        answer=guest if quotation is not None else THE_ARTICLE,
        wrong=(THE_ARTICLE,) if quotation is not None else (guest,),
        explanation=None,
        evidence=span,
        citation=citation(article.text[start:end], sic=article.sic),
        credit=quotation.credit if quotation is not None else NARRATION,
        shows=(span,),
    )


# -- odd one out: four of the article's lines, one of another voice or occasion ----------------------

CHOICE_LIMIT = 75  # characters of a line offered as a choice: a button shows 80


def _odd_one(article: Article, spans: Sequence[Span], sort: str, groups: dict[int, str]) -> tuple[int, str, str]:
    """Which of four lines is the odd one (the only one of its group), its group and the others'."""
    if len(spans) != 4:
        raise FormError(f"{sort}: give four lines (one odd one out and three others), not {len(spans)}")
    for span in spans:
        if len(article.shown(span)) > CHOICE_LIMIT:
            raise FormError(f"{sort}: {article.shown(span)[:40]!r}… is over {CHOICE_LIMIT} characters for a choice")
    counts: dict[str, int] = {}
    for group in groups.values():
        counts[group] = counts.get(group, 0) + 1
    if sorted(counts.values()) != [1, 3]:
        raise FormError(f"{sort}: three lines must share one {sort} and the fourth have another")
    odd = next(i for i, group in groups.items() if counts[group] == 1)
    return odd, groups[odd], next(group for group in groups.values() if counts[group] == 3)


def _as_choice(line: str) -> str:
    """A line as a choice starts with a capital, as its neighbours do: a lowercase one (cut from
    the middle of a sentence) would stand out."""
    return line[:1].upper() + line[1:]


def _odd_built(
    article: Article, category: str, prompt: str, spans: Sequence[Span], odd: int, credit: str, others: str
) -> Built:
    start, end = spans[odd]
    return Built(
        category=category,
        prompt=prompt,
        answer=_as_choice(article.shown(spans[odd])),
        wrong=tuple(_as_choice(article.shown(span)) for i, span in enumerate(spans) if i != odd),
        explanation=others,
        evidence=spans[odd],
        citation=citation(article.text[start:end], sic=article.sic),
        credit=credit,
        shows=tuple(spans),
    )


def voice_odd_one_out(article: Article, spans: Sequence[Span]) -> Built:
    """Milo or the article? Three lines of one voice and one of the other: which is the odd one?"""
    holding = [article.holding(span) for span in spans]
    if any(q is not None and q.speaker_id != article.guest_id for q in holding):
        raise FormError("milo_or_article: a line is someone else's quotation, neither the guest's nor the article's")
    guest = article.short_names[article.guest_id]
    voices = {i: "narration" if q is None else "guest" for i, q in enumerate(holding)}
    odd, voice, _ = _odd_one(article, spans, "voice", voices)
    whose, theirs = (f"{guest}’s", "the article’s") if voice == "guest" else ("the article’s", f"{guest}’s own")
    quotation = holding[odd]
    return _odd_built(
        article,
        "quotes",
        f"{guest} or the article? Three of these are {theirs} words and one is {whose}. Which is {whose}?",
        spans,
        odd,
        quotation.credit if quotation is not None else NARRATION,
        f"The other three are {theirs} words." if voice == "guest" else f"The other three are {guest}’s.",
    )


def where_odd_one_out(article: Article, spans: Sequence[Span]) -> Built:
    """Podcast or the 2017 interview? Three lines from one occasion and one from another: which?"""
    holding = [_quoted_line(article, span, "where_said") for span in spans]
    if len({q.speaker_id for q in holding}) != 1:
        raise FormError("where_said: the four lines must be one speaker's")
    odd, odd_id, common_id = _odd_one(article, spans, "occasion", {i: q.occasion_id for i, q in enumerate(holding)})
    speaker = article.short_names[holding[0].speaker_id]
    odd_occasion, common = article.occasion(odd_id), article.occasion(common_id)
    return _odd_built(
        article,
        "occasions",
        (
            f"{where_title(article.occasions)} {speaker} said three of these {_at(common)} and one "
            f"{_at(odd_occasion)}. Which one was said {_at(odd_occasion)}?"
        ),
        spans,
        odd,
        holding[odd].credit,
        f"{speaker} said the other three {_at(common)}.",
    )


def _at(occasion: Occasion) -> str:
    """ "on I Am All In", "in a 2017 interview"."""
    choice = occasion_choice(occasion)
    return choice[:1].lower() + choice[1:]
