"""INTERACTION_CREATE payloads built the way Discord builds them: from the SYNCED command
definitions (so subcommand groups, option types, choices and ranges are the bot's own), and
refusing what Discord's client would never send (an unknown option, a value out of range, a
button that is not on the message, a missing required field)."""

from __future__ import annotations

import secrets
from typing import Any

from standin.model import Channel, Guild, Member, Message, Role, UploadedFile, snowflake, walk_components
from standin.results import InteractionResult

APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
MESSAGE_COMMAND = 3  # an application command's type: a message context menu
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11
OPTION_TYPE_NAMES = {
    STRING: "string",
    INTEGER: "integer",
    BOOLEAN: "boolean",
    USER: "user",
    CHANNEL: "channel",
    ROLE: "role",
    MENTIONABLE: "mentionable",
    NUMBER: "number",
    ATTACHMENT: "attachment",
}
SELECTS = (3, 5, 6, 7, 8)
ADMINISTRATOR = 1 << 3
GUILD_CONTEXT, BOT_DM_CONTEXT, PRIVATE_CHANNEL_CONTEXT = 0, 1, 2
GUILD_INSTALL, USER_INSTALL = 0, 1
MESSAGE_COMMAND = 3
# What an app installed by a member, not the server, may do there: post answers, with embeds and files.
EXTERNAL_APP_PERMISSIONS = (1 << 11) | (1 << 14) | (1 << 15)


class RefusedByDiscord(ValueError):
    """The test asked for something Discord's client would not let a user send."""


class PayloadBuilder:
    def __init__(self, application_id: int, attach) -> None:
        self.application_id = application_id
        self._attach = attach  # registers a test upload with the stand-in's CDN

    # -- common envelope ------------------------------------------------------------------------

    def envelope(
        self,
        kind: int,
        *,
        guild: Guild | None,
        channel: Channel,
        member: Member,
        locale: str = "en-US",
        private_channel: bool = False,
    ) -> dict[str, Any]:
        """The fields every interaction carries. Where it runs decides ``context`` (0 a server,
        1 the bot's DM, 2 a DM or group DM between users) and ``authorizing_integration_owners``
        ("0": the server, when it installed the bot; "1": the member, who installed it themself)."""
        payload: dict[str, Any] = {
            "id": str(snowflake()),
            "application_id": str(self.application_id),
            "type": kind,
            "token": "interaction." + secrets.token_urlsafe(32),
            "version": 1,
            "locale": locale,
            "attachment_size_limit": 25 * 1024 * 1024,
            "entitlements": [],
            "channel_id": str(channel.id),
            "channel": {**channel.payload(), "permissions": str(member.permissions)},
        }
        if guild is not None:
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": "en-US", "features": []},
                guild_locale="en-US",
                member=member.member_payload(),
                app_permissions=str(guild.bot_permissions if guild.bot_installed else EXTERNAL_APP_PERMISSIONS),
                context=GUILD_CONTEXT,
                authorizing_integration_owners=({"0": str(guild.id)} if guild.bot_installed else {"1": str(member.id)}),
            )
        else:
            payload.update(
                user=member.user_payload(),
                app_permissions=str(0xFFFFFFFF & ~ADMINISTRATOR),
                context=PRIVATE_CHANNEL_CONTEXT if private_channel else BOT_DM_CONTEXT,
                authorizing_integration_owners={"1": str(member.id)},
            )
        return payload

    # -- application commands -------------------------------------------------------------------

    def command(
        self,
        commands: list[dict],
        path: str,
        values: dict[str, Any],
        *,
        guild: Guild | None,
        channel: Channel,
        member: Member,
        focused: str | None = None,
        validate: bool = True,
        override_permissions: bool = False,
        locale: str = "en-US",
        private_channel: bool = False,
    ) -> dict[str, Any]:
        """A slash command (``focused`` None) or an autocomplete request for option ``focused``."""
        words = path.strip().lstrip("/").split()
        if not words:
            raise ValueError("name a command, e.g. 'quote search'")
        top = next((c for c in commands if c.get("type", 1) == 1 and c["name"] == words[0]), None)
        if top is None:
            names = ", ".join(sorted("/" + c["name"] for c in commands if c.get("type", 1) == 1)) or "none"
            raise LookupError(f"no synced slash command /{words[0]}; synced: {names}")
        _check_usable(
            top, guild=guild, member=member, override_permissions=override_permissions, private_channel=private_channel
        )

        chain: list[dict] = [top]
        for word in words[1:]:
            children = [o for o in chain[-1].get("options") or [] if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
            child = next((o for o in children if o["name"] == word), None)
            if child is None:
                offered = ", ".join(o["name"] for o in children) or "none"
                raise LookupError(
                    f"/{' '.join(w for w in words[: len(chain)])} has no subcommand {word!r}; it has: {offered}"
                )
            chain.append(child)
        leaf = chain[-1]
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in leaf.get("options") or []):
            offered = ", ".join(o["name"] for o in leaf["options"])
            raise LookupError(f"/{path} is a group; add a subcommand: {offered}")

        resolved: dict[str, dict] = {}
        options = self._options(leaf, values, resolved, guild=guild, focused=focused, validate=validate)
        for parent in reversed(chain[1:]):
            options = [{"name": parent["name"], "type": parent["type"], "options": options}]
        data: dict[str, Any] = {"id": top["id"], "name": top["name"], "type": 1, "options": options}
        if top.get("guild_id"):
            data["guild_id"] = top["guild_id"]
        if resolved:
            data["resolved"] = resolved
        kind = APPLICATION_COMMAND if focused is None else AUTOCOMPLETE
        payload = self.envelope(
            kind, guild=guild, channel=channel, member=member, locale=locale, private_channel=private_channel
        )
        payload["data"] = data
        return payload

    def message_command(
        self,
        commands: list[dict],
        name: str,
        target: dict,
        *,
        guild: Guild | None,
        channel: Channel,
        member: Member,
        override_permissions: bool = False,
        private_channel: bool = False,
    ) -> dict[str, Any]:
        """A message context menu command ("Apps" on a message): ``target`` is the message's JSON,
        which Discord sends in the resolved data (no message-content intent needed)."""
        command = next((c for c in commands if c.get("type") == MESSAGE_COMMAND and c["name"] == name), None)
        if command is None:
            names = ", ".join(sorted(c["name"] for c in commands if c.get("type") == MESSAGE_COMMAND)) or "none"
            raise LookupError(f"no synced message command {name!r}; synced: {names}")
        _check_usable(
            command,
            guild=guild,
            member=member,
            override_permissions=override_permissions,
            private_channel=private_channel,
        )
        payload = self.envelope(
            APPLICATION_COMMAND, guild=guild, channel=channel, member=member, private_channel=private_channel
        )
        payload["data"] = {
            "id": command["id"],
            "name": command["name"],
            "type": MESSAGE_COMMAND,
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }
        if command.get("guild_id"):
            payload["data"]["guild_id"] = command["guild_id"]
        return payload

    def _options(
        self,
        leaf: dict,
        values: dict[str, Any],
        resolved: dict[str, dict],
        *,
        guild: Guild | None,
        focused: str | None,
        validate: bool,
    ) -> list[dict]:
        definitions = {o["name"]: o for o in leaf.get("options") or []}
        given: dict[str, Any] = {}
        for name, value in values.items():
            key = name if name in definitions else name.replace("_", "-")
            if key not in definitions:
                offered = ", ".join(definitions) or "no options"
                raise RefusedByDiscord(f"/{leaf['name']} has no option {name!r}; it has {offered}")
            given[key] = value
        if focused is not None:
            focused = focused if focused in definitions else focused.replace("_", "-")
            definition = definitions.get(focused)
            if definition is None or not definition.get("autocomplete"):
                raise RefusedByDiscord(f"option {focused!r} of /{leaf['name']} has no autocomplete")
            given.setdefault(focused, "")
        missing = [n for n, o in definitions.items() if o.get("required") and n not in given]
        if missing and focused is None and validate:
            raise RefusedByDiscord(f"/{leaf['name']} needs option(s) {', '.join(missing)}")
        options = []
        for name, value in given.items():
            definition = definitions[name]
            if name == focused:
                options.append({"name": name, "type": definition["type"], "value": str(value), "focused": True})
                continue
            encoded = self._encode(definition, value, resolved, guild=guild, validate=validate)
            options.append({"name": name, "type": definition["type"], "value": encoded})
        return options

    def _encode(self, definition: dict, value: Any, resolved: dict, *, guild: Guild | None, validate: bool) -> Any:
        kind, name = definition["type"], definition["name"]
        expected = OPTION_TYPE_NAMES.get(kind, str(kind))

        def refuse(why: str) -> RefusedByDiscord:
            return RefusedByDiscord(f"option {name!r} ({expected}): {why}")

        if kind in (STRING, INTEGER, NUMBER):
            ok = {STRING: isinstance(value, str), INTEGER: isinstance(value, int) and not isinstance(value, bool)}
            ok[NUMBER] = isinstance(value, int | float) and not isinstance(value, bool)
            if not ok[kind]:
                raise refuse(f"{value!r} is not a {expected}")
            choices = definition.get("choices") or []
            if choices:
                by_name = {c["name"]: c["value"] for c in choices}
                if value not in [c["value"] for c in choices]:
                    if value in by_name:
                        value = by_name[value]
                    elif validate:
                        raise refuse(f"{value!r} is not one of the choices {[c['value'] for c in choices]}")
            if validate and kind == STRING:
                low, high = definition.get("min_length", 0), definition.get("max_length", 6000)
                if not low <= len(value) <= high:
                    raise refuse(f"{len(value)} characters; Discord allows {low} to {high}")
            if validate and kind != STRING:
                low, high = definition.get("min_value"), definition.get("max_value")
                if (low is not None and value < low) or (high is not None and value > high):
                    raise refuse(f"{value} is outside {low}..{high}")
            return value
        if kind == BOOLEAN:
            if not isinstance(value, bool):
                raise refuse(f"{value!r} is not a boolean")
            return value
        if kind == ATTACHMENT:
            if not isinstance(value, UploadedFile):
                raise refuse("pass an UploadedFile(filename, data, content_type)")
            resolved.setdefault("attachments", {})[str(value.id)] = self._attach(value)
            return str(value.id)
        if isinstance(value, str) and guild is not None and kind in (CHANNEL, ROLE):
            value = guild.channel(value) if kind == CHANNEL else guild.role(value)
        if isinstance(value, Member) and kind in (USER, MENTIONABLE):
            resolved.setdefault("users", {})[str(value.id)] = value.user_payload()
            if value.guild_id is not None:
                resolved.setdefault("members", {})[str(value.id)] = value.member_payload(with_user=False)
            return str(value.id)
        if isinstance(value, Role) and kind in (ROLE, MENTIONABLE):
            resolved.setdefault("roles", {})[str(value.id)] = value.payload()
            return str(value.id)
        if isinstance(value, Channel) and kind == CHANNEL:
            allowed = definition.get("channel_types")
            if validate and allowed and value.type not in allowed:
                raise refuse(f"{value} is a type-{value.type} channel; allowed types: {allowed}")
            channel_json = {**value.payload(), "permissions": str(0xFFFFFFFF)}
            resolved.setdefault("channels", {})[str(value.id)] = channel_json
            return str(value.id)
        raise refuse(f"cannot send {value!r}")

    # -- components and modals ------------------------------------------------------------------

    def component(
        self,
        message: Message,
        custom_id: str,
        *,
        guild: Guild | None,
        channel: Channel,
        member: Member,
        values: list[str] | None,
        message_json: dict,
    ) -> dict[str, Any]:
        component = message.component(custom_id)
        if component is None:
            present = [c.get("custom_id") for c in message.components_flat() if c.get("custom_id")]
            raise RefusedByDiscord(f"message {message.id} has no component {custom_id!r}; it has {present}")
        if component.get("disabled"):
            raise RefusedByDiscord(f"component {custom_id!r} is disabled")
        if message.deleted:
            raise RefusedByDiscord(f"message {message.id} was deleted")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if component["type"] in SELECTS:
            chosen = list(values or [])
            low, high = component.get("min_values", 1), component.get("max_values", 1)
            if not low <= len(chosen) <= high:
                raise RefusedByDiscord(f"select {custom_id!r} takes {low} to {high} values, not {len(chosen)}")
            offered = [o["value"] for o in component.get("options") or []]
            if component["type"] == 3 and any(v not in offered for v in chosen):
                raise RefusedByDiscord(f"select {custom_id!r} offers {offered}, not {chosen}")
            data["values"] = chosen
        elif values is not None:
            raise RefusedByDiscord(f"component {custom_id!r} is a button; values are for select menus")
        payload = self.envelope(MESSAGE_COMPONENT, guild=guild, channel=channel, member=member)
        payload["data"] = data
        payload["message"] = message_json
        return payload

    def modal_submit(
        self,
        opened: InteractionResult,
        values: dict[str, str | list[str]],
        *,
        guild: Guild | None,
        channel: Channel,
        member: Member,
        message_json: dict | None,
        validate: bool = True,
    ) -> dict[str, Any]:
        modal = opened.modal
        fields = {c["custom_id"]: c for c in walk_components(modal.get("components") or []) if c.get("custom_id")}
        unknown = set(values) - set(fields)
        if unknown:
            raise RefusedByDiscord(
                f"modal {modal['custom_id']!r} has no field(s) {sorted(unknown)}; it has {sorted(fields)}"
            )

        def submitted(component: dict) -> dict:
            custom_id = component["custom_id"]
            if component["type"] == 4:
                value = values.get(custom_id, component.get("value") or "")
                if not isinstance(value, str):
                    raise RefusedByDiscord(f"text input {custom_id!r} takes a string")
                required = component.get("required", True)
                low, high = component.get("min_length", 0), component.get("max_length", 4000)
                if validate and ((required and not value) or (value and not low <= len(value) <= high)):
                    raise RefusedByDiscord(
                        f"text input {custom_id!r}: {len(value)} characters, allowed {low} to {high}"
                    )
                return {"type": 4, "custom_id": custom_id, "value": value}
            chosen = values.get(custom_id, [])
            return {"type": component["type"], "custom_id": custom_id, "values": list(chosen)}

        components = []
        for top in modal.get("components") or []:
            if top["type"] == 1:
                row = [submitted(c) for c in top.get("components") or [] if c.get("custom_id")]
                components.append({"type": 1, "components": row})
            elif top["type"] == 18 and top.get("component", {}).get("custom_id"):
                components.append({"type": 18, "component": submitted(top["component"])})
        payload = self.envelope(MODAL_SUBMIT, guild=guild, channel=channel, member=member)
        payload["data"] = {"custom_id": modal["custom_id"], "components": components}
        if message_json is not None:
            payload["message"] = message_json
        return payload


def _check_usable(
    command: dict, *, guild: Guild | None, member: Member, override_permissions: bool, private_channel: bool = False
) -> None:
    """Discord offers a command only in the contexts it allows (a guild-only one not in DMs), only
    where it is installed (a server that did not install the bot, or a DM between users, has only
    the member's own install), and not to members lacking its ``default_member_permissions``
    (unless a server admin overrode them)."""
    contexts = command.get("contexts")
    context = GUILD_CONTEXT if guild else PRIVATE_CHANNEL_CONTEXT if private_channel else BOT_DM_CONTEXT
    if guild is None and command.get("dm_permission") is False:
        raise RefusedByDiscord(f"/{command['name']} is guild-only; Discord does not offer it in DMs")
    if contexts is not None and context not in contexts:
        raise RefusedByDiscord(f"/{command['name']} allows contexts {contexts}, not {context}")
    installs = command.get("integration_types") or [GUILD_INSTALL]
    member_install_only = private_channel or (guild is not None and not guild.bot_installed)
    if member_install_only and USER_INSTALL not in installs:
        raise RefusedByDiscord(f"/{command['name']} is not user-installable (integration_types {installs})")
    required = command.get("default_member_permissions")
    if guild is not None and required is not None and not override_permissions:
        needed = int(required)
        if member.permissions & ADMINISTRATOR == 0 and member.permissions & needed != needed:
            raise RefusedByDiscord(
                f"/{command['name']} needs permissions {needed:#x} by default and {member.name} lacks them; "
                "pass override_permissions=True to act as if a server admin allowed it"
            )
