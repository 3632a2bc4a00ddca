"""Cooldowns: bursts up to the limit, then a wait that shrinks with time; a refusal consumes nothing."""

from __future__ import annotations

from bot.domain.cooldowns import (
    Bucket,
    Cooldowns,
    CooldownSettings,
    Limit,
    Use,
    buckets_for,
    slow_down_message,
)


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_a_burst_up_to_the_limit_then_the_wait_shrinks() -> None:
    clock = Clock()
    cooldowns = Cooldowns(clock)
    five_a_minute = [Bucket("k", Limit(5, 60))]
    assert [cooldowns.hit(five_a_minute) for _ in range(5)] == [0.0] * 5
    assert cooldowns.hit(five_a_minute) == 12.0  # one use comes back every 12 s
    clock.t += 10
    assert cooldowns.hit(five_a_minute) == 2.0
    clock.t += 2
    assert cooldowns.hit(five_a_minute) == 0.0
    assert cooldowns.hit(five_a_minute) > 0


def test_a_refusal_by_one_bucket_consumes_no_other() -> None:
    clock = Clock()
    cooldowns = Cooldowns(clock)
    member, channel = Bucket("member", Limit(10, 60)), Bucket("channel", Limit(1, 60))
    assert cooldowns.hit([member, channel]) == 0.0
    for _ in range(20):
        assert cooldowns.hit([member, channel]) > 0
    assert [cooldowns.hit([member]) for _ in range(9)] == [0.0] * 9  # the refusals used none of them


def test_memory_is_bounded() -> None:
    cooldowns = Cooldowns(Clock(), max_keys=100)
    for n in range(10_000):
        cooldowns.hit([Bucket(("member", n), Limit(1, 60))])
    assert len(cooldowns) == 100


def test_rules_per_command() -> None:
    settings = CooldownSettings(lookups=5, trivia=3, reports=5)

    def keys(rule: str, *, public: bool = True, s: CooldownSettings = settings) -> list[object]:
        return [b.key[0] for b in buckets_for(Use(rule, 1, 2, 3, public), s)]  # type: ignore[index]

    assert keys("public lookup") == ["lookup", "posts"]
    assert keys("public lookup", public=False) == []  # an answer only the member sees
    assert keys("trivia start") == ["trivia start", "trivia start", "posts"]
    assert keys("trivia stop") == ["trivia stop", "trivia stop"]
    assert keys("report") == ["report"]
    assert keys("no such rule") == []
    off = CooldownSettings(lookups=0, trivia=0, reports=0)
    assert keys("public lookup", s=off) == [] and keys("report", s=off) == []
    assert keys("trivia start", s=off) == []


def test_the_message() -> None:
    assert (
        slow_down_message(0.2)
        == "Slow down a little: you can do that again in 1 second. Nothing was changed."
    )
    assert "in 12 seconds" in slow_down_message(11.01)
