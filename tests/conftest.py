"""Shared fixtures. End-to-end: ``env`` (the real bot against the Discord stand-in), ``make_env``
(the same, choosing extensions or settings), ``standin`` (the stand-in alone). See standin/README.md."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from bot.content.loader import ContentPaths, load_content
from bot.db import Database
from standin import BotEnv, DiscordStandIn, Guild

# Property-based tests (Hypothesis): `make test` runs a bounded number of examples so the suite stays
# within minutes; HYPOTHESIS_PROFILE=deep runs twenty times as many (docs/architecture.md, "Tests").
# No deadline: examples that drive the bot wait on its answers, and the machine may be busy.
_PROFILE_HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
settings.register_profile("default", deadline=None, print_blob=True, suppress_health_check=_PROFILE_HEALTH)
settings.register_profile("deep", deadline=None, print_blob=True, suppress_health_check=_PROFILE_HEALTH)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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
async def make_env(tmp_path: Path, template_db: Path | None) -> AsyncIterator[MakeEnv]:
    """``await make_env(extensions=[...], environ={...}, content_paths=...)``: a started :class:`BotEnv`.

    A second bot on the same Discord and database (another process of a sharded bot):
    ``await make_env(standin=first.standin, database=first.db_path, guild=first.guild, environ={...})``.

    At teardown the test fails if the bot called an unknown route, sent a body Discord would
    refuse, answered an interaction late, or logged an error (see BotEnv.allow_* to expect those).
    """
    started: list[tuple[BotEnv, DiscordStandIn]] = []

    async def factory(
        *,
        extensions: Sequence[str] | None = None,
        content_paths: ContentPaths | None = None,
        environ: dict[str, str] | None = None,
        dev_guild: bool = False,
        fresh_database: bool = False,
        standin: DiscordStandIn | None = None,
        database: Path | None = None,
        guild: Guild | None = None,
    ) -> BotEnv:
        server = standin or await DiscordStandIn().start()
        db_path = database or tmp_path / f"bot{len(started)}.db"
        if database is None and template_db is not None and content_paths is None and not fresh_database:
            shutil.copyfile(template_db, db_path)
        env = BotEnv(server, db_path, extensions=extensions, content_paths=content_paths, environ=environ, guild=guild)
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
    problems: list[str] = []
    for env, _ in started:
        problems += [p for p in env.problems() if p not in problems]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
async def env(make_env: MakeEnv) -> BotEnv:
    """The real bot with every extension in cogs/, started against the stand-in, ready."""
    return await make_env()
