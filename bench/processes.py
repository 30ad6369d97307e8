"""One process against two: throughput and CPU per interaction on 2,000 servers.

    .venv/bin/python -m bench.processes [--seconds 8] [--rounds 3] [--concurrency 32] [--guilds 2000]
    .venv/bin/python -m bench.processes --setup postgres-1 --setup postgres-2 --setup sqlite-2

Each set-up is real ``python -m bot`` processes against their own Discord stand-in in this process,
with the same 2,000 servers (half of them on each shard of two):

- ``sqlite-1``: one process, server state in SQLite (the default deployment);
- ``postgres-1``: one process, server state in PostgreSQL;
- ``postgres-2``: two processes, ``SHARD_COUNT=2`` and ``SHARD_IDS=0`` / ``1``, sharing one PostgreSQL
  database (what issue 13 is about);
- ``sqlite-2`` (not by default): the same two processes sharing one SQLite file.

The load: a closed loop keeping ``--concurrency`` interactions in flight (a new one is sent as soon as
one is answered), half of them trivia answer clicks (a new member's first answer to an open question
in one of 16 running games, 8 per shard, with timers of 25 to 60 s so their rounds end at different
moments) and half ``/quote random`` in a random server of the 2,000. Measured windows of ``--seconds``
alternate between the set-ups (``--rounds`` each, after an untimed warm-up), so machine noise falls
on all of them. Throughput is answered interactions per second of window. CPU, from /proc: each bot
process's (every thread) per interaction it answered (by its shard), the PostgreSQL server's, this
process's (the load generator: the stand-ins and the payloads), and the whole machine's busy cores
(/proc/stat), with the load average after each window.

On a machine with fewer cores than bot processes + the load generator + PostgreSQL need, throughput
measures the machine, not the bot; the report says which part ran out. Without ``--url`` PostgreSQL
is a throwaway cluster started here with its default, durable settings.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import cli
from bench.cpu import CORES, Reading, load_average
from bench.interactions import ANSWER_WITHIN, STARTUP_WITHIN
from bench.postgres import PgServer
from bench.scenarios import MANAGE_GUILD
from bot.settings import PROJECT_ROOT
from standin import CallbackType, DiscordStandIn, DiscordUsers, Guild, InteractionResult, Member, Message
from standin.model import DEFAULT_MEMBER_PERMISSIONS, shard_of, snowflake

SCALING_TARGET = 1.7  # issue 13: two processes give at least 1.7x the throughput of one
SATURATED = 0.9  # a single-threaded process running or ready to run this much of a core is the limit
MACHINE_BUSY = 0.85  # the machine's cores this busy (on average: bursts queue) are the limit...
WAITING_SHARE = 0.25  # ...or the bot processes waiting for a core this long for each second they run
ANSWER_BUTTON = "trivia:a:"
KINDS = ("locked in", "time's up", "quote")  # the answers counted (Mix.judge)
TIMERS = (60, 55, 50, 45, 40, 35, 30, 25)  # seconds; different, so rounds end at different moments
OWN_VARIABLES = ("DISCORD_", "DATABASE_PATH", "DATABASE_URL", "DEV_GUILD_ID", "LOG_LEVEL", "SHARD_", "METRICS_PORT")


@dataclass(frozen=True)
class Setup:
    processes: int
    postgres: bool
    description: str


SETUPS = {
    "sqlite-1": Setup(1, False, "one process, SQLite"),
    "postgres-1": Setup(1, True, "one process, PostgreSQL"),
    "postgres-2": Setup(2, True, "two processes (shards 0 and 1 of 2), one PostgreSQL"),
    "sqlite-2": Setup(2, False, "two processes (shards 0 and 1 of 2), one SQLite file"),
}


@dataclass
class Options:
    seconds: float = 8.0  # each measured window
    rounds: int = 3
    warmup: float = 5.0  # seconds, untimed, before a set-up's first window
    concurrency: int = 32
    rate: float | None = None  # interactions per second per bot process (open loop), instead of saturating
    guilds: int = 2000
    games: int = 16
    clicks: float = 0.5  # the share of trivia clicks; the rest is /quote random
    setups: list[str] = field(default_factory=lambda: ["sqlite-1", "postgres-1", "postgres-2"])
    seed: int = 7
    url: str | None = None
    pg_settings: list[str] = field(default_factory=list)  # of the throwaway server


@dataclass
class Window:
    """One measured window of one set-up."""

    seconds: float = 0.0
    answered: int = 0
    by_process: list[int] = field(default_factory=list)  # interactions answered, per bot process
    latencies_ms: list[float] = field(default_factory=list)
    kinds: collections.Counter = field(default_factory=collections.Counter)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds in the window, by process name
    waiting: dict[str, float] = field(default_factory=dict)  # seconds runnable but waiting for a core
    machine_busy: float = 0.0  # CPU seconds, every core
    load: str = ""
    errors: list[str] = field(default_factory=list)


class Mix:
    """The interactions: trivia answer clicks on open questions, and /quote random anywhere."""

    def __init__(self, users: DiscordUsers, guilds: list[Guild], games: int, clicks: float, rng: random.Random) -> None:
        self.users, self.guilds, self.rng, self.click_share = users, guilds, rng, clicks
        self.game_guilds = guilds[:games]
        self.questions: dict[int, Message] = {}  # guild id -> its game's latest question message
        self.closed_since: dict[int, float] = {}
        self.restarting: set[int] = set()
        self._open: list[int] = []
        self.unvisited = list(reversed(guilds))  # warm-up: a /quote random in every server first
        self._checked = 0.0
        self._tasks: set[asyncio.Task] = set()

    async def prepare(self) -> None:
        """A moderator turns typed answers off (so questions have buttons), then a fan starts a game
        of 20 rounds in #trivia; each game its own timer."""
        for n, guild in enumerate(self.game_guilds):
            moderator = Member(
                snowflake(), "mod", guild.id, permissions=DEFAULT_MEMBER_PERMISSIONS.value | MANAGE_GUILD
            )
            saved = await self.users.slash("config trivia", member=moderator, guild=guild, typed_answers=False)
            if "typed answers off" not in saved.text:
                raise RuntimeError(f"/config trivia typed_answers:False was refused: {saved.text}")
            await self._start_game(guild, TIMERS[n % len(TIMERS)])
        self.refresh(force=True)

    async def _start_game(self, guild: Guild, timer: int) -> None:
        starter = Member(snowflake(), "starter", guild.id)
        result = await self.users.slash(
            "trivia start", member=starter, guild=guild, channel="trivia", rounds=20, timer=timer
        )
        if result.ephemeral:
            raise RuntimeError(f"/trivia start was refused: {result.text}")
        self.questions[guild.id] = await self.users.wait_channel_message("trivia", guild=guild, within=10)

    def refresh(self, *, force: bool = False) -> None:
        """Which games have a question open now (a closed one is looked for again at most every 0.2 s;
        a game over, or stuck, for 15 s is started again)."""
        now = time.perf_counter()
        if not force and now - self._checked < 0.2:
            return
        self._checked = now
        for guild in self.game_guilds:
            current = self.questions.get(guild.id)
            if current is not None and _is_open(current):
                self.closed_since.pop(guild.id, None)
                continue
            newer = self._newest_question(guild, after=current.id if current else 0)
            if newer is not None:
                self.questions[guild.id] = newer
                self.closed_since.pop(guild.id, None)
                continue
            since = self.closed_since.setdefault(guild.id, now)
            if now - since > 15 and guild.id not in self.restarting:
                self.restarting.add(guild.id)
                task = asyncio.get_running_loop().create_task(self._restart(guild))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        self._open = [g for g in self.questions if _is_open(self.questions[g])]

    async def _restart(self, guild: Guild) -> None:
        try:
            await self._start_game(guild, self.rng.choice(TIMERS))
        except Exception:
            pass
        finally:
            self.restarting.discard(guild.id)
            self.closed_since.pop(guild.id, None)

    def _newest_question(self, guild: Guild, *, after: int) -> Message | None:
        """The newest question with answer buttons the bot posted in the game's channel after ``after``
        (newest first: the stand-in's messages are in the order they were made)."""
        channel_id = guild.channel("trivia").id
        for message in reversed(self.users.standin.messages.values()):
            if message.id <= after:
                return None
            if message.channel_id == channel_id and message.interaction_id is None and _is_open(message):
                return message
        return None

    def payload(self) -> tuple[dict, str]:
        """The next interaction and its kind ("click" or "quote")."""
        self.refresh()
        member_id = snowflake()
        if self._open and self.rng.random() < self.click_share:
            question = self.questions[self.rng.choice(self._open)]
            buttons = [b["custom_id"] for b in question.buttons if b["custom_id"].startswith(ANSWER_BUTTON)]
            if buttons:
                clicker = Member(member_id, "fan", question.guild_id)
                return self.users.click_payload(question, self.rng.choice(buttons), member=clicker), "click"
        guild = self.unvisited.pop() if self.unvisited else self.rng.choice(self.guilds)
        return self.users.slash_payload("quote random", member=Member(member_id, "fan", guild.id), guild=guild), "quote"

    @staticmethod
    def judge(result: InteractionResult, kind: str) -> str:
        """What the answer was ("locked in", "time's up", "quote"), or "error: ..."."""
        if result.late:
            return "error: answered after Discord's 3 s deadline"
        if kind == "click":
            if result.type == CallbackType.MESSAGE and result.ephemeral:
                if "Locked in" in result.text:
                    return "locked in"
                if "Time's up" in result.text:  # the round closed while the click was on its way
                    return "time's up"
            return f"error: a click answered {result.describe()}: {result.text[:100]!r}"
        if result.type == CallbackType.MESSAGE and not result.ephemeral and result.embeds and "Speaker" in result.text:
            return "quote"
        return f"error: /quote random answered {result.describe()}: {result.text[:100]!r}"

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


def _is_open(message: Message) -> bool:
    return any(b["custom_id"].startswith(ANSWER_BUTTON) for b in message.buttons) and not message.deleted


class Deployment:
    """One set-up: its stand-in, its bot processes and their databases."""

    def __init__(self, name: str, guilds: list[Guild], workdir: Path, rng: random.Random) -> None:
        self.name, self.setup, self.workdir, self.rng = name, SETUPS[name], workdir, rng
        self.standin = DiscordStandIn(guilds=guilds)
        self.standin.record_gateway_dispatches = False
        self.standin.check_against_spec = False  # the tests check bodies; here it would be load-generator CPU
        self.standin.shard_count = self.setup.processes  # GET /gateway/bot
        self.standin.max_concurrency = self.setup.processes  # both shards may identify at once
        self.users = DiscordUsers(self.standin, guilds[0])
        self.processes: list[asyncio.subprocess.Process] = []
        self.logs: list[Path] = []
        self.mix: Mix | None = None
        self.windows: list[Window] = []
        self._answered: collections.deque[tuple[float, InteractionResult]] = collections.deque()

    async def start(self, server: PgServer | None, options: Options) -> None:
        await self.standin.start()
        url = await server.new_database(self.name.replace("-", "_")) if self.setup.postgres else None
        base = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
        base.update(
            self.standin.environment(),
            DEV_GUILD_ID="",
            LOG_LEVEL="INFO",  # the " ready: " line; nothing is logged per interaction at INFO
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONHASHSEED="0",
        )
        if url:
            base["DATABASE_URL"] = url
        count = self.setup.processes
        for index in range(count):
            environ = dict(base)
            # SQLite: one file the processes share; PostgreSQL: each its own local content file.
            shared = not self.setup.postgres
            environ["DATABASE_PATH"] = str(self.workdir / f"{self.name}{'' if shared else f'-{index}'}.db")
            if count > 1:
                environ.update(SHARD_COUNT=str(count), SHARD_IDS=str(index))
            log = self.workdir / f"{self.name}-{index}.log"
            with log.open("wb") as out:
                process = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", cwd=PROJECT_ROOT, env=environ, stdout=out, stderr=out
                )
            self.processes.append(process)
            self.logs.append(log)
        await asyncio.gather(*(self._wait_ready(i) for i in range(count)))
        self.mix = Mix(self.users, self.standin.guilds, options.games, options.clicks, self.rng)
        await self.mix.prepare()

    async def _wait_ready(self, index: int) -> None:
        deadline = time.monotonic() + STARTUP_WITHIN
        while " ready: " not in self.logs[index].read_text(errors="replace"):
            if self.processes[index].returncode is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"{self.name} process {index} did not get ready:\n{self.logs[index].read_text(errors='replace')}"
                )
            await asyncio.sleep(0.1)

    def pids(self) -> dict[str, int]:
        return {f"bot-{i}": p.pid for i, p in enumerate(self.processes)}

    async def drive(
        self, seconds: float, concurrency: int, window: Window | None, *, rate: float | None = None, warm: bool = False
    ) -> None:
        """Keep ``concurrency`` interactions in flight for ``seconds`` (closed loop), or, with ``rate``,
        send that many per second (open loop, at most ``concurrency`` in flight); then wait for the
        last answers. ``warm``: go on until every server has answered a /quote random, so that its
        settings are cached, as in a bot that has run for a while."""
        assert self.mix is not None
        standin, mix, count = self.standin, self.mix, self.setup.processes
        in_flight: dict[InteractionResult, tuple[str, int]] = {}  # result -> (kind, process index)
        started = time.perf_counter()
        ends, sent = started + seconds, 0

        def finished(now: float) -> list[InteractionResult]:
            return [
                r
                for r in in_flight
                if r.answered or r.late or (r.dispatched_at and now - r.dispatched_at > ANSWER_WITHIN)
            ]

        while True:
            now = time.perf_counter()
            if now < ends or (warm and mix.unvisited):
                owed = concurrency - len(in_flight)
                if rate is not None:
                    owed = min(owed, int((now - started) * rate) - sent)
                for _ in range(owed):
                    payload, kind = mix.payload()
                    result = await standin.send_interaction(payload)
                    in_flight[result] = (kind, shard_of(int(payload["guild_id"]), count))
                    sent += 1
            elif not in_flight:
                break
            await self._next_event(ANSWER_WITHIN if rate is None else max(0.002, 1 / rate))
            now = time.perf_counter()
            for result in finished(now):
                kind, process = in_flight.pop(result)
                if window is not None:
                    verdict = mix.judge(result, kind) if result.answered else "error: no answer"
                    if verdict.startswith("error"):
                        window.errors.append(verdict)
                    else:
                        window.kinds[verdict] += 1
                        window.answered += 1
                        window.by_process[process] += 1
                        window.latencies_ms.append(1000 * result.latency)
                self._answered.append((now, result))
            self._forget_old(now)

    async def _next_event(self, within: float) -> None:
        """Wait until the stand-in records anything (a request from a bot), or for ``within`` seconds: one waiter
        for all the interactions in flight (``wait_until`` per interaction wakes every one of them
        on every request)."""
        future = asyncio.get_running_loop().create_future()
        self.standin._waiters.append(future)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(future, within)

    def _forget_old(self, now: float) -> None:
        """Drop what the stand-in recorded of interactions answered 2 s ago: memory (and the search for
        new questions) stays flat over long runs."""
        while self._answered and now - self._answered[0][0] > 2.0:
            _, result = self._answered.popleft()
            self.standin.interactions.pop(result.id, None)
            self.standin._by_token.pop(result.token, None)
            if result.original is not None:
                self.standin.messages.pop(result.original.id, None)
        if len(self.standin.requests) > 10_000:
            self.standin.requests.clear()

    async def measure(self, options: Options, server: PgServer | None) -> Window:
        window = Window(by_process=[0] * self.setup.processes)
        local = server is not None and server.postmaster_pid is not None and self.setup.postgres
        trees = {"postgresql": server.postmaster_pid} if local else {}
        pids = {**self.pids(), "load generator": os.getpid()}
        before, started = Reading.take(pids, trees), time.perf_counter()
        rate = None if options.rate is None else options.rate * self.setup.processes
        await self.drive(options.seconds, options.concurrency, window, rate=rate)
        spent, window.seconds = Reading.take(pids, trees).since(before), time.perf_counter() - started
        window.cpu, window.waiting, window.machine_busy = spent.processes, spent.waiting, spent.machine_busy
        window.load = load_average()
        self.windows.append(window)
        return window

    async def stop(self) -> None:
        if self.mix is not None:
            await self.mix.close()
        for process in self.processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
        await self.standin.stop()

    def summary(self) -> dict:
        windows = self.windows
        seconds = sum(w.seconds for w in windows)
        answered = sum(w.answered for w in windows)
        latencies = sorted(ms for w in windows for ms in w.latencies_ms)
        cpu, waiting, kinds = collections.Counter(), collections.Counter(), collections.Counter()
        for w in windows:
            cpu.update(w.cpu)
            waiting.update(w.waiting)
            kinds.update(w.kinds)
        busy = sum(w.machine_busy for w in windows)

        def cores(value: float) -> float | None:
            return round(value / seconds, 3) if seconds else None

        processes = []
        for index in range(self.setup.processes):
            name = f"bot-{index}"
            handled = sum(w.by_process[index] for w in windows)
            processes.append(
                {
                    "interactions": handled,
                    "cpu_ms_per_interaction": _per(cpu[name], handled),
                    "cores": cores(cpu[name]),
                    "waiting_cores": cores(waiting[name]),
                }
            )
        bots = sum(cpu[f"bot-{i}"] for i in range(self.setup.processes))
        postgres = "postgresql" in cpu
        return {
            "setup": self.name,
            "description": self.setup.description,
            "seconds": round(seconds, 2),
            "answered": answered,
            "throughput_per_s": round(answered / seconds, 1) if seconds else 0.0,
            "window_throughputs": [round(w.answered / w.seconds, 1) for w in windows if w.seconds],
            "p50_ms": _percentile(latencies, 50),
            "p99_ms": _percentile(latencies, 99),
            "processes": processes,
            "bot_cpu_ms_per_interaction": _per(bots, answered),
            "bot_cores": cores(bots),
            "postgresql_cpu_ms_per_interaction": _per(cpu["postgresql"], answered) if postgres else None,
            "postgresql_cores": cores(cpu["postgresql"]) if postgres else None,
            "load_generator_cpu_ms_per_interaction": _per(cpu["load generator"], answered),
            "load_generator_cores": cores(cpu["load generator"]),
            "load_generator_waiting_cores": cores(waiting["load generator"]),
            "machine_busy_cores": cores(busy),
            # Everything else the machine did meanwhile: other people's work on a shared machine, and
            # the set-ups not being measured (idle but for their games' timers).
            "other_cores": cores(busy - sum(cpu.values())),
            "load_averages": [w.load for w in windows],
            "kinds": dict(kinds),
            "errors": [e for w in windows for e in w.errors][:10],
            "error_count": sum(len(w.errors) for w in windows),
        }


def _per(cpu_seconds: float, interactions: int) -> float | None:
    return round(1000 * cpu_seconds / interactions, 4) if interactions else None


def _percentile(ordered: list[float], p: float) -> float | None:
    if not ordered:
        return None
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 3)


def make_guilds(count: int) -> list[Guild]:
    """Servers alternating between the two shards of two: an even split."""
    return [Guild.create(f"Server {n}", shard=(n % 2, 2)) for n in range(count)]


async def run_benchmark(options: Options) -> dict:
    for name in options.setups:
        if name not in SETUPS:
            raise SystemExit(f"unknown set-up {name!r}; known: {', '.join(SETUPS)}")
    rng = random.Random(options.seed)
    guilds = make_guilds(options.guilds)
    needs_postgres = any(SETUPS[name].postgres for name in options.setups)
    server = await PgServer.open(options.url, options.pg_settings) if needs_postgres else None
    deployments: list[Deployment] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-processes-") as tmp:
            workdir = Path(tmp)
            deployments = [Deployment(name, guilds, workdir, rng) for name in options.setups]
            try:
                for deployment in deployments:  # one at a time: start-ups would fight for the cores
                    await deployment.start(server, options)
                for deployment in deployments:
                    await deployment.drive(options.warmup, options.concurrency, None, warm=True)
                for round_no in range(options.rounds):
                    shift = round_no % len(deployments)  # who goes first moves round by round
                    for deployment in deployments[shift:] + deployments[:shift]:
                        await deployment.measure(options, server)
            finally:
                for deployment in deployments:
                    with contextlib.suppress(Exception):
                        await deployment.stop()
    finally:
        if server is not None:
            await server.close()
    return report(options, [d.summary() for d in deployments], server is not None and server.postmaster_pid is not None)


def report(options: Options, setups: list[dict], server_local: bool) -> dict:
    by_name = {s["setup"]: s for s in setups}
    result: dict = {"options": asdict(options), "cores": CORES, "postgresql_local": server_local, "setups": setups}
    one, two = by_name.get("postgres-1"), by_name.get("postgres-2")
    if one and two and one["throughput_per_s"] and options.rate is None:  # an offered rate says nothing of capacity
        result["scaling"] = _scaling(one, two)
    return result


def _scaling(one: dict, two: dict) -> dict:
    """Two processes against one on PostgreSQL: the measured ratio, what ran out, and what the CPU per
    interaction says each process could do with a core of its own."""
    ratio = round(two["throughput_per_s"] / one["throughput_per_s"], 3)
    limits = []
    bots_used = sum(p["cores"] or 0 for p in two["processes"])
    bots_waiting = sum(p["waiting_cores"] or 0 for p in two["processes"])
    if two["machine_busy_cores"] >= MACHINE_BUSY * CORES or bots_waiting >= WAITING_SHARE * bots_used:
        limits.append(
            f"the machine: {two['machine_busy_cores']:.2f} of its {CORES} cores busy, and the bot processes, "
            f"ready to run, waited for a core {bots_waiting:.2f} s per second besides the {bots_used:.2f} s they ran"
        )
    generator = (two["load_generator_cores"] or 0) + (two["load_generator_waiting_cores"] or 0)
    if generator >= SATURATED:
        limits.append(f"the load generator: running or ready to run {generator:.2f} of the one core it can use")
    one_cpu = one["processes"][0]["cpu_ms_per_interaction"]
    per_process = [p["cpu_ms_per_interaction"] for p in two["processes"]]
    # What each bot process could answer with a core of its own: its CPU per interaction, inverted.
    capacity_one = round(1000 / one_cpu, 1) if one_cpu else None
    capacity_two = round(sum(1000 / cpu for cpu in per_process if cpu), 1)
    return {
        "throughput_ratio": ratio,
        "target": SCALING_TARGET,
        "met": ratio >= SCALING_TARGET,
        "limited_by": limits,
        "cpu_per_interaction_two_over_one": [round(cpu / one_cpu, 3) for cpu in per_process if cpu and one_cpu],
        "capacity_one_per_s": capacity_one,
        "capacity_two_per_s": capacity_two,
        "capacity_ratio": round(capacity_two / capacity_one, 3) if capacity_one else None,
    }


def print_table(result: dict) -> None:
    o, setups = result["options"], result["setups"]
    load = (
        f"{o['concurrency']} interactions in flight"
        if o["rate"] is None
        else f"{o['rate']:g} interactions/s per bot process offered (at most {o['concurrency']} in flight)"
    )
    print(
        f"processes benchmark: {o['guilds']} servers, {load}, "
        f"{round(100 * o['clicks'])} % trivia clicks ({o['games']} games) and the rest /quote random; "
        f"{o['rounds']} windows of {o['seconds']:g} s per set-up; {result['cores']} cores"
    )
    width = 18
    print(f"{'':48}" + "".join(f"{s['setup']:>{width}}" for s in setups))

    def row(label: str, values: list) -> None:
        print(f"{label:48}" + "".join(f"{'-' if v is None else v!s:>{width}}" for v in values))

    def each_process(label: str, show) -> None:
        for index in range(max(len(s["processes"]) for s in setups)):
            row(
                label.format(index=index),
                [show(s["processes"][index]) if index < len(s["processes"]) else None for s in setups],
            )

    row("throughput (answered/s)", [s["throughput_per_s"] for s in setups])
    row("  each window", ["/".join(f"{t:.0f}" for t in s["window_throughputs"]) for s in setups])
    row("latency p50 / p99 (ms)", [f"{s['p50_ms']} / {s['p99_ms']}" for s in setups])
    row("bot CPU per interaction (ms), all processes", [s["bot_cpu_ms_per_interaction"] for s in setups])
    each_process("  process {index}: CPU per interaction (ms)", lambda p: p["cpu_ms_per_interaction"])
    each_process("  process {index}: cores used / waiting for one", lambda p: f"{p['cores']} / {p['waiting_cores']}")
    row("PostgreSQL: CPU per interaction (ms)", [s["postgresql_cpu_ms_per_interaction"] for s in setups])
    row("PostgreSQL: cores used", [s["postgresql_cores"] for s in setups])
    row("load generator: CPU per interaction (ms)", [s["load_generator_cpu_ms_per_interaction"] for s in setups])
    row(
        "load generator: cores used / waiting for one",
        [f"{s['load_generator_cores']} / {s['load_generator_waiting_cores']}" for s in setups],
    )
    row(f"machine: busy cores of {result['cores']}", [s["machine_busy_cores"] for s in setups])
    row("  of which other work (not this set-up)", [s["other_cores"] for s in setups])
    for n in range(max(len(s["load_averages"]) for s in setups)):
        averages = [s["load_averages"][n] if n < len(s["load_averages"]) else None for s in setups]
        row(f"load average after window {n + 1}", averages)
    row("answers: locked in / time's up / quote", ["/".join(str(s["kinds"].get(k, 0)) for k in KINDS) for s in setups])
    scaling = result.get("scaling")
    if scaling:
        verdict = "met" if scaling["met"] else "MISSED"
        print(
            f"goal: two processes give at least {scaling['target']}x the throughput of one (PostgreSQL): "
            f"{scaling['throughput_ratio']}x {verdict}"
        )
        for limit in scaling["limited_by"]:
            print(f"  the limit was {limit}")
        flat = ", ".join(f"{x}x" for x in scaling["cpu_per_interaction_two_over_one"])
        print(
            f"  each of the two processes spent {flat} the CPU per interaction of the single one; with a core each "
            f"they could answer {scaling['capacity_two_per_s']}/s against {scaling['capacity_one_per_s']}/s "
            f"({scaling['capacity_ratio']}x: derived from CPU per interaction, not measured)"
        )
    for s in setups:
        if s["error_count"]:
            print(f"ERRORS ({s['setup']}): {s['error_count']}, e.g. {s['errors'][:3]}")


def parse_args(argv: list[str] | None) -> tuple[Options, bool]:
    defaults = Options()
    parser = cli.parser_for("python -m bench.processes", __doc__)
    parser.add_argument("--seconds", type=float, default=defaults.seconds, help="each measured window")
    parser.add_argument("--rounds", type=int, default=defaults.rounds, help="measured windows per set-up")
    parser.add_argument("--warmup", type=float, default=defaults.warmup, help="untimed seconds of load first")
    parser.add_argument("--concurrency", type=int, default=defaults.concurrency, help="interactions in flight")
    parser.add_argument(
        "--rate",
        type=float,
        help="send this many interactions per second per bot process (open loop, --concurrency at most in flight) "
        "instead of as many as are answered: CPU per interaction at the same load per process",
    )
    parser.add_argument("--guilds", type=int, default=defaults.guilds, help="servers in READY")
    parser.add_argument("--games", type=int, default=defaults.games, help="servers with a running trivia game")
    parser.add_argument("--clicks", type=float, default=defaults.clicks, help="share of trivia clicks (0 to 1)")
    parser.add_argument(
        "--setup",
        dest="setups",
        action="append",
        choices=list(SETUPS),
        help=f"repeatable; default: {', '.join(defaults.setups)}",
    )
    cli.add_shared_options(parser, defaults.seed)
    values, as_json = cli.parse(parser, argv)
    options = Options(**{**values, "setups": values["setups"] or defaults.setups})
    if options.seconds <= 0 or options.rounds < 1 or options.concurrency < 1 or options.guilds < 2:
        parser.error("--seconds must be positive, --rounds and --concurrency at least 1, --guilds at least 2")
    if options.rate is not None and options.rate <= 0:
        parser.error("--rate must be positive")
    if not 1 <= options.games <= options.guilds or not 0 <= options.clicks <= 1:
        parser.error("--games must be from 1 to --guilds, --clicks from 0 to 1")
    return options, as_json


def main(argv: list[str] | None = None) -> int:
    options, as_json = parse_args(argv)
    result = asyncio.run(run_benchmark(options))
    cli.show(result, as_json, print_table)
    return 1 if any(s["error_count"] for s in result["setups"]) else 0


if __name__ == "__main__":
    sys.exit(main())
