"""Issue 19, items 4 and 9: /privacy deletes and lists everything tied to the member, and what it
deletes does not reset the daily limits (which remember the member without their id)."""

from __future__ import annotations

import asyncio

import pytest

from bot.moderation.reports import MAX_OPEN_PER_MEMBER, MAX_REPORTS_PER_DAY
from bot.moderation.suggestions import MAX_PENDING_PER_MEMBER, MAX_PER_MEMBER_PER_DAY
from cogs.trivia._names import NAME_FLUSH_S
from standin import BotEnv, Member
from tests.backends import state_sql
from tests.trivia._support import answer_ids, cog, start_game

# Run with the server state in SQLite, then in PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_backends


async def delete_my_data(env: BotEnv, member: Member) -> str:
    shown = await env.slash("privacy", member=member)
    asked = await env.click(shown, f"privacy:ask:{member.id}", member=member)
    done = await env.click(asked, f"privacy:delete:{member.id}", member=member)
    assert done.content.startswith("Deleted ") or "no longer names you" in done.content, done.content
    return done.content


async def suggest(env: BotEnv, member: Member, n: int) -> str:
    opened = await env.slash("trivia suggest", member=member)
    sent = await env.submit_modal(
        opened, {"question": f"Question number {n} about the diner?", "answer": "Luke", "source": "Every episode"}
    )
    return sent.content


async def no_trace_of(env: BotEnv, member: Member) -> None:
    """Nothing the daily limits keep holds the member's id, in any column."""
    for row in await state_sql(env).fetch("SELECT * FROM member_filings"):
        assert str(member.id) not in " ".join(str(value) for value in tuple(row)), tuple(row)


async def test_deleting_my_data_does_not_reset_the_daily_suggestion_limit(mod_env: BotEnv) -> None:
    """Item 9: five sent, deleted, five more, deleted: the eleventh of the day is refused."""
    env, fan = mod_env, mod_env.member("fan")
    sent = 0
    while sent < MAX_PER_MEMBER_PER_DAY:
        for _ in range(MAX_PENDING_PER_MEMBER):
            assert (await suggest(env, fan, sent)).startswith("Thanks!")
            sent += 1
        await delete_my_data(env, fan)
    refused = await suggest(env, fan, sent)
    assert refused == f"Not sent: that's {MAX_PER_MEMBER_PER_DAY} suggestions today; please try again tomorrow."
    await no_trace_of(env, fan)
    other = env.member("other")
    assert (await suggest(env, other, 99)).startswith("Thanks!"), "the limit is the member's, not the server's"


async def test_deleting_my_data_does_not_reset_the_daily_report_limit(mod_env: BotEnv) -> None:
    """Reports had only a limit of open ones, which a delete emptied: now a day's filings count too."""
    env, fan = mod_env, mod_env.member("fan")
    items = [
        (kind, r["id"])
        for kind, table in (("quote", "quotes"), ("fact", "facts"))
        for r in await state_sql(env).fetch(f"SELECT id FROM {table} WHERE active ORDER BY id")
    ]
    assert len(items) >= MAX_OPEN_PER_MEMBER
    filed = 0
    while filed < MAX_REPORTS_PER_DAY:
        for kind, item in items[: min(MAX_OPEN_PER_MEMBER, MAX_REPORTS_PER_DAY - filed)]:
            result = await env.slash("report", member=fan, kind=kind, item=item, reason="Not right")
            assert result.content.startswith("Thanks"), result.content
            filed += 1
        await delete_my_data(env, fan)
    kind, item = items[0]
    refused = await env.slash("report", member=fan, kind=kind, item=item, reason="Not right")
    assert refused.content == f"That's {MAX_REPORTS_PER_DAY} reports today; please try again tomorrow."
    await no_trace_of(env, fan)


async def test_a_name_queued_by_an_answer_is_not_written_back_after_a_delete(mod_env: BotEnv) -> None:
    """Item 4: a member answers and deletes within a second; the display name queued by the answer
    used to be written about 1.5 s later, and /privacy listed it again."""
    env, starter, fan = mod_env, mod_env.member("starter"), mod_env.member("fan", nick="Rory G")
    opened = await env.slash("trivia custom add", member=env.member("mod", manage_guild=True))
    await env.submit_modal(opened, {"question": "Who runs the diner here?", "answer": "Luke", "wrong": "Kirk"})
    _, question = await start_game(env, starter, rounds=1, timer=60, category="community")
    await env.click(question, answer_ids(question)[0], member=fan)
    await delete_my_data(env, fan)
    await asyncio.sleep(NAME_FLUSH_S + 0.5)
    await cog(env).flush_names()
    assert not await state_sql(env).fetch("SELECT 1 FROM members WHERE user_id = ?", fan.id)
    after = await env.slash("privacy", member=fan)
    assert after.embed["description"] == "Nothing."
    await env.slash("trivia stop", member=starter, channel="trivia")


async def test_games_a_member_started_are_listed_and_lose_their_id(mod_env: BotEnv) -> None:
    """Item 4: games.started_by was never deleted, and /privacy answered "Nothing." to its starter."""
    env, starter = mod_env, mod_env.member("starter")
    await start_game(env, starter, rounds=1, timer=60)
    await env.slash("trivia stop", member=starter, channel="trivia")
    shown = await env.slash("privacy", member=starter)
    fields = {f["name"]: f["value"] for f in shown.embed.get("fields", [])}
    assert fields.get("Trivia games you started") == "1 (they stay in the server's history without your name)"
    done = await delete_my_data(env, starter)
    assert "1 game no longer names you" in done
    assert not await state_sql(env).fetch("SELECT 1 FROM games WHERE started_by = ?", starter.id)
    assert (await env.slash("privacy", member=starter)).embed["description"] == "Nothing."
