"""How long a new user waits: ``make run`` until the bot is ready, ``make demo`` until its prompt.

    .venv/bin/python -m bench.first_run [--checkout DIR] [--rounds 3]

Runs the targets as a user types them, in ``--checkout`` (a fresh clone, say; this one by default),
after ``make setup`` (time that one yourself: ``time make setup`` in a fresh clone). ``make run``
talks to a local Discord stand-in with a made-up token and a new database each round, so each
start loads the content and builds the search index as a first start does. Prints seconds per round.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

from bot.settings import PROJECT_ROOT
from standin import DiscordStandIn, DiscordUsers

WITHIN_S = 120.0


async def seconds_until(command: list[str], checkout: Path, env: dict[str, str], marker: str) -> float:
    """Start ``command`` and wait until ``marker`` appears in its output; then stop it."""
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=checkout,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    output = b""
    try:
        while marker.encode() not in output:
            chunk = await asyncio.wait_for(process.stdout.read(4096), WITHIN_S)
            if not chunk:
                raise SystemExit(f"{' '.join(command)} ended before {marker!r}:\n{output.decode(errors='replace')}")
            output += chunk
        return time.perf_counter() - started
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()


async def main(checkout: Path, rounds: int) -> None:
    plain = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "SHARD_", "METRICS_"))}
    run, demo = [], []
    for _ in range(rounds):
        async with DiscordStandIn() as standin:
            DiscordUsers(standin)  # its server, "Stars Hollow"
            with tempfile.TemporaryDirectory(prefix="first-run-") as folder:
                env = {**plain, **standin.environment(), "DATABASE_PATH": str(Path(folder) / "bot.db")}
                run.append(await seconds_until(["make", "run"], checkout, env, "ready:"))
        demo.append(await seconds_until(["make", "demo"], checkout, plain, "Companion bot demo"))
    print(f"make run, start to ready (s):   {' '.join(f'{s:.1f}' for s in run)}")
    print(f"make demo, start to prompt (s): {' '.join(f'{s:.1f}' for s in demo)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, default=PROJECT_ROOT, help="where to run make (set up already)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.checkout.resolve(), args.rounds))
