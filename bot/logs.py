"""The process's logging: one line per record, colour only on a terminal, secrets never written, and
network trouble told in one line instead of a traceback."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterable
from typing import ClassVar, TextIO

import aiohttp
import discord

FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
REDACTED = "[redacted]"
# discord.py's DEBUG log prints request URLs, and an interaction's or webhook's URL holds its token.
_URL_TOKEN = re.compile(r"(/(?:interactions|webhooks)/\d+/)[A-Za-z0-9_.\-]{20,}")
_LEVEL_COLOURS = {
    logging.DEBUG: "\x1b[2m",
    logging.INFO: "\x1b[34m",
    logging.WARNING: "\x1b[33m",
    logging.ERROR: "\x1b[31m",
    logging.CRITICAL: "\x1b[1;31m",
}
_RESET = "\x1b[0m"


def wants_colour(stream: TextIO) -> bool:
    """Colour only on a terminal (https://no-color.org honoured). discord.py's own set-up also
    colours whenever it runs in Docker, which put escape codes into piped and journald logs."""
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class SafeFormatter(logging.Formatter):
    """Formats a record, then removes every secret from the text (message, arguments and any
    traceback alike): the bot token, and interaction tokens inside request URLs."""

    def __init__(self, secrets: Iterable[str] = (), *, colour: bool = False) -> None:
        super().__init__(FORMAT, DATE_FORMAT)
        self.secrets = [s for s in secrets if s]
        self.colour = colour

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        text = _URL_TOKEN.sub(rf"\g<1>{REDACTED}", text)
        if self.colour:
            colour = _LEVEL_COLOURS.get(record.levelno, "")
            text = f"{colour}{text}{_RESET}" if colour else text
        return text


def describe_network_error(exc: BaseException) -> str:
    """One short phrase for what went wrong on the way to Discord."""
    if isinstance(exc, discord.ConnectionClosed):
        return f"the gateway closed the connection with code {exc.code}"
    if isinstance(exc, aiohttp.ClientConnectorError):
        reason = (exc.os_error.strerror or str(exc.os_error)) if exc.os_error else str(exc)
        return f"cannot connect to {exc.host}:{exc.port} ({reason})"
    if isinstance(exc, discord.DiscordServerError):
        return f"Discord answered {exc.status} {exc.response.reason or ''}".rstrip()
    if isinstance(exc, TimeoutError):
        return "timed out"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class OneLineReconnects(logging.Filter):
    """discord.py logs every gateway reconnect attempt with a full traceback (``logging.exception``).
    A network outage is an environment problem, not a bug: one line per attempt says it. Its
    "logging in using static token" line goes too: while Discord is unreachable, the bot's own
    line per attempt says all there is."""

    # discord.py's words (discord.client, discord.shard) -> ours, after "no connection to Discord's gateway (why)"
    _RECONNECTS: ClassVar[dict[str, str]] = {
        "Attempting a reconnect in": "; reconnecting in %.1f s",
        "Attempting a reconnect for shard ID": ": shard %s reconnecting in %.1f s",
        "Failed to connect for shard_id": ": shard %s trying again",
    }

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name not in ("discord.client", "discord.shard"):
            return True
        if record.msg == "logging in using static token":
            return False
        ours = next((v for k, v in self._RECONNECTS.items() if str(record.msg).startswith(k)), None)
        if record.exc_info and ours is not None:
            error = record.exc_info[1]
            if error is not None:
                record.msg = f"no connection to Discord's gateway ({describe_network_error(error)}){ours}"
                record.exc_info = None
                record.exc_text = None
                record.levelno, record.levelname = logging.WARNING, "WARNING"  # the network's fault, not a bug
        return True


def quiet_voice_warnings() -> None:
    """The bot has no voice: discord.py's "PyNaCl / davey is not installed" warnings, logged when a
    client is made, say nothing useful (every command that makes one calls this first)."""
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False


def setup_logging(level: int, *, secrets: Iterable[str] = (), stream: TextIO | None = None) -> logging.Handler:
    """Log to stderr (or ``stream``) at ``level``; returns the handler it installed on the root logger."""
    stream = stream or sys.stderr
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SafeFormatter(secrets, colour=wants_colour(stream)))
    handler.addFilter(OneLineReconnects())
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "companion_handler", False):
            root.removeHandler(old)
    handler.companion_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return handler
