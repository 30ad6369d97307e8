"""Running ``python -m bot`` as its own process, the way an operator does, for end-to-end tests."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

STARTUP_LIMIT = 60.0  # seconds; a cold interpreter imports discord.py first
OWN_VARIABLES = ("DISCORD_", "DATABASE_PATH", "DATABASE_URL", "DEV_GUILD_ID", "LOG_LEVEL", "SHARD_", "METRICS_")


def copy_project(destination: Path) -> Path:
    """The code and data, without any developer's .env or database: PROJECT_ROOT is then the copy.
    Its bytecode caches come along (copied with the sources' times, so Python takes them as the
    copies' own): each process started from the copy then reads them instead of compiling all of
    bot/ and cogs/ again (0.15 s of CPU per process)."""
    for folder in ("bot", "cogs", "data"):
        shutil.copytree(PROJECT_ROOT / folder, destination / folder)
    return destination


def clean_environment(**extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    return {**environ, "PYTHONDONTWRITEBYTECODE": "1", **extra}


async def run_bot(project: Path, environ: dict[str, str], log: Path, *args: str) -> asyncio.subprocess.Process:
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *args, cwd=project, env=environ, stdout=out, stderr=out
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


async def wait_for_line(log: Path, text: str, *, count: int = 1, within: float = STARTUP_LIMIT) -> list[str]:
    """Poll the log until ``count`` lines hold ``text``; returns them."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        lines = [line for line in output_of(log).splitlines() if text in line]
        if len(lines) >= count:
            return lines
        if loop.time() > deadline:
            pytest.fail(f"no {count} line(s) with {text!r} within {within} s:\n{output_of(log)}")
        await asyncio.sleep(0.05)
