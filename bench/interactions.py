"""Interaction benchmark: this bot against a bare discord.py bot, through the Discord stand-in.

    .venv/bin/python -m bench.interactions [-n 2000] [--concurrency 4] [--scenario episode] [--guilds 1000]
    .venv/bin/python -m bench.interactions --metrics -n 20000   # what METRICS_PORT costs
    .venv/bin/python -m bench.interactions --scenario trivia-click --profile /tmp/click.prof   # where it goes
    .venv/bin/python -m bench.interactions --scenario trivia-click --against ../main   # this tree against another
    .venv/bin/python -m bench.interactions --scenario trivia-click --guilds 1000 --memory-map   # where RSS goes

Both bots run as their own processes (``python -m bot`` for real, and ``python -m bench.bare_bot``),
each against its own stand-in in this process, with the same servers in READY and the same
payloads. With ``--metrics`` both are this bot, one with METRICS_PORT set (its /metrics scraped
once per measured round, more often than Prometheus would) and one without; each has its own
scenario set-up (e.g. its own trivia games) and receives the same interactions. With ``--against DIR``
both are ``python -m bot`` too, this tree's against another checkout's (run from DIR, so it imports
DIR's bot/ and cogs/), set up and driven the same way: a change's cost or saving, head to head.
``--baseline bare+dynamic+write`` (or either part) gives the bare client what a trivia click
cannot do without, a DynamicItem and the click's INSERT through aiosqlite: the floor of such a bot. Measured rounds alternate between the two so machine noise falls on both. Latency is
from sending INTERACTION_CREATE to the callback request's arrival; CPU time is read from
/proc/<pid>/stat around the measured rounds only, and the event loop's thread on its own (the rest is
mostly the database's thread); RSS from /proc/<pid>/status after warm-up. ``--profile FILE`` runs
both bots under cProfile (``bench/profiled.py``) during its measured rounds only and writes the
statistics to FILE (bot (b)'s to FILE.b, the garbage collector's work to FILE.gc.json and
FILE.b.gc.json): the CPU figures are then the profiler's as much as the bots'. ``--memory-map`` adds
each bot's RSS after warm-up by what holds it (``/proc/<pid>/smaps``): the C heap, anonymous memory,
and the libraries.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import json
import os
import random
import secrets
import signal
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import aiohttp

from bench.scenarios import SCENARIOS, Scenario
from bot.settings import PROJECT_ROOT
from standin import DiscordStandIn, DiscordUsers, Guild, Member
from standin.model import snowflake

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
ANSWER_WITHIN = 10.0  # seconds; a bot this slow is broken, not slow
STARTUP_WITHIN = 120.0

# Targets from the issue.
CPU_RATIO_TARGET, CPU_RATIO_AIM, ADDED_P99_TARGET_MS, RSS_RATIO_TARGET = 1.25, 1.1, 2.0, 1.2
METRICS_CPU_TARGET = 1.05  # metrics may cost at most 5% more CPU per interaction
# --baseline: the bare client alone, or with what a trivia click needs (bench/bare_bot.py, BARE_BOT_ADDS).
BASELINES = {"bare": "", "bare+dynamic": "dynamic", "bare+write": "write", "bare+dynamic+write": "dynamic,write"}


@dataclass
class Options:
    interactions: int = 2000
    concurrency: int = 4
    scenario: str = "episode"
    guilds: int = 1000
    rounds: int = 4
    warmup: int = 200
    seed: int = 7
    metrics: bool = False
    profile: str | None = None
    against: str | None = None  # another checkout, run as bot (b) in place of the bare client
    baseline: str = "bare"  # or the bare client plus what a click needs: see BASELINES
    ask_first: bool = False  # one /ask before warm-up: this bot's RSS then holds /ask's embedding model
    memory_map: bool = False  # print each bot's RSS after warm-up by mapping (smaps)


@dataclass
class BotFigures:
    label: str
    interactions: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0
    loop_cpu_seconds: float = 0.0  # the main thread's: the event loop, where discord.py and our code run
    round_cpu_ms: list[float] = field(default_factory=list)  # CPU per interaction, each measured round
    scrape_cpu_ms: list[float] = field(default_factory=list)  # CPU of each /metrics scrape (--metrics)
    rss_ready_kib: int = 0
    rss_end_kib: int = 0
    rss_by_mapping_kib: dict[str, int] = field(default_factory=dict)  # after warm-up (see rss_by_mapping)
    startup_s: float = 0.0  # from the process's start to its gateway connection (both bots start at once)
    errors: list[str] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.interactions / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    @property
    def cpu_ms_per_interaction(self) -> float:
        return 1000 * self.cpu_seconds / self.interactions if self.interactions else float("nan")

    @property
    def loop_cpu_ms_per_interaction(self) -> float:
        return 1000 * self.loop_cpu_seconds / self.interactions if self.interactions else float("nan")

    def summary(self) -> dict:
        return {
            "label": self.label,
            "interactions": self.interactions,
            "throughput_per_s": round(self.throughput, 1),
            "p50_ms": round(self.percentile(50), 3),
            "p95_ms": round(self.percentile(95), 3),
            "p99_ms": round(self.percentile(99), 3),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 3) if self.latencies_ms else None,
            "cpu_ms_per_interaction": round(self.cpu_ms_per_interaction, 4),
            "loop_cpu_ms_per_interaction": round(self.loop_cpu_ms_per_interaction, 4),
            "rss_ready_mib": round(self.rss_ready_kib / 1024, 1),
            "rss_end_mib": round(self.rss_end_kib / 1024, 1),
            "rss_by_mapping_mib": {kind: round(kib / 1024, 2) for kind, kib in self.rss_by_mapping_kib.items()},
            "startup_s": round(self.startup_s, 2),
            "scrape_cpu_ms": round(statistics.median(self.scrape_cpu_ms), 3) if self.scrape_cpu_ms else None,
            "errors": self.errors[:10],
        }


def cpu_seconds(pid: int) -> float:
    """CPU time of a process, all its threads: nanoseconds from /proc/<pid>/task/*/schedstat where
    the kernel has them, else user + system ticks (1/100 s) from /proc/<pid>/stat."""
    try:
        return (
            sum(int((task / "schedstat").read_text().split()[0]) for task in Path(f"/proc/{pid}/task").iterdir()) / 1e9
        )
    except (OSError, ValueError, IndexError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def thread_cpu_seconds(pid: int, tid: int) -> float:
    """CPU time of one thread of a process (the main thread's id is the process's)."""
    try:
        return int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return float("nan")


def rss_kib(pid: int) -> int:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KIB


# What holds a process's resident memory, by mapping (the first pattern that a mapping's name holds).
MAPPING_KINDS = (
    ("[heap]", "C heap (main malloc arena)"),
    ("libpython", "libpython"),
    ("libsqlite3", "libsqlite3"),
    ("unicodedata", "unicodedata's tables"),
    ("/", "other libraries, extension modules"),
    ("[stack]", "stacks"),
    ("", "anonymous (object arenas, other mallocs)"),
)


def rss_by_mapping(pid: int) -> dict[str, int]:
    """Resident KiB of a process by :data:`MAPPING_KINDS`, from /proc/<pid>/smaps."""
    totals = dict.fromkeys((label for _, label in MAPPING_KINDS), 0)
    kind = MAPPING_KINDS[-1][1]
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        fields = line.split()
        if fields and not fields[0].endswith(":"):  # a mapping's header: address range, perms... name
            name = fields[5] if len(fields) > 5 else ""
            kind = next(label for pattern, label in MAPPING_KINDS if pattern in name)
        elif fields and fields[0] == "Rss:":
            totals[kind] += int(fields[1])
    return totals


class RunningBot:
    """One bot process and the stand-in it talks to."""

    def __init__(
        self,
        label: str,
        module: str,
        guilds: list[Guild],
        workdir: Path,
        environ: dict[str, str] | None = None,
        profile: str | None = None,
        root: Path = PROJECT_ROOT,
    ) -> None:
        self.label = label
        self.module = module
        self.environ = dict(environ or {})
        self.profile = profile  # cProfile's statistics of the measured rounds go to this file
        self.root = root  # the checkout it runs from (its bot/ and cogs/ are imported)
        self.standin = DiscordStandIn(guilds=guilds)
        self.standin.record_gateway_dispatches = False
        # Checking bodies against the spec costs the stand-in ~2 ms per new card, on the event loop
        # that timestamps the next callback's arrival: it would be counted as this bot's latency.
        # The test suite checks the same bodies.
        self.standin.check_against_spec = False
        self.users = DiscordUsers(self.standin, guilds[0])
        self.workdir = workdir
        self.process: asyncio.subprocess.Process | None = None
        self.log = workdir / f"{label}.log"
        self.figures = BotFigures(label)

    async def start(self) -> None:
        await self.standin.start()
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DEV_GUILD_ID"))}
        environ.update(
            self.standin.environment(),
            DATABASE_PATH=str(self.workdir / f"{self.label}.db"),
            DEV_GUILD_ID="",  # the environment wins over a developer's .env
            LOG_LEVEL="WARNING",
            PYTHONDONTWRITEBYTECODE="1",
            # The same string hashes in both bots: dict and set layouts (and their speed) alike.
            PYTHONHASHSEED="0",
        )
        environ.update(self.environ)
        command = ["-m", self.module]
        if self.profile:
            environ["BENCH_PROFILE"] = self.profile
            command = ["-m", "bench.profiled", self.module]
        started = time.perf_counter()
        with self.log.open("wb") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, *command, cwd=self.root, env=environ, stdout=out, stderr=out
            )
        waiter = asyncio.ensure_future(self.standin.wait_connected(within=STARTUP_WITHIN))
        exited = asyncio.ensure_future(self.process.wait())
        done, _ = await asyncio.wait({waiter, exited}, return_when=asyncio.FIRST_COMPLETED)
        if waiter not in done:
            waiter.cancel()
            raise RuntimeError(f"{self.label} exited during start-up:\n{self.log.read_text(errors='replace')}")
        exited.cancel()
        waiter.result()
        self.figures.startup_s = time.perf_counter() - started

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def scrape_metrics(self) -> None:
        """Fetch /metrics as Prometheus would (the bot's METRICS_PORT must be set)."""
        url = f"http://127.0.0.1:{self.environ['METRICS_PORT']}/metrics"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            body = await response.text()
        if response.status != 200 or "companion_interactions_total" not in body:
            self.figures.errors.append(f"/metrics answered {response.status}")

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 15)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        await self.standin.stop()

    def retarget(self, payload: dict) -> dict:
        """The same interaction, addressed to this bot's application with a fresh id and token."""
        own = copy.deepcopy(payload)
        own.update(id=str(snowflake()), token="interaction." + secrets.token_urlsafe(32))
        own["application_id"] = str(self.standin.application_id)
        return own

    async def run_batch(
        self, payloads: list[dict], concurrency: int, scenario: Scenario | None, figures: BotFigures | None
    ) -> None:
        """Send every payload (``concurrency`` in flight), wait for each answer; record into ``figures``."""
        queue = iter(payloads)

        async def worker() -> None:
            for payload in queue:
                result = await self.standin.send_interaction(self.retarget(payload))
                try:
                    await result.wait_answered(within=ANSWER_WITHIN)
                except AssertionError as exc:
                    if figures is not None:
                        figures.errors.append(str(exc).splitlines()[0])
                    continue
                problem = scenario.check(result) if scenario is not None else None
                if figures is not None:
                    if problem:
                        figures.errors.append(problem)
                    figures.latencies_ms.append(1000 * result.latency)

        profiling = self.profile is not None and figures is not None
        if profiling:
            self.process.send_signal(signal.SIGUSR1)  # type: ignore[union-attr]
        cpu_before, loop_before = cpu_seconds(self.pid), thread_cpu_seconds(self.pid, self.pid)
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        if figures is not None:
            figures.seconds += time.perf_counter() - started
            spent = cpu_seconds(self.pid) - cpu_before
            figures.loop_cpu_seconds += thread_cpu_seconds(self.pid, self.pid) - loop_before
            figures.cpu_seconds += spent
            figures.round_cpu_ms.append(1000 * spent / len(payloads))
            figures.interactions += len(payloads)
        if profiling:
            self.process.send_signal(signal.SIGUSR2)  # type: ignore[union-attr]
        self.standin.interactions.clear()  # keep the driver's memory flat over long runs
        self.standin.requests.clear()
        self.standin._by_token.clear()


def make_guilds(count: int) -> list[Guild]:
    return [Guild.create(f"Server {n}") for n in range(count)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def run_benchmark(options: Options) -> dict:
    scenario_cls = SCENARIOS.get(options.scenario)
    if scenario_cls is None:
        raise SystemExit(f"unknown scenario {options.scenario!r}; known: {', '.join(sorted(SCENARIOS))}")
    rng = random.Random(options.seed)
    guilds = make_guilds(options.guilds)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        if options.metrics:
            ours = RunningBot("metrics-on", "bot", guilds, workdir, {"METRICS_PORT": str(free_port())})
            bare = RunningBot("metrics-off", "bot", guilds, workdir)
        elif options.against:
            ours = RunningBot("this-tree", "bot", guilds, workdir, profile=options.profile)
            bare = RunningBot(
                "other-tree", "bot", guilds, workdir, root=Path(options.against), profile=_profile_b(options)
            )
        else:
            ours = RunningBot("this-bot", "bot", guilds, workdir, profile=options.profile)
            label = "bare-discord.py" if options.baseline == "bare" else options.baseline
            adds = {"BARE_BOT_ADDS": BASELINES[options.baseline]}
            bare = RunningBot(label, "bench.bare_bot", guilds, workdir, adds, profile=_profile_b(options))
        try:
            await asyncio.gather(ours.start(), bare.start())
            scenario = scenario_cls(ours.users)
            await scenario.prepare(guilds)
            # The bare client answers anything; this bot needs its own set-up (its own games).
            baseline = scenario_cls(bare.users) if options.metrics or options.against else None
            if baseline is not None:
                await baseline.prepare(guilds)

            def payloads(count: int) -> tuple[list[dict], list[dict]]:
                chosen, theirs = [], []
                for _ in range(count):
                    guild = rng.choice(guilds)
                    member = Member(snowflake(), "fan", guild.id)
                    chosen.append(scenario.payload(guild, member))
                    theirs.append(baseline.payload(guild, member) if baseline else chosen[-1])
                return chosen, theirs

            if options.ask_first:  # /ask's model and indexes loaded, as in a bot whose members ask
                from bench.lookup_scenarios import Ask

                asking = Ask(ours.users)
                await ours.run_batch(
                    [asking.payload(guilds[0], Member(snowflake(), "fan", guilds[0].id))], 1, asking, None
                )
            # Warm-up (untimed): caches, settings per server, the JIT-less interpreter's first calls.
            warm, warm_theirs = payloads(options.warmup)
            await ours.run_batch(warm, options.concurrency, scenario, None)
            await bare.run_batch(warm_theirs, options.concurrency, baseline, None)
            for bot in (ours, bare):
                bot.figures.rss_ready_kib = rss_kib(bot.pid)
                if options.memory_map:
                    bot.figures.rss_by_mapping_kib = rss_by_mapping(bot.pid)

            per_round = max(1, options.interactions // options.rounds)
            remaining = options.interactions
            while remaining > 0:
                batch, theirs = payloads(min(per_round, remaining))
                remaining -= len(batch)
                await ours.run_batch(batch, options.concurrency, scenario, ours.figures)
                await bare.run_batch(theirs, options.concurrency, baseline, bare.figures)
                if options.metrics:  # a scrape's cost is its own: Prometheus scrapes every 15 s, not every round
                    cpu_before = cpu_seconds(ours.pid)
                    await ours.scrape_metrics()
                    ours.figures.scrape_cpu_ms.append(1000 * (cpu_seconds(ours.pid) - cpu_before))
            for bot in (ours, bare):
                bot.figures.rss_end_kib = rss_kib(bot.pid)
        finally:
            for bot in (ours, bare):
                with contextlib.suppress(Exception):
                    await bot.stop()
    return report(options, ours.figures, bare.figures)


def _profile_b(options: Options) -> str | None:
    """Where bot (b)'s profile goes: beside this bot's, FILE.b."""
    return f"{options.profile}.b" if options.profile else None


def report(options: Options, ours: BotFigures, bare: BotFigures) -> dict:
    a, b = ours.summary(), bare.summary()
    return {
        "options": asdict(options),
        "this_bot": a,
        "bare": b,
        "ratio": {
            "throughput": _ratio(ours.throughput, bare.throughput),
            "p50": _ratio(ours.percentile(50), bare.percentile(50)),
            "p99": _ratio(ours.percentile(99), bare.percentile(99)),
            "cpu_per_interaction": _ratio(ours.cpu_ms_per_interaction, bare.cpu_ms_per_interaction),
            "loop_cpu_per_interaction": _ratio(ours.loop_cpu_ms_per_interaction, bare.loop_cpu_ms_per_interaction),
            "rss_ready": _ratio(ours.rss_ready_kib, bare.rss_ready_kib),
        },
        "added_p99_ms": round(ours.percentile(99) - bare.percentile(99), 3),
        # Each round's pair measured back to back: the median is robust to a noisy neighbour
        # slowing one round of one bot (the machine is shared).
        "median_round_cpu_ratio": round(
            statistics.median(a / b for a, b in zip(ours.round_cpu_ms, bare.round_cpu_ms, strict=True) if b), 3
        )
        if ours.round_cpu_ms
        else None,
    }


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def print_table(result: dict) -> None:
    a, b, o = result["this_bot"], result["bare"], result["options"]
    _print_table(result)
    if o.get("profile"):
        for label, path in ((a["label"], o["profile"]), (b["label"], f"{o['profile']}.b")):
            try:
                gc_work = json.loads(Path(f"{path}.gc.json").read_text())
            except (OSError, ValueError):
                continue
            per = 1000 * sum(gc_work["seconds"]) / max(a["interactions"], 1)
            print(
                f"profile of {label}: {path}; garbage collections by generation {gc_work['collections']}, "
                f"{gc_work['seconds']} s ({per:.3f} ms per interaction), {gc_work['tracked_objects']} objects tracked"
            )


def _print_table(result: dict) -> None:
    a, b, ratio, o = result["this_bot"], result["bare"], result["ratio"], result["options"]
    print(
        f"interaction benchmark: scenario={o['scenario']} n={o['interactions']} concurrency={o['concurrency']} "
        f"guilds={o['guilds']} rounds={o['rounds']} warm-up={o['warmup']}"
    )
    rows = [
        ("throughput (interactions/s)", "throughput_per_s", "throughput"),
        ("latency p50 (ms)", "p50_ms", "p50"),
        ("latency p95 (ms)", "p95_ms", None),
        ("latency p99 (ms)", "p99_ms", "p99"),
        ("CPU per interaction (ms)", "cpu_ms_per_interaction", "cpu_per_interaction"),
        ("  of which on the event loop's thread (ms)", "loop_cpu_ms_per_interaction", "loop_cpu_per_interaction"),
        (f"RSS, {o['guilds']} guilds, after warm-up (MiB)", "rss_ready_mib", "rss_ready"),
        ("RSS after the run (MiB)", "rss_end_mib", None),
        ("start-up to the gateway connection (s)", "startup_s", None),
    ]
    print(f"{'':44}{a['label']:>12}{b['label']:>12}{'a/b':>8}")
    for label, key, ratio_key in rows:
        shown = f"{ratio[ratio_key]:.2f}" if ratio_key and ratio[ratio_key] is not None else ""
        print(f"{label:44}{a[key]:>12}{b[key]:>12}{shown:>8}")
    if a["rss_by_mapping_mib"]:
        print(f"{'RSS after warm-up, by mapping (MiB)':68}{'a-b':>8}")
        for kind, mib in a["rss_by_mapping_mib"].items():
            theirs = b["rss_by_mapping_mib"].get(kind, 0.0)
            print(f"  {kind:42}{mib:>12.2f}{theirs:>12.2f}{mib - theirs:>+8.2f}")
    cpu, rss, added = ratio["cpu_per_interaction"], ratio["rss_ready"], result["added_p99_ms"]
    if o.get("metrics"):
        cost = "?" if cpu is None else f"{100 * (cpu - 1):+.1f}"
        median = result["median_round_cpu_ratio"]
        median_cost = "?" if median is None else f"{100 * (median - 1):+.1f}"
        print(
            f"metrics cost: {cost} % CPU per interaction over the run, {median_cost} % by the median round "
            f"(< +{100 * (METRICS_CPU_TARGET - 1):.0f} %) {_verdict(cpu, METRICS_CPU_TARGET)}; added p99 {added} ms; "
            f"a /metrics scrape: {a['scrape_cpu_ms']} ms CPU (median of {o['rounds']})"
        )
        _print_errors(a, b)
        return
    if o.get("against") or o.get("baseline", "bare") != "bare":
        print(
            f"this {'tree' if o.get('against') else 'bot'} against {o.get('against') or o['baseline']}: "
            f"CPU per interaction {cpu} (median round "
            f"{result['median_round_cpu_ratio']}); added p99 {added} ms"
        )
        _print_errors(a, b)
        return
    print(
        f"targets: CPU ratio {cpu} (<= {CPU_RATIO_TARGET}, aim {CPU_RATIO_AIM}) {_verdict(cpu, CPU_RATIO_TARGET)}; "
        f"added p99 {added} ms (< {ADDED_P99_TARGET_MS}) {_verdict(added, ADDED_P99_TARGET_MS)}; "
        f"RSS ratio {rss} (<= {RSS_RATIO_TARGET}) {_verdict(rss, RSS_RATIO_TARGET)}"
    )
    _print_errors(a, b)


def _print_errors(a: dict, b: dict) -> None:
    for figures in (a, b):
        for error in figures["errors"]:
            print(f"ERROR ({figures['label']}): {error}")


def _verdict(value: float | None, limit: float) -> str:
    return "?" if value is None else ("met" if value <= limit else "MISSED")


def parse_args(argv: list[str] | None) -> tuple[Options, bool]:
    defaults = Options()
    parser = argparse.ArgumentParser(prog="python -m bench.interactions", description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--interactions", type=int, default=defaults.interactions)
    parser.add_argument("--concurrency", type=int, default=defaults.concurrency, help="interactions in flight")
    parser.add_argument("--scenario", default=defaults.scenario, choices=sorted(SCENARIOS))
    parser.add_argument("--guilds", type=int, default=defaults.guilds, help="servers in READY")
    parser.add_argument("--rounds", type=int, default=defaults.rounds, help="alternating measured rounds")
    parser.add_argument("--warmup", type=int, default=defaults.warmup, help="untimed interactions first")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--metrics", action="store_true", help="compare this bot with METRICS_PORT set against itself without"
    )
    parser.add_argument(
        "--baseline",
        default=defaults.baseline,
        choices=list(BASELINES),
        help="bot (b): the bare client, or it plus a DynamicItem and/or the click's INSERT (what each costs)",
    )
    parser.add_argument(
        "--against", metavar="DIR", help="compare this tree's bot with another checkout's (e.g. a worktree of main)"
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="cProfile both bots' measured rounds: this bot's into FILE, bot (b)'s into FILE.b (python -m pstats FILE)",
    )
    parser.add_argument(
        "--ask-first",
        action="store_true",
        help="send this bot one /ask before warm-up, so that its RSS holds /ask's embedding model",
    )
    parser.add_argument(
        "--memory-map", action="store_true", help="also each bot's RSS after warm-up by what holds it (smaps)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    as_json = args.json
    del args.json
    options = Options(**vars(args))
    if options.interactions < 1 or options.concurrency < 1 or options.guilds < 1 or options.rounds < 1:
        parser.error("-n, --concurrency, --guilds and --rounds must be at least 1")
    if sum((bool(options.against), options.metrics, options.baseline != "bare")) > 1:
        parser.error("--against, --metrics and --baseline each choose bot (b); use one")
    if options.against and not (Path(options.against) / "bot" / "__main__.py").is_file():
        parser.error(f"--against {options.against}: not a checkout of this bot (no bot/__main__.py)")
    # Absolute: the bots run from their checkouts, not from here.
    options.against = str(Path(options.against).resolve()) if options.against else None
    options.profile = str(Path(options.profile).resolve()) if options.profile else None
    return options, as_json


def main(argv: list[str] | None = None) -> int:
    options, as_json = parse_args(argv)
    result = asyncio.run(run_benchmark(options))
    if as_json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 1 if result["this_bot"]["errors"] or result["bare"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
