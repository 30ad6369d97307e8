"""The one place that reads settings: the environment, then a ``.env`` file beside it."""

from __future__ import annotations

import ipaddress
import logging
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from dotenv import dotenv_values

from bot.shards import MAX_SHARD_COUNT

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_PATH = PROJECT_ROOT / "var" / "bot.db"
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
DEFAULT_METRICS_HOST = "127.0.0.1"  # metrics and health stay on this machine unless asked otherwise

MISSING_CREDENTIAL_HELP = (
    "DISCORD_TOKEN is not set. Create a bot at https://discord.com/developers/applications "
    "(Bot > Reset Token), then put DISCORD_TOKEN=<token> in a .env file at the project root "
    "(see .env.example) or in the environment."
)


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable and what is wrong."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot is configured with, typed and immutable."""

    # repr=False: the token must never appear in logs, reprs or tracebacks' locals.
    discord_token: str = field(repr=False)
    database_path: Path = DEFAULT_DATABASE_PATH
    # PostgreSQL for the server state (None: SQLite at database_path holds everything). repr=False:
    # it may hold a password; log redacted_url(database_url) instead.
    database_url: str | None = field(default=None, repr=False)
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    metrics_port: int | None = None  # None: no metrics or health endpoint, nothing listens
    metrics_host: str = DEFAULT_METRICS_HOST
    shard_count: int | None = None  # None: as many as Discord recommends
    shard_ids: tuple[int, ...] | None = None  # None: every shard


def _read_environment(environ: Mapping[str, str] | None, env_file: Path | None) -> dict[str, str]:
    """The environment wins over the ``.env`` file, as python-dotenv's ``override=False`` does."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    return values


def _url(name: str, raw: str, schemes: tuple[str, ...]) -> str:
    parsed = urlsplit(raw)
    if parsed.scheme not in schemes or not parsed.netloc:
        raise SettingsError(f"{name} must be a {' or '.join(schemes)} URL, for example {schemes[0]}://127.0.0.1:8080")
    return raw.rstrip("/") if name == "DISCORD_API_BASE" else raw


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    env_file: Path | None = PROJECT_ROOT / ".env",
    require_token: bool = True,
) -> Settings:
    """Build :class:`Settings` or raise :class:`SettingsError` naming the first bad variable."""
    values = _read_environment(environ, env_file)

    def get(name: str) -> str:
        return values.get(name, "").strip()

    token = get("DISCORD_TOKEN")
    if require_token and not token:
        raise SettingsError(MISSING_CREDENTIAL_HELP)
    if token[:4].lower() == "bot ":
        raise SettingsError('DISCORD_TOKEN starts with "Bot ": put only the token itself, without "Bot " in front')
    if token and (any(c.isspace() for c in token) or len(token) < 20):
        raise SettingsError("DISCORD_TOKEN does not look like a bot token (too short or contains spaces)")

    database_path = Path(get("DATABASE_PATH")).expanduser() if get("DATABASE_PATH") else DEFAULT_DATABASE_PATH
    _check_database_path(database_path)
    database_url = _database_url(raw) if (raw := get("DATABASE_URL")) else None
    dev_guild_id: int | None = None
    if raw := get("DEV_GUILD_ID"):
        if not (raw.isascii() and raw.isdigit()) or not (15 <= len(raw) <= 21):  # "²" is a digit to isdigit
            raise SettingsError("DEV_GUILD_ID must be a server ID (a snowflake of 15 to 21 digits)")
        dev_guild_id = int(raw)

    log_level = (get("LOG_LEVEL") or "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {log_level!r}")

    api_base = _url("DISCORD_API_BASE", raw, ("http", "https")) if (raw := get("DISCORD_API_BASE")) else None
    gateway = _url("DISCORD_GATEWAY_URL", raw, ("ws", "wss")) if (raw := get("DISCORD_GATEWAY_URL")) else None
    if (api_base is None) != (gateway is None):
        missing = "DISCORD_GATEWAY_URL" if gateway is None else "DISCORD_API_BASE"
        raise SettingsError(f"{missing} must be set too: a Discord stand-in needs both the REST and gateway URLs")

    metrics_port: int | None = None
    if raw := get("METRICS_PORT"):
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 65535:
            raise SettingsError(f"METRICS_PORT must be a port number from 1 to 65535, not {raw!r}")
        metrics_port = int(raw)
    metrics_host = get("METRICS_HOST") or DEFAULT_METRICS_HOST
    if metrics_host != "localhost":
        try:
            ipaddress.ip_address(metrics_host)
        except ValueError:
            raise SettingsError(
                f"METRICS_HOST must be an IP address of this machine (or localhost), not {metrics_host!r}"
            ) from None

    shard_count: int | None = None
    if raw := get("SHARD_COUNT"):
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_SHARD_COUNT:
            raise SettingsError(f"SHARD_COUNT must be a whole number from 1 to {MAX_SHARD_COUNT:,}, not {raw!r}")
        shard_count = int(raw)
    shard_ids = parse_shard_ids(raw, shard_count) if (raw := get("SHARD_IDS")) else None

    return Settings(
        discord_token=token,
        database_path=database_path,
        database_url=database_url,
        dev_guild_id=dev_guild_id,
        log_level=log_level,
        discord_api_base=api_base,
        discord_gateway_url=gateway,
        metrics_port=metrics_port,
        metrics_host=metrics_host,
        shard_count=shard_count,
        shard_ids=shard_ids,
    )


POSTGRES_SCHEMES = ("postgresql", "postgres")
_DATABASE_URL_HELP = "DATABASE_URL must be a postgresql:// URL, for example postgresql://bot:secret@127.0.0.1:5432/bot"


def _database_url(raw: str) -> str:
    """A libpq-style URL asyncpg can connect with: postgresql://[user[:password]@][host][:port][/db][?...]
    (no host: ``?host=/run/postgresql`` names a socket folder). The message never repeats the URL,
    which may hold a password."""
    try:
        parsed = urlsplit(raw)
        port = parsed.port  # ValueError when not a number from 0 to 65535
    except ValueError:
        raise SettingsError(f"{_DATABASE_URL_HELP} (its port is not a number from 1 to 65535)") from None
    if parsed.scheme not in POSTGRES_SCHEMES:
        raise SettingsError(_DATABASE_URL_HELP)
    if port == 0:
        raise SettingsError(f"{_DATABASE_URL_HELP} (its port is not a number from 1 to 65535)")
    if parsed.fragment or any(c.isspace() for c in raw):
        raise SettingsError(f"{_DATABASE_URL_HELP} (it holds spaces or a #fragment)")
    if not parsed.hostname and "host=" not in parsed.query:
        raise SettingsError(f"{_DATABASE_URL_HELP} (it names no host)")
    return raw


def url_password(url: str) -> str | None:
    """The password a PostgreSQL URL holds (in its user part or as ?password=), to keep out of logs."""
    parsed = urlsplit(url)
    if parsed.password:
        return unquote(parsed.password)
    passwords = parse_qs(parsed.query).get("password")
    return passwords[0] if passwords else None


def redacted_url(url: str) -> str:
    """The URL with its password replaced by ***, for logs and messages."""
    parsed = urlsplit(url)
    netloc = parsed.netloc
    if parsed.password is not None:
        netloc = f"{parsed.username or ''}:***@{netloc.rpartition('@')[2]}"
    query = "&".join(
        "password=***" if part.split("=", 1)[0] == "password" else part for part in parsed.query.split("&")
    )
    return f"{parsed.scheme}://{netloc}{parsed.path}" + (f"?{query}" if query else "")


def parse_shard_ids(raw: str, shard_count: int | None) -> tuple[int, ...]:
    """``0``, ``0,1``, ``0-3`` or a mix (``0-3,8``) -> the sorted shard numbers; each must be below
    ``shard_count`` and named once."""
    if shard_count is None:
        raise SettingsError("SHARD_IDS needs SHARD_COUNT too: the total number of shards across every process")
    ids: set[int] = set()
    for item in raw.split(","):
        first, dash, last = item.strip().partition("-")
        bounds = (first.strip(), last.strip()) if dash else (first.strip(),)
        if not all(b.isascii() and b.isdigit() for b in bounds):  # "²" is a digit to isdigit
            raise SettingsError(f"SHARD_IDS must be shard numbers such as 0, 0,1 or 0-3, not {raw!r}")
        low, high = int(bounds[0]), int(bounds[-1])
        if low > high:
            raise SettingsError(f"SHARD_IDS range {low}-{high} runs backwards: write {high}-{low}")
        if high >= shard_count:
            raise SettingsError(
                f"SHARD_IDS names shard {high}, but SHARD_COUNT={shard_count} numbers the shards 0 to {shard_count - 1}"
            )
        for shard_id in range(low, high + 1):
            if shard_id in ids:
                raise SettingsError(f"SHARD_IDS names shard {shard_id} twice")
            ids.add(shard_id)
    return tuple(sorted(ids))


def _check_database_path(path: Path) -> None:
    """What can be told before opening it: a folder, a device or a pipe is no database file, and
    its folder must be creatable. What SQLite itself refuses is told at start-up (bot.db)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise SettingsError(f"DATABASE_PATH {path} cannot be read: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise SettingsError(f"DATABASE_PATH must be a file, but {path} is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        kind = "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
        raise SettingsError(f"DATABASE_PATH must be a regular file, but {path} is {kind}")
    # Its folder is created at start-up if missing; that needs the nearest existing one to be a
    # folder we may write in (else start-up would end in a traceback, not this one line).
    existing = next(p for p in path.absolute().parents if p.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise SettingsError(f"DATABASE_PATH cannot be created: {existing} is not a folder the bot may write in")


def log_level_number(settings: Settings) -> int:
    return logging.getLevelNamesMapping()[settings.log_level]
