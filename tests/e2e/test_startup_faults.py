"""Start-up faults end in one log line, never a traceback: Discord out of reach (retried until it is
back), a refused token, a database path SQLite cannot use. ``python -m bot`` in its own process."""

from __future__ import annotations

import asyncio
import signal
import socket
import time
from pathlib import Path

import aiohttp
import pytest

from standin import DiscordStandIn, DiscordUsers
from tests.e2e._process import clean_environment, copy_project, output_of, run_bot, wait_for_line, wait_or_exit

STOP_WITHIN = 10.0  # seconds from SIGTERM to exit, the limit


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pointed_at(port: int, token: str, database: Path, **extra: str) -> dict[str, str]:
    return clean_environment(
        DISCORD_TOKEN=token,
        DISCORD_API_BASE=f"http://127.0.0.1:{port}/api/v10",
        DISCORD_GATEWAY_URL=f"ws://127.0.0.1:{port}/gateway",
        DATABASE_PATH=str(database),
        **extra,
    )


async def stop(process: asyncio.subprocess.Process) -> tuple[int, float]:
    """SIGTERM; returns the exit status and the seconds it took."""
    started = time.monotonic()
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(process.wait(), STOP_WITHIN + 5)
    return code, time.monotonic() - started


def assert_clean(output: str, token: str) -> None:
    assert "Traceback" not in output, output
    assert token not in output, "the token reached the log"
    assert "\x1b[" not in output, output


async def health(port: int) -> int:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/healthz") as response:
        return response.status


async def test_unreachable_discord_is_retried_one_line_per_attempt_until_it_answers(tmp_path: Path):
    port, metrics_port = free_port(), free_port()
    standin = DiscordStandIn()  # not listening yet: Discord is unreachable
    users = DiscordUsers(standin)
    project = copy_project(tmp_path / "project")
    log = tmp_path / "bot.log"
    environ = pointed_at(port, standin.token, tmp_path / "bot.db", LOG_LEVEL="INFO", METRICS_PORT=str(metrics_port))
    process = await run_bot(project, environ, log)
    try:
        attempts = await wait_or_exit(process, wait_for_line(log, "cannot reach Discord", count=2), log)
        assert f"cannot connect to 127.0.0.1:{port}" in attempts[0] and "attempt 1, trying again in 1 s" in attempts[0]
        assert "attempt 2, trying again in 2 s" in attempts[1]
        assert await health(metrics_port) == 503  # the health check says so meanwhile
        await standin.start(port)  # the network is back
        await wait_or_exit(process, standin.wait_connected(within=30), log)
        result = await wait_or_exit(process, users.slash("episode"), log)
        assert "I Am All In" in result.text
        await wait_or_exit(process, wait_for_line(log, " ready: "), log)
        assert await health(metrics_port) == 200
    finally:
        code, seconds = await stop(process)
        await standin.stop()
    output = output_of(log)
    assert code == 0 and seconds < STOP_WITHIN, output
    assert_clean(output, standin.token)
    assert "logging in using static token" not in output  # one line per attempt, not two


async def test_sigterm_while_discord_is_unreachable_exits_0_at_once(tmp_path: Path):
    port = free_port()
    log = tmp_path / "bot.log"
    process = await run_bot(copy_project(tmp_path / "project"), pointed_at(port, "x" * 59, tmp_path / "bot.db"), log)
    try:
        await wait_or_exit(process, wait_for_line(log, "cannot reach Discord", count=2), log)
    finally:
        code, seconds = await stop(process)
    assert code == 0 and seconds < 3, (seconds, output_of(log))
    assert_clean(output_of(log), "x" * 59)


async def test_unreachable_gateway_is_one_line_per_attempt(tmp_path: Path):
    """REST answers but the gateway does not: discord.py's tracebacks for a shard that cannot
    connect become one line each, it keeps trying, and SIGTERM still stops it at once."""
    standin = await DiscordStandIn().start()
    environ = pointed_at(standin.port, standin.token, tmp_path / "bot.db")
    environ["DISCORD_GATEWAY_URL"] = f"ws://127.0.0.1:{free_port()}/gateway"
    log = tmp_path / "bot.log"
    process = await run_bot(copy_project(tmp_path / "project"), environ, log)
    try:
        lines = await wait_or_exit(process, wait_for_line(log, "no connection to Discord's gateway", count=2), log)
        assert all(" WARNING " in line and "cannot connect to 127.0.0.1:" in line for line in lines), lines
    finally:
        code, seconds = await stop(process)
        await standin.stop()
    assert code == 0 and seconds < STOP_WITHIN, output_of(log)
    assert_clean(output_of(log), standin.token)


async def run_to_exit(tmp_path: Path, environ: dict[str, str]) -> tuple[int, list[str]]:
    log = tmp_path / "bot.log"
    process = await run_bot(copy_project(tmp_path / "project"), {**environ, "LOG_LEVEL": "WARNING"}, log)
    code = await asyncio.wait_for(process.wait(), 60)
    return code, output_of(log).strip().splitlines()


async def test_refused_token_is_one_line_and_exit_2(tmp_path: Path, standin: DiscordStandIn):
    wrong = "W" * 59
    code, lines = await run_to_exit(tmp_path, pointed_at(standin.port, wrong, tmp_path / "bot.db"))
    assert code == 2
    assert len(lines) == 1 and "Discord refused the token in DISCORD_TOKEN" in lines[0], lines
    assert_clean("\n".join(lines), wrong)


async def test_another_refusal_at_login_is_one_line(tmp_path: Path, standin: DiscordStandIn):
    standin.fail_next("GET /users/@me", status=403)
    code, lines = await run_to_exit(tmp_path, pointed_at(standin.port, standin.token, tmp_path / "bot.db"))
    assert code == 1
    assert len(lines) == 1 and "Discord refused the bot at start-up: 403" in lines[0], lines


async def test_too_few_shards_for_discord_is_one_line_and_exit_2(tmp_path: Path, standin: DiscordStandIn):
    """Discord closes a shard that would hold too many servers (4011, 2,500 at Discord; 1 here)."""
    users = DiscordUsers(standin)
    await users.add_guild("Woodbury")
    standin.shard_count, standin.max_guilds_per_shard = 2, 1
    environ = pointed_at(standin.port, standin.token, tmp_path / "bot.db", SHARD_COUNT="1")
    code, lines = await run_to_exit(tmp_path, environ)
    assert code == 2
    warning, error = lines
    assert "SHARD_COUNT=1, but Discord recommends 2 shards for this bot" in warning
    assert "too many servers on one shard (gateway code 4011); raise SHARD_COUNT" in error
    assert_clean("\n".join(lines), standin.token)


@pytest.mark.parametrize("kind", ["text file", "device", "under /proc"])
async def test_a_database_path_sqlite_cannot_use_is_one_line_naming_it(tmp_path: Path, kind: str):
    if kind == "text file":
        path = tmp_path / "notes.txt"
        path.write_text("not a database\n", encoding="utf-8")
    else:
        path = Path("/dev/null") if kind == "device" else Path("/proc/companion-test/bot.db")
    environ = pointed_at(free_port(), "x" * 59, path)
    code, lines = await run_to_exit(tmp_path, environ)
    assert code == 2
    assert len(lines) == 1 and str(path) in lines[0] and "DATABASE_PATH" in lines[0], lines
    assert "Traceback" not in lines[0]
    if kind == "text file":
        assert path.read_text(encoding="utf-8") == "not a database\n"  # left as it was


async def test_a_database_sqlite_cannot_open_leaves_no_thread_behind(tmp_path: Path):
    """Issue 19: DATABASE_PATH=/proc/bot.db (its folder exists, SQLite cannot open the file there):
    the one-line error was followed by "Exception in thread ... RuntimeError: Event loop is closed"
    in 2 runs of 3, from aiosqlite's thread outliving the loop. Five runs, one line each."""
    for run in range(5):
        environ = pointed_at(free_port(), "x" * 59, Path("/proc/bot.db"))
        code, lines = await run_to_exit(tmp_path / f"run-{run}", environ)
        assert code == 2
        assert len(lines) == 1 and "DATABASE_PATH /proc/bot.db cannot be used" in lines[0], lines
