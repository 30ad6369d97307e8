"""Every click is answered: one that no view or dynamic item takes gets a short ephemeral reply."""

from __future__ import annotations

import asyncio
import gc

import discord

from bot.client import ORPHAN_CHECK_DELAY
from standin import CallbackType


async def test_a_click_no_handler_takes_is_answered_before_discords_deadline(env):
    """A button from an older version of the bot (no handler knows its id) still gets an answer."""
    fan = env.member("fan")
    card = await env.slash("quote random", member=fan)
    message = card.message
    payload = env.click_payload(message, card.buttons[0]["custom_id"], member=fan)
    payload["data"]["custom_id"] = "retired-feature:42"  # what an old message could still carry
    result = await env._send(payload, 5, source=message)
    assert result.type == CallbackType.MESSAGE and result.ephemeral
    assert "expired" in result.text
    assert result.latency < 3.0


async def test_an_answered_click_gets_no_second_answer(env):
    """The safety net stays quiet when a handler answered: no duplicate "expired" follow-up."""
    fan = env.member("fan")
    card = await env.slash("quote random", member=fan)
    context = next(b for b in card.buttons if b["custom_id"].startswith("lookup:ctx:"))
    result = await env.click(card, context["custom_id"], member=fan)
    assert result.type == CallbackType.MESSAGE and result.ephemeral
    await asyncio.sleep(ORPHAN_CHECK_DELAY + 0.3)  # an absence can only be awaited: past the net's check
    assert not result.followups and "expired" not in result.text


async def test_an_answered_click_is_let_go_at_once(env):
    """Once its answer reached Discord the net cancels its timer: the interaction, with the whole
    message it carries, is garbage at once instead of being held for seconds (under load, held
    interactions are promoted to the collector's oldest generation and cost full collections)."""
    fan = env.member("fan")
    card = await env.slash("quote random", member=fan)
    seen: list[int] = []

    async def on_interaction(interaction: discord.Interaction) -> None:
        seen.append(interaction.id)

    env.bot.add_listener(on_interaction)
    context = next(b for b in card.buttons if b["custom_id"].startswith("lookup:ctx:"))
    result = await env.click(card, context["custom_id"], member=fan)
    assert result.type == CallbackType.MESSAGE and result.ephemeral
    for _ in range(50):  # the callback's response reaches the bot a moment after the stand-in saw it
        if not env.bot._unanswered:
            break
        await asyncio.sleep(0.01)
    assert env.bot._unanswered == {}
    gc.collect()
    alive = [o for o in gc.get_objects() if isinstance(o, discord.Interaction) and o.id in seen]
    assert len(seen) == 1 and not alive
