"""Which process serves which server: Discord's sharding rule, in one place (plain Python).

Discord sends a server's events, interactions included, on shard ``(guild_id >> 22) % shard_count``,
and direct messages on shard 0. A process that runs some of the shards (``SHARD_IDS``) therefore
owns the servers on them: their games, their daily question and their cached settings belong to
it, and to no other process sharing the database. A process that runs every shard owns every server.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHARD_COUNT = 10_000  # 25 million servers at Discord's 2,500 per shard: a bigger number is a typo


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends ``guild_id``'s events on (the creation time in its snowflake decides)."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True, slots=True)
class ShardPlan:
    """This process's shards: ``shard_ids`` of ``shard_count``. ``shard_ids`` None: every shard, and
    ``shard_count`` None as well: as many as Discord recommends (known once connected)."""

    shard_ids: tuple[int, ...] | None = None
    shard_count: int | None = None

    def __post_init__(self) -> None:
        if self.shard_ids is not None and self.shard_count is None:
            raise ValueError("a process that runs some shards must know how many there are in all")

    @property
    def runs_every_shard(self) -> bool:
        return self.shard_ids is None

    def owns(self, guild_id: int) -> bool:
        """Whether this process serves ``guild_id``: its games, daily question and caches are ours."""
        if self.shard_ids is None:
            return True
        assert self.shard_count is not None  # __post_init__
        return shard_of(guild_id, self.shard_count) in self.shard_ids

    @property
    def syncs_commands(self) -> bool:
        """Application commands are one set per application: the process holding shard 0 syncs them."""
        return self.shard_ids is None or 0 in self.shard_ids

    def describe(self) -> str:
        """For the log: "shards 0-3 of 8", "shard 1 of 2", "all 2 shards", "1 shard", "every shard"."""
        if self.shard_ids is None:
            if self.shard_count is None:
                return "every shard"
            return "1 shard" if self.shard_count == 1 else f"all {self.shard_count} shards"
        ids = self.shard_ids
        if len(ids) > 1 and ids == tuple(range(ids[0], ids[-1] + 1)):
            return f"shards {ids[0]}-{ids[-1]} of {self.shard_count}"
        return f"shard{'s' if len(ids) > 1 else ''} {', '.join(map(str, ids))} of {self.shard_count}"
