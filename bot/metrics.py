"""Prometheus metrics and the health check, off unless METRICS_PORT is set.

A small aiohttp app on the bot's own loop serves ``/metrics`` (prometheus-client's text format)
and ``/healthz`` (200 only while the gateway is ready and the database answers). Interactions are
measured in one place: their arrival in ``CompanionBot.on_interaction`` and the moment their first
answer (the interaction callback) reached Discord, seen by an aiohttp trace on discord.py's own
HTTP session; outcomes come from the one error path (``bot.client.describe_error``).
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web
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
    import discord

    from bot.client import CompanionBot

log = logging.getLogger(__name__)

ANSWER_DEADLINE_S = 3.0  # Discord's: an interaction unanswered by then is lost
HEALTH_DB_TIMEOUT_S = 2.0
# Answers are milliseconds; the top buckets show who came near Discord's 3 s deadline.
ANSWER_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0)
WRITE_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
_CALLBACK_PATH = re.compile(r"/interactions/(\d+)/[^/]+/callback$")
_LABEL = re.compile(r"[a-z0-9_-]{1,32}")
_APP_COMMAND, _AUTOCOMPLETE, _COMPONENT, _MODAL = 2, 4, 3, 5
_SUBCOMMAND_TYPES = (1, 2)


class MetricsUnavailable(RuntimeError):
    """METRICS_HOST:METRICS_PORT cannot be listened on; the message says which and why."""


def interaction_label(interaction: discord.Interaction) -> str:
    """What the interaction was for, from a bounded set: ``/quote search``, ``/quote by
    (autocomplete)``, ``button trivia`` (a custom_id's first part), ``form report``."""
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    kind = interaction.type.value
    if kind in (_APP_COMMAND, _AUTOCOMPLETE):
        name = str(data.get("name", "?"))
        options = data.get("options") or []
        while options and options[0].get("type") in _SUBCOMMAND_TYPES:
            name = f"{name} {options[0]['name']}"
            options = options[0].get("options") or []
        name = f"/{name}" if data.get("type", 1) == 1 else name  # context menus keep their own name
        return f"{name} (autocomplete)" if kind == _AUTOCOMPLETE else name
    if kind in (_COMPONENT, _MODAL):
        prefix = str(data.get("custom_id", "")).split(":", 1)[0]
        prefix = prefix if _LABEL.fullmatch(prefix) else "other"
        return f"{'button' if kind == _COMPONENT else 'form'} {prefix}"
    return "other"


@dataclass(slots=True)
class _Pending:
    arrived: float
    label: str
    outcome: str = "ok"


class Metrics:
    """The bot's metrics, in a registry of their own (tests run several bots in one process)."""

    def __init__(self, gateway_latency: Callable[[], float]) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.interactions = Counter(
            "companion_interactions",
            "Interactions answered, by command (or button/form prefix) and outcome: ok, refused "
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
        self._pending: dict[int, _Pending] = {}

    # -- interactions ---------------------------------------------------------------------------

    def arrived(self, interaction: discord.Interaction) -> None:
        self._pending[interaction.id] = _Pending(time.perf_counter(), interaction_label(interaction))
        if len(self._pending) >= 1024:
            self.sweep()

    def mark(self, interaction_id: int, outcome: str) -> None:
        """The answer about to be sent is a refusal, an error, or the 'expired' notice."""
        pending = self._pending.get(interaction_id)
        if pending is not None:
            pending.outcome = outcome

    def answered(self, interaction_id: int, *, accepted: bool) -> None:
        pending = self._pending.pop(interaction_id, None)
        if pending is None:
            return  # arrived before metrics started, or already counted
        self.answer_seconds.observe(time.perf_counter() - pending.arrived)
        self.interactions.labels(pending.label, pending.outcome if accepted else "failed").inc()

    def sweep(self) -> None:
        """Count interactions past Discord's deadline with no answer as unanswered."""
        limit = time.perf_counter() - ANSWER_DEADLINE_S
        for interaction_id, pending in list(self._pending.items()):
            if pending.arrived < limit:
                del self._pending[interaction_id]
                self.interactions.labels(pending.label, "unanswered").inc()

    def http_trace(self) -> aiohttp.TraceConfig:
        """Watches discord.py's HTTP session for interaction callbacks (the first answer)."""
        trace = aiohttp.TraceConfig()

        async def on_end(_session: object, _context: object, params: aiohttp.TraceRequestEndParams) -> None:
            self._callback_done(params.url.path, params.response.status < 400)

        async def on_exception(_session: object, _context: object, params: aiohttp.TraceRequestExceptionParams) -> None:
            self._callback_done(params.url.path, False)

        trace.on_request_end.append(on_end)
        trace.on_request_exception.append(on_exception)
        return trace

    def _callback_done(self, path: str, accepted: bool) -> None:
        if path.endswith("/callback") and (match := _CALLBACK_PATH.search(path)):
            self.answered(int(match.group(1)), accepted=accepted)

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
        self.ops = OpsRepo(bot.db)
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
        bot = self.bot
        return bot.is_ready() and not bot.is_closed() and bot.ws is not None and bot.ws.open

    async def database_answers(self) -> bool:
        try:
            return await asyncio.wait_for(self.ops.ping(), HEALTH_DB_TIMEOUT_S)
        except Exception:
            return False
