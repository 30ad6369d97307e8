"""Faults Discord really produces: dropped gateway connections, 5xx and 429 answers, restarts."""

from __future__ import annotations

import logging

import pytest

from standin import BotEnv, CallbackType

EPISODE = ["cogs.episode"]
PROBE = ["tests.e2e._probe"]
IDENTIFY, RESUME = 2, 6


@pytest.fixture
async def episode_env(make_env) -> BotEnv:
    return await make_env(extensions=EPISODE)


async def answers_episode(env: BotEnv) -> None:
    result = await env.slash("episode")
    assert result.type == CallbackType.MESSAGE and "I Am All In" in result.text


@pytest.mark.parametrize("code", [1006, 4000])
async def test_gateway_drop_resumes_and_answers_next_command(episode_env: BotEnv, code: int):
    """A cut connection (1006) or a 4000 close: the bot RESUMEs its session and answers."""
    assert await episode_env.drop_gateway(code) == "RESUMED"
    assert len(episode_env.standin.gateway_received(RESUME)) == 1
    assert len(episode_env.standin.gateway_received(IDENTIFY)) == 1  # only the first one
    await answers_episode(episode_env)


async def test_interaction_sent_while_disconnected_is_replayed_on_resume(episode_env: BotEnv):
    """Discord buffers events for a resumable session; the bot answers them after RESUME."""
    await episode_env.standin.drop_gateway(1006)
    await answers_episode(episode_env)  # dispatched into the gap
    assert episode_env.standin.gateway_received(RESUME)


async def test_invalid_session_makes_the_bot_identify_again(episode_env: BotEnv, monkeypatch: pytest.MonkeyPatch):
    """The session cannot be resumed: INVALID_SESSION, then a fresh IDENTIFY and READY. (The bot waits
    a random 1 to 5 s before identifying again, a fifth to all of Discord's 5 s interval: here the
    interval is 0.5 s, as in tests/e2e/test_shards.py, which checks that pacing.)"""
    monkeypatch.setattr(episode_env.bot, "identify_interval", 0.5)
    assert await episode_env.drop_gateway(4000, resumable=False) == "READY"
    assert len(episode_env.standin.gateway_received(IDENTIFY)) == 2
    await answers_episode(episode_env)


@pytest.mark.parametrize(
    ("fault", "kwargs"),
    [("fail_next", {"status": 500}), ("rate_limit_next", {"retry_after": 0.2})],
    ids=["500", "429"],
)
async def test_callback_fault_is_retried(episode_env: BotEnv, fault: str, kwargs: dict):
    """The first callback answers 500 (or 429 with retry_after); discord.py retries, the user gets the card."""
    getattr(episode_env, fault)("POST /interactions/*/callback", **kwargs)
    await answers_episode(episode_env)
    callbacks = episode_env.standin.requests_matching("POST /interactions/*/callback")
    assert [r.status for r in callbacks] == [kwargs.get("status", 429), 200]


async def test_rest_faults_on_followups_and_channel_posts_are_retried(make_env):
    """429 on a channel post and 500 on a follow-up: each arrives exactly once in the end."""
    env = await make_env(extensions=PROBE)
    env.rate_limit_next("POST /channels/*/messages", retry_after=0.1)
    env.fail_next("POST /webhooks/*/*", status=502)
    result = await env.slash("probe slow", options={"channel": "trivia"})
    assert (await result.wait_followup(within=6)).content == "a follow-up"
    posted = await env.wait_channel_message("trivia", within=6)
    assert [f.filename for f in posted.files] == ["export.csv"]
    assert len(result.followups) == 1
    assert len(env.channel_messages("trivia")) == 1


async def test_setting_written_once_when_the_answer_needs_a_retry(make_env):
    """/config spoilers: the write happens once and survives a 500 on the answer."""
    env = await make_env(extensions=["cogs.config"])
    moderator = env.member("mod", manage_guild=True)
    env.fail_next("POST /interactions/*/callback", status=500)
    result = await env.slash("config spoilers", member=moderator, enabled=True)
    assert result.ephemeral and "on" in result.content.lower()
    env.bot.guild_settings.forget()
    assert (await env.bot.guild_settings.get(env.guild.id)).spoilers is True
    audit = await env.bot.db.fetch_all(
        "SELECT action FROM audit_log WHERE guild_id = ? AND action = 'spoilers'", (env.guild.id,)
    )
    assert len(audit) == 1


async def test_restart_keeps_every_setting(episode_env: BotEnv):
    """Stop and start on the same database file: per-server settings and features are all kept."""
    guild_id = episode_env.guild.id
    settings = episode_env.bot.guild_settings
    await settings.update(guild_id, spoilers=True, trivia_timer=30, trivia_rounds=7, hints=True, season=2)
    before = await settings.set_feature(guild_id, "quotes", False)
    await episode_env.restart_bot()
    after = await episode_env.bot.guild_settings.get(guild_id)
    assert after == before
    assert not after.feature_enabled("quotes") and after.trivia_timer == 30
    await answers_episode(episode_env)


async def test_commands_synced_on_first_start_only(episode_env: BotEnv, caplog: pytest.LogCaptureFixture):
    """Unchanged definitions are not pushed again on the next start; changed ones are."""
    syncs = "PUT /applications/*/commands"
    assert len(episode_env.standin.requests_matching(syncs)) == 1
    with caplog.at_level(logging.INFO, logger="bot.client"):
        await episode_env.restart_bot()
    assert len(episode_env.standin.requests_matching(syncs)) == 1
    assert "application commands unchanged; not syncing" in caplog.text
    await answers_episode(episode_env)  # the definitions Discord kept still work

    episode_env.extensions = [*EPISODE, *PROBE]
    await episode_env.restart_bot()
    assert len(episode_env.standin.requests_matching(syncs)) == 2
    assert {c["name"] for c in episode_env.standin.synced_commands} >= {"episode", "probe", "probe-mods"}
