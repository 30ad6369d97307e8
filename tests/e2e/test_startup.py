"""The real start-up path: ``python -m bot`` in its own process, configured by a ``.env`` file and
the environment, on a new database, against the stand-in: settings, migrations, content load,
extension load, command sync, gateway, and an answered ``/episode``; then SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

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


@pytest.fixture
async def standin():
    async with DiscordStandIn() as server:
        yield server


async def test_python_m_bot_starts_for_real_and_answers_episode(tmp_path: Path, standin: DiscordStandIn):
    project = copy_project(tmp_path / "project")
    database = tmp_path / "state" / "bot.db"
    (project / ".env").write_text(f"DISCORD_TOKEN={standin.token}\nDATABASE_PATH={database}\nLOG_LEVEL=INFO\n")
    users = DiscordUsers(standin)  # adds the server the bot will find in READY
    environ = clean_environment(DISCORD_API_BASE=standin.api_base, DISCORD_GATEWAY_URL=standin.gateway_url)
    log = tmp_path / "bot.log"
    process = await run_bot(project, environ, log)
    try:
        await wait_or_exit(process, standin.wait_connected(within=STARTUP_LIMIT), log)
        assert standin.requests_matching("PUT /applications/*/commands"), "commands were not synced"
        result = await wait_or_exit(process, users.slash("episode", member=users.member("fan")), log)
        assert "I Am All In" in result.text and "Milo Ventimiglia" in result.text
        assert not result.ephemeral
        # discord.py says ready 2 s after the last server arrived; the bot's line comes then.
        await wait_or_exit(process, wait_for_line(log, " ready: "), log)
    finally:
        stopping = time.monotonic()
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 15)
    output = output_of(log)
    assert code == 0, output
    assert time.monotonic() - stopping < 10, "SIGTERM must stop the bot within 10 s"
    assert "Traceback" not in output, output
    assert standin.token not in output, "the bot token reached the log"
    assert not standin.problems(), standin.problems()  # requests Discord would refuse, late answers...
    assert not standin.unknown_requests, standin.unknown_requests
    # Quiet, plain logs: no voice warnings, no colour codes in a piped log, one line at ready.
    assert "PyNaCl" not in output and "davey" not in output, output
    assert "\x1b[" not in output, "colour codes in a log that is not a terminal"
    [ready] = [line for line in output.splitlines() if " ready: " in line]
    assert f"companion (id {standin.application_id}) in 1 server;" in ready
    assert f"client_id={standin.application_id}" in ready and "permissions=274877926400" in ready
    with sqlite3.connect(database) as db:  # migrated and loaded by the real start-up
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert db.execute("SELECT podcast FROM episode").fetchone() == ("I Am All In",)
        keys = db.execute("SELECT key FROM meta WHERE key LIKE 'commands_hash:%'").fetchall()
        assert keys == [(f"commands_hash:{standin.application_id}:global",)]


async def test_python_m_bot_without_a_token_says_so_in_one_line(tmp_path: Path):
    """No token: exit status 2, one line on stderr naming DISCORD_TOKEN, no traceback."""
    project = copy_project(tmp_path / "project")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=project,
        env=clean_environment(DATABASE_PATH=str(tmp_path / "bot.db")),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    lines = stderr.decode().strip().splitlines()
    assert process.returncode != 0
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: DISCORD_TOKEN is not set")
    assert stdout == b""
    assert not (tmp_path / "bot.db").exists()  # nothing was started


async def test_python_m_bot_invite_prints_the_invite_url(tmp_path: Path, standin: DiscordStandIn):
    from bot.invite import invite_url

    environ = clean_environment(DATABASE_PATH=str(tmp_path / "bot.db"), **standin.environment())
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "invite",
        cwd=copy_project(tmp_path / "project"),
        env=environ,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()
    assert stdout.decode() == invite_url(standin.application_id) + "\n"
    assert not (tmp_path / "bot.db").exists()  # it needs no database


async def invite(tmp_path: Path, **environment: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "invite", cwd=copy_project(tmp_path / "project"),
        env=clean_environment(DATABASE_PATH=str(tmp_path / "bot.db"), **environment),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, stdout.decode(), stderr.decode()


async def test_python_m_bot_invite_says_only_what_matters(tmp_path: Path, standin: DiscordStandIn):
    """Issue 19: with a token and no network, invite printed three discord.py warnings (intents,
    PyNaCl, davey) that ``run`` silences, before its one line. Now: the URL alone, or one line."""
    code, out, err = await invite(tmp_path / "reachable", **standin.environment())
    assert (code, err) == (0, ""), err
    unreachable = {**standin.environment(), "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10"}
    code, out, err = await invite(tmp_path / "unreachable", **unreachable)
    assert (code, out) == (1, "")
    [line] = err.splitlines()
    assert "cannot reach Discord" in line and standin.token not in err
