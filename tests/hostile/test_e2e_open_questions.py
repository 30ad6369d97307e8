"""Issue 19, item 3, as a property: no button click, whatever ids a modified client puts in it,
shows anything of a question open on this server (a game's round, today's daily question) before
its reveal: no answer line, no verdict, no explanation, no report form for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.client import CompanionBot
from bot.trivia.timing import TriviaTiming
from cogs._custom_ids import Hex, IdButton, Number, Slug, Word
from standin import BotEnv, CallbackType
from standin.model import Member, Message
from tests.backends import state_sql
from tests.hostile._buttons import all_buttons
from tests.hostile._examples import examples
from tests.hostile.test_e2e_buttons import forged_click
from tests.trivia._support import game_id_of, only_ask, start_game, wait_posts

pytestmark = pytest.mark.both_backends

SECRET = "only-in-the-reveal"  # every community question's explanation carries it
REVEALING = ("**Answer:**", "Right!", "Not quite", "Where it comes from", SECRET)


@dataclass
class OpenWorld:
    open_ids: tuple[int, ...]  # the game's open question and the daily question
    ids: tuple[str, ...]  # every id worth putting in a custom_id: the open questions, the games, the members
    fan: Member
    practice: Message  # the fan's own practice message, where the forged ids are clicked
    channels: tuple[str, ...]


@pytest.fixture
async def open_env(make_env, monkeypatch: pytest.MonkeyPatch) -> BotEnv:
    """A game's round lasts an hour of real time: the questions stay open."""
    monkeypatch.setattr(CompanionBot, "trivia_timing", TriviaTiming(timer_scale=60.0, late_grace_s=0.0), raising=False)
    return await make_env()


async def build(env: BotEnv) -> OpenWorld:
    mod, fan = env.member("mod", manage_guild=True), env.member("fan")
    for n, (prompt, answer) in enumerate(
        (("Who runs the diner?", "Luke"), ("Who runs the inn?", "Lorelai"), ("Who sells maps?", "Kirk"))
    ):
        opened = await env.slash("trivia custom add", member=mod)
        await env.submit_modal(
            opened,
            {"question": prompt, "answer": answer, "wrong": "Taylor\nBabette", "explanation": f"{SECRET} {n}"},
        )
    await only_ask(env, "community:")
    hour = dt.datetime.now(dt.UTC).hour
    await env.bot.guild_settings.update(env.guild.id, daily_channel_id=env.guild.channel("trivia").id, daily_hour=hour)
    assert await env.bot.get_cog("Trivia").run_daily_once() == 1
    [daily] = await wait_posts(env, 1)
    _, question = await start_game(env, mod, channel="general", rounds=2, timer=60)
    rows = await state_sql(env).fetch(
        "SELECT r.question_id FROM games g JOIN game_rounds r ON r.game_id = g.id AND r.round_no = g.current_round"
        " WHERE g.status = 'running' AND NOT r.revealed"
    )
    open_ids = tuple(r["question_id"] for r in rows)
    assert len(open_ids) == 2
    practice = (await env.slash("trivia question", member=fan)).message
    ids = (*map(str, open_ids), str(game_id_of(question)), str(game_id_of(daily)), str(fan.id), str(mod.id))
    return OpenWorld(open_ids, ids, fan, practice, ("general", "trivia"))


def id_carrying(world: OpenWorld, button: type[IdButton]) -> st.SearchStrategy[str]:
    def values(part) -> st.SearchStrategy[str]:
        if isinstance(part, Number):
            near = [str(v) for v in (part.low, part.low + 1) if part.low <= v <= part.high]
            return st.sampled_from([*(i for i in world.ids if part.low <= int(i) <= part.high), *near])
        if isinstance(part, Word):
            return st.sampled_from(part.choices)
        if isinstance(part, Hex):
            return st.text("0123456789abcdef", min_size=part.length, max_size=part.length)
        assert isinstance(part, Slug)
        return st.sampled_from(world.ids)

    return st.tuples(*(values(part) for part in button.layout.parts)).map(
        lambda parts: ":".join([button.layout.kind, *parts])
    )


CARRYING = [b for b in all_buttons() if any(isinstance(p, Number | Slug) for p in b.layout.parts)]


@examples(80)
@given(data=st.data())
async def test_no_click_shows_an_open_question_before_its_reveal(open_env: BotEnv, data) -> None:
    env = open_env
    world = getattr(env, "open_world", None) or await build(env)
    env.open_world = world
    button = data.draw(st.sampled_from(CARRYING), label="kind")
    custom_id = data.draw(id_carrying(world, button), label="custom_id")
    channel = env.guild.channel(data.draw(st.sampled_from(world.channels), label="channel"))
    payload = forged_click(env, world.practice, custom_id, world.fan, env.guild)
    payload["channel_id"] = str(channel.id)
    payload["channel"] = {**channel.payload(), "permissions": str(world.fan.permissions)}
    result = await env._send(payload, 5, source=world.practice)
    seen = " ".join([result.text, *(m.text for m in result.followups)])
    for marker in REVEALING:
        assert marker not in seen, (custom_id, marker, seen)
    if result.type == CallbackType.MODAL:
        assert not any(f":{open_id}" in custom_id for open_id in world.open_ids), (custom_id, result.modal)
    assert not env.logged_errors, env.logged_errors[-1].getMessage()[:2000]
