"""Rows the moderation tests need from other features' tables, written with plain SQL that both
backends read alike (tests/backends.py)."""

from __future__ import annotations

from tests.backends import RawSql

ARTICLE = "Intro. “Jess and Rory, I think they were what they needed,” he said. Milo played Jess in 2016. End."
QUOTE_BODY = "Jess and Rory, I think they were what they needed,"


async def seed_content(sql: RawSql) -> dict[str, int]:
    """The article, one person, occasion, quote and fact, and one episode question about each."""
    start = ARTICLE.index(QUOTE_BODY)
    fact_start = ARTICLE.index("Milo played")
    fact_end = ARTICLE.index(" End.")
    await sql.script(
        [
            ("INSERT INTO article (id, headline, body, source_note) VALUES (1, 'h', ?, 's')", (ARTICLE,)),
            ("INSERT INTO people (id, name, description) VALUES ('milo', 'Milo Ventimiglia', 'guest')", ()),
            ("INSERT INTO occasions (id, label, is_episode) VALUES ('podcast', 'the podcast', TRUE)", ()),
            (
                "INSERT INTO quotes (id, body, speaker_id, occasion_id, kind, passage_id, start_offset, end_offset)"
                " VALUES ('q-needed', ?, 'milo', 'podcast', 'own', 'q-needed', ?, ?)",
                (QUOTE_BODY, start, start + len(QUOTE_BODY)),
            ),
            (
                "INSERT INTO facts (id, body, sentence_start, sentence_end, evidence_start, evidence_end)"
                " VALUES ('f-2016', 'Milo returned as Jess in 2016.', ?, ?, ?, ?)",
                (fact_start, fact_end, fact_start, fact_end),
            ),
        ]
    )
    quote_q = await sql.insert(
        "INSERT INTO questions (key, category, form, prompt, answer, wrong, quote_id, evidence_start, evidence_end)"
        " VALUES ('who-said:q-needed', 'quotes', 'choice', 'Who said this?', 'Milo Ventimiglia', '[\"Scott\"]',"
        " 'q-needed', ?, ?) RETURNING id",
        start,
        start + len(QUOTE_BODY),
    )
    fact_q = await sql.insert(
        "INSERT INTO questions (key, category, form, prompt, answer, fact_id) VALUES"
        " ('fact:f-2016', 'facts', 'typed', 'When did Milo return as Jess?', '2016', 'f-2016') RETURNING id"
    )
    return {"quote_question": quote_q, "fact_question": fact_q}


async def seed_answer(
    sql: RawSql, guild_id: int, question_id: int, user_id: int, *, correct: bool, points: int, season: int = 1
) -> int:
    """One finished one-round game on ``question_id`` that ``user_id`` answered (trivia's trigger folds
    the answer into their score)."""
    game = await sql.insert(
        "INSERT INTO games (guild_id, channel_id, started_by, status, rounds, timer, season)"
        " VALUES (?, 500, ?, 'finished', 1, 20, ?) RETURNING id",
        guild_id,
        user_id,
        season,
    )
    await sql.execute(
        "INSERT INTO game_rounds (game_id, round_no, question_id, started_at, deadline, revealed)"
        " VALUES (?, 1, ?, 0, 20, TRUE)",
        game,
        question_id,
    )
    await sql.execute(
        "INSERT INTO answers (game_id, round_no, guild_id, user_id, given, correct, points, elapsed_ms)"
        " VALUES (?, 1, ?, ?, 'x', ?, ?, 1000)",
        game,
        guild_id,
        user_id,
        correct,
        points,
    )
    return game
