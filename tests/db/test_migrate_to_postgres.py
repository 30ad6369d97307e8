"""``python -m bot migrate-to-postgres``: a SQLite database with every kind of server state, copied into
a real PostgreSQL, reads the same through PostgreSQL's repositories; ids are kept and new ones come
after them; a target with rows is refused unless --force; the counts are compared and printed."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest

from bot.content.loader import ContentPaths, load_content
from bot.db.database import Database
from bot.db.moderation_repo import Actor
from bot.db.postgres.copy import TABLES, CopyRefused, copy_to_postgres
from bot.db.postgres.database import PgDatabase
from bot.db.repositories import Repositories
from bot.db.trivia_repo import GameFormat, NewRound
from bot.moderation.community import build_question
from bot.moderation.suggestions import build_suggestion
from bot.settings import PROJECT_ROOT
from tests.e2e._process import clean_environment

GUILD, OTHER = 7001, 7002
MOD = Actor(900, "Mod")


async def fill(repos: Repositories) -> None:
    """A bit of everything a server leaves behind, written by the repositories themselves."""
    await repos.prepare(ContentPaths.default())
    await repos.trivia.refresh_bank()
    await repos.moderation.update_settings(GUILD, MOD, "spoilers", "on", spoilers=True, daily_last_date="2024-05-01")
    await repos.moderation.set_feature(GUILD, MOD, "ask", False)
    await repos.moderation.add_game_channel(GUILD, MOD, 55)
    [number] = await repos.moderation.add_community_questions(GUILD, MOD, [build_question("Our own question?", "Yes")])
    bank = await repos.trivia.bank(GUILD)
    for channel, guild in ((1, GUILD), (2, OTHER)):
        game = await repos.trivia.create_game(
            guild_id=guild, channel_id=channel, started_by=5, rounds=2, timer=20, category=None, season=1,
            first=NewRound(bank[0].id, ("a", "b"), 100.0, 120.0),
        )  # fmt: skip
        for user in (50, 51, 52):
            await repos.trivia.record_answer(
                game_id=game, round_no=1, guild_id=guild, season=1, user_id=user, given="a",
                correct=user != 52, elapsed_s=3.0, timer_s=20.0,
            )  # fmt: skip
        await repos.trivia.next_round(game, guild, 2, NewRound(bank[1].id, ("c", "d"), 130.0, 150.0))
        await repos.trivia.end_game(game, "finished")
    teams = await repos.trivia.create_game(
        guild_id=GUILD, channel_id=3, started_by=50, rounds=1, timer=20, category=None, season=1, first=None,
        format=GameFormat("teams", target=300),
    )  # fmt: skip
    await repos.formats.join_team(teams, GUILD, 50, "A", may_switch=True)
    await repos.formats.join_team(teams, GUILD, 51, "B", may_switch=True)
    await repos.trivia.next_round(teams, GUILD, 1, NewRound(bank[3].id, ("e", "f"), 160.0, 180.0))
    await repos.formats.take_hint(teams, 1, GUILD, 51)
    await repos.trivia.record_answer(
        game_id=teams, round_no=1, guild_id=GUILD, season=1, user_id=51, given="e", correct=True,
        elapsed_s=1.0, timer_s=20.0, hinted=True,
    )  # fmt: skip
    await repos.trivia.end_game(teams, "finished")
    await repos.formats.record_result(teams, None, "B")
    await repos.trivia.remember_names([(GUILD, 50, "Rory"), (GUILD, 51, "Jess")])
    report = await repos.moderation.file_report(GUILD, 52, "question", str(bank[0].id), "that's wrong")
    await repos.moderation.resolve_report(GUILD, MOD, report, retire=True)
    await repos.moderation.file_report(GUILD, 50, "fact", "milo-played-jess", "hmm")
    suggestion = await repos.suggestions.add(GUILD, 51, build_suggestion("Who is Jess?", "Milo", [], "The article."))
    await repos.suggestions.review(GUILD, MOD, suggestion, approve=True)
    await repos.suggestions.add(GUILD, 50, build_suggestion("Who is Rory?", "Alexis", [], "The article."))
    await repos.moderation.reset_scores(OTHER, MOD, 1)
    await repos.trivia.record_practice(GUILD, bank[2].id, 200.0)
    await repos.meta.set("commands_hash:1:global", "abc")
    assert number == 1


async def observe(repos: Repositories) -> dict[str, object]:
    """What the bot shows of that state, through the repositories."""
    moderation, trivia = repos.moderation, repos.trivia
    return {
        "settings": await repos.guild_settings.get(GUILD),
        "other settings": await repos.guild_settings.get(OTHER),
        "history": await moderation.history(GUILD, limit=50),
        "leaderboard": await trivia.leaderboard(GUILD, 1, page=0, caller_id=52),
        "stats": [await trivia.member_stats(GUILD, 1, user) for user in (50, 51, 52)],
        "scores": await moderation.score_rows(OTHER),
        "community": await moderation.community_questions(GUILD),
        "reports": await moderation.open_reports(GUILD),
        "retired": await moderation.retired_items(GUILD),
        "member": await moderation.member_data(GUILD, 51),
        "pending": await repos.suggestions.pending(GUILD, 10),
        "bank": await trivia.bank(GUILD),
        "seasons": await moderation.archived_seasons(OTHER),
        "past seasons": await repos.seasons.past_seasons(OTHER),
        "teams": await repos.formats.team_totals(GUILD, 1),
        "hints": await repos.formats.hinters(3, 1),
        "meta": await repos.meta.get("commands_hash:1:global"),
    }


@pytest.fixture
async def filled_sqlite(tmp_path: Path, template_db: Path | None) -> Path:
    path = tmp_path / "bot.db"
    if template_db is not None:
        shutil.copyfile(template_db, path)
    async with Database(path) as db:
        repos = Repositories.sqlite(db)
        await fill(repos)
        await repos.search.reader.close()
    return path


async def test_the_copy_reads_the_same_through_postgresql(filled_sqlite: Path, pg_url: str, tmp_path: Path) -> None:
    async with Database(filled_sqlite) as db:
        before = await observe(Repositories.sqlite(db))
        games_before = await db.fetch_one("SELECT max(id) FROM games")
    report = await copy_to_postgres(filled_sqlite, pg_url)
    assert report.matches and [t for t, _, _ in report.counts] == list(TABLES)
    assert all(source > 0 for table, source, _ in report.counts), report.lines()
    async with Database(tmp_path / "local.db") as local, PgDatabase(pg_url) as pg:
        await load_content(local, ContentPaths.default())
        repos = Repositories.postgres(local, pg)
        assert await observe(repos) == before
        # The bank is up to date (its hash came along): nothing regenerated, ids kept.
        assert await repos.trivia.refresh_bank() is None
        # New rows continue after the copied ids.
        bank = await repos.trivia.bank(GUILD)
        game = await repos.trivia.create_game(
            guild_id=GUILD, channel_id=9, started_by=5, rounds=1, timer=20, category=None, season=1,
            first=NewRound(bank[0].id, (), 1.0, 2.0),
        )  # fmt: skip
        assert game == games_before[0] + 1
        await repos.search.reader.close()


async def test_a_target_with_rows_is_refused_unless_forced(filled_sqlite: Path, pg_url: str) -> None:
    async with PgDatabase(pg_url) as pg:
        await pg.write(
            "INSERT INTO audit_log (guild_id, actor_id, actor_name, action, detail) VALUES (1, 2, 'x', 'y', 'z')"
        )
    with pytest.raises(CopyRefused, match=r"already holds rows: audit_log \(1\)\. Add --force"):
        await copy_to_postgres(filled_sqlite, pg_url)
    report = await copy_to_postgres(filled_sqlite, pg_url, force=True)
    assert report.matches
    async with PgDatabase(pg_url) as pg:
        assert await pg.fetch_value("SELECT count(*) FROM audit_log WHERE actor_name = 'x'") == 0


async def test_a_missing_source_is_refused(tmp_path: Path, pg_url: str) -> None:
    with pytest.raises(CopyRefused, match="does not exist"):
        await copy_to_postgres(tmp_path / "nothing.db", pg_url)
    assert not (tmp_path / "nothing.db").exists(), "no empty database left behind"


async def test_the_command_prints_the_counts(filled_sqlite: Path, pg_url: str) -> None:
    """As an operator runs it: one line per table, then the verdict; again: refused (exit 2)."""
    environ = clean_environment(DATABASE_PATH=str(filled_sqlite), DATABASE_URL=pg_url)

    async def run() -> tuple[int, str, str]:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "migrate-to-postgres", cwd=PROJECT_ROOT, env=environ,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(process.communicate(), 120)
        return process.returncode, out.decode(), err.decode()

    code, out, err = await run()
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"copied {filled_sqlite} into postgresql://")
    assert any(line.split()[:1] == ["answers"] and line.split()[1] == line.split()[2] == "7" for line in lines)
    assert lines[-1].startswith(f"all {len(TABLES)} tables match")
    code, out, err = await run()
    assert code == 2 and out == "" and "--force" in err


async def test_ids_sqlite_gave_before_a_delete_are_not_given_again_in_postgresql(
    filled_sqlite: Path, pg_url: str, tmp_path: Path
) -> None:
    """Issue 19: the newest report and suggestion deleted (/privacy) before the copy; PostgreSQL's
    next ids still come after them, as SQLite's would have."""
    async with Database(filled_sqlite) as db:
        highest = {}
        for table in ("reports", "suggestions"):
            highest[table] = (await db.fetch_one(f"SELECT max(id) FROM {table}"))[0]
            await db.write(f"DELETE FROM {table} WHERE id = ?", (highest[table],))
    assert (await copy_to_postgres(filled_sqlite, pg_url)).matches
    async with Database(tmp_path / "local.db") as local, PgDatabase(pg_url) as pg:
        await load_content(local, ContentPaths.default())
        repos = Repositories.postgres(local, pg)
        report = await repos.moderation.file_report(GUILD, 60, "quote", "been-a-while", "not quite")
        suggestion = await repos.suggestions.add(GUILD, 60, build_suggestion("Who is Luke?", "Scott", [], "The show."))
        assert report > highest["reports"] and suggestion > highest["suggestions"]
        await repos.search.reader.close()
