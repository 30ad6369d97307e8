"""Issue 19, item 8: /trivia start checks, before announcing anything, that the bot may post the
game where it was asked: View Channel, Send Messages (Send Messages in Threads, in a thread) and
Embed Links. What is missing is named, and no game starts."""

from __future__ import annotations

import discord
import pytest

from bot.trivia.timing import TriviaTiming
from standin import BotEnv
from tests.backends import state_sql
from tests.trivia._support import posted

pytestmark = pytest.mark.both_backends

THREAD = 11  # a public thread's channel type


@pytest.fixture
async def env(make_env, timing: TriviaTiming) -> BotEnv:
    return await make_env(extensions=["cogs.trivia"])


def without(env: BotEnv, *names: str) -> None:
    """The bot's permissions on the server (``app_permissions``), less ``names``."""
    permissions = discord.Permissions(env.guild.bot_permissions)
    permissions.update(**dict.fromkeys(names, False))
    env.guild.bot_permissions = permissions.value


async def refused(env: BotEnv, channel: str) -> str:
    result = await env.slash("trivia start", member=env.member("host"), channel=channel, rounds=3, timer=30)
    assert result.ephemeral, result.text
    assert "**Trivia!**" not in result.text
    assert not await state_sql(env).fetch("SELECT 1 FROM games"), "no game starts"
    assert not posted(env, channel)
    return result.text


async def test_missing_send_messages_is_named_and_no_game_is_announced(env: BotEnv) -> None:
    """The issue's reproduction: with Send Messages missing, the starter saw "**Trivia!** 3
    questions..." and the game was abandoned silently."""
    without(env, "send_messages")
    text = await refused(env, "trivia")
    assert "Send Messages" in text and "Embed Links" not in text, text


async def test_every_missing_permission_is_named(env: BotEnv) -> None:
    without(env, "send_messages", "embed_links")
    text = await refused(env, "trivia")
    assert "Send Messages" in text and "Embed Links" in text, text


async def test_a_thread_needs_send_messages_in_threads(env: BotEnv) -> None:
    env.guild.add_channel("trivia-thread", type=THREAD)
    without(env, "send_messages_in_threads")
    text = await refused(env, "trivia-thread")
    assert "Send Messages in Threads" in text, text
