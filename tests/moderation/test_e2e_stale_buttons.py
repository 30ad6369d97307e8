"""Issue 19, item 2: a review button acts only on the item it was shown for. /privacy deletes a
member's reports and suggestions; the ids they had are never given to new ones, and a button still on
a moderator's screen refuses anything but its own item."""

from __future__ import annotations

import pytest

from standin import BotEnv, Member
from tests.backends import state_sql

# Run with the server state in SQLite, then in PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_backends


def button(page, label: str) -> str:
    """The custom_id of the button labelled ``label`` on a message."""
    [custom_id] = [b["custom_id"] for b in page.buttons if b.get("label") == label]
    return custom_id


async def delete_my_data(env: BotEnv, member: Member) -> None:
    shown = await env.slash("privacy", member=member)
    asked = await env.click(shown, f"privacy:ask:{member.id}", member=member)
    done = await env.click(asked, f"privacy:delete:{member.id}", member=member)
    assert done.content.startswith("Deleted ")


async def test_a_retire_button_does_not_retire_a_report_filed_after_a_delete(mod_env: BotEnv, mod: Member) -> None:
    """The issue's reproduction: quote A reported, /config reports opened, the reporter deletes
    their data, another member reports quote B. "Retire #1" used to retire B."""
    env = mod_env
    first, second = env.member("first"), env.member("second")
    await env.slash("report", member=first, kind="quote", item="been-a-while", reason="Not his words")
    page = await env.slash("config reports", member=mod)
    retire = button(page, "Retire #1")
    await delete_my_data(env, first)
    await env.slash("report", member=second, kind="quote", item="why-wouldnt-i", reason="Misquoted here")
    [new_id] = [r["id"] for r in await state_sql(env).fetch("SELECT id FROM reports")]
    assert new_id != 1, "a deleted report's id is never given to a new one"

    clicked = await env.click(page, retire, member=mod)
    assert "Retired" not in clicked.content.split("\n\n")[0], clicked.content
    assert not await state_sql(env).fetch("SELECT 1 FROM retired_items")
    row = await state_sql(env).fetchrow("SELECT status FROM reports")
    assert row["status"] == "open", "quote B's report waits for a moderator who has seen it"


async def test_an_approve_button_does_not_approve_a_suggestion_sent_after_a_delete(
    mod_env: BotEnv, mod: Member
) -> None:
    """The same with suggestions: an open "Approve #1" approved a different suggestion."""
    env = mod_env
    first, second = env.member("first"), env.member("second")
    opened = await env.slash("trivia suggest", member=first)
    await env.submit_modal(opened, {"question": "Who runs the diner?", "answer": "Luke", "source": "Every episode"})
    page = await env.slash("config suggestions", member=mod)
    approve = button(page, "Approve #1")
    await delete_my_data(env, first)
    opened = await env.slash("trivia suggest", member=second)
    await env.submit_modal(opened, {"question": "Who sells maps?", "answer": "Kirk", "source": "Season 4, I think"})
    [new_id] = [r["id"] for r in await state_sql(env).fetch("SELECT id FROM suggestions")]
    assert new_id != 1, "a deleted suggestion's id is never given to a new one"

    clicked = await env.click(page, approve, member=mod)
    assert "Approved" not in clicked.content.split("\n\n")[0], clicked.content
    assert not await state_sql(env).fetch("SELECT 1 FROM questions WHERE category = 'community'")
    row = await state_sql(env).fetchrow("SELECT status FROM suggestions")
    assert row["status"] == "pending"
