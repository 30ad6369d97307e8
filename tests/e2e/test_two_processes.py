"""Two ``python -m bot`` processes, shards 0 and 1 of 2, sharing one throwaway PostgreSQL, against the
stand-in: a bot run as an operator runs one that outgrew a single process (docs/operations.md, "Shards").

The processes start once for the module, together, as a service manager starts them. Each test adds
servers of its own (Discord sends their GUILD_CREATE on their shard), so no test depends on another's
state. What is checked: each server is answered by the process holding its shard (the gateway session
it arrives on, and each process's own /metrics count); commands are synced once; games score right
and each server's leaderboard holds only its own members; the daily question is posted once; and
``kill -9`` of either process loses no acknowledged answer, its game and daily question answer again
after its restart, while the other process goes on answering.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import asyncpg
import pytest
import pytest_asyncio
from prometheus_client.parser import text_string_to_metric_families

from standin import DiscordStandIn, DiscordUsers, Guild, InteractionResult, Member, Message
from standin.model import shard_of
from tests.e2e._process import STARTUP_LIMIT, clean_environment, copy_project, output_of, run_bot, wait_or_exit
from tests.pg_cluster import ThrowawayCluster, free_port

pytestmark = pytest.mark.asyncio(loop_scope="module")  # the stand-in serves both processes on this loop

SHARDS = 2
PASSWORD = "hunter2"  # the cluster trusts any password; this one must never reach a log
SYNC = "PUT /applications/*/commands"
IDENTIFY = 2
LOCKED_IN = "Locked in"
ALREADY = "You already answered this question."
NOT_SYNCING_HERE = "application commands are synced by the process holding shard 0, not this one"
GONE_FOR = 1.0  # seconds an interaction on a stopped shard is watched for an answer that must not come


# ---------------------------------------------------------------------------------- the processes


@dataclass
class BotProcess:
    """One ``python -m bot``, shard ``shard_id`` of 2; restarted as a new process with a new log."""

    shard_id: int
    project: Path
    folder: Path
    environ: dict[str, str]
    process: asyncio.subprocess.Process | None = None
    logs: list[Path] = field(default_factory=list)

    @property
    def log(self) -> Path:
        return self.logs[-1]

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def start(self) -> None:
        self.logs.append(self.folder / f"bot-{len(self.logs)}.log")
        self.process = await run_bot(self.project, self.environ, self.log)

    async def until_connected(self, standin: DiscordStandIn, *, after: int) -> None:
        """Until the stand-in sent READY on this process's shard (after gateway log index ``after``)."""
        shard = (self.shard_id, SHARDS)

        def ready() -> bool:
            return any(f.t == "READY" and f.shard == shard for f in standin.gateway_log[after:] if f.direction == "out")

        assert self.process is not None
        await wait_or_exit(
            self.process, standin.wait_until(ready, within=STARTUP_LIMIT, what=f"shard {shard}"), self.log
        )

    async def kill(self) -> int:
        """``kill -9``: no shutdown of any kind."""
        assert self.process is not None
        self.process.kill()
        return await asyncio.wait_for(self.process.wait(), 10)

    async def stop(self) -> int | None:
        """SIGTERM, as a service manager stops it; SIGKILL if it is still there 10 s later."""
        if not self.running:
            return None
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.process.wait(), 10)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            return None

    async def interactions(self) -> Counter[tuple[str, str]]:
        """This process's own count of the interactions it answered, by (command, outcome) (/metrics)."""
        url = f"http://127.0.0.1:{self.environ['METRICS_PORT']}/metrics"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            text = await response.text()
        return Counter(
            {
                (s.labels["command"], s.labels["outcome"]): int(s.value)
                for family in text_string_to_metric_families(text)
                for s in family.samples
                if s.name == "companion_interactions_total"
            }
        )

    def faults(self) -> list[str]:
        """Lines no healthy run writes: errors, tracebacks, the token or the database password."""
        found = []
        for log in self.logs:
            for line in output_of(log).splitlines():
                if " ERROR " in line or " CRITICAL " in line or "Traceback" in line or PASSWORD in line:
                    found.append(f"{log.name}: {line}")
                elif self.environ["DISCORD_TOKEN"] in line:
                    found.append(f"{log.name}: the bot token reached the log")
        return found


@dataclass
class Cluster:
    standin: DiscordStandIn
    users: DiscordUsers
    pg: asyncpg.Connection  # the test's own look at the shared database (an oracle, never the bot's)
    bots: list[BotProcess]  # by shard
    home: list[Guild]  # a server per shard, there from the start, with a daily question due
    started_on: str  # the UTC day the processes started (the daily question's day)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cluster(
    tmp_path_factory: pytest.TempPathFactory, postgres_cluster: ThrowawayCluster, template_db: Path | None
) -> AsyncIterator[Cluster]:
    folder = tmp_path_factory.mktemp("two-processes")
    database = await postgres_cluster.new_database(content=True)  # as a first start leaves it
    url = postgres_cluster.url(database).replace("postgres@", f"postgres:{PASSWORD}@")
    home = [Guild.create(f"home of shard {n}", shard=(n, SHARDS)) for n in range(SHARDS)]
    standin = await DiscordStandIn(guilds=home).start()
    # Every shard in its own login bucket: both IDENTIFY at once, with no 5 s wait (docs/operations.md).
    standin.shard_count, standin.max_concurrency = SHARDS, SHARDS
    pg: asyncpg.Connection | None = None
    bots: list[BotProcess] = []
    try:
        pg = await asyncpg.connect(url)
        today = datetime.now(UTC).date()
        for guild in home:  # moderators set a daily question at 00:00 UTC; yesterday's went out, today's is due
            await pg.execute(
                "INSERT INTO guild_settings (guild_id, daily_channel_id, daily_hour, daily_last_date, typed_answers)"
                " VALUES ($1, $2, 0, $3, false)",
                guild.id,
                guild.channel("trivia").id,
                (today - timedelta(days=1)).isoformat(),
            )
        project = copy_project(folder / "project")  # one copy of the code; each process its own local file
        for shard_id in range(SHARDS):
            own = folder / f"shard-{shard_id}"
            own.mkdir()
            if template_db is not None:  # the content already loaded: a quicker start, nothing else
                shutil.copyfile(template_db, own / "local.db")
            environ = clean_environment(
                **standin.environment(),
                DATABASE_PATH=str(own / "local.db"),
                DATABASE_URL=url,
                SHARD_COUNT=str(SHARDS),
                SHARD_IDS=str(shard_id),
                METRICS_PORT=str(free_port()),
                LOG_LEVEL="INFO",
            )
            bots.append(BotProcess(shard_id, project, own, environ))
        await asyncio.gather(*(bot.start() for bot in bots))  # together, as a service manager starts them
        await asyncio.gather(*(bot.until_connected(standin, after=0) for bot in bots))
        users = DiscordUsers(standin, home[0])
        yield Cluster(standin, users, pg, bots, home, today.isoformat())
    finally:
        codes = await asyncio.gather(*(bot.stop() for bot in bots), return_exceptions=True)  # no stray process
        try:
            if pg is not None:
                await pg.close()
        finally:
            await standin.stop()
            await postgres_cluster.drop_databases([database])
    assert codes == [0] * SHARDS, "\n".join(output_of(bot.log) for bot in bots)


@pytest_asyncio.fixture(autouse=True, loop_scope="module")
async def healthy(cluster: Cluster) -> AsyncIterator[None]:
    """Each test fails for what fails every end-to-end test (tests/conftest.py, make_env): a request
    Discord would refuse, an answer after 3 s, an unknown route, an error logged; and here for a
    process that exited when no test stopped it (started again, so that the next test is not hit too)."""
    known = set(cluster.standin.problems()) | {f for bot in cluster.bots for f in bot.faults()}
    yield
    problems = [p for p in cluster.standin.problems() if p not in known]
    problems += [f for bot in cluster.bots for f in bot.faults() if f not in known]
    for bot in cluster.bots:
        if not bot.running:
            problems.append(f"shard {bot.shard_id}'s process exited:\n{output_of(bot.log)}")
            after = len(cluster.standin.gateway_log)
            await bot.start()
            await bot.until_connected(cluster.standin, after=after)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# ---------------------------------------------------------------------------------- what members do


async def new_server(c: Cluster, name: str, shard_id: int) -> Guild:
    """A server that just added the bot, on ``shard_id``; its moderator turns typed answers off, so
    every question has buttons to click."""
    guild = await c.users.add_guild(name, shard=(shard_id, SHARDS))
    moderator = c.users.member("moderator", guild=guild, manage_guild=True)
    result = await c.users.slash("config trivia", member=moderator, typed_answers=False)
    assert "typed answers off" in result.text, result.text
    return guild


def posted(c: Cluster, guild: Guild, channel: str = "trivia") -> list[Message]:
    """What the bot posted there by itself (not as an answer to an interaction)."""
    return [m for m in c.users.channel_messages(channel, guild=guild) if m.interaction_id is None]


async def start_game(c: Cluster, guild: Guild, host: Member) -> Message:
    """A one-question game with a minute to answer (the Skip button reveals it sooner); its question."""
    before = len(posted(c, guild))
    result = await c.users.slash("trivia start", member=host, channel="trivia", rounds=1, timer=60)
    assert "**Trivia!**" in result.text, result.text
    question = await c.users.wait_channel_message("trivia", guild=guild, count=before + 1)
    assert question.embeds[0]["title"] == "Question 1 of 1"
    return question


async def right_and_wrong(c: Cluster, question: Message) -> tuple[str, str]:
    """The custom_ids of the right button and of a wrong one, from the shared database (the choices
    as shown, and the question's answer): an oracle outside either process."""
    answer_ids = [b["custom_id"] for b in question.buttons if b["custom_id"].startswith("trivia:a:")]
    _, _, game_id, round_no, _ = answer_ids[0].split(":")
    row = await c.pg.fetchrow(
        "SELECT r.choices, q.answer FROM game_rounds r JOIN questions q ON q.id = r.question_id"
        " WHERE r.game_id = $1 AND r.round_no = $2",
        int(game_id),
        int(round_no),
    )
    choices = json.loads(row["choices"])
    right = f"trivia:a:{game_id}:{round_no}:{choices.index(row['answer'])}"
    assert right in answer_ids and len(answer_ids) == len(choices) >= 2
    return right, next(i for i in answer_ids if i != right)


def game_id_of(question: Message) -> int:
    return int(question.buttons[0]["custom_id"].split(":")[2])


async def answer(c: Cluster, question: Message, custom_id: str, member: Member) -> InteractionResult:
    result = await c.users.click(question, custom_id, member=member)
    assert result.ephemeral and result.text.startswith(LOCKED_IN), result.text
    return result


async def skip_to_standings(c: Cluster, guild: Guild, question: Message, host: Member) -> tuple[str, str]:
    """The host's Skip: the question is revealed now and, the game having one question, the standings
    follow. Returns the reveal's "Got it" field name and the standings' text."""
    before = len(posted(c, guild))
    skip = next(b["custom_id"] for b in question.buttons if b["custom_id"].startswith("trivia:skip:"))
    await c.users.click(question, skip, member=host)
    await c.standin.wait_until(lambda: "**Answer:**" in question.text, within=5, what="the reveal")
    standings = await c.users.wait_channel_message("trivia", guild=guild, count=before + 1)
    assert standings.embeds[0]["title"] == "Final standings"
    [got_it] = [f["name"] for f in question.embeds[0]["fields"] if f["name"].startswith("Got it")]
    return got_it, standings.embeds[0]["description"]


def line_of(board: str, member: Member) -> str:
    """A member's line on a leaderboard or standings: by display name, or by mention when the name was
    never stored (a process killed within a second of the answer: names are stored in batches)."""
    lines = [line for line in board.splitlines() if f" {member.name.title()} · " in line or member.mention in line]
    assert len(lines) == 1, f"{member.name} is on {len(lines)} lines of:\n{board}"
    return lines[0]


def points_on(line: str) -> int:
    return int(line.split(" · ")[-1].split(" pts")[0])


async def leaderboard(c: Cluster, guild: Guild) -> str:
    asker = c.users.member(f"asker{len(guild.members)}", guild=guild)
    result = await c.users.slash("trivia leaderboard", member=asker)
    assert result.embed["title"] == "Trivia leaderboard · this season"
    return result.embed["description"] + "\n" + result.embed["footer"]["text"]


def holds_only(board: str, right: list[Member], wrong: list[Member], others: list[Member]) -> None:
    """The board lists exactly these members, right answers (100 to 150 points) above wrong ones (0
    or -10: a wrong click within 2 s costs 10), and none of another server's."""
    assert f"{len(right) + len(wrong)} player" in board, board
    for member in right:
        line = line_of(board, member)
        assert "(1/1 right)" in line and 100 <= points_on(line) <= 150, line
    for member in wrong:
        line = line_of(board, member)
        assert "(0/1 right)" in line and points_on(line) in (0, -10), line
    ranks = [int(line_of(board, m).split(".**")[0].removeprefix("**")) for m in (*right, *wrong)]
    assert max(ranks[: len(right)]) < min(ranks[len(right) :] or [99]), board
    for member in others:
        assert member.name.title() not in board and member.mention not in board, f"{member.name} leaked:\n{board}"


async def scores_of(c: Cluster, guild: Guild) -> dict[int, tuple[int, int, int]]:
    rows = await c.pg.fetch("SELECT user_id, points, answered, correct FROM scores WHERE guild_id = $1", guild.id)
    return {r["user_id"]: (r["points"], r["answered"], r["correct"]) for r in rows}


def dispatched_on(c: Cluster, result: InteractionResult) -> list[tuple[int, int] | None]:
    """The shard sessions the stand-in sent this interaction on."""
    return [f.shard for f in c.standin.gateway_dispatched("INTERACTION_CREATE") if int(f.data["id"]) == result.id]


async def count_grows(bot: BotProcess, before: Counter, expected: Counter) -> None:
    """Until the process's own count has grown by ``expected`` (it counts an answer once Discord took
    it, a moment after the stand-in saw it); then it must be exactly that."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 3
    while True:
        grown = (await bot.interactions()) - before
        if grown == expected or loop.time() > deadline:
            break
        await asyncio.sleep(0.05)
    assert grown == expected, f"shard {bot.shard_id}'s process answered {dict(grown)}, not {dict(expected)}"


def dailies(c: Cluster, guild: Guild) -> list[Message]:
    return [m for m in posted(c, guild) if m.embeds and m.embeds[0]["title"] == "Daily question"]


async def first_daily(c: Cluster, guild: Guild) -> Message:
    """The home server's daily question, posted at start by the process holding its shard."""
    await c.standin.wait_until(lambda: dailies(c, guild), within=10, what=f"{guild.name}'s daily question")
    return dailies(c, guild)[0]


async def daily_counts(c: Cluster) -> dict[int, int]:
    rows = await c.pg.fetch("SELECT guild_id, count(*) AS n FROM games WHERE kind = 'daily' GROUP BY guild_id")
    return {r["guild_id"]: r["n"] for r in rows}


# ---------------------------------------------------------------------------------- the tests


async def test_each_server_is_answered_by_the_process_holding_its_shard(cluster: Cluster) -> None:
    c = cluster
    assert c.standin.connected_shards == [(0, 2), (1, 2)]
    servers = [*c.home, *[await c.users.add_guild(f"server {n}", shard=(n % 2, SHARDS)) for n in range(4)]]
    before = [await bot.interactions() for bot in c.bots]
    expected: list[Counter] = [Counter(), Counter()]
    for n, guild in enumerate(servers):
        result = await c.users.slash("trivia leaderboard", member=c.users.member(f"fan{n}", guild=guild))
        assert "No points yet" in result.embed["description"]
        shard_id = shard_of(guild.id, SHARDS)
        assert dispatched_on(c, result) == [(shard_id, SHARDS)]  # its own shard's connection, only that
        expected[shard_id]["/trivia leaderboard", "ok"] += 1
    dm = await c.users.slash("episode", member=c.users.member("dm fan"), dm=True)
    assert "I Am All In" in dm.text and dispatched_on(c, dm) == [(0, SHARDS)]  # DMs arrive on shard 0
    expected[0]["/episode", "ok"] += 1
    for bot, was, grown in zip(c.bots, before, expected, strict=True):  # each process answered its own, only
        await count_grows(bot, was, grown)


async def test_commands_are_synced_once_by_the_process_holding_shard_0(cluster: Cluster) -> None:
    c = cluster
    assert len(c.standin.requests_matching(SYNC)) == 1 and c.standin.synced_commands
    first_logs = [output_of(bot.logs[0]) for bot in c.bots]
    synced = [line for line in first_logs[0].splitlines() if "bot.client: synced " in line]
    assert len(synced) == 1 and synced[0].endswith("application commands to all servers")
    assert NOT_SYNCING_HERE in first_logs[1] and "bot.client: synced " not in first_logs[1]
    keys = await c.pg.fetch("SELECT key FROM meta WHERE key LIKE 'commands_hash:%'")
    assert [r["key"] for r in keys] == [f"commands_hash:{c.standin.application_id}:global"]


async def test_a_daily_question_is_posted_once_by_its_servers_process(cluster: Cluster) -> None:
    """Both servers' question is due at start; each process posts only its own server's, once, and
    holds it open: only the process that claimed the day can take its answers."""
    c = cluster
    for guild in c.home:
        await first_daily(c, guild)
    await asyncio.sleep(0.5)  # room for a second post, were one coming
    assert [len(dailies(c, guild)) for guild in c.home] == [1, 1]
    assert await daily_counts(c) == {guild.id: 1 for guild in c.home}
    days = await c.pg.fetch(
        "SELECT daily_last_date FROM guild_settings WHERE guild_id = ANY($1)", [g.id for g in c.home]
    )
    assert {r["daily_last_date"] for r in days} <= {c.started_on, datetime.now(UTC).date().isoformat()}
    before = [await bot.interactions() for bot in c.bots]
    for guild in c.home:
        daily = await first_daily(c, guild)
        right, _ = await right_and_wrong(c, daily)
        result = await answer(c, daily, right, c.users.member("early bird", guild=guild))
        assert "The answer is revealed <t:" in result.text
    for bot, was in zip(c.bots, before, strict=True):
        await count_grows(bot, was, Counter({("button trivia", "ok"): 1}))


async def test_games_score_on_each_server_and_leaderboards_stay_apart(cluster: Cluster) -> None:
    c = cluster
    servers = [await new_server(c, "Stars Hollow", 0), await new_server(c, "Woodbury", 1)]
    players = {
        servers[0].id: [c.users.member(n, guild=servers[0]) for n in ("rory", "lane", "paris")],
        servers[1].id: [c.users.member(n, guild=servers[1]) for n in ("jess", "dean", "logan")],
    }
    # Who answers right differs between the servers, so that a board showing the other's is caught.
    right_ones = {servers[0].id: [0, 2], servers[1].id: [1]}
    for guild in servers:
        host = c.users.member("host", guild=guild)
        question = await start_game(c, guild, host)
        right, wrong = await right_and_wrong(c, question)
        for n, member in enumerate(players[guild.id]):
            await answer(c, question, right if n in right_ones[guild.id] else wrong, member)
        again = await c.users.click(question, right, member=players[guild.id][0])
        assert again.ephemeral and again.text == ALREADY  # one answer per member per question
        got_it, standings = await skip_to_standings(c, guild, question, host)
        assert got_it == f"Got it: {len(right_ones[guild.id])} of 3"
        for n, member in enumerate(players[guild.id]):
            assert ("(1/1 right)" if n in right_ones[guild.id] else "(0/1 right)") in line_of(standings, member)

    for guild, other in zip(servers, servers[::-1], strict=True):
        members = players[guild.id]
        right = [m for n, m in enumerate(members) if n in right_ones[guild.id]]
        wrong = [m for n, m in enumerate(members) if n not in right_ones[guild.id]]
        board = await leaderboard(c, guild)
        holds_only(board, right, wrong, players[other.id])
        scores = await scores_of(c, guild)  # what the board says is what the database folded
        assert set(scores) == {m.id for m in members}
        for member in members:
            assert scores[member.id][0] == points_on(line_of(board, member))


@pytest.mark.parametrize("victim", [1, 0], ids=["kill shard 1", "kill shard 0"])
async def test_kill_9_of_one_process_loses_nothing(cluster: Cluster, victim: int) -> None:
    """Answers acknowledged just before ``kill -9`` are in the scores after the restart; the game and
    the daily question the killed process held answer their old buttons again; meanwhile the other
    process answered its servers as if nothing happened, and the killed one's got nothing."""
    c = cluster
    survivor = 1 - victim
    guilds = {
        victim: await new_server(c, f"victim {victim}", victim),
        survivor: await new_server(c, "bystander", survivor),
    }
    hosts = {s: c.users.member("host", guild=g) for s, g in guilds.items()}
    questions = {s: await start_game(c, g, hosts[s]) for s, g in guilds.items()}
    buttons = {s: await right_and_wrong(c, q) for s, q in questions.items()}
    home = c.home[victim]
    daily = await first_daily(c, home)
    daily_right, _ = await right_and_wrong(c, daily)

    def members(guild: Guild, *names: str) -> list[Member]:
        return [c.users.member(name, guild=guild) for name in names]

    kept_right, kept_wrong, late_right = members(guilds[victim], "kept right", "kept wrong", "late right")
    calm_right, calm_wrong = members(guilds[survivor], "calm right", "calm wrong")
    [daily_fan] = members(home, f"daily fan {victim}")
    # Acknowledged ("Locked in"), then killed at once: no time to store anything after the answer.
    await answer(c, questions[victim], buttons[victim][0], kept_right)
    await answer(c, questions[victim], buttons[victim][1], kept_wrong)
    await answer(c, daily, daily_right, daily_fan)
    await answer(c, questions[survivor], buttons[survivor][0], calm_right)
    survivor_pid = c.bots[survivor].process.pid  # type: ignore[union-attr]
    killed_at = len(c.standin.gateway_log)
    assert await c.bots[victim].kill() == -signal.SIGKILL
    gone = (victim, SHARDS)
    await c.standin.wait_until(lambda: gone not in c.standin.connected_shards, within=5, what=f"{gone} to drop")

    # Meanwhile: the survivor answers its servers in time (wait_answered fails an answer after 3 s) ...
    survivor_before = await c.bots[survivor].interactions()
    await answer(c, questions[survivor], buttons[survivor][1], calm_wrong)
    await leaderboard(c, guilds[survivor])
    # ... and nobody answers the victim's: its shard has no live connection, so Discord holds the event.
    unanswered = await c.standin.send_interaction(
        c.users.click_payload(questions[victim], buttons[victim][0], member=late_right),
        source_message=questions[victim],
    )
    await asyncio.sleep(GONE_FOR)
    assert not unanswered.answered and dispatched_on(c, unanswered) == []

    await c.bots[victim].start()
    await c.bots[victim].until_connected(c.standin, after=killed_at)
    resumed = output_of(c.bots[victim].log)
    assert f"resumed trivia game {game_id_of(questions[victim])} at round 1" in resumed, resumed
    # The acknowledged answers are there: a second click is refused, and the member's retry counts.
    again = await c.users.click(questions[victim], buttons[victim][0], member=kept_right)
    assert again.ephemeral and again.text == ALREADY
    again = await c.users.click(daily, daily_right, member=daily_fan)
    assert again.ephemeral and again.text == ALREADY
    await answer(c, daily, daily_right, c.users.member(f"daily fan {victim} after", guild=home))
    await answer(c, questions[victim], buttons[victim][0], late_right)
    assert not unanswered.answered  # the event held while the shard was away went with its session

    got_it, standings = await skip_to_standings(c, guilds[victim], questions[victim], hosts[victim])
    assert got_it == "Got it: 2 of 3"
    assert "(1/1 right)" in line_of(standings, kept_right) and "(0/1 right)" in line_of(standings, kept_wrong)
    got_it, _ = await skip_to_standings(c, guilds[survivor], questions[survivor], hosts[survivor])
    assert got_it == "Got it: 1 of 2"
    holds_only(await leaderboard(c, guilds[victim]), [kept_right, late_right], [kept_wrong], [calm_right, calm_wrong])
    holds_only(await leaderboard(c, guilds[survivor]), [calm_right], [calm_wrong], [kept_right, late_right, kept_wrong])
    daily_scores = await scores_of(c, home)
    assert daily_scores[daily_fan.id][1:] == (1, 1)  # answered 1, right 1: kept across the kill

    # The survivor was never touched: the same process, the same gateway session, every answer its own.
    assert c.bots[survivor].process.pid == survivor_pid  # type: ignore[union-attr]
    identified = [
        f.data["shard"] for f in c.standin.gateway_log[killed_at:] if f.direction == "in" and f.op == IDENTIFY
    ]
    assert identified == [[victim, SHARDS]]
    # Its answers since the kill: a click and a leaderboard while the other was down, the Skip, a board.
    expected = Counter({("button trivia", "ok"): 2, ("/trivia leaderboard", "ok"): 2})
    await count_grows(c.bots[survivor], survivor_before, expected)
    # Still one command sync, and one daily question per server: the restart's own check posted none.
    assert len(c.standin.requests_matching(SYNC)) == 1
    line = "application commands unchanged; not syncing" if victim == 0 else NOT_SYNCING_HERE
    assert line in resumed
    if datetime.now(UTC).date().isoformat() == c.started_on:  # past midnight UTC, a restart rightly posts the new day's
        assert [len(dailies(c, guild)) for guild in c.home] == [1, 1]
        assert await daily_counts(c) == {guild.id: 1 for guild in c.home}
