"""Where the bot's memory goes, step by step through its start-up, in a fresh process:

    .venv/bin/python -m bench.memory

Each step's resident memory (RSS, from /proc) and the Python objects it allocated (tracemalloc),
then the heaviest sources of the bot's own steps, grouped by package. The bare discord.py client of
``bench.interactions`` stops after the first step; everything below it is what this bot adds. The
steps are the start-up path's (settings, the database, every extension, the content and the trivia
bank loaded into a new SQLite file: the content checked and written by a child process, as the bot
does, then the collection and ``malloc_trim`` that end its start-up, with one malloc arena as
``python -m bot`` sets); the 1,000 servers of the benchmark weigh the same in both bots. Where the
benchmark's processes hold their memory: ``python -m bench.interactions ... --memory-map``.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import importlib
import json
import pkgutil
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # not bot.settings: the first step imports nothing of the bot
OPTIONAL = ("asyncpg", "jsonschema", "standin", "prometheus_client", "aiohttp.web", "snowballstemmer", "rapidfuzz")


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _source(filename: str) -> str:
    """A traceback frame's file as a package: ``discord``, ``bot/db``, ``stdlib``, ``bytecode``..."""
    if filename.startswith("<frozen importlib"):
        return "code objects (imports)"
    if filename.endswith("/dataclasses.py"):
        return "dataclasses' generated methods"
    if "/site-packages/" in filename:
        return filename.split("/site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    root = str(PROJECT_ROOT) + "/"
    if filename.startswith(root):
        parts = filename[len(root) :].split("/")
        return "/".join(parts[:2]) if len(parts) > 2 else parts[0]
    return "stdlib and the rest"


async def _load_content(folder: Path) -> None:
    from bot.content.loader import ContentPaths
    from bot.db import Database
    from bot.db.repositories import Repositories

    db = Database(folder / "bot.db")
    await db.connect()
    repos = Repositories.sqlite(db)
    try:
        await repos.prepare(ContentPaths.default())
        await repos.trivia.refresh_bank()
    finally:
        await repos.close()


def measure(traced: bool) -> dict:
    """Run in the measured process: each step's RSS, or (``traced``; tracemalloc's own bookkeeping
    inflates RSS, so it runs in a process of its own) the Python objects it allocated, and the bot's
    heaviest sources."""
    if traced:
        tracemalloc.start()
    steps: list[dict] = []
    snapshots = {}

    def step(name: str) -> None:
        gc.collect()
        if traced:
            steps.append({"step": name, "traced_mib": round(tracemalloc.get_traced_memory()[0] / 2**20, 2)})
            snapshots[name] = tracemalloc.take_snapshot()
        else:
            steps.append({"step": name, "rss_mib": round(rss_mib(), 1)})

    step("python")
    from bot.memory import use_one_malloc_arena  # ctypes, which discord.py imports anyway

    use_one_malloc_arena()  # as python -m bot does, before any thread
    importlib.import_module("discord")
    importlib.import_module("discord.ext.commands")
    step("discord.py (the bare client stops here)")
    for name in ("bot.__main__", "bot.client", "bot.db.repositories"):
        importlib.import_module(name)
    step("the bot's start-up path (bot/)")
    import cogs

    for module in pkgutil.walk_packages(cogs.__path__, "cogs."):
        importlib.import_module(module.name)
    step("every extension (cogs/)")
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_load_content(Path(folder)))
    step("content and trivia bank loaded (a new database)")
    from bot.memory import trim_after_start_up

    trim_after_start_up()
    step("start-up's end: garbage collected, malloc_trim")
    sources = collections.Counter()
    if traced:
        for stat in snapshots[steps[-2]["step"]].compare_to(snapshots[steps[1]["step"]], "filename"):
            sources[_source(stat.traceback[0].filename)] += stat.size_diff
    return {
        "steps": steps,
        "sources": [(name, round(size / 2**20, 2)) for name, size in sources.most_common(12)],
        "optional_loaded": [m for m in OPTIONAL if m in sys.modules],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--in-process", choices=("rss", "traced"), help=argparse.SUPPRESS)  # a measured process
    options = parser.parse_args(argv)
    if options.in_process:
        print(json.dumps(measure(traced=options.in_process == "traced")))
        return
    runs = {}
    for kind in ("rss", "traced"):
        result = subprocess.run(
            [sys.executable, "-m", "bench.memory", "--in-process", kind],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        runs[kind] = json.loads(result.stdout.strip().splitlines()[-1])
    figures = runs["traced"]
    for row, rss_row in zip(figures["steps"], runs["rss"]["steps"], strict=True):
        row["rss_mib"] = rss_row["rss_mib"]
    if options.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{'step':50s} {'RSS MiB':>8} {'added':>7} {'traced MiB':>11} {'added':>7}")
    previous = None
    for row in figures["steps"]:
        added_rss = "" if previous is None else f"{row['rss_mib'] - previous['rss_mib']:+.1f}"
        added_traced = "" if previous is None else f"{row['traced_mib'] - previous['traced_mib']:+.2f}"
        print(f"{row['step']:50s} {row['rss_mib']:8.1f} {added_rss:>7} {row['traced_mib']:11.2f} {added_traced:>7}")
        previous = row
    print("\nwhat the bot adds to discord.py, by source (tracemalloc, MiB):")
    for name, size in figures["sources"]:
        print(f"  {size:6.2f}  {name}")
    loaded = ", ".join(figures["optional_loaded"]) or "none"
    print(f"\noptional libraries loaded on this path ({', '.join(OPTIONAL)}): {loaded}")


if __name__ == "__main__":
    main()
