"""The moderation repository on each backend (a real SQLite file, a real PostgreSQL): audit rows,
seasons, community questions, reports with retirement and restored points, members' data; each server
kept apart."""

from __future__ import annotations

import asyncio

import pytest

from bot.db.guild_settings import GuildSettingsRepo
from bot.db.moderation_repo import Actor, ModerationRepo
from bot.moderation.community import QuestionProblem, build_question
from bot.moderation.reports import ReportProblem, restored_points
from tests.backends import RawSql, Store
from tests.moderation.seed import QUOTE_BODY, seed_answer, seed_content

MOD = Actor(900, "Mod")
G1, G2 = 1001, 1002


@pytest.fixture
def settings(store: Store) -> GuildSettingsRepo:
    return store.repos.guild_settings


@pytest.fixture
def repo(store: Store) -> ModerationRepo:
    return store.repos.moderation


@pytest.fixture
def db(store: Store) -> RawSql:
    """Plain SQL on the backend holding the server state."""
    return store.sql


async def test_settings_change_and_audit_row_are_one_write(repo: ModerationRepo, settings: GuildSettingsRepo) -> None:
    """A change is visible through the (cached) settings at once and recorded in the history."""
    assert (await settings.get(G1)).spoilers is False  # cache it
    config = await repo.update_settings(G1, MOD, "spoilers", "on", spoilers=True)
    assert config.spoilers and (await settings.get(G1)).spoilers
    assert not (await settings.get(G2)).spoilers
    [entry] = await repo.history(G1)
    assert (entry.actor_id, entry.action, entry.detail) == (900, "spoilers", "on")
    assert await repo.history(G2) == []


async def test_failed_setting_writes_no_audit_row(repo: ModerationRepo) -> None:
    """A value the schema refuses leaves neither the setting nor a history line."""
    with pytest.raises(Exception, match=r"(?i)check"):
        await repo.update_settings(G1, MOD, "trivia", "timer 5", trivia_timer=5)
    assert await repo.history(G1) == []


async def test_game_channels_add_remove_clear(repo: ModerationRepo, settings: GuildSettingsRepo) -> None:
    assert await repo.add_game_channel(G1, MOD, 10)
    assert not await repo.add_game_channel(G1, MOD, 10)
    assert await repo.add_game_channel(G1, MOD, 11)
    assert (await settings.get(G1)).game_channel_ids == {10, 11}
    assert (await settings.get(G2)).game_channel_ids == frozenset()
    assert await repo.remove_game_channel(G1, MOD, 10)
    assert not await repo.remove_game_channel(G1, MOD, 10)
    assert await repo.clear_game_channels(G1, MOD) == 1
    assert (await settings.get(G1)).games_allowed_in(10)
    assert [e.action for e in await repo.history(G1)] == [
        "channels.clear",
        "channels.remove",
        "channels.add",
        "channels.add",
    ]


async def test_reset_scores_archives_the_season_once(
    db: RawSql, repo: ModerationRepo, settings: GuildSettingsRepo
) -> None:
    """Old scores stay under their season; the season advances once even if confirmed twice."""
    await db.execute(
        "INSERT INTO scores (guild_id, season, user_id, points) VALUES (?, 1, 50, 12), (?, 1, 51, 7)", G1, G2
    )
    archive = await repo.reset_scores(G1, MOD, 1)
    assert archive is not None and (archive.season, archive.new_season, archive.players) == (1, 2, 1)
    assert await repo.reset_scores(G1, MOD, 1) is None
    assert (await settings.get(G1)).season == 2 and (await settings.get(G2)).season == 1
    assert [(r.season, r.user_id, r.points) for r in await repo.score_rows(G1)] == [(1, 50, 12)]
    assert await repo.archived_seasons(G1) == 1 and await repo.archived_seasons(G2) == 0


async def test_community_questions_numbered_per_server(repo: ModerationRepo) -> None:
    """Numbers count per server and are not reused after a removal; duplicates are refused."""
    q1, q2 = build_question("Who hosts the show?", "Scott"), build_question("Who plays Jess?", "Milo", ["Scott"])
    assert await repo.add_community_questions(G1, MOD, [q1], label="") == [1]
    assert await repo.add_community_questions(G2, MOD, [q1], label="") == [1]  # same text, other server: fine
    assert await repo.add_community_questions(G1, MOD, [q2]) == [2]
    assert await repo.remove_community_question(G1, MOD, 2) == "Who plays Jess?"
    assert await repo.remove_community_question(G1, MOD, 2) is None
    assert await repo.remove_community_question(G2, MOD, 7) is None
    assert await repo.add_community_questions(G1, MOD, [q2]) == [3]
    with pytest.raises(QuestionProblem, match="already has"):
        await repo.add_community_questions(G1, MOD, [build_question("who hosts the SHOW?", "x")], label="")
    stored = await repo.community_questions(G1)
    assert [(s.number, s.question) for s in stored] == [(1, q1), (3, q2)]
    assert stored[1].question.form == "choice"
    assert await repo.community_count(G2) == 1


async def test_import_is_all_or_nothing(repo: ModerationRepo) -> None:
    """A batch whose last entry duplicates an existing question adds nothing and writes no audit row."""
    await repo.add_community_questions(G1, MOD, [build_question("Existing one?", "x")], label="")
    batch = [build_question(f"New question {n}?", "x") for n in range(3)] + [build_question("Existing one?", "y")]
    with pytest.raises(QuestionProblem, match="entry 4: this server already has"):
        await repo.add_community_questions(G1, MOD, batch)
    assert await repo.community_count(G1) == 1
    assert [e.action for e in await repo.history(G1)] == ["custom.add"]


async def test_reports_show_evidence_and_stay_per_server(db: RawSql, repo: ModerationRepo) -> None:
    """A report carries its item's evidence; another server's community question can't be reported."""
    ids = await seed_content(db)
    [number] = await repo.add_community_questions(G2, MOD, [build_question("Only on server two?", "yes")], label="")
    other_server_question = str(await db.fetchval("SELECT id FROM questions WHERE key = ?", f"community:{G2}:{number}"))
    with pytest.raises(ReportProblem, match="couldn't find"):
        await repo.file_report(G1, 50, "question", other_server_question, "wrong")
    await repo.file_report(G1, 50, "quote", "q-needed", "misquoted")
    with pytest.raises(ReportProblem, match="already reported"):
        await repo.file_report(G1, 50, "quote", "q-needed", "again")
    await repo.file_report(G1, 51, "quote", "q-needed", "agree")
    await repo.file_report(G1, 50, "question", str(ids["fact_question"]), "it was 2016?")
    groups, total = await repo.open_reports(G1)
    assert total == 2 and [g.count for g in groups] == [2, 1]
    quote = groups[0].item
    assert quote is not None and quote.text == QUOTE_BODY and QUOTE_BODY in (quote.evidence or "")
    assert ("Said by", "Milo Ventimiglia") in quote.details
    assert groups[1].item is not None and groups[1].item.evidence == "Milo played Jess in 2016."
    assert await repo.open_reports(G2) == ([], 0)
    assert [i for i, _ in await repo.search_items(G1, "quote", "rory")] == ["q-needed"]
    assert await repo.search_items(G1, "question", "server two") == []
    assert len(await repo.search_items(G2, "question", "server two")) == 1
    assert await repo.search_items(G1, "question", "%") == []  # LIKE wildcards are literal


async def test_retiring_a_question_restores_the_reporters_points(db: RawSql, repo: ModerationRepo) -> None:
    """The reporter who answered "wrong" gets the points back; a bystander doesn't; retiring is once."""
    ids = await seed_content(db)
    question = ids["quote_question"]
    await seed_answer(db, G1, question, 50, correct=False, points=-2)
    await seed_answer(db, G1, question, 52, correct=False, points=0)  # answered wrong, did not report
    await seed_answer(db, G2, question, 50, correct=False, points=0)  # same member, other server
    report_id = await repo.file_report(G1, 50, "question", str(question), "the answer is wrong")
    assert await repo.resolve_report(G2, MOD, report_id, retire=True) is None  # not this server's report
    resolution = await repo.resolve_report(G1, MOD, report_id, retire=True)
    assert resolution is not None and resolution.resolved == 1
    back = restored_points(1000, 20)  # what a right answer after 1 s of 20 would have scored
    assert back == 100 + round(50 * 19 / 20)
    assert resolution.restored == {50: back + 2}
    scores = {
        (r["guild_id"], r["user_id"]): (r["points"], r["correct"]) for r in await db.fetch("SELECT * FROM scores")
    }
    assert scores == {(G1, 50): (back, 1), (G1, 52): (0, 0), (G2, 50): (0, 0)}
    again = await repo.resolve_report(G1, MOD, report_id, retire=False)
    assert again is not None and (again.resolved, again.decision) == (0, "retired")
    assert await repo.is_retired(G1, "question", str(question)) and not await repo.is_retired(
        G2, "question", str(question)
    )
    row = await db.fetchrow("SELECT status, points_restored FROM reports WHERE id = ?", report_id)
    assert tuple(row) == ("retired", back + 2)
    with pytest.raises(ReportProblem):
        await repo.file_report(G1, 51, "question", str(question), "still wrong")


async def test_retiring_a_quote_retires_its_questions(db: RawSql, repo: ModerationRepo) -> None:
    ids = await seed_content(db)
    report_id = await repo.file_report(G1, 50, "quote", "q-needed", "misquoted")
    await repo.resolve_report(G1, MOD, report_id, retire=True)
    assert await repo.is_retired(G1, "quote", "q-needed")
    assert await repo.is_retired(G1, "question", str(ids["quote_question"]))
    assert not await repo.is_retired(G1, "question", str(ids["fact_question"]))
    assert [e.action for e in await repo.history(G1)] == ["reports.retire"]


async def test_keep_closes_reports_without_retiring(db: RawSql, repo: ModerationRepo) -> None:
    await seed_content(db)
    report_id = await repo.file_report(G1, 50, "fact", "f-2016", "nope")
    resolution = await repo.resolve_report(G1, MOD, report_id, retire=False)
    assert resolution is not None and (resolution.decision, resolution.resolved) == ("kept", 1)
    assert not await repo.is_retired(G1, "fact", "f-2016")
    assert await repo.open_report_count(G1) == 0


async def test_member_data_and_its_deletion_touch_one_server_only(db: RawSql, repo: ModerationRepo) -> None:
    ids = await seed_content(db)
    for guild in (G1, G2):
        await seed_answer(db, guild, ids["quote_question"], 50, correct=True, points=15)
        await db.execute("INSERT INTO members (guild_id, user_id, display_name) VALUES (?, 50, 'Rory')", guild)
        await repo.file_report(guild, 50, "fact", "f-2016", "hmm")
    await repo.add_community_questions(G1, Actor(50, "Rory"), [build_question("Written by Rory?", "yes")], label="")
    data = await repo.member_data(G1, 50)
    assert (data.display_name, data.answers, data.reports, data.questions_written, data.audit_entries) == (
        "Rory",
        1,
        1,
        1,
        1,
    )
    assert [(s.season, s.points) for s in data.scores] == [(1, 15)]
    deleted = await repo.delete_member_data(G1, 50)
    assert (deleted.scores, deleted.answers, deleted.reports, deleted.display_name, deleted.questions_unlinked) == (
        1,
        1,
        1,
        True,
        1,
    )
    assert (await repo.member_data(G1, 50)).empty
    other = await repo.member_data(G2, 50)
    assert (other.display_name, other.answers, other.reports, len(other.scores)) == ("Rory", 1, 1, 1)
    assert await repo.community_count(G1) == 1  # the server's question stays


async def test_two_moderators_resolving_at_once_restore_points_once(db: RawSql, repo: ModerationRepo) -> None:
    """Two "Retire" clicks at the same moment (two moderators, or two processes): one resolves the
    reports and gives the points back, the other finds it done; one audit line."""
    ids = await seed_content(db)
    question = ids["quote_question"]
    await seed_answer(db, G1, question, 50, correct=False, points=0)
    report_id = await repo.file_report(G1, 50, "question", str(question), "wrong answer")
    first, second = await asyncio.gather(
        repo.resolve_report(G1, MOD, report_id, retire=True),
        repo.resolve_report(G1, Actor(901, "Other"), report_id, retire=True),
    )
    assert first is not None and second is not None
    assert sorted([first.resolved, second.resolved]) == [0, 1]
    assert await db.fetchval("SELECT points FROM scores WHERE guild_id = ? AND user_id = 50", G1) == restored_points(
        1000, 20
    )
    assert [e.action for e in await repo.history(G1)] == ["reports.retire"]


async def test_community_questions_added_at_once_get_distinct_numbers(repo: ModerationRepo) -> None:
    """Imports racing on one server take turns: every question gets its own number, none is lost."""
    batches = [[build_question(f"Question {n} of batch {b}?", "x") for n in range(3)] for b in range(4)]
    results = await asyncio.gather(*(repo.add_community_questions(G1, MOD, batch) for batch in batches))
    numbers = sorted(n for result in results for n in result)
    assert numbers == list(range(1, 13))
    assert await repo.community_count(G1) == 12
