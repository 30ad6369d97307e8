"""``python -m bot`` runs the bot; ``python -m bot check``, ``questions`` and ``sync`` help maintain it."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

import discord

from bot.content.text import ContentError
from bot.settings import Settings, SettingsError, load_settings, log_level_number

log = logging.getLogger("bot")

# Every database call runs on aiosqlite's thread. With CPython's default 5 ms switch interval, a
# result ready on that thread can wait up to 5 ms for the event loop to let go of the GIL, which
# showed up as milliseconds of tail latency on every database-backed answer under load.
GIL_SWITCH_INTERVAL_S = 0.0005


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="start the bot (the default)")
    sub.add_parser("check", help="load the content into a scratch database and print it, or the errors")
    questions = sub.add_parser("questions", help="print the whole trivia bank as the bot will ask it (no token)")
    questions.add_argument("--json", action="store_true", help="as JSON: the figures and every question")
    questions.add_argument("--summary", action="store_true", help="only the figures: size, answers, forms")
    questions.add_argument("--check", action="store_true", help="hold the bank to its rules; exit 1 on a problem")
    sync = sub.add_parser("sync", help="push the slash-command definitions to Discord now")
    sync.add_argument("--guild", type=int, default=None, help="a server ID: sync to that server only")
    return parser.parse_args(argv)


async def _run(settings: Settings) -> None:
    from bot.client import CompanionBot
    from bot.db import Database

    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)

    async with Database(settings.database_path) as db, CompanionBot(settings, db) as bot:
        loop = asyncio.get_running_loop()
        # discord.py's own run() handles only SIGINT; a service manager stops us with SIGTERM.
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, lambda s=signum: _request_stop(bot, s))
        await bot.start(settings.discord_token)


def _request_stop(bot: discord.Client, signum: int) -> None:
    log.info("received %s; shutting down", signal.Signals(signum).name)
    asyncio.get_running_loop().create_task(bot.close())


async def _sync(settings: Settings, guild_id: int | None) -> None:
    from dataclasses import replace

    from bot.client import CompanionBot
    from bot.db import Database

    if guild_id is not None:
        settings = replace(settings, dev_guild_id=guild_id)
    async with Database(settings.database_path) as db:
        bot = CompanionBot(settings, db, sync_commands=False)
        async with bot:
            await bot.login(settings.discord_token)
            await bot.sync_commands_if_changed(force=True)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    command = args.command or "run"
    try:
        settings = load_settings(require_token=command not in ("check", "questions"))
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    discord.utils.setup_logging(level=log_level_number(settings), root=True)
    if command == "check":
        from bot.content.check import run_check

        return run_check()
    if command == "questions":
        from bot.trivia.listing import run_questions

        return run_questions(as_json=args.json, check=args.check, only_summary=args.summary)
    try:
        asyncio.run(_sync(settings, args.guild) if command == "sync" else _run(settings))
    except discord.LoginFailure:
        log.error("Discord refused the token in DISCORD_TOKEN; reset it in the Developer Portal and update .env")
        return 1
    except ContentError as exc:  # from setup_hook's load: the operator gets the list, not a traceback
        log.error("data/ does not hold up against the article, so nothing was loaded (run make check)\n%s", exc)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
