"""Storage benchmark: the repositories' work behind a trivia click and a /quote random, on SQLite and on
PostgreSQL, in this one process (no Discord, no stand-in: the storage's share of an interaction).

    .venv/bin/python -m bench.storage [-n 3000] [--url postgresql://...] [--pg-setting synchronous_commit=off]

Without ``--url`` it starts a throwaway PostgreSQL (tests/pg_cluster.py) on this machine with
PostgreSQL's default, durable settings (bench/postgres.py). The figures are each call's latency, one
call in flight, this process's CPU per call (getrusage) and, on PostgreSQL, the server's own (its
processes, from /proc, when it runs on this machine). A click is ``TriviaRepo.record_answer`` (one INSERT, the trigger folding
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

from bench.postgres import PgServer
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


async def _time(label: str, calls: int, call: Callable[[int], Awaitable[object]], server: PgServer | None) -> None:
    latencies = []
    started, server_started = _cpu(), server.cpu_seconds() if server else None
    for n in range(calls):
        at = time.perf_counter()
        await call(n)
        latencies.append((time.perf_counter() - at) * 1000)
    cpu_ms = (_cpu() - started) / calls * 1000
    server_cpu = (
        ""
        if server_started is None
        else f"   server CPU {(server.cpu_seconds() - server_started) / calls * 1000:6.3f} ms"
    )
    latencies.sort()
    p50, p99 = latencies[calls // 2], latencies[min(calls - 1, int(calls * 0.99))]
    print(f"  {label:13} p50 {p50:6.3f} ms   p99 {p99:6.3f} ms   CPU {cpu_ms:6.3f} ms per call{server_cpu}")


async def _measure(repos: Repositories, calls: int, server: PgServer | None = None) -> None:
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

    await _time("click", calls, click, server)
    await _time("quote random", calls, lambda _: repos.search.random_quote(GUILD), server)
    await repos.close()


async def run(calls: int, url: str | None, settings: list[str], folder: Path) -> None:
    sqlite = Database(folder / "sqlite.db")
    await sqlite.connect()
    await _measure(Repositories.sqlite(sqlite), calls)
    server = await PgServer.open(url, settings)
    try:
        local = Database(folder / "local.db")
        await local.connect()
        pg = PgDatabase(await server.new_database("storage"))
        await pg.connect()
        await _measure(Repositories.postgres(local, pg), calls, server)
    finally:
        await server.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.storage", description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--calls", type=int, default=3000)
    parser.add_argument("--url", help="a PostgreSQL server to make the database in (default: a throwaway one)")
    parser.add_argument("--pg-setting", dest="pg_settings", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)  # as the bot runs (aiosqlite's results come from a thread)
    folder = Path(tempfile.mkdtemp(prefix="bench-storage-"))
    try:
        asyncio.run(run(args.calls, args.url, args.pg_settings, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
