"""No "Something went wrong" from member input (issue #11): every synced command (each option in turn
set to hostile values, as a client that ignores the synced limits would send them), every autocomplete,
every context menu, every button the answers carry and every form they open (filled with hostile text)
is answered, never with the generic error, and nothing is logged at ERROR.

The commands are read from what the bot synced, so a command added later is driven too."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from standin import BotEnv, CallbackType, UploadedFile
from standin.model import Member
from standin.results import InteractionResult
from tests.hostile.test_e2e_buttons import GENERIC_ERROR
from tests.trivia._support import posted

# Hostile values reach the SQL of both backends: PostgreSQL's types are stricter than SQLite's.
pytestmark = pytest.mark.both_backends

STRING, INTEGER, BOOLEAN, USER, CHANNEL, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 9, 10, 11
HOSTILE_TEXT = (
    "Lone \ud800 surrogate",
    "bell\x07 and nul\x00",
    "\u200b\u200d\ufeff",
    "\u202eMilo Ventimiglia",
    "@everyone **bold** <@1> ||spoiler|| `code` > quote",
    '"NEAR(milo jess)" * body: AND OR -x',
    "'; DROP TABLE questions; --",
    "%_\\",
    "",
    "Ｍｉｌｏ 👩\u200d🚀 Милан ミロ",
    "9" * 30,
    "x" * 6001,
)
FORM_TEXT = (*HOSTILE_TEXT[:6], "x" * 4001, "\n\n\n")
UNSENDABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f]")
HOSTILE_INTS = (0, -1, 2**63, 2**64, 10**30)


def leaves(commands: list[dict]) -> Iterator[tuple[str, dict, dict]]:
    """(path, leaf, top) of every slash command and subcommand."""

    def walk(node: dict, path: str, top: dict):
        path = f"{path} {node['name']}".strip()
        subcommands = [o for o in node.get("options") or [] if o["type"] in (1, 2)]
        if not subcommands:
            yield path, node, top
        for sub in subcommands:
            yield from walk(sub, path, top)

    for top in commands:
        if top.get("type", 1) == 1:
            yield from walk(top, "", top)


class Sweep:
    """Drives the bot and checks every answer on the way."""

    def __init__(self, env: BotEnv) -> None:
        self.env = env
        self.mod = env.member("sweeper", manage_guild=True)
        self.fan = env.member("bystander")
        self.count = 0

    def good_value(self, option: dict, env: BotEnv) -> object:
        kind = option["type"]
        if option.get("choices"):
            return option["choices"][0]["value"]
        if kind == CHANNEL:
            return env.guild.channel("trivia")
        if kind in (USER, MENTIONABLE):
            return self.fan
        if kind == ATTACHMENT:
            return UploadedFile("questions.json", b'[{"question": "Who is Luke?", "answer": "Scott"}]')
        return {STRING: "Milo", INTEGER: max(option.get("min_value", 1), 1), NUMBER: 1.0, BOOLEAN: True}[kind]

    def bad_values(self, option: dict, other_guild) -> tuple:
        kind = option["type"]
        if kind == STRING:
            return HOSTILE_TEXT
        if kind in (INTEGER, NUMBER):
            return HOSTILE_INTS
        if kind == CHANNEL:
            category = other_guild.add_channel(f"category-{self.count}", type=4)
            return (other_guild.channel("general"), category)
        if kind in (USER, MENTIONABLE):
            return (self.env.member(f"stranger-{self.count}", guild=other_guild),)
        if kind == ATTACHMENT:
            return (
                UploadedFile("bad.json", b"\xff\xfe\x00", "application/json"),
                UploadedFile("surrogate.json", b'[{"question": "Lone \\ud800?", "answer": "x"}]', "application/json"),
                UploadedFile("deep.json", b"[" * 5000 + b"]" * 5000, "application/json"),
                UploadedFile("big.json", b"[" + b"1," * 200_000 + b"1]", "application/json"),
                UploadedFile("evil.exe", b"MZ", "application/octet-stream"),
            )
        return ()

    async def settle(self, result: InteractionResult) -> None:
        """A deferred answer is complete once its message stops loading or a follow-up came."""
        if result.type in (CallbackType.DEFERRED_MESSAGE, CallbackType.DEFERRED_UPDATE):
            message = result.message
            await self.env.standin.wait_until(
                lambda: result.followups or (message is not None and not message.loading),
                within=10,
                what="the deferred answer",
            )

    async def check(self, result: InteractionResult, what: str) -> InteractionResult:
        self.count += 1
        await self.settle(result)
        seen = " ".join([result.text, *(m.text for m in result.followups)])
        assert GENERIC_ERROR not in seen, (what, seen[:300])
        assert not UNSENDABLE.search(seen), (what, ascii(seen[:300]), "a lone surrogate or control character was sent")
        assert not self.env.logged_errors, (what, self.env.logged_errors[-1].getMessage()[:2000])
        return result

    async def submit_forms(self, reopen, what: str, member: Member) -> None:
        """Reopen the form for each hostile text and submit it in every field (unchecked lengths)."""
        for text in FORM_TEXT:
            opened = await reopen()
            if opened.type != CallbackType.MODAL:
                return
            fields = [c["custom_id"] for row in opened.modal["components"] for c in row.get("components") or []]
            fields += [row["component"]["custom_id"] for row in opened.modal["components"] if row.get("component")]
            result = await self.env.submit_modal(opened, dict.fromkeys(fields, text), member=member, validate=False)
            await self.check(result, f"{what} form with {text[:20]!r}")

    async def click_buttons(self, result: InteractionResult, member: Member, what: str) -> None:
        message = result.message
        if message is None:
            return
        for button in list(message.buttons):
            custom_id = button["custom_id"]
            if button.get("disabled") or message.component(custom_id) is None:
                continue
            clicked = await self.check(await self.env.click(message, custom_id, member=member), f"{what} > {custom_id}")
            if clicked.type == CallbackType.MODAL:

                async def reopen(message=message, custom_id=custom_id):
                    return await self.env.click(message, custom_id, member=member)

                await self.submit_forms(reopen, f"{what} > {custom_id}", member)

    async def command(self, path: str, options: dict, member: Member, what: str) -> None:
        async def run():
            return await self.env.slash(
                path, member=member, channel="trivia", options=options, validate=False, override_permissions=True
            )

        result = await self.check(await run(), what)
        if result.type == CallbackType.MODAL:
            await self.submit_forms(run, what, member)
        else:
            await self.click_buttons(result, member, what)


async def test_every_command_button_and_form_survives_hostile_values(env: BotEnv) -> None:
    sweep = Sweep(env)
    other = await env.add_guild("Luke's Diner")
    for path, leaf, _top in leaves(env.standin.synced_commands):
        options = leaf.get("options") or []
        good = {o["name"]: sweep.good_value(o, env) for o in options if o.get("required")}
        await sweep.command(path, good, sweep.fan, f"/{path} as a member")
        await sweep.command(path, good, sweep.mod, f"/{path}")
        for option in options:
            for value in sweep.bad_values(option, other):
                await sweep.command(path, {**good, option["name"]: value}, sweep.mod, f"/{path} {option['name']}")
            if option.get("autocomplete"):
                for text in HOSTILE_TEXT:
                    choices = await env.autocomplete(path, focused=option["name"], value=text[:100], member=sweep.mod)
                    assert len(choices) <= 25
                    sweep.count += 1
    for menu in (c for c in env.standin.synced_commands if c.get("type") == 3):
        for text in HOSTILE_TEXT[:8]:
            target = env.message_by(sweep.fan, text)

            async def reopen(menu=menu, target=target):
                return await env.context_menu(menu["name"], target, member=sweep.mod)

            await sweep.check(await reopen(), f"{menu['name']} on {text[:20]!r}")
            await sweep.submit_forms(reopen, menu["name"], sweep.mod)
    assert sweep.count > 300, sweep.count


async def test_typed_answers_and_game_buttons_survive_hostile_values(env: BotEnv) -> None:
    """Typed answers go through the one text validation: a refused one (a lone surrogate, a control
    character, only invisible characters) is answered and does not use the answer up."""
    sweep = Sweep(env)
    await env.slash("config trivia", member=sweep.mod, typed_answers=True)
    await env.slash("trivia start", member=sweep.mod, channel="trivia", rounds=1, timer=60, category="people")
    await env.standin.wait_until(lambda: posted(env), within=5, what="the question")
    question = posted(env)[0]
    typed = [b["custom_id"] for b in question.buttons if b["custom_id"].startswith("trivia:t:")]
    for number, text in enumerate(FORM_TEXT):
        member = env.member(f"typist-{number}")
        if typed:
            opened = await env.click(question, typed[0], member=member)
            result = await env.submit_modal(opened, {"answer": text}, member=member, validate=False)
            await sweep.check(result, f"typed {text[:20]!r}")
            if text.strip("\u200b\u200d\ufeff") == "" or "\ud800" in text or "\x07" in text:
                assert "didn't count" in result.text, result.text
        for button in question.buttons:
            await sweep.check(await env.click(question, button["custom_id"], member=member), button["custom_id"])
    assert json.dumps(sweep.count) and sweep.count >= len(FORM_TEXT)
