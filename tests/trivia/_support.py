"""Helpers for trivia's end-to-end scenarios: start a game, find the right button, wait for a reveal."""

from __future__ import annotations

import asyncio
import copy
import json

from bot.trivia.game import LiveRound
from cogs.trivia._cog import Trivia
from standin import BotEnv
from standin.model import Member, Message
from standin.payloads import MESSAGE_COMPONENT
from standin.results import InteractionResult
from tests.backends import state_sql


def cog(env: BotEnv) -> Trivia:
    found = env.bot.get_cog("Trivia")  # a fresh class after each restart: compare by name
    assert type(found).__name__ == "Trivia"
    return found  # type: ignore[return-value]


def answer_ids(message: Message) -> list[str]:
    return [b["custom_id"] for b in message.buttons if b["custom_id"].startswith("trivia:a:")]


def game_id_of(message: Message) -> int:
    return int(next(b["custom_id"] for b in message.buttons if b["custom_id"].startswith("trivia:")).split(":")[2])


def live_round(env: BotEnv, message: Message) -> LiveRound:
    return cog(env).rounds[game_id_of(message)]


def right_and_wrong(env: BotEnv, message: Message) -> tuple[str, str]:
    """The custom_ids of the right button and of a wrong one (from the bot's own state, the oracle)."""
    live = live_round(env, message)
    ids = answer_ids(message)
    right = f"trivia:a:{live.game_id}:{live.round_no}:{live.correct_index}"
    return right, next(i for i in ids if i != right)


def posted(env: BotEnv, channel: str = "trivia") -> list[Message]:
    return [m for m in env.channel_messages(channel) if m.interaction_id is None]


async def start_game(
    env: BotEnv, member: Member, channel: str = "trivia", **options
) -> tuple[InteractionResult, Message]:
    """/trivia start in ``channel``; returns the answer to the command and the first question."""
    before = len(posted(env, channel))
    result = await env.slash("trivia start", member=member, channel=channel, **options)
    assert not result.ephemeral, result.text
    question = await env.wait_channel_message(channel, count=before + 1)
    return result, question


async def wait_revealed(env: BotEnv, message: Message, within: float = 10.0) -> Message:
    await env.standin.wait_until(lambda: "**Answer:**" in message.text, within=within, what="the reveal")
    return message


async def wait_posts(env: BotEnv, count: int, channel: str = "trivia", within: float = 10.0) -> list[Message]:
    await env.standin.wait_until(lambda: len(posted(env, channel)) >= count, within=within, what=f"{count} posts")
    return posted(env, channel)


async def wait_game_status(env: BotEnv, status: str, within: float = 10.0) -> None:
    """Poll the database until the (only) game has ``status``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        row = await state_sql(env).fetchrow("SELECT status FROM games ORDER BY id DESC LIMIT 1")
        if row is not None and row["status"] == status:
            return
        assert loop.time() < deadline, f"the game is {row and row['status']!r}, not {status!r}"
        await asyncio.sleep(0.02)


async def only_ask(env: BotEnv, key_prefix: str) -> None:
    """Retire (on this server) every question whose key does not start with ``key_prefix``."""
    await state_sql(env).execute(
        "INSERT INTO retired_items (guild_id, item_kind, item_id)"
        " SELECT ?, 'question', CAST(id AS TEXT) FROM questions WHERE key NOT LIKE ? || '%' ON CONFLICT DO NOTHING",
        env.guild.id,
        key_prefix,
    )


async def only_choice(env: BotEnv) -> None:
    """Retire (on this server) every question that is not multiple choice (typed-only and true/false
    ones), so a test can click one of three or four buttons: the bank mixes forms, and which comes
    first is the rotation's choice."""
    await state_sql(env).execute(
        "INSERT INTO retired_items (guild_id, item_kind, item_id)"
        " SELECT ?, 'question', CAST(id AS TEXT) FROM questions WHERE form != 'choice' ON CONFLICT DO NOTHING",
        env.guild.id,
    )


async def only_form(env: BotEnv, form: str, *, choices: int | None = None) -> None:
    """Retire (on this server) every question not of ``form``; with ``choices``, also those with
    another number of choices (the answer and its wrong ones)."""
    await state_sql(env).execute(
        "INSERT INTO retired_items (guild_id, item_kind, item_id)"
        " SELECT ?, 'question', CAST(id AS TEXT) FROM questions WHERE form != ? ON CONFLICT DO NOTHING",
        env.guild.id,
        form,
    )
    if choices is not None:
        for row in await state_sql(env).fetch("SELECT id, wrong FROM questions WHERE form = ?", form):
            if len(json.loads(row["wrong"])) + 1 != choices:
                await state_sql(env).execute(
                    "INSERT INTO retired_items (guild_id, item_kind, item_id) VALUES (?, 'question', ?)"
                    " ON CONFLICT DO NOTHING",
                    env.guild.id,
                    str(row["id"]),
                )


def button_ids(message: Message, prefix: str) -> list[str]:
    return [b["custom_id"] for b in message.buttons if b["custom_id"].startswith(prefix)]


async def click_forged(env: BotEnv, message: Message, custom_id: str, member: Member) -> InteractionResult:
    """A click on ``custom_id`` as if it were on ``message`` (a modified client sends any id): the
    id is put on the message the click claims to come from, as discord.py dispatches only those."""
    guild = env.guild
    payload = env.payloads.envelope(
        MESSAGE_COMPONENT, guild=guild, channel=guild.channel(message.channel_id), member=member
    )
    source = copy.deepcopy(env.standin.message_json(message))
    source["components"] = [{"type": 1, "components": [{"type": 2, "style": 2, "label": "x", "custom_id": custom_id}]}]
    payload["data"] = {"custom_id": custom_id, "component_type": 2}
    payload["message"] = source
    return await env._send(payload, 5, source=message)
