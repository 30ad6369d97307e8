"""A Discord API v10 stand-in on 127.0.0.1: REST routes and the gateway websocket, on one port.

Every request is recorded; a route the stand-in does not know is recorded in ``unknown_requests``
and answered 404 (the test fixtures fail the test for it). Faults are injected per route pattern.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

from standin import limits, openapi
from standin.model import (
    EPHEMERAL,
    LOADING,
    Channel,
    Guild,
    Member,
    Message,
    UploadedFile,
    shard_of,
    snowflake,
)
from standin.payloads import ADMINISTRATOR
from standin.results import CallbackType, GatewayFrame, InteractionResult, Request

log = logging.getLogger(__name__)
MANAGE_ROLES = 1 << 28

API_PREFIX = "/api/v10"
INTERACTION_DEADLINE = 3.0  # seconds Discord waits for the first answer
RECHECK_S = 0.05  # wait_until's predicate is re-checked this often, besides on every recorded event
HEARTBEAT_INTERVAL_MS = 41_250
T = TypeVar("T")

# Gateway opcodes
DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 0, 1, 2, 6, 7, 9, 10, 11


@dataclass
class Fault:
    pattern: str  # "METHOD /path" glob, e.g. "POST /interactions/*/callback"
    status: int
    times: int
    retry_after: float = 0.0
    is_global: bool = False

    def response(self) -> web.Response:
        if self.status == 429:
            body = {"message": "You are being rate limited.", "retry_after": self.retry_after, "global": self.is_global}
            headers = {
                "Via": "1.1 google",  # discord.py treats a 429 without it as a Cloudflare ban
                "Retry-After": str(max(1, round(self.retry_after))),
                "X-RateLimit-Scope": "global" if self.is_global else "user",
            }
            if self.is_global:
                headers["X-RateLimit-Global"] = "true"
            return _json(body, status=429, headers=headers)
        return _json({"message": f"{self.status}: injected by the stand-in", "code": 0}, status=self.status)


class GatewaySession:
    """One IDENTIFY: shard ``shard_id`` of ``shard_count``, resumable while valid."""

    def __init__(self, session_id: str, shard_id: int = 0, shard_count: int = 1) -> None:
        self.id = session_id
        self.shard_id, self.shard_count = shard_id, shard_count
        self.seq = 0
        self.valid = True
        self.backlog: collections.deque[dict] = collections.deque(maxlen=50_000)
        self.connection: GatewayConnection | None = None

    @property
    def shard(self) -> tuple[int, int]:
        return (self.shard_id, self.shard_count)

    def covers(self, guild_id: int | None) -> bool:
        """Whether Discord sends this server's events on this session (events of no server: shard 0)."""
        if guild_id is None:
            return self.shard_id == 0
        return shard_of(guild_id, self.shard_count) == self.shard_id


class GatewayConnection:
    def __init__(self, ws: web.WebSocketResponse, transport: Any) -> None:
        self.ws = ws
        self.transport = transport
        self.session: GatewaySession | None = None
        self.lock = asyncio.Lock()


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py parses a body as JSON only when Content-Type is exactly application/json.
    body = json.dumps(data, separators=(",", ":")).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": "application/json", **(headers or {})})


def _error(status: int, message: str, code: int = 0, **extra: Any) -> web.Response:
    return _json({"message": message, "code": code, **extra}, status=status)


class _Refusal(Exception):
    """Raised by a handler to answer with a Discord-style JSON error."""

    def __init__(self, status: int, message: str, code: int = 0) -> None:
        super().__init__(message)
        self.response = _error(status, message, code)


RECORDED = web.RequestKey("recorded", Request)


class DiscordStandIn:
    """One fake Discord for one bot application. ``await start()``, point the bot at
    :attr:`api_base` / :attr:`gateway_url`, then drive it with :meth:`send_interaction`."""

    def __init__(self, *, guilds: list[Guild] | None = None) -> None:
        self.token = "standin." + secrets.token_urlsafe(24)  # random: nothing secret lives in the code
        self.application_id = snowflake()
        self.bot_user = Member(self.application_id, "companion", None, bot=True)
        self.guilds: list[Guild] = list(guilds or [])
        self.dm_channels: dict[int, Channel] = {}
        # recordings
        self.requests: list[Request] = []
        self.unknown_requests: list[Request] = []
        self.errors: list[str] = []  # the stand-in's own failures (a bug here, reported by the fixture)
        self.rejected_requests: list[Request] = []  # bodies Discord would refuse (limits), answered 400
        self.gateway_log: list[GatewayFrame] = []
        self.messages: dict[int, Message] = {}
        self.interactions: dict[int, InteractionResult] = {}
        self.global_commands: list[dict] = []
        self.guild_commands: dict[int, list[dict]] = {}
        self.test_attachments: list[UploadedFile] = []
        self.interaction_deadline = INTERACTION_DEADLINE
        self.record_gateway_dispatches = True  # the benchmark turns this off
        self.check_against_spec = True  # every request against Discord's OpenAPI spec (standin/openapi.py)
        self._by_token: dict[str, InteractionResult] = {}
        self._faults: list[Fault] = []
        self._sessions: list[GatewaySession] = []
        # GET /gateway/bot: the shard count Discord recommends, and how many sessions may start at
        # once. identify_interval > 0 makes the stand-in refuse (INVALID_SESSION) an IDENTIFY that
        # comes sooner than that after the last one of its bucket, as Discord does 5 s apart.
        self.shard_count = 1
        self.max_concurrency = 1
        self.identify_interval = 0.0
        self.refused_identifies: list[tuple[int, int]] = []  # (shard_id, shard_count) refused as too soon
        self.max_guilds_per_shard = 2500  # more on one shard: closed with 4011 "Sharding required", as Discord does
        self._last_identify: dict[int, float] = {}
        self._connections: set[GatewayConnection] = set()
        self._waiters: list[asyncio.Future] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self, port: int = 0) -> DiscordStandIn:
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        self._add_routes(app)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        for connection in list(self._connections):
            with contextlib.suppress(Exception):
                connection.transport.abort()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        for future in self._waiters:
            if not future.done():
                future.cancel()

    async def __aenter__(self) -> DiscordStandIn:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """What DISCORD_API_BASE is set to."""
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """What DISCORD_GATEWAY_URL is set to."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    def environment(self) -> dict[str, str]:
        """The variables that point ``python -m bot`` at this stand-in."""
        return {"DISCORD_TOKEN": self.token, "DISCORD_API_BASE": self.api_base, "DISCORD_GATEWAY_URL": self.gateway_url}

    # -- waiting --------------------------------------------------------------------------------

    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for future in waiters:
            if not future.done():
                future.set_result(None)

    async def wait_until(self, predicate: Callable[[], T], *, within: float, what: str) -> T:
        """Wait until ``predicate()`` is truthy (re-checked on every recorded event, and every
        ``RECHECK_S`` for what the stand-in does not see: the bot's own state); fail clearly after ``within``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = "\n  ".join(str(r) for r in self.requests[-8:]) or "(none)"
                raise AssertionError(f"timed out after {within:.1f} s waiting for {what}; latest requests:\n  {recent}")
            future = loop.create_future()
            self._waiters.append(future)
            try:
                await asyncio.wait_for(future, min(remaining, RECHECK_S))
            except TimeoutError:
                with contextlib.suppress(ValueError):  # gone already if an event came meanwhile
                    self._waiters.remove(future)

    # -- faults ---------------------------------------------------------------------------------

    def fail_next(self, pattern: str, *, status: int = 500, times: int = 1) -> None:
        """The next ``times`` requests matching ``pattern`` ("POST /channels/*/messages") answer ``status``."""
        self._faults.append(Fault(pattern, status, times))

    def rate_limit_next(
        self, pattern: str, *, retry_after: float = 0.1, times: int = 1, is_global: bool = False
    ) -> None:
        """The next ``times`` matching requests answer 429 with ``retry_after`` seconds, as Discord does."""
        self._faults.append(Fault(pattern, 429, times, retry_after=retry_after, is_global=is_global))

    def _take_fault(self, request: Request) -> Fault | None:
        for fault in self._faults:
            if fault.times > 0 and request.matches(fault.pattern):
                fault.times -= 1
                return fault
        return None

    # -- queries over the recordings ------------------------------------------------------------

    def problems(self, *, allow_rejected: bool = False) -> list[str]:
        """Why a test should fail although its assertions passed: unknown routes, the stand-in's own
        failures, requests Discord would refuse (unless ``allow_rejected``), late answers."""
        found = [f"the bot called a route the stand-in does not know: {r}" for r in self.unknown_requests]
        found += self.errors
        if not allow_rejected:
            found += [f"Discord would refuse {r}: {'; '.join(r.problems)}" for r in self.rejected_requests]
        found += [
            f"answered after Discord's 3 s deadline: {i.describe()}" for i in self.interactions.values() if i.late
        ]
        return found

    def requests_matching(self, pattern: str) -> list[Request]:
        return [r for r in self.requests if r.matches(pattern)]

    @property
    def synced_commands(self) -> list[dict]:
        """Global command definitions as last synced (with the ids Discord assigned)."""
        return self.global_commands

    def commands_for(self, guild_id: int | None) -> list[dict]:
        """What a member of ``guild_id`` can run: that guild's commands first, then global ones."""
        return [*self.guild_commands.get(guild_id or 0, []), *self.global_commands]

    def channel_messages(self, channel_id: int, *, include_deleted: bool = False) -> list[Message]:
        """Messages the bot posted in a channel (interaction answers included), oldest first."""
        return [m for m in self.messages.values() if m.channel_id == channel_id and (include_deleted or not m.deleted)]

    def guild(self, guild_id: int) -> Guild:
        for guild in self.guilds:
            if guild.id == guild_id:
                return guild
        raise KeyError(f"no guild {guild_id}")

    def _find_channel(self, channel_id: int) -> Channel | None:
        for guild in self.guilds:
            for channel in guild.channels.values():
                if channel.id == channel_id:
                    return channel
        return self.dm_channels.get(channel_id)

    # -- gateway --------------------------------------------------------------------------------
    # Several connections at once: one per shard, from one bot process or several. Each IDENTIFY
    # with ``shard: [shard_id, shard_count]`` opens a session that receives only its own servers
    # (Discord's rule, model.shard_of); direct messages go to shard 0.

    @property
    def sessions(self) -> list[GatewaySession]:
        """Every valid session (connected, or away and resumable), oldest first."""
        return [s for s in self._sessions if s.valid]

    @property
    def connected(self) -> bool:
        return any(s.connection is not None for s in self.sessions)

    @property
    def connected_shards(self) -> list[tuple[int, int]]:
        """``(shard_id, shard_count)`` of every session with a live connection."""
        return sorted(s.shard for s in self.sessions if s.connection is not None)

    def gateway_received(self, op: int) -> list[GatewayFrame]:
        """Frames with opcode ``op`` the bot sent (IDENTIFY=2, RESUME=6, HEARTBEAT=1)."""
        return [f for f in self.gateway_log if f.direction == "in" and f.op == op]

    def gateway_dispatched(self, event: str, *, shard: tuple[int, int] | None = None) -> list[GatewayFrame]:
        """Events sent by name; ``shard=(shard_id, shard_count)``: only those sent on that shard's sessions."""
        return [
            f for f in self.gateway_log if f.direction == "out" and f.t == event and (shard is None or f.shard == shard)
        ]

    async def wait_connected(self, *, after: int = 0, within: float = 10.0) -> str:
        """Wait until READY or RESUMED is sent at index >= ``after`` of the gateway log; returns which."""

        def find() -> str | None:
            for frame in self.gateway_log[after:]:
                if frame.direction == "out" and frame.t in ("READY", "RESUMED"):
                    return frame.t
            return None

        return await self.wait_until(find, within=within, what="the bot to (re)connect to the gateway")

    async def dispatch(self, event: str, data: Any, *, shard_id: int | None = None) -> None:
        """Send a DISPATCH to the sessions that receive it: those whose shard holds the event's
        server, or shard 0 for an event of no server (a DM); ``shard_id``: that shard's sessions.
        Buffered (and replayed on RESUME) while a session is away."""
        if shard_id is not None:
            targets = [s for s in self.sessions if s.shard_id == shard_id]
            where = f"shard {shard_id}"
        else:
            guild_id = _event_guild(event, data)
            targets = [s for s in self.sessions if s.covers(guild_id)]
            where = f"server {guild_id}'s shard" if guild_id else "shard 0 (events of no server arrive there)"
        if not targets:
            held = ", ".join(f"{i} of {n}" for i, n in sorted(s.shard for s in self.sessions)) or "none"
            raise AssertionError(f"cannot dispatch {event}: no gateway session holds {where} (sessions: {held})")
        for session in targets:
            await self._dispatch_to(session, event, data)

    async def _dispatch_to(self, session: GatewaySession, event: str, data: Any) -> None:
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.backlog.append(frame)
        if session.connection is not None:
            await self._send(session.connection, frame)

    async def _send(self, connection: GatewayConnection, frame: dict) -> None:
        text = json.dumps(frame, separators=(",", ":"))
        async with connection.lock:
            now = time.perf_counter()
            if frame.get("t") == "INTERACTION_CREATE":
                result = self.interactions.get(int(frame["d"]["id"]))
                if result is not None and result.dispatched_at is None:  # the first shard it went to
                    result.dispatched_at = now
                    result.deadline = now + self.interaction_deadline
            if self.record_gateway_dispatches or frame["op"] != DISPATCH or frame["t"] != "INTERACTION_CREATE":
                shard = connection.session.shard if connection.session else None
                self.gateway_log.append(GatewayFrame("out", frame["op"], frame.get("t"), frame.get("d"), now, shard))
            try:
                await connection.ws.send_str(text)
            except ConnectionError:
                log.debug("gateway send failed; the connection is gone")
        self._notify()

    async def add_guild(self, guild: Guild) -> Guild:
        """Add a server; the sessions of its shard receive GUILD_CREATE (the bot "joined")."""
        self.guilds.append(guild)
        if guild.bot_installed:
            for session in self.sessions:
                if session.covers(guild.id):
                    await self._dispatch_to(session, "GUILD_CREATE", guild.create_payload(self.bot_user))
        return guild

    def _connected_session(self, shard_id: int | None) -> GatewaySession:
        """The connected session a fault is aimed at: the only one, or the newest of ``shard_id``."""
        live = [s for s in self.sessions if s.connection is not None]
        if shard_id is not None:
            live = [s for s in live if s.shard_id == shard_id]
        elif len({s.shard for s in live}) > 1:
            raise AssertionError(f"shards {self.connected_shards} are connected: say which (shard_id=...)")
        if not live:
            on = f" on shard {shard_id}" if shard_id is not None else ""
            raise AssertionError(f"the bot is not connected to the gateway{on}")
        return live[-1]

    async def drop_gateway(self, code: int = 1006, *, resumable: bool = True, shard_id: int | None = None) -> int:
        """Drop a gateway connection (the only one, or shard ``shard_id``'s): 1006 cuts TCP with no
        close frame, other codes send a close frame. ``resumable=False`` also invalidates the session,
        so a RESUME gets INVALID_SESSION. Returns the gateway-log index to pass to :meth:`wait_connected`."""
        session = self._connected_session(shard_id)
        marker = len(self.gateway_log)
        connection, session.connection = session.connection, None
        assert connection is not None
        session.valid = resumable
        if code == 1006:
            connection.transport.abort()
        else:
            # ws.close() waits for the bot's closing handshake: do not block the test on it.
            asyncio.get_running_loop().create_task(connection.ws.close(code=code, message=b"stand-in"))
        return marker

    async def invalidate_session(self, *, resumable: bool = False, shard_id: int | None = None) -> int:
        """Send INVALID_SESSION (op 9) on a live connection; returns the gateway-log index."""
        session = self._connected_session(shard_id)
        marker = len(self.gateway_log)
        if not resumable:
            session.valid = False
        assert session.connection is not None
        await self._send(session.connection, {"op": INVALID_SESSION, "d": resumable})
        return marker

    async def request_reconnect(self, *, shard_id: int | None = None) -> int:
        """Send RECONNECT (op 7): the bot should reconnect and RESUME."""
        session = self._connected_session(shard_id)
        marker = len(self.gateway_log)
        assert session.connection is not None
        await self._send(session.connection, {"op": RECONNECT, "d": None})
        return marker

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        connection = GatewayConnection(ws, request.transport)
        self._connections.add(connection)
        try:
            await self._send(connection, {"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(message.data)
                shard = connection.session.shard if connection.session else None
                self.gateway_log.append(
                    GatewayFrame("in", frame.get("op"), None, frame.get("d"), time.perf_counter(), shard)
                )
                await self._on_gateway_frame(connection, frame)
                self._notify()
        finally:
            self._connections.discard(connection)
            session = connection.session
            if session is not None and session.connection is connection:
                session.connection = None
            self._notify()
        return ws

    async def _on_gateway_frame(self, connection: GatewayConnection, frame: dict) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            await self._send(connection, {"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            if data.get("token") != self.token:
                await connection.ws.close(code=4004, message=b"Authentication failed.")
                return
            await self._identify(connection, data.get("shard") or [0, 1])
        elif op == RESUME:
            session = next((s for s in self.sessions if s.id == data.get("session_id")), None)
            if data.get("token") != self.token:
                await connection.ws.close(code=4004, message=b"Authentication failed.")
            elif session is None:
                await self._send(connection, {"op": INVALID_SESSION, "d": False})
            else:
                connection.session = session
                session.connection = connection
                last_seen = data.get("seq") or 0
                for missed in [f for f in session.backlog if f["s"] > last_seen]:
                    await self._send(connection, missed)
                await self._dispatch_to(session, "RESUMED", {})
        # presence updates, member requests and the like are recorded in gateway_log only

    def _identify_too_soon(self, shard_id: int) -> bool:
        """Discord starts ``max_concurrency`` sessions at a time: one per bucket (shard_id % max_concurrency)
        per 5 s. Checked only when :attr:`identify_interval` is set (a restart in a test is quicker)."""
        if self.identify_interval <= 0:
            return False
        bucket, now = shard_id % self.max_concurrency, time.perf_counter()
        last = self._last_identify.get(bucket)
        if last is not None and now - last < self.identify_interval:
            return True
        self._last_identify[bucket] = now
        return False

    async def _identify(self, connection: GatewayConnection, shard: list[int]) -> None:
        shard_id, shard_count = (int(shard[0]), int(shard[1])) if len(shard) == 2 else (-1, 0)
        if not 0 <= shard_id < shard_count:
            await connection.ws.close(code=4010, message=b"Invalid shard.")
            return
        installed = [g for g in self.guilds if g.bot_installed and shard_of(g.id, shard_count) == shard_id]
        if len(installed) > self.max_guilds_per_shard:
            await connection.ws.close(code=4011, message=b"Sharding required.")
            return
        if self._identify_too_soon(shard_id):
            self.refused_identifies.append((shard_id, shard_count))
            await self._send(connection, {"op": INVALID_SESSION, "d": False})
            return
        for earlier in self._sessions:  # the same shard identifying again replaces its session
            if earlier.shard == (shard_id, shard_count):
                earlier.valid = False
        self._sessions = self.sessions
        session = GatewaySession(secrets.token_hex(16), shard_id, shard_count)
        session.connection = connection
        connection.session = session
        self._sessions.append(session)
        await self._dispatch_to(
            session,
            "READY",
            {
                "v": 10,
                "user": {**self.bot_user.user_payload(), "verified": True, "mfa_enabled": False, "flags": 0},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in installed],
                "session_id": session.id,
                "resume_gateway_url": self.gateway_url,
                "session_type": "normal",
                "shard": [shard_id, shard_count],
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "geo_ordered_rtc_regions": [],
                "guild_join_requests": [],
                "user_settings": {},
            },
        )
        for guild in installed:
            await self._dispatch_to(session, "GUILD_CREATE", guild.create_payload(self.bot_user))

    # -- interactions ---------------------------------------------------------------------------

    async def send_interaction(
        self, payload: dict[str, Any], *, source_message: Message | None = None
    ) -> InteractionResult:
        """Dispatch INTERACTION_CREATE and return the (not yet answered) result."""
        result = InteractionResult(self, payload, source_message=source_message)
        self.interactions[result.id] = result
        self._by_token[result.token] = result
        await self.dispatch("INTERACTION_CREATE", payload)
        return result

    # -- HTTP plumbing --------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        if request.path == "/gateway" and request.headers.get("Upgrade", "").lower() == "websocket":
            return await handler(request)
        arrived = time.perf_counter()
        body, files = await self._read_body(request)
        path = request.path.removeprefix(API_PREFIX)
        info = request.match_info
        known = info.http_exception is None and info.route.resource is not None and info.route.handler != self._unknown
        route = info.route.resource.canonical.removeprefix(API_PREFIX) if known else "?"
        recorded = Request(request.method, path, route, dict(request.query), body, files, arrived)
        request[RECORDED] = recorded
        self.requests.append(recorded)
        try:
            if not known:
                self.unknown_requests.append(recorded)
            fault = self._take_fault(recorded) if known else None
            if fault is not None:
                recorded.fault = f"injected {fault.status}"
                response = fault.response()
            elif known and not self._authorised(request, path):
                response = _error(401, "401: Unauthorized")
            else:
                try:
                    violations = _spec_violations(recorded) if known and self.check_against_spec else []
                    if violations:
                        response = self._reject(request, [f"OpenAPI: {v}" for v in violations], violations)
                    else:
                        response = await handler(request)
                except _Refusal as refusal:
                    response = refusal.response
                except Exception as exc:  # a stand-in bug must not pass for a Discord outage
                    log.exception("stand-in route %s failed", route)
                    self.errors.append(f"{recorded}: the stand-in failed: {exc!r}")
                    response = _error(500, "stand-in error (see standin.errors)")
            recorded.status = response.status
            return response
        finally:
            self._notify()

    def _authorised(self, request: web.Request, path: str) -> bool:
        # Interaction callbacks and webhook routes are authorised by their token in the path.
        if path.startswith(("/interactions/", "/webhooks/", "/cdn/")) or not request.path.startswith(API_PREFIX):
            return True
        return request.headers.get("Authorization") == f"Bot {self.token}"

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
        if not request.body_exists:
            return None, []
        if request.content_type.startswith("multipart/"):
            body: Any = None
            files: list[UploadedFile] = []
            reader = await request.multipart()
            async for part in reader:
                data = await part.read(decode=False)  # type: ignore[union-attr]
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(data)
                elif part.filename:  # type: ignore[union-attr]
                    content_type = part.headers.get("Content-Type")  # type: ignore[union-attr]
                    files.append(UploadedFile(part.filename, bytes(data), content_type))  # type: ignore[union-attr]
            # Descriptions are declared in payload_json's attachments, by upload order.
            for declared, upload in zip((body or {}).get("attachments") or [], files, strict=False):
                upload.description = declared.get("description")
            return body, files
        raw = await request.read()
        if not raw:
            return None, []
        try:
            return json.loads(raw), []
        except ValueError:
            return raw.decode("utf-8", "replace"), []

    def _add_routes(self, app: web.Application) -> None:
        p = API_PREFIX
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/cdn/attachments/{attachment_id}/{filename}", self._cdn_attachment)
        routes = [
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway_bot),
            ("GET", "/users/@me", self._get_me),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/applications/@me", self._get_application),
            ("GET", "/applications/{app_id:[0-9]+}/commands", self._get_commands),
            ("PUT", "/applications/{app_id:[0-9]+}/commands", self._put_commands),
            ("POST", "/applications/{app_id:[0-9]+}/commands", self._post_command),
            ("GET", "/applications/{app_id:[0-9]+}/guilds/{guild_id:[0-9]+}/commands", self._get_commands),
            ("PUT", "/applications/{app_id:[0-9]+}/guilds/{guild_id:[0-9]+}/commands", self._put_commands),
            ("POST", "/applications/{app_id:[0-9]+}/guilds/{guild_id:[0-9]+}/commands", self._post_command),
            ("POST", "/interactions/{interaction_id:[0-9]+}/{token}/callback", self._interaction_callback),
            ("POST", "/webhooks/{app_id:[0-9]+}/{token}", self._followup),
            (
                "GET",
                "/webhooks/{app_id:[0-9]+}/{token}/messages/{message_id:(?:[0-9]+|@original)}",
                self._get_webhook_message,
            ),
            (
                "PATCH",
                "/webhooks/{app_id:[0-9]+}/{token}/messages/{message_id:(?:[0-9]+|@original)}",
                self._edit_webhook_message,
            ),
            (
                "DELETE",
                "/webhooks/{app_id:[0-9]+}/{token}/messages/{message_id:(?:[0-9]+|@original)}",
                self._delete_webhook_message,
            ),
            ("GET", "/channels/{channel_id:[0-9]+}", self._get_channel),
            ("POST", "/channels/{channel_id:[0-9]+}/typing", self._no_content),
            ("GET", "/channels/{channel_id:[0-9]+}/messages", self._list_messages),
            ("POST", "/channels/{channel_id:[0-9]+}/messages", self._create_message),
            ("GET", "/channels/{channel_id:[0-9]+}/messages/{message_id:[0-9]+}", self._get_message),
            ("PATCH", "/channels/{channel_id:[0-9]+}/messages/{message_id:[0-9]+}", self._edit_message),
            ("DELETE", "/channels/{channel_id:[0-9]+}/messages/{message_id:[0-9]+}", self._delete_message),
            (
                "PUT",
                "/channels/{channel_id:[0-9]+}/messages/{message_id:[0-9]+}/reactions/{emoji}/@me",
                self._no_content,
            ),
            (
                "DELETE",
                "/channels/{channel_id:[0-9]+}/messages/{message_id:[0-9]+}/reactions/{emoji}/@me",
                self._no_content,
            ),
            ("POST", "/users/@me/channels", self._create_dm),
            ("GET", "/users/{user_id:[0-9]+}", self._get_user),
            ("GET", "/guilds/{guild_id:[0-9]+}", self._get_guild),
            ("GET", "/guilds/{guild_id:[0-9]+}/channels", self._get_guild_channels),
            ("GET", "/guilds/{guild_id:[0-9]+}/members/{user_id:[0-9]+}", self._get_member),
            ("PUT", "/guilds/{guild_id:[0-9]+}/members/{user_id:[0-9]+}/roles/{role_id:[0-9]+}", self._add_member_role),
            (
                "DELETE",
                "/guilds/{guild_id:[0-9]+}/members/{user_id:[0-9]+}/roles/{role_id:[0-9]+}",
                self._remove_member_role,
            ),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, p + path, handler)
        app.router.add_route("*", "/{tail:.*}", self._unknown)

    async def _unknown(self, request: web.Request) -> web.Response:
        return _error(404, f"404: the stand-in has no route {request.method} {request.path}")

    # -- REST: session and application ----------------------------------------------------------

    async def _get_gateway(self, request: web.Request) -> web.Response:
        return _json({"url": self.gateway_url})

    async def _get_gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": self.max_concurrency}
        return _json({"url": self.gateway_url, "shards": self.shard_count, "session_start_limit": limit})

    async def _get_me(self, request: web.Request) -> web.Response:
        return _json({**self.bot_user.user_payload(), "verified": True, "mfa_enabled": False, "flags": 0})

    async def _get_application(self, request: web.Request) -> web.Response:
        owner = Member(snowflake(), "owner", None).user_payload()
        return _json(
            {
                "id": str(self.application_id),
                "name": "I Am All In companion (stand-in)",
                "icon": None,
                "description": "",
                "rpc_origins": [],
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": owner,
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "bot": self.bot_user.user_payload(),
                "summary": "",
                "approximate_guild_count": len(self.guilds),
                "interactions_endpoint_url": None,
                "redirect_uris": [],
                "tags": [],
            }
        )

    def _check_app(self, request: web.Request) -> None:
        if request.match_info["app_id"] != str(self.application_id):
            raise _Refusal(404, "Unknown Application", 10002)

    def _command_store(self, request: web.Request) -> list[dict]:
        self._check_app(request)
        guild_id = request.match_info.get("guild_id")
        if guild_id is None:
            return self.global_commands
        return self.guild_commands.setdefault(int(guild_id), [])

    def _stored_command(self, definition: dict, guild_id: str | None) -> dict:
        stored = {
            "type": 1,
            "description": "",  # as Discord answers for context menus, which send none
            "default_member_permissions": None,
            "nsfw": False,
            **definition,
            "id": str(snowflake()),
            "application_id": str(self.application_id),
            "version": str(snowflake()),
        }
        if guild_id is not None:
            stored["guild_id"] = guild_id
        return stored

    async def _get_commands(self, request: web.Request) -> web.Response:
        return _json(self._command_store(request))

    async def _put_commands(self, request: web.Request) -> web.Response:
        store = self._command_store(request)
        body = request[RECORDED].json or []
        names = [(c.get("type", 1), c["name"]) for c in body]
        if len(names) != len(set(names)):
            return _error(400, "Invalid Form Body: application command names must be unique", 50035)
        guild_id = request.match_info.get("guild_id")
        store[:] = [self._stored_command(definition, guild_id) for definition in body]
        return _json(store)

    async def _post_command(self, request: web.Request) -> web.Response:
        store = self._command_store(request)
        definition = request[RECORDED].json
        stored = self._stored_command(definition, request.match_info.get("guild_id"))
        store[:] = [c for c in store if (c.get("type", 1), c["name"]) != (stored["type"], stored["name"])] + [stored]
        return _json(stored, status=201)

    # -- REST: interactions and their webhooks --------------------------------------------------

    def _interaction(self, token: str) -> InteractionResult:
        result = self._by_token.get(token)
        if result is None:
            raise _Refusal(404, "Unknown Webhook", 10015)
        return result

    def message_json(self, message: Message) -> dict:
        return message.payload(f"{self.base_url}/cdn", self.application_id)

    def _new_message(self, channel_id: int, guild_id: int | None, **fields: Any) -> Message:
        message = Message(snowflake(), channel_id, guild_id, self.bot_user, **fields)
        self.messages[message.id] = message
        return message

    def _reject(
        self, request: web.Request, problems: list[str], violations: Sequence[openapi.Violation] = ()
    ) -> web.Response:
        """Answer 400 Invalid Form Body as Discord does, and record why."""
        recorded: Request = request[RECORDED]
        recorded.problems = problems
        recorded.violations = list(violations)
        self.rejected_requests.append(recorded)
        if violations:
            errors = _form_errors(violations)
        else:
            errors = {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH", "message": p} for p in problems]}
        return _error(400, "Invalid Form Body", 50035, errors=errors)

    async def _interaction_callback(self, request: web.Request) -> web.Response:
        recorded: Request = request[RECORDED]
        result = self._by_token.get(request.match_info["token"])
        if result is None or str(result.id) != request.match_info["interaction_id"]:
            return _error(404, "Unknown interaction", 10062)
        if result.callback is not None:
            return _error(400, "Interaction has already been acknowledged.", 40060)
        if result.deadline is not None and recorded.at > result.deadline:
            result.late = True
            return _error(404, "Unknown interaction", 10062)
        body = recorded.json or {}
        kind, data = body.get("type"), body.get("data") or {}
        problems: list[str] = []
        if kind in (CallbackType.MESSAGE, CallbackType.UPDATE_MESSAGE):
            problems = limits.message_problems(data)
        elif kind == CallbackType.AUTOCOMPLETE:
            problems = limits.choices_problems(data.get("choices") or [])
        elif kind == CallbackType.MODAL:
            problems = limits.modal_problems(data)
        if kind in (CallbackType.UPDATE_MESSAGE, CallbackType.DEFERRED_UPDATE) and result.source_message is None:
            problems.append("an update answer needs an interaction that came from a message component")
        if kind not in set(CallbackType) - {CallbackType.PONG}:
            problems.append(f"unknown callback type {kind!r}")
        if problems:
            return self._reject(request, problems)
        result.callback = recorded
        message: Message | None = None
        if kind in (CallbackType.MESSAGE, CallbackType.DEFERRED_MESSAGE):
            channel_id = int(result.payload["channel_id"])
            flags = int(data.get("flags") or 0) & EPHEMERAL
            message = self._new_message(
                channel_id,
                _guild_id(result.payload),
                interaction_id=result.id,
                webhook_id=self.application_id,
                flags=flags | (LOADING if kind == CallbackType.DEFERRED_MESSAGE else 0),
            )
            message.apply({k: v for k, v in data.items() if k != "flags"}, recorded.files, editing=False)
            result.original = message
        elif kind == CallbackType.UPDATE_MESSAGE:
            message = result.source_message
            assert message is not None
            message.apply(data, recorded.files, editing=True)
        interaction_info: dict[str, Any] = {"id": str(result.id), "type": result.interaction_type}
        if message is not None:
            interaction_info.update(
                response_message_id=str(message.id),
                response_message_loading=message.loading,
                response_message_ephemeral=message.ephemeral,
            )
        resource: dict[str, Any] = {"type": kind}
        if message is not None:
            resource["message"] = self.message_json(message)
        return _json({"interaction": interaction_info, "resource": resource})

    async def _followup(self, request: web.Request) -> web.Response:
        self._check_app(request)
        recorded: Request = request[RECORDED]
        result = self._interaction(request.match_info["token"])
        if result.callback is None:
            return _error(404, "Unknown Webhook", 10015)  # no follow-up before the interaction is answered
        body = recorded.json or {}
        problems = limits.message_problems(body)
        if problems:
            return self._reject(request, problems)
        message = self._new_message(
            int(result.payload["channel_id"]),
            _guild_id(result.payload),
            interaction_id=result.id,
            webhook_id=self.application_id,
            flags=int(body.get("flags") or 0) & EPHEMERAL,
        )
        message.apply({k: v for k, v in body.items() if k != "flags"}, recorded.files, editing=False)
        result.followups.append(message)
        return _json(self.message_json(message))

    def _webhook_message(self, request: web.Request) -> tuple[InteractionResult, Message]:
        self._check_app(request)
        result = self._interaction(request.match_info["token"])
        message_id = request.match_info["message_id"]
        if message_id == "@original":
            message = result.original if result.original is not None else result.source_message
            if message is None or result.callback is None:
                raise _Refusal(404, "Unknown Message", 10008)
        else:
            found = self.messages.get(int(message_id))
            if found is None or (found.interaction_id != result.id and found is not result.source_message):
                raise _Refusal(404, "Unknown Message", 10008)
            message = found
        if message.deleted:
            raise _Refusal(404, "Unknown Message", 10008)
        return result, message

    async def _get_webhook_message(self, request: web.Request) -> web.Response:
        _, message = self._webhook_message(request)
        return _json(self.message_json(message))

    async def _edit_webhook_message(self, request: web.Request) -> web.Response:
        result, message = self._webhook_message(request)
        recorded: Request = request[RECORDED]
        body = recorded.json or {}
        problems = limits.message_problems(body)
        if problems:
            return self._reject(request, problems)
        message.apply(body, recorded.files, editing=True)
        if message is result.original or message is result.source_message:
            result.edits.append(recorded)
        return _json(self.message_json(message))

    async def _delete_webhook_message(self, request: web.Request) -> web.Response:
        _, message = self._webhook_message(request)
        message.deleted = True
        return web.Response(status=204)

    # -- REST: channels, messages, users, guilds ------------------------------------------------

    def _channel(self, request: web.Request) -> Channel:
        channel = self._find_channel(int(request.match_info["channel_id"]))
        if channel is None:
            raise _Refusal(404, "Unknown Channel", 10003)
        return channel

    def _channel_message(self, request: web.Request) -> Message:
        channel = self._channel(request)
        message = self.messages.get(int(request.match_info["message_id"]))
        if message is None or message.channel_id != channel.id or message.deleted or message.ephemeral:
            raise _Refusal(404, "Unknown Message", 10008)
        return message

    async def _get_channel(self, request: web.Request) -> web.Response:
        return _json(self._channel(request).payload())

    async def _no_content(self, request: web.Request) -> web.Response:
        self._channel(request)
        return web.Response(status=204)

    async def _list_messages(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        limit = min(int(request.query.get("limit", 50)), 100)
        newest_first = [m for m in reversed(self.channel_messages(channel.id)) if not m.ephemeral][:limit]
        return _json([self.message_json(m) for m in newest_first])

    async def _create_message(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        recorded: Request = request[RECORDED]
        body = recorded.json or {}
        problems = limits.message_problems(body)
        if not (
            body.get("content")
            or body.get("embeds")
            or recorded.files
            or body.get("components")
            or body.get("sticker_ids")
        ):
            problems.append("Cannot send an empty message")
        if problems:
            return self._reject(request, problems)
        message = self._new_message(channel.id, channel.guild_id, flags=int(body.get("flags") or 0) & ~EPHEMERAL)
        message.apply({k: v for k, v in body.items() if k != "flags"}, recorded.files, editing=False)
        return _json(self.message_json(message))

    async def _get_message(self, request: web.Request) -> web.Response:
        return _json(self.message_json(self._channel_message(request)))

    async def _edit_message(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        recorded: Request = request[RECORDED]
        problems = limits.message_problems(recorded.json or {})
        if problems:
            return self._reject(request, problems)
        message.apply(recorded.json or {}, recorded.files, editing=True)
        return _json(self.message_json(message))

    async def _delete_message(self, request: web.Request) -> web.Response:
        self._channel_message(request).deleted = True
        return web.Response(status=204)

    async def _create_dm(self, request: web.Request) -> web.Response:
        recipient_id = int((request[RECORDED].json or {}).get("recipient_id", 0))
        channel = next((c for c in self.dm_channels.values() if c.name == str(recipient_id)), None)
        if channel is None:
            channel = Channel(snowflake(), str(recipient_id), None, type=1)
            self.dm_channels[channel.id] = channel
        recipient = self._find_member(recipient_id) or Member(recipient_id, f"user{recipient_id}", None)
        return _json(
            {"id": str(channel.id), "type": 1, "last_message_id": None, "recipients": [recipient.user_payload()]}
        )

    def _find_member(self, user_id: int, guild: Guild | None = None) -> Member | None:
        for candidate in [guild] if guild else self.guilds:
            for member in candidate.members.values():
                if member.id == user_id:
                    return member
        return None

    async def _get_user(self, request: web.Request) -> web.Response:
        member = self._find_member(int(request.match_info["user_id"]))
        if member is None:
            return _error(404, "Unknown User", 10013)
        return _json(member.user_payload())

    def _guild_from(self, request: web.Request) -> Guild:
        try:
            return self.guild(int(request.match_info["guild_id"]))
        except KeyError:
            raise _Refusal(404, "Unknown Guild", 10004) from None

    async def _get_guild(self, request: web.Request) -> web.Response:
        payload = self._guild_from(request).create_payload(self.bot_user)
        return _json({k: v for k, v in payload.items() if k not in ("members", "channels", "threads")})

    async def _get_guild_channels(self, request: web.Request) -> web.Response:
        return _json([c.payload() for c in self._guild_from(request).channels.values()])

    async def _get_member(self, request: web.Request) -> web.Response:
        guild = self._guild_from(request)
        member = self._find_member(int(request.match_info["user_id"]), guild)
        if member is None:
            return _error(404, "Unknown Member", 10007)
        return _json(member.member_payload(with_permissions=False))

    def _role_change(self, request: web.Request) -> tuple[Member, int]:
        """The member and role of a role change, refused as Discord refuses it: an unknown member or
        role (404), a bot without Manage Roles, or a role not below the bot's highest (403 50013)."""
        guild = self._guild_from(request)
        member = self._find_member(int(request.match_info["user_id"]), guild)
        if member is None:
            raise _Refusal(404, "Unknown Member", 10007)
        role_id = int(request.match_info["role_id"])
        role = next((r for r in guild.roles.values() if r.id == role_id), None)
        if role is None:
            raise _Refusal(404, "Unknown Role", 10011)
        allowed = guild.bot_permissions & (ADMINISTRATOR | MANAGE_ROLES)
        if not allowed or role.id == guild.id or role.position >= guild.bot_top_position():
            raise _Refusal(403, "Missing Permissions", 50013)
        return member, role_id

    async def _add_member_role(self, request: web.Request) -> web.Response:
        member, role_id = self._role_change(request)
        if role_id not in member.role_ids:
            member.role_ids.append(role_id)
        return web.Response(status=204)

    async def _remove_member_role(self, request: web.Request) -> web.Response:
        member, role_id = self._role_change(request)
        if role_id in member.role_ids:
            member.role_ids.remove(role_id)
        return web.Response(status=204)

    async def _cdn_attachment(self, request: web.Request) -> web.Response:
        wanted = request.match_info["attachment_id"]
        for upload in self.uploads:
            if str(upload.id) == wanted:
                return web.Response(body=upload.data, content_type=upload.content_type or "application/octet-stream")
        return web.Response(status=404)

    @property
    def uploads(self) -> list[UploadedFile]:
        """Files the bot uploaded and files tests attached to options (served at /cdn/attachments)."""
        found = [f for r in self.requests for f in r.files]
        return found + self.test_attachments

    def attach(self, upload: UploadedFile) -> dict:
        """Make a file a test "uploads" as an option downloadable; returns its attachment JSON."""
        self.test_attachments.append(upload)
        return upload.attachment_payload(f"{self.base_url}/cdn")


def _spec_violations(recorded: Request) -> list[openapi.Violation]:
    operation = openapi.find_operation(recorded.method, recorded.path)
    if operation is None:
        return []  # a stand-in-only route (the CDN); test_standin_spec checks every API route is in the spec
    return openapi.query_violations(operation, recorded.query) + openapi.body_violations(operation, recorded.json)


def _form_errors(violations: Sequence[openapi.Violation]) -> dict[str, Any]:
    """Discord's nested error shape, which discord.py flattens to "In data.embeds.0.title: ..."."""
    errors: dict[str, Any] = {}
    for violation in violations:
        node = errors
        for key in violation.location:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append(
            {"code": f"SCHEMA_{violation.keyword.upper()}", "message": violation.explained}
        )
    return errors


def _event_guild(event: str, data: Any) -> int | None:
    """The server an event is about, which decides its shard (None: a DM, or no server)."""
    if not isinstance(data, dict):
        return None
    raw = data.get("id") if event in ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE") else data.get("guild_id")
    return int(raw) if raw else None


def _guild_id(payload: dict) -> int | None:
    raw = payload.get("guild_id")
    return int(raw) if raw else None
