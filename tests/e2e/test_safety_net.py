"""Every click is answered: one that no view or dynamic item takes gets a short ephemeral reply."""

from __future__ import annotations

import asyncio

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
