"""``python -m bot demo`` (``make demo``): the real bot against a local Discord stand-in, with a prompt.

No Discord application or token: the stand-in (``standin/``) plays Discord on 127.0.0.1, with one
server, "Stars Hollow", and you as a member with Manage Server. Everything a member or a moderator
can do in Discord can be done here: slash commands with their options (what the bot suggests as you
type too: Tab, or a value ending in ``?``), buttons and select menus by number, forms box by box,
message menus ("Apps") on any message shown, your own messages for them to act on, direct messages.
What the bot sends is printed as Discord shows it: markdown rendered, spoilers hidden until
revealed, files saved. The bot's log goes to a file, never into the prompt.

The content comes from ``data/`` as the bot loads it at start, so this is also how a content author
previews an edit of ``data/episode.toml``. Each session starts from a new, temporary database.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from bot.client import CompanionBot
from bot.content.text import ContentError
from bot.db import Database
from bot.demo_terminal import Terminal
from bot.logs import SafeFormatter, wants_colour
from bot.settings import PROJECT_ROOT, load_settings
from standin import CallbackType, DiscordStandIn, DiscordUsers, InteractionResult, Message, RefusedByDiscord
from standin.console import (
    CommandLine,
    CommandLineError,
    Numbering,
    Renderer,
    complete,
    describe_commands,
    field_problem,
    field_prompt,
    local_choices,
    message_menus,
    modal_fields,
    read_command_line,
    read_menu_line,
    typed_options,
)

log = logging.getLogger(__name__)

START_WITHIN_S = 60.0
ANSWER_WITHIN_S = 10.0
WATCH_EVERY_S = 0.2  # how often messages the bot posts or edits on its own (a game's) are shown
SETTLE_S = 0.3  # after an answer, a moment for its follow-ups before the prompt returns
YOU = "you"
DM = "dm"
LOG_FILE = PROJECT_ROOT / "var" / "demo.log"

HELP = """\
Type what you would type in Discord, or one of these:
  /quote search greedy, /trivia start rounds:3 timer:10   a slash command (options as name:value)
  /report kind:quote item:greedy?   a value ending in ? lists what the bot suggests for it (Tab completes too)
  3                     press button [3] (or choose from menu [3])
  menu "Is this a real quote?" 12   a message menu ("Apps" in Discord) on message 12; "menu" lists them
  say TEXT              post a message of your own, for the menus to act on
  reveal 12             show the spoilers of message 12
  as NAME               act as another member (created without Manage Server); "as you" to come back
  in CHANNEL            type in another channel (#general, #trivia, #moderators), or "in dm": the bot's DMs
  commands              every slash command and menu with its options
  help, quit"""


class Demo:
    def __init__(self, standin: DiscordStandIn, users: DiscordUsers, terminal: Terminal, folder: Path) -> None:
        self.standin = standin
        self.users = users
        self.terminal = terminal
        self.folder = folder  # files the bot sends are saved here
        self.you = users.member(YOU, manage_guild=True)
        self.member = self.you
        self.channel = "general"  # or DM
        self.numbering = Numbering()
        self.renderer = Renderer(users.guild, self.numbering, self._name_of, ansi=wants_colour(terminal.stdout))
        self._shown: dict[int, int] = {}  # message id -> bodies already shown (creation + edits)
        self._prefill = ""  # the next line starts with this (a suggestion picked with "?")
        self._loop = asyncio.get_running_loop()
        terminal.completer = self.completions

    def say(self, text: str) -> None:
        self.terminal.say(text)

    @property
    def guild(self):
        return self.users.guild

    @property
    def in_dm(self) -> bool:
        return self.channel == DM

    def _name_of(self, user_id: int) -> str | None:
        if user_id == self.standin.bot_user.id:
            return self.standin.bot_user.name
        return next((m.display_name for m in self.guild.members.values() if m.id == user_id), None)

    def _commands(self) -> list[dict]:
        return self.standin.commands_for(None if self.in_dm else self.guild.id)

    # -- what the bot sent -------------------------------------------------------------------------

    def show_new(self) -> None:
        """Print every message the bot created or changed since the last look, oldest first."""
        for message in sorted(self.standin.messages.values(), key=lambda m: m.id):
            seen = self._shown.get(message.id, 0)
            if message.deleted or len(message.history) <= seen:
                continue
            self._shown[message.id] = len(message.history)
            self.say(self.renderer.message(message, edited=seen > 0))
            self._save_files(message)

    def _save_files(self, message: Message) -> None:
        for upload in message.files:
            path = self.folder / f"message-{self.numbering.message_number(message)}-{Path(upload.filename).name}"
            if not path.exists():
                path.write_bytes(upload.data)
                self.say(f"   saved as {path} (an attachment option takes this path)")

    # -- what you do -------------------------------------------------------------------------------

    async def run(self) -> None:
        self.say(f"Companion bot demo: you are {YOU!r} (with Manage Server) in #{self.channel} of {self.guild.name}.")
        self.say(HELP)
        while True:
            where = "direct messages" if self.in_dm else f"#{self.channel}"
            prefill, self._prefill = self._prefill, ""
            line = await self.terminal.line(f"{self.member.name} in {where}> ", prefill=prefill)
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
        rest = rest.strip()
        if line.startswith("/"):
            await self.slash(line)
        elif line.isdigit():
            await self.press(int(line))
        elif word == "menu":
            await self.menu(rest)
        elif word == "say" and rest:
            self.post(rest)
        elif word == "reveal" and rest.isdigit():
            self.say(self.renderer.message(self.numbering.message(int(rest)), reveal=True))
        elif word == "as" and rest:
            self.act_as(rest)
        elif (word == "in" and rest) or line.startswith("#"):
            self.move_to((rest or line).removeprefix("#"))
        elif line == "commands":
            self.say("\n".join(describe_commands(self._commands())))
        elif line == "help":
            self.say(HELP)
        else:
            self.say(f"! {line!r} is not a command here; type help")

    def act_as(self, name: str) -> None:
        self.member = self.guild.members.get(name) or self.users.member(name)
        self.say(f"You are now {self.member.name!r}.")

    def move_to(self, name: str) -> None:
        if name.lower() == DM:
            self.channel = DM
            self.say("You are now in your direct messages with the bot (server-only commands are not offered here).")
            return
        self.guild.channel(name)  # KeyError names the channels there are
        self.channel = name
        self.say(f"You are now in #{name}.")

    def post(self, text: str) -> None:
        if self.in_dm:
            raise CommandLineError("say posts in a server channel: type 'in general' first")
        message = self.users.post_message(self.member, text.replace("\\n", "\n"), channel=self.channel)
        self.say(self.renderer.message(message, author=self.member.name))

    # -- slash commands and their suggestions -----------------------------------------------------

    async def slash(self, line: str) -> None:
        command = read_command_line(line, self._commands())
        if command.asking is not None:
            await self.offer_suggestions(command, command.asking)
            return
        picked: dict[str, str] = {}
        for name in command.suggested():
            picked[name] = await self.pick_suggestion(command, name)
        command = dataclasses.replace(command, raw={**command.raw, **picked})
        values = typed_options(command, self.guild)
        payload = self.users.slash_payload(
            command.path,
            member=self.member,
            channel=None if self.in_dm else self.channel,
            dm=self.in_dm,
            options=values,
        )
        await self._follow(await self._send(payload))

    async def suggestions(self, command: CommandLine, name: str, partial: str) -> list[dict]:
        """What the bot suggests for option ``name`` while ``partial`` is typed (autocomplete)."""
        others = {}
        for other, raw in command.raw.items():  # what is typed in the other options so far, as Discord sends it
            if other != name and raw:
                with contextlib.suppress(CommandLineError):
                    others[other] = typed_options(dataclasses.replace(command, raw={other: raw}), self.guild)[other]
        return await self.users.autocomplete(
            command.path,
            focused=name,
            value=partial,
            member=self.member,
            channel=None if self.in_dm else self.channel,
            dm=self.in_dm,
            options=others,
            within=ANSWER_WITHIN_S,
        )

    async def pick_suggestion(self, command: CommandLine, name: str) -> str:
        """The value sent for an option the bot suggests values for: what Discord's client sends once a
        suggestion is picked (the first, as Enter picks it), unless the text typed is one already."""
        typed = command.raw[name]
        found = await self.suggestions(command, name, typed)
        for choice in found:
            if typed == str(choice["value"]) or typed.casefold() == choice["name"].casefold():
                return str(choice["value"])
        if not found:
            return typed  # nothing suggested: the bot gets the text as typed, and answers for it
        first = found[0]
        self.say(f"  {name}: “{typed}” picks the first suggestion, {first['name']} ({name}:{first['value']})")
        return str(first["value"])

    async def offer_suggestions(self, command: CommandLine, name: str) -> None:
        """``name:partial?``: list the values on offer; a number fills one in, and the line comes back to finish."""
        definition = command.definitions[name]
        known = local_choices(definition, self.guild)
        if known is not None:
            wanted = command.raw[name].casefold()
            offered = [(value, shown) for value, shown in known if wanted in f"{value} {shown}".casefold()] or known
        elif definition.get("autocomplete"):
            offered = [(str(c["value"]), c["name"]) for c in await self.suggestions(command, name, command.raw[name])]
        else:
            raise CommandLineError(f"{name} takes whatever you type; there is nothing to suggest")
        if not offered:
            self.say(f"  the bot suggests nothing for {name}:{command.raw[name]}")
            self._prefill = command.line() + " "
            return
        for index, (value, shown) in enumerate(offered, 1):
            self.say(f"  {index}) {shown}" + (f"   ({name}:{value})" if value != shown else ""))
        self.say("  pick one by number to fill it in (Enter: keep what you typed):")
        answer = (await self.terminal.line("  > ") or "").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(offered):
            line = command.line({name: offered[int(answer) - 1][0]})
        elif not answer:
            line = command.line()
        else:
            raise CommandLineError(f"{answer!r}: pick a number from 1 to {len(offered)}")
        self._prefill = line + " "
        if not self.terminal.interactive:
            self.say(f"  {line} (the next line is added to it; Enter alone sends it)")

    def completions(self, text: str) -> tuple[int, list[tuple[str, str]]]:
        """For Tab, called from the terminal's reading thread: what completes ``text``."""
        words = {
            "as": list(self.guild.members),
            "in": [*self.guild.channels, DM],
            "menu": message_menus(self._commands()),
            "say": [],
            "reveal": [],
            "commands": [],
            "help": [],
            "quit": [],
        }
        found = complete(text, self._commands(), self.guild, words=words)
        if found.ask_bot is None:
            return found.start, found.candidates
        command = read_command_line(text, self._commands())
        asked = asyncio.run_coroutine_threadsafe(
            self.suggestions(command, found.ask_bot, text[found.start :]), self._loop
        )
        choices = asked.result(ANSWER_WITHIN_S)
        return found.start, [(str(c["value"]), f"{c['value']}   {c['name']}") for c in choices]

    # -- buttons, menus and forms -----------------------------------------------------------------

    async def press(self, number: int) -> None:
        target = self.numbering.find(number)
        values = None
        component = target.component
        if component.get("type") != 2:  # a select menu: which options
            options = component.get("options") or []
            for index, option in enumerate(options, 1):
                self.say(f"  {index}) {option.get('label', option.get('value'))}")
            self.say("  choose by number (several: separate them with spaces):")
            answer = await self.terminal.line("  > ") or ""
            try:
                values = [options[int(n) - 1]["value"] for n in answer.split()]
            except (ValueError, IndexError):
                raise CommandLineError(f"{answer!r}: choose numbers from 1 to {len(options)}") from None
        payload = self.users.click_payload(target.message, component["custom_id"], member=self.member, values=values)
        await self._follow(await self._send(payload, source=target.message))

    async def menu(self, rest: str) -> None:
        menus = message_menus(self._commands())
        if not rest or rest == "?":
            self.say("\n".join([f'  menu "{name}" N' for name in menus] + ["  (N: the number in a message's heading)"]))
            return
        name, number = read_menu_line(rest, menus)
        target = self.numbering.message(number)
        result = await self.users.context_menu(name, target, member=self.member, dm=self.in_dm, within=ANSWER_WITHIN_S)
        await self._follow(result)

    async def _send(self, payload: dict, *, source: Message | None = None) -> InteractionResult:
        result = await self.standin.send_interaction(payload, source_message=source)
        return await result.wait_answered(ANSWER_WITHIN_S)

    async def _follow(self, result: InteractionResult) -> None:
        if result.type == CallbackType.MODAL:
            result = await self.fill_modal(result)
        await asyncio.sleep(SETTLE_S)

    async def fill_modal(self, opened: InteractionResult) -> InteractionResult:
        modal = opened.modal
        self.say(f"── form: {modal.get('title', '')} (type each box and press Enter) ──")
        values: dict[str, str | list[str]] = {}
        for label, field in modal_fields(modal):
            self.say("\n".join(field_prompt(label, field)))
            while True:
                typed = await self.terminal.line("  > ")
                if typed is None:
                    raise CommandLineError("the form was left unfinished")
                typed = typed.replace("\\n", "\n")
                problem = field_problem(field, typed)
                if problem is None:
                    break
                self.say(f"  ! {problem}; type it again")
            if typed:
                values[field["custom_id"]] = typed
        return await self.users.submit_modal(opened, values, member=self.member, within=ANSWER_WITHIN_S)


class ErrorNotices(logging.Handler):
    """Errors the bot logs, told in one line between commands (the whole record is in the log file)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.pending: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.pending.append(record.getMessage().splitlines()[0][:200])


def log_to_file(path: Path, secrets: list[str]) -> ErrorNotices:
    """Every log line (the bot's, discord.py's, Python's warnings) to ``path``, none to the terminal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(SafeFormatter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):  # the terminal's handler (bot.logs.setup_logging)
        if getattr(old, "companion_handler", False):
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    notices = ErrorNotices()
    root.addHandler(notices)
    return notices


async def _main(stdin: TextIO, stdout: TextIO, log_file: Path) -> int:
    async with DiscordStandIn() as standin:
        users = DiscordUsers(standin)
        with tempfile.TemporaryDirectory(prefix="companion-demo-") as folder:
            environ = {**standin.environment(), "DATABASE_PATH": str(Path(folder) / "demo.db"), "LOG_LEVEL": "INFO"}
            settings = load_settings(environ, env_file=None)
            notices = log_to_file(log_file, [settings.discord_token])
            async with Database(settings.database_path) as db:
                bot = CompanionBot(settings, db)
                bot._connection.guild_ready_timeout = 0.05  # one server: no need to wait 2 s for more
                running = asyncio.create_task(bot.start(settings.discord_token), name="companion bot")
                ready = asyncio.create_task(bot.wait_until_ready())
                terminal = Terminal(stdin, stdout)
                try:
                    done, _ = await asyncio.wait(
                        {running, ready}, timeout=START_WITHIN_S, return_when="FIRST_COMPLETED"
                    )
                    if ready not in done:
                        error = running.exception() if running in done else None
                        if isinstance(error, ContentError):
                            print(f"data/ does not hold up against the article:\n{error}", file=stdout)
                            return 2
                        print(f"the bot did not start: {error!r} (its log: {log_file})", file=stdout)
                        return 1
                    demo = Demo(standin, users, terminal, Path(folder))
                    demo.say(f"(The bot's log goes to {_shown_path(log_file)}.)")
                    watcher = asyncio.create_task(_watch(demo, notices, log_file))
                    try:
                        await demo.run()
                    finally:
                        watcher.cancel()
                finally:
                    terminal.close()
                    ready.cancel()
                    await bot.close()
                    with contextlib.suppress(Exception, asyncio.CancelledError):
                        await asyncio.wait_for(running, 10)
    return 0


async def _watch(demo: Demo, notices: ErrorNotices, log_file: Path) -> None:
    """New and edited messages as they come, and one line for each error the bot logs."""
    while True:
        await asyncio.sleep(WATCH_EVERY_S)
        demo.show_new()
        while notices.pending:
            demo.say(f"! the bot logged an error: {notices.pending.pop(0)} (details: {_shown_path(log_file)})")


def _shown_path(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.relative_to(Path.cwd()))
    return str(path)


def run_demo(stdin: TextIO | None = None, stdout: TextIO | None = None, *, log_file: Path = LOG_FILE) -> int:
    try:
        return asyncio.run(_main(stdin or sys.stdin, stdout or sys.stdout, log_file))
    except KeyboardInterrupt:
        return 0
