"""What the stand-in recorded: HTTP requests, gateway frames, and each interaction's answers."""

from __future__ import annotations

import enum
import fnmatch
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from standin.model import Message, UploadedFile, visible_text, walk_components

if TYPE_CHECKING:
    from standin.openapi import Violation
    from standin.server import DiscordStandIn

DEFAULT_WAIT = 5.0


class CallbackType(enum.IntEnum):
    """The interaction callback types (Discord's ``InteractionResponseType``)."""

    PONG = 1
    MESSAGE = 4
    DEFERRED_MESSAGE = 5
    DEFERRED_UPDATE = 6
    UPDATE_MESSAGE = 7
    AUTOCOMPLETE = 8
    MODAL = 9


@dataclass
class Request:
    """One HTTP request the bot made, as the stand-in received it."""

    method: str
    path: str  # without the /api/v10 prefix, e.g. /channels/123/messages
    route: str  # the route template, e.g. /channels/{channel_id}/messages; "?" when unknown
    query: dict[str, str]
    json: Any
    files: list[UploadedFile]
    at: float  # time.perf_counter() on arrival
    status: int = 0  # what the stand-in answered
    fault: str | None = None  # set when an injected fault answered instead of the route
    problems: list[str] = field(default_factory=list)  # Discord limits the body broke (answered 400)
    violations: list[Violation] = field(default_factory=list)  # the spec's rules among them (standin/openapi.py)

    def matches(self, pattern: str) -> bool:
        """``"POST /channels/*/messages"``: shell-style match on "METHOD path" (or on the route template)."""
        return fnmatch.fnmatchcase(f"{self.method} {self.path}", pattern) or fnmatch.fnmatchcase(
            f"{self.method} {self.route}", pattern
        )

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.status}" + (f" [{self.fault}]" if self.fault else "")


@dataclass
class GatewayFrame:
    direction: str  # "in": the bot sent it; "out": the stand-in sent it
    op: int
    t: str | None
    data: Any
    at: float
    shard: tuple[int, int] | None = None  # (shard_id, shard_count) of the session it went through


class InteractionResult:
    """One interaction the stand-in dispatched, and everything the bot answered to it.

    ``content``, ``embeds``, ``components``, ``flags`` and ``ephemeral`` describe what the user sees
    now: the response message after any edits (for an update, the clicked message), or, with no
    message (autocomplete, modal), the callback's own data.
    """

    def __init__(self, standin: DiscordStandIn, payload: dict[str, Any], *, source_message: Message | None) -> None:
        self.standin = standin
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.interaction_type: int = payload["type"]
        self.source_message = source_message  # the message whose component was used
        self.dispatched_at: float | None = None
        self.deadline: float | None = None
        self.callback: Request | None = None
        self.original: Message | None = None
        self.followups: list[Message] = []
        self.edits: list[Request] = []  # edits of the original response (or of the updated message)
        self.late = False

    def __repr__(self) -> str:
        return f"<InteractionResult {self.describe()}>"

    def describe(self) -> str:
        name = (self.payload.get("data") or {}).get("name") or (self.payload.get("data") or {}).get("custom_id")
        answer = "unanswered" if self.callback is None else CallbackType(self.type).name
        return f"interaction {self.id} ({name}) -> {answer}"

    # -- the callback ---------------------------------------------------------------------------

    @property
    def answered(self) -> bool:
        return self.callback is not None

    @property
    def type(self) -> int | None:
        """The callback type (compare with :class:`CallbackType`), None while unanswered."""
        return None if self.callback is None else self.callback.json["type"]

    @property
    def data(self) -> dict[str, Any]:
        """The callback's ``data`` as the bot sent it."""
        return {} if self.callback is None else (self.callback.json.get("data") or {})

    @property
    def latency(self) -> float | None:
        """Seconds from dispatching the event to the callback's arrival."""
        if self.callback is None or self.dispatched_at is None:
            return None
        return self.callback.at - self.dispatched_at

    # -- what the user sees ---------------------------------------------------------------------

    @property
    def message(self) -> Message | None:
        """The message this interaction answered with, as it stands now (None for autocomplete/modal).
        A deferred answer whose placeholder was removed and followed up: that follow-up."""
        if self.type in (CallbackType.UPDATE_MESSAGE, CallbackType.DEFERRED_UPDATE):
            return self.source_message
        if self.original is not None and self.original.deleted and self.followups:
            return self.followups[-1]
        return self.original

    @property
    def content(self) -> str:
        return self.message.content if self.message else (self.data.get("content") or "")

    @property
    def embeds(self) -> list[dict]:
        return self.message.embeds if self.message else list(self.data.get("embeds") or [])

    @property
    def embed(self) -> dict:
        """The first embed (fails clearly when there is none)."""
        embeds = self.embeds
        assert embeds, f"{self.describe()} has no embed; content: {self.content!r}"
        return embeds[0]

    @property
    def components(self) -> list[dict]:
        return self.message.components if self.message else list(self.data.get("components") or [])

    @property
    def buttons(self) -> list[dict]:
        return [c for c in walk_components(self.components) if c.get("type") == 2]

    @property
    def flags(self) -> int:
        return self.message.flags if self.message else int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & 64)

    @property
    def allowed_mentions(self) -> dict | None:
        """The allowed_mentions of the latest request that set them for this answer."""
        for request in [*reversed(self.edits), self.callback]:
            if request is not None and isinstance(request.json, dict):
                body = request.json.get("data", request.json) if request is self.callback else request.json
                if "allowed_mentions" in body:
                    return body["allowed_mentions"]
        return None

    @property
    def files(self) -> list[UploadedFile]:
        return self.message.files if self.message else []

    @property
    def text(self) -> str:
        """Everything the user reads: content, embed text, button labels (for "in" assertions)."""
        if self.message is not None:
            return self.message.text
        return visible_text(self.data.get("content"), self.data.get("embeds") or [], self.data.get("components") or [])

    @property
    def choices(self) -> list[dict]:
        """Autocomplete choices ({"name", "value"}), for a type-8 answer."""
        assert self.type == CallbackType.AUTOCOMPLETE, f"{self.describe()} is not an autocomplete answer"
        return list(self.data.get("choices") or [])

    @property
    def modal(self) -> dict:
        """The modal the bot opened (custom_id, title, components), for a type-9 answer."""
        assert self.type == CallbackType.MODAL, f"{self.describe()} did not open a modal; content: {self.content!r}"
        return self.data

    # -- waiting for more -----------------------------------------------------------------------

    async def wait_answered(self, within: float = DEFAULT_WAIT) -> InteractionResult:
        await self.standin.wait_until(
            lambda: self.answered or self.late, within=within, what=f"an answer to {self.describe()}"
        )
        assert not self.late, f"{self.describe()}: the bot answered after Discord's 3 s deadline"
        return self

    async def wait_followup(self, count: int = 1, within: float = DEFAULT_WAIT) -> Message:
        """Wait until the bot sent ``count`` follow-ups; returns the ``count``-th."""
        await self.standin.wait_until(
            lambda: len(self.followups) >= count, within=within, what=f"follow-up #{count} of {self.describe()}"
        )
        return self.followups[count - 1]

    async def wait_edit(self, count: int = 1, within: float = DEFAULT_WAIT) -> Message:
        """Wait until the response was edited ``count`` times (a deferred answer's content arrives
        this way); returns the message as it stands."""
        await self.standin.wait_until(
            lambda: len(self.edits) >= count, within=within, what=f"edit #{count} of {self.describe()}"
        )
        assert self.message is not None
        return self.message
