"""/privacy: a member sees what is stored about them here and deletes it after a confirmation."""

from __future__ import annotations

import pytest

from standin import BotEnv, CallbackType, Member
from tests.backends import RawSql, state_sql
from tests.moderation.seed import seed_answer

# Run with the server state in SQLite, then in PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_backends


async def store_some(env: BotEnv, guild_id: int, user_id: int, name: str) -> None:
    qid = (await state_sql(env).fetchrow("SELECT id FROM questions WHERE guild_id IS NULL LIMIT 1"))["id"]
    await seed_answer(RawSql(env.bot.repos), guild_id, qid, user_id, correct=True, points=130)
    await state_sql(env).execute(
        "INSERT INTO members (guild_id, user_id, display_name) VALUES (?, ?, ?)", guild_id, user_id, name
    )


async def test_nothing_stored_means_no_button(mod_env: BotEnv, fan: Member) -> None:
    result = await mod_env.slash("privacy", member=fan)
    assert result.ephemeral and result.embed["description"] == "Nothing." and result.buttons == []


async def test_privacy_shows_then_deletes_after_confirmation(mod_env: BotEnv, fan: Member) -> None:
    guild = mod_env.guild.id
    await store_some(mod_env, guild, fan.id, "Rory **G** @everyone")
    await mod_env.slash("report", member=fan, kind="quote", item="been-a-while", reason="Not his words")
    diner = await mod_env.add_guild("Luke's Diner")
    await store_some(mod_env, diner.id, fan.id, "Rory elsewhere")

    shown = await mod_env.slash("privacy", member=fan)
    fields = {f["name"]: f["value"] for f in shown.embed["fields"]}
    assert fields["Display name"] == "Rory \\*\\*G\\*\\* @\u200beveryone"
    assert fields["Scores"] == "season 1: 130 points, 1/1 right"
    assert (fields["Trivia answers"], fields["Reports you filed"]) == ("1", "1")
    assert [b["custom_id"] for b in shown.buttons] == [f"privacy:ask:{fan.id}"]

    asked = await mod_env.click(shown, f"privacy:ask:{fan.id}", member=fan)
    assert asked.type == CallbackType.UPDATE_MESSAGE and asked.content == "Delete everything listed below?"
    assert "can't be undone" in asked.embed["footer"]["text"]  # said once, under the list
    assert [b["custom_id"] for b in asked.buttons] == [f"privacy:delete:{fan.id}", f"privacy:cancel:{fan.id}"]
    still = await state_sql(mod_env).fetchrow("SELECT COUNT(*) AS n FROM scores WHERE user_id = ?", fan.id)
    assert still["n"] == 2  # asking is not deleting

    done = await mod_env.click(asked, f"privacy:delete:{fan.id}", member=fan)
    # store_some's game was started by the member who answered it: it stays, without their id.
    assert done.content == (
        "Deleted 1 season score, 1 trivia answer, 1 report and your display name. 1 game no longer names you."
    )
    assert done.buttons == []
    after = await mod_env.slash("privacy", member=fan)
    # Only the day's count for the limits is left: listed, not deletable, not under the member's id.
    assert after.embed["description"] == "Nothing to delete."
    [kept] = after.embed["fields"]
    assert kept["name"] == "Suggestions and reports you sent in the last 24 hours" and kept["value"].startswith("1: ")
    assert after.buttons == []
    for table in ("scores", "answers", "members"):
        rows = await state_sql(mod_env).fetch(f"SELECT guild_id FROM {table} WHERE user_id = ?", fan.id)
        assert [r["guild_id"] for r in rows] == [diner.id], table  # the other server's data is untouched
    assert not await state_sql(mod_env).fetch("SELECT 1 FROM reports WHERE user_id = ?", fan.id)


async def test_cancel_keeps_everything(mod_env: BotEnv, fan: Member) -> None:
    await store_some(mod_env, mod_env.guild.id, fan.id, "Rory")
    shown = await mod_env.slash("privacy", member=fan)
    asked = await mod_env.click(shown, f"privacy:ask:{fan.id}", member=fan)
    cancelled = await mod_env.click(asked, f"privacy:cancel:{fan.id}", member=fan)
    assert cancelled.content == "Nothing was deleted." and cancelled.buttons == []
    assert (await state_sql(mod_env).fetchrow("SELECT COUNT(*) AS n FROM answers"))["n"] == 1


async def test_another_member_cannot_press_someone_elses_delete(mod_env: BotEnv, fan: Member, mod: Member) -> None:
    """Even a moderator, even with a forged click: the button names its member."""
    await store_some(mod_env, mod_env.guild.id, fan.id, "Rory")
    shown = await mod_env.slash("privacy", member=fan)
    asked = await mod_env.click(shown, f"privacy:ask:{fan.id}", member=fan)
    refused = await mod_env.click(asked, f"privacy:delete:{fan.id}", member=mod)
    assert refused.ephemeral and refused.content.startswith("This button is for the member who ran /privacy")
    assert (await state_sql(mod_env).fetchrow("SELECT COUNT(*) AS n FROM answers"))["n"] == 1
