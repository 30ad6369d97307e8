"""Logs: one line per record, no colour codes off a terminal, secrets never written."""

from __future__ import annotations

import io
import logging

import aiohttp
import pytest

from bot.logs import REDACTED, OneLineReconnects, SafeFormatter, setup_logging

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz0123"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def restore_root_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def record(name: str, msg: str, *args, exc: BaseException | None = None, level: int = logging.INFO):
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord(name, level, __file__, 1, msg, args, exc_info)


def test_the_token_is_redacted_wherever_it_appears() -> None:
    formatter = SafeFormatter([TOKEN])
    try:
        raise RuntimeError(f"request failed with Authorization: Bot {TOKEN}")
    except RuntimeError as exc:
        text = formatter.format(record("x", "token was %s", TOKEN, exc=exc))
    assert TOKEN not in text and text.count(REDACTED) == 2


def test_interaction_tokens_in_request_urls_are_redacted() -> None:
    url = (
        "POST https://discord.com/api/v10/interactions/1234567890/aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpxd2VydHl1aW9w/callback"
    )
    text = SafeFormatter().format(record("discord.http", "%s has returned 204", url))
    assert "aW50ZXJhY3Rpb24" not in text and f"/interactions/1234567890/{REDACTED}/callback" in text


def test_no_colour_off_a_terminal_and_colour_on_one(monkeypatch: pytest.MonkeyPatch, restore_root_logging) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    for stream, coloured in ((io.StringIO(), False), (Terminal(), True)):
        setup_logging(logging.INFO, stream=stream)
        logging.getLogger("bot.test").warning("hello")
        assert ("\x1b[" in stream.getvalue()) is coloured, stream.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    stream = Terminal()
    setup_logging(logging.INFO, stream=stream)
    logging.getLogger("bot.test").warning("hello")
    assert "\x1b[" not in stream.getvalue()


@pytest.mark.parametrize(
    ("name", "msg", "args", "told"),
    [
        ("discord.client", "Attempting a reconnect in %.2fs", (1.5,), "; reconnecting in 1.5 s"),
        (
            "discord.shard",
            "Attempting a reconnect for shard ID %s in %.2fs",
            (3, 1.5),
            ": shard 3 reconnecting in 1.5 s",
        ),
        ("discord.shard", "Failed to connect for shard_id: %s. Retrying...", (2,), ": shard 2 trying again"),
    ],
)
def test_a_gateway_reconnect_is_one_warning_line_without_traceback(name: str, msg: str, args: tuple, told: str) -> None:
    error = aiohttp.ClientConnectorError(
        aiohttp.client_reqrep.ConnectionKey("gateway.discord.gg", 443, True, True, None, None, None),
        OSError(101, "Network is unreachable"),
    )
    entry = record(name, msg, *args, exc=error, level=logging.ERROR)
    assert OneLineReconnects().filter(entry)
    text = SafeFormatter().format(entry)
    assert "\n" not in text and "WARNING" in text
    assert (
        f"no connection to Discord's gateway (cannot connect to gateway.discord.gg:443 (Network is unreachable)){told}"
        in text
    )


def test_discord_py_login_line_is_dropped() -> None:
    assert not OneLineReconnects().filter(record("discord.client", "logging in using static token"))
    assert OneLineReconnects().filter(record("bot", "logging in using static token"))


def test_the_database_password_is_scrubbed_from_every_line() -> None:
    """DATABASE_URL's password (and the URL) never reach the log, even if a library printed them."""
    import bot.__main__ as entry
    from bot.logs import SafeFormatter
    from bot.settings import load_settings

    url = "postgresql://companion:s3cret-pass@db.internal:5432/companion"
    settings = load_settings({"DISCORD_TOKEN": "x" * 40, "DATABASE_URL": url}, env_file=None)
    formatter = SafeFormatter(entry._database_secrets(settings))
    record = logging.LogRecord(
        "asyncpg", logging.ERROR, __file__, 1, "connect to %s failed (s3cret-pass)", (url,), None
    )
    line = formatter.format(record)
    assert "s3cret-pass" not in line and "companion:" not in line
    short = load_settings({"DISCORD_TOKEN": "x" * 40, "DATABASE_URL": "postgresql://bot:bot@h/bot"}, env_file=None)
    assert entry._database_secrets(short) == ["postgresql://bot:bot@h/bot"], "a 3-letter password would blank 'bot'"
