"""The search index follows every write to quotes, facts, people and the article, by triggers,
inside the writer's transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import ContentPaths, load_content
from bot.db import Database


async def docs(db: Database, kind: str) -> dict[str, dict]:
    rows = await db.fetch_all("SELECT * FROM search_docs WHERE item_kind = ?", (kind,))
    return {r["item_id"]: dict(r) for r in rows}


async def matching(db: Database, expression: str) -> set[str]:
    rows = await db.fetch_all(
        "SELECT d.item_kind || ':' || d.item_id AS item FROM search_fts JOIN search_docs d ON d.doc_id = search_fts.rowid"
        " WHERE search_fts MATCH ?",
        (expression,),
    )
    return {r["item"] for r in rows}


async def assert_index_consistent(db: Database) -> None:
    """FTS5's own check that the index matches search_docs, plus search_docs matching its source."""
    await db.write("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)")
    stale = await db.fetch_all(
        "SELECT s.item_kind, s.item_id FROM search_source s LEFT JOIN search_docs d"
        " ON d.item_kind = s.item_kind AND d.item_id = s.item_id"
        " WHERE d.doc_id IS NULL OR (d.active, d.body, d.names, d.evidence) IS NOT (s.active, s.body, s.names, s.evidence)"
        " UNION ALL SELECT d.item_kind, d.item_id FROM search_docs d"
        " WHERE NOT EXISTS (SELECT 1 FROM search_source s WHERE s.item_kind = d.item_kind AND s.item_id = d.item_id)"
    )
    assert [tuple(r) for r in stale] == []


async def test_loaded_content_is_indexed(content_db: Database):
    """Every quote, fact and person has its document after the loader's transaction."""
    counts = await content_db.fetch_one(
        "SELECT (SELECT count(*) FROM quotes) q, (SELECT count(*) FROM facts) f, (SELECT count(*) FROM people) p"
    )
    assert counts["q"] > 10 and counts["f"] > 10 and counts["p"] > 3
    assert len(await docs(content_db, "quote")) == counts["q"]
    assert len(await docs(content_db, "fact")) == counts["f"]
    assert len(await docs(content_db, "person")) == counts["p"]
    await assert_index_consistent(content_db)


async def test_reloading_the_same_content_keeps_the_index_consistent(content_db: Database):
    await load_content(content_db, ContentPaths.default(), force=True)
    await assert_index_consistent(content_db)


async def segments(db: Database) -> int:
    row = await db.fetch_one("SELECT count(DISTINCT segid) AS n FROM search_fts_idx")
    return row["n"]


async def test_a_content_load_leaves_the_index_in_one_segment(content_db: Database):
    """Every search looks each word up in every segment: a load merges them (0017's trigger on the
    content hash, the load's last write)."""
    assert await segments(content_db) == 1
    for i in range(5):  # five transactions, five small segments (until FTS5 merges some)
        await content_db.write(
            "INSERT INTO quotes (id, body, speaker_id, occasion_id, kind, passage_id, start_offset, end_offset)"
            " VALUES (?, 'words of a later write', 'milo-ventimiglia', 'podcast', 'own', ?, 0, 1)",
            (f"later-{i}", f"later-{i}"),
        )
    assert await segments(content_db) > 1
    await load_content(content_db, ContentPaths.default(), force=True)
    assert await segments(content_db) == 1
    await assert_index_consistent(content_db)
    assert "quote:later-4" in await matching(content_db, '"later"')


async def test_quote_updates_reach_the_index(content_db: Database):
    """A changed body is searchable at once and its old words are gone."""
    assert "quote:last-serving-of-pie" in await matching(content_db, 'body : "pie"')
    await content_db.write("UPDATE quotes SET body = 'A last serving of cobbler' WHERE id = 'last-serving-of-pie'")
    assert "quote:last-serving-of-pie" not in await matching(content_db, 'body : "pie"')
    assert "quote:last-serving-of-pie" in await matching(content_db, '"cobbler"')
    await assert_index_consistent(content_db)


async def test_fan_question_updates_reach_the_index(content_db: Database):
    """An entry's fan questions are its document's `asks` column, kept in step like its text."""
    assert "quote:pretty-cool" not in await matching(content_db, 'asks : "gazebo"')
    await content_db.write("UPDATE quotes SET asks = '[\"what about the gazebo\"]' WHERE id = 'pretty-cool'")
    assert "quote:pretty-cool" in await matching(content_db, 'asks : "gazebo"')
    assert "quote:pretty-cool" not in await matching(content_db, 'body : "gazebo"')
    await assert_index_consistent(content_db)


async def test_retiring_and_deleting(content_db: Database):
    # The headline's deck: a quote no trivia question refers to, so it can be deleted.
    await content_db.write("UPDATE quotes SET active = 0 WHERE id = 'deck-different-directions'")
    assert (await docs(content_db, "quote"))["deck-different-directions"]["active"] == 0
    await content_db.write("DELETE FROM quotes WHERE id = 'deck-different-directions'")
    assert "deck-different-directions" not in await docs(content_db, "quote")
    await assert_index_consistent(content_db)


async def test_renaming_a_person_updates_their_quotes_and_facts(content_db: Database):
    await content_db.write("UPDATE people SET name = 'Milo Zebra', aliases = '[\"Zeb\"]' WHERE id = 'milo-ventimiglia'")
    found = await matching(content_db, "names:zebra")
    assert "quote:last-serving-of-pie" in found
    assert "fact:milo-played-jess" in found
    assert "person:milo-ventimiglia" in found
    await assert_index_consistent(content_db)


async def test_who_a_fact_is_about_is_indexed(content_db: Database):
    await content_db.write("DELETE FROM fact_people WHERE fact_id = 'podcast-host'")
    assert "fact:podcast-host" not in await matching(content_db, "names:patterson")
    await content_db.write("INSERT INTO fact_people (fact_id, person_id) VALUES ('podcast-host', 'scott-patterson')")
    assert "fact:podcast-host" in await matching(content_db, "names:patterson")
    await assert_index_consistent(content_db)


async def test_article_changes_refresh_evidence(content_db: Database):
    await content_db.write("UPDATE article SET body = 'x' || body WHERE id = 1")  # every offset now one off
    await assert_index_consistent(content_db)
    await content_db.write("DELETE FROM article")
    row = await content_db.fetch_one("SELECT count(*) n FROM search_docs WHERE evidence <> ''")
    assert row["n"] == 0
    await assert_index_consistent(content_db)


async def test_malformed_aliases_do_not_fail_the_writer(content_db: Database):
    await content_db.write("UPDATE people SET aliases = 'not json' WHERE id = 'scott-patterson'")
    assert (await docs(content_db, "person"))["scott-patterson"]["names"] == "Scott Patterson "
    await assert_index_consistent(content_db)


async def test_a_rolled_back_write_leaves_the_index_untouched(content_db: Database):
    before = await docs(content_db, "quote")
    with pytest.raises(RuntimeError):
        async with content_db.transaction() as conn:
            await conn.execute("UPDATE quotes SET body = 'rolled back words' WHERE id = 'pretty-cool'")
            await conn.execute("DELETE FROM quotes WHERE id = 'deck-different-directions'")
            raise RuntimeError("the loader found a problem")
    assert await docs(content_db, "quote") == before
    assert await matching(content_db, '"rolled"') == set()
    await assert_index_consistent(content_db)


async def test_the_migration_indexes_rows_that_were_already_there(tmp_path: Path):
    """A database with content from before 0003 gets it indexed by the migration itself."""
    path = tmp_path / "before.db"
    db = Database(path)
    await db.connect(migrate=False)
    try:
        await db.migrate(target=2)
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO people (id, name, aliases, description) VALUES ('p', 'Pat Doe', '[\"Pat\"]', 'A host')"
            )
            await conn.execute("INSERT INTO occasions (id, label, is_episode) VALUES ('podcast', 'The podcast', 1)")
            await conn.execute(
                "INSERT INTO quotes (id, body, speaker_id, occasion_id, kind, passage_id, start_offset, end_offset)"
                " VALUES ('q', 'Nobody makes pie like Luke’s', 'p', 'podcast', 'own', 'q', 0, 5)"
            )
        await db.migrate()
        assert await matching(db, '"lukes"') == {"quote:q"}
        assert await matching(db, '"pat"') == {"quote:q", "person:p"}
        await assert_index_consistent(db)
    finally:
        await db.close()
