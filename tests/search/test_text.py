"""Folding and quoting: the same words come out of the index and the queries."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.db import Database
from bot.search.text import APOSTROPHES, fold, fts_phrase, strip_accents, words


def test_apostrophes_either_way_fold_alike():
    """Straight, curly and missing apostrophes give one word."""
    assert words("dont") == words("don't") == words("don’t") == words("DON`T") == ["dont"]


def test_case_and_accents_fold():
    assert words("Café ROYALE naïve") == ["cafe", "royale", "naive"]


def test_punctuation_emoji_and_underscores_separate_words():
    assert words("pie—why?! 🥧 snake_case (a) -") == ["pie", "why", "snake", "case", "a"]
    assert words("!!! … 🥧🥧") == []


def test_fts_phrase_quotes_everything():
    """A word is always one double-quoted FTS5 string; a stray quote mark is doubled."""
    assert fts_phrase("near") == '"near"'
    assert fts_phrase('a"b') == '"a""b"'
    assert fts_phrase("gree", prefix=True) == '"gree"*'


@pytest.mark.parametrize(
    ("text", "expected"),
    [("plain", "plain"), ("Zoë", "Zoe"), ("e\u0301te\u0301", "ete"), ("pie—why", "pie—why"), ("ﬁ", "fi")],
)
def test_accents_are_stripped(text: str, expected: str):
    assert strip_accents(text) == expected


@given(st.text())
def test_stripping_accents_removes_exactly_the_combining_marks(text: str):
    """Whatever the shortcuts taken (ASCII text, ASCII runs), the result is NFKD without its marks."""
    decomposed = unicodedata.normalize("NFKD", text)
    assert strip_accents(text) == "".join(c for c in decomposed if not unicodedata.combining(c))


def test_sharp_s_is_not_expanded():
    """FTS5 keeps "ß"; so must the query side (casefold() would turn it into "ss")."""
    assert fold("Straße") == "straße"


async def test_index_removes_the_same_apostrophes_as_queries(content_db: Database):
    """The migration's replace() calls and APOSTROPHES name the same characters."""
    body = "a" + "a".join(APOSTROPHES) + "a ’quoted’ x'y"
    async with content_db.transaction() as conn:
        await conn.execute(
            "INSERT INTO quotes (id, body, speaker_id, occasion_id, kind, passage_id, start_offset, end_offset)"
            " VALUES ('apostrophes', ?, 'milo-ventimiglia', 'podcast', 'own', 'apostrophes', 0, 1)",
            (body,),
        )
    row = await content_db.fetch_one(
        "SELECT body FROM search_docs WHERE item_kind = 'quote' AND item_id = 'apostrophes'"
    )
    assert row["body"] == "".join(c for c in body if c not in APOSTROPHES)


@pytest.mark.parametrize("char", list(APOSTROPHES))
def test_every_apostrophe_joins_a_contraction(char: str):
    assert words(f"wouldn{char}t") == ["wouldnt"]


def test_fts_phrase_never_breaks_fts5_syntax():
    """Whatever the words, the quoted phrase parses as FTS5 (checked against SQLite itself)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    for word in ['"', "*", "NEAR", "AND", "(", ")", "-", "body:", "^", 'x" OR "y', "'"]:
        conn.execute("SELECT * FROM t WHERE t MATCH ?", (fts_phrase(word),)).fetchall()
        conn.execute("SELECT * FROM t WHERE t MATCH ?", (fts_phrase(word, prefix=True),)).fetchall()
