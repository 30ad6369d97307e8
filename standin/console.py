"""A terminal face for the stand-in: what the bot sent, as plain text, and a typed command line turned
into the options a slash command takes. Used by ``python -m bot demo`` (bot/demo.py).

Buttons and select menus get numbers that stay the same for the life of the session, so "press 3"
means the same button after the message was edited.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standin.model import Channel, Guild, Message, UploadedFile, walk_components
from standin.payloads import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
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
_TIMESTAMP = re.compile(r"<t:(-?\d+)(?::([tTdDfFR]))?>")
_USER_MENTION = re.compile(r"<@!?(\d+)>")
_CHANNEL_MENTION = re.compile(r"<#(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")
_TRUE, _FALSE = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}


class CommandLineError(ValueError):
    """The typed line is not a command the bot has, or a value does not fit its option."""


@dataclass(frozen=True)
class Numbered:
    number: int
    message: Message
    component: dict


class Numbering:
    """Session-wide numbers for the buttons and menus of every message shown."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[int, str], int] = {}
        self._messages: dict[int, Message] = {}

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

    def __init__(self, guild: Guild, numbering: Numbering, names: Callable[[int], str | None]) -> None:
        self.guild = guild
        self.numbering = numbering
        self.names = names  # user id -> display name, for mentions

    def message(self, message: Message, *, edited: bool = False) -> str:
        channel = self._channel_name(message.channel_id)
        who = "only you see this" if message.ephemeral else "everyone sees this"
        title = f"── {channel} · {'edited' if edited else 'new'} · {who} "
        lines = [title + "─" * max(3, 72 - len(title))]
        if message.loading:
            lines.append("(thinking…)")
        if message.content:
            lines.append(self.text(message.content))
        for embed in message.embeds:
            lines += self.embed(embed)
        for upload in message.files:
            lines.append(f"📎 {upload.filename} ({len(upload.data)} bytes)")
        lines += self.components(message)
        return "\n".join(lines)

    def embed(self, embed: dict) -> list[str]:
        lines = []
        if author := embed.get("author", {}).get("name"):
            lines.append(f"│ {self.text(author)}")
        if title := embed.get("title"):
            lines.append(f"│ ■ {self.text(title)}")
        if description := embed.get("description"):
            lines += [f"│ {line}" for line in self.text(description).splitlines()]
        for field in embed.get("fields", []):
            lines.append(f"│ ▸ {self.text(field.get('name', ''))}")
            lines += [f"│   {line}" for line in self.text(field.get("value", "")).splitlines()]
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


def parse_command_line(line: str, commands: list[dict], guild: Guild) -> tuple[str, dict[str, Any]]:
    """``/quote search greedy`` or ``/trivia start rounds:3 category:people`` -> the command's path
    and its option values, typed as its synced definition says. Text after the path that names no
    option goes to the first string option still empty ("greedy" is ``text``)."""
    words = line.strip().removeprefix("/").split()
    if not words:
        raise CommandLineError("type a command after the slash, e.g. /episode")
    top = next((c for c in commands if c.get("type", 1) == 1 and c["name"] == words[0]), None)
    if top is None:
        raise CommandLineError(f"there is no /{words[0]}; type 'commands' to list them")
    leaf, path = top, [words[0]]
    rest = words[1:]
    while rest:
        children = {o["name"]: o for o in leaf.get("options") or [] if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)}
        if not children:
            break
        if rest[0] not in children:
            raise CommandLineError(f"/{' '.join(path)} needs one of: {', '.join(children)}")
        leaf = children[rest[0]]
        path.append(rest.pop(0))
    if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in leaf.get("options") or []):
        offered = ", ".join(o["name"] for o in leaf["options"])
        raise CommandLineError(f"/{' '.join(path)} needs one of: {offered}")
    definitions = {o["name"]: o for o in leaf.get("options") or []}
    values = _split_options(" ".join(rest), definitions)
    return " ".join(path), {name: _typed(definitions[name], raw, guild) for name, raw in values.items()}


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


def describe_commands(commands: list[dict]) -> list[str]:
    """One line per slash command path with its options (required in <>, optional in [])."""
    lines: list[str] = []

    def walk(node: dict, path: list[str]) -> None:
        subs = [o for o in node.get("options") or [] if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if subs:
            for sub in subs:
                walk(sub, [*path, sub["name"]])
            return
        options = " ".join(
            f"<{o['name']}:…>" if o.get("required") else f"[{o['name']}:…]" for o in node.get("options") or []
        )
        lines.append(f"/{' '.join(path)} {options}".rstrip() + f"   {node.get('description', '')}")

    for command in sorted(commands, key=lambda c: c["name"]):
        if command.get("type", 1) == 1:
            walk(command, [command["name"]])
    return lines


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


def field_prompt(label: str, field: dict) -> str:
    required = "required" if field.get("required", True) else "optional, Enter to skip"
    lines = " (several lines: separate them with \\n)" if field.get("style") == PARAGRAPH else ""
    hint = f"; e.g. {field['placeholder']}" if field.get("placeholder") else ""
    limit = field.get("max_length", 4000)
    return f"  {label or field['custom_id']} ({required}, at most {limit} characters{lines}{hint}):"
