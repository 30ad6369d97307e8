"""Storage benchmark: the repositories' work behind a trivia click and a /quote random, on SQLite and on
PostgreSQL, in this one process (no Discord, no stand-in: the storage's share of an interaction).

    .venv/bin/python -m bench.storage [-n 3000] [--url postgresql://...]

Without ``--url`` it starts a throwaway PostgreSQL (tests/pg_cluster.py) on this machine, whose
server CPU is not counted: the figures are the bot process's CPU per call (getrusage) and each call's
latency, one call in flight. A click is ``TriviaRepo.record_answer`` (one INSERT, the trigger folding
it into scores); a /quote random is ``SearchRepo.random_quote`` (the server's retired items from the
state's backend, then the local SQLite).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg

from bot.__main__ import GIL_SWITCH_INTERVAL_S
from bot.content.loader import ContentPaths
from bot.db import Database
from bot.db.postgres.database import PgDatabase
from bot.db.repositories import Repositories
from bot.db.trivia_repo import NewRound

GUILD = 1


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _time(label: str, calls: int, call: Callable[[int], Awaitable[object]]) -> None:
    latencies = []
    started = _cpu()
    for n in range(calls):
        at = time.perf_counter()
        await call(n)
        latencies.append((time.perf_counter() - at) * 1000)
    cpu_ms = (_cpu() - started) / calls * 1000
    latencies.sort()
    p50, p99 = latencies[calls // 2], latencies[min(calls - 1, int(calls * 0.99))]
    print(f"  {label:13} p50 {p50:6.3f} ms   p99 {p99:6.3f} ms   CPU {cpu_ms:6.3f} ms per call")


async def _measure(repos: Repositories, calls: int) -> None:
    print(f"{repos.backend}:")
    await repos.prepare(ContentPaths.default())
    await repos.trivia.refresh_bank()
    await repos.search.reader.open()
    first = (await repos.trivia.bank(GUILD))[0].id
    game = await repos.trivia.create_game(
        guild_id=GUILD, channel_id=1, started_by=1, rounds=1, timer=20, category=None, season=1,
        first=NewRound(first, ("a", "b"), 0.0, 20.0),
    )  # fmt: skip
    for n in range(100):  # warm-up: statement caches, the reader's connection
        await repos.search.random_quote(GUILD)
        await repos.trivia.record_answer(
            game_id=game, round_no=1, guild_id=GUILD, season=1, user_id=10**9 + n, given="a",
            correct=True, elapsed_s=3.0, timer_s=20.0,
        )  # fmt: skip

    async def click(n: int) -> object:
        return await repos.trivia.record_answer(
            game_id=game, round_no=1, guild_id=GUILD, season=1, user_id=n, given="a",
            correct=n % 2 == 0, elapsed_s=3.0, timer_s=20.0,
        )  # fmt: skip

    await _time("click", calls, click)
    await _time("quote random", calls, lambda _: repos.search.random_quote(GUILD))
    await repos.close()


async def run(calls: int, url: str | None, folder: Path) -> None:
    sqlite = Database(folder / "sqlite.db")
    await sqlite.connect()
    await _measure(Repositories.sqlite(sqlite), calls)
    if url is None:
        return
    local = Database(folder / "local.db")
    await local.connect()
    pg = PgDatabase(url)
    await pg.connect()
    await _measure(Repositories.postgres(local, pg), calls)


async def _fresh_database(admin_url: str, name: str) -> str:
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.storage", description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--calls", type=int, default=3000)
    parser.add_argument("--url", help="an empty PostgreSQL database to use (default: a throwaway one)")
    args = parser.parse_args(argv)
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)  # as the bot runs (aiosqlite's results come from a thread)
    folder = Path(tempfile.mkdtemp(prefix="bench-storage-"))
    cluster = None
    try:
        url = args.url
        if url is None:
            from tests.pg_cluster import ThrowawayCluster

            cluster = ThrowawayCluster().start()
            url = asyncio.run(_fresh_database(cluster.url(), "bench"))
        asyncio.run(run(args.calls, url, folder))
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
