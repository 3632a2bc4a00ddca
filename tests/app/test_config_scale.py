"""The settings for running at scale: shards across processes, and the metrics endpoint."""

from __future__ import annotations

import pytest

from bot.config import Config, ConfigError, load_config
from bot.sharding import ShardPlan, shard_of
from tests.support.world import FAKE_TOKEN


def config_with(**settings: str) -> Config:
    return load_config({"DISCORD_TOKEN": FAKE_TOKEN, **settings})


def test_without_settings_one_process_runs_every_shard_and_metrics_are_off() -> None:
    config = config_with()
    assert (config.shard_count, config.shard_ids) == (None, None)
    assert config.metrics_port is None and config.metrics_host == "127.0.0.1"


@pytest.mark.parametrize(
    ("count", "ids", "expected"),
    [
        ("4", "", (4, None)),
        ("8", "0-3", (8, (0, 1, 2, 3))),
        ("8", "4,5", (8, (4, 5))),
        ("8", " 6, 0-1 ", (8, (0, 1, 6))),
        ("2", "1", (2, (1,))),
    ],
)
def test_shard_settings(count: str, ids: str, expected: tuple[int, tuple[int, ...] | None]) -> None:
    config = config_with(SHARD_COUNT=count, SHARD_IDS=ids)
    assert (config.shard_count, config.shard_ids) == expected


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"SHARD_IDS": "0"}, "SHARD_IDS needs SHARD_COUNT: set SHARD_COUNT to the total number of shards"),
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT must be a whole number of shards, 1 or more, got '0'."),
        ({"SHARD_COUNT": "two"}, "SHARD_COUNT must be a whole number of shards, 1 or more, got 'two'."),
        (
            {"SHARD_COUNT": "4", "SHARD_IDS": "0..3"},
            "SHARD_IDS must list this process's shards as numbers and ranges, like '0-3' or '4,5', "
            "got '0..3'.",
        ),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "3-1"}, "SHARD_IDS range '3-1' runs backwards"),
        (
            {"SHARD_COUNT": "4", "SHARD_IDS": "2-4"},
            "SHARD_IDS names shard 4, but SHARD_COUNT is 4: shards are numbered 0 to 3.",
        ),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0-2,2"}, "SHARD_IDS lists shard 2 more than once."),
        ({"METRICS_PORT": "http"}, "METRICS_PORT must be a port number from 1 to 65535"),
        ({"METRICS_PORT": "70000"}, "METRICS_PORT must be a port number from 1 to 65535"),
        ({"METRICS_PORT": "0"}, "METRICS_PORT must be a port number from 1 to 65535"),
        ({"METRICS_HOST": "0.0.0.0"}, "METRICS_HOST is set but METRICS_PORT is not"),
    ],
)
def test_each_wrong_setting_gets_one_clear_message(settings: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config_with(**settings)
    assert str(caught.value).startswith(message)


def test_metrics_settings() -> None:
    config = config_with(METRICS_PORT="9105", METRICS_HOST="0.0.0.0")
    assert (config.metrics_port, config.metrics_host) == (9105, "0.0.0.0")
    assert config_with(METRICS_PORT="9105").metrics_host == "127.0.0.1", "loopback unless told otherwise"


def test_servers_belong_to_shards_by_discords_rule() -> None:
    # The snowflake in Discord's reference docs: its timestamp part is 41,944,705,796 ms.
    guild = 175928847299117063
    assert guild >> 22 == 41_944_705_796
    # 41,944,705,796 is even, leaves 2 when divided by 3 (digit sum 56) and 1 by 5 (it ends in 6).
    assert [shard_of(guild, n) for n in (1, 2, 3, 5)] == [0, 0, 2, 1]
    plan = ShardPlan(count=3, ids=(0, 1))
    assert not plan.owns_guild(guild)  # shard 2
    assert plan.owns_guild(guild + (1 << 22))  # a server made one millisecond later: shard 0
    assert plan.owns_shard(1) and not plan.owns_shard(2)
    assert ShardPlan().owns_guild(guild) and ShardPlan().owns_shard(0), "one process runs everything"
    assert ShardPlan(count=4).owns_guild(guild), "SHARD_COUNT alone: every shard in this process"
