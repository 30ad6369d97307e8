"""``python -m bot`` with DATABASE_URL, in its own process, as an operator runs it: it starts on a real
PostgreSQL (state there, content and search in its SQLite file), answers, stops on SIGTERM; and a
PostgreSQL it cannot use is one line, never with the password."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import asyncpg

from standin import DiscordStandIn, DiscordUsers
from tests.e2e._process import (
    STARTUP_LIMIT,
    clean_environment,
    copy_project,
    output_of,
    run_bot,
    wait_for_line,
    wait_or_exit,
)
from tests.pg_cluster import ThrowawayCluster


async def test_the_bot_runs_on_postgresql(tmp_path: Path, make_pg_database, postgres_cluster: ThrowawayCluster):
    url = (await make_pg_database()).replace("postgres@", "postgres:hunter2@")  # trust: any password works
    project = copy_project(tmp_path / "project")
    async with DiscordStandIn() as standin:
        users = DiscordUsers(standin)
        environ = clean_environment(
            DISCORD_TOKEN=standin.token,
            DISCORD_API_BASE=standin.api_base,
            DISCORD_GATEWAY_URL=standin.gateway_url,
            DATABASE_PATH=str(tmp_path / "local.db"),
            DATABASE_URL=url,
            LOG_LEVEL="INFO",
        )
        log = tmp_path / "bot.log"
        process = await run_bot(project, environ, log)
        try:
            await wait_or_exit(process, standin.wait_connected(within=STARTUP_LIMIT), log)
            fan = users.member("fan")
            stats = await wait_or_exit(process, users.slash("trivia stats", member=fan), log)
            assert stats.ephemeral or stats.text
            quote = await wait_or_exit(process, users.slash("quote search", member=fan, text="greedy"), log)
            assert "greedy" in quote.text.lower()
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 15)
        output = output_of(log)
        assert code == 0, output
        assert "server state in PostgreSQL at postgresql://postgres:***@127.0.0.1" in output
        assert "hunter2" not in output and "Traceback" not in output, output
        assert not standin.problems(), standin.problems()
    conn = await asyncpg.connect(url)
    try:  # the state went to PostgreSQL: the command sync's bookkeeping, the content's copy
        assert await conn.fetchval("SELECT count(*) FROM meta WHERE key LIKE 'commands_hash:%'") == 1
        assert await conn.fetchval("SELECT count(*) FROM quotes") > 0
    finally:
        await conn.close()


async def test_a_database_it_cannot_use_is_one_line_and_exit_2(tmp_path: Path, postgres_cluster: ThrowawayCluster):
    url = postgres_cluster.url("no_such_database").replace("postgres@", "postgres:hunter2@")
    environ = clean_environment(
        DISCORD_TOKEN="x" * 40,
        DISCORD_API_BASE="http://127.0.0.1:9/api/v10",
        DISCORD_GATEWAY_URL="ws://127.0.0.1:9/",
        DATABASE_PATH=str(tmp_path / "local.db"),
        DATABASE_URL=url,
    )
    log = tmp_path / "bot.log"
    process = await run_bot(copy_project(tmp_path / "project"), environ, log)
    code = await asyncio.wait_for(process.wait(), STARTUP_LIMIT)
    output = output_of(log)
    assert code == 2, output
    line = output.strip().splitlines()[-1]  # after SQLite's migrations of the local file
    assert "ERROR" in line and "Traceback" not in output
    assert 'cannot be used: database "no_such_database" does not exist' in line
    assert "postgres:***@" in line and "hunter2" not in output


async def test_sigterm_while_postgresql_is_awaited_exits_0_saying_so(tmp_path: Path, unused_tcp_port: int):
    """Issue 19: SIGTERM while the bot waits (up to 30 s) for a PostgreSQL that does not answer
    exited 143, with no "shutting down" line; the docs promise 0, as for any stop."""
    environ = clean_environment(
        DISCORD_TOKEN="x" * 40,
        DISCORD_API_BASE="http://127.0.0.1:9/api/v10",
        DISCORD_GATEWAY_URL="ws://127.0.0.1:9/",
        DATABASE_PATH=str(tmp_path / "local.db"),
        DATABASE_URL=f"postgresql://bot:hunter2@127.0.0.1:{unused_tcp_port}/bot",
    )
    log = tmp_path / "bot.log"
    process = await run_bot(copy_project(tmp_path / "project"), environ, log)
    await wait_or_exit(process, wait_for_line(log, "cannot reach PostgreSQL"), log)
    process.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(process.wait(), 10)
    output = output_of(log)
    assert code == 0, output
    assert "received SIGTERM; shutting down" in output.strip().splitlines()[-1]
    assert "Traceback" not in output and "hunter2" not in output


async def test_ctrl_c_during_migrate_to_postgres_is_one_line(tmp_path: Path, unused_tcp_port: int):
    """Found with issue 19: Ctrl+C while migrate-to-postgres waited for PostgreSQL ended in a
    KeyboardInterrupt traceback. The copy is one transaction: nothing was copied, and it says so."""
    environ = clean_environment(
        DATABASE_PATH=str(tmp_path / "bot.db"), DATABASE_URL=f"postgresql://bot:hunter2@127.0.0.1:{unused_tcp_port}/bot"
    )
    log = tmp_path / "copy.log"
    project = copy_project(tmp_path / "project")
    (tmp_path / "bot.db").write_bytes(b"")  # an empty file: a new database, migrated when opened
    process = await run_bot(project, environ, log, "migrate-to-postgres")
    await wait_or_exit(process, wait_for_line(log, "cannot reach PostgreSQL"), log)
    process.send_signal(signal.SIGINT)
    code = await asyncio.wait_for(process.wait(), 10)
    output = output_of(log)
    assert code == 1 and "Traceback" not in output, output
    assert output.strip().splitlines()[-1] == "error: interrupted: nothing was copied", output
