"""The content file (TOML) held to the article: every entry must be found in it, every quotation in
it must be covered. Plain Python; docs/content.md documents the format."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import replace
from typing import Any

from bot.content.article import Article, parse_article
from bot.content.asks import FanQuestionChecker, check_fan_words, check_synonyms
from bot.content.fields import SLUG_MAX, Entry, entries
from bot.content.model import (
    ANSWER_KINDS,
    PERSON_ROLES,
    QUESTION_CATEGORIES,
    QUESTION_FORMS,
    QUOTE_KINDS,
    Content,
    EpisodeEntry,
    Erratum,
    FactEntry,
    OccasionEntry,
    PersonEntry,
    QuestionEntry,
    QuoteEntry,
    Span,
)
from bot.content.text import ContentError, NormalisedText, line_column, normalise, preview
from bot.trivia import forms
from bot.trivia.text import (
    BLANK,
    QUOTE_LINE,
    blank_window,
    blanked,
    citation,
    credit_for,
    quote_lines,
    speaker_credit,
    without_sic,
)
from bot.trivia.topics import TopicIndex

_QUOTED = re.compile(r"“([^“”]*)”")
_FORM_KEYS = ("real_or_fake", "where_said", "milo_or_article")  # questions bot/trivia/forms.py builds
TABLES = ("episode", "occasions", "people", "quotes", "facts", "questions", "errata", "synonyms", "fan_words", "sic")
_QUOTE_FIELDS = (
    "id", "title", "text", "speaker", "occasion", "kind", "continues", "inside", "repeats", "occurrence",
    "fan_questions",
)  # fmt: skip
TITLE_LIMIT = 80
# Words that only attribute or link what the article prints ("he said", "He continued, adding"):
# a sentence's other meaningful words must each be cited by a quote or a fact (see _uncarded).
LINKING_WORDS = frozenset({"said", "says", "continued", "adding", "added", "however"})
_ARTICLE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def check_content(article_text: str, content_text: str, *, article_name: str, content_name: str) -> Content:
    """Parse both texts and hold one to the other; raise :class:`ContentError` listing every problem."""
    return _Checker(article_text, article_name, content_name).run(content_text)


class _Checker:
    def __init__(self, article_text: str, article_name: str, content_name: str) -> None:
        self.article: Article = parse_article(article_text)
        self.text = article_text
        self.norm = NormalisedText(article_text)
        self.article_name = article_name
        self.file = content_name
        self.problems: list[str] = [f"{article_name}: {p}" for p in self.article.problems]
        self._occasion_marks: list[tuple[int, str]] = []  # (offset, occasion id) where the article introduces one

    def run(self, content_text: str) -> Content:
        try:
            data = tomllib.loads(content_text)
        except tomllib.TOMLDecodeError as exc:
            raise ContentError([*self.problems, f"{self.file}: not valid TOML: {exc}"]) from exc
        for key in data.keys() - set(TABLES):
            self.problems.append(f"{self.file}: unknown table {key!r} (allowed: {', '.join(TABLES)})")
        tables = {name: entries(self.problems, self.file, data, name) for name in TABLES if name != "episode"}
        # References are checked against every id the file lists, so one bad entry is reported once,
        # not again by everything that refers to it.
        listed = {name: {t.get("id") for t in found if isinstance(t, dict)} for name, found in tables.items()}
        people = self._people(tables["people"])
        occasions = self._occasions(tables["occasions"])
        episode = self._episode(data.get("episode"), listed["people"])
        quotes = self._quotes(tables["quotes"], listed["people"], listed["occasions"])
        self.errata = self._errata(tables["errata"])
        self.sic = self._sic(tables["sic"])
        facts = self._facts(tables["facts"], listed["people"])
        # The built forms read who speaks where off the quotes, people and occasions: with a problem
        # there, they are built once it is fixed, rather than reporting its echoes.
        self.forms_ok = not self.problems
        facts = self._voices(quotes, facts)
        self._uncarded(facts)
        lines = self._form_article(quotes, people, occasions, episode)
        questions = self._questions(tables["questions"], listed, quotes, facts, people, lines)
        synonyms = check_synonyms(self.problems, self.file, tables["synonyms"], self.text)
        fan_words = check_fan_words(self.problems, self.file, tables["fan_words"], self.text, synonyms)
        people, quotes, facts = self._fan_questions(tables, synonyms, people, quotes, facts)
        if self.problems or episode is None:
            raise ContentError(self.problems or [f"{self.file}: [episode] is missing"])
        return Content(
            self.text,
            self.article.headline_text,
            episode,
            occasions,
            people,
            quotes,
            facts,
            tuple(questions),
            self.errata,
            synonyms,
            fan_words,
            sic=self.sic,
        )

    # -- helpers ------------------------------------------------------------------------------

    def entry(self, label: str, table: Any, allowed: tuple[str, ...]) -> Entry:
        return Entry(self.problems, self.file, label, table, allowed)

    def locate(self, entry: Entry, key: str, words: str | None) -> Span | None:
        """The first place the article prints ``words`` (after normalising), or a problem."""
        if words is None:
            return None
        spans = self.norm.find_all(words)
        if not spans:
            entry.problem(f"{key} not found in {self.article_name}: {preview(words)!r}")
            return None
        return spans[0]

    def unique_ids(self, table: str, ids: list[str | None]) -> None:
        for slug, count in Counter(i for i in ids if i is not None).items():
            if count > 1:
                self.problems.append(f'{self.file}: [[{table}]]: id "{slug}" is used {count} times; ids must be unique')

    def known(self, entry: Entry, key: str, value: str | None, ids: set[str], table: str) -> str | None:
        if value is not None and value not in ids:
            entry.problem(f"{key} {value!r} is not the id of any [[{table}]] entry")
            return None
        return value

    def contains(self, haystack: str, needle: str) -> bool:
        return normalise(needle).casefold() in normalise(haystack).casefold()

    def answer_lists(self, e: Entry, answer: str | None, *, wrong_limit: int) -> tuple[tuple[str, ...], ...]:
        """``wrong`` and ``accepted``, each checked against the answer and against each other."""
        wrong = e.texts("wrong", limit=80, max_items=wrong_limit)
        accepted = e.texts("accepted", limit=80)
        if answer and any(w.casefold() == answer.casefold() for w in wrong):
            e.problem("the answer is also listed as a wrong answer")
        if {w.casefold() for w in wrong} & {a.casefold() for a in accepted}:
            e.problem("a wrong answer is also listed as accepted")
        if len({w.casefold() for w in wrong}) != len(wrong):
            e.problem("wrong answers repeat")
        return wrong, accepted

    def check_cited(self, e: Entry, key: str, span: Span | None) -> None:
        """Words the bot cites must not carry one of the article's misprints."""
        if span is None:
            return
        cited = self.text[span[0] : span[1]]
        for erratum in self.errata:
            if self.contains(cited, erratum.text):
                e.problem(
                    f"{key} includes the article’s misprint {erratum.text!r} (it means {erratum.reads!r}): "
                    "cite words around it"
                )

    def check_blank_prompt(self, e: Entry, key: str, prompt: str | None, answer: str | None) -> None:
        """A blank in quoted words (a "> " line, or “… ▁▁▁▁ …”) must give the article's words once the
        answer fills it."""
        if not prompt or not answer or BLANK not in prompt:
            return
        quoted = [part for part in _QUOTED.findall(prompt) if BLANK in part]
        quoted += [line.removeprefix(QUOTE_LINE) for line in prompt.splitlines() if line.startswith(QUOTE_LINE)]
        if not any(BLANK in part for part in quoted):
            e.problem(f"{key}: a blank ({BLANK}) belongs in a quotation (a line starting “> ”) of the article’s words")
        for part in (p for p in quoted if BLANK in p):
            for piece in without_sic(part).replace(BLANK, answer).split("…"):
                if piece.strip(" ,") and not self.contains(self.text, piece.strip(" ,")):
                    e.problem(f"{key}: with the answer in its blank, {preview(piece)!r} is not in the article")

    # -- tables -------------------------------------------------------------------------------

    def _people(self, tables: list[Any]) -> tuple[PersonEntry, ...]:
        people, ids, alias_owner = [], [], {}
        allowed = (
            "id",
            "name",
            "aliases",
            "description",
            "plays",
            "plays_accepted",
            "evidence",
            "role",
            "fan_questions",
        )
        for index, table in enumerate(tables, 1):
            e = self.entry(f"[[people]] #{index}", table, allowed)
            slug = e.slug()
            ids.append(slug)
            name, description = e.text("name", limit=100), e.text("description", limit=300)
            aliases, plays = e.texts("aliases", limit=100), e.text("plays", required=False, limit=100)
            plays_accepted = e.texts("plays_accepted", limit=100)
            if plays_accepted and not plays:
                e.problem("plays_accepted needs plays")
            evidence_words = e.text("evidence", limit=300)
            evidence = self.locate(e, "evidence", evidence_words)
            role = e.choice("role", PERSON_ROLES, required=False)
            if role == "writer" and plays:
                e.problem("a writer plays no one: leave out plays, or make the role cast")
            for alias in aliases:
                if not self.norm.find_all(alias):
                    e.problem(f"alias {alias!r} not found in {self.article_name}")
                owner = alias_owner.setdefault(alias.casefold(), slug)
                if owner != slug:
                    e.problem(f"alias {alias!r} already belongs to {owner!r}")
            if evidence_words and plays and not self.contains(evidence_words, plays):
                e.problem(f"plays {plays!r} does not appear in its evidence {evidence_words!r}")
            if evidence_words and name and not any(self.contains(evidence_words, n) for n in (name, *aliases)):
                e.problem(f"evidence {evidence_words!r} names neither {name!r} nor an alias")
            if not e.failed:
                people.append(
                    PersonEntry(
                        slug, name, aliases, description, plays, evidence, plays_accepted=plays_accepted, role=role
                    )
                )
        self.unique_ids("people", ids)
        return tuple(people)

    def _occasions(self, tables: list[Any]) -> tuple[OccasionEntry, ...]:
        occasions, ids = [], []
        for index, table in enumerate(tables, 1):
            e = self.entry(f"[[occasions]] #{index}", table, ("id", "label", "is_episode", "evidence"))
            slug, label, is_episode = e.slug(), e.text("label", limit=100), e.boolean("is_episode")
            ids.append(slug)
            words = e.texts("evidence", limit=300, allow_one=True)
            if not words and "evidence" not in e.table:
                e.problem("evidence is missing: the article's words that introduce this occasion")
            spans = [self.locate(e, "evidence", w) for w in words]
            if not e.failed and spans:
                occasions.append(OccasionEntry(slug, label, is_episode, min(spans)))
                self._occasion_marks.extend((s[0], slug) for w in words for s in self.norm.find_all(w))
        self.unique_ids("occasions", ids)
        if sum(o.is_episode for o in occasions) != 1:
            self.problems.append(f"{self.file}: [[occasions]]: exactly one must have is_episode = true")
        return tuple(occasions)

    def _episode(self, table: Any, person_ids: set[str]) -> EpisodeEntry | None:
        if table is None:
            self.problems.append(f"{self.file}: [episode] is missing")
            return None
        allowed = ("podcast", "host", "guest", "topic", "headline", "aired", "source")
        e = self.entry("[episode]", table, allowed)
        podcast, topic = e.text("podcast", limit=100), e.text("topic", limit=500)
        host = self.known(e, "host", e.slug("host"), person_ids, "people")
        guest = self.known(e, "guest", e.slug("guest"), person_ids, "people")
        headline, source = e.text("headline", limit=300), e.text("source", limit=500)
        aired = e.text("aired", required=False, limit=100)
        self.locate(e, "podcast", podcast)
        self.locate(e, "aired", aired)
        if headline and normalise(headline) != normalise(self.article.headline_text):
            e.problem(f"headline differs from the article's first line {self.article.headline_text!r}")
        if not e.failed:
            return EpisodeEntry(podcast, host, guest, topic, aired, source)
        return None

    def _quotes(self, tables: list[Any], person_ids: set[str], occasion_ids: set[str]) -> tuple[QuoteEntry, ...]:
        quotations = self.article.quotations
        by_text: dict[str, list[int]] = {}
        for index, q in enumerate(quotations):
            by_text.setdefault(normalise(self.text[q.start : q.end]), []).append(index)
        rows: dict[str, dict[str, Any]] = {}  # id -> checked fields, in file order
        claimed: dict[int, str] = {}  # article quotation index -> quote id
        ids = []
        for index, table in enumerate(tables, 1):
            e = self.entry(f"[[quotes]] #{index}", table, _QUOTE_FIELDS)
            slug = e.slug()
            ids.append(slug)
            words = e.text("text", limit=4000)
            row = {
                "entry": e,
                "title": e.text("title", limit=TITLE_LIMIT),
                "speaker": self.known(e, "speaker", e.slug("speaker"), person_ids, "people"),
                "occasion": self.known(e, "occasion", e.slug("occasion"), occasion_ids, "occasions"),
                "kind": e.choice("kind", QUOTE_KINDS),
                "continues": e.slug("continues", required=False),
                "inside": e.slug("inside", required=False),
                "repeats": e.slug("repeats", required=False),
            }
            occurrence = e.positive_int("occurrence", 1)
            if words is None or occurrence is None:
                continue
            matches = by_text.get(normalise(words), [])
            if not matches:
                where = (
                    "found in the article, but not as everything between one pair of quote marks"
                    if self.norm.find_all(words)
                    else f"not found in {self.article_name}"
                )
                e.problem(f"text {where}: {preview(words)!r}")
                continue
            if occurrence > len(matches):
                e.problem(f"occurrence {occurrence}: the article quotes this text only {len(matches)} time(s)")
                continue
            quotation = matches[occurrence - 1]
            if quotation in claimed:
                e.problem(f'is the same article quotation as quote "{claimed[quotation]}"')
                continue
            claimed[quotation] = slug or "?"  # covered, even if the entry has other problems
            if not e.failed:
                row["quotation"] = quotation
                rows.setdefault(slug, row)
        self.unique_ids("quotes", ids)
        for index, q in enumerate(quotations):
            if index not in claimed:
                line, column = line_column(self.text, q.mark_start)
                self.problems.append(
                    f"{self.article_name}: line {line}, column {column}: the quotation "
                    f"{preview(self.text[q.start : q.end])!r} has no [[quotes]] entry in {self.file} "
                    "(add one with its speaker and occasion)"
                )
        return self._link_quotes(rows, claimed)

    def _link_quotes(self, rows: dict[str, dict[str, Any]], claimed: dict[int, str]) -> tuple[QuoteEntry, ...]:
        quotations = self.article.quotations
        marks = sorted(self._occasion_marks)
        followers: dict[str, str] = {}
        for slug, row in rows.items():
            e: Entry = row["entry"]
            quotation = quotations[row["quotation"]]
            for key in ("continues", "inside", "repeats"):
                other = row[key]
                if other is None:
                    continue
                if other == slug or other not in rows:
                    e.problem(f"{key} {other!r} is not the id of another (valid) [[quotes]] entry")
                    row[key] = None
                elif (rows[other]["speaker"], rows[other]["occasion"]) != (row["speaker"], row["occasion"]):
                    e.problem(f"{key} {other!r}, but the two quotes differ in speaker or occasion")
            other_quotation = {
                k: quotations[rows[row[k]]["quotation"]] for k in ("continues", "inside", "repeats") if row[k]
            }
            parent_id = claimed.get(quotation.parent) if quotation.parent is not None else None
            if parent_id != row["inside"]:
                e.problem(
                    f'sits inside quote "{parent_id}" in the article: set inside = "{parent_id}"'
                    if parent_id
                    else f"inside {row['inside']!r}, but the article does not print it inside that quotation"
                )
            if "continues" in other_quotation:
                if other_quotation["continues"].start >= quotation.start:
                    e.problem(f"continues {row['continues']!r}, which comes later in the article")
                elif row["continues"] in followers:
                    e.problem(
                        f'continues {row["continues"]!r}, which "{followers[row["continues"]]}" already continues'
                    )
                else:
                    followers[row["continues"]] = slug
            if "repeats" in other_quotation and not self.contains(
                self.text[other_quotation["repeats"].start : other_quotation["repeats"].end],
                self.text[quotation.start : quotation.end],
            ):
                e.problem(f"repeats {row['repeats']!r}, but that quote does not contain these words")
            introduced = [occ for at, occ in marks if at < quotation.mark_start]
            if introduced and introduced[-1] != row["occasion"] and row["repeats"] is None:
                e.problem(
                    f"occasion {row['occasion']!r}, but the article introduces {introduced[-1]!r} before this quotation"
                )
        quotes = []
        for slug, row in rows.items():
            root, part = slug, 1
            while (previous := rows[root]["continues"]) is not None and part <= len(rows):
                root, part = previous, part + 1
            quotation = quotations[row["quotation"]]
            quotes.append(
                QuoteEntry(
                    slug,
                    self.text[quotation.start : quotation.end],
                    row["speaker"],
                    row["occasion"],
                    row["kind"],
                    root,
                    part,
                    row["inside"],
                    row["repeats"],
                    (quotation.start, quotation.end),
                    title=row["title"] or "",
                )
            )
        return tuple(sorted(quotes, key=lambda q: q.span))

    def _errata(self, tables: list[Any]) -> tuple[Erratum, ...]:
        errata = []
        for index, table in enumerate(tables, 1):
            e = self.entry(f"[[errata]] #{index}", table, ("text", "reads"))
            text, reads = e.text("text", limit=100), e.text("reads", limit=100)
            span = self.locate(e, "text", text)
            if not e.failed:
                errata.append(Erratum(text, reads, span))
        return tuple(errata)

    def _sic(self, tables: list[Any]) -> tuple[str, ...]:
        """The article's ungrammatical phrases (as printed, not our misquotes), shown with "[sic]"."""
        phrases = []
        for index, table in enumerate(tables, 1):
            e = self.entry(f"[[sic]] #{index}", table, ("text", "reads"))
            text, _reads = e.text("text", limit=100), e.text("reads", limit=100)
            self.locate(e, "text", text)
            if not e.failed:
                phrases.append(text)
        return tuple(phrases)

    def _form_article(
        self,
        quotes: tuple[QuoteEntry, ...],
        people: tuple[PersonEntry, ...],
        occasions: tuple[OccasionEntry, ...],
        episode: EpisodeEntry | None,
    ) -> forms.Article:
        """What bot/trivia/forms.py builds questions from, and what credits every reveal."""
        names = {p.id: p.name for p in people}
        labels = {o.id: o.label for o in occasions}
        return forms.Article(
            text=self.text,
            quotations=tuple(
                forms.Quotation(
                    *q.span, q.speaker_id, q.occasion_id, speaker_credit(names[q.speaker_id], labels[q.occasion_id])
                )
                for q in quotes
                if q.speaker_id in names and q.occasion_id in labels
            ),
            occasions=tuple(forms.Occasion(o.id, o.label, o.is_episode) for o in occasions),
            guest_id=episode.guest_id if episode else "",
            short_names={p.id: (p.aliases[0] if p.aliases else p.name) for p in people},
            sic=self.sic,
        )

    def _facts(self, tables: list[Any], person_ids: set[str]) -> tuple[FactEntry, ...]:
        facts, ids = [], []
        allowed = (
            "id", "title", "text", "evidence", "about", "question", "answer", "answer_kind", "wrong", "accepted",
            "fan_questions",
        )  # fmt: skip
        for index, table in enumerate(tables, 1):
            e = self.entry(f"[[facts]] #{index}", table, allowed)
            slug = e.slug()
            ids.append(slug)
            title, body = e.text("title", limit=TITLE_LIMIT), e.text("text", limit=500)
            about = tuple(self.known(e, "about", p, person_ids, "people") for p in e.texts("about", limit=SLUG_MAX))
            question, answer = e.text("question", required=False, limit=300), e.text("answer", required=False, limit=80)
            answer_kind = e.choice("answer_kind", ANSWER_KINDS, required=False)
            wrong, accepted = self.answer_lists(e, answer, wrong_limit=3)
            if (question is None) != (answer is None) or ((answer_kind or wrong or accepted) and not answer):
                e.problem("question and answer go together (answer_kind, wrong and accepted need them)")
            self.check_blank_prompt(e, "question", question, answer)
            evidence = self.locate(e, "evidence", e.text("evidence", limit=1000))
            if question:
                self.check_cited(e, "evidence", evidence)
            sentence = self.article.sentences_around(*evidence) if evidence else None
            if evidence and sentence is None:
                e.problem("evidence is not inside a sentence of the article (the page footer is not one)")
            if evidence and answer and not self.contains(self.text[evidence[0] : evidence[1]], answer):
                e.problem(f"answer {answer!r} does not appear in its evidence")
            if not e.failed:
                facts.append(
                    FactEntry(
                        slug,
                        body,
                        sentence,
                        evidence,
                        about,
                        question,
                        answer,
                        answer_kind,
                        wrong,
                        accepted,
                        title=title,
                    )
                )
        self.unique_ids("facts", ids)
        return tuple(facts)

    def _voices(self, quotes: tuple[QuoteEntry, ...], facts: tuple[FactEntry, ...]) -> tuple[FactEntry, ...]:
        """Each fact with whose words its evidence is, read off the article: the speaker and occasion
        of the quotation holding it, or (neither) the article's own narration. Evidence that runs from
        narration into a quotation mixes two voices, and is a problem."""
        voiced = []
        for fact in facts:
            start, end = fact.evidence
            holding = [q for q in quotes if q.span[0] <= start and end <= q.span[1]]
            if holding:
                inner = min(holding, key=lambda q: q.span[1] - q.span[0])
                fact = replace(fact, speaker_id=inner.speaker_id, occasion_id=inner.occasion_id)
            elif any(q.span[0] < end and start < q.span[1] for q in quotes):
                self.problems.append(
                    f'{self.file}: [[facts]] (id "{fact.id}"): evidence runs from the narration into a quotation; '
                    "cite the quoted words or the narration, not both"
                )
            voiced.append(fact)
        return tuple(voiced)

    def _uncarded(self, facts: tuple[FactEntry, ...]) -> None:
        """Every statement of the article has a card: each meaningful word of every sentence (the
        headline and deck, the narration, the closing lines) lies in a quote's text or a fact's
        evidence. Common words, words that only attribute ("he said") and misprints are excused."""
        from bot.search.stopwords import STOP_WORDS  # the words /ask and search ignore too
        from bot.search.text import fold

        # Every quotation of the article (one without a [[quotes]] entry is reported on its own).
        cited = [(q.start, q.end) for q in self.article.quotations] + [f.evidence for f in facts]
        misprints = [e.span for e in self.errata]
        for start, end in self.article.sentences:
            missing = []
            for match in _ARTICLE_WORD.finditer(self.text, start, end):
                at, to = match.span()
                word = fold(match.group())
                if word in STOP_WORDS or word in LINKING_WORDS:
                    continue
                if any(s <= at and to <= e for s, e in cited) or any(s < to and at < e for s, e in misprints):
                    continue
                missing.append(match.group())
            if missing:
                line, _ = line_column(self.text, start)
                self.problems.append(
                    f"{self.article_name}: line {line}: no quote or fact cites {', '.join(dict.fromkeys(missing))} "
                    f"in the sentence {preview(self.text[start:end])!r}: add a [[facts]] entry to {self.file} "
                    "whose evidence holds them"
                )

    def _fan_questions(
        self,
        tables: dict[str, list[Any]],
        synonyms: tuple[tuple[str, ...], ...],
        people: tuple[PersonEntry, ...],
        quotes: tuple[QuoteEntry, ...],
        facts: tuple[FactEntry, ...],
    ) -> tuple[tuple[PersonEntry, ...], tuple[QuoteEntry, ...], tuple[FactEntry, ...]]:
        """Each entry with its checked ``fan_questions`` (see bot/content/asks.py)."""
        checker = FanQuestionChecker(self.text, synonyms, [(p.id, (p.name, *p.aliases, p.plays or "")) for p in people])
        raw = {
            name: {t["id"]: t.get("fan_questions") for t in tables[name] if isinstance(t, dict) and "id" in t}
            for name in ("people", "quotes", "facts")
        }

        def check(table: str, entry_id: str, own_text: str, own_people: tuple[str, ...]) -> tuple[str, ...]:
            label = f'{self.file}: [[{table}]] (id "{entry_id}")'
            return checker.check(
                self.problems, label, raw[table].get(entry_id), own_text=own_text, own_people=own_people
            )

        def sentence(span: Span) -> str:
            return self.text[span[0] : span[1]]

        passages: dict[str, list[str]] = {}
        for q in quotes:
            passages.setdefault(q.passage_id, []).append(q.body)

        return (
            tuple(
                replace(p, asks=check("people", p.id, f"{p.name} {p.description} {sentence(p.evidence)}", (p.id,)))
                for p in people
            ),
            tuple(
                replace(q, asks=check("quotes", q.id, " ".join(passages[q.passage_id]), (q.speaker_id,)))
                for q in quotes
            ),
            tuple(replace(f, asks=check("facts", f.id, f"{f.body} {sentence(f.sentence)}", f.about)) for f in facts),
        )

    def _questions(
        self,
        tables: list[Any],
        listed: dict[str, set[Any]],
        quotes: tuple[QuoteEntry, ...],
        facts: tuple[FactEntry, ...],
        people: tuple[PersonEntry, ...],
        lines: forms.Article,
    ) -> list[QuestionEntry]:
        questions, ids = [], []
        quote_rows = {q.id: q for q in quotes}
        aliases = {p.name.casefold(): p.aliases for p in people}
        voices = lines.voices()
        index_of_topics = TopicIndex(
            quotes=((q.id, q.span) for q in quotes),
            facts=((f.id, f.evidence) for f in facts),
            people=((p.id, p.evidence) for p in people),
        )
        allowed = (
            "id", "prompt", "answer", "wrong", "accepted", "explanation", "evidence", "category", "form",
            "quote", "fact", "about", "blank", *_FORM_KEYS,
        )  # fmt: skip
        for index, table in enumerate(tables, 1):
            e = self.entry(f"[[questions]] #{index}", table, allowed)
            slug = e.slug()
            ids.append(slug)
            quote_id = self.known(e, "quote", e.slug("quote", required=False), listed["quotes"], "quotes")
            fact_id = self.known(e, "fact", e.slug("fact", required=False), listed["facts"], "facts")
            about = tuple(
                p for p in (self.known(e, "about", p, listed["people"], "people") for p in e.texts("about")) if p
            )
            if made := [key for key in _FORM_KEYS if key in e.table]:
                built = self._form_question(e, slug or "", made, lines) if self.forms_ok else None
                if built is not None and not e.failed:
                    topics = {
                        t
                        for span in built.shows
                        for t in index_of_topics.topics(span, quote_id=quote_id, fact_id=fact_id, people=about)
                    }
                    questions.append(
                        QuestionEntry(
                            id=slug,
                            category=e.choice("category", QUESTION_CATEGORIES, required=False) or built.category,
                            form="choice",
                            prompt=built.prompt,
                            answer=built.answer,
                            wrong=built.wrong,
                            accepted=(),
                            explanation=e.text("explanation", required=False, limit=300) or built.explanation,
                            quote_id=quote_id,
                            fact_id=fact_id,
                            evidence=built.evidence,
                            topics=tuple(sorted(topics)),
                            citation=built.citation,
                            credit=built.credit,
                        )
                    )
                continue
            prompt, answer = e.text("prompt", limit=300), e.text("answer", limit=80)
            wrong, accepted = self.answer_lists(e, answer, wrong_limit=4)
            explanation = e.text("explanation", required=False, limit=1000)
            category = e.choice("category", QUESTION_CATEGORIES, required=False) or "facts"
            form = e.choice("form", QUESTION_FORMS, required=False) or ("choice" if wrong else "typed")
            blank = e.table.get("blank", False)
            if not isinstance(blank, bool):
                e.problem("blank must be true or false")
            answer_kind = None
            evidence = None
            if blank is True:
                quote = quote_rows.get(quote_id or "")
                if quote is None or form == "true_false":
                    e.problem("blank = true shows the linked quote with the answer blanked: it needs quote = ...")
                elif prompt and answer:
                    prompt, answer, evidence = self._blank_in_quote(e, prompt, answer, quote)
                    answer_kind = "quote"
            evidence_words = e.text("evidence", required=blank is not True, limit=1000)
            if evidence_words is not None or evidence is None:
                evidence = self.locate(e, "evidence", evidence_words) or evidence
            if form == "choice" and not wrong:
                e.problem('a choice question needs wrong answers: wrong = ["...", ...]')
            if form == "true_false":
                wrong = _true_false_wrong(e, answer, wrong)
            if blank is not True:  # a blank made from the quote is the article's words by construction
                self.check_blank_prompt(e, "prompt", prompt, answer)
            self.check_cited(e, "evidence", evidence)
            if evidence and answer and form != "true_false":
                cited = self.text[evidence[0] : evidence[1]]
                names = (answer, *aliases.get(answer.casefold(), ()))
                if not any(self.contains(cited, name) for name in names):
                    e.problem(f"answer {answer!r} does not appear in its evidence")
            if not e.failed:
                topics = index_of_topics.topics(evidence, quote_id=quote_id, fact_id=fact_id, people=about)
                questions.append(
                    QuestionEntry(
                        id=slug,
                        category=category,
                        form=form,
                        prompt=prompt,
                        answer=answer,
                        wrong=wrong,
                        accepted=accepted,
                        explanation=explanation,
                        quote_id=quote_id,
                        fact_id=fact_id,
                        evidence=evidence,
                        answer_kind=answer_kind,
                        topics=topics,
                        citation=citation(self.text[evidence[0] : evidence[1]], sic=self.sic),
                        credit=credit_for(evidence, voices),
                    )
                )
        self.unique_ids("questions", ids)
        return questions

    def _form_question(self, e: Entry, slug: str, made: list[str], lines: forms.Article) -> forms.Built | None:
        """A question of one of bot/trivia/forms.py's forms, built from the line the entry names."""
        if len(made) > 1:
            e.problem(f"one form per question, not {' and '.join(made)}")
            return None
        form = made[0]
        made_here = ("prompt", "answer", "wrong", "accepted", "evidence", "form", "blank")
        # A doctored question's explanation says what was changed; the others may add a word of context.
        for key in (*made_here, "explanation") if form == "real_or_fake" else made_here:
            if key in e.table:
                e.problem(f"{key}: {form} makes the question’s {key} itself; leave it out")
        spec = e.table[form]
        try:
            if form in ("where_said", "milo_or_article"):
                return self._line_question(e, form, spec, lines)
            sub = self.entry(f"{e.label} real_or_fake", spec, ("line", "word", "fake", "doctored"))
            span = self.locate(sub, "line", sub.text("line", limit=300))
            word, fake = sub.text("word", required=False, limit=50), sub.text("fake", required=False, limit=50)
            doctored = self.locate(sub, "doctored", sub.text("doctored", required=False, limit=300))
            if (word is None) != (fake is None) or (word is None) == ("doctored" not in sub.table):
                sub.problem("give either word and fake (a word changed) or doctored (a line of another occasion)")
            if sub.failed or span is None:
                e.failed = True
                return None
            if word is not None and fake is not None:
                return forms.doctor_word(lines, slug, span, word, fake)
            return forms.doctor_occasion(lines, slug, span, doctored) if doctored else None
        except forms.FormError as exc:
            e.problem(f"{form}: {exc}")
            return None

    def _line_question(self, e: Entry, form: str, spec: Any, lines: forms.Article) -> forms.Built | None:
        """``where_said`` or ``milo_or_article``: one line (a two-way question), or four (which is the
        odd one out?)."""
        texts = [spec] if isinstance(spec, str) else spec
        if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            e.problem(f'{form} is the article’s words, in quotes: {form} = "..." (or a list of four)')
            return None
        spans = [self.locate(e, form, text) for text in texts]
        if e.failed or any(span is None for span in spans):
            return None
        found = [span for span in spans if span is not None]
        if isinstance(spec, str):
            return forms.where_said(lines, found[0]) if form == "where_said" else forms.milo_or_article(lines, found[0])
        if form == "where_said":
            return forms.where_odd_one_out(lines, found)
        return forms.voice_odd_one_out(lines, found)

    def _blank_in_quote(self, e: Entry, prompt: str, answer: str, quote: QuoteEntry) -> tuple[str, str, Span | None]:
        """The prompt followed by the quote's sentence with the answer as its blank, the answer in the
        quote's own characters, and where in the article that sentence is (what the reveal cites)."""
        found = NormalisedText(quote.body)
        wanted = normalise(answer)
        for match in re.finditer(re.escape(wanted), found.text):
            start, end = match.start(), match.end()
            if (start == 0 or not found.text[start - 1].isalnum()) and (
                end == len(found.text) or not found.text[end].isalnum()
            ):
                start, end = found.span(start, end)
                first, last = blank_window(quote.body, start, end)
                shown = quote_lines(blanked(quote.body, start, end, sic=self.sic))
                return f"{prompt}\n{shown}", quote.body[start:end], (quote.span[0] + first, quote.span[0] + last)
        e.problem(f"answer {answer!r} is not a word or words of quote {quote.id!r}, so it cannot be its blank")
        return prompt, answer, None


def _true_false_wrong(e: Entry, answer: str | None, wrong: tuple[str, ...]) -> tuple[str, ...]:
    """A true/false question's one wrong choice: the other of True and False (it may be left out)."""
    other = ("False",) if answer == "True" else ("True",)
    if answer not in ("True", "False"):
        e.problem('a true_false question\'s answer is "True" or "False"')
    elif wrong and wrong != other:
        e.problem("a true_false question's only wrong answer is the other of True and False")
    return other
