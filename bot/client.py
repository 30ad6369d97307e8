"""The Bot subclass: built with its dependencies passed in, wired up in ``setup_hook``."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import pkgutil
import random
import traceback
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.ext import commands
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

from bot.content.loader import ContentPaths
from bot.db import Database
from bot.db.repositories import Repositories
from bot.endpoints import point_discord_at
from bot.invite import invite_url
from bot.logs import describe_network_error, quiet_voice_warnings
from bot.memory import trim_after_start_up
from bot.settings import PROJECT_ROOT, Settings
from bot.shards import ShardPlan

if TYPE_CHECKING:  # bot.metrics (prometheus-client, aiohttp's server: 4 MiB) is imported with METRICS_PORT only
    from bot.metrics import Metrics, MetricsServer

log = logging.getLogger(__name__)

EXTENSIONS_PACKAGE = "cogs"
ORPHAN_CHECK_DELAY = 2.2  # seconds after a click with no answer yet; Discord gives up at 3 s
# Discord unreachable at start (network not up yet, DNS): try again after 1, 2, 4... s, at most a minute.
RETRY_FIRST_S, RETRY_CAP_S = 1.0, 60.0
UNREACHABLE = (aiohttp.ClientConnectionError, asyncio.TimeoutError, discord.DiscordServerError)
# Discord starts max_concurrency sessions at a time: one per bucket (shard_id % max_concurrency) per 5 s.
IDENTIFY_INTERVAL_S = 5.0
IDENTIFY_MARGIN = 0.05  # of the interval
SHARD_RETRY_S = 5.0  # discord.py retries a shard's failed first connection after this long, for ever
COMMANDS_HASH = "commands_hash"  # meta key prefix: commands_hash:<application id>:<global | guild:<id>>
EXPIRED_ANSWER = "This button has expired. Run the command again for fresh results."


def discover_extensions(package: str = EXTENSIONS_PACKAGE) -> list[str]:
    """Every module or package in ``cogs/`` not starting with ``_`` is an extension."""
    path = PROJECT_ROOT / package
    return sorted(f"{package}.{m.name}" for m in pkgutil.iter_modules([str(path)]) if not m.name.startswith("_"))


class UserFacingError(app_commands.CheckFailure):
    """Raise from a command or a check to answer the user with this short message, ephemerally.

    A ``CheckFailure`` so that checks may raise it too; discord.py passes it through unwrapped.
    """


class CompanionTree(app_commands.CommandTree["CompanionBot"]):
    """One error path for every application command."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await send_ephemeral(interaction, describe_error(error, interaction))


def describe_error(error: BaseException, interaction: discord.Interaction) -> str:
    """The short message a user sees for ``error``; unexpected errors are logged with a traceback."""
    metrics = getattr(interaction.client, "metrics", None)
    if metrics is not None:
        unexpected = not isinstance(error, app_commands.CheckFailure | app_commands.TransformerError)
        metrics.mark(interaction.id, "error" if unexpected else "refused")
    if isinstance(error, UserFacingError):
        return str(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works in a server, not in direct messages."
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the Manage Server permission to do that."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that here."
    if isinstance(error, app_commands.TransformerError):
        return "That option's value isn't one I understand."
    original = getattr(error, "original", error)
    command = interaction.command.qualified_name if interaction.command else None
    where = (
        f"command /{command}"
        if command
        else f"interaction {interaction.data.get('custom_id', '?') if interaction.data else '?'}"
    )
    log.error(
        "%s failed\n%s",
        where,
        "".join(traceback.format_exception(type(original), original, original.__traceback__)),
    )
    return "Something went wrong on my side; it has been logged. Please try again."


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """Answer or follow up ephemerally, whichever is still possible; never raises."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not send an error message for interaction %s", interaction.id)


class AnswerWatcher(AsyncWebhookAdapter):
    """discord.py sends every interaction's first answer (the callback) through the adapter in its
    context variable ``async_context``; the bot sets this one there, for its own tasks only, as the
    one place that sees when, and whether, each answer reached Discord: the click safety net lets
    go of an answered interaction at once, and metrics count it. (An aiohttp trace on discord.py's
    session saw the same but cost every HTTP request ~10 µs; this costs one coroutine frame per answer.)"""

    def __init__(self, on_answer: Callable[[int, bool], None]) -> None:
        super().__init__()
        self._on_answer = on_answer  # (interaction id, whether Discord accepted the answer)

    def create_interaction_response(self, interaction_id: int, token: str, **kwargs: Any) -> Any:
        return self._watched(interaction_id, super().create_interaction_response(interaction_id, token, **kwargs))

    async def _watched(self, interaction_id: int, request: Awaitable[Any]) -> Any:
        try:
            result = await request
        except BaseException:
            self._on_answer(interaction_id, False)
            raise
        self._on_answer(interaction_id, True)
        return result


def commands_hash(payload: Sequence[dict]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class CompanionBot(commands.AutoShardedBot):
    """The companion bot. Settings and the open storage are passed in (see ``bot.__main__``): the
    repositories (``repos``, chosen by the backend at start-up), or a SQLite database to build them on.

    Sharded: it runs the shards ``SHARD_IDS`` of ``SHARD_COUNT`` (by default every shard, as many as
    Discord recommends), and owns the servers on them (:attr:`shard_plan`, ``bot.shards``)."""

    identify_interval: float = IDENTIFY_INTERVAL_S  # tests shrink it, with the stand-in's

    def __init__(
        self,
        settings: Settings,
        storage: Database | Repositories,
        *,
        extensions: Sequence[str] | None = None,
        content_paths: ContentPaths | None = None,
        sync_commands: bool = True,
        trim_memory: bool = False,
    ) -> None:
        # No privileged intents, no member chunking, no message cache: slash commands and
        # components arrive as interactions, which carry everything we need.
        intents = discord.Intents.none()
        intents.guilds = True
        quiet_voice_warnings()
        self.metrics: Metrics | None = None
        if settings.metrics_port is not None:
            from bot.metrics import Metrics

            self.metrics = Metrics(lambda: self.latency, lambda: self.tree)
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents,
            tree_cls=CompanionTree,
            allowed_mentions=discord.AllowedMentions.none(),
            max_messages=None,
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            # Commands are for servers that installed the bot unless they say otherwise (the
            # lookups also let members install them for themselves and use them anywhere).
            allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
            allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False),
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
            shard_count=settings.shard_count,
        )
        point_discord_at(settings.discord_api_base, settings.discord_gateway_url)
        self.settings = settings
        self.repos = storage if isinstance(storage, Repositories) else Repositories.sqlite(storage)
        self.db = self.repos.db  # the process's SQLite file: content and search (and, without PostgreSQL, all)
        self.meta = self.repos.meta
        self.guild_settings = self.repos.guild_settings
        self.content_paths = content_paths or ContentPaths.default()
        self.initial_extensions = list(extensions) if extensions is not None else discover_extensions()
        self.should_sync_commands = sync_commands
        # The process's own bot (python -m bot): what start-up freed is given back once it is done.
        # Not for bots sharing a process (tests): a full collection of a test run's objects is ~50 ms.
        self.trim_memory = trim_memory
        self.shard_plan = ShardPlan(settings.shard_ids, settings.shard_count)
        self.guild_settings.cache_if = self.owns  # only our own servers' settings are cached
        self.max_concurrency = 1  # from GET /gateway/bot at launch
        self._launched_at: float | None = None
        self._identified: dict[int, float] = {}  # bucket -> when its latest IDENTIFY goes (loop time)
        self._identified_shards: set[int] = set()
        self._shard_attempts: dict[int, int] = {}
        self.metrics_server: MetricsServer | None = None
        self._prepared = False
        self._stop_requested = asyncio.Event()
        # The click safety net's timers, by interaction id, until the interaction is answered.
        self._unanswered: dict[int, asyncio.TimerHandle] = {}
        # What cogs hold about a member in memory, not yet stored (trivia's queued display names):
        # each drops it when asked, before /privacy deletes what is stored (see forget_member).
        self.member_data_holders: list[Callable[[int, int], Awaitable[None]]] = []

    # -- start-up -------------------------------------------------------------------------------

    async def start(self, token: str, *, reconnect: bool = True) -> None:
        """discord.py's start, but Discord being unreachable at first is waited out, not fatal."""
        # Every task of this bot starts from this one (events, views, commands): they all send
        # their answers through the watcher; another bot in this process does not.
        async_context.set(AnswerWatcher(self._answered))
        if self.metrics is not None:  # first, so /healthz says 503 while Discord is out of reach
            from bot.metrics import MetricsServer

            self.metrics_server = MetricsServer(
                self, self.metrics, self.settings.metrics_host, self.settings.metrics_port
            )
            self.repos.time_writes(self.metrics.database_write)
            await self.metrics_server.start()
        if await self.login_when_reachable(token):
            await self.connect(reconnect=reconnect)

    def owns(self, guild_id: int) -> bool:
        """Whether this process serves ``guild_id`` (its shard is one of ours): its games, daily
        question and cached settings are this process's, not another's sharing the database."""
        return self.shard_plan.owns(guild_id)

    async def launch_shards(self) -> None:
        """Ask Discord (GET /gateway/bot) for the shard count it recommends, when SHARD_COUNT is not
        set, and how many sessions may start at once; then discord.py connects each shard. Discord
        unreachable meanwhile is waited out; a stop (SIGTERM) ends the launch at once."""
        gateway = await self._bot_gateway()
        if gateway is None:
            return
        recommended, _url, limits = gateway
        if self.shard_count is None:
            self.shard_count = recommended
        elif self.shard_count < recommended:
            log.warning("SHARD_COUNT=%d, but Discord recommends %d shards for this bot", self.shard_count, recommended)
        self.max_concurrency = max(1, int(limits.get("max_concurrency") or 1))
        self.shard_plan = replace(self.shard_plan, shard_count=self.shard_count)
        starting = len(self.shard_ids) if self.shard_ids is not None else self.shard_count
        if limits.get("remaining", starting) < starting:
            log.warning(
                "Discord allows only %d more session starts in the next %.0f min, and %d shards start now",
                limits["remaining"],
                limits.get("reset_after", 0) / 60_000,
                starting,
            )
        log.info("connecting %s", self.shard_plan.describe())
        self._launched_at = asyncio.get_running_loop().time()
        launching = asyncio.ensure_future(super().launch_shards())
        stopping = asyncio.ensure_future(self._stop_requested.wait())
        await asyncio.wait({launching, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not launching.done():  # discord.py retries a shard that cannot connect for ever
            launching.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await launching

    async def _bot_gateway(self) -> tuple[int, str, dict] | None:
        """GET /gateway/bot, retried with capped backoff while Discord cannot be reached (one line per
        attempt); None if the bot was closed meanwhile."""
        delay, attempt = RETRY_FIRST_S, 1
        while True:
            try:
                shards, url, limits = await self.http.get_bot_gateway()
                return shards, url, dict(limits)
            except (*UNREACHABLE, discord.GatewayNotFound) as exc:  # GatewayNotFound: Discord's 5xx after retries
                if self.is_closed():
                    return None
                log.warning(
                    "cannot ask Discord for its gateway (%s); attempt %d, trying again in %.0f s",
                    describe_network_error(exc.__cause__ or exc),
                    attempt,
                    delay,
                )
            if await self._stopped_within(delay):
                return None
            delay, attempt = min(delay * 2, RETRY_CAP_S), attempt + 1

    async def launch_shard(self, gateway: yarl.URL, shard_id: int, *, initial: bool = False) -> None:
        """discord.py's, which retries a shard whose first connection fails every 5 s, for ever (bot.logs
        makes its traceback one line): here the retries back off as login's do, 5, 5, 5, 8, 16... s, at
        most a minute apart."""
        attempt = self._shard_attempts[shard_id] = self._shard_attempts.get(shard_id, -1) + 1
        backoff = min(RETRY_FIRST_S * 2 ** (attempt - 1), RETRY_CAP_S)
        if attempt and await self._stopped_within(max(backoff - SHARD_RETRY_S, 0)):
            return
        await super().launch_shard(gateway, shard_id, initial=initial)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Pace IDENTIFYs as Discord counts them: one per bucket (shard_id % max_concurrency) per 5 s.
        (discord.py's default waits 5 s before each but the first, whatever the bucket.) A shard's first
        IDENTIFY also waits for its turn, (shard_id // max_concurrency) x 5 s after the launch, so that
        processes started together do not collide; identifying again (its session was invalidated)
        waits a random 1 to 5 s, as Discord asks."""
        shard_id = shard_id or 0
        loop = asyncio.get_running_loop()
        # Discord counts from each IDENTIFY's arrival: a little margin for the way there.
        interval, bucket = self.identify_interval * (1 + IDENTIFY_MARGIN), shard_id % self.max_concurrency
        if shard_id in self._identified_shards:
            not_before = loop.time() + random.uniform(0.2, 1.0) * interval
        else:
            not_before = (self._launched_at or loop.time()) + (shard_id // self.max_concurrency) * interval
        if bucket in self._identified:
            not_before = max(not_before, self._identified[bucket] + interval)
        self._identified[bucket] = not_before = max(not_before, loop.time())  # booked before waiting
        self._identified_shards.add(shard_id)
        delay = not_before - loop.time()
        if delay > 0:
            log.debug("shard %d identifies in %.1f s", shard_id, delay)
            await self._stopped_within(delay)
        self._identified[bucket] = max(self._identified[bucket], loop.time())  # when it really goes

    async def _stopped_within(self, seconds: float) -> bool:
        """Wait ``seconds``; True at once if the bot is closed meanwhile (SIGTERM)."""
        try:
            await asyncio.wait_for(self._stop_requested.wait(), seconds)
        except TimeoutError:
            return False
        return True

    async def login_when_reachable(self, token: str) -> bool:
        """Log in, retrying with capped backoff while Discord cannot be reached (one line per
        attempt); False if the bot was closed meanwhile. A refused token raises LoginFailure."""
        delay, attempt = RETRY_FIRST_S, 1
        while True:
            try:
                await self.login(token)
                return True
            except UNREACHABLE as exc:
                if self.is_closed():
                    return False
                log.warning(
                    "cannot reach Discord (%s); attempt %d, trying again in %.0f s",
                    describe_network_error(exc),
                    attempt,
                    delay,
                )
            except Exception:
                if self.is_closed():  # SIGTERM closed the session under a request in flight
                    return False
                raise
            # login() opened an HTTP session for this attempt; the next attempt opens its own.
            await self.http.close()
            self.http.connector = discord.utils.MISSING
            if await self._stopped_within(delay):
                return False
            delay, attempt = min(delay * 2, RETRY_CAP_S), attempt + 1

    async def setup_hook(self) -> None:
        if not self._prepared:  # once, although login is retried while Discord is unreachable
            report = await self.repos.prepare(self.content_paths)
            log.info("content: %s", report.summary())
            for extension in self.initial_extensions:
                try:
                    await self.load_extension(extension)
                except Exception:
                    log.exception("failed to load extension %s", extension)
                    raise
            self._prepared = True
            if self.trim_memory:
                trim_after_start_up()
        if self.should_sync_commands and self.shard_plan.syncs_commands:
            await self.sync_commands_if_changed()
        elif self.should_sync_commands:
            log.info("application commands are synced by the process holding shard 0, not this one")

    async def on_ready(self) -> None:
        """Once per session (READY): tell the operator what is running and how to invite it."""
        user = self.user
        assert user is not None and self.application_id is not None
        log.info(
            "ready: %s (id %d) in %d server%s%s; invite: %s",
            user,
            user.id,
            len(self.guilds),
            "" if len(self.guilds) == 1 else "s",
            "" if self.shard_count == 1 else f" on {self.shard_plan.describe()}",
            invite_url(self.application_id),
        )

    # -- command sync -------------------------------------------------------------------------

    def _hash_key(self, guild_id: int | None) -> str:
        scope = f"guild:{guild_id}" if guild_id else "global"
        return f"{COMMANDS_HASH}:{self.application_id}:{scope}"

    def command_payload(self, guild: discord.Object | None) -> list[dict]:
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        return [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]

    async def sync_commands_if_changed(self, *, force: bool = False) -> bool:
        """Sync only when the definitions differ from the last successful sync of this application
        to this scope (all servers, or DEV_GUILD_ID's); True if synced. Commands this application
        left in another server by an earlier DEV_GUILD_ID are cleared first."""
        guild_id = self.settings.dev_guild_id
        guild = discord.Object(guild_id) if guild_id else None
        await self._clear_other_servers(guild_id)
        key = self._hash_key(guild_id)
        digest = commands_hash(self.command_payload(guild))
        if not force and await self.meta.get(key) == digest:
            log.info("application commands unchanged; not syncing")
            return False
        synced = await self.tree.sync(guild=guild)
        await self.meta.set(key, digest)
        log.info("synced %d application commands to %s", len(synced), f"server {guild_id}" if guild else "all servers")
        return True

    async def _clear_other_servers(self, current: int | None) -> None:
        for key in await self.meta.keys_starting_with(f"{COMMANDS_HASH}:"):
            if key == f"{COMMANDS_HASH}:global":  # from before keys named the application
                await self.meta.delete(key)
                continue
            guild_id = self._earlier_server(key)
            if guild_id is None or guild_id == current:
                continue
            try:
                await self.tree.sync(guild=discord.Object(guild_id))  # nothing is defined there: clears it
            except (discord.Forbidden, discord.NotFound):
                log.info("could not clear the commands left in server %d (the bot left it?)", guild_id)
            else:
                log.info("cleared the commands this bot left in server %d (DEV_GUILD_ID changed)", guild_id)
            await self.meta.delete(key)

    def _earlier_server(self, key: str) -> int | None:
        """The server a hash key says this application synced to; None for other applications and
        for all-servers keys. Keys from before hashes named the application ("commands_hash:<id>")
        were this database's bot's: taken as this application's."""
        parts = key.split(":")
        if len(parts) == 4 and parts[1] == str(self.application_id) and parts[2] == "guild" and parts[3].isdigit():
            return int(parts[3])
        if len(parts) == 2 and parts[1].isdigit():
            return int(parts[1])
        return None

    async def forget_member(self, guild_id: int, user_id: int) -> None:
        """Drop what the cogs hold about a member of ``guild_id`` in memory, waiting for any write of
        it already under way: a delete that follows then removes everything, and nothing queued
        before it is written after it."""
        for forget in list(self.member_data_holders):
            await forget(guild_id, user_id)

    # -- every click answered ---------------------------------------------------------------

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        # An interaction is seen here, as it is dispatched, rather than in an on_interaction event:
        # that would cost a task per interaction, and the net's timer is then set before any
        # handler runs (discord.py has already scheduled the view's or dynamic item's callback).
        if event_name == "interaction":
            self._interaction_arrived(args[0])
        super().dispatch(event_name, *args, **kwargs)

    def _interaction_arrived(self, interaction: discord.Interaction) -> None:
        """Metrics see every interaction arrive here. Then the safety net for clicks and modal
        submits that no live view or dynamic item took: after a restart, an expired paginator or a
        bug. Discord's deadline is 3 s; every handler answers or defers well before this check runs.
        The net's timer is cancelled as soon as the answer reaches Discord (:class:`AnswerWatcher`):
        an answered interaction, with its whole message, is garbage at once rather than held (and
        promoted through the garbage collector's generations) for seconds under load."""
        if self.metrics is not None:
            self.metrics.arrived(interaction)
        if interaction.type in (discord.InteractionType.component, discord.InteractionType.modal_submit):
            self._unanswered[interaction.id] = self.loop.call_later(
                ORPHAN_CHECK_DELAY, self._answer_if_orphaned, interaction
            )

    def _answered(self, interaction_id: int, accepted: bool) -> None:
        """An interaction's first answer reached Discord (``accepted``) or failed. A failed one keeps
        its safety net, which tries again before the deadline."""
        if accepted and (timer := self._unanswered.pop(interaction_id, None)) is not None:
            timer.cancel()  # drops its reference to the interaction
        if self.metrics is not None:
            self.metrics.answered(interaction_id, accepted=accepted)

    def _answer_if_orphaned(self, interaction: discord.Interaction) -> None:
        self._unanswered.pop(interaction.id, None)
        if not interaction.response.is_done() and not self.is_closed():
            if self.metrics is not None:
                self.metrics.mark(interaction.id, "expired")
            self.loop.create_task(send_ephemeral(interaction, EXPIRED_ANSWER))

    async def close(self) -> None:
        self._stop_requested.set()
        if not isinstance(self.loop, asyncio.AbstractEventLoop):
            # discord.py prepares its loop-bound state in login() or ``async with``, and the sharded
            # client cannot close without it: a bot that never logged in (METRICS_PORT in use, a test).
            await self._async_setup_hook()
        await super().close()
        if self.metrics_server is not None:
            await self.metrics_server.stop()
        await self.repos.close()
