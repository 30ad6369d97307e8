"""The real start-up path: ``python -m bot`` in its own process, configured by a ``.env`` file and
the environment, on a new database, against the stand-in: settings, migrations, content load,
extension load, command sync, gateway, and an answered ``/episode``; then SIGTERM."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from standin import DiscordStandIn, DiscordUsers

STARTUP_LIMIT = 60.0  # seconds; a cold interpreter imports discord.py first
OWN_VARIABLES = ("DISCORD_", "DATABASE_PATH", "DEV_GUILD_ID", "LOG_LEVEL")


def copy_project(destination: Path) -> Path:
    """The code and data, without any developer's .env or database: PROJECT_ROOT is then the copy."""
    for folder in ("bot", "cogs", "data"):
        shutil.copytree(PROJECT_ROOT / folder, destination / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def clean_environment(**extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    return {**environ, "PYTHONDONTWRITEBYTECODE": "1", **extra}


async def run_bot(project: Path, environ: dict[str, str], log: Path) -> asyncio.subprocess.Process:
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=project, env=environ, stdout=out, stderr=out
        )


def output_of(log: Path) -> str:
    return log.read_text(errors="replace")


async def wait_or_exit(process: asyncio.subprocess.Process, awaitable, log: Path):
    waiter = asyncio.ensure_future(awaitable)
    exited = asyncio.ensure_future(process.wait())
    done, _ = await asyncio.wait({waiter, exited}, return_when=asyncio.FIRST_COMPLETED)
    if waiter in done:
        exited.cancel()
        return waiter.result()
    waiter.cancel()
    pytest.fail(f"python -m bot exited with {process.returncode} during start-up:\n{output_of(log)}")


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
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 15)
    output = output_of(log)
    assert code == 0, output
    assert "Traceback" not in output, output
    assert standin.token not in output, "the bot token reached the log"
    assert not standin.problems(), standin.problems()  # requests Discord would refuse, late answers...
    assert not standin.unknown_requests, standin.unknown_requests
    with sqlite3.connect(database) as db:  # migrated and loaded by the real start-up
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert db.execute("SELECT podcast FROM episode").fetchone() == ("I Am All In",)
        assert db.execute("SELECT count(*) FROM meta WHERE key LIKE 'commands_hash:%'").fetchone()[0] == 1


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
