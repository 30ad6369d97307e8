"""The lookups' SQL on a real database: cards, what a server retired, ranking and the time cap."""

from __future__ import annotations

import sqlite3

import pytest

from bot.db import Database
from bot.db.search_repo import FactCard, PersonCard, QuoteCard, SearchRepo, SearchTimeout
from bot.search.engine import SearchEngine
from bot.search.query import search_terms

GUILD, OTHER_GUILD = 111, 222


async def find(repo: SearchRepo, text: str, *, any_word: bool = False, **kwargs):
    """A search for ``text``'s words, all of them (or any)."""
    terms = search_terms(text)
    match = terms.any_of() if any_word else terms.all_of()
    return await repo.search(match.expression, phrases=match.phrases, **kwargs)


async def retire(db: Database, kind: str, item_id: str, guild_id: int = GUILD) -> None:
    await db.write(
        "INSERT INTO retired_items (guild_id, item_kind, item_id) VALUES (?, ?, ?)", (guild_id, kind, item_id)
    )


async def test_search_ranks_and_highlights(repo: SearchRepo):
    hits = await find(repo, "greedy audiences", guild_id=GUILD)
    assert [h.card.id for h in hits] == ["last-serving-of-pie"]
    card = hits[0].card
    assert isinstance(card, QuoteCard)
    assert not card.is_episode  # the 2017 interview
    assert "2017" in card.occasion_label
    assert card.headline.startswith("Milo Ventimiglia Has Made Peace")
    assert "\ue000greedy\ue001" in card.marked


async def test_search_leaves_out_what_a_server_retired(repo: SearchRepo, content_db: Database):
    await retire(content_db, "quote", "last-serving-of-pie")
    assert await find(repo, "greedy", guild_id=GUILD) == []
    assert [h.card.id for h in await find(repo, "greedy", guild_id=OTHER_GUILD)] == ["last-serving-of-pie"]


async def test_search_leaves_out_inactive_items_and_repeats(repo: SearchRepo, content_db: Database):
    found = [h.card.id for h in await find(repo, "different directions", guild_id=GUILD)]
    assert found == ["didnt-work-out"]  # the headline's deck repeats it and is not shown twice
    await content_db.write("UPDATE quotes SET active = 0 WHERE id = 'didnt-work-out'")
    assert await find(repo, "different directions", guild_id=GUILD) == []


async def test_search_of_several_kinds(repo: SearchRepo):
    hits = await find(repo, "hosted host", any_word=True, guild_id=GUILD, kinds=("fact", "person", "quote"))
    kinds = {type(h.card) for h in hits}
    assert FactCard in kinds and PersonCard in kinds
    fact = next(h.card for h in hits if isinstance(h.card, FactCard) and h.card.id == "podcast-host")
    assert "Scott Patterson" in fact.about
    assert "hosted by" in fact.evidence


async def test_unknown_kind_is_refused(repo: SearchRepo):
    with pytest.raises(ValueError, match="unknown item kinds"):
        await find(repo, "pie", guild_id=GUILD, kinds=("questions",))


async def test_random_quote_by_speaker_and_retired(repo: SearchRepo, content_db: Database):
    quote = await repo.random_quote(GUILD, "milo-ventimiglia")
    assert quote is not None and quote.speaker_id == "milo-ventimiglia"
    assert await repo.random_quote(GUILD, "lauren-graham") is None  # she says nothing in the article
    for row in await content_db.fetch_all("SELECT id FROM quotes"):
        await retire(content_db, "quote", row["id"])
    assert await repo.random_quote(GUILD) is None
    assert await repo.random_quote(OTHER_GUILD) is not None


async def test_quotes_by_in_article_order_without_repeats(repo: SearchRepo):
    quotes = await repo.quotes_by(GUILD, "milo-ventimiglia")
    starts = [q.start for q in quotes]
    assert starts == sorted(starts)
    assert "deck-different-directions" not in {q.id for q in quotes}
    assert quotes[0].id == "been-a-while"


async def test_facts(repo: SearchRepo, content_db: Database):
    about_scott = await repo.facts_about(GUILD, "scott-patterson")
    assert "podcast-host" in {f.id for f in about_scott}
    await retire(content_db, "fact", "podcast-host")
    assert "podcast-host" not in {f.id for f in await repo.facts_about(GUILD, "scott-patterson")}
    fact = await repo.random_fact(GUILD)
    assert fact is not None and fact.evidence and fact.headline


async def test_search_says_which_facts_rest_on_quoted_words(repo: SearchRepo):
    """A fact whose evidence is someone's quoted words is marked, in a search as in a lookup."""
    hits = await find(repo, "pie", guild_id=GUILD, kinds=("fact", "quote"))
    facts = {h.card.id: h.card.quoted for h in hits if isinstance(h.card, FactCard)}
    assert facts["last-serving-of-pie"] is True
    assert any(isinstance(h.card, QuoteCard) for h in hits)
    looked_up = {f.id: f.quoted for f in await repo.facts_about(GUILD, "milo-ventimiglia")}
    assert looked_up["last-serving-of-pie"] is True and looked_up["milo-played-jess"] is False


async def search_steps(repo: SearchRepo, db: Database, monkeypatch, text: str, **kwargs) -> int:
    """How many SQLite VM steps the statement behind ``find(repo, text)`` takes: a measure of its
    work that, unlike time, does not depend on the machine."""
    ran = []
    fetch = repo.reader.fetch

    async def remember(sql, params, *, budget):
        ran.append((sql, params))
        return await fetch(sql, params, budget=budget)

    monkeypatch.setattr(repo.reader, "fetch", remember)
    await find(repo, text, guild_id=GUILD, **kwargs)
    monkeypatch.undo()
    steps = 0

    def step() -> int:
        nonlocal steps
        steps += 1
        return 0

    conn = sqlite3.connect(db.path)
    try:
        conn.set_progress_handler(step, 1)
        conn.execute(*ran[-1]).fetchall()
    finally:
        conn.close()
    return steps


async def test_a_search_does_not_read_every_quote_it_does_not_return(
    repo: SearchRepo, content_db: Database, monkeypatch
):
    """3,000 more quotes without the searched word leave a search's work about the same. (Each
    result row once compared every quote with its fact's evidence, even for a quote: 10 ms a row
    at 100,000 quotes.)"""
    before = await search_steps(repo, content_db, monkeypatch, "greedy audiences", kinds=("quote", "person"))
    async with content_db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO quotes (id, body, speaker_id, occasion_id, kind, passage_id, start_offset, end_offset)"
            " VALUES (?, ?, 'milo-ventimiglia', 'podcast', 'own', ?, 0, 1)",
            [(f"bulk-{i}", f"filler number {i}", f"bulk-{i}") for i in range(3000)],
        )
        # merged, as a content load leaves it: segments left by this write would cost steps of their own
        await conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    after = await search_steps(repo, content_db, monkeypatch, "greedy audiences", kinds=("quote", "person"))
    assert after < before * 1.5, (before, after)


async def test_person_card_counts_what_the_server_sees(repo: SearchRepo, content_db: Database):
    card = await repo.person_card(GUILD, "milo-ventimiglia")
    assert card is not None and card.plays == "Jess" and "Milo" in card.aliases
    quotes_before, facts_before = card.quote_count, card.fact_count
    assert quotes_before == len(await repo.quotes_by(GUILD, "milo-ventimiglia"))
    await retire(content_db, "quote", "pretty-cool")
    await retire(content_db, "fact", "milo-played-jess")
    card = await repo.person_card(GUILD, "milo-ventimiglia")
    assert (card.quote_count, card.fact_count) == (quotes_before - 1, facts_before - 1)
    assert await repo.person_card(GUILD, "nobody") is None


async def test_context_source(repo: SearchRepo):
    quote = await repo.context_source("quote", "last-serving-of-pie")
    assert quote is not None and quote.is_quote
    assert quote.article[quote.start : quote.end].startswith("I do kind of feel like audiences")
    fact = await repo.context_source("fact", "podcast-host")
    assert fact is not None and "I Am All In" in fact.article[fact.start : fact.end]
    assert await repo.context_source("person", "scott-patterson") is not None
    assert await repo.context_source("quote", "nope") is None
    assert await repo.context_source("question", "1") is None


async def test_people_names(repo: SearchRepo):
    people = await repo.people_names()
    assert {"milo-ventimiglia", "scott-patterson"} <= {p.id for p in people}
    assert next(p for p in people if p.id == "milo-ventimiglia").aliases == ("Milo", "Ventimiglia")


async def test_a_search_past_its_budget_is_stopped(content_db: Database, repo: SearchRepo):
    """The progress handler interrupts a search whose time is up, with SearchTimeout."""
    async with content_db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO quotes (id, body, speaker_id, occasion_id, kind, passage_id, start_offset, end_offset)"
            " VALUES (?, ?, 'milo-ventimiglia', 'podcast', 'own', ?, 0, 1)",
            [(f"bulk-{i}", f"pie number {i} and more pie", f"bulk-{i}") for i in range(3000)],
        )
    with pytest.raises(SearchTimeout):
        await repo.search('"pie"* OR "number"*', phrases=['"pie"*', '"number"*'], guild_id=GUILD, budget=0.0)
    # the connection is fine afterwards, and a normal budget is plenty
    assert await find(repo, "greedy", guild_id=GUILD)


async def test_vocabulary_follows_the_index(repo: SearchRepo, content_db: Database):
    engine = SearchEngine(repo)
    assert "cobbler" not in await engine.vocabulary(("quote",))
    await content_db.write("UPDATE quotes SET body = 'a cobbler' WHERE id = 'pretty-cool'")
    assert "cobbler" in await engine.vocabulary(("quote",))


async def test_random_picks_are_uniform_over_what_is_shown(repo: SearchRepo):
    """Every visible quote comes up, none much more often than the others (repeats are skipped
    without giving their chance to a neighbour)."""
    draws = [(await repo.random_quote(GUILD)).id for _ in range(1300)]
    visible = {q.id for q in await repo.quotes_by(GUILD, "milo-ventimiglia")}
    counts = {quote_id: draws.count(quote_id) for quote_id in visible}
    expected = len(draws) / len(visible)
    assert set(draws) == visible
    assert max(counts.values()) < 1.6 * expected and min(counts.values()) > 0.5 * expected
