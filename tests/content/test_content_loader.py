"""The loader against a real SQLite file: what it stores, all-or-nothing loads, skips, stable ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import ContentError, ContentPaths, load_content
from bot.db import Database
from bot.db.content_repo import CONTENT_HASH_KEY, ContentRepo

CONTENT_TABLES = ("article", "episode", "occasions", "people", "quotes", "facts", "fact_people", "questions", "meta")


async def dump(db: Database) -> dict[str, list[tuple]]:
    return {t: [tuple(r) for r in await db.fetch_all(f"SELECT * FROM {t} ORDER BY 1, 2")] for t in CONTENT_TABLES}


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def test_stored_offsets_slice_back_to_the_article(db: Database, paths: ContentPaths, article_text: str) -> None:
    report = await load_content(db, paths)
    assert report.loaded
    assert report.counts == {"people": 6, "occasions": 2, "quotes": 14, "facts": 28, "questions": 80}
    repo = ContentRepo(db)
    article = await repo.article()
    assert article is not None and article.body == article_text  # the stored copy is verbatim
    for quote in await repo.quotes():
        assert article.excerpt(quote.start, quote.end) == quote.body
    for fact in await repo.facts():
        sentence = article.excerpt(fact.sentence_start, fact.sentence_end)
        assert article.excerpt(fact.evidence_start, fact.evidence_end) in sentence
    for person in await repo.people():
        assert person.evidence_start is not None and person.evidence_end is not None
        assert person.name.split()[-1].strip("[]") in article.excerpt(person.evidence_start, person.evidence_end) + (
            " ".join(person.aliases)
        )


async def test_quotes_read_back_with_speaker_and_occasion(db: Database, paths: ContentPaths) -> None:
    await load_content(db, paths)
    repo = ContentRepo(db)
    pie = await repo.quote("last-serving-of-pie")
    assert pie is not None
    assert (pie.speaker_name, pie.occasion_id, pie.is_episode) == ("Milo Ventimiglia", "interview-2017", False)
    passage = await repo.passage("pretty-cool")
    assert [q.id for q in passage] == ["pretty-cool", "outside-influence", "their-own-world"]
    fact = await repo.fact("who-would-show-up")
    assert fact is not None and "lauren-graham" in fact.about and len(fact.about) == 6
    assert [p.id for p in (await repo.episode_card()).people][:2] == ["scott-patterson", "milo-ventimiglia"]


async def test_curated_questions_are_stored_under_their_key(db: Database, paths: ContentPaths) -> None:
    await load_content(db, paths)
    rows = {
        r["key"]: r
        for r in await db.fetch_all(
            "SELECT key, guild_id, form, prompt, answer, wrong, answer_kind, topics, evidence_start FROM questions"
        )
    }
    assert len(rows) == 80 and all(k.startswith("curated:") for k in rows)
    assert all(r["guild_id"] is None and r["evidence_start"] is not None for r in rows.values())
    pie = rows["curated:last-serving"]  # a blank made from its quote, which may also be typed
    assert pie["prompt"].endswith("\n> They were given a last serving of ▁▁▁▁—why don’t we just leave it at that?")
    assert (pie["answer"], pie["answer_kind"]) == ("pie", "quote")
    assert pie["topics"] == '["fact:last-serving-of-pie", "quote:last-serving-of-pie"]'
    trap = rows["curated:greedy-on-the-podcast"]
    assert (trap["form"], trap["answer"], trap["wrong"]) == ("true_false", "False", '["True"]')


async def test_failing_load_changes_nothing(db: Database, paths: ContentPaths) -> None:
    await load_content(db, paths)
    before = await dump(db)
    rewrite(paths.content, 'text = "Milo Ventimiglia played Jess', 'text = "Milo Ventimiglia played Luke')  # valid
    rewrite(paths.content, "I think that’s pretty cool,", "I think that’s pretty neat,")  # not in the article
    with pytest.raises(ContentError) as caught:
        await load_content(db, paths, force=True)
    assert any("pretty-cool" in p for p in caught.value.problems)
    assert await dump(db) == before


async def test_failure_inside_the_transaction_rolls_everything_back(db: Database, paths: ContentPaths) -> None:
    """A database error half-way through the writes (here a trigger) leaves the earlier writes undone."""
    await load_content(db, paths)
    before = await dump(db)
    await db.write("CREATE TEMP TRIGGER refuse_facts BEFORE UPDATE ON facts BEGIN SELECT RAISE(ABORT, 'refused'); END")
    rewrite(paths.content, "Milo Ventimiglia played Jess on Gilmore Girls.", "Milo played Jess.")
    rewrite(paths.content, 'name = "Lauren Graham"', 'name = "Lauren Graham (actor)"')  # people are written first
    with pytest.raises(Exception, match="refused"):
        await load_content(db, paths)
    assert await dump(db) == before


async def test_failing_first_load_leaves_an_empty_database(db: Database, paths: ContentPaths) -> None:
    paths.content.write_text("", encoding="utf-8")
    with pytest.raises(ContentError):
        await load_content(db, paths)
    assert all(rows == [] for rows in (await dump(db)).values())


async def test_binary_junk_names_the_file(db: Database, paths: ContentPaths) -> None:
    paths.content.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00junk")
    with pytest.raises(ContentError) as caught:
        await load_content(db, paths)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].endswith("episode.toml: not UTF-8 text (byte 0x89 at offset 0); save it as UTF-8")


async def test_missing_and_binary_files_are_both_reported(db: Database, paths: ContentPaths) -> None:
    paths.article.write_bytes(b"caf\xe9")
    paths.content.unlink()
    with pytest.raises(ContentError) as caught:
        await load_content(db, paths)
    assert len(caught.value.problems) == 2
    assert "article.txt: not UTF-8 text (byte 0xe9 at offset 3)" in caught.value.problems[0]
    assert "episode.toml: cannot be read" in caught.value.problems[1]


async def test_reload_is_idempotent(db: Database, paths: ContentPaths) -> None:
    await load_content(db, paths)
    before = await dump(db)
    changes = db.conn.total_changes
    assert (await load_content(db, paths, force=True)).loaded
    assert await dump(db) == before
    # identical rows are not rewritten, so triggers (the search index's) stay quiet: only the hash is
    assert db.conn.total_changes - changes == 1


async def test_unchanged_files_are_skipped(db: Database, paths: ContentPaths) -> None:
    first = await load_content(db, paths)
    stored_hash = await ContentRepo(db).content_hash()
    await db.write("UPDATE facts SET body = 'tampered' WHERE id = 'team-dean'")
    second = await load_content(db, paths)
    assert not second.loaded and second.counts == first.counts
    assert second.summary().startswith("unchanged, 6 people")
    assert (await ContentRepo(db).fact("team-dean")).body == "tampered"  # skipped, so not rewritten
    rewrite(paths.content, "# Format:", "# A comment changes the file, so it loads again.\n# Format:")
    assert (await load_content(db, paths)).loaded
    assert (await ContentRepo(db).fact("team-dean")).body != "tampered"
    assert await ContentRepo(db).content_hash() not in (None, stored_hash)
    assert (await db.fetch_one("SELECT count(*) AS n FROM meta WHERE key = ?", (CONTENT_HASH_KEY,)))["n"] == 1


async def test_ids_are_stable_across_an_edit(db: Database, paths: ContentPaths) -> None:
    await load_content(db, paths)
    await db.write(  # a generated question referring to a quote and a fact, as the trivia feature makes
        "INSERT INTO questions (key, category, form, prompt, answer, quote_id, fact_id) "
        "VALUES ('who-said:pretty-cool', 'quotes', 'choice', 'Who said it?', 'Milo', 'pretty-cool', 'stars-hollow')"
    )
    curated_id = (await db.fetch_one("SELECT id FROM questions WHERE key = 'curated:who-hosts'"))["id"]
    rewrite(paths.content, "In its closing lines, the article suggests", "The article closes by suggesting")
    rewrite(paths.content, 'id = "pretty-cool"', 'id = "pretty-cool-2"')
    rewrite(paths.content, 'continues = "pretty-cool"', 'continues = "pretty-cool-2"')
    text = paths.content.read_text(encoding="utf-8")  # and the questions about it
    paths.content.write_text(text.replace('quote = "pretty-cool"\n', 'quote = "pretty-cool-2"\n'), encoding="utf-8")
    rewrite(paths.content, '\n[[questions]]\nid = "rollercoaster"', '\n[[questions]]\nid = "rollercoaster-2"')
    report = await load_content(db, paths)
    assert report.loaded
    repo = ContentRepo(db)
    assert (await repo.fact("stars-hollow")).body.startswith("The article closes")
    retired = await db.fetch_one("SELECT active, body FROM quotes WHERE id = 'pretty-cool'")
    assert (retired["active"], retired["body"]) == (0, "I think that’s pretty cool,")  # kept, not deleted
    assert [q.id for q in await repo.passage("pretty-cool-2")] == [
        "pretty-cool-2",
        "outside-influence",
        "their-own-world",
    ]
    assert "pretty-cool" not in {q.id for q in await repo.quotes()}
    questions = {r["key"]: r for r in await db.fetch_all("SELECT id, key, active FROM questions")}
    assert questions["who-said:pretty-cool"]["active"] == 1  # another feature's question: untouched
    assert questions["curated:rollercoaster"]["active"] == 0
    assert questions["curated:rollercoaster-2"]["active"] == 1
    assert questions["curated:who-hosts"]["id"] == curated_id
    assert report.counts["quotes"] == 14 and (await repo.counts())["quotes"] == 14


async def test_removed_people_and_facts_are_retired_and_come_back(db: Database, paths: ContentPaths) -> None:
    await load_content(db, paths)
    original = paths.content.read_text(encoding="utf-8")
    start = original.index('[[people]]\nid = "lauren-graham"')
    end = original.index("[[people]]", start + 1)
    without = original[:start] + original[end:]
    without = without.replace('"lauren-graham", ', "")  # the fact that names her
    paths.content.write_text(without, encoding="utf-8")
    await load_content(db, paths)
    assert "lauren-graham" not in {p.id for p in await ContentRepo(db).people()}
    assert (await db.fetch_one("SELECT active FROM people WHERE id = 'lauren-graham'"))["active"] == 0
    paths.content.write_text(original, encoding="utf-8")
    await load_content(db, paths)
    assert "lauren-graham" in {p.id for p in await ContentRepo(db).people()}


async def test_default_paths_point_at_the_project_data() -> None:
    default = ContentPaths.default()
    assert default.article.name == "article.txt" and default.article.is_file()
    assert default.content.name == "episode.toml" and default.content.is_file()
