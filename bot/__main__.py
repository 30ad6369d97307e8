"""``python -m bot`` runs the bot; its subcommands help install, maintain and try it.

Exit status: 0 stopped as asked (SIGTERM, Ctrl+C); 2 something an operator must fix (a setting,
the token Discord refused, an unusable database, content that does not hold up, a metrics port in
use), said in one line, so a service manager should not restart it; 1 anything else.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp
import discord

from bot.content.text import ContentError
from bot.db.database import DatabaseUnreachable, DatabaseUnusable, MigrationError
from bot.logs import describe_network_error, quiet_voice_warnings, setup_logging
from bot.memory import use_one_malloc_arena
from bot.settings import Settings, SettingsError, load_settings, log_level_number, url_password

if TYPE_CHECKING:
    import argparse

log = logging.getLogger("bot")

EXIT_OK, EXIT_FAILED, EXIT_FIX_SETUP = 0, 1, 2
REFUSED_CREDENTIAL_HELP = (
    "Discord refused the token in DISCORD_TOKEN; reset it in the Developer Portal (Bot > Reset Token) and update .env"
)
GATEWAY_AUTHENTICATION_FAILED = 4004
SHARDING_REQUIRED = 4011
SHARDING_REQUIRED_HELP = (
    "Discord refused the connection: too many servers on one shard (gateway code 4011); raise SHARD_COUNT, "
    "or unset SHARD_COUNT and SHARD_IDS to run the count Discord recommends"
)

# Every database call runs on aiosqlite's thread. With CPython's default 5 ms switch interval, a
# result ready on that thread can wait up to 5 ms for the event loop to let go of the GIL, which
# showed up as milliseconds of tail latency on every database-backed answer under load.
GIL_SWITCH_INTERVAL_S = 0.0005
MIN_SCRUBBED_PASSWORD = 6  # characters (see _database_secrets)


def _parse_args(argv: list[str]) -> argparse.Namespace:
    import argparse  # only when there are arguments (see main)

    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Run the companion bot (the default), or install, maintain or try it."
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="start the bot (the default)")
    sub.add_parser("check", help="load the content into a scratch database and print it, or the errors")
    questions = sub.add_parser("questions", help="print the whole trivia bank as the bot will ask it (no token)")
    questions.add_argument("--json", action="store_true", help="as JSON: the figures and every question")
    questions.add_argument("--summary", action="store_true", help="only the figures: size, answers, forms")
    questions.add_argument("--check", action="store_true", help="hold the bank to its rules; exit 1 on a problem")
    sync = sub.add_parser("sync", help="push the slash-command definitions to Discord now")
    sync.add_argument("--guild", type=int, default=None, help="a server ID: sync to that server only")
    sub.add_parser("invite", help="print the URL that adds the bot to a server, with the permissions it needs")
    backup = sub.add_parser("backup", help="copy the database consistently, even while the bot runs")
    backup.add_argument("path", type=Path, help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace the file if it exists")
    copy = sub.add_parser(
        "migrate-to-postgres",
        help="copy the SQLite database's server state into DATABASE_URL's PostgreSQL, then compare the counts",
    )
    copy.add_argument("--force", action="store_true", help="empty a PostgreSQL database that already holds rows first")
    demo = sub.add_parser("demo", help="try the bot in this terminal against a local Discord stand-in (no token)")
    demo.add_argument("--log", type=Path, default=None, help="the file the bot's log goes to (var/demo.log)")
    service = sub.add_parser(
        "service", help="print a systemd unit for this checkout and its venv (docs/operations.md, as a service)"
    )
    service.add_argument("--user", default="companion", help="the user the service runs as (default: companion)")
    service.add_argument(
        "--template", action="store_true", help="the template unit instead: one process per range of shards"
    )
    return parser.parse_args(argv)


async def _run(settings: Settings) -> None:
    from bot.client import CompanionBot
    from bot.db.repositories import open_repositories

    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)

    # discord.py's own run() handles only SIGINT; a service manager stops us with SIGTERM. From the
    # start: opening the databases may wait 30 s for PostgreSQL, and a stop then is a stop (exit 0).
    running: list[CompanionBot] = []
    opening = asyncio.current_task()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, _request_stop, running, opening, signum)
    try:
        repos = await open_repositories(settings)
    except asyncio.CancelledError:
        if opening is None or not opening.cancelling():
            raise
        return  # stopped while the databases were opening: open_repositories left nothing open
    bot = CompanionBot(settings, repos, trim_memory=True)
    running.append(bot)  # no await since the databases opened: a stop from now on closes the bot
    try:
        async with bot:
            await bot.start(settings.discord_token)
    finally:
        await repos.close()  # again after the bot's close(): harmless


def _request_stop(running: list[discord.Client], opening: asyncio.Task | None, signum: int) -> None:
    log.info("received %s; shutting down", signal.Signals(signum).name)
    if running:
        asyncio.get_running_loop().create_task(running[0].close())
    elif opening is not None:  # still opening the databases
        opening.cancel()


async def _sync(settings: Settings, guild_id: int | None) -> None:
    from dataclasses import replace

    from bot.client import CompanionBot
    from bot.db.repositories import open_repositories

    if guild_id is not None:
        settings = replace(settings, dev_guild_id=guild_id)
    repos = await open_repositories(settings)
    try:
        bot = CompanionBot(settings, repos, sync_commands=False)
        async with bot:
            await bot.login(settings.discord_token)
            await bot.sync_commands_if_changed(force=True)
    finally:
        await repos.close()


async def _invite(settings: Settings) -> None:
    from bot.endpoints import point_discord_at
    from bot.invite import invite_url

    point_discord_at(settings.discord_api_base, settings.discord_gateway_url)
    quiet_voice_warnings()
    # It only logs in (no gateway): the guilds intent, which is not privileged, keeps discord.py from
    # warning about state it will never keep.
    async with discord.Client(intents=discord.Intents(guilds=True)) as client:
        await client.login(settings.discord_token)
        assert client.application_id is not None
        print(invite_url(client.application_id))


def _backup(settings: Settings, path: Path, force: bool) -> int:
    from bot.db.backup import BackupError, back_up

    if settings.database_url is not None:
        print(
            "error: the server state lives in PostgreSQL (DATABASE_URL): back it up with pg_dump, e.g. "
            'pg_dump --format=custom --file=companion.dump "$DATABASE_URL" (docs/operations.md, Backups); '
            "this command copies SQLite files only",
            file=sys.stderr,
        )
        return EXIT_FIX_SETUP
    try:
        report = back_up(settings.database_path, path, force=force)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:  # Ctrl+C: the partial copy is removed, the target untouched
        print(f"error: interrupted: {path} was not written", file=sys.stderr)
        return EXIT_FAILED
    print(report.summary())
    return EXIT_OK


async def _migrate_to_postgres(settings: Settings, force: bool) -> int:
    from bot.db.postgres.copy import CopyRefused, copy_to_postgres

    if settings.database_url is None:
        print("error: set DATABASE_URL to the PostgreSQL database to copy into (docs/operations.md)", file=sys.stderr)
        return EXIT_FIX_SETUP
    try:
        report = await copy_to_postgres(settings.database_path, settings.database_url, force=force)
    except CopyRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FIX_SETUP
    print("\n".join(report.lines()))
    return EXIT_OK if report.matches else EXIT_FAILED


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # `python -m bot` alone, as a service runs it, has nothing to parse: argparse (with gettext) would
    # be 0.9 MiB of memory kept for the bot's whole life.
    args = _parse_args(argv) if argv else None
    command = (args.command if args is not None else None) or "run"
    try:
        settings = load_settings(require_token=command in ("run", "sync", "invite"))
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FIX_SETUP
    setup_logging(log_level_number(settings), secrets=[settings.discord_token, *_database_secrets(settings)])
    if command == "check":
        from bot.content.check import run_check

        return run_check()
    if command == "questions":
        from bot.trivia.listing import run_questions

        return run_questions(as_json=args.json, check=args.check, only_summary=args.summary)
    if command == "backup":
        return _backup(settings, args.path, args.force)
    if command == "migrate-to-postgres":
        return _run_storage_command(lambda: _migrate_to_postgres(settings, args.force))
    if command == "service":
        from bot.service import run_service

        return run_service(args.user, template=args.template)
    if command == "demo":
        from bot.demo import LOG_FILE, run_demo

        return run_demo(log_file=args.log or LOG_FILE)
    work = {"sync": lambda: _sync(settings, args.guild), "invite": lambda: _invite(settings)}.get(
        command, lambda: _run(settings)
    )
    if command == "run":  # the long-running process; no thread has started yet
        use_one_malloc_arena()
    try:
        asyncio.run(work())
    except discord.LoginFailure:
        log.error(REFUSED_CREDENTIAL_HELP)
        return EXIT_FIX_SETUP
    except discord.ConnectionClosed as exc:
        if exc.code not in (GATEWAY_AUTHENTICATION_FAILED, SHARDING_REQUIRED):
            raise
        log.error(REFUSED_CREDENTIAL_HELP if exc.code == GATEWAY_AUTHENTICATION_FAILED else SHARDING_REQUIRED_HELP)
        return EXIT_FIX_SETUP
    except (DatabaseUnusable, MigrationError, *_metrics_errors()) as exc:
        log.error("%s", exc)
        return EXIT_FIX_SETUP
    except DatabaseUnreachable as exc:  # PostgreSQL down: a service manager may try again later
        log.error("%s", exc)
        return EXIT_FAILED
    except ContentError as exc:  # from setup_hook's load: the operator gets the list, not a traceback
        log.error("data/ does not hold up against the article, so nothing was loaded (run make check)\n%s", exc)
        return EXIT_FIX_SETUP
    except (TimeoutError, aiohttp.ClientError, discord.DiscordServerError) as exc:  # sync, invite: no retry
        log.error("cannot reach Discord (%s)", describe_network_error(exc))
        return EXIT_FAILED
    except discord.HTTPException as exc:  # e.g. 429 from a ban on this IP, 403: Discord's answer, in one line
        log.error("Discord refused the bot at start-up: %s %s", exc.status, exc.text or exc.response.reason)
        return EXIT_FAILED
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _metrics_errors() -> tuple[type[Exception], ...]:
    """MetricsUnavailable, when bot.metrics was imported: it is only with METRICS_PORT (prometheus-client and
    aiohttp's server cost 4 MiB of memory), and nothing else raises it."""
    metrics = sys.modules.get("bot.metrics")
    return (metrics.MetricsUnavailable,) if metrics is not None else ()


def _database_secrets(settings: Settings) -> list[str]:
    """What DATABASE_URL holds that logs must never show. The bot itself logs only the redacted URL;
    this scrubs whatever a library might print: the URL, and its password unless so short that
    scrubbing it would blank out ordinary words of every line (such a password is no secret anyway)."""
    if settings.database_url is None:
        return []
    password = url_password(settings.database_url)
    return [settings.database_url, *([password] if password and len(password) >= MIN_SCRUBBED_PASSWORD else [])]


def _run_storage_command(work) -> int:
    """A command that needs the databases only: their failures in one line."""
    try:
        return asyncio.run(work())
    except KeyboardInterrupt:  # Ctrl+C: the copy is one transaction, rolled back
        print("error: interrupted: nothing was copied", file=sys.stderr)
        return EXIT_FAILED
    except (DatabaseUnusable, MigrationError) as exc:
        log.error("%s", exc)
        return EXIT_FIX_SETUP
    except DatabaseUnreachable as exc:
        log.error("%s", exc)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
