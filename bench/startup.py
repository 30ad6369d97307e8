"""How long ``python -m bot`` takes to start: from the process's start to its gateway connection, on a
new database (the content checked and loaded, the trivia bank built) or, ``--restart``, on one a first
start has loaded (nothing to load). Wall seconds and CPU seconds (the bot and its child processes),
each the median of ``--rounds``, against a local Discord stand-in:

    .venv/bin/python -m bench.startup [--rounds 5] [--restart] [--against ../main]

With ``--against DIR`` another checkout's bot is timed too, the two taking turns (noise falls on both).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.settings import PROJECT_ROOT
from standin import DiscordStandIn

WITHIN_S = 60.0


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def time_start(checkout: Path, database: Path) -> tuple[float, float]:
    """Wall and CPU seconds until the bot in ``checkout`` connects to the gateway; then it is killed
    (a stop would add its shutdown's CPU), so its CPU is up to the connection."""
    async with DiscordStandIn() as standin:
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "DEV_GUILD_ID"))}
        environ.update(
            standin.environment(),
            DATABASE_PATH=str(database),
            DEV_GUILD_ID="",
            LOG_LEVEL="WARNING",
            PYTHONDONTWRITEBYTECODE="1",
        )
        cpu_before, started = _children_cpu_s(), time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=checkout, env=environ, stdout=asyncio.subprocess.DEVNULL
        )
        try:
            await standin.wait_connected(within=WITHIN_S)
            wall = time.perf_counter() - started
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGKILL)
            await process.wait()
        return wall, _children_cpu_s() - cpu_before


async def run(checkouts: list[Path], rounds: int, restart: bool) -> dict[Path, list[tuple[float, float]]]:
    timings: dict[Path, list[tuple[float, float]]] = {checkout: [] for checkout in checkouts}
    for _ in range(rounds):
        for checkout in checkouts:
            with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
                database = Path(folder) / "bot.db"
                if restart:
                    await time_start(checkout, database)  # loads the content; the next start finds it
                timings[checkout].append(await time_start(checkout, database))
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--restart", action="store_true", help="time a start on a database a first start loaded")
    parser.add_argument("--against", metavar="DIR", help="another checkout to time too (e.g. a worktree of main)")
    options = parser.parse_args(argv)
    checkouts = [PROJECT_ROOT, *([Path(options.against).resolve()] if options.against else [])]
    timings = asyncio.run(run(checkouts, max(1, options.rounds), options.restart))
    print(f"start-up to the gateway connection, {'a restart' if options.restart else 'a new database'}:")
    for checkout, rows in timings.items():
        walls, cpus = sorted(w for w, _ in rows), sorted(c for _, c in rows)
        print(
            f"  {checkout}: wall {statistics.median(walls):.2f} s ({' '.join(f'{w:.2f}' for w in walls)}), "
            f"CPU {statistics.median(cpus):.2f} s ({' '.join(f'{c:.2f}' for c in cpus)})"
        )


if __name__ == "__main__":
    main()
