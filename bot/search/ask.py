"""``/ask``: what a fan's question is about, and how well an answer fits it.

A question is first put in plain words (:mod:`bot.search.chat`: chat language, stretched letters,
the fandom's names), typos are fixed (:meth:`Lexicon.correct`: never a word that is already an
English word or the article's), then read as **concepts** (what it is about: "break up", "revival",
"pie"), the **people** it names ("Jess" is whoever plays Jess) and **cues** for the kind of answer
it wants ("what did X say", "who plays X", "when did the episode air"). A concept is one of the
content file's synonym groups, matched as a phrase ("didn't work out" ~ "break up"), or one
meaningful word; common, question and filler words are never concepts.

How well a document answers (:func:`judge`) is measured by words: the share of the question's
concepts its words cover (text, evidence and fan questions, stemmed), each weighted by how rare it
is. Whether to answer is decided elsewhere, from these and the semantic similarity, by a calibrated
score (:mod:`bot.search.calibration`).

Plain Python over what the repository returns; the engine (``bot.search.engine``) runs it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.search.chat import CHAT, FANDOM_NAMES, FanWord, Rewrites, plain_words
from bot.search.people import PeopleIndex
from bot.search.query import MAX_QUERY_CHARS, Match, QueryRejected, Rejection
from bot.search.stopwords import (
    ASK_IGNORED,
    NOT_TYPOS,
    PLAYS_CUES,
    QUESTION_WORDS,
    SAY_CUES,
    STOP_WORDS,
    WHEN_CUES,
    WHO_CUES,
)
from bot.search.text import fts_phrase, stem, words
from bot.search.typos import EDIT_KINDS, EnglishWords, edits1

MAX_QUESTION_WORDS = 40
INTERROGATIVES = ("how", "what", "when", "where", "which", "who", "why")
CLOSE_TO_BEST = 0.2  # further answers shown must score nearly as well as the best one
SHOWN = 3  # answers shown at most (one page of cards)
CANDIDATES = 12  # documents the full-text index ranks for the scores to judge
MAX_PHRASES = 40  # FTS5 phrases a question's concepts may become
# Questions about the episode's own air date: answered from the content's `aired`, never from the
# article's "final episode aired" (that is the TV series).
EPISODE_WORDS = frozenset({"episode", "podcast", "ep", "appearance"})
AIRING_WORDS = frozenset(
    [
        "air",
        "aired",
        "airing",
        "release",
        "released",
        "come",
        "came",
        "out",
        "drop",
        "dropped",
        "publish",
        "published",
        "record",
        "recorded",
        "premiere",
        "premiered",
    ]
)


_FRAMING = STOP_WORDS | QUESTION_WORDS  # "Milo said ...": words that frame a quote, not the quote
# British endings the English list spells the American way ("favourite", "realise", "centre").
_BRITISH = (
    ("our", "or"), ("ours", "ors"), ("ourite", "orite"), ("ise", "ize"), ("ised", "ized"), ("yse", "yze"), ("tre", "ter"),
)  # fmt: skip
_PREFIXES = ("re", "un", "pre", "mis", "over", "under", "out", "non")
PART_WORDS = frozenset({"character", "characters", "role", "roles", "part", "parts", "who", "whom"})
_AROUND_NAMES = frozenset(
    ["a", "an", "the", "is", "are", "was", "were", "and", "of", "about", "me", "tell", "his", "her", "their", "s"]
)
ARTICLE_WORD_FLOOR = 1000  # how common a word of the article counts as, at least, when fixing a typo


# ---------------------------------------------------------------------------------- the lexicon
def _every_word(word: str) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class SynonymGroup:
    phrases: tuple[tuple[str, ...], ...]  # stemmed words of each phrase
    queries: tuple[tuple[str, ...], ...]  # folded words of each phrase, as the index is asked
    label: str  # the group's first phrase, as written


class Lexicon:
    """What the index holds, for reading questions: document frequencies of stems (weights), the
    words known (typo correction) and the synonym groups. Rebuilt when the index changes."""

    def __init__(
        self,
        documents: Iterable[str],
        synonyms: Sequence[Sequence[str]] = (),
        *,
        english: EnglishWords | None = None,
        fan_words: Iterable[FanWord] = (),
    ) -> None:
        self.english = english
        self.rewrites = Rewrites(fan_words)
        df: Counter[str] = Counter()
        known: set[str] = set()
        count = 0
        for text in documents:
            count += 1
            folded = words(text)
            known.update(folded)
            df.update({stem(w) for w in folded})
        self.documents = count
        self.df = df
        self.groups: list[SynonymGroup] = []
        for group in synonyms:
            queries = tuple(dict.fromkeys(q for q in (tuple(words(g)) for g in group) if q))
            # A question is read in plain words ("another" is "more"): its phrases are matched in
            # those too, so that "another season" still finds its group.
            plain = (tuple(plain_words(q, known=_every_word)[0]) for q in queries)
            phrases = tuple(dict.fromkeys(tuple(stem(w) for w in q) for q in (*queries, *plain) if q))
            if phrases:
                self.groups.append(SynonymGroup(phrases, queries, group[0]))
                known.update(w for g in group for w in words(g))
        # first stem of a phrase -> (phrase, group), longest phrases first
        self.phrase_starts: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for index, group in enumerate(self.groups):
            for phrase in group.phrases:
                self.phrase_starts.setdefault(phrase[0], []).append((phrase, index))
        for entries in self.phrase_starts.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        self.known = known | STOP_WORDS | QUESTION_WORDS | ASK_IGNORED | SAY_CUES | PLAYS_CUES | WHEN_CUES | NOT_TYPOS
        self._known_list = sorted(self.known)

    def idf(self, document_frequency: int) -> float:
        """A concept's weight: rarer is heavier; a word no document holds weighs as the rarest."""
        return math.log((self.documents + 1) / (max(document_frequency, 1) + 0.5)) + 0.1

    def phrase_df(self, phrase: Sequence[str]) -> int:
        return min((self.df.get(s, 0) for s in phrase), default=0)

    def segment(self, stems: Sequence[str]) -> list[tuple[int, int, int | None]]:
        """``stems`` cut into (start, end, synonym group or None): at each place the longest phrase
        of a group wins, so "final episode" is the finale and "show up" is coming back, never
        "episode" or "show" alone."""
        pieces: list[tuple[int, int, int | None]] = []
        at = 0
        while at < len(stems):
            for phrase, group in self.phrase_starts.get(stems[at], ()):
                if tuple(stems[at : at + len(phrase)]) == phrase:
                    pieces.append((at, at + len(phrase), group))
                    at += len(phrase)
                    break
            else:
                pieces.append((at, at + 1, None))
                at += 1
        return pieces

    def is_word(self, word: str) -> bool:
        """A word of the index, a synonym, a common or question word, a name of the show, or an
        English word."""
        if word in self.known or word in FANDOM_NAMES or word in CHAT:
            return True
        if self.english is None:
            return False
        # A word made by a prefix English makes words with is a word: "rewatch" is not "rematch".
        return self._english(word) or any(
            word.startswith(prefix) and len(word) - len(prefix) >= 4 and self._english(word[len(prefix) :])
            for prefix in _PREFIXES
        )

    def _english(self, word: str) -> bool:
        return word in self.english or any(
            word.endswith(uk) and word[: -len(uk)] + us in self.english for uk, us in _BRITISH
        )

    def correct(self, word: str) -> str | None:
        """The word meant by a typo, or None. A word that is already a word (the article's, or
        English: "kids", "start") is never changed, so no word becomes another of the article's.
        Otherwise: a word one edit away, by the kind of slip typists make most (two letters swapped:
        "hsots" is "hosts"; then a letter left out: "actualy" is "actually", not the article's
        "actual"; a letter hit for another; one too many), the commonest of that kind; or for eight
        letters and more an article word two edits away; a three-letter word only into a question
        word ("wen")."""
        if self.is_word(word) or word.isdigit() or len(word) < 3 or len(word) > 30 or not word.isalpha():
            return None
        if len(word) == 3:
            swapped = [q for q in INTERROGATIVES if len(q) == 3 and sorted(q) == sorted(word)]
            return swapped[0] if swapped else None
        # The kinds of slip typists make most, first (two letters swapped, a letter left out, one
        # hit for another, one too many); the commonest word of the first kind that has one.
        for kind in EDIT_KINDS:
            found = [(self._commonness(c), c) for c in sorted(edits1(word, kind))]
            found = [(count, c) for count, c in found if count]
            if found:
                return max(found)[1]
        if len(word) < 8:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        found = process.extract(word, self._known_list, scorer=OSA.distance, score_cutoff=2, limit=10)
        found = [hit for hit in found if self.df.get(stem(hit[0]), 0)]
        if not found:
            return None
        return min(found, key=lambda hit: (hit[1], -self.df.get(stem(hit[0]), 0), hit[0]))[0]

    def _commonness(self, word: str) -> int:
        """How common a candidate correction is: the English list's count, at least
        :data:`ARTICLE_WORD_FLOOR` for a word the index holds; 0 for no word at all."""
        english = self.english.count(word) if self.english is not None else 0
        if self.df.get(stem(word), 0) and word in self.known:
            return max(english, ARTICLE_WORD_FLOOR)
        return english

    def terms(self, text: str) -> list[str]:
        """``text``'s meaningful terms as /ask matches them: a synonym group's phrase is one term
        ("g3"), other words their stems; common and question words are left out."""
        folded = words(text)
        stems = [stem(w) for w in folded]
        found = []
        for start, end, group in self.segment(stems):
            if group is not None and (end - start > 1 or folded[start] not in _FRAMING):
                found.append(f"g{group}")
            elif folded[start] not in _FRAMING:
                found.append(stems[start])
        return found


def meaningful_words(text: str) -> str:
    """``text`` for the embedding model: its words less common, question and filler words (names
    kept), or all of them when nothing else is left."""
    folded = words(text)
    return " ".join([w for w in folded if w not in ASK_IGNORED] or folded)


def plain_text(text: str, lexicon: Lexicon, people: PeopleIndex) -> str:
    """``text`` in plain words, as /ask reads a question: chat language and fan words rewritten,
    typos fixed (names kept)."""
    owners = people.word_owners()
    plain, _ = plain_words(
        words(text[:MAX_QUERY_CHARS]), known=lambda w: lexicon.is_word(w) or w in owners, rewrites=lexicon.rewrites
    )
    return " ".join(w if w in owners else (lexicon.correct(w) or w) for w in plain)


# ---------------------------------------------------------------------------------- questions
@dataclass(frozen=True, slots=True)
class Concept:
    label: str  # as the member typed it
    weight: float
    group: int | None = None  # a synonym group: any of its phrases counts
    phrase: tuple[str, ...] = ()  # otherwise these stems, in this order
    queries: tuple[tuple[str, ...], ...] = ()  # folded words to ask the index for

    def fts(self) -> list[str]:
        """The concept as FTS5 phrases (the index stems them itself)."""
        return [fts_phrase(" ".join(query)) for query in self.queries]


@dataclass(frozen=True, slots=True)
class Question:
    typed: str
    words: tuple[str, ...]  # folded, typos corrected
    corrections: dict[str, str]
    concepts: tuple[Concept, ...]
    people: dict[str, frozenset[str]]  # person id -> the words that can name them, in the order named
    characters: tuple[str, ...]  # people named by the character they play ("who played Rory")
    speakers: tuple[str, ...]  # people named before a "say" word ("what did Milo say ...")
    cues: frozenset[str]  # "say", "plays", "when", "who"
    real_names: frozenset[str] = frozenset()  # words of people's names and aliases (not characters)
    truncated: bool = False
    unknown_weight: float = 0.0  # of its concepts' weight, what no document of the index holds

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.concepts)

    @property
    def unknown_share(self) -> float:
        """0..1: how much of what it asks the article never mentions ("favourite food")."""
        return self.unknown_weight / self.total_weight if self.concepts else 0.0

    @property
    def asks_more_than_names(self) -> bool:
        """Whether it has words besides names and the words around them ("who is", "tell me
        about"): "is milo over jess n rory" asks something, "milo?" and "who is milo" do not."""
        names = {w for ws in self.people.values() for w in ws}
        return any(w not in names and w not in ASK_IGNORED and w not in _AROUND_NAMES for w in self.words)

    @property
    def meaning(self) -> str:
        """What it asks, for the embedding model (see :func:`meaningful_words`)."""
        return meaningful_words(" ".join(self.words))

    def match(self) -> Match:
        """Any concept finds candidates; names only rank them."""
        phrases = list(dict.fromkeys(p for c in self.concepts for p in c.fts()))[:MAX_PHRASES]
        name_words = sorted({w for names in self.people.values() for w in names if w in self.words})
        return Match(" OR ".join(phrases), tuple(phrases + [fts_phrase(w) for w in name_words]))

    def asks_who_plays(self) -> bool:
        """ "Who plays Rory?", "what character did Milo play?", "who played Lorelai?": a plays cue
        with a who cue or a word for the part, and at most one concept (the character)."""
        if "plays" not in self.cues or len(self.concepts) > 1 or not (self.people or self.concepts):
            return False
        return "who" in self.cues or any(w in PART_WORDS for w in self.words) or not self.concepts

    def about_episode_airing(self) -> bool:
        """ "When did the episode air?": a time cue and nothing but the episode and its airing; the
        time asked by the first word, a word of time ("what year ...") or the airing named, not by a
        clause ("what pod was milo on when he talked abt all this" asks which podcast)."""
        if "when" not in self.cues or not self.concepts:
            return False
        episode = {stem(w) for w in EPISODE_WORDS}
        airing = {stem(w) for w in AIRING_WORDS}
        kinds = set()
        for concept in self.concepts:
            stems = {stem(w) for query in concept.queries for w in query}
            if stems & episode:
                kinds.add("episode")
            elif stems & airing:
                kinds.add("airing")
            else:
                return False
        asks_time = self.words[:1] == ("when",) or any(w in WHEN_CUES and w != "when" for w in self.words)
        return "episode" in kinds and ("airing" in kinds or asks_time)


def read_question(text: str, lexicon: Lexicon, people: PeopleIndex) -> Question:
    """What ``text`` asks; raises :class:`QueryRejected` when it asks about nothing."""
    typed = words(text[:MAX_QUERY_CHARS])
    if not typed:
        raise QueryRejected(Rejection.NO_WORDS)
    truncated = len(typed) > MAX_QUESTION_WORDS
    name_owners = people.word_owners()
    plain, corrections = plain_words(
        typed[: MAX_QUESTION_WORDS * 2],
        known=lambda w: lexicon.is_word(w) or w in name_owners,
        rewrites=lexicon.rewrites,
    )
    if not plain:  # "lol"
        raise QueryRejected(Rejection.NO_WORDS)
    folded: list[str] = []
    for word in plain[:MAX_QUESTION_WORDS]:
        if word not in name_owners and word.endswith("s") and word[:-1] in name_owners:
            word = word[:-1]  # "milos" (Milo's) is Milo
        elif word not in name_owners:
            better = lexicon.correct(word)
            if better is not None:
                corrections[word] = better
                word = better
        folded.append(word)

    cues = set()
    if any(w in SAY_CUES for w in folded):
        cues.add("say")
    if any(w in PLAYS_CUES for w in folded):
        cues.add("plays")
    if any(w in WHEN_CUES for w in folded):
        cues.add("when")
    if any(w in WHO_CUES for w in folded):
        cues.add("who")
    first_say = next((i for i, w in enumerate(folded) if w in SAY_CUES), len(folded))

    # People: a word may name several ("palladino"); another word naming one of them decides.
    named: dict[str, frozenset[str]] = {}
    characters: list[str] = []
    speakers: list[str] = []
    owners_at = [name_owners.get(w, ()) for w in folded]
    decided = {owner for owners in owners_at if len(owners) == 1 for owner, _ in owners}
    for index, owners in enumerate(owners_at):
        chosen = [(p, c) for p, c in owners if p in decided] or list(owners)
        for person_id, is_character in chosen:
            named.setdefault(person_id, people.words_of(person_id))
            if is_character and person_id not in characters:
                characters.append(person_id)
            if index < first_say and person_id not in speakers:
                speakers.append(person_id)

    concepts = _concepts(folded, lexicon, set(name_owners), cues)
    if not concepts and not named:
        raise QueryRejected(Rejection.NO_WORDS)
    unknown = sum(c.weight for c in concepts if not _in_index(c, lexicon))
    return Question(
        text,
        tuple(folded),
        corrections,
        tuple(concepts),
        named,
        tuple(characters),
        tuple(speakers),
        frozenset(cues),
        frozenset(w for w, owners in name_owners.items() if any(not is_character for _, is_character in owners)),
        truncated,
        unknown,
    )


def _in_index(concept: Concept, lexicon: Lexicon) -> bool:
    """Whether any document holds the concept (a group: any of its phrases)."""
    if concept.group is not None:
        return any(lexicon.phrase_df(p) for p in lexicon.groups[concept.group].phrases)
    return lexicon.phrase_df(concept.phrase) > 0


def _meaningful(word: str, name_words: set[str], cues: set[str]) -> bool:
    """A word that says what is asked: not common, a question word, a cue or a name."""
    if word in ASK_IGNORED or word in name_words or word in SAY_CUES or word in WHEN_CUES:
        return False
    return not (word in PLAYS_CUES and "plays" in cues)


def _concepts(folded: list[str], lexicon: Lexicon, name_words: set[str], cues: set[str]) -> list[Concept]:
    stems = [stem(w) for w in folded]
    found: dict[object, Concept] = {}
    pieces = lexicon.segment(stems)
    bind_next = False  # "other shows": "other" binds the word after it
    for start, end, group in pieces:
        span = folded[start:end]
        if group is not None and bind_next and end - start == 1:
            group = None  # "other shows" is not the show: the two words go together below
        if group is not None and (end - start > 1 or _meaningful(span[0], name_words, cues)):
            synonyms = lexicon.groups[group]
            if group not in found:
                weight = lexicon.idf(max(lexicon.phrase_df(p) for p in synonyms.phrases))
                found[group] = Concept(" ".join(span), weight, group=group, queries=synonyms.queries)
            bind_next = False
            continue
        word = span[0]
        if word in ("other", "else"):
            # "each other", "one another" are about two people, not another thing
            bind_next = folded[start - 1 : start] not in (["each"], ["one"])
            continue
        if not _meaningful(word, name_words, cues):
            continue
        phrase = ("other", stems[start]) if bind_next else (stems[start],)
        query = ("other", word) if bind_next else (word,)
        bind_next = False
        if phrase not in found:
            weight = lexicon.idf(lexicon.phrase_df(phrase))
            found[phrase] = Concept(" ".join(query), weight, phrase=phrase, queries=(query,))
    if bind_next:  # "what else?": "other" alone
        found.setdefault(
            ("other",),
            Concept("other", lexicon.idf(lexicon.df.get("other", 0)), phrase=("other",), queries=(("other",),)),
        )
    return list(found.values())


# ---------------------------------------------------------------------------------- answers
@dataclass(frozen=True, slots=True)
class Judged:
    """How well one document answers a question."""

    confidence: float  # 0..1: the weighted share of the question's concepts it covers
    asked: float  # 0..1: the most any one of its fan questions covers (ranks an entry that says so first)
    people_named: int  # how many of the people the question names it is by, about or names
    names_someone: int  # how many words of people's names (not characters) its own words hold
    matched: tuple[str, ...] = field(default=())  # the labels of the concepts it covers


def judge(question: Question, lexicon: Lexicon, text: str, asks: str = "", names: str = "") -> Judged:
    """How much of ``question`` a document answers: its text and evidence, its fan questions
    (``asks``, joined by " / ") and the names indexed with it."""
    matched, covered = _covered(question, lexicon, f"{text} / {asks}")
    total = question.total_weight or 1.0
    asked = max((_covered(question, lexicon, one)[1] for one in asks.split(" / ") if one.strip()), default=0.0)
    folded = name_forms(f"{text} {asks} {names}")
    people_named = sum(1 for person_words in question.people.values() if person_words & folded)
    names_someone = len(name_forms(text) & question.real_names)
    return Judged(covered / total, asked / total, people_named, names_someone, tuple(matched))


def name_forms(text: str) -> set[str]:
    """The folded words of ``text``, with possessives also without their "s" ("rorys": "rory")."""
    found = set(words(text))
    return found | {w[:-1] for w in found if len(w) > 2 and w.endswith("s")}


def naming(people: Iterable[frozenset[str]]) -> str | None:
    """An FTS5 expression for quotes whose own words name any of ``people`` (each a set of name
    words) as :func:`name_forms` reads them: a name word, or it with a possessive's "s" ("rorys").
    The index stems, so it may find a little more: count names with :func:`name_forms`."""
    phrases = sorted({fts_phrase(word + ending) for names in people for word in names for ending in ("", "s")})
    return "body : (" + " OR ".join(phrases) + ")" if phrases else None


def _covered(question: Question, lexicon: Lexicon, text: str) -> tuple[list[str], float]:
    tokens = [stem(w) for w in words(text)]
    groups, alone = set(), set()
    for start, end, group in lexicon.segment(tokens):
        if group is not None:
            groups.add(group)
        if group is None or end - start == 1:
            alone.add(tokens[start])
    matched, covered = [], 0.0
    for concept in question.concepts:
        if concept.group is not None:
            hit = concept.group in groups
        elif len(concept.phrase) == 1:
            hit = concept.phrase[0] in alone
        else:
            hit = _contains(tokens, concept.phrase)
        if hit:
            matched.append(concept.label)
            covered += concept.weight
    return matched, covered


def _contains(tokens: Sequence[str], phrase: tuple[str, ...]) -> bool:
    width = len(phrase)
    return any(tuple(tokens[i : i + width]) == phrase for i in range(len(tokens) - width + 1))
