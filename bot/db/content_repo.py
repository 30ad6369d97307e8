"""The episode's content in SQLite: the loader's one-transaction write and the reads features share.

Every offset indexes into ``article.body`` (the verbatim article). Rows are upserted by their stable
ids and retired (``active = 0``) when they leave the content file, never deleted: questions,
answers and reports refer to them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.content.model import CURATED_PREFIX, Content
from bot.db.database import Database

CONTENT_HASH_KEY = "content_hash"


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    description: str
    plays: str | None  # None: the article does not say
    evidence_start: int | None
    evidence_end: int | None
    role: str | None = None  # 'cast' or 'writer' (bot.content.model.PERSON_ROLES); None: not given


@dataclass(frozen=True, slots=True)
class Occasion:
    id: str
    label: str
    is_episode: bool
    evidence_start: int | None
    evidence_end: int | None


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    body: str
    speaker_id: str
    speaker_name: str
    occasion_id: str
    occasion_label: str
    is_episode: bool  # said on the podcast episode (False: another occasion, e.g. the 2017 interview)
    kind: str  # 'own' | 'voiced'
    passage_id: str
    part: int
    parent_id: str | None
    repeat_of: str | None
    start: int
    end: int
    title: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    body: str
    sentence_start: int
    sentence_end: int
    evidence_start: int
    evidence_end: int
    about: tuple[str, ...]
    question: str | None
    answer: str | None
    answer_kind: str | None
    title: str = ""
    speaker_id: str | None = None  # whose words the evidence is (None: the article's narration)
    occasion_id: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    headline: str
    body: str
    source_note: str

    def excerpt(self, start: int, end: int) -> str:
        return self.body[start:end]


@dataclass(frozen=True, slots=True)
class EpisodeCard:
    podcast: str
    host: Person
    guest: Person
    topic: str
    aired: str | None  # None: not stated in the source
    headline: str
    source_note: str
    people: tuple[Person, ...]  # everyone, host and guest first


def _upsert(table: str, columns: Sequence[str], key: str = "id") -> str:
    """INSERT ... ON CONFLICT DO UPDATE that leaves identical rows untouched (so update triggers,
    such as a search index's, fire only for real changes)."""
    updated = [c for c in columns if c != key]
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT({key}) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in updated)} "
        f"WHERE ({', '.join(f'{table}.{c}' for c in updated)}) IS NOT ({', '.join(f'excluded.{c}' for c in updated)})"
    )


_PEOPLE = (
    "id", "name", "aliases", "description", "plays", "evidence_start", "evidence_end", "active", "plays_accepted",
    "role", "asks",
)  # fmt: skip
_OCCASIONS = ("id", "label", "is_episode", "evidence_start", "evidence_end", "active")
_QUOTES = (
    "id", "body", "speaker_id", "occasion_id", "kind", "passage_id", "part", "parent_id", "repeat_of",
    "start_offset", "end_offset", "asks", "active", "title",
)  # fmt: skip
_FACTS = (
    "id", "body", "sentence_start", "sentence_end", "evidence_start", "evidence_end",
    "question", "answer", "answer_kind", "active", "wrong", "accepted", "asks", "title", "speaker_id", "occasion_id",
)  # fmt: skip
_QUESTIONS = (
    "key", "guild_id", "category", "form", "prompt", "answer", "wrong", "accepted", "explanation",
    "quote_id", "fact_id", "evidence_start", "evidence_end", "active", "answer_kind", "topics",
    "citation", "credit",
)  # fmt: skip

_QUOTE_SELECT = """
    SELECT q.id, q.body, q.speaker_id, p.name AS speaker_name, q.occasion_id, o.label AS occasion_label,
           o.is_episode, q.kind, q.passage_id, q.part, q.parent_id, q.repeat_of, q.start_offset, q.end_offset,
           q.title
    FROM quotes q JOIN people p ON p.id = q.speaker_id JOIN occasions o ON o.id = q.occasion_id
"""
_FACT_SELECT = """
    SELECT f.id, f.body, f.sentence_start, f.sentence_end, f.evidence_start, f.evidence_end,
           (SELECT json_group_array(person_id) FROM fact_people WHERE fact_id = f.id) AS about,
           f.question, f.answer, f.answer_kind, f.title, f.speaker_id, f.occasion_id
    FROM facts f
"""
_PEOPLE_SELECT = "SELECT id, name, aliases, description, plays, evidence_start, evidence_end, role FROM people"


def _person(row: Any) -> Person:
    return Person(
        row["id"],
        row["name"],
        tuple(json.loads(row["aliases"])),
        row["description"],
        row["plays"],
        row["evidence_start"],
        row["evidence_end"],
        row["role"],
    )


def _quote(row: Any) -> Quote:
    values = tuple(row)
    return Quote(*values[:6], bool(row["is_episode"]), *values[7:])


def _fact(row: Any) -> Fact:
    values = tuple(row)
    return Fact(*values[:6], tuple(sorted(json.loads(row["about"]))), *values[7:])


@dataclass(frozen=True, slots=True)
class ContentRows:
    """The content as rows, in each table's column order (_PEOPLE, _OCCASIONS, _QUOTES, _FACTS,
    _QUESTIONS), every row active; ``links`` are fact_people's (fact, person). Both backends store these."""

    people: list[tuple[Any, ...]]
    occasions: list[tuple[Any, ...]]
    quotes: list[tuple[Any, ...]]
    facts: list[tuple[Any, ...]]
    questions: list[tuple[Any, ...]]
    links: list[tuple[str, str]]


def content_rows(content: Content) -> ContentRows:
    people = [
        (
            p.id,
            p.name,
            json.dumps(p.aliases),
            p.description,
            p.plays,
            *p.evidence,
            True,
            json.dumps(p.plays_accepted),
            p.role,
            json.dumps(p.asks),
        )
        for p in content.people
    ]
    occasions = [(o.id, o.label, o.is_episode, *o.evidence, True) for o in content.occasions]
    quotes = [
        (
            q.id,
            q.body,
            q.speaker_id,
            q.occasion_id,
            q.kind,
            q.passage_id,
            q.part,
            q.parent_id,
            q.repeat_of,
            *q.span,
            json.dumps(q.asks),
            True,
            q.title,
        )
        for q in content.quotes
    ]
    facts = [
        (
            f.id, f.body, *f.sentence, *f.evidence, f.question, f.answer, f.answer_kind, True,
            json.dumps(f.wrong), json.dumps(f.accepted), json.dumps(f.asks), f.title, f.speaker_id, f.occasion_id,
        )
        for f in content.facts
    ]  # fmt: skip
    questions = [
        (
            q.key,
            None,
            q.category,
            q.form,
            q.prompt,
            q.answer,
            json.dumps(q.wrong),
            json.dumps(q.accepted),
            q.explanation,
            q.quote_id,
            q.fact_id,
            *q.evidence,
            True,
            q.answer_kind,
            json.dumps(q.topics),
            q.citation,
            q.credit,
        )
        for q in content.questions
    ]
    links = [(f.id, person) for f in content.facts for person in f.about]
    return ContentRows(people, occasions, quotes, facts, questions, links)


class ContentRepo:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._article: Article | None = None  # the article never changes while the bot runs

    # -- the loader's write -------------------------------------------------------------------

    async def content_hash(self) -> str | None:
        row = await self._db.fetch_one("SELECT value FROM meta WHERE key = ?", (CONTENT_HASH_KEY,))
        return None if row is None else str(row["value"])

    async def store(self, content: Content, content_hash: str) -> None:
        """Write everything in one transaction: all of it, or (on any error) none of it."""
        episode = content.episode
        rows = content_rows(content)
        people, occasions, quotes, facts = rows.people, rows.occasions, rows.quotes, rows.facts
        questions, links = rows.questions, rows.links
        async with self._db.transaction() as conn:
            # Checked at COMMIT: quotes may point at quotes stored after them (a deck repeats a later one).
            await conn.execute("PRAGMA defer_foreign_keys = ON")
            await conn.execute(
                _upsert("article", ("id", "headline", "body", "source_note")),
                (1, content.headline, content.article, episode.source_note),
            )
            for table, columns, rows in (
                ("people", _PEOPLE, people),
                ("occasions", _OCCASIONS, occasions),
                ("quotes", _QUOTES, quotes),
                ("facts", _FACTS, facts),
            ):
                await conn.executemany(_upsert(table, columns), rows)
                await conn.execute(
                    f"UPDATE {table} SET active = 0 WHERE active = 1 AND id NOT IN (SELECT value FROM json_each(?))",
                    (json.dumps([row[0] for row in rows]),),
                )
            await conn.execute(
                _upsert("episode", ("id", "podcast", "host_id", "guest_id", "topic", "aired")),
                (1, episode.podcast, episode.host_id, episode.guest_id, episode.topic, episode.aired),
            )
            # Links change only where they differ, so triggers on fact_people fire only for real changes.
            await conn.execute(
                "DELETE FROM fact_people WHERE fact_id IN (SELECT value FROM json_each(?)) AND (fact_id, person_id) "
                "NOT IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))",
                (json.dumps([f.id for f in content.facts]), json.dumps(links)),
            )
            await conn.executemany("INSERT OR IGNORE INTO fact_people (fact_id, person_id) VALUES (?, ?)", links)
            await conn.executemany(_upsert("questions", _QUESTIONS, key="key"), questions)
            # Synonyms are referred to by nothing: the groups are replaced whole, in file order, when
            # they changed (a rewrite bumps the search generation, and with it /ask's vocabulary).
            synonyms = [(index, json.dumps(group)) for index, group in enumerate(content.synonyms, 1)]
            stored = await conn.execute_fetchall("SELECT id, words FROM synonyms ORDER BY id")
            if [tuple(row) for row in stored] != synonyms:
                await conn.execute("DELETE FROM synonyms")
                await conn.executemany("INSERT INTO synonyms (id, words) VALUES (?, ?)", synonyms)
            # Fan words, like synonyms, are read by /ask only (a local table, replaced whole).
            fan_words = [(index, json.dumps(says), means) for index, (says, means) in enumerate(content.fan_words, 1)]
            stored = await conn.execute_fetchall("SELECT id, says, means FROM search_fan_words ORDER BY id")
            if [tuple(row) for row in stored] != fan_words:
                await conn.execute("DELETE FROM search_fan_words")
                await conn.executemany("INSERT INTO search_fan_words (id, says, means) VALUES (?, ?, ?)", fan_words)
            # Only curated questions: other key prefixes belong to the trivia generator and servers.
            await conn.execute(
                "UPDATE questions SET active = 0 WHERE active = 1 AND substr(key, 1, ?) = ? "
                "AND key NOT IN (SELECT value FROM json_each(?))",
                (len(CURATED_PREFIX), CURATED_PREFIX, json.dumps([q.key for q in content.questions])),
            )
            await conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (CONTENT_HASH_KEY, content_hash),
            )
        self._article = None

    async def counts(self) -> dict[str, int]:
        """Active rows per content table, in one statement."""
        row = await self._db.fetch_one(
            "SELECT (SELECT count(*) FROM people WHERE active = 1) AS people,"
            " (SELECT count(*) FROM occasions WHERE active = 1) AS occasions,"
            " (SELECT count(*) FROM quotes WHERE active = 1) AS quotes,"
            " (SELECT count(*) FROM facts WHERE active = 1) AS facts,"
            " (SELECT count(*) FROM questions WHERE active = 1 AND substr(key, 1, ?) = ?) AS questions",
            (len(CURATED_PREFIX), CURATED_PREFIX),
        )
        assert row is not None
        return {key: int(row[key]) for key in row.keys()}  # noqa: SIM118 (sqlite3.Row is not a dict)

    # -- reads --------------------------------------------------------------------------------

    async def article(self) -> Article | None:
        if self._article is None:
            row = await self._db.fetch_one("SELECT headline, body, source_note FROM article WHERE id = 1")
            self._article = None if row is None else Article(row["headline"], row["body"], row["source_note"])
        return self._article

    async def people(self) -> list[Person]:
        """Active people, in article order (where the article first says who they are)."""
        rows = await self._db.fetch_all(f"{_PEOPLE_SELECT} WHERE active = 1 ORDER BY evidence_start, id")
        return [_person(r) for r in rows]

    async def person(self, person_id: str) -> Person | None:
        row = await self._db.fetch_one(f"{_PEOPLE_SELECT} WHERE id = ?", (person_id,))
        return None if row is None else _person(row)

    async def occasions(self) -> list[Occasion]:
        rows = await self._db.fetch_all(
            "SELECT id, label, is_episode, evidence_start, evidence_end FROM occasions WHERE active = 1 "
            "ORDER BY is_episode DESC, id"
        )
        return [
            Occasion(r["id"], r["label"], bool(r["is_episode"]), r["evidence_start"], r["evidence_end"]) for r in rows
        ]

    async def quotes(self, *, speaker_id: str | None = None) -> list[Quote]:
        """Active quotes in article order, optionally one speaker's."""
        rows = await self._db.fetch_all(
            f"{_QUOTE_SELECT} WHERE q.active = 1 AND (?1 IS NULL OR q.speaker_id = ?1) ORDER BY q.start_offset",
            (speaker_id,),
        )
        return [_quote(r) for r in rows]

    async def quote(self, quote_id: str) -> Quote | None:
        """One quote by id, retired or not (an old report or question may name a retired one)."""
        row = await self._db.fetch_one(f"{_QUOTE_SELECT} WHERE q.id = ?", (quote_id,))
        return None if row is None else _quote(row)

    async def passage(self, passage_id: str) -> list[Quote]:
        """The parts of one quotation that the article splits with narration, in order."""
        rows = await self._db.fetch_all(
            f"{_QUOTE_SELECT} WHERE q.passage_id = ? AND q.active = 1 ORDER BY q.part", (passage_id,)
        )
        return [_quote(r) for r in rows]

    async def facts(self) -> list[Fact]:
        rows = await self._db.fetch_all(f"{_FACT_SELECT} WHERE f.active = 1 ORDER BY f.evidence_start, f.id")
        return [_fact(r) for r in rows]

    async def fact(self, fact_id: str) -> Fact | None:
        """One fact by id, retired or not."""
        row = await self._db.fetch_one(f"{_FACT_SELECT} WHERE f.id = ?", (fact_id,))
        return None if row is None else _fact(row)

    async def episode_card(self) -> EpisodeCard | None:
        """Everything ``/episode`` shows, or None before any content was loaded."""
        row = await self._db.fetch_one(
            "SELECT e.podcast, e.host_id, e.guest_id, e.topic, e.aired, a.headline, a.source_note "
            "FROM episode e JOIN article a ON a.id = 1 WHERE e.id = 1"
        )
        if row is None:
            return None
        people = {p.id: p for p in await self.people()}
        host, guest = people.get(row["host_id"]), people.get(row["guest_id"])
        if host is None or guest is None:
            return None
        others = [p for p in people.values() if p.id not in (host.id, guest.id)]
        return EpisodeCard(
            row["podcast"],
            host,
            guest,
            row["topic"],
            row["aired"],
            row["headline"],
            row["source_note"],
            (host, guest, *others),
        )
