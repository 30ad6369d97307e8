"""Searches and questions against the real content: exact first, then forgiving fallbacks."""

from __future__ import annotations

import pytest

from bot.db.search_repo import FactCard, PersonCard, QuoteCard, SearchRepo
from bot.search.ask import CANDIDATES, SHOWN
from bot.search.engine import Fallback, SearchEngine
from bot.search.people import PeopleIndex
from bot.search.query import QueryRejected

GUILD = 1


@pytest.fixture
async def engine(repo: SearchRepo) -> SearchEngine:
    return SearchEngine(repo)


@pytest.fixture
async def people(repo: SearchRepo) -> PeopleIndex:
    return PeopleIndex(await repo.people_names())


@pytest.mark.parametrize("text", ["dont", "don't", "don’t", "DON'T", "Don`t"])
async def test_apostrophes_either_way(engine: SearchEngine, text: str):
    outcome = await engine.search_quotes(text, GUILD)
    assert "last-serving-of-pie" in {h.card.id for h in outcome.hits}
    assert outcome.fallback is None


async def test_a_small_typo_is_forgiven(engine: SearchEngine):
    outcome = await engine.search_quotes("greddy audeinces", GUILD)
    assert [h.card.id for h in outcome.hits] == ["last-serving-of-pie"]
    assert outcome.fallback == Fallback.CORRECTED
    assert outcome.corrections == {"greddy": "greedy", "audeinces": "audiences"}


async def test_a_word_start_finds_the_word(engine: SearchEngine):
    outcome = await engine.search_quotes("friendsh teenag", GUILD)
    assert outcome.fallback == Fallback.PREFIX
    assert "their-own-world" in {h.card.id for h in outcome.hits}


async def test_some_words_when_not_all_match(engine: SearchEngine):
    outcome = await engine.search_quotes("pie zeppelin", GUILD)
    assert outcome.fallback == Fallback.SOME_WORDS
    assert [h.card.id for h in outcome.hits] == ["last-serving-of-pie"]


async def test_quote_search_holds_all_the_words_in_the_quote_not_in_its_fan_questions(engine: SearchEngine, content_db):
    """Fan questions route /ask to a quote; /quote search finds what the card shows and who said it."""
    await content_db.write("UPDATE quotes SET asks = '[\"did milo like the gazebo\"]' WHERE id = 'pretty-cool'")
    assert (await engine.search_quotes("gazebo", GUILD)).hits == []
    partly = await engine.search_quotes("pretty cool gazebo", GUILD)
    assert partly.fallback == Fallback.SOME_WORDS and "pretty-cool" in {h.card.id for h in partly.hits}
    by_name = await engine.search_quotes("milo pretty cool", GUILD)
    assert by_name.fallback is None and [h.card.id for h in by_name.hits] == ["pretty-cool"]


async def test_no_hit_suggests_words(engine: SearchEngine):
    outcome = await engine.search_quotes("zeppelin xylophone", GUILD)
    assert outcome.hits == []
    assert len(outcome.suggestions) == 3


async def test_nothing_to_search_is_rejected(engine: SearchEngine):
    with pytest.raises(QueryRejected):
        await engine.search_quotes("?!", GUILD)


async def test_ask_greedy_audiences(engine: SearchEngine, people):
    outcome = await engine.ask("what did Milo say about greedy audiences?", GUILD, people=people)
    top = outcome.hits[0].card
    assert isinstance(top, QuoteCard) and top.id == "last-serving-of-pie"
    assert not top.is_episode  # said in the 2017 interview, and shown so


async def test_ask_who_hosts_the_podcast(engine: SearchEngine, people):
    outcome = await engine.ask("who hosts the podcast?", GUILD, people=people)
    top = outcome.hits[0].card
    assert isinstance(top, FactCard | PersonCard)
    assert "Scott Patterson" in (top.about if isinstance(top, FactCard) else (top.name,))


async def test_ask_come_back(engine: SearchEngine, people):
    outcome = await engine.ask("did he say he'd come back?", GUILD, people=people)
    assert outcome.hits[0].card.id in {"jerk-not-to-show-up", "why-wouldnt-i", "open-to-revivals"}


async def test_ask_what_the_article_does_not_cover(engine: SearchEngine, people):
    outcome = await engine.ask("What is Milo's favourite food?", GUILD, people=people)
    assert outcome.hits == []


async def test_ask_the_issue_s_examples(engine: SearchEngine, people):
    """The questions the issue found answered wrongly."""
    together = await engine.ask("Did Jess and Rory end up together?", GUILD, people=people)
    assert together.hits[0].card.id == "didnt-work-out"
    broke_up = await engine.ask("why did jess and rory break up", GUILD, people=people)
    assert broke_up.hits[0].card.id == "didnt-work-out"
    for question in ("Is Milo in This Is Us?", "who created gilmore girls"):
        outcome = await engine.ask(question, GUILD, people=people)
        assert outcome.hedged or not outcome.hits, question  # never a confident answer


async def test_ask_what_the_content_says_is_not_stated(engine: SearchEngine, people):
    aired = await engine.ask("when did the episode air?", GUILD, people=people)
    assert aired.hits == [] and aired.note == "The article doesn't say when the episode aired."
    for question in ("what year did the episode come out", "when was the podcast episode"):
        outcome = await engine.ask(question, GUILD, people=people)
        assert outcome.note == "The article doesn't say when the episode aired.", question
    which = await engine.ask("what pod was milo on when he talked abt all this", GUILD, people=people)
    assert which.note is None and which.hits, "a 'when' clause does not ask when the episode aired"
    lauren = await engine.ask("who does Lauren Graham play", GUILD, people=people)
    assert lauren.hits == [] and lauren.note == "The article doesn't say whom Lauren Graham plays."
    lorelai = await engine.ask("who plays lorelai", GUILD, people=people)
    assert lorelai.hits == [] and "who plays Lorelai" in lorelai.note
    said = await engine.ask("what did Lauren Graham say", GUILD, people=people)
    assert said.hits == [] and said.note == "The article quotes nothing Lauren Graham said."


async def test_what_someone_said_reads_their_first_quotes_and_those_naming_the_others(
    engine: SearchEngine, people, content_db, monkeypatch
):
    """Never every quote of theirs: with 3,000 more quotes by Milo (later in the article, naming no
    one) the answers stay the same, and each reads at most a page of his first quotes and
    CANDIDATES of those the index finds naming the others."""
    questions = ["what did milo say about dan and amy", "what did milo say", "what did milo say about rory"]
    before = [[h.card.id for h in (await engine.ask(q, GUILD, people=people)).hits] for q in questions]
    async with content_db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO quotes (id, body, speaker_id, occasion_id, kind, passage_id, start_offset, end_offset)"
            " VALUES (?, 'filler words', 'milo-ventimiglia', 'podcast', 'own', ?, ?, ?)",
            [(f"bulk-{i}", f"bulk-{i}", 10**6 + 2 * i, 10**6 + 2 * i + 1) for i in range(3000)],
        )
    read: list[int] = []

    def counting(reader):
        async def counted(*args, **kwargs):
            cards = await reader(*args, **kwargs)
            read.append(len(cards))
            return cards

        return counted

    for name in ("quotes_by", "quotes_matching"):
        monkeypatch.setattr(engine.repo, name, counting(getattr(engine.repo, name)))
    after = [[h.card.id for h in (await engine.ask(q, GUILD, people=people)).hits] for q in questions]
    assert after == before
    assert before[0][:2] == ["why-wouldnt-i", "jerk-not-to-show-up"] and before[1][0] == "been-a-while"
    assert sum(read) <= len(questions) * (SHOWN + CANDIDATES)


async def test_ask_who_plays_a_character(engine: SearchEngine, people):
    outcome = await engine.ask("who plays Luke?", GUILD, people=people)
    assert outcome.hits[0].card.id == "scott-patterson"


async def test_ask_who_someone_is_shows_their_card_first(engine: SearchEngine, people):
    outcome = await engine.ask("who is Milo?", GUILD, people=people)
    first = outcome.hits[0].card
    assert isinstance(first, PersonCard) and first.id == "milo-ventimiglia"


@pytest.mark.parametrize("kinds", [("fact", "person"), ("quote", "person"), ("person",)])
async def test_ask_never_answers_with_a_kind_turned_off(engine: SearchEngine, people, kinds):
    from bot.content.loader import ContentPaths
    from tests.ask.evaluate import TUNING, load_questions

    answerable, not_covered = load_questions(TUNING, ContentPaths.default().article.read_text(encoding="utf-8"))
    for item in answerable + not_covered:
        outcome = await engine.ask(item["q"], GUILD, people=people, kinds=kinds)
        shown = {type(hit.card) for hit in outcome.hits}
        assert shown <= {QuoteCard if "quote" in kinds else None, FactCard if "fact" in kinds else None, PersonCard}
