"""Issue 18's storage on each backend (a real SQLite file, a real PostgreSQL): what each answer's
points are made of, hints, teams, results and duel wins, daily streaks, past seasons and champions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.db import Database
from bot.db.moderation_repo import Actor
from bot.db.repositories import Repositories
from bot.db.trivia_repo import GameFormat, NewRound, TriviaRepo
from bot.trivia.scoring import ScoringRule
from tests.backends import Store
from tests.trivia.sample_content import insert_content

GUILD = 100
MOD = Actor(900, "Mod")


@pytest.fixture
async def repos(store: Store) -> Repositories:
    await insert_content(store.sql)
    await store.repos.trivia.refresh_bank()
    return store.repos


async def new_game(repo: TriviaRepo, channel: int = 1, *, format: GameFormat | None = None, season: int = 1) -> int:
    question_id = (await repo.bank(GUILD))[0].id
    first = None if format and format.mode != "solo" else NewRound(question_id, ("a", "b", "c", "d"), 1000.0, 1020.0)
    game = await repo.create_game(
        guild_id=GUILD, channel_id=channel, started_by=7, rounds=5, timer=20, category=None, season=season,
        first=first, format=format or GameFormat(),
    )  # fmt: skip
    if first is None:
        await repo.next_round(game, GUILD, 1, NewRound(question_id, ("a", "b"), 1000.0, 1020.0))
    return game


async def answer(repo: TriviaRepo, game: int, user: int, correct: bool, *, round_no: int = 1, elapsed: float = 5.0, hinted: bool = False, season: int = 1):  # fmt: skip
    return await repo.record_answer(
        game_id=game, round_no=round_no, guild_id=GUILD, season=season, user_id=user, given="x",
        correct=correct, elapsed_s=elapsed, timer_s=20.0, hinted=hinted,
    )  # fmt: skip


async def test_an_answer_stores_what_its_points_are_made_of(repos: Repositories) -> None:
    """Speed bonus, streak bonus and hint cost beside the points, by the same rule as points(); a
    wrong answer after a hint costs nothing more, an early wrong click its penalty."""
    repo, rule = repos.trivia, ScoringRule()
    game = await new_game(repo)
    plays = [(True, 2.0, False), (True, 10.0, True), (False, 1.0, True), (True, 20.0, False)]
    streak = 0
    for round_no, (correct, elapsed, hinted) in enumerate(plays, 1):
        if round_no > 1:
            await repo.next_round(game, GUILD, round_no, NewRound((await repo.bank(GUILD))[round_no].id, (), 0.0, 1.0))
        points = await answer(repo, game, 5, correct, round_no=round_no, elapsed=elapsed, hinted=hinted)
        assert points == rule.points(
            correct=correct, elapsed_s=elapsed, timer_s=20.0, streak_before=streak, hinted=hinted
        )
        [stored] = await repo.round_answers(game, round_no)
        assert stored.points == points
        if correct:
            assert stored.speed_bonus == rule.speed_bonus(elapsed, 20.0)
            assert stored.streak_bonus == rule.streak_bonus(streak)
            assert stored.hint_cost == (rule.hint_cost if hinted else 0)
            assert points == rule.base + stored.speed_bonus + stored.streak_bonus - stored.hint_cost
        else:
            assert (stored.speed_bonus, stored.streak_bonus, stored.hint_cost) == (0, 0, 0)
            assert points == -rule.early_wrong_penalty
        streak = streak + 1 if correct else 0


async def test_hints_are_noted_once(repos: Repositories) -> None:
    game = await new_game(repos.trivia)
    for _ in range(2):
        await repos.formats.take_hint(game, 1, GUILD, 5)
    await repos.formats.take_hint(game, 1, GUILD, 6)
    assert await repos.formats.hinters(game, 1) == {5, 6}
    assert await repos.formats.hinters(game, 2) == set()


async def test_teams_can_be_switched_only_while_allowed(repos: Repositories) -> None:
    game = await new_game(repos.trivia, format=GameFormat("teams", lobby_deadline=1.0))
    formats = repos.formats
    assert await formats.join_team(game, GUILD, 5, "A", may_switch=True) == "A"
    assert await formats.join_team(game, GUILD, 5, "B", may_switch=True) == "B"
    assert await formats.join_team(game, GUILD, 5, "A", may_switch=False) == "B", "teams are set once it starts"
    assert await formats.join_team(game, GUILD, 6, "A", may_switch=False) == "A"
    assert await formats.teams(game) == {5: "B", 6: "A"}
    row = await repos.trivia.game(game)
    assert (row.mode, row.current_round) == ("teams", 1)


async def test_a_lobby_game_has_no_round_until_it_starts(repos: Repositories) -> None:
    """A duel waits for its answer: current round 0, no round, its format and deadline stored."""
    repo = repos.trivia
    game = await repo.create_game(
        guild_id=GUILD, channel_id=3, started_by=7, rounds=5, timer=20, category=None, season=1, first=None,
        format=GameFormat("duel", opponent_id=8, lobby_deadline=1234.5),
    )  # fmt: skip
    await repos.formats.set_lobby_message(game, 555)
    row = await repo.game(game)
    assert (row.current_round, row.round, row.mode, row.opponent_id) == (0, None, "duel", 8)
    assert (row.lobby_deadline, row.lobby_message_id, row.players) == (1234.5, 555, frozenset({7, 8}))
    assert [g.id for g in await repo.running_games()] == [game]


async def test_duel_wins_and_team_totals_count_this_seasons_finished_games(repos: Repositories) -> None:
    repo, formats = repos.trivia, repos.formats
    for channel, winner in ((1, 7), (2, 7), (3, 8)):
        duel = await new_game(repo, channel, format=GameFormat("duel", opponent_id=8))
        await repo.end_game(duel, "finished")
        await formats.record_result(duel, winner, None)
    stopped = await new_game(repo, 4, format=GameFormat("duel", opponent_id=8))
    await repo.end_game(stopped, "stopped")
    old = await new_game(repo, 5, format=GameFormat("duel", opponent_id=8), season=0)
    await repo.end_game(old, "finished")
    await formats.record_result(old, 8, None)
    assert await formats.duel_wins(GUILD, 1, [7, 8, 9]) == {7: 2, 8: 1}
    assert await formats.duel_wins(GUILD, 1, [7], since="2999-01-01T00:00:00Z") == {}

    assert await formats.team_totals(GUILD, 1) == [], "no team game this season"
    teams = await new_game(repo, 6, format=GameFormat("teams"))
    await formats.join_team(teams, GUILD, 5, "A", may_switch=True)
    await formats.join_team(teams, GUILD, 6, "B", may_switch=True)
    await formats.join_team(teams, GUILD, 7, "B", may_switch=True)
    a = await answer(repo, teams, 5, True)
    b = (await answer(repo, teams, 6, True)) + (await answer(repo, teams, 7, False, elapsed=1.0))
    await repo.end_game(teams, "finished")
    await formats.record_result(teams, None, "A" if a > b else "B")
    totals = {t.team: (t.points, t.wins) for t in await formats.team_totals(GUILD, 1)}
    assert totals == {"A": (a, int(a > b)), "B": (b, int(b > a))}


async def test_daily_streaks_count_right_answers_in_a_row(db_repos_daily) -> None:
    repos, days = db_repos_daily
    # Member 5: right, right, wrong, right, right -> 2 now, best 2. Member 6: right every day -> 5.
    # Member 7: right on the first two, then nothing -> 0 now, best 2.
    streaks = await repos.formats.daily_streaks(GUILD, [5, 6, 7, 8])
    assert {u: (s.current, s.best) for u, s in streaks.items()} == {5: (2, 2), 6: (5, 5), 7: (0, 2), 8: (0, 0)}
    # The one being revealed now (still running) counts up to itself, later ones do not exist yet.
    through = await repos.formats.daily_streaks(GUILD, [6], through=days[2])
    assert (through[6].current, through[6].best) == (3, 3)
    assert await repos.formats.last_daily_day(GUILD) == "2024-05-05"
    assert await repos.formats.last_daily_day(200) is None


@pytest.fixture
async def db_repos_daily(repos: Repositories, store: Store) -> tuple[Repositories, list[int]]:
    """Five daily questions on five days, answered by members 5, 6 and 7."""
    repo = repos.trivia
    await store.sql.execute("INSERT INTO guild_settings (guild_id, daily_channel_id, daily_hour) VALUES (100, 55, 9)")
    question_id = (await repo.bank(GUILD))[0].id
    plan = {5: [True, True, False, True, True], 6: [True] * 5, 7: [True, True, None, None, None]}
    days = []
    for n in range(5):
        [schedule] = await repo.daily_schedules()
        game = await repo.claim_daily(
            schedule, date(2024, 5, n + 1), NewRound(question_id, ("a", "b"), 1.0, 2.0), 86400
        )
        assert game is not None
        days.append(game)
        for user, answers in plan.items():
            if answers[n] is not None:
                await answer(repo, game, user, answers[n], elapsed=100.0)
        if n < 4:
            await repo.end_game(game, "finished")
    await repo.end_game(days[-1], "finished")
    return repos, days


async def test_past_seasons_show_their_top_three_and_champions(repos: Repositories, store: Store) -> None:
    repo = repos.trivia
    game = await new_game(repo)
    for user, elapsed in ((1, 1.0), (2, 1.0), (3, 10.0), (4, 19.0)):
        await answer(repo, game, user, True, elapsed=elapsed)
    await repo.remember_names([(GUILD, 1, "Lane"), (GUILD, 2, "Paris")])
    assert await repos.seasons.season_began(GUILD, 1) is None
    assert sorted(await repos.seasons.champions(GUILD, 1)) == [1, 2], "tied at the top: both"
    await repos.moderation.reset_scores(GUILD, MOD, 1)
    await repos.moderation.reset_scores(GUILD, MOD, 2)  # nobody played season 2
    past, total = await repos.seasons.past_seasons(GUILD)
    assert total == 2 and [p.season for p in past] == [2, 1]
    assert past[0].podium == []
    podium = past[1].podium
    assert [(s.user_id, s.rank) for s in podium] == [(1, 1), (2, 1), (3, 3)]
    assert podium[0].name == "Lane" and podium[2].name is None
    assert await repos.seasons.season_began(GUILD, 3) == past[0].ended_at
    assert await repos.seasons.champions(GUILD, 2) == []
    only, total = await repos.seasons.past_seasons(GUILD, limit=1)
    assert [p.season for p in only] == [2] and total == 2


async def test_the_migration_dates_the_daily_questions_already_posted(tmp_path: Path) -> None:
    """0019 gives each daily question posted before it its day, from when its window closed."""
    old = Database(tmp_path / "old.db")
    await old.connect(migrate=False)
    try:
        await old.migrate(target=17)
        await old.write(
            "INSERT INTO questions (id, key, category, form, prompt, answer) VALUES (7, 'curated:a', 'facts', 'typed',"
            " 'P?', 'A')"
        )
        await old.write(
            "INSERT INTO games (id, guild_id, channel_id, started_by, kind, rounds, timer) VALUES (1, 5, 1, 0, 'daily', 1, 86400)"
        )
        deadline = 1714726800.0  # 2024-05-03 09:00 UTC: the window of 2024-05-02's question
        await old.write(
            "INSERT INTO game_rounds (game_id, round_no, question_id, started_at, deadline) VALUES (1, 1, 7, 1.0, ?)",
            (deadline,),
        )
        await old.migrate()
        row = await old.fetch_one("SELECT day, mode FROM games WHERE id = 1")
        assert tuple(row) == ("2024-05-02", "solo")
    finally:
        await old.close()


async def test_privacy_deletes_hints_teams_and_duels_too(repos: Repositories, store: Store) -> None:
    game = await new_game(repos.trivia, format=GameFormat("teams"))
    await repos.formats.join_team(game, GUILD, 5, "A", may_switch=True)
    await repos.formats.join_team(game, GUILD, 6, "B", may_switch=True)
    await repos.formats.take_hint(game, 1, GUILD, 5)
    duel = await new_game(repos.trivia, 2, format=GameFormat("duel", opponent_id=5))
    await repos.trivia.end_game(duel, "finished")
    await repos.formats.record_result(duel, 5, None)
    await repos.moderation.delete_member_data(GUILD, 5)
    assert await repos.formats.teams(game) == {6: "B"}
    assert await repos.formats.hinters(game, 1) == set()
    row = await repos.trivia.game(duel)
    assert row.opponent_id == 0 and row.players == frozenset({7, 0})
    assert await repos.formats.duel_wins(GUILD, 1, [5]) == {}
    assert await store.sql.fetch("SELECT 1 FROM games WHERE winner_id = 5 OR opponent_id = 5") == []
