"""/config reset-scores (archive after a confirmation, once) and /config export (a safe CSV)."""

from __future__ import annotations

import csv
import io

from standin import BotEnv, CallbackType, Member
from tests.backends import RawSql
from tests.moderation.seed import seed_answer


async def a_question(env: BotEnv) -> int:
    row = await env.bot.db.fetch_one("SELECT id FROM questions WHERE guild_id IS NULL ORDER BY id LIMIT 1")
    assert row is not None, "the shipped content has questions"
    return int(row["id"])


async def name_member(env: BotEnv, guild_id: int, user_id: int, name: str) -> None:
    await env.bot.db.write(
        "INSERT INTO members (guild_id, user_id, display_name) VALUES (?, ?, ?)", (guild_id, user_id, name)
    )


def parse_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


async def test_reset_scores_archives_after_confirmation(mod_env: BotEnv, mod: Member, fan: Member) -> None:
    """Nothing happens until the moderator confirms; then the season advances and old scores stay."""
    guild = mod_env.guild.id
    question = await a_question(mod_env)
    await seed_answer(RawSql(mod_env.bot.repos), guild, question, 501, correct=True, points=120)
    await seed_answer(RawSql(mod_env.bot.repos), guild, question, 502, correct=False, points=0)

    asked = await mod_env.slash("config reset-scores", member=mod)
    assert asked.ephemeral and asked.embed["title"] == "Start season 2?"
    assert [b["custom_id"] for b in asked.buttons] == ["config:reset:1", "config:cancel"]
    assert (await mod_env.bot.guild_settings.get(guild)).season == 1

    cancelled = await mod_env.click(asked, "config:cancel", member=mod)
    assert cancelled.type == CallbackType.UPDATE_MESSAGE and cancelled.content == "Cancelled; nothing changed."
    assert cancelled.buttons == []

    first = await mod_env.slash("config reset-scores", member=mod)
    second = await mod_env.slash("config reset-scores", member=mod)  # a second tab, same season
    done = await mod_env.click(first, "config:reset:1", member=mod)
    assert done.type == CallbackType.UPDATE_MESSAGE and done.content.startswith(
        "Season 1 is archived (the scores of 2 players are kept)"
    )
    assert (await mod_env.bot.guild_settings.get(guild)).season == 2
    again = await mod_env.click(second, "config:reset:1", member=mod)
    assert again.content == "Season 1 was archived already; nothing changed."
    assert (await mod_env.bot.guild_settings.get(guild)).season == 2

    kept = await mod_env.bot.db.fetch_all("SELECT season, user_id, points FROM scores WHERE guild_id = ?", (guild,))
    assert sorted(tuple(r) for r in kept) == [(1, 501, 120), (1, 502, 0)]
    archived = await mod_env.bot.db.fetch_all("SELECT season, ended_by FROM seasons WHERE guild_id = ?", (guild,))
    assert [tuple(r) for r in archived] == [(1, mod.id)]
    show = await mod_env.slash("config show", member=mod)
    assert "2 (1 archived)" in show.text
    history = (await mod_env.slash("config history", member=mod)).embed["description"]
    assert history.count("**New season** · season 1 archived") == 1


async def test_export_is_this_servers_scores_as_safe_csv(mod_env: BotEnv, mod: Member) -> None:
    """Every season of this server only; a display name that is a formula arrives as text."""
    guild = mod_env.guild.id
    diner = await mod_env.add_guild("Luke's Diner")
    question = await a_question(mod_env)
    await seed_answer(RawSql(mod_env.bot.repos), guild, question, 501, correct=True, points=120)
    await seed_answer(RawSql(mod_env.bot.repos), diner.id, question, 777, correct=True, points=999)
    await name_member(mod_env, guild, 501, '=HYPERLINK("http://evil.example","click")')
    confirm = await mod_env.slash("config reset-scores", member=mod)
    await mod_env.click(confirm, "config:reset:1", member=mod)
    assert (await mod_env.bot.guild_settings.get(diner.id)).season == 1  # the other server's season goes on
    await seed_answer(RawSql(mod_env.bot.repos), guild, question, 503, correct=True, points=80, season=2)

    result = await mod_env.slash("config export", member=mod)
    assert result.type == CallbackType.DEFERRED_MESSAGE and result.ephemeral
    message = await result.wait_followup()
    assert message.ephemeral and message.content == "2 score rows across 2 seasons."
    [file] = message.files
    assert file.filename == f"scores-{guild}.csv"
    rows = parse_csv(file.data)
    assert rows[0] == [
        "season",
        "user_id",
        "display_name",
        "points",
        "answered",
        "correct",
        "best_streak",
        "fastest_ms",
    ]
    assert [(r[0], r[1], r[2], r[3]) for r in rows[1:]] == [
        ("2", "503", "", "80"),
        ("1", "501", '\'=HYPERLINK("http://evil.example","click")', "120"),
    ]
    assert b"999" not in file.data and b"777" not in file.data


async def test_export_with_no_scores_says_so(mod_env: BotEnv, mod: Member) -> None:
    result = await mod_env.slash("config export", member=mod)
    message = await result.wait_followup()
    assert message.content == "No scores yet on this server." and message.files == []
