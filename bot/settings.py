"""The one place that reads settings: the environment, then a ``.env`` file beside it."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from dotenv import dotenv_values

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_PATH = PROJECT_ROOT / "var" / "bot.db"
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")

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
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None


def _read_environment(environ: Mapping[str, str] | None, env_file: Path | None) -> dict[str, str]:
    """The environment wins over the ``.env`` file, as python-dotenv's ``override=False`` does."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    return values


def _url(name: str, raw: str, schemes: tuple[str, ...]) -> str:
    parsed = urlparse(raw)
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
    if token and (any(c.isspace() for c in token) or len(token) < 20):
        raise SettingsError("DISCORD_TOKEN does not look like a bot token (too short or contains spaces)")

    database_path = Path(get("DATABASE_PATH")).expanduser() if get("DATABASE_PATH") else DEFAULT_DATABASE_PATH
    if database_path.exists() and database_path.is_dir():
        raise SettingsError(f"DATABASE_PATH must be a file, but {database_path} is a directory")
    # Its folder is created at start-up if missing; that needs the nearest existing one to be a
    # folder we may write in (else start-up would end in a traceback, not this one line).
    existing = next(p for p in database_path.absolute().parents if p.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise SettingsError(f"DATABASE_PATH cannot be created: {existing} is not a folder the bot may write in")

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

    return Settings(
        discord_token=token,
        database_path=database_path,
        dev_guild_id=dev_guild_id,
        log_level=log_level,
        discord_api_base=api_base,
        discord_gateway_url=gateway,
    )


def log_level_number(settings: Settings) -> int:
    return logging.getLevelNamesMapping()[settings.log_level]
