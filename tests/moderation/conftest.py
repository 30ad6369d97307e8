"""Fixtures for the moderation scenarios: the bot with the moderation cogs and the trivia cog (which
carries /trivia custom), a moderator and a plain member."""

from __future__ import annotations

import pytest

from standin import BotEnv, Member

EXTENSIONS = ["cogs.config", "cogs.reports", "cogs.privacy", "cogs.trivia", "tests.moderation._probes"]


@pytest.fixture
async def mod_env(make_env) -> BotEnv:
    return await make_env(extensions=EXTENSIONS)


@pytest.fixture
def mod(mod_env: BotEnv) -> Member:
    """Has Manage Server (and nothing else beyond @everyone's defaults)."""
    return mod_env.member("mod", manage_guild=True)


@pytest.fixture
def fan(mod_env: BotEnv) -> Member:
    """@everyone's default permissions: no Manage Server."""
    return mod_env.member("fan")
