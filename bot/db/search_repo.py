"""All SQL behind /quote, /fact, /whois and /ask: cards for quotes, facts and people, and ranked
full-text search over the index that ``0003_search.sql`` keeps in step by triggers.

Full-text searches run on a connection of their own (:class:`SearchReader`): under WAL a reader
never blocks the bot's writer, and its progress handler stops any search that runs past its time
budget, so one broad search can neither stall other features' queries nor hold the database.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.db.content_repo import Person
from bot.db.database import Database
from bot.search.highlight import MARK_END, MARK_START
from bot.search.people import PersonName

log = logging.getLogger(__name__)

ITEM_KINDS = ("quote", "fact", "person")
SEARCH_BUDGET = 0.050  # seconds one search may hold its connection before it is stopped
# Matches ranked by bm25 at most; beyond this the query is too broad for bm25 to pay off (it costs
# about a microsecond a row) and the first matches are ordered by length instead.
RANK_WINDOW = 500
# A phrase in more documents than this is too common to rank by (see _SEARCH).
COMMON_DOCS = 2000
_NEVER = '"' + MARK_START + '"'  # a phrase no document holds (private-use character)
_PROGRESS_EVERY = 20_000  # SQLite VM steps between deadline checks (a fraction of a millisecond)
# The search connection reads the database file through a memory map (up to this much of it): a
# search reads many index pages, and each read() into SQLite's page cache cost it 10-20% of its time.
_SEARCH_MMAP_BYTES = 256 * 2**20
NO_GUILD = 0  # direct messages: no server, nothing retired


class SearchTimeout(Exception):
    """A search ran past :data:`SEARCH_BUDGET` and was stopped."""


@dataclass(frozen=True, slots=True)
class QuoteCard:
    id: str
    body: str  # exactly as the article prints it
    speaker_id: str
    speaker_name: str
    occasion_label: str
    is_episode: bool  # False: another occasion (the 2017 interview), never the podcast
    kind: str  # 'own' | 'voiced'
    passage_id: str
    part: int
    start: int
    end: int
    headline: str
    marked: str | None = None  # highlight() output over the folded body, search results only
    title: str = ""  # what it is about, in a few words (the content file's)


@dataclass(frozen=True, slots=True)
class FactCard:
    id: str
    body: str
    about: tuple[str, ...]  # people's names
    evidence: str  # the article's words it rests on
    sentence_start: int
    sentence_end: int
    headline: str
    marked: str | None = None
    quoted: bool = False  # its evidence is someone's quoted words (a quote: hidden where quotes are off)
    title: str = ""
    # Whose words the evidence is: a speaker and occasion (quoted words), or None: the article's narration.
    speaker_name: str | None = None
    occasion_label: str | None = None
    is_episode: bool = True
    evidence_start: int = 0
    evidence_end: int = 0


@dataclass(frozen=True, slots=True)
class PersonCard(Person):
    """A person as the content repository reads them, with what a card adds."""

    headline: str = ""
    quote_count: int | None = None
    fact_count: int | None = None
    marked: str | None = None  # highlight() over the folded description (and whom they play)


Card = QuoteCard | FactCard | PersonCard


@dataclass(frozen=True, slots=True)
class SearchHit:
    card: Card
    score: float  # bm25: lower is better (negative); for a too-broad query, the text's length
    doc_id: int  # the index's document (for highlighting it later: see SearchRepo.highlights); -1: none
    text: str = ""  # the document's indexed text and evidence, for /ask (search(texts=True))
    asks: str = ""  # its fan questions, joined by " / "
    names: str = ""  # the names indexed with it (speaker, people it is about, the person)


@dataclass(frozen=True, slots=True)
class IndexedDocument:
    """What /ask's semantic index embeds of one document."""

    doc_id: int
    kind: str  # quote, fact or person
    title: str
    text: str  # its indexed words and evidence
    asks: tuple[str, ...]  # its fan questions


@dataclass(frozen=True, slots=True)
class ContextSource:
    """What the "Context" button needs: the article and where the item sits in it."""

    article: str
    headline: str
    start: int
    end: int
    is_quote: bool


# ---------------------------------------------------------------------------------- statements
# Column lists are prefixed (q_, f_, p_) so that a search row, which may be any of the three kinds,
# and a plain lookup row are read by the same functions. Table aliases: q (quotes), sp (its
# speaker), o (its occasion), f (facts), pp (people).
_HEADLINE = "(SELECT headline FROM article WHERE id = 1) AS headline"
# What the server retired is server state. In this file (SQLite, the default) the statement reads it
# itself (:guild); in another database (PostgreSQL) the repository reads it there and passes it in as
# :retired, a JSON array of "kind:id", with :guild NULL (see _scope).
_NOT_RETIRED = (
    "NOT EXISTS (SELECT 1 FROM retired_items r WHERE r.guild_id = :guild AND r.item_kind = {kind} AND r.item_id = {id})"
    " AND ({kind} || ':' || {id}) NOT IN (SELECT value FROM json_each(:retired))"
)
# A repeat (the headline's deck repeating a later quotation) is shown through the quote it repeats.
_VISIBLE_QUOTE = "q.active = 1 AND q.repeat_of IS NULL AND " + _NOT_RETIRED.format(kind="'quote'", id="q.id")
_VISIBLE_FACT = "f.active = 1 AND " + _NOT_RETIRED.format(kind="'fact'", id="f.id")

_QUOTE_COLUMNS = """
    q.id AS q_id, q.body AS q_body, q.speaker_id AS q_speaker_id, sp.name AS q_speaker_name,
    o.label AS q_occasion_label, o.is_episode AS q_is_episode, q.kind AS q_kind, q.passage_id AS q_passage_id,
    q.part AS q_part, q.start_offset AS q_start, q.end_offset AS q_end, q.repeat_of AS q_repeat_of,
    q.title AS q_title
"""
_QUOTE_FROM = "quotes q JOIN people sp ON sp.id = q.speaker_id JOIN occasions o ON o.id = q.occasion_id"

# A fact's speaker and occasion are looked up by primary key (NULL in a search row of another kind,
# and for the article's narration).
_FACT_COLUMNS = """
    f.id AS f_id, f.body AS f_body,
    (SELECT json_group_array(name) FROM (SELECT p2.name FROM fact_people fp JOIN people p2 ON p2.id = fp.person_id
                                          WHERE fp.fact_id = f.id ORDER BY p2.name)) AS f_about,
    coalesce((SELECT substr(a.body, f.evidence_start + 1, f.evidence_end - f.evidence_start)
              FROM article a WHERE a.id = 1 AND f.id IS NOT NULL), '') AS f_evidence,
    f.sentence_start AS f_sentence_start, f.sentence_end AS f_sentence_end,
    f.speaker_id IS NOT NULL AS f_quoted, f.title AS f_title,
    (SELECT fs.name FROM people fs WHERE fs.id = f.speaker_id) AS f_speaker_name,
    (SELECT fo.label FROM occasions fo WHERE fo.id = f.occasion_id) AS f_occasion_label,
    coalesce((SELECT fo.is_episode FROM occasions fo WHERE fo.id = f.occasion_id), 1) AS f_is_episode,
    f.evidence_start AS f_evidence_start, f.evidence_end AS f_evidence_end
"""

_PERSON_COLUMNS = """
    pp.id AS p_id, pp.name AS p_name, pp.aliases AS p_aliases, pp.description AS p_description,
    pp.plays AS p_plays, pp.evidence_start AS p_evidence_start, pp.evidence_end AS p_evidence_end,
    pp.role AS p_role
"""
_PERSON_COUNTS = f"""
    (SELECT count(*) FROM quotes q WHERE q.speaker_id = pp.id AND {_VISIBLE_QUOTE}) AS p_quote_count,
    (SELECT count(*) FROM fact_people fp JOIN facts f ON f.id = fp.fact_id
     WHERE fp.person_id = pp.id AND {_VISIBLE_FACT}) AS p_fact_count
"""

# One statement per search, shaped so that its cost does not grow with how common the words are:
# - `rare`: the phrases found in at most COMMON_DOCS documents (each probe stops counting there).
#   Only they are ranked by bm25, whose set-up reads every posting of every phrase it ranks: a
#   word in most quotes would cost milliseconds and barely move the order anyway.
# - `hits`: at most RANK_WINDOW + 1 matches of the whole expression (all the words), found once:
#   the set every result must come from.
# - `win`: whether there were more than RANK_WINDOW (then the query is too broad to rank: the
#   first matches are ordered by length), and the last of them.
# Exactly one of the two `ranked` arms runs: bm25 over the rare phrases, restricted to `hits`, or
# (all words common, or too many matches) the hits by length.
# Highlighting costs a fresh FTS5 query per document (tens of microseconds with common words), so
# only the first :highlighted results are highlighted here; the rest when shown (highlights()).
# Each result's indexed text (dd) is read only when asked for (:texts, /ask's judging).
_SEARCH = f"""
WITH
rare AS (
    SELECT group_concat(value, ' OR ') AS expr FROM json_each(:phrases)
    WHERE (SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH value LIMIT :common + 1)) <= :common
),
hits AS MATERIALIZED (
    SELECT rowid FROM search_fts WHERE search_fts MATCH :match ORDER BY rowid LIMIT :window + 1
),
win AS (SELECT count(*) > :window AS broad, coalesce(max(rowid), 0) AS last FROM hits),
ranked AS (
    SELECT d.doc_id, d.item_kind, d.item_id, bm25(search_fts, 1.0, 0.4, 0.6, 0.8) AS score
    FROM search_fts JOIN search_docs d ON d.doc_id = search_fts.rowid
    WHERE search_fts MATCH coalesce((SELECT expr FROM rare), :never)
      AND (SELECT expr FROM rare) IS NOT NULL AND NOT (SELECT broad FROM win)
      -- unary + keeps SQLite from handing FTS5 one rowid of `hits` at a time (an xFilter each)
      AND search_fts.rowid <= (SELECT last FROM win) AND +search_fts.rowid IN hits
      AND d.active = 1 AND d.item_kind IN (SELECT value FROM json_each(:kinds))
      AND {_NOT_RETIRED.format(kind="d.item_kind", id="d.item_id")}
    UNION ALL
    SELECT d.doc_id, d.item_kind, d.item_id, length(d.body) AS score
    FROM hits JOIN search_docs d ON d.doc_id = hits.rowid
    WHERE ((SELECT expr FROM rare) IS NULL OR (SELECT broad FROM win))
      AND d.active = 1 AND d.item_kind IN (SELECT value FROM json_each(:kinds))
      AND {_NOT_RETIRED.format(kind="d.item_kind", id="d.item_id")}
    ORDER BY score LIMIT :limit
),
numbered AS (SELECT *, row_number() OVER (ORDER BY score) AS ord FROM ranked)
SELECT ranked.item_kind, ranked.score, ranked.doc_id,
       dd.body || ' ' || dd.evidence AS doc_text, dd.asks AS doc_asks, dd.names AS doc_names,
       CASE WHEN ranked.ord <= :highlighted THEN (
           SELECT highlight(search_fts, 0, :mark_start, :mark_end) FROM search_fts
           WHERE search_fts MATCH :any_phrase AND search_fts.rowid = ranked.doc_id) END AS marked,
       {_QUOTE_COLUMNS}, {_FACT_COLUMNS}, {_PERSON_COLUMNS}, {_HEADLINE}
FROM numbered AS ranked
LEFT JOIN quotes q ON ranked.item_kind = 'quote' AND q.id = ranked.item_id
LEFT JOIN people sp ON sp.id = q.speaker_id
LEFT JOIN occasions o ON o.id = q.occasion_id
LEFT JOIN facts f ON ranked.item_kind = 'fact' AND f.id = ranked.item_id
LEFT JOIN people pp ON ranked.item_kind = 'person' AND pp.id = ranked.item_id
LEFT JOIN search_docs dd ON :texts AND dd.doc_id = ranked.doc_id
ORDER BY ranked.score
"""

# Chosen documents (by /ask's semantic index) as search rows, in the order given, with what the
# server shows: the same columns as _SEARCH, without its ranking.
_BY_DOCS = f"""
WITH picked AS (SELECT CAST(value AS INTEGER) AS doc_id, CAST(key AS INTEGER) AS ord FROM json_each(:ids))
SELECT d.item_kind, 0.0 AS score, d.doc_id,
       d.body || ' ' || d.evidence AS doc_text, d.asks AS doc_asks, d.names AS doc_names, NULL AS marked,
       {_QUOTE_COLUMNS}, {_FACT_COLUMNS}, {_PERSON_COLUMNS}, {_HEADLINE}
FROM picked JOIN search_docs d ON d.doc_id = picked.doc_id
LEFT JOIN quotes q ON d.item_kind = 'quote' AND q.id = d.item_id
LEFT JOIN people sp ON sp.id = q.speaker_id
LEFT JOIN occasions o ON o.id = q.occasion_id
LEFT JOIN facts f ON d.item_kind = 'fact' AND f.id = d.item_id
LEFT JOIN people pp ON d.item_kind = 'person' AND pp.id = d.item_id
WHERE d.active = 1 AND d.item_kind IN (SELECT value FROM json_each(:kinds))
  AND {_NOT_RETIRED.format(kind="d.item_kind", id="d.item_id")}
ORDER BY picked.ord
"""

# Every document /ask's semantic index embeds: its words, its fan questions, and a title (a quote's
# or fact's own, a person's name). The headline's deck, a repeat, is shown through its original.
_DOCUMENTS = """
SELECT d.doc_id, d.item_kind, d.body, d.evidence, d.asks, coalesce(q.title, f.title, p.name, '') AS title
FROM search_docs d
LEFT JOIN quotes q ON d.item_kind = 'quote' AND q.id = d.item_id
LEFT JOIN facts f ON d.item_kind = 'fact' AND f.id = d.item_id
LEFT JOIN people p ON d.item_kind = 'person' AND p.id = d.item_id
WHERE d.active = 1 AND q.repeat_of IS NULL
ORDER BY d.doc_id
"""

# The index finds the matches in its own order (the order content was loaded), and stops at :limit.
_QUOTES_MATCHING = f"""
SELECT {_QUOTE_COLUMNS}, {_HEADLINE} FROM {_QUOTE_FROM}
WHERE q.id IN (
    SELECT q.id FROM search_fts
    JOIN search_docs d ON d.doc_id = search_fts.rowid
    JOIN quotes q ON d.item_kind = 'quote' AND q.id = d.item_id
    WHERE search_fts MATCH :match AND {_VISIBLE_QUOTE} AND q.speaker_id = :speaker
    ORDER BY search_fts.rowid LIMIT :limit
)
ORDER BY q.start_offset, q.id
"""


RANDOM_TRIES = 128


def _random_row(columns: str, source: str, alias: str, condition: str) -> str:
    """One row meeting ``condition``, uniformly at random, without reading the whole table as
    ORDER BY random() does: random rowids are tried until one is eligible (a lookup each; each try
    is uniform, so the accepted row is too). Only if :data:`RANDOM_TRIES` tries all miss (few
    eligible rows among many) does the second arm sort the eligible rows."""
    table = source.split()[0]
    return f"""
    WITH RECURSIVE top AS MATERIALIZED (SELECT coalesce(max(rowid), 0) AS n FROM {table}),
    tries(k, at) AS (
        SELECT 1, abs(random()) % (SELECT n FROM top) + 1 WHERE (SELECT n FROM top) > 0
        UNION ALL
        SELECT k + 1, abs(random()) % (SELECT n FROM top) + 1 FROM tries WHERE k < {RANDOM_TRIES}
    )
    SELECT * FROM (
        SELECT {columns} FROM tries CROSS JOIN {source} WHERE {alias}.rowid = tries.at AND {condition} LIMIT 1)
    UNION ALL
    SELECT * FROM (SELECT {columns} FROM {source} WHERE {condition} ORDER BY random() LIMIT 1)
    LIMIT 1
    """


# ---------------------------------------------------------------------------------- row mapping
def _aliases(raw: str | None) -> tuple[str, ...]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _quote(row: Any, marked: str | None = None) -> QuoteCard:
    return QuoteCard(
        row["q_id"],
        row["q_body"],
        row["q_speaker_id"],
        row["q_speaker_name"],
        row["q_occasion_label"],
        bool(row["q_is_episode"]),
        row["q_kind"],
        row["q_passage_id"],
        int(row["q_part"]),
        int(row["q_start"]),
        int(row["q_end"]),
        row["headline"] or "",
        marked,
        row["q_title"] or "",
    )


def _fact(row: Any, marked: str | None = None) -> FactCard:
    return FactCard(
        row["f_id"],
        row["f_body"],
        _aliases(row["f_about"]),
        row["f_evidence"],
        int(row["f_sentence_start"]),
        int(row["f_sentence_end"]),
        row["headline"] or "",
        marked,
        bool(row["f_quoted"]),
        row["f_title"] or "",
        row["f_speaker_name"],
        row["f_occasion_label"],
        bool(row["f_is_episode"]),
        int(row["f_evidence_start"]),
        int(row["f_evidence_end"]),
    )


def _person(row: Any, marked: str | None = None, *, counted: bool = False) -> PersonCard:
    return PersonCard(
        row["p_id"],
        row["p_name"],
        _aliases(row["p_aliases"]),
        row["p_description"],
        row["p_plays"],
        row["p_evidence_start"],
        row["p_evidence_end"],
        row["p_role"],
        row["headline"] or "",
        int(row["p_quote_count"]) if counted else None,
        int(row["p_fact_count"]) if counted else None,
        marked,
    )


def _search_hit(row: Any) -> SearchHit | None:
    kind, marked = row["item_kind"], row["marked"]
    if kind == "quote" and row["q_id"] is not None and row["q_repeat_of"] is None:
        card: Card = _quote(row, marked)
    elif kind == "fact" and row["f_id"] is not None:
        card = _fact(row, marked)
    elif kind == "person" and row["p_id"] is not None:
        card = _person(row, marked)
    else:
        return None  # a repeat, or an item deleted since it was indexed
    return SearchHit(
        card,
        float(row["score"]),
        int(row["doc_id"]),
        row["doc_text"] or "",
        row["doc_asks"] or "",
        row["doc_names"] or "",
    )


# ---------------------------------------------------------------------------------- the reader
class SearchReader:
    """A read-only connection for full-text searches, with a per-search time budget.

    The progress handler runs on the connection's own thread every few thousand VM steps and
    interrupts the statement once its deadline has passed; searches take turns (a lock), so the
    deadline always belongs to the statement running.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._deadline: float | None = None

    @property
    def shares_main_connection(self) -> bool:
        """An in-memory database cannot be opened twice: searches then use the bot's connection,
        without a time budget."""
        return str(self._db.path) == ":memory:"

    async def open(self) -> None:
        if self._conn is not None or self.shares_main_connection:
            return
        conn = await aiosqlite.connect(self._db.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.executescript(
            "PRAGMA query_only = ON; PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY;"
            f" PRAGMA mmap_size = {_SEARCH_MMAP_BYTES};"
        )
        await conn.set_progress_handler(self._past_deadline, _PROGRESS_EVERY)
        self._conn = conn

    async def close(self) -> None:
        if self._conn is not None:
            async with self._lock:
                await self._conn.close()
            self._conn = None

    def _past_deadline(self) -> int:
        deadline = self._deadline
        return 1 if deadline is not None and time.monotonic() > deadline else 0

    async def fetch(self, sql: str, params: dict[str, Any], *, budget: float | None) -> list[aiosqlite.Row]:
        if self._conn is None:
            if not self.shares_main_connection:
                await self.open()
            if self._conn is None:
                return await self._db.fetch_all(sql, params)
        async with self._lock:
            self._deadline = None if budget is None else time.monotonic() + budget
            try:
                return list(await self._conn.execute_fetchall(sql, params))
            except sqlite3.OperationalError as exc:
                if "interrupt" in str(exc).lower():
                    raise SearchTimeout(f"search stopped after {budget:.3f} s") from exc
                raise
            finally:
                self._deadline = None


# ---------------------------------------------------------------------------------- the repository
# What a server retired: (kind, id) pairs, read from wherever the server state lives.
RetiredLookup = Callable[[int], Awaitable[Collection[tuple[str, str]]]]


class SearchRepo:
    """Reads for the lookup commands. ``guild_id`` everywhere: what that server retired is left out.

    The content and its index are in ``db`` (SQLite, local to the process). What a server retired is
    read by the statements themselves from this same file, or, when the server state lives elsewhere
    (PostgreSQL), asked of ``retired`` first."""

    def __init__(
        self, db: Database, reader: SearchReader | None = None, *, retired: RetiredLookup | None = None
    ) -> None:
        self._db = db
        self.reader = reader or SearchReader(db)
        self._retired = retired

    async def _scope(self, guild_id: int) -> dict[str, str | int | None]:
        """The :guild and :retired parameters for ``guild_id`` (nothing retired in direct messages)."""
        if self._retired is None:  # this file holds the state: no round trip before the statement
            return {"guild": guild_id, "retired": "[]"}
        retired = () if guild_id == NO_GUILD else await self._retired(guild_id)
        return {"guild": None, "retired": json.dumps(sorted(f"{kind}:{item_id}" for kind, item_id in retired))}

    # -- people ---------------------------------------------------------------------------------
    async def people_names(self) -> list[PersonName]:
        rows = await self._db.fetch_all(
            "SELECT id, name, aliases, plays FROM people WHERE active = 1 ORDER BY evidence_start IS NULL, evidence_start, id"
        )
        return [PersonName(r["id"], r["name"], _aliases(r["aliases"]), r["plays"]) for r in rows]

    async def person_card(
        self, guild_id: int, person_id: str, *, kinds: Sequence[str] = ITEM_KINDS
    ) -> PersonCard | None:
        """A person with how many quotes and facts this server shows of theirs (None for a kind
        not in ``kinds``: a feature turned off is not counted either)."""
        row = await self._db.fetch_one(
            f"SELECT {_PERSON_COLUMNS}, {_PERSON_COUNTS}, {_HEADLINE} FROM people pp WHERE pp.id = :person AND pp.active = 1",
            {**await self._scope(guild_id), "person": person_id},
        )
        if row is None:
            return None
        card = _person(row, counted=True)
        return dataclasses.replace(
            card,
            quote_count=card.quote_count if "quote" in kinds else None,
            fact_count=card.fact_count if "fact" in kinds else None,
        )

    async def speakers(self, guild_id: int) -> set[str]:
        """The people with at least one quote this server shows."""
        rows = await self._db.fetch_all(
            f"SELECT DISTINCT q.speaker_id FROM quotes q WHERE {_VISIBLE_QUOTE}", await self._scope(guild_id)
        )
        return {r["speaker_id"] for r in rows}

    async def people_cards(self, guild_id: int, person_ids: Sequence[str]) -> list[PersonCard]:
        """These people's cards (without counts), in the order given."""
        rows = await self._db.fetch_all(
            f"SELECT {_PERSON_COLUMNS}, {_HEADLINE} FROM people pp"
            " WHERE pp.active = 1 AND pp.id IN (SELECT value FROM json_each(:ids))",
            {"ids": json.dumps(list(person_ids))},
        )
        found = {r["p_id"]: _person(r) for r in rows}
        return [found[p] for p in person_ids if p in found]

    async def quotation_spans(self) -> list[tuple[int, int]]:
        """Where the article prints quoted words (every quote, the headline's deck included)."""
        rows = await self._db.fetch_all("SELECT start_offset AS s, end_offset AS e FROM quotes ORDER BY s")
        return [(int(r["s"]), int(r["e"])) for r in rows]

    # -- what /ask knows besides the index --------------------------------------------------------
    async def synonyms(self) -> list[list[str]]:
        """The content file's synonym groups, in order."""
        rows = await self._db.fetch_all("SELECT words FROM synonyms ORDER BY id")
        groups = []
        for row in rows:
            try:
                value = json.loads(row["words"])
            except ValueError:
                continue
            if isinstance(value, list):
                groups.append([str(v) for v in value])
        return groups

    async def fan_words(self) -> list[tuple[list[str], str]]:
        """The content file's fan words: (what fans say, the words /ask reads instead), in order."""
        rows = await self._db.fetch_all("SELECT says, means FROM search_fan_words ORDER BY id")
        found = []
        for row in rows:
            try:
                says = json.loads(row["says"])
            except ValueError:
                continue
            if isinstance(says, list):
                found.append(([str(s) for s in says], str(row["means"])))
        return found

    async def documents(self) -> list[IndexedDocument]:
        """Every active document, for /ask's semantic index (read once per index generation)."""
        rows = await self.reader.fetch(_DOCUMENTS, {}, budget=None)
        return [
            IndexedDocument(
                int(r["doc_id"]),
                r["item_kind"],
                r["title"] or "",
                f"{r['body']} {r['evidence']}".strip(),
                tuple(a for a in (r["asks"] or "").split(" / ") if a.strip()),
            )
            for r in rows
        ]

    async def hits_for_docs(
        self, doc_ids: Sequence[int], *, guild_id: int, kinds: Sequence[str] = ITEM_KINDS
    ) -> list[SearchHit]:
        """These documents as hits (with their texts), in the order given, leaving out what the
        server retired, turned off (``kinds``) or no longer has."""
        if not doc_ids:
            return []
        rows = await self.reader.fetch(
            _BY_DOCS,
            {"ids": json.dumps(list(doc_ids)), "kinds": json.dumps(list(kinds)), **await self._scope(guild_id)},
            budget=SEARCH_BUDGET,
        )
        return [hit for hit in map(_search_hit, rows) if hit is not None]

    async def aired(self) -> str | None:
        """When the episode aired, or None: the article does not say."""
        row = await self._db.fetch_one("SELECT aired FROM episode WHERE id = 1")
        return None if row is None else row["aired"]

    # -- quotes ---------------------------------------------------------------------------------
    async def random_quote(self, guild_id: int, speaker_id: str | None = None) -> QuoteCard | None:
        condition = f"{_VISIBLE_QUOTE} AND (:speaker IS NULL OR q.speaker_id = :speaker)"
        row = await self._db.fetch_one(
            _random_row(f"{_QUOTE_COLUMNS}, {_HEADLINE}", _QUOTE_FROM, "q", condition),
            {**await self._scope(guild_id), "speaker": speaker_id},
        )
        return None if row is None else _quote(row)

    async def visible_quotes(self, guild_id: int) -> list[QuoteCard]:
        """Every quote this server shows, in article order (what "Is this a real quote?" compares)."""
        rows = await self._db.fetch_all(
            f"SELECT {_QUOTE_COLUMNS}, {_HEADLINE} FROM {_QUOTE_FROM} WHERE {_VISIBLE_QUOTE} ORDER BY q.start_offset, q.id",
            await self._scope(guild_id),
        )
        return [_quote(r) for r in rows]

    async def quotes_by(self, guild_id: int, speaker_id: str, *, limit: int | None = None) -> list[QuoteCard]:
        """A speaker's quotes in article order; only the first ``limit`` (an index reads no others)."""
        rows = await self._db.fetch_all(
            f"SELECT {_QUOTE_COLUMNS}, {_HEADLINE} FROM {_QUOTE_FROM} WHERE {_VISIBLE_QUOTE} AND q.speaker_id = :speaker"
            " ORDER BY q.start_offset, q.id" + ("" if limit is None else " LIMIT :limit"),
            {**await self._scope(guild_id), "speaker": speaker_id, "limit": limit},
        )
        return [_quote(r) for r in rows]

    async def quotes_matching(self, guild_id: int, speaker_id: str, match: str, *, limit: int) -> list[QuoteCard]:
        """A speaker's quotes that the FTS5 expression ``match`` finds (built by ``bot.search``, never
        raw text), in article order: the first ``limit`` the index finds, so that a word in most
        quotes costs no more than a rare one. Raises :class:`SearchTimeout` past the time budget."""
        rows = await self.reader.fetch(
            _QUOTES_MATCHING,
            {**await self._scope(guild_id), "speaker": speaker_id, "match": match, "limit": limit},
            budget=SEARCH_BUDGET,
        )
        return [_quote(r) for r in rows]

    # -- facts ----------------------------------------------------------------------------------
    async def random_fact(self, guild_id: int) -> FactCard | None:
        row = await self._db.fetch_one(
            _random_row(f"{_FACT_COLUMNS}, {_HEADLINE}", "facts f", "f", _VISIBLE_FACT), await self._scope(guild_id)
        )
        return None if row is None else _fact(row)

    async def facts_about(self, guild_id: int, person_id: str) -> list[FactCard]:
        """Facts about a person, in article order."""
        rows = await self._db.fetch_all(
            f"SELECT {_FACT_COLUMNS}, {_HEADLINE} FROM facts f WHERE {_VISIBLE_FACT}"
            " AND EXISTS (SELECT 1 FROM fact_people fp WHERE fp.fact_id = f.id AND fp.person_id = :person)"
            " ORDER BY f.evidence_start, f.id",
            {**await self._scope(guild_id), "person": person_id},
        )
        return [_fact(r) for r in rows]

    # -- the Context button -----------------------------------------------------------------------
    async def context_source(self, kind: str, item_id: str) -> ContextSource | None:
        """Where a quote, fact (its whole sentence) or person (the words saying who they are) sits
        in the article; retired items too, since an old card may still be on screen."""
        spans = {
            "quote": "SELECT start_offset AS s, end_offset AS e FROM quotes WHERE id = :id",
            "fact": "SELECT sentence_start AS s, sentence_end AS e FROM facts WHERE id = :id",
            "person": "SELECT evidence_start AS s, evidence_end AS e FROM people WHERE id = :id",
        }
        if kind not in spans:
            return None
        row = await self._db.fetch_one(
            f"SELECT a.body, a.headline, item.s, item.e FROM article a, ({spans[kind]}) item"
            " WHERE a.id = 1 AND item.s IS NOT NULL AND item.e IS NOT NULL",
            {"id": item_id},
        )
        if row is None:
            return None
        return ContextSource(row["body"], row["headline"], int(row["s"]), int(row["e"]), kind == "quote")

    # -- full-text search -----------------------------------------------------------------------
    async def search(
        self,
        match: str,
        *,
        phrases: Sequence[str],
        guild_id: int,
        kinds: Sequence[str] = ("quote",),
        limit: int = 25,
        highlighted: int = 5,
        texts: bool = False,
        budget: float | None = SEARCH_BUDGET,
    ) -> list[SearchHit]:
        """Ranked matches of the FTS5 expression ``match``, best first; ``phrases`` are its words
        as FTS5 phrases, the candidates for ranking (both built by ``bot.search.query``, never raw
        user text). The first ``highlighted`` come with their matched words marked; with
        ``texts``, every hit with its indexed text, fan questions and names. Raises
        :class:`SearchTimeout` past the time budget."""
        unknown = set(kinds) - set(ITEM_KINDS)
        if unknown:
            raise ValueError(f"unknown item kinds {sorted(unknown)}")
        rows = await self.reader.fetch(
            _SEARCH,
            {
                "match": match,
                "phrases": json.dumps(list(phrases)),
                "any_phrase": " OR ".join(phrases) or _NEVER,
                "common": COMMON_DOCS,
                "never": _NEVER,
                "kinds": json.dumps(list(kinds)),
                **await self._scope(guild_id),
                # a few more than asked for: repeats are dropped after ranking
                "limit": limit + 2,
                "window": RANK_WINDOW,
                "highlighted": highlighted,
                "texts": texts,
                "mark_start": MARK_START,
                "mark_end": MARK_END,
            },
            budget=budget,
        )
        hits = [hit for hit in map(_search_hit, rows) if hit is not None]
        return hits[:limit]

    async def highlights(self, phrases: Sequence[str], doc_ids: Sequence[int]) -> dict[int, str]:
        """``highlight()`` of these documents' main text for any of ``phrases``, by document."""
        if not phrases or not doc_ids:
            return {}
        rows = await self.reader.fetch(
            "SELECT rowid, highlight(search_fts, 0, :mark_start, :mark_end) AS marked FROM search_fts"
            " WHERE search_fts MATCH :any_phrase AND rowid IN (SELECT value FROM json_each(:ids))",
            {
                "any_phrase": " OR ".join(phrases),
                "ids": json.dumps(list(doc_ids)),
                "mark_start": MARK_START,
                "mark_end": MARK_END,
            },
            budget=SEARCH_BUDGET,
        )
        return {int(r["rowid"]): r["marked"] for r in rows}

    async def index_generation(self) -> int:
        """Changes whenever indexed text changes (a cache key for the vocabulary)."""
        row = await self._db.fetch_one("SELECT generation FROM search_state WHERE id = 1")
        return 0 if row is None else int(row["generation"])

    async def indexed_texts(self, kinds: Iterable[str] = ITEM_KINDS) -> list[str]:
        """Every active document's text (the vocabulary for typo suggestions)."""
        rows = await self.reader.fetch(
            "SELECT body || ' ' || names || ' ' || evidence || ' ' || asks AS text FROM search_docs"
            " WHERE active = 1 AND item_kind IN (SELECT value FROM json_each(:kinds))",
            {"kinds": json.dumps(list(kinds))},
            budget=None,
        )
        return [r["text"] for r in rows]
