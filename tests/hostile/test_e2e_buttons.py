"""Every button's handler against forged clicks (issue #11): arbitrary custom_id suffixes on every kind,
clicked from another server, a direct message or by a plain member. Each click is answered, never with
the generic error, nothing is logged at ERROR, and the server the ids point into is left as it was.

A modified client can send any custom_id, so the forged id is put both in the click and on the message
it claims to come from (discord.py only dispatches ids that are on the message)."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.client import CompanionBot
from bot.trivia.timing import TriviaTiming
from cogs._custom_ids import SQLITE_MAX_INT, Hex, IdButton, Number, Word
from standin import BotEnv, CallbackType
from standin.model import Guild, Member, Message
from standin.payloads import MESSAGE_COMPONENT
from tests.backends import state_sql
from tests.hostile._buttons import all_buttons
from tests.hostile._examples import examples
from tests.hostile._strategies import hostile_char
from tests.trivia._support import answer_ids, game_id_of, start_game

# Forged ids reach the SQL of both backends: PostgreSQL's types are stricter than SQLite's.
pytestmark = pytest.mark.both_backends

GENERIC_ERROR = "Something went wrong"
# Every kind of button, and ids of owned namespaces that name no kind. ("lookup:<other>" is left to
# the lookups' owner, so clicks there would wait for the late safety net: not generated here.)
KINDS = (
    "trivia:a", "trivia:t", "trivia:skip", "trivia:q", "trivia:lb", "trivia:h", "trivia:team", "trivia:go",
    "trivia:duel", "trivia", "trivia:zz",
    "report", "lookup:ctx", "lookup:page", "privacy",
    "config:reset", "config:cancel", "config:report", "config:suggestion", "config", "config:zz",
)  # fmt: skip
WORDS = (
    "a", "w", "prev", "next", "at", "keep", "retire", "approve", "reject", "ask", "delete", "cancel",
    "question", "quote", "fact", "person", "what-they-needed", "0123abcd",
)  # fmt: skip
SLUGS = ("what-they-needed", "milo-ventimiglia", "no-such-thing")
NUMBERS = (
    "0",
    "1",
    "2",
    "3",
    "01",
    "-1",
    "+1",
    " 1",
    "1.0",
    "١",
    str(SQLITE_MAX_INT),
    str(SQLITE_MAX_INT + 1),
    "9" * 20,
)


@dataclass
class World:
    """Server A ("home") with a running game, a community question, a report, a suggestion and scores;
    server B ("other") whose members click; a direct message."""

    home: Guild
    other: Guild
    ids: tuple[str, ...]  # ids of A's things, as custom_id parts
    fan_a: Member
    mod: Member  # server A's moderator
    clickers: dict[str, tuple[Member, Guild | None, Message]]  # name -> (who, where, the message they click on)


@pytest.fixture
async def world_env(make_env, monkeypatch: pytest.MonkeyPatch) -> BotEnv:
    """The bot with every extension; a game's round lasts an hour of real time, so A's game stands still."""
    monkeypatch.setattr(CompanionBot, "trivia_timing", TriviaTiming(timer_scale=60.0, late_grace_s=0.0), raising=False)
    return await make_env()


async def build_world(env: BotEnv) -> World:
    home = env.guild
    mod_a, fan_a, starter = env.member("mod", manage_guild=True), env.member("fan"), env.member("starter")
    opened = await env.slash("trivia custom add", member=mod_a)
    await env.submit_modal(opened, {"question": "Who runs the diner here?", "answer": "Luke", "wrong": "Kirk"})
    opened = await env.slash("trivia suggest", member=fan_a)
    await env.submit_modal(opened, {"question": "Who sells the town its maps?", "answer": "Kirk", "source": "Season 4"})
    community = await state_sql(env).fetchrow("SELECT id FROM questions WHERE category = 'community'")
    await env.slash("report", member=fan_a, kind="question", item=str(community["id"]), reason="Too easy")
    # The community question has buttons (Luke, Kirk): a known question, whatever the episode's bank holds.
    _, question = await start_game(env, starter, rounds=2, timer=60, category="community")
    await env.click(question, answer_ids(question)[0], member=fan_a)
    report = await state_sql(env).fetchrow("SELECT id FROM reports")
    suggestion = await state_sql(env).fetchrow("SELECT id FROM suggestions")
    episode_question = await state_sql(env).fetchrow(
        "SELECT id FROM questions WHERE guild_id IS NULL ORDER BY id LIMIT 1"
    )

    other = await env.add_guild("Luke's Diner")
    fan_b, mod_b = env.member("fan", guild=other), env.member("mod", manage_guild=True, guild=other)
    twin = env.member("twin", guild=other)
    twin.id = fan_a.id  # the same person on both servers
    board = (await env.slash("trivia leaderboard", member=fan_b, guild=other)).message
    card = (await env.slash("quote random", member=fan_b, dm=True)).message
    ids = tuple(
        str(i)
        for i in (
            game_id_of(question), community["id"], episode_question["id"], report["id"], suggestion["id"],
            fan_a.id, mod_a.id, starter.id,
        )
    )  # fmt: skip
    clickers = {
        "fan in B": (fan_b, other, board),
        "moderator in B": (mod_b, other, board),
        "A's fan in B": (twin, other, board),
        "direct message": (fan_b, None, card),
    }
    return World(home, other, ids, fan_a, mod_a, clickers)


async def server_data(env: BotEnv, guild_id: int) -> list[tuple]:
    """Everything the bot stores about one server."""
    rows: list[tuple] = []
    for table in (
        "guild_settings", "guild_features", "game_channels", "audit_log", "members", "questions", "games",
        "answers", "scores", "seasons", "reports", "retired_items", "suggestions", "hints", "game_teams",
    ):  # fmt: skip
        found = await state_sql(env).fetch(f"SELECT * FROM {table} WHERE guild_id = ? ORDER BY 1, 2", guild_id)
        rows += [(table, *tuple(r)) for r in found]
    found = await state_sql(env).fetch(
        "SELECT r.* FROM game_rounds r JOIN games g ON g.id = r.game_id WHERE g.guild_id = ? ORDER BY 1, 2", guild_id
    )
    return rows + [("game_rounds", *tuple(r)) for r in found]


def forged_click(env: BotEnv, source: Message, custom_id: str, member: Member, guild: Guild | None) -> dict:
    """A click on ``custom_id`` from ``member`` where ``source`` is, the id also on the message."""
    channel = guild.channel(source.channel_id) if guild else env.standin.dm_channels[source.channel_id]
    payload = env.payloads.envelope(MESSAGE_COMPONENT, guild=guild, channel=channel, member=member)
    message = copy.deepcopy(env.standin.message_json(source))
    message["components"] = [{"type": 1, "components": [{"type": 2, "style": 2, "label": "x", "custom_id": custom_id}]}]
    payload["data"] = {"custom_id": custom_id, "component_type": 2}
    payload["message"] = message
    return payload


def well_formed(world: World, button: type[IdButton]) -> st.SearchStrategy[str]:
    """An id of ``button``'s layout whose parts have the right type, drawn from values that matter:
    server A's ids, the bounds, every allowed word."""

    def values(part) -> st.SearchStrategy[str]:
        if isinstance(part, Number):
            near = [str(v) for v in (part.low, part.low + 1, part.high) if part.low <= v <= part.high]
            return st.sampled_from([*world.ids, *near])
        if isinstance(part, Word):
            return st.sampled_from(part.choices)
        if isinstance(part, Hex):
            return st.text("0123456789abcdef", min_size=part.length, max_size=part.length)
        return st.sampled_from([*world.ids, *SLUGS])

    return st.tuples(*(values(part) for part in button.layout.parts)).map(
        lambda parts: ":".join([button.layout.kind, *parts])
    )


def custom_ids(world: World) -> st.SearchStrategy[str]:
    part = st.one_of(
        st.sampled_from(world.ids),
        st.sampled_from(NUMBERS),
        st.sampled_from(WORDS),
        st.text(hostile_char, max_size=12),
    )
    anything = st.builds(
        lambda kind, parts: (kind + "".join(f":{p}" for p in parts))[:100],
        st.sampled_from(KINDS),
        st.lists(part, max_size=5),
    )
    return st.one_of(anything, *(well_formed(world, button) for button in all_buttons()))


async def click_and_check(env: BotEnv, world: World, custom_id: str, clicker: str, home_before: list[tuple]) -> None:
    member, guild, source = world.clickers[clicker]
    result = await env._send(forged_click(env, source, custom_id, member, guild), 5, source=source)
    seen = " ".join([result.text, *(m.text for m in result.followups)])
    assert GENERIC_ERROR not in seen, (custom_id, clicker, seen)
    assert not env.logged_errors, (custom_id, clicker, env.logged_errors[-1].getMessage()[:2000])
    assert await server_data(env, world.home.id) == home_before, (custom_id, clicker, "changed server A")
    if result.type == CallbackType.MESSAGE and "expired" not in result.text:
        assert result.ephemeral, (custom_id, clicker, "a refusal or answer to a forged click is private")


@examples(120)
@given(data=st.data())
async def test_forged_clicks_from_elsewhere_are_answered_and_change_nothing_here(world_env: BotEnv, data) -> None:
    env = world_env
    world = getattr(env, "hostile_world", None) or await build_world(env)
    env.hostile_world = world
    custom_id = data.draw(custom_ids(world), label="custom_id")
    clicker = data.draw(st.sampled_from(sorted(world.clickers)), label="clicker")
    await click_and_check(env, world, custom_id, clicker, await server_data(env, world.home.id))


@pytest.mark.parametrize(
    "custom_id",
    [
        "trivia:q:9999999999999999999:1:0",
        "report:question:99999999999999999999",
        "trivia:a:99999999999999999999:1:0",
        "config:report:keep:99999999999999999999:0123abcd",
        "privacy:delete:99999999999999999999",
        "trivia:zz:1",
        "report:rumour:1",
        "trivia:a:1:1:9",
        "trivia:lb:a:0:1:sideways",
    ],
)
async def test_the_issues_ids_get_the_expired_answer(world_env: BotEnv, custom_id: str) -> None:
    """Issue #11's examples, and their kind: out of range, unknown kinds, malformed parts."""
    env = world_env
    world = await build_world(env)
    member, guild, source = world.clickers["fan in B"]
    result = await env._send(forged_click(env, source, custom_id, member, guild), 5, source=source)
    assert result.ephemeral and result.text == "This button has expired. Run the command again for fresh results."
    assert result.latency < 1.0, "answered by the parser, not the late safety net"


async def test_a_game_button_replayed_elsewhere_is_refused(world_env: BotEnv) -> None:
    """Issue #11: an answer button clicked from another server, or a DM, was locked in and scored in
    the first server. Now it is refused and nothing is recorded."""
    env = world_env
    world = await build_world(env)
    game_id = world.ids[0]
    before = await server_data(env, world.home.id)
    for clicker in ("A's fan in B", "fan in B", "direct message"):
        member, guild, source = world.clickers[clicker]
        for custom_id in (
            f"trivia:a:{game_id}:1:1", f"trivia:t:{game_id}:1", f"trivia:skip:{game_id}:1", f"trivia:h:{game_id}:1",
            f"trivia:team:{game_id}:a", f"trivia:go:{game_id}", f"trivia:duel:{game_id}:accept",
        ):  # fmt: skip
            result = await env._send(forged_click(env, source, custom_id, member, guild), 5, source=source)
            assert result.ephemeral and "Locked in" not in result.text and "Skipped" not in result.text, result.text
            assert "Hint:" not in result.text, result.text
    assert await server_data(env, world.home.id) == before


async def test_another_servers_community_question_is_not_read_through_a_practice_id(world_env: BotEnv) -> None:
    """Issue #11: trivia:q:<server A's community question> clicked in server B showed A's question and answer."""
    env = world_env
    world = await build_world(env)
    community_id = world.ids[1]
    member, guild, source = world.clickers["fan in B"]
    result = await env._send(forged_click(env, source, f"trivia:q:{community_id}:1:0", member, guild), 5, source=source)
    assert "Who runs the diner here?" not in result.text and "Luke" not in result.text
    assert result.ephemeral and "no longer available" in result.text


async def test_a_plain_member_cannot_act_for_moderators_or_others_at_home(world_env: BotEnv) -> None:
    """In server A itself: a member without Manage Server forging moderators' buttons, or another
    member's /privacy or page buttons, is refused and nothing changes."""
    env = world_env
    world = await build_world(env)
    other_fan = env.member("other-fan")
    source = (await env.slash("trivia leaderboard", member=other_fan)).message
    fan_id = world.ids[5]
    before = await server_data(env, world.home.id)
    for custom_id in (
        *(b["custom_id"] for b in (await env.slash("config reports", member=world.mod)).buttons),
        *(b["custom_id"] for b in (await env.slash("config suggestions", member=world.mod)).buttons),
        "config:reset:1",
        f"privacy:delete:{fan_id}",
        f"trivia:lb:a:0:{fan_id}:next",
        f"trivia:skip:{world.ids[0]}:1",
    ):
        result = await env._send(forged_click(env, source, custom_id, other_fan, world.home), 5, source=source)
        assert result.ephemeral, (custom_id, result.text)
        assert GENERIC_ERROR not in result.text
    assert await server_data(env, world.home.id) == before


async def test_a_community_question_in_cyrillic_typed_exactly_counts(world_env: BotEnv) -> None:
    """Issue #11: an answer in Cyrillic, typed exactly, was judged a fast wrong answer."""
    env = world_env
    mod, fan = env.member("mod", manage_guild=True), env.member("fan")
    opened = await env.slash("trivia custom add", member=mod)
    await env.submit_modal(opened, {"question": "Как зовут актёра, сыгравшего Джесса?", "answer": "Майло"})
    _, question = await start_game(env, mod, rounds=1, timer=60, category="community")
    typed = next(b["custom_id"] for b in question.buttons if b["custom_id"].startswith("trivia:t:"))
    opened = await env.click(question, typed, member=fan)
    locked = await env.submit_modal(opened, {"answer": "майло"}, member=fan)
    assert "Locked in" in locked.text
    row = await state_sql(env).fetchrow("SELECT correct FROM answers WHERE user_id = ?", fan.id)
    assert row["correct"]
