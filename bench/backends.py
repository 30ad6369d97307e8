"""Storage backends end to end: the trivia click and /quote random on SQLite against PostgreSQL.

    .venv/bin/python -m bench.backends [-n 3000] [--concurrency 1] [--scenario trivia-click --scenario quote-random]
    .venv/bin/python -m bench.backends --url postgresql://user@host/postgres   # an existing server

Two real ``python -m bot`` processes, each against its own Discord stand-in in this process, with the
same servers in READY: one keeps its server state in SQLite (DATABASE_PATH), the other in PostgreSQL
(DATABASE_URL, a fresh database; the article's content stays in its local SQLite either way). Each
scenario sends both the same interactions in alternating rounds (the first bot of a round alternates
too), so machine noise falls on both. Latency runs from sending INTERACTION_CREATE to the callback's
arrival. CPU per interaction is the bot process's (every thread, /proc/<pid>/task/*/schedstat), and,
reported apart, the PostgreSQL server's during the PostgreSQL bot's rounds (postmaster and backends,
from /proc, when the server runs on this machine): SQLite does its work inside the bot process,
PostgreSQL in its own processes. Without ``--url`` the server is a throwaway cluster started here with
PostgreSQL's default, durable settings (every commit waits for its WAL to reach the disk).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import cli
from bench.cpu import load_average
from bench.interactions import BotFigures, RunningBot, make_guilds
from bench.postgres import PgServer
from bench.scenarios import SCENARIOS
from standin import Member
from standin.model import snowflake

ADDED_CLICK_P99_TARGET_MS = 1.0  # issue 13: PostgreSQL adds under 1 ms to a click's p99
BACKENDS = ("sqlite", "postgresql")


@dataclass
class Options:
    interactions: int = 3000  # per scenario, per backend
    concurrency: int = 1
    scenarios: list[str] = field(default_factory=lambda: ["trivia-click", "quote-random"])
    guilds: int = 1000
    rounds: int = 10
    warmup: int = 200
    seed: int = 7
    url: str | None = None  # an existing PostgreSQL server (a role that may CREATE DATABASE)
    pg_settings: list[str] = field(default_factory=list)  # of the throwaway server


@dataclass
class ScenarioFigures:
    scenario: str
    bots: dict[str, BotFigures]
    server_cpu_seconds: float | None = 0.0  # PostgreSQL's, during the PostgreSQL bot's rounds
    load_before: str = ""
    load_after: str = ""

    def summary(self) -> dict:
        sqlite, pg = (self.bots[b] for b in BACKENDS)
        server_ms = (
            None
            if self.server_cpu_seconds is None or not pg.interactions
            else round(1000 * self.server_cpu_seconds / pg.interactions, 4)
        )
        bot_pg = pg.cpu_ms_per_interaction
        return {
            "scenario": self.scenario,
            "sqlite": sqlite.summary(),
            "postgresql": pg.summary(),
            "postgresql_server_cpu_ms_per_interaction": server_ms,
            "postgresql_total_cpu_ms_per_interaction": None if server_ms is None else round(bot_pg + server_ms, 4),
            "added_p50_ms": round(pg.percentile(50) - sqlite.percentile(50), 3),
            "added_p99_ms": round(pg.percentile(99) - sqlite.percentile(99), 3),
            "load_average_before": self.load_before,
            "load_average_after": self.load_after,
        }


async def run_benchmark(options: Options) -> dict:
    for name in options.scenarios:
        if name not in SCENARIOS:
            raise SystemExit(f"unknown scenario {name!r}; known: {', '.join(sorted(SCENARIOS))}")
    rng = random.Random(options.seed)
    guilds = make_guilds(options.guilds)
    server = await PgServer.open(options.url, options.pg_settings)
    results: list[ScenarioFigures] = []
    try:
        url = await server.new_database("backends")
        with tempfile.TemporaryDirectory(prefix="bench-backends-") as tmp:
            workdir = Path(tmp)
            bots = {
                "sqlite": RunningBot("sqlite", "bot", guilds, workdir),
                "postgresql": RunningBot("postgresql", "bot", guilds, workdir, {"DATABASE_URL": url}),
            }
            try:
                await asyncio.gather(*(bot.start() for bot in bots.values()))
                for name in options.scenarios:
                    results.append(await _run_scenario(name, options, bots, guilds, rng, server))
            finally:
                for bot in bots.values():
                    with contextlib.suppress(Exception):
                        await bot.stop()
    finally:
        await server.close()
    return {
        "options": asdict(options),
        "postgresql_server_local": server.postmaster_pid is not None,
        "scenarios": [r.summary() for r in results],
    }


async def _run_scenario(name, options: Options, bots: dict[str, RunningBot], guilds, rng, server) -> ScenarioFigures:
    scenario_cls = SCENARIOS[name]
    scenarios = {backend: scenario_cls(bot.users) for backend, bot in bots.items()}
    for scenario in scenarios.values():
        await scenario.prepare(guilds)
    figures = ScenarioFigures(name, {backend: BotFigures(backend) for backend in BACKENDS})
    measure_server = server.postmaster_pid is not None
    if not measure_server:
        figures.server_cpu_seconds = None

    def payloads(count: int) -> dict[str, list[dict]]:
        chosen: dict[str, list[dict]] = {backend: [] for backend in BACKENDS}
        for _ in range(count):
            guild = rng.choice(guilds)
            member = Member(snowflake(), "fan", guild.id)
            for backend in BACKENDS:
                chosen[backend].append(scenarios[backend].payload(guild, member))
        return chosen

    warm = payloads(options.warmup)
    for backend, bot in bots.items():
        await bot.run_batch(warm[backend], options.concurrency, scenarios[backend], None)
    figures.load_before = load_average()
    per_round = max(1, options.interactions // options.rounds)
    remaining, round_no = options.interactions, 0
    while remaining > 0:
        batch = payloads(min(per_round, remaining))
        remaining -= per_round
        order = BACKENDS if round_no % 2 == 0 else BACKENDS[::-1]
        round_no += 1
        for backend in order:
            before = server.cpu_seconds() if backend == "postgresql" and measure_server else None
            await bots[backend].run_batch(
                batch[backend], options.concurrency, scenarios[backend], figures.bots[backend]
            )
            if before is not None:
                figures.server_cpu_seconds += server.cpu_seconds() - before
    figures.load_after = load_average()
    return figures


def print_table(result: dict) -> None:
    o = result["options"]
    print(
        f"storage backends end to end: n={o['interactions']} per scenario and backend, concurrency={o['concurrency']}, "
        f"guilds={o['guilds']}, rounds={o['rounds']}, warm-up={o['warmup']}"
    )
    for s in result["scenarios"]:
        a, b = s["sqlite"], s["postgresql"]
        print(f"\n{s['scenario']} (load average {s['load_average_before']} before, {s['load_average_after']} after)")
        print(f"{'':44}{'SQLite':>12}{'PostgreSQL':>12}{'PG - SQLite':>13}")
        for label, key in (
            ("latency p50 (ms)", "p50_ms"),
            ("latency p95 (ms)", "p95_ms"),
            ("latency p99 (ms)", "p99_ms"),
            ("bot process CPU per interaction (ms)", "cpu_ms_per_interaction"),
        ):
            print(f"{label:44}{a[key]:>12}{b[key]:>12}{b[key] - a[key]:>+13.3f}")
        server, total = s["postgresql_server_cpu_ms_per_interaction"], s["postgresql_total_cpu_ms_per_interaction"]
        shown = "not local" if server is None else server
        print(f"{'PostgreSQL server CPU per interaction (ms)':44}{'-':>12}{shown:>12}")
        if total is not None:
            print(
                f"{'bot + server CPU per interaction (ms)':44}{a['cpu_ms_per_interaction']:>12}{total:>12}"
                f"{total - a['cpu_ms_per_interaction']:>+13.3f}"
            )
        if s["scenario"] == "trivia-click":
            added = s["added_p99_ms"]
            verdict = "met" if added < ADDED_CLICK_P99_TARGET_MS else "MISSED"
            print(
                f"goal: PostgreSQL adds under {ADDED_CLICK_P99_TARGET_MS:g} ms to a click's p99: {added:+.3f} ms {verdict}"
            )
        for figures in (a, b):
            for error in figures["errors"]:
                print(f"ERROR ({figures['label']}): {error}")


def parse_args(argv: list[str] | None) -> tuple[Options, bool]:
    defaults = Options()
    parser = cli.parser_for("python -m bench.backends", __doc__)
    parser.add_argument(
        "-n", "--interactions", type=int, default=defaults.interactions, help="per scenario and backend"
    )
    parser.add_argument("--concurrency", type=int, default=defaults.concurrency, help="interactions in flight")
    parser.add_argument(
        "--scenario",
        dest="scenarios",
        action="append",
        choices=sorted(SCENARIOS),
        help=f"repeatable; default: {' and '.join(defaults.scenarios)}",
    )
    parser.add_argument("--guilds", type=int, default=defaults.guilds, help="servers in READY")
    parser.add_argument("--rounds", type=int, default=defaults.rounds, help="alternating measured rounds")
    parser.add_argument("--warmup", type=int, default=defaults.warmup, help="untimed interactions first")
    cli.add_shared_options(parser, defaults.seed)
    values, as_json = cli.parse(parser, argv)
    options = Options(**{**values, "scenarios": values["scenarios"] or defaults.scenarios})
    if options.interactions < 1 or options.concurrency < 1 or options.guilds < 1 or options.rounds < 1:
        parser.error("-n, --concurrency, --guilds and --rounds must be at least 1")
    return options, as_json


def main(argv: list[str] | None = None) -> int:
    options, as_json = parse_args(argv)
    result = asyncio.run(run_benchmark(options))
    cli.show(result, as_json, print_table)
    return 1 if any(s[b]["errors"] for s in result["scenarios"] for b in BACKENDS) else 0


if __name__ == "__main__":
    sys.exit(main())
