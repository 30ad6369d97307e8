"""Members' suggestions on each backend: filing with its limits and duplicate checks, the queue,
approving (a community question crediting the member) and rejecting, each with its audit line."""

from __future__ import annotations

import asyncio

import pytest

from bot.db.moderation_repo import Actor
from bot.moderation.community import QuestionProblem
from bot.moderation.suggestions import MAX_PENDING_PER_MEMBER, build_suggestion
from tests.backends import Store

G1, G2 = 2001, 2002
MOD = Actor(900, "Mod")


def suggestion(n: int = 1, prompt: str | None = None):
    return build_suggestion(prompt or f"Who played Jess, take {n}?", "Milo", ["Scott"], "The article says so.")


async def test_filing_and_the_queue(store: Store) -> None:
    repo = store.repos.suggestions
    first = await repo.add(G1, 50, suggestion(1))
    second = await repo.add(G1, 51, suggestion(2))
    assert second > first
    await repo.add(G2, 50, suggestion(1))  # the same question on another server: its own queue
    waiting, total = await repo.pending(G1, limit=1)
    assert total == 2 and [s.id for s in waiting] == [first]
    assert waiting[0].user_id == 50 and waiting[0].question.explanation == "The article says so."
    assert await repo.pending_count(G1) == 2 and await repo.pending_count(G2) == 1


async def test_duplicates_and_limits_are_refused(store: Store) -> None:
    repo = store.repos.suggestions
    await repo.add(G1, 50, suggestion(1))
    with pytest.raises(QuestionProblem, match="already waiting"):
        await repo.add(G1, 51, suggestion(prompt="WHO played Jess, take 1?"))
    for n in range(2, MAX_PENDING_PER_MEMBER + 1):
        await repo.add(G1, 50, suggestion(n))
    with pytest.raises(QuestionProblem, match="waiting"):
        await repo.add(G1, 50, suggestion(99))


async def test_approving_makes_a_community_question_with_its_audit_line(store: Store) -> None:
    repos = store.repos
    number_one = await repos.moderation.add_community_questions(G1, MOD, [suggestion(7)], label="")
    suggestion_id = await repos.suggestions.add(G1, 50, suggestion(8))
    review = await repos.suggestions.review(G1, MOD, suggestion_id, approve=True)
    assert review is not None and (review.decision, review.done_now, review.number) == ("approved", True, 2)
    assert number_one == [1]
    again = await repos.suggestions.review(G1, MOD, suggestion_id, approve=False)
    assert again is not None and (again.decision, again.done_now, again.number) == ("approved", False, 2)
    assert [s.number for s in await repos.moderation.community_questions(G1)] == [1, 2]
    assert (await repos.moderation.member_data(G1, 50)).questions_suggested == 1
    with pytest.raises(QuestionProblem, match="already has"):
        await repos.suggestions.add(G1, 51, suggestion(8))
    assert [e.action for e in await repos.moderation.history(G1)] == ["suggestions.approve", "custom.add"]
    assert await repos.suggestions.review(G2, MOD, suggestion_id, approve=True) is None  # not that server's


async def test_rejecting_and_racing_reviews(store: Store) -> None:
    """A rejection is recorded once; two moderators deciding at once: one decides, one is told."""
    repo = store.repos.suggestions
    suggestion_id = await repo.add(G1, 50, suggestion(1))
    results = await asyncio.gather(
        repo.review(G1, MOD, suggestion_id, approve=False),
        repo.review(G1, Actor(901, "B"), suggestion_id, approve=True),
    )
    assert sorted(r.done_now for r in results if r is not None) == [False, True]
    assert len(await store.repos.moderation.history(G1)) == 1
    assert await repo.pending_count(G1) == 0


async def test_meta_bookkeeping(store: Store) -> None:
    """Command-sync hashes and other bookkeeping: set, replace, find by prefix, delete."""
    meta = store.repos.meta
    assert await meta.get("commands_hash:1:global") is None
    await meta.set("commands_hash:1:global", "a")
    await meta.set("commands_hash:1:global", "b")
    await meta.set("commands_hash:1:guild:5", "c")
    await meta.set("commands_hashes", "not a match")
    assert await meta.get("commands_hash:1:global") == "b"
    assert sorted(await meta.keys_starting_with("commands_hash:")) == [
        "commands_hash:1:global",
        "commands_hash:1:guild:5",
    ]
    assert await meta.keys_starting_with("commands_hash:%") == []  # no wildcards
    await meta.delete("commands_hash:1:guild:5")
    assert await meta.keys_starting_with("commands_hash:1:guild") == []


async def test_health_and_running_games(store: Store) -> None:
    ops = store.repos.ops
    assert await ops.ping()
    assert await ops.running_games() == {}
    await store.sql.execute(
        "INSERT INTO games (guild_id, channel_id, started_by, rounds, timer, kind) VALUES (1, 2, 3, 5, 20, 'daily')"
    )
    assert await ops.running_games() == {"daily": 1}
