"""Shared fixtures. End-to-end: ``env`` (the real bot against the Discord stand-in), ``make_env``
(the same, choosing extensions or settings, or ``postgres=True``), ``standin`` (the stand-in alone).
See standin/README.md. Storage: ``store`` (a test of repositories, run once per backend),
``pg_url`` (a fresh PostgreSQL database in the session's throwaway cluster: tests/pg_cluster.py)."""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import pytest
from hypothesis import HealthCheck, settings

from bot.content.loader import ContentPaths, load_content
from bot.db import Database
from bot.db.postgres.database import PgDatabase
from bot.db.repositories import Repositories
from standin import BotEnv, DiscordStandIn, Guild
from tests.backends import BACKENDS, RawSql, Store
from tests.pg_cluster import (
    SKIP_VARIABLE,
    TEMPLATE_CONTENT,
    TEMPLATE_MIGRATED,
    PostgresNotFound,
    ThrowawayCluster,
    describe_server,
)

# Property-based tests (Hypothesis): `make test` runs a bounded number of examples so the suite stays
# within minutes; HYPOTHESIS_PROFILE=deep runs twenty times as many (docs/architecture.md, "Tests").
# No deadline: examples that drive the bot wait on its answers, and the machine may be busy.
_PROFILE_HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
settings.register_profile("default", deadline=None, print_blob=True, suppress_health_check=_PROFILE_HEALTH)
settings.register_profile("deep", deadline=None, print_blob=True, suppress_health_check=_PROFILE_HEALTH)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Fewer garbage collections in the test process (not in the bots it runs as subprocesses): the
    modules, the suite's items and Hypothesis's tables, collected, are frozen out of the collector's
    sight, and the youngest generation is collected every 10,000 allocations rather than 700. About
    5% of the suite's CPU went to the collector going over the same long-lived objects again."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Which PostgreSQL the run's PostgreSQL tests used (the system's, or the one from PyPI)."""
    terminalreporter.write_line(f"postgresql: {describe_server()}")


async def _build_template(path: Path) -> None:
    async with Database(path) as db:  # migrates on connect
        await load_content(db, ContentPaths.default())


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """A migrated database with the shipped content loaded, built once per run and copied per test
    (the bot still migrates and loads content on start; both find nothing to do)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    try:
        with ThreadPoolExecutor(1) as pool:  # its own event loop, away from the tests' loops
            pool.submit(asyncio.run, _build_template(path)).result()
    except Exception:
        return None  # the bot then migrates and loads content itself, and reports what fails
    return path


# ---------------------------------------------------------------------------------- PostgreSQL


async def _build_pg_templates(cluster: ThrowawayCluster, sqlite_template: Path | None, scratch: Path) -> None:
    admin = await asyncpg.connect(cluster.url())
    try:
        for name in (TEMPLATE_MIGRATED, TEMPLATE_CONTENT):
            await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    async with PgDatabase(cluster.url(TEMPLATE_MIGRATED)):  # migrates on connect
        pass
    # The shipped content and its trivia bank, as a bot's first start leaves them.
    local = scratch / "content.db"
    if sqlite_template is not None:
        shutil.copyfile(sqlite_template, local)
    async with Database(local) as db, PgDatabase(cluster.url(TEMPLATE_CONTENT)) as pg:
        repos = Repositories.postgres(db, pg)
        await repos.prepare(ContentPaths.default())
        await repos.trivia.refresh_bank()
        await repos.search.reader.close()


@pytest.fixture(scope="session")
def postgres_cluster(tmp_path_factory: pytest.TempPathFactory, template_db: Path | None) -> Iterator[ThrowawayCluster]:
    """A throwaway PostgreSQL server for the whole run, with two template databases (migrated; and
    with the shipped content and bank). No PostgreSQL here: the tests that need it FAIL, saying so,
    unless SKIP_POSTGRES_TESTS=1 (then they are skipped)."""
    try:
        cluster = ThrowawayCluster().start()
    except PostgresNotFound as exc:
        missing = str(exc)
    else:
        missing = ""
    if missing and os.environ.get(SKIP_VARIABLE) == "1":
        pytest.skip(f"{SKIP_VARIABLE}=1: {missing}")
    if missing:
        pytest.fail(f"these tests need PostgreSQL: {missing}", pytrace=False)
    try:
        with ThreadPoolExecutor(1) as pool:  # its own event loop, away from the tests' loops
            pool.submit(asyncio.run, _build_pg_templates(cluster, template_db, tmp_path_factory.mktemp("pg"))).result()
        yield cluster
    finally:
        cluster.stop()


PgFactory = Callable[..., Awaitable[str]]


@pytest.fixture
def make_pg_database(postgres_cluster: ThrowawayCluster) -> Iterator[PgFactory]:
    """``await make_pg_database(content=False)``: the URL of a new database copied from a template
    (migrated; with ``content``, also the shipped content and bank). Dropped after the test.
    A plain fixture, so that async fixtures and factories may ask for it while the loop runs."""
    made: list[str] = []

    async def factory(*, content: bool = False) -> str:
        made.append(name := await postgres_cluster.new_database(content=content))
        return postgres_cluster.url(name)

    yield factory
    if made:
        with ThreadPoolExecutor(1) as pool:  # the test's loop is gone by now
            pool.submit(asyncio.run, postgres_cluster.drop_databases(made)).result()


@pytest.fixture
async def pg_url(make_pg_database: PgFactory) -> str:
    """A fresh, migrated, empty PostgreSQL database for this test."""
    return await make_pg_database()


@pytest.fixture(params=BACKENDS)
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """The repositories on each backend in turn: SQLite alone, then PostgreSQL (with its local
    SQLite for content and search). The same test must pass on both."""
    db = Database(tmp_path / "bot.db")
    await db.connect()
    if request.param == "sqlite":
        repos = Repositories.sqlite(db)
    else:
        make_pg_database: PgFactory = request.getfixturevalue("make_pg_database")
        pg = PgDatabase(await make_pg_database())
        try:
            await pg.connect()
        except BaseException:
            await pg.close()
            await db.close()
            raise
        repos = Repositories.postgres(db, pg)
    try:
        yield Store(repos, RawSql(repos))
    finally:
        await repos.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``both_backends`` run once per storage backend (their bots' ``storage_backend``)."""
    if "storage_backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("storage_backend", BACKENDS, indirect=True)


@pytest.fixture
def storage_backend(request: pytest.FixtureRequest) -> str:
    """Where the bots of this test keep their server state: 'sqlite', or (tests marked
    ``both_backends``) each backend in turn."""
    return getattr(request, "param", "sqlite")


# ---------------------------------------------------------------------------------- Discord


@pytest.fixture
async def standin() -> AsyncIterator[DiscordStandIn]:
    """The Discord stand-in alone, started on an ephemeral port of 127.0.0.1; at teardown the test
    fails for what would fail an ``env`` test (a refused request, an unknown route...)."""
    async with DiscordStandIn() as server:
        yield server
    if problems := server.problems():
        pytest.fail("\n".join(problems), pytrace=False)


MakeEnv = Callable[..., Awaitable[BotEnv]]


@pytest.fixture
async def make_env(
    request: pytest.FixtureRequest, tmp_path: Path, template_db: Path | None, storage_backend: str
) -> AsyncIterator[MakeEnv]:
    """``await make_env(extensions=[...], environ={...}, content_paths=...)``: a started :class:`BotEnv`.
    ``postgres=True`` (the default in tests marked ``both_backends``, on their PostgreSQL run): its
    server state in a fresh PostgreSQL database (content and search in its SQLite file, as in production).

    A second bot on the same Discord and database (another process of a sharded bot):
    ``await make_env(standin=first.standin, database=first.db_path, guild=first.guild, environ={...})``.

    At teardown the test fails if the bot called an unknown route, sent a body Discord would
    refuse, answered an interaction late, or logged an error (see BotEnv.allow_* to expect those).
    """
    started: list[tuple[BotEnv, DiscordStandIn]] = []
    databases: list[tuple[ThrowawayCluster, str]] = []  # PostgreSQL databases, dropped once the bots stop

    async def factory(
        *,
        extensions: Sequence[str] | None = None,
        content_paths: ContentPaths | None = None,
        environ: dict[str, str] | None = None,
        dev_guild: bool = False,
        fresh_database: bool = False,
        postgres: bool | None = None,
        standin: DiscordStandIn | None = None,
        database: Path | None = None,
        guild: Guild | None = None,
    ) -> BotEnv:
        database_url = None
        if database is not None:  # another process of the same bot: the first one's state too
            first = next((env for env, _ in started if env.db_path == database), None)
            if first is None:
                raise ValueError(f"make_env(database={database}): no bot of this test uses that file")
            database_url = first.environ.get("DATABASE_URL")
        else:
            if postgres is None:
                postgres = storage_backend == "postgresql"
            if postgres:
                # Made and dropped here, not by make_pg_database: a fixture first asked for during the
                # test is torn down before this one, so it dropped the database under bots still
                # finishing their work (a game ending as the bot stops).
                cluster: ThrowawayCluster = request.getfixturevalue("postgres_cluster")
                name = await cluster.new_database(content=content_paths is None and not fresh_database)
                databases.append((cluster, name))
                database_url = cluster.url(name)
        server = standin or await DiscordStandIn().start()
        db_path = database or tmp_path / f"bot{len(started)}.db"
        if database is None and template_db is not None and content_paths is None and not fresh_database:
            shutil.copyfile(template_db, db_path)
        env = BotEnv(
            server,
            db_path,
            extensions=extensions,
            content_paths=content_paths,
            environ=environ,
            database_url=database_url,
            guild=guild,
        )
        if dev_guild:
            env.environ["DEV_GUILD_ID"] = str(env.guild.id)
        started.append((env, server))
        await env.start()
        return env

    yield factory

    try:
        for env, _ in started:  # every bot first: a stand-in may serve several
            await env.close()
    finally:
        for server in {id(s): s for _, s in started}.values():
            await server.stop()
        for cluster, name in databases:
            await cluster.drop_databases([name])
    problems: list[str] = []
    for env, _ in started:
        problems += [p for p in env.problems() if p not in problems]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
async def env(make_env: MakeEnv) -> BotEnv:
    """The real bot with every extension in cogs/, started against the stand-in, ready."""
    return await make_env()
