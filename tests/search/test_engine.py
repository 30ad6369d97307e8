"""Searches and questions against the real content: exact first, then forgiving fallbacks."""

from __future__ import annotations

import pytest

from bot.db.search_repo import FactCard, PersonCard, QuoteCard, SearchRepo
from bot.search.engine import Fallback, SearchEngine
from bot.search.people import PeopleIndex
from bot.search.query import QueryRejected

GUILD = 1


@pytest.fixture
async def engine(repo: SearchRepo) -> SearchEngine:
    return SearchEngine(repo)


@pytest.fixture
async def names(repo: SearchRepo) -> frozenset[str]:
    return PeopleIndex(await repo.people_names()).name_words


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


async def test_no_hit_suggests_words(engine: SearchEngine):
    outcome = await engine.search_quotes("zeppelin xylophone", GUILD)
    assert outcome.hits == []
    assert len(outcome.suggestions) == 3


async def test_nothing_to_search_is_rejected(engine: SearchEngine):
    with pytest.raises(QueryRejected):
        await engine.search_quotes("?!", GUILD)


async def test_ask_greedy_audiences(engine: SearchEngine, names):
    outcome = await engine.ask("what did Milo say about greedy audiences?", GUILD, name_words=names)
    top = outcome.hits[0].card
    assert isinstance(top, QuoteCard) and top.id == "last-serving-of-pie"
    assert not top.is_episode  # said in the 2017 interview, and shown so


async def test_ask_who_hosts_the_podcast(engine: SearchEngine, names):
    outcome = await engine.ask("who hosts the podcast?", GUILD, name_words=names)
    top = outcome.hits[0].card
    assert isinstance(top, FactCard | PersonCard)
    assert "Scott Patterson" in (top.about if isinstance(top, FactCard) else (top.name,))


async def test_ask_come_back(engine: SearchEngine, names):
    outcome = await engine.ask("did he say he'd come back?", GUILD, name_words=names)
    assert outcome.hits[0].card.id == "jerk-not-to-show-up"  # "if they did want to bring it back"


async def test_ask_what_the_article_does_not_cover(engine: SearchEngine, names):
    outcome = await engine.ask("What is Milo's favourite food?", GUILD, name_words=names)
    assert outcome.hits == []


async def test_ask_weak_answers_are_dropped(engine: SearchEngine, names):
    outcome = await engine.ask("who plays Luke?", GUILD, name_words=names)
    assert {h.card.id for h in outcome.hits} <= {"scott-patterson", "scott-aka-luke", "podcast-host"}


async def test_ask_who_someone_is_shows_their_card_first(engine: SearchEngine, names):
    outcome = await engine.ask("who is Milo?", GUILD, name_words=names)
    first = outcome.hits[0].card
    assert isinstance(first, PersonCard) and first.id == "milo-ventimiglia"
