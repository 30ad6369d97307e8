"""Issue 19, item 4: /privacy deletes and lists everything tied to the member. Every column of the
schema that can hold a member's id is named here, with what a delete does to it; a column added by
a later migration that is not named fails the first test until someone decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.db import Database
from standin import BotEnv, Member
from tests.backends import state_sql
from tests.moderation.test_e2e_privacy import store_some

# What /privacy's delete does to each column holding a member's id (on their own server).
MEMBER_COLUMNS = {
    ("scores", "user_id"): "deleted",
    ("answers", "user_id"): "deleted",
    ("reports", "user_id"): "deleted",
    ("members", "user_id"): "deleted",
    ("suggestions", "user_id"): "deleted",
    ("questions", "created_by"): "unlinked",
    ("questions", "suggested_by"): "unlinked",
    ("games", "started_by"): "unlinked",
    ("reports", "resolved_by"): "unlinked",
    ("suggestions", "reviewed_by"): "unlinked",
    ("seasons", "ended_by"): "unlinked",
    ("games", "opponent_id"): "unlinked",  # a duel's challenged member
    ("games", "winner_id"): "unlinked",
    ("hints", "user_id"): "deleted",
    ("game_teams", "user_id"): "deleted",
    ("audit_log", "actor_id"): "kept",  # the server's record of moderators' changes, listed as kept
}
# Names kept with the audit line they belong to (the moderator's name at the time).
NAMES_KEPT = {("audit_log", "actor_name")}
# Columns named like ids that never hold a member's.
NOT_MEMBERS = {
    "id", "guild_id", "channel_id", "daily_channel_id", "message_id", "game_id", "question_id", "quote_id",
    "fact_id", "item_id", "speaker_id", "occasion_id", "person_id", "parent_id", "passage_id", "host_id",
    "guest_id", "doc_id", "repeat_of", "champion_role_id", "lobby_message_id", "winner_team",
}  # fmt: skip
# Content and the local search index: no member is ever in them.
CONTENT_TABLES = {"article", "episode", "occasions", "people", "quotes", "facts", "fact_people", "synonyms"}


async def test_every_column_that_can_hold_a_member_is_decided(tmp_path: Path) -> None:
    """Names ending in _id or _by, and integer columns named for a person (user, actor, member...)."""
    undecided = []
    async with Database(tmp_path / "bot.db") as db:
        tables = await db.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            " AND name NOT LIKE 'search%'"
        )
        for table in (t["name"] for t in tables if t["name"] not in CONTENT_TABLES):
            for column in await db.fetch_all(f"SELECT name, type FROM pragma_table_info('{table}')"):
                name = column["name"]
                looks_like_a_person = name.endswith(("_id", "_by")) or any(
                    word in name for word in ("user", "actor", "member", "player", "starter", "winner", "champion")
                )
                if name == "member_key" or (table, name) in NAMES_KEPT:  # member_key: a keyed hash, not the id
                    continue
                if looks_like_a_person and (table, name) not in MEMBER_COLUMNS and name not in NOT_MEMBERS:
                    undecided.append(f"{table}.{name}")
    assert not undecided, f"decide what /privacy does to {undecided} (tests/moderation/test_privacy_columns.py)"
    for table, column in MEMBER_COLUMNS:  # and every named column still exists
        async with Database(tmp_path / "bot.db") as db:
            found = await db.fetch_all(f"SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?", (column,))
            assert found, f"{table}.{column}"


async def holding(env: BotEnv, user_id: int) -> dict[tuple[str, str], int]:
    """How many rows of the server hold ``user_id`` in each member column."""
    counts = {}
    for table, column in MEMBER_COLUMNS:
        counts[table, column] = await state_sql(env).fetchval(
            f"SELECT COUNT(*) FROM {table} WHERE guild_id = ? AND {column} = ?", env.guild.id, user_id
        )
    return counts


@pytest.mark.both_backends
async def test_a_moderator_in_every_column_is_listed_and_deleted_or_unlinked(mod_env: BotEnv, mod: Member) -> None:
    """One member (a moderator who also plays) in every column; /privacy lists each kind, the delete
    leaves their id only where it is listed as kept."""
    env, other, fan = mod_env, mod_env.member("other-mod", manage_guild=True), mod_env.member("fan")
    await store_some(env, env.guild.id, mod.id, "Lorelai")  # scores, answers, members, a game started
    opened = await env.slash("trivia custom add", member=mod)  # questions.created_by, audit_log
    await env.submit_modal(opened, {"question": "Who runs the inn?", "answer": "Lorelai", "wrong": "Sookie"})
    for member, question in ((mod, "Who fixes the roof?"), (fan, "Who sells the maps?")):
        opened = await env.slash("trivia suggest", member=member)
        await env.submit_modal(opened, {"question": question, "answer": "Kirk", "source": "Season 4, I think"})
    page = await env.slash("config suggestions", member=other)  # the other moderator approves the mod's
    approve = next(b["custom_id"] for b in page.buttons if b["label"] == "Approve #1")
    await env.click(page, approve, member=other)  # questions.suggested_by
    page = await env.slash("config suggestions", member=mod)  # the mod rejects the fan's
    reject = next(b["custom_id"] for b in page.buttons if b["label"] == "Reject #2")
    await env.click(page, reject, member=mod)  # suggestions.reviewed_by
    await env.slash("report", member=mod, kind="quote", item="been-a-while", reason="Not his words")
    await env.slash("report", member=fan, kind="fact", item="milo-played-jess", reason="Not sure")
    page = await env.slash("config reports", member=mod)
    keep = next(b["custom_id"] for b in page.buttons if b["label"] == "Keep #2")
    await env.click(page, keep, member=mod)  # reports.resolved_by
    reset = await env.slash("config reset-scores", member=mod)
    await env.click(reset, "config:reset:1", member=mod)  # seasons.ended_by
    sql, guild = state_sql(env), env.guild.id
    duel = await sql.insert(  # games.opponent_id, games.winner_id: a duel the mod was challenged to, and won
        "INSERT INTO games (guild_id, channel_id, started_by, status, rounds, timer, mode, opponent_id, winner_id)"
        " VALUES (?, 1, ?, 'finished', 5, 20, 'duel', ?, ?) RETURNING id",
        guild, fan.id, mod.id, mod.id,
    )  # fmt: skip
    await sql.execute(
        "INSERT INTO hints (game_id, round_no, guild_id, user_id) VALUES (?, 1, ?, ?)", duel, guild, mod.id
    )
    await sql.execute(
        "INSERT INTO game_teams (game_id, guild_id, user_id, team) VALUES (?, ?, ?, 'A')", duel, guild, mod.id
    )
    before = await holding(env, mod.id)
    assert all(before.values()), {k: v for k, v in before.items() if not v}

    shown = await env.slash("privacy", member=mod)
    names = {f["name"] for f in shown.embed["fields"]}
    for listed in (
        "Scores", "Trivia answers", "Reports you filed", "Trivia suggestions you sent",
        "Community questions from your suggestions",
        "Community questions you added (wrote, or approved from a suggestion)", "Trivia games you started",
        "Reports, suggestions and seasons you decided as a moderator", "Moderator changes you made",
        "Suggestions and reports you sent in the last 24 hours",
    ):  # fmt: skip
        assert listed in names, listed
    asked = await env.click(shown, f"privacy:ask:{mod.id}", member=mod)
    await env.click(asked, f"privacy:delete:{mod.id}", member=mod)
    after = await holding(env, mod.id)
    for (table, column), treatment in MEMBER_COLUMNS.items():
        assert bool(after[table, column]) == (treatment == "kept"), (table, column, after[table, column])
    again = await env.slash("privacy", member=mod)
    assert again.embed["description"] == "Nothing to delete." and again.buttons == []
    assert {f["name"] for f in again.embed["fields"]} == {
        "Moderator changes you made",
        "Suggestions and reports you sent in the last 24 hours",
    }
