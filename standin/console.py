"""A terminal face for the stand-in: what the bot sent, as text, and a typed command line turned into
the options a slash command takes. Used by ``python -m bot demo`` (bot/demo.py); plain functions,
so they are tested without a terminal.

Messages and their buttons and select menus get numbers that stay the same for the life of the
session, so "press 3" means the same button after the message was edited, and ``menu ... 12`` the
same message. Markdown is rendered as Discord's client shows it (``standin/markdown.py``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standin.markdown import Style, render
from standin.model import Channel, Guild, Message, UploadedFile, walk_components
from standin.payloads import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    MESSAGE_COMMAND,
    NUMBER,
    ROLE,
    SELECTS,
    STRING,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    USER,
)

BUTTON, TEXT_INPUT, LABEL = 2, 4, 18
PARAGRAPH = 2  # text input style
ASK = "?"  # typed at the end of an option's value: show what the bot suggests for it
_TIMESTAMP = re.compile(r"<t:(-?\d+)(?::([tTdDfFR]))?>")
_USER_MENTION = re.compile(r"<@!?(\d+)>")
_CHANNEL_MENTION = re.compile(r"<#(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")
_TRUE, _FALSE = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}
_OPTIONAL = re.compile(r"\s*\(optional\)\s*$", re.IGNORECASE)


class CommandLineError(ValueError):
    """The typed line is not a command the bot has, or a value does not fit its option."""


@dataclass(frozen=True)
class Numbered:
    number: int
    message: Message
    component: dict


class Numbering:
    """Session-wide numbers: one for each message shown, one for each of their buttons and menus."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[int, str], int] = {}
        self._messages: dict[int, Message] = {}
        self._message_numbers: dict[int, int] = {}  # message id -> its number
        self._by_message_number: dict[int, Message] = {}

    def message_number(self, message: Message) -> int:
        if message.id not in self._message_numbers:
            number = len(self._message_numbers) + 1
            self._message_numbers[message.id] = number
            self._by_message_number[number] = message
        return self._message_numbers[message.id]

    def message(self, number: int) -> Message:
        """The message shown with this number (``menu ... 12``, ``reveal 12``)."""
        message = self._by_message_number.get(number)
        if message is None:
            raise CommandLineError(f"there is no message {number}; use the number in a message's heading")
        if message.deleted:
            raise CommandLineError(f"message {number} was deleted")
        return message

    def number(self, message: Message, custom_id: str) -> int:
        key = (message.id, custom_id)
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
        self._messages[message.id] = message
        return self._numbers[key]

    def find(self, number: int) -> Numbered:
        for (message_id, custom_id), candidate in self._numbers.items():
            if candidate == number:
                message = self._messages[message_id]
                component = message.component(custom_id)
                if component is None or message.deleted:
                    raise CommandLineError(f"[{number}] is no longer there (the message changed)")
                if component.get("disabled"):
                    raise CommandLineError(f"[{number}] is disabled")
                return Numbered(number, message, component)
        raise CommandLineError(f"there is no [{number}]; press a number shown beside a button")


class Renderer:
    """Turns messages into text: content, embeds (title, description, fields, footer), buttons."""

    def __init__(
        self, guild: Guild, numbering: Numbering, names: Callable[[int], str | None], *, ansi: bool = False
    ) -> None:
        self.guild = guild
        self.numbering = numbering
        self.names = names  # user id -> display name, for mentions
        self.ansi = ansi

    def message(
        self, message: Message, *, edited: bool = False, reveal: bool = False, author: str | None = None
    ) -> str:
        """The message as a block of lines. ``author``: a member's own message (the bot's say who sees them)."""
        style = Style(ansi=self.ansi, reveal_spoilers=reveal)
        channel = self._channel_name(message.channel_id)
        number = self.numbering.message_number(message)
        if author is not None:
            who = f"{author} wrote"
        else:
            who = "only you see this" if message.ephemeral else "everyone sees this"
        title = f"── message {number} · {channel} · {'edited' if edited else 'new'} · {who} "
        lines = [title + "─" * max(3, 72 - len(title))]
        if message.loading:
            lines.append("(thinking…)")
        if message.content:
            lines.append(self.markdown(message.content, style))
        for embed in message.embeds:
            lines += self.embed(embed, style)
        for upload in message.files:
            lines.append(f"📎 {upload.filename} ({len(upload.data)} bytes)")
        lines += self.components(message)
        return "\n".join(lines)

    def embed(self, embed: dict, style: Style | None = None) -> list[str]:
        """Discord renders markdown in an embed's title, description and fields, not in its author or footer."""
        style = style or Style(ansi=self.ansi)
        lines = []
        if author := embed.get("author", {}).get("name"):
            lines.append(f"│ {self.text(author)}")
        if title := embed.get("title"):
            lines.append(f"│ ■ {self.markdown(title, style)}")
        if description := embed.get("description"):
            lines += [f"│ {line}" for line in self.markdown(description, style).splitlines()]
        for embed_field in embed.get("fields", []):
            lines.append(f"│ ▸ {self.markdown(embed_field.get('name', ''), style)}")
            lines += [f"│   {line}" for line in self.markdown(embed_field.get("value", ""), style).splitlines()]
        if footer := embed.get("footer", {}).get("text"):
            lines.append(f"│ ({self.text(footer)})")
        return ["┌", *lines, "└"] if lines else []

    def components(self, message: Message) -> list[str]:
        shown = []
        for component in walk_components(message.components):
            custom_id = component.get("custom_id")
            if component.get("type") == BUTTON:
                label = " ".join(str(p) for p in (_emoji(component), component.get("label")) if p)
                if custom_id is None:  # a link button
                    shown.append(f"[link] {label}: {component.get('url', '')}")
                elif component.get("disabled"):
                    shown.append(f"[-] {label}")
                else:
                    shown.append(f"[{self.numbering.number(message, custom_id)}] {label}")
            elif component.get("type") in SELECTS and custom_id is not None:
                number = self.numbering.number(message, custom_id)
                options = ", ".join(o.get("label", "") for o in component.get("options") or [])
                shown.append(f"[{number}] {component.get('placeholder') or 'choose'}: {options}")
        return ["   ".join(shown)] if shown else []

    def markdown(self, text: str, style: Style | None = None) -> str:
        """Text Discord parses as markdown, with mentions and timestamps as its client shows them."""
        return self.text(render(text, style or Style(ansi=self.ansi)))

    def text(self, text: str) -> str:
        """Mentions and timestamps as Discord's client shows them."""
        text = _TIMESTAMP.sub(lambda m: _timestamp(int(m.group(1)), m.group(2)), text)
        text = _USER_MENTION.sub(lambda m: f"@{self.names(int(m.group(1))) or 'someone'}", text)
        text = _CHANNEL_MENTION.sub(lambda m: self._channel_name(int(m.group(1))), text)
        return _ROLE_MENTION.sub(lambda m: f"@{self._role_name(int(m.group(1)))}", text)

    def _channel_name(self, channel_id: int) -> str:
        found = next((c for c in self.guild.channels.values() if c.id == channel_id), None)
        return f"#{found.name}" if found else "a direct message"

    def _role_name(self, role_id: int) -> str:
        return next((r.name for r in self.guild.roles.values() if r.id == role_id), "a role")


def _emoji(component: dict) -> str | None:
    emoji = component.get("emoji") or {}
    return emoji.get("name") if not emoji.get("id") else None


def _timestamp(seconds: int, style: str | None) -> str:
    if style != "R":
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(seconds))
    delta = round(seconds - time.time())
    return f"in {delta} s" if delta >= 0 else f"{-delta} s ago"


# -- the command line -------------------------------------------------------------------------


@dataclass(frozen=True)
class CommandLine:
    """A typed slash command, before its values are typed: ``/report kind:quote item:greedy?``."""

    path: str  # "report", "quote search"
    definitions: dict[str, dict]  # the leaf's options by name, as synced
    raw: dict[str, str] = field(default_factory=dict)  # option -> the text typed for it
    asking: str | None = None  # the option whose value ended in "?": show its suggestions

    def suggested(self) -> list[str]:
        """The options given whose values the bot suggests as you type (autocomplete)."""
        return [name for name in self.raw if self.definitions[name].get("autocomplete")]

    def line(self, values: dict[str, str] | None = None) -> str:
        """The command typed back, with ``values`` in place of what was typed."""
        raw = {**self.raw, **(values or {})}
        return " ".join([f"/{self.path}", *(f"{name}:{value}" for name, value in raw.items())])


def read_command_line(line: str, commands: list[dict]) -> CommandLine:
    """``/quote search greedy`` or ``/trivia start rounds:3 category:people`` -> the command's path and
    the text of each option. Text after the path that names no option goes to the first string
    option still empty ("greedy" is ``text``). A value ending in ``?`` asks for suggestions."""
    words = line.strip().removeprefix("/").split()
    if not words:
        raise CommandLineError("type a command after the slash, e.g. /episode")
    top = next((c for c in commands if c.get("type", 1) == 1 and c["name"] == words[0]), None)
    if top is None:
        raise CommandLineError(f"there is no /{words[0]}; type 'commands' to list them")
    leaf, path = top, [words[0]]
    rest = words[1:]
    while rest:
        children = _subcommands(leaf)
        if not children:
            break
        if rest[0] not in children:
            raise CommandLineError(f"/{' '.join(path)} needs one of: {', '.join(children)}")
        leaf = children[rest[0]]
        path.append(rest.pop(0))
    if _subcommands(leaf):
        raise CommandLineError(f"/{' '.join(path)} needs one of: {', '.join(_subcommands(leaf))}")
    definitions = {o["name"]: o for o in leaf.get("options") or []}
    raw = _split_options(" ".join(rest), definitions)
    asking = None
    if raw and line.rstrip().endswith(ASK):
        last = next(reversed(raw))
        definition = definitions[last]
        if definition.get("autocomplete") or definition.get("choices") or raw[last] == ASK:
            asking = last
            raw[last] = raw[last].removesuffix(ASK).rstrip()
    return CommandLine(" ".join(path), definitions, raw, asking)


def parse_command_line(line: str, commands: list[dict], guild: Guild) -> tuple[str, dict[str, Any]]:
    """The command's path and its option values, typed as its synced definition says."""
    command = read_command_line(line, commands)
    return command.path, typed_options(command, guild)


def typed_options(command: CommandLine, guild: Guild) -> dict[str, Any]:
    return {name: _typed(command.definitions[name], raw, guild) for name, raw in command.raw.items()}


def _subcommands(node: dict) -> dict[str, dict]:
    return {o["name"]: o for o in node.get("options") or [] if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)}


def _split_options(text: str, definitions: dict[str, dict]) -> dict[str, str]:
    if not text:
        return {}
    names = "|".join(re.escape(n) for n in sorted(definitions, key=len, reverse=True))
    marker = re.compile(rf"(?:^|\s)({names}):") if names else None
    found = list(marker.finditer(text)) if marker else []
    values: dict[str, str] = {}
    leading = text[: found[0].start()].strip() if found else text.strip()
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        values[match.group(1)] = text[match.end() : end].strip()
    if leading:
        free = next((n for n, o in definitions.items() if o["type"] == STRING and n not in values), None)
        if free is None:
            offered = ", ".join(f"{n}:" for n in definitions) or "none"
            raise CommandLineError(f"which option is {leading!r}? this command takes: {offered}")
        values = {free: leading, **values}
    return values


def _typed(definition: dict, raw: str, guild: Guild) -> Any:
    kind, name = definition["type"], definition["name"]
    if choices := definition.get("choices"):  # a fixed list: its name (as Discord shows it) or its value
        found = next((c for c in choices if raw.casefold() in (str(c["value"]).casefold(), c["name"].casefold())), None)
        if found is None:
            offered = ", ".join(str(c["value"]) for c in choices)
            raise CommandLineError(f"{name}: choose one of {offered} (or type {name}:? to see them)")
        return found["value"]
    try:
        if kind == INTEGER:
            return int(raw)
        if kind == NUMBER:
            return float(raw)
    except ValueError:
        raise CommandLineError(f"{name}: {raw!r} is not a number") from None
    if kind == BOOLEAN:
        if raw.lower() not in _TRUE | _FALSE:
            raise CommandLineError(f"{name}: say true or false, not {raw!r}")
        return raw.lower() in _TRUE
    if kind == CHANNEL:
        return _channel(guild, raw.removeprefix("#"))
    if kind == ROLE:
        try:
            return guild.role(raw.removeprefix("@"))
        except KeyError as exc:
            raise CommandLineError(str(exc.args[0])) from None
    if kind in (USER, MENTIONABLE):
        member = guild.members.get(raw.removeprefix("@"))
        if member is None:
            raise CommandLineError(f"{name}: nobody called {raw!r} here; members: {', '.join(guild.members)}")
        return member
    if kind == ATTACHMENT:
        path = Path(raw).expanduser()
        if not path.is_file():
            raise CommandLineError(f"{name}: give the path of a file to upload; {raw!r} is not one")
        return UploadedFile(path.name, path.read_bytes(), "application/json" if path.suffix == ".json" else None)
    return raw


def _channel(guild: Guild, name: str) -> Channel:
    try:
        return guild.channel(name)
    except KeyError:
        raise CommandLineError(f"there is no #{name}; channels: {', '.join(guild.channels)}") from None


def local_choices(definition: dict, guild: Guild) -> list[tuple[str, str]] | None:
    """(value to type, what it shows) for an option whose values are known without asking the bot:
    fixed choices, true/false, channels, members. None: free text, or the bot suggests (autocomplete)."""
    kind = definition["type"]
    if choices := definition.get("choices"):
        return [(str(c["value"]), c["name"]) for c in choices]
    if kind == BOOLEAN:
        return [("true", "true"), ("false", "false")]
    if kind == CHANNEL:
        return [(f"#{name}", f"#{name}") for name in guild.channels]
    if kind == ROLE:
        return [(f"@{name}", f"@{name}") for name in guild.roles]
    if kind in (USER, MENTIONABLE):
        return [(name, name) for name in guild.members]
    return None


def describe_commands(commands: list[dict]) -> list[str]:
    """One line per slash command path with its options (required in <>, optional in []), then the
    message menus."""
    lines: list[str] = []

    def walk(node: dict, path: list[str]) -> None:
        subs = [o for o in node.get("options") or [] if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if subs:
            for sub in subs:
                walk(sub, [*path, sub["name"]])
            return
        options = " ".join(
            f"<{o['name']}:…{mark}>" if o.get("required") else f"[{o['name']}:…{mark}]"
            for o in node.get("options") or []
            for mark in ["?" if _suggests(o) else ""]
        )
        lines.append(f"/{' '.join(path)} {options}".rstrip() + f"   {node.get('description', '')}")

    for command in sorted(commands, key=lambda c: c["name"]):
        if command.get("type", 1) == 1:
            walk(command, [command["name"]])
    menus = message_menus(commands)
    if menus:
        lines.append("")
        lines += [f'menu "{name}" N   on message N (Apps, in Discord)' for name in menus]
    lines.append("")
    lines.append("An option shown with …? has suggestions: end its value with ? to see them (Tab completes too).")
    return lines


def _suggests(option: dict) -> bool:
    return bool(option.get("autocomplete") or option.get("choices"))


# -- message menus ------------------------------------------------------------------------------


def message_menus(commands: list[dict]) -> list[str]:
    """The names of the message context menus ("Apps" on a message), as synced."""
    return sorted(c["name"] for c in commands if c.get("type") == MESSAGE_COMMAND)


def read_menu_line(rest: str, menus: list[str]) -> tuple[str, int]:
    """``"Is this a real quote?" 12`` (or ``real quote 12``, any unambiguous part of the name) ->
    the menu's name and the message's number."""
    name_text, _, number_text = rest.strip().rpartition(" ")
    if not number_text.isdigit() or not name_text.strip():
        raise CommandLineError(f'say which menu and which message, e.g. menu "{menus[0] if menus else "Name"}" 3')
    wanted = name_text.strip().strip("\"'“”").casefold()
    exact = [m for m in menus if m.casefold() == wanted]
    found = exact or [m for m in menus if wanted in m.casefold()]
    if len(found) != 1:
        offered = "; ".join(f'"{m}"' for m in menus) or "none"
        raise CommandLineError(f"{'which' if found else 'no'} menu {name_text.strip()!r}? the menus: {offered}")
    return found[0], int(number_text)


# -- forms ------------------------------------------------------------------------------------


def modal_fields(modal: dict) -> list[tuple[str, dict]]:
    """(label, text input) for each text input of a modal the bot opened, in order: in an action
    row the input holds its label, in a label component (type 18) the label holds it."""
    fields = []
    for top in modal.get("components") or []:
        if top.get("type") == LABEL and (top.get("component") or {}).get("type") == TEXT_INPUT:
            fields.append((str(top.get("label", "")), top["component"]))
        for component in top.get("components") or []:
            if component.get("type") == TEXT_INPUT:
                fields.append((str(component.get("label", "")), component))
    return fields


def field_prompt(label: str, field: dict) -> list[str]:
    """How a form's box is asked for: its label and rules on one line, then what Discord shows
    inside the box: the text already in it, or the grey hint (placeholder)."""
    required = field.get("required", True)
    name = _OPTIONAL.sub("", label) or field["custom_id"]
    low, high = field.get("min_length", 0), field.get("max_length", 4000)
    rules = ["required" if required else "optional: Enter skips it"]
    rules.append(f"{low} to {high} characters" if low > 1 else f"at most {high} characters")
    if field.get("style") == PARAGRAPH:
        rules.append("type \\n for a new line")
    lines = [f"  {name} ({', '.join(rules)}):"]
    if field.get("value"):
        lines.append(f"    already filled in: {field['value']}  (Enter keeps it)")
    elif field.get("placeholder"):
        lines.append(f"    hint: {field['placeholder']}")
    return lines


def field_problem(field: dict, typed: str) -> str | None:
    """Why Discord's client would not submit ``typed`` in this box (None: it would)."""
    value = typed or field.get("value") or ""
    low, high = field.get("min_length", 0), field.get("max_length", 4000)
    if not value:
        return "this box is required" if field.get("required", True) else None
    if len(value) < low:
        return f"at least {low} characters, please ({len(value)} so far)"
    if len(value) > high:
        return f"at most {high} characters, please ({len(value)} typed)"
    return None


# -- completion (Tab) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """What Tab offers: replacements for ``line[start:]``, each with what to show for it; or, for an
    option the bot suggests values for, which option to ask it about (``ask_bot``)."""

    start: int
    candidates: list[tuple[str, str]] = field(default_factory=list)
    ask_bot: str | None = None  # the option; the partial value is line[start:]


def complete(line: str, commands: list[dict], guild: Guild, *, words: dict[str, list[str]]) -> Completion:
    """Completions for ``line`` (up to the cursor). ``words``: the demo's own commands, each with the
    values its argument can take (``in`` -> channels, ``as`` -> members, ``menu`` -> menus)."""
    if not line.startswith("/"):
        word, space, rest = line.partition(" ")
        if not space:
            return Completion(0, [(w, w) for w in words if w.startswith(word)])
        values = words.get(word, [])
        if word == "menu":
            wanted = rest.lstrip("\"'“").casefold()
            return Completion(len(word) + 1, [(f'"{m}" ', m) for m in values if m.casefold().startswith(wanted)])
        return Completion(len(word) + 1, [(v, v) for v in values if v.casefold().startswith(rest.casefold())])
    parts = line[1:].split(" ")
    top_level = [c for c in commands if c.get("type", 1) == 1]
    if len(parts) == 1:
        return Completion(1, [(c["name"], c["name"]) for c in top_level if c["name"].startswith(parts[0])])
    node = next((c for c in top_level if c["name"] == parts[0]), None)
    position, index = 1 + len(parts[0]) + 1, 1
    while node is not None and (children := _subcommands(node)):
        if index == len(parts) - 1:
            return Completion(position, [(n, n) for n in children if n.startswith(parts[index])])
        node = children.get(parts[index])
        position += len(parts[index]) + 1
        index += 1
    if node is None:
        return Completion(len(line))
    definitions = {o["name"]: o for o in node.get("options") or []}
    return _complete_options(line, position, definitions, guild)


def _complete_options(line: str, position: int, definitions: dict[str, dict], guild: Guild) -> Completion:
    arguments = line[position:]
    names = "|".join(re.escape(n) for n in sorted(definitions, key=len, reverse=True))
    markers = list(re.finditer(rf"(?:^|\s)({names}):", arguments)) if names else []
    last_word_at = max(arguments.rfind(" "), arguments.rfind("\t")) + 1
    last_word = arguments[last_word_at:]
    if ":" not in last_word:
        given = {m.group(1) for m in markers}
        offered = [n for n in definitions if n not in given and n.startswith(last_word)]
        if offered or not markers:
            return Completion(position + last_word_at, [(f"{n}:", f"{n}:") for n in offered])
    if not markers:
        return Completion(len(line))
    marker = markers[-1]
    name, value_at = marker.group(1), marker.end()
    partial = arguments[value_at:].lstrip()
    value_at = len(arguments) - len(partial)
    known = local_choices(definitions[name], guild)
    if known is not None:
        wanted = partial.casefold()
        found = [(v, f"{v}   {s}" if s != v else v) for v, s in known if v.casefold().startswith(wanted)]
        return Completion(position + value_at, found)
    if definitions[name].get("autocomplete"):
        return Completion(position + value_at, ask_bot=name)
    return Completion(len(line))
