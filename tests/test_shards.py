"""The ownership rule (bot/shards.py): a server belongs to the process running its shard."""

from __future__ import annotations

from types import SimpleNamespace

import discord
import pytest

from bot.shards import ShardPlan, shard_of
from standin.model import snowflake_on_shard

GUILD = 81384788765712384  # Discord API's own server: created 2015-07-05


def test_shard_of_is_discords_rule() -> None:
    # discord.py's Guild.shard_id routes a server's requests by the same rule: the two never drift apart.
    for count in (1, 2, 3, 16):
        guild = SimpleNamespace(id=GUILD, _state=SimpleNamespace(shard_count=count))
        assert shard_of(GUILD, count) == discord.Guild.shard_id.fget(guild) == (GUILD >> 22) % count


@pytest.mark.parametrize(("shard_id", "count"), [(0, 1), (0, 2), (1, 2), (3, 4), (15, 16)])
def test_standin_makes_servers_on_the_shard_asked_for(shard_id: int, count: int) -> None:
    ids = {snowflake_on_shard(shard_id, count) for _ in range(50)}
    assert len(ids) == 50 and {shard_of(i, count) for i in ids} == {shard_id}


def test_a_process_running_every_shard_owns_every_server_and_syncs() -> None:
    for plan in (ShardPlan(), ShardPlan(shard_count=4)):
        assert plan.runs_every_shard and plan.syncs_commands
        assert all(plan.owns(snowflake_on_shard(s, 4)) for s in range(4))


def test_a_process_owns_exactly_the_servers_on_its_shards() -> None:
    first, second = ShardPlan((0,), 2), ShardPlan((1,), 2)
    for shard_id in (0, 1):
        for _ in range(20):
            guild_id = snowflake_on_shard(shard_id, 2)
            assert first.owns(guild_id) == (shard_id == 0)
            assert second.owns(guild_id) == (shard_id == 1)


def test_only_the_process_holding_shard_zero_syncs_commands() -> None:
    assert ShardPlan((0, 1), 4).syncs_commands
    assert not ShardPlan((1, 2, 3), 4).syncs_commands


def test_some_shards_need_the_count() -> None:
    with pytest.raises(ValueError):
        ShardPlan((0,), None)


@pytest.mark.parametrize(
    ("plan", "text"),
    [
        (ShardPlan(), "every shard"),
        (ShardPlan(shard_count=1), "1 shard"),
        (ShardPlan(shard_count=2), "all 2 shards"),
        (ShardPlan((1,), 2), "shard 1 of 2"),
        (ShardPlan((0, 1, 2, 3), 8), "shards 0-3 of 8"),
        (ShardPlan((0, 5), 8), "shards 0, 5 of 8"),
    ],
)
def test_described_for_the_log(plan: ShardPlan, text: str) -> None:
    assert plan.describe() == text
