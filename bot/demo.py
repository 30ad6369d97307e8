"""``python -m bot demo`` (``make demo``): the real bot against a local Discord stand-in, with a prompt.

No Discord application or token: the stand-in (``standin/``) plays Discord on 127.0.0.1, with one
server, "Stars Hollow", and you as a member with Manage Server. Type a slash command as you would in
Discord (``/quote search greedy``, ``/trivia start rounds:3``); what the bot sends (content, embeds,
buttons) is printed as text, buttons get numbers to press, and forms ask for each field in turn.
The content comes from ``data/`` as the bot loads it at start, so this is also how a content author
previews an edit of ``data/episode.toml``. Each session starts from a new, temporary database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import tempfile
import threading
from pathlib import Path
from typing import TextIO

from bot.client import CompanionBot
from bot.content.text import ContentError
from bot.db import Database
from bot.logs import setup_logging
from bot.settings import load_settings
from standin import CallbackType, DiscordStandIn, DiscordUsers, InteractionResult, RefusedByDiscord
from standin.console import (
    CommandLineError,
    Numbering,
    Renderer,
    describe_commands,
    field_prompt,
    modal_fields,
    parse_command_line,
)

log = logging.getLogger(__name__)

START_WITHIN_S = 60.0
ANSWER_WITHIN_S = 10.0
WATCH_EVERY_S = 0.2  # how often messages the bot posts or edits on its own (a game's) are shown
SETTLE_S = 0.3  # after an answer, a moment for its follow-ups before the prompt returns
YOU = "you"

HELP = """\
Type what you would type in Discord, or one of these:
  /episode, /quote search greedy, /trivia start rounds:3 timer:10    a slash command (options as name:value)
  3                 press button [3] (or choose from menu [3])
  as NAME           act as another member (created without Manage Server); "as you" to come back
  in CHANNEL        type in another channel (#general, #trivia, #moderators)
  commands          every slash command with its options
  help, quit"""


class LineReader:
    """Lines from a text stream, read on a daemon thread so the event loop never blocks on input
    (and an unfinished line never keeps the process alive at exit)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        threading.Thread(target=self._read, name="demo stdin", daemon=True).start()

    def _read(self) -> None:
        for line in self._stream:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, line.rstrip("\r\n"))
        self._loop.call_soon_threadsafe(self._queue.put_nowait, None)

    async def line(self) -> str | None:
        """The next line, or None at the end of input."""
        return await self._queue.get()


class Demo:
    def __init__(self, standin: DiscordStandIn, users: DiscordUsers, reader: LineReader, out: TextIO) -> None:
        self.standin = standin
        self.users = users
        self.reader = reader
        self.out = out
        self.you = users.member(YOU, manage_guild=True)
        self.member = self.you
        self.channel = "general"
        self.numbering = Numbering()
        self.renderer = Renderer(users.guild, self.numbering, self._name_of)
        self._shown: dict[int, int] = {}  # message id -> bodies already shown (creation + edits)
        self.interactive = out.isatty()

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _name_of(self, user_id: int) -> str | None:
        if user_id == self.standin.bot_user.id:
            return self.standin.bot_user.name
        return next((m.display_name for m in self.users.guild.members.values() if m.id == user_id), None)

    # -- what the bot sent -------------------------------------------------------------------------

    def show_new(self) -> None:
        """Print every message the bot created or changed since the last look, oldest first."""
        for message in sorted(self.standin.messages.values(), key=lambda m: m.id):
            seen = self._shown.get(message.id, 0)
            if message.deleted or len(message.history) <= seen:
                continue
            self._shown[message.id] = len(message.history)
            self.say(self.renderer.message(message, edited=seen > 0))

    async def watch(self) -> None:
        while True:
            await asyncio.sleep(WATCH_EVERY_S)
            self.show_new()

    # -- what you do -------------------------------------------------------------------------------

    async def run(self) -> None:
        self.say(
            f"Companion bot demo: you are {YOU!r} (with Manage Server) in #{self.channel} of {self.users.guild.name}."
        )
        self.say(HELP)
        while True:
            if self.interactive:
                print(f"{self.member.name} in #{self.channel}> ", end="", file=self.out, flush=True)
            line = await self.reader.line()
            if line is None or line.strip().lower() in ("quit", "exit"):
                return
            try:
                await self.handle(line.strip())
            except (CommandLineError, RefusedByDiscord, LookupError, KeyError, ValueError) as exc:
                self.say(f"! {exc}")
            except AssertionError as exc:  # the stand-in's waits: the bot did not answer in time
                self.say(f"! {str(exc).splitlines()[0]}")
            self.show_new()

    async def handle(self, line: str) -> None:
        if not line:
            return
        word, _, rest = line.partition(" ")
        if line.startswith("/"):
            await self.slash(line)
        elif line.isdigit():
            await self.press(int(line))
        elif word == "as" and rest:
            self.act_as(rest.strip())
        elif (word == "in" and rest) or line.startswith("#"):
            self.move_to((rest or line).strip().removeprefix("#"))
        elif line == "commands":
            self.say("\n".join(describe_commands(self.standin.commands_for(self.users.guild.id))))
        elif line == "help":
            self.say(HELP)
        else:
            self.say(f"! {line!r} is not a command here; type help")

    def act_as(self, name: str) -> None:
        guild = self.users.guild
        self.member = guild.members.get(name) or self.users.member(name)
        self.say(f"You are now {self.member.name!r}.")

    def move_to(self, name: str) -> None:
        self.users.guild.channel(name)  # KeyError names the channels there are
        self.channel = name
        self.say(f"You are now in #{name}.")

    async def slash(self, line: str) -> None:
        commands = self.standin.commands_for(self.users.guild.id)
        path, values = parse_command_line(line, commands, self.users.guild)
        payload = self.users.slash_payload(path, member=self.member, channel=self.channel, options=values)
        result = await self._send(payload)
        await self._follow(result)

    async def press(self, number: int) -> None:
        target = self.numbering.find(number)
        values = None
        component = target.component
        if component.get("type") != 2:  # a select menu: which options
            options = component.get("options") or []
            for index, option in enumerate(options, 1):
                self.say(f"  {index}) {option.get('label', option.get('value'))}")
            self.say("  choose by number (several: separate them with spaces):")
            answer = await self.reader.line() or ""
            try:
                values = [options[int(n) - 1]["value"] for n in answer.split()]
            except (ValueError, IndexError):
                raise CommandLineError(f"{answer!r}: choose numbers from 1 to {len(options)}") from None
        payload = self.users.click_payload(target.message, component["custom_id"], member=self.member, values=values)
        result = await self._send(payload, source=target.message)
        await self._follow(result)

    async def _send(self, payload: dict, *, source=None) -> InteractionResult:
        result = await self.standin.send_interaction(payload, source_message=source)
        return await result.wait_answered(ANSWER_WITHIN_S)

    async def _follow(self, result: InteractionResult) -> None:
        if result.type == CallbackType.MODAL:
            result = await self.fill_modal(result)
        await asyncio.sleep(SETTLE_S)

    async def fill_modal(self, opened: InteractionResult) -> InteractionResult:
        modal = opened.modal
        self.say(f"── form: {modal.get('title', '')} (type each field and press Enter) ──")
        values: dict[str, str | list[str]] = {}
        for label, field in modal_fields(modal):
            self.say(field_prompt(label, field))
            typed = await self.reader.line()
            if typed is None:
                raise CommandLineError("the form was left unfinished")
            if typed:
                values[field["custom_id"]] = typed.replace("\\n", "\n")
        return await self.users.submit_modal(opened, values, member=self.member, within=ANSWER_WITHIN_S)


async def _main(stdin: TextIO, stdout: TextIO) -> int:
    async with DiscordStandIn() as standin:
        users = DiscordUsers(standin)
        with tempfile.TemporaryDirectory(prefix="companion-demo-") as folder:
            environ = {**standin.environment(), "DATABASE_PATH": str(Path(folder) / "demo.db"), "LOG_LEVEL": "WARNING"}
            settings = load_settings(environ, env_file=None)
            async with Database(settings.database_path) as db:
                bot = CompanionBot(settings, db)
                bot._connection.guild_ready_timeout = 0.05  # one server: no need to wait 2 s for more
                running = asyncio.create_task(bot.start(settings.discord_token), name="companion bot")
                ready = asyncio.create_task(bot.wait_until_ready())
                try:
                    done, _ = await asyncio.wait(
                        {running, ready}, timeout=START_WITHIN_S, return_when="FIRST_COMPLETED"
                    )
                    if ready not in done:
                        error = running.exception() if running in done else None
                        if isinstance(error, ContentError):
                            print(f"data/ does not hold up against the article:\n{error}", file=stdout)
                            return 2
                        print(f"the bot did not start: {error!r}", file=stdout)
                        return 1
                    demo = Demo(standin, users, LineReader(stdin), stdout)
                    watcher = asyncio.create_task(demo.watch())
                    try:
                        await demo.run()
                    finally:
                        watcher.cancel()
                finally:
                    ready.cancel()
                    await bot.close()
                    with contextlib.suppress(Exception, asyncio.CancelledError):
                        await asyncio.wait_for(running, 10)
    return 0


def run_demo(stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    setup_logging(logging.WARNING)
    try:
        return asyncio.run(_main(stdin or sys.stdin, stdout or sys.stdout))
    except KeyboardInterrupt:
        return 0
