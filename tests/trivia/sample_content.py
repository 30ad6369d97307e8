"""A small, real slice of the article's content for trivia tests: rows located in data/article.txt by
their exact words, as the content loader stores them (offsets into the verbatim article)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.trivia.models import BankSource, FactRow, OccasionRow, PersonRow, QuoteRow
from tests.backends import RawSql

ARTICLE = (Path(__file__).resolve().parents[2] / "data" / "article.txt").read_text(encoding="utf-8")
HEADLINE = ARTICLE.splitlines()[0]


def span(words: str, after: int = 0) -> tuple[int, int]:
    start = ARTICLE.index(words, after)
    return start, start + len(words)


PEOPLE = (
    PersonRow(
        "milo", "Milo Ventimiglia", ("Milo", "Ventimiglia"), "Jess", span("Jess (Milo Ventimiglia)"), ("Jess Mariano",)
    ),
    PersonRow("scott", "Scott Patterson", ("Scott", "Patterson"), "Luke", span("Scott Patterson (aka Luke)")),
    PersonRow("alexis", "Alexis Bledel", ("Alexis", "Bledel"), "Rory", span("Rory (Alexis Bledel)")),
    PersonRow("lauren", "Lauren Graham", ("Lauren",), None, span("Lauren [Graham]")),
    PersonRow("dan", "Dan Palladino", ("Dan",), None, span("Dan [Palladino]")),
    PersonRow("amy", "Amy Sherman-Palladino", ("Amy",), None, span("Amy [Sherman-Palladino]")),
)

OCCASIONS = (
    OccasionRow("podcast", "On the podcast I Am All In", True),
    OccasionRow("interview-2017", "In a 2017 interview", False),
)

_QUOTES = (
    ("been-a-while", "It’s been a while since I’ve thought about Jess and Rory’s relationship,", "podcast"),
    ("needed", "Jess and Rory, I think they were what they needed at the moment from each other,", "podcast"),
    ("different-directions", "At the same time, you know, it didn’t work out. They went in different directions, and that’s okay too. That’s kind of great.", "podcast"),
    ("pretty-cool", "I think that’s pretty cool,", "podcast"),
    ("jerk", "So I think if they did want to bring it back, and if it was Amy and Dan at the helm, and you guys were all showing up, I’d be a jerk not to show up.", "podcast"),
    ("greedy", "I do kind of feel like audiences shouldn’t get so greedy. They were given a last serving of pie—why don’t we just leave it at that?", "interview-2017"),
    ("get-away", "The thing is this, I can’t ever get away from it,", "podcast"),
    ("grown", "Have these characters grown to a point where we actually really want to see more of them?", "podcast"),
)  # fmt: skip

QUOTES = tuple(
    QuoteRow(qid, body, "milo", occasion, "own", qid, 1, None, *span(body)) for qid, body, occasion in _QUOTES
)

FACTS = (
    FactRow(
        "revival-year",
        "Milo reprised Jess for the 2016 Netflix miniseries.",
        span("He reprised his role of Jess for the 2016 Netflix miniseries"),
        span("the 2016 Netflix miniseries"),
        "In what year did the Netflix miniseries come out?",
        "2016",
        "year",
    ),
    FactRow(
        "years-after",
        "He spoke about it over 14 years after the series' final episode aired.",
        span("Their story was an emotional rollercoaster ride and Ventimiglia finally shared"),
        span("over 14 years after the series’ final episode aired"),
        "How many years after the final episode did he share his thoughts (at least)?",
        "14",
        "number",
    ),
    FactRow(
        "host",
        "Scott Patterson hosts I Am All In.",
        span("During an appearance on the podcast I Am All In"),
        span("hosted by Gilmore Girls costar Scott Patterson"),
        "Who hosts the podcast I Am All In?",
        "Scott Patterson",
        "name",
    ),
    FactRow("no-question", "An opinion-free fact without a question.", (0, 10), (0, 10)),
)

SOURCE = BankSource(people=PEOPLE, quotes=QUOTES, facts=FACTS, occasions=OCCASIONS)


def _upsert(table: str, columns: str, key: str = "id") -> str:
    """INSERT ... ON CONFLICT DO UPDATE, which both backends read alike."""
    names = [c.strip() for c in columns.split(",")]
    return (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(names))}) ON CONFLICT ({key}) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in names if c != key)
    )


async def insert_content(sql: RawSql, *, content_hash: str = "sample-1", source: BankSource = SOURCE) -> None:
    """Store the sample as the content loader would (the rows the trivia repository reads)."""
    statements: list[tuple[str, tuple[Any, ...]]] = [
        (_upsert("article", "id, headline, body, source_note"), (1, HEADLINE, ARTICLE, "test copy"))
    ]
    statements += [
        (
            _upsert("people", "id, name, aliases, description, plays, evidence_start, evidence_end, plays_accepted"),
            (
                p.id,
                p.name,
                json.dumps(p.aliases),
                "in the article",
                p.plays,
                *(p.evidence or (None, None)),
                json.dumps(p.plays_accepted),
            ),
        )
        for p in source.people
    ]
    statements += [
        (_upsert("occasions", "id, label, is_episode"), (o.id, o.label, o.is_episode)) for o in source.occasions
    ]
    statements += [
        (
            _upsert(
                "quotes",
                "id, body, speaker_id, occasion_id, kind, passage_id, part, parent_id, start_offset, end_offset",
            ),
            (q.id, q.body, q.speaker_id, q.occasion_id, q.kind, q.passage_id, q.part, q.parent_id, q.start, q.end),
        )
        for q in source.quotes
    ]
    statements += [
        (
            _upsert(
                "facts",
                "id, body, sentence_start, sentence_end, evidence_start, evidence_end, question, answer, answer_kind,"
                " wrong, accepted",
            ),
            (
                f.id,
                f.body,
                *f.sentence,
                *f.evidence,
                f.question,
                f.answer,
                f.answer_kind,
                json.dumps(f.wrong),
                json.dumps(f.accepted),
            ),
        )
        for f in source.facts
    ]
    statements.append((_upsert("meta", "key, value", key="key"), ("content_hash", content_hash)))
    await sql.script(statements)
