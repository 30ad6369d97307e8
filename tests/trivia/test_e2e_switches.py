"""Trivia keeps to the server's switches: with quotes (or facts) turned off, no question resting on a
quote (or a fact) is asked there, in a game or as practice, so its reveal can never show one."""

from __future__ import annotations

import pytest

from standin import BotEnv
from tests.trivia._support import live_round, start_game

pytestmark = pytest.mark.both_backends

KIND_OF_FEATURE = {"quotes": "quote", "facts": "fact"}


@pytest.mark.parametrize("feature", ["quotes", "facts"])
async def test_the_bank_leaves_out_what_moderators_turned_off(trivia_env: BotEnv, feature: str) -> None:
    """The server's bank holds no question with a topic of the switched-off kind, and still has others."""
    env = trivia_env
    repo = env.bot.repos.trivia
    kind = KIND_OF_FEATURE[feature]
    everything = await repo.bank(env.guild.id)
    assert any(t.startswith(f"{kind}:") for e in everything for t in e.topics), "the test needs such questions"
    kept = await repo.bank(env.guild.id, hidden={kind})
    assert kept and len(kept) < len(everything)
    assert not [e.key for e in kept if any(t.startswith(f"{kind}:") for t in e.topics)]


@pytest.mark.parametrize("feature", ["quotes", "facts"])
async def test_games_and_practice_never_ask_a_switched_off_kind(make_env, feature: str) -> None:
    """Moderators turn quotes or facts off with /config cog; a 20-round game and every member's
    practice question then rest on other content only."""
    env: BotEnv = await make_env(extensions=["cogs.trivia", "cogs.config"])
    mod = env.member("mod", manage_guild=True)
    answer = await env.slash("config cog", member=mod, name=feature, enabled=False)
    assert answer.ephemeral
    kind = KIND_OF_FEATURE[feature]
    repo = env.bot.repos.trivia

    asked = []
    for number in range(8):
        quick = await env.slash("trivia question", member=env.member(f"fan{number}"))
        question_id = int(quick.buttons[0]["custom_id"].split(":")[2])
        asked.append(await repo.question(question_id))
    _, first = await start_game(env, mod, rounds=20, timer=10)
    asked.append(live_round(env, first).question)
    assert not [q.key for q in asked if any(t.startswith(f"{kind}:") for t in q.topics)]
