"""The real CompanionBot, in-process, connected to a :class:`DiscordStandIn`; the API tests use."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import TypeVar

from bot.client import CompanionBot
from bot.content.loader import ContentPaths
from bot.db.repositories import open_repositories
from bot.settings import load_settings
from standin.model import Guild
from standin.server import DiscordStandIn
from standin.users import DiscordUsers

T = TypeVar("T")
START_TIMEOUT = 15.0
# discord.py waits this long after the last GUILD_CREATE before "ready" (2 s by default).
GUILD_READY_TIMEOUT = 0.05


# discord.py runs each slash command, context menu and autocomplete in a task of this name.
_HANDLER_TASK = "CommandTree-invoker"
SETTLE_WITHIN = 5.0  # seconds; a handler still running then is closed under, as before


async def settle_handlers(within: float = SETTLE_WITHIN) -> None:
    """Wait (at most ``within`` seconds) for the command handlers running in this loop to finish."""
    running = [t for t in asyncio.all_tasks() if t.get_name() == _HANDLER_TASK and not t.done()]
    if running:
        await asyncio.wait(running, timeout=within)


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class BotEnv(DiscordUsers):
    """A running stand-in, its default server (:attr:`guild`) and the bot under test (:attr:`bot`)."""

    def __init__(
        self,
        standin: DiscordStandIn,
        db_path: Path,
        *,
        extensions: Sequence[str] | None = None,
        content_paths: ContentPaths | None = None,
        environ: dict[str, str] | None = None,
        guild_name: str = "Stars Hollow",
        database_url: str | None = None,
        guild: Guild | None = None,
    ) -> None:
        super().__init__(standin, guild, guild_name=guild_name)
        self.db_path = db_path
        self.extensions = extensions
        self.content_paths = content_paths
        self.environ = dict(environ or {})
        if database_url is not None:  # the server state in this PostgreSQL; content in db_path
            self.environ.setdefault("DATABASE_URL", database_url)
        self.bot: CompanionBot = None  # type: ignore[assignment]  # set by start()
        self.allow_logged_errors = False  # set True in tests that provoke logged errors on purpose
        self.allow_rejected_requests = False  # set True when a test expects Discord to refuse a body
        self._task: asyncio.Task | None = None
        self._errors = _ErrorCollector()

    # -- lifecycle ------------------------------------------------------------------------------

    def settings_environ(self) -> dict[str, str]:
        return {
            "DATABASE_PATH": str(self.db_path),
            "LOG_LEVEL": "WARNING",
            **self.standin.environment(),
            **self.environ,
        }

    async def start(self) -> BotEnv:
        """Start a new CompanionBot on :attr:`db_path` (and DATABASE_URL's PostgreSQL, when
        :attr:`environ` names one) and wait until it is ready."""
        if self._errors not in logging.getLogger().handlers:
            logging.getLogger().addHandler(self._errors)
        settings = load_settings(self.settings_environ(), env_file=None)
        repos = await open_repositories(settings)
        self.bot = bot = CompanionBot(
            settings, repos, extensions=self.extensions, content_paths=self.content_paths, sync_commands=True
        )
        bot._connection.guild_ready_timeout = GUILD_READY_TIMEOUT
        marker = len(self.standin.gateway_log)
        self._task = asyncio.create_task(bot.start(settings.discord_token), name="bot under test")
        try:
            await self._unless_bot_stops(self.standin.wait_connected(after=marker, within=START_TIMEOUT))
            await self._unless_bot_stops(asyncio.wait_for(bot.wait_until_ready(), START_TIMEOUT))
        except BaseException:
            await self.stop()
            raise
        return self

    async def _unless_bot_stops(self, awaitable: Awaitable[T]) -> T:
        """Await ``awaitable``, but fail at once with the bot's own error if the bot stops first."""
        assert self._task is not None
        waiter = asyncio.ensure_future(awaitable)
        done, _ = await asyncio.wait({waiter, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if waiter in done:
            return waiter.result()
        waiter.cancel()
        error = self._task.exception()
        raise RuntimeError(f"the bot stopped during start-up: {error!r}") from error

    async def stop(self) -> None:
        """Close the bot (and its database) as ``python -m bot`` does on SIGTERM, once the commands it
        is handling have finished: a command may go on writing after its answer (practice records the
        question it showed), and a test that has read the answer would otherwise close the database
        under that write, a logged error that depends on how busy the machine is."""
        await settle_handlers()
        if self.bot is not None:
            await self.bot.close()
        task, self._task = self._task, None
        if task is not None:
            # The bot's own failure (if any) was already reported by start() or shows in the logs.
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(task, 10)

    async def restart_bot(self) -> CompanionBot:
        """Stop the bot and start a NEW CompanionBot on the same database file and stand-in."""
        await self.stop()
        await self.start()
        return self.bot

    async def close(self) -> None:
        try:
            await self.stop()
        finally:
            logging.getLogger().removeHandler(self._errors)

    def problems(self) -> list[str]:
        """Why the test should fail although its assertions passed (checked at fixture teardown)."""
        found = self.standin.problems(allow_rejected=self.allow_rejected_requests)
        if not self.allow_logged_errors:
            found += [f"logged {r.levelname} by {r.name}: {r.getMessage()[:2000]}" for r in self._errors.records]
        return found

    @property
    def logged_errors(self) -> list[logging.LogRecord]:
        return list(self._errors.records)
