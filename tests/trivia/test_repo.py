"""Trivia's storage on each backend (a real SQLite file, a real PostgreSQL): the bank, one-write
answers, leaderboards, the daily claim."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from bot.db import Database
from bot.db.trivia_repo import DailySchedule, GameAlreadyRunning, NewRound, TriviaRepo
from bot.trivia.scoring import ScoringRule
from bot.trivia.text import NARRATION
from tests.backends import RawSql, Store
from tests.trivia.sample_content import ARTICLE, HEADLINE, insert_content

GUILD = 100


@pytest.fixture
async def db(store: Store) -> RawSql:
    """Plain SQL on the backend holding the server state, with the sample content stored."""
    await insert_content(store.sql)
    return store.sql


@pytest.fixture
async def repo(store: Store, db: RawSql) -> TriviaRepo:
    await store.repos.trivia.refresh_bank()
    return store.repos.trivia


async def new_game(repo: TriviaRepo, channel: int = 1, *, season: int = 1) -> int:
    question_id = (await repo.bank(GUILD))[0].id
    return await repo.create_game(
        guild_id=GUILD,
        channel_id=channel,
        started_by=7,
        rounds=5,
        timer=20,
        category=None,
        season=season,
        first=NewRound(question_id, ("a", "b"), 1000.0, 1020.0),
    )


async def answer(repo: TriviaRepo, game: int, round_no: int, user: int, correct: bool, elapsed: float = 5.0):
    return await repo.record_answer(
        game_id=game,
        round_no=round_no,
        guild_id=GUILD,
        season=1,
        user_id=user,
        given="x",
        correct=correct,
        elapsed_s=elapsed,
        timer_s=20.0,
    )


async def test_bank_is_generated_once_per_content_hash(store: Store, db: RawSql) -> None:
    """refresh_bank regenerates only when the content changed, keeping question ids stable."""
    repo = store.repos.trivia
    count = await repo.refresh_bank()
    assert count and count >= 5
    ids = {e.key: e.id for e in await repo.bank(GUILD)}
    assert await repo.refresh_bank() is None
    await insert_content(db, content_hash="sample-2")
    assert await repo.refresh_bank() == count
    assert {e.key: e.id for e in await repo.bank(GUILD)} == ids


async def test_removed_content_retires_its_questions_but_not_curated_ones(db: RawSql, repo: TriviaRepo) -> None:
    """A fact that leaves the content takes its question with it; curated questions stay; questions of
    families the generator no longer makes ("who said this?") are retired."""
    await db.execute(
        "INSERT INTO questions (key, category, form, prompt, answer) VALUES ('curated:x', 'facts', 'typed', 'P?', 'A'),"
        " ('who-said:greedy', 'quotes', 'typed', 'Who said it?', 'Milo Ventimiglia')"
    )
    await db.execute("UPDATE facts SET active = FALSE WHERE id = 'host'")
    await repo.refresh_bank(force=True)
    keys = {e.key for e in await repo.bank(GUILD)}
    assert "fact:host" not in keys and "who-said:greedy" not in keys
    assert "curated:x" in keys and "plays:milo" in keys
    assert "played-by:scott" in keys, "no longer a repeat of the host question"


async def test_bank_is_per_server(db: RawSql, repo: TriviaRepo) -> None:
    """A server sees its own community questions, not another's, and never what it retired."""
    await db.execute(
        "INSERT INTO questions (key, guild_id, category, form, prompt, answer, wrong)"
        " VALUES ('community:100:1', 100, 'community', 'choice', 'Ours?', 'Yes', '[\"No\"]'),"
        " ('community:200:1', 200, 'community', 'choice', 'Theirs?', 'Yes', '[\"No\"]')"
    )
    ours = {e.key: e.id for e in await repo.bank(GUILD)}
    assert "community:100:1" in ours and "community:200:1" not in ours
    await db.execute(
        "INSERT INTO retired_items (guild_id, item_kind, item_id) VALUES (100, 'question', ?), (100, 'fact', 'host')",
        str(ours["plays:milo"]),
    )
    after = {e.key for e in await repo.bank(GUILD)}
    assert "plays:milo" not in after and "fact:host" not in after
    assert {"plays:milo", "fact:host"} <= {e.key for e in await repo.bank(200)}, "retired on one server only"
    assert "community" in await repo.categories(GUILD)
    assert {e.category for e in await repo.bank(GUILD, category="people")} == {"people"}


async def test_typed_only_questions_can_be_left_out(db: RawSql, repo: TriviaRepo) -> None:
    await db.execute(
        "INSERT INTO questions (key, guild_id, category, form, prompt, answer)"
        " VALUES ('community:100:2', 100, 'community', 'typed', 'Type?', 'Yes')"
    )
    assert "community:100:2" in {e.key for e in await repo.bank(GUILD)}
    assert "community:100:2" not in {e.key for e in await repo.bank(GUILD, typed_ok=False)}


async def test_question_carries_its_evidence(db: RawSql, repo: TriviaRepo) -> None:
    """The reveal's evidence is the article's own words, cited as the bank stored them with whoever
    says them, and the headline; a question keeps its topics. A generated question's citation and
    credit are read off the article by the generator: the host's words are the article's narration."""
    start = ARTICLE.index("I do kind of feel")
    await db.execute(
        "INSERT INTO questions (key, category, form, prompt, answer, quote_id, evidence_start, evidence_end, topics,"
        " citation, credit)"
        " VALUES ('curated:greedy', 'quotes', 'typed', 'Where?', 'In a 2017 interview', 'greedy', ?, ?,"
        " '[\"quote:greedy\"]', '“I do kind of feel…”', 'Milo Ventimiglia, In a 2017 interview')",
        start,
        start + 40,
    )
    entry = next(e for e in await repo.bank(GUILD) if e.key == "curated:greedy")
    assert entry.topics == ("quote:greedy",) and entry.last_asked is None
    question = await repo.question(entry.id)
    assert question.evidence == ARTICLE[start : start + 40]
    assert (question.citation, question.credit) == ("“I do kind of feel…”", "Milo Ventimiglia, In a 2017 interview")
    assert question.reveal.lines() == ["“I do kind of feel…”", "— Milo Ventimiglia, In a 2017 interview"]
    assert question.headline == HEADLINE
    host = await repo.question(next(e.id for e in await repo.bank(GUILD) if e.key == "fact:host"))
    assert host.evidence == "hosted by Gilmore Girls costar Scott Patterson"
    assert (host.citation, host.credit) == ("“hosted by Gilmore Girls costar Scott Patterson”", NARRATION)
    assert host.accepted == ("Scott", "Patterson")
    assert host.topics == ("fact:host", "person:scott")


async def test_one_running_game_per_channel(repo: TriviaRepo) -> None:
    await new_game(repo, channel=1)
    with pytest.raises(GameAlreadyRunning):
        await new_game(repo, channel=1)
    await new_game(repo, channel=2)


async def test_an_answer_is_scored_by_the_same_rule_in_sql(db: RawSql, repo: TriviaRepo) -> None:
    """The single INSERT gives what ScoringRule.points says, streak bonus included."""
    rule = ScoringRule()
    game = await new_game(repo)
    streak = 0
    for round_no, (correct, elapsed) in enumerate([(True, 1.0), (True, 4.0), (True, 19.0), (False, 0.5), (True, 2)], 1):
        points = await answer(repo, game, round_no, 5, correct, elapsed)
        assert points == rule.points(correct=correct, elapsed_s=elapsed, timer_s=20.0, streak_before=streak)
        streak = streak + 1 if correct else 0
    stats = await repo.member_stats(GUILD, 1, 5)
    assert (stats.answered, stats.correct, stats.streak, stats.best_streak) == (5, 4, 1, 3)
    assert stats.fastest_ms == 1000 and stats.rank == 1


async def test_second_answer_changes_nothing(repo: TriviaRepo) -> None:
    """UNIQUE(game, round, member): the second answer is refused and the score is untouched."""
    game = await new_game(repo)
    first = await answer(repo, game, 1, 5, True)
    assert first is not None
    assert await answer(repo, game, 1, 5, True) is None
    assert (await repo.member_stats(GUILD, 1, 5)).points == first


async def test_concurrent_clicks_neither_lose_nor_double_count(repo: TriviaRepo) -> None:
    """Many members clicking at once in several games: every point lands exactly once."""
    games = [await new_game(repo, channel=c) for c in range(10, 14)]
    clicks = [(g, u) for g in games for u in range(1, 26)] * 2  # every click twice
    results = await asyncio.gather(*(answer(repo, g, 1, u, u % 2 == 0) for g, u in clicks))
    accepted = [p for p in results if p is not None]
    assert len(accepted) == 4 * 25
    page = await repo.leaderboard(GUILD, 1, page=0, caller_id=1)
    assert page.total == 25
    total = 0
    for user in range(1, 26):
        stats = await repo.member_stats(GUILD, 1, user)
        assert stats.answered == 4
        total += stats.points
    assert total == sum(accepted)


async def test_leaderboard_pages_and_the_callers_own_rank(db: RawSql, repo: TriviaRepo) -> None:
    """Ten a page, best first, stored names, and the caller's rank even beyond the page."""
    game = await new_game(repo)
    for user in range(1, 24):
        await repo.remember_names([(GUILD, user, f"Member {user}")])
        for round_no in range(1, user % 5 + 2):
            await answer(repo, game, round_no, user, True, elapsed=float(user % 7))
    first = await repo.leaderboard(GUILD, 1, page=0, caller_id=23)
    assert first.total == 23 and first.pages == 3 and len(first.entries) == 10
    points = [s.points for s in first.entries]
    assert points == sorted(points, reverse=True)
    assert first.entries[0].name.startswith("Member ")
    assert first.caller is not None and first.caller.user_id == 23
    last = await repo.leaderboard(GUILD, 1, page=2, caller_id=23)
    assert len(last.entries) == 3
    beyond = await repo.leaderboard(GUILD, 1, page=9, caller_id=999)
    assert beyond.page == 2 and beyond.caller is None
    week = await repo.leaderboard(GUILD, 1, page=0, caller_id=1, since="2999-01-01T00:00:00Z")
    assert week.total == 0 and week.entries == []


async def test_daily_is_claimed_once_per_day(db: RawSql, repo: TriviaRepo) -> None:
    """Two claims for the same day (a restart, a second task) create one daily game."""
    await db.execute("INSERT INTO guild_settings (guild_id, daily_channel_id, daily_hour) VALUES (100, 55, 9)")
    [schedule] = await repo.daily_schedules()
    assert schedule == DailySchedule(100, 55, 9, None, 1)
    question_id = (await repo.bank(GUILD))[0].id
    first = NewRound(question_id, ("a", "b"), 1.0, 2.0)
    day = date(2024, 5, 2)
    assert await repo.claim_daily(schedule, day, first, 86400) is not None
    assert await repo.claim_daily(schedule, day, first, 86400) is None
    assert await repo.claim_daily(schedule, date(2024, 5, 1), first, 86400) is None
    [daily] = await repo.running_dailies(GUILD)
    assert daily.kind == "daily" and daily.round.question_id == question_id
    asked = {e.id: e.last_asked for e in await repo.bank(GUILD)}
    assert asked[question_id] == 1.0, "the server was asked it when the day was claimed"


async def test_every_way_of_asking_moves_a_question_to_the_back(repo: TriviaRepo) -> None:
    """A game's rounds and a practice question each note when the server was asked the question, for
    that server only; the bank then lists it with that time (None: never asked there)."""
    bank = await repo.bank(GUILD)
    assert all(e.last_asked is None for e in bank)
    first, second, third = (e.id for e in bank[:3])
    game = await repo.create_game(
        guild_id=GUILD, channel_id=1, started_by=7, rounds=3, timer=20, category=None, season=1,
        first=NewRound(first, (), 10.0, 30.0),
    )  # fmt: skip
    await repo.next_round(game, GUILD, 2, NewRound(second, (), 40.0, 60.0))
    await repo.record_practice(GUILD, third, 50.0)
    await repo.record_practice(GUILD, first, 70.0)
    asked = {e.id: e.last_asked for e in await repo.bank(GUILD)}
    assert (asked[first], asked[second], asked[third]) == (70.0, 40.0, 50.0)
    assert all(e.last_asked is None for e in await repo.bank(200)), "another server's queue is its own"
    ids, topics = await repo.asked_in_game(game)
    assert ids == [first, second]
    assert topics == {t for e in bank[:2] for t in e.topics}


async def test_the_migration_keeps_each_servers_history(tmp_path: Path) -> None:
    """Servers that played before the rotation keep their place in it: 0006 reads the rounds played."""
    old = Database(tmp_path / "old.db")
    await old.connect(migrate=False)
    try:
        await old.migrate(target=5)
        await old.write(
            "INSERT INTO questions (id, key, category, form, prompt, answer) VALUES (7, 'curated:a', 'facts', 'typed',"
            " 'P?', 'A')"
        )
        await old.write(
            "INSERT INTO games (id, guild_id, channel_id, started_by, rounds, timer) VALUES (1, 5, 1, 1, 2, 20)"
        )
        await old.write(
            "INSERT INTO games (id, guild_id, channel_id, started_by, rounds, timer) VALUES (2, 5, 2, 1, 2, 20)"
        )
        await old.write(
            "INSERT INTO game_rounds (game_id, round_no, question_id, started_at, deadline)"
            " VALUES (1, 1, 7, 100.0, 120.0), (2, 1, 7, 300.0, 320.0)"
        )
        await old.migrate()
        rows = await old.fetch_all("SELECT guild_id, question_id, asked_at FROM question_asks")
        assert [tuple(r) for r in rows] == [(5, 7, 300.0)]
    finally:
        await old.close()


async def test_a_day_claimed_twice_at_once_posts_once(db: RawSql, repo: TriviaRepo) -> None:
    """Two processes that both believe they own the server claim the same day at the same moment:
    the database lets one through."""
    await db.execute("INSERT INTO guild_settings (guild_id, daily_channel_id, daily_hour) VALUES (100, 55, 9)")
    [schedule] = await repo.daily_schedules()
    first = NewRound((await repo.bank(GUILD))[0].id, ("a", "b"), 1.0, 2.0)
    claims = await asyncio.gather(*(repo.claim_daily(schedule, date(2024, 5, 2), first, 86400) for _ in range(5)))
    assert len([c for c in claims if c is not None]) == 1
    assert len(await repo.running_dailies(GUILD)) == 1
