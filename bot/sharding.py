"""Which servers this process answers for, when the bot runs as several shard processes.

Discord sends each server's events, interactions included, over the shard
``(guild_id >> 22) % shard_count``; a process that runs some of the shards sees only their
servers. Plain Python (no discord import): the trivia service uses it to recover only its own
games after a crash, the client to decide whether this process syncs the slash commands.
"""

from __future__ import annotations

from dataclasses import dataclass


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's rule for the shard a server belongs to."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True, slots=True)
class ShardPlan:
    count: int | None = None  # shards across every process; None: Discord's recommendation, all here
    ids: tuple[int, ...] | None = None  # this process's shards; None: every shard

    @property
    def runs_everything(self) -> bool:
        return self.count is None or self.ids is None

    def owns_shard(self, shard_id: int) -> bool:
        return self.runs_everything or shard_id in (self.ids or ())

    def owns_guild(self, guild_id: int) -> bool:
        if self.count is None or self.ids is None:
            return True
        return shard_of(guild_id, self.count) in self.ids

    def describe(self) -> str:
        if self.count is None:
            return "every shard (as many as Discord recommends)"
        if self.ids is None:
            return f"all {self.count} shards"
        return f"shard{'s' if len(self.ids) > 1 else ''} {', '.join(map(str, self.ids))} of {self.count}"
