"""Prometheus metrics and the health check, off unless METRICS_PORT is set.

A small aiohttp app on the bot's own loop serves ``/metrics`` (prometheus-client's text format)
and ``/healthz`` (200 only while the gateway is ready and the database answers). Interactions are
measured in one place: their arrival as ``CompanionBot`` dispatches them and the moment their first
answer (the interaction callback) reached Discord, seen where discord.py sends it
(``bot.client.AnswerWatcher``); outcomes come from the one error path (``bot.client.describe_error``).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord
from aiohttp import web
from discord import app_commands
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)

from bot.db.ops_repo import OpsRepo

if TYPE_CHECKING:
    from bot.client import CompanionBot

log = logging.getLogger(__name__)

ANSWER_DEADLINE_S = 3.0  # Discord's: an interaction unanswered by then is lost
HEALTH_DB_TIMEOUT_S = 2.0
SWEEP_ABOVE = 1024  # interactions awaiting an answer before unanswered ones are looked for (besides scrapes)
# Answers are milliseconds; the top buckets show who came near Discord's 3 s deadline.
ANSWER_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0)
WRITE_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
_APP_COMMAND, _AUTOCOMPLETE, _COMPONENT, _MODAL = 2, 4, 3, 5
_SUBCOMMAND_TYPES = (1, 2)
# Labels come from a fixed set, never from what a client sent, so that forged ids cannot add series
# without end (issue 19): the commands the bot defines, and the first part of the custom_ids its
# cogs give buttons and forms (a form's is "<name>:<random>", cogs/_ui.py's SafeModal). Anything
# else is UNKNOWN. tests/test_architecture.py holds these names to the cogs' buttons and forms.
BUTTON_NAMESPACES = frozenset({"config", "lookup", "privacy", "report", "trivia"})
FORM_NAMES = frozenset({"answer", "community-question", "report", "suggestion"})
UNKNOWN = "unknown"


class MetricsUnavailable(RuntimeError):
    """METRICS_HOST:METRICS_PORT cannot be listened on; the message says which and why."""


def interaction_label(interaction: discord.Interaction, tree: app_commands.CommandTree) -> str:
    """What the interaction was for, from a fixed set: ``/quote search``, ``/quote by
    (autocomplete)``, ``Suggest as trivia question`` (a context menu), ``button trivia`` (a
    custom_id's first part), ``form report``; or ``unknown``."""
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    kind = interaction.type.value
    if kind in (_APP_COMMAND, _AUTOCOMPLETE):
        path = [str(data.get("name", ""))]
        options = data.get("options") or []
        while options and isinstance(options[0], dict) and options[0].get("type") in _SUBCOMMAND_TYPES:
            path.append(str(options[0].get("name", "")))
            options = options[0].get("options") or []
        command_type = data.get("type", 1)
        if not _defined(tree, path, command_type):
            return UNKNOWN
        name = " ".join(path)
        name = f"/{name}" if command_type == 1 else name  # context menus keep their own name
        return f"{name} (autocomplete)" if kind == _AUTOCOMPLETE else name
    if kind in (_COMPONENT, _MODAL):
        prefix = str(data.get("custom_id", "")).split(":", 1)[0]
        known = BUTTON_NAMESPACES if kind == _COMPONENT else FORM_NAMES
        return f"{'button' if kind == _COMPONENT else 'form'} {prefix}" if prefix in known else UNKNOWN
    return UNKNOWN


def _defined(tree: app_commands.CommandTree, path: list[str], command_type: object) -> bool:
    """Whether the bot defines the command ``path`` names (a slash command with its subcommands,
    or a context menu); Discord sends only commands that were synced, perhaps by an older version."""
    try:
        found: Any = tree.get_command(path[0], type=discord.AppCommandType(command_type))
    except ValueError:  # a type Discord may add one day
        return False
    for name in path[1:]:
        found = found.get_command(name) if isinstance(found, app_commands.Group) else None
    return found is not None and not isinstance(found, app_commands.Group)


class Metrics:
    """The bot's metrics, in a registry of their own (tests run several bots in one process)."""

    def __init__(self, gateway_latency: Callable[[], float], tree: Callable[[], app_commands.CommandTree]) -> None:
        self._tree = tree  # the bot's commands, for the labels (see interaction_label)
        self.registry = CollectorRegistry()
        registry = self.registry
        self.interactions = Counter(
            "companion_interactions",
            "Interactions answered, by command (or button/form prefix; unknown for anything the bot does not "
            "define) and outcome: ok, refused "
            "(a check or a user error), error (a bug), expired (an old button), failed (Discord "
            "refused the answer), unanswered (nothing within 3 s)",
            ["command", "outcome"],
            registry=registry,
        )
        self.answer_seconds = Histogram(
            "companion_answer_seconds",
            "Seconds from an interaction's arrival to its first answer reaching Discord",
            buckets=ANSWER_BUCKETS,
            registry=registry,
        )
        self.database_write_seconds = Histogram(
            "companion_database_write_seconds",
            "Seconds per database write or transaction, waiting for the writer's turn included",
            buckets=WRITE_BUCKETS,
            registry=registry,
        )
        self.running_games = Gauge(
            "companion_trivia_games_running",
            "Trivia games (kind game) and daily questions (kind daily) running now",
            ["kind"],
            registry=registry,
        )
        latency = Gauge(
            "companion_gateway_latency_seconds",
            "Time between the last gateway heartbeat and its acknowledgement (NaN while disconnected)",
            registry=registry,
        )
        latency.set_function(lambda: _finite_or_nan(gateway_latency()))
        ProcessCollector(registry=registry)  # CPU, memory, open files of this process
        # Interaction id -> (arrival, label); outcomes other than "ok", by id, until answered.
        self._pending: dict[int, tuple[float, str]] = {}
        self._outcomes: dict[int, str] = {}
        self._counted: dict[tuple[str, str], Any] = {}  # (label, outcome) -> counter child (labels() is slow)
        self._swept_at = 0.0

    # -- interactions ---------------------------------------------------------------------------

    def arrived(self, interaction: discord.Interaction) -> None:
        now = time.perf_counter()
        self._pending[interaction.id] = (now, interaction_label(interaction, self._tree()))
        if len(self._pending) >= SWEEP_ABOVE and now - self._swept_at >= ANSWER_DEADLINE_S:
            self.sweep()

    def mark(self, interaction_id: int, outcome: str) -> None:
        """The answer about to be sent is a refusal, an error, or the 'expired' notice."""
        if interaction_id in self._pending:
            self._outcomes[interaction_id] = outcome

    def answered(self, interaction_id: int, *, accepted: bool) -> None:
        pending = self._pending.pop(interaction_id, None)
        if pending is None:
            return  # arrived before metrics started, or already counted
        arrived, label = pending
        self.answer_seconds.observe(time.perf_counter() - arrived)
        outcome = self._outcomes.pop(interaction_id, "ok") if self._outcomes else "ok"
        self._count(label, outcome if accepted else "failed")

    def _count(self, label: str, outcome: str) -> None:
        child = self._counted.get((label, outcome))
        if child is None:
            child = self._counted[label, outcome] = self.interactions.labels(label, outcome)
        child.inc()

    def sweep(self) -> None:
        """Count interactions past Discord's deadline with no answer as unanswered."""
        self._swept_at = time.perf_counter()
        limit = self._swept_at - ANSWER_DEADLINE_S
        for interaction_id, (arrived, label) in list(self._pending.items()):
            if arrived < limit:
                del self._pending[interaction_id]
                self._outcomes.pop(interaction_id, None)
                self._count(label, "unanswered")

    # -- database -------------------------------------------------------------------------------

    def database_write(self, seconds: float) -> None:
        self.database_write_seconds.observe(seconds)

    # -- scrape ---------------------------------------------------------------------------------

    def render(self, running: dict[str, int]) -> bytes:
        self.sweep()
        for kind in ("game", "daily"):
            self.running_games.labels(kind).set(running.get(kind, 0))
        return generate_latest(self.registry)


def _finite_or_nan(value: float) -> float:
    return value if math.isfinite(value) else math.nan


class MetricsServer:
    """``/metrics`` and ``/healthz`` on ``host:port``, served on the running loop."""

    def __init__(self, bot: CompanionBot, metrics: Metrics, host: str, port: int) -> None:
        self.bot = bot
        self.metrics = metrics
        self.host = host
        self.port = port
        self.ops: OpsRepo = bot.repos.ops
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._health)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise MetricsUnavailable(
                f"METRICS_PORT {self.port} on METRICS_HOST {self.host} cannot be listened on: {exc.strerror or exc}"
            ) from None
        self._runner = runner
        log.info("metrics at http://%s:%d/metrics, health at /healthz", self.host, self.port)

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _metrics(self, _request: web.Request) -> web.Response:
        try:
            running = await asyncio.wait_for(self.ops.running_games(), HEALTH_DB_TIMEOUT_S)
        except Exception:  # the database not answering shows in /healthz; the rest is still worth having
            running = {}
        return web.Response(body=self.metrics.render(running), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _health(self, _request: web.Request) -> web.Response:
        gateway = self.gateway_ready()
        database = await self.database_answers()
        body = f"gateway: {'ready' if gateway else 'down'}\ndatabase: {'ok' if database else 'not answering'}\n"
        return web.Response(text=body, status=200 if gateway and database else 503)

    def gateway_ready(self) -> bool:
        bot = self.bot  # ready: every shard of this process has a live connection
        shards = bot.shards.values()
        return bot.is_ready() and not bot.is_closed() and bool(shards) and not any(s.is_closed() for s in shards)

    async def database_answers(self) -> bool:
        try:
            return await asyncio.wait_for(self.ops.ping(), HEALTH_DB_TIMEOUT_S)
        except Exception:
            return False
