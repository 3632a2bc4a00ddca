"""Which questions a game asks: filtered by difficulty and spoiler level, unasked ones first."""

from __future__ import annotations

import random
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from bot.domain.content import Difficulty, SpoilerLevel, TriviaQuestion


@dataclass(frozen=True, slots=True)
class Selection:
    """The questions for one game.

    ``reset_history`` is True when the eligible pool ran out of unasked questions, so
    some picks were taken again from the full pool. ``pool_ids`` are the ids of every
    question eligible under the game's filters; on a reset the caller forgets those
    ids from the server's history (``history_after`` gives the resulting set) and then
    records this game's questions as usual. ``len(questions)`` may be lower than the
    count asked for when too few questions are eligible: tell the user.
    """

    questions: tuple[TriviaQuestion, ...]
    reset_history: bool
    pool_ids: frozenset[str]

    def history_after(self, asked_ids: Iterable[str]) -> set[str]:
        """The server's asked ids once this game's questions are recorded."""
        history = set(asked_ids)
        if self.reset_history:
            history -= self.pool_ids
        history.update(q.id for q in self.questions)
        return history


def eligible_questions(
    pool: Iterable[TriviaQuestion],
    difficulty: Difficulty | None,
    max_spoiler: SpoilerLevel,
    *,
    typed: bool = False,
) -> list[TriviaQuestion]:
    """Questions of ``difficulty`` (None: any) whose spoiler level is at most ``max_spoiler``.

    ``typed``: leave out questions that cannot be answered without their four options ("Which
    of these…"). Keeps the pool's order and drops repeated ids (the first one wins).
    """
    seen: set[str] = set()
    out: list[TriviaQuestion] = []
    limit = max_spoiler.rank
    for q in pool:
        if q.id in seen or q.spoiler.rank > limit:
            continue
        if difficulty is not None and q.difficulty != difficulty:
            continue
        if typed and q.needs_options:
            continue
        seen.add(q.id)
        out.append(q)
    return out


def select_questions(
    pool: Iterable[TriviaQuestion],
    count: int,
    difficulty: Difficulty | None,
    max_spoiler: SpoilerLevel,
    asked_ids: AbstractSet[str],
    rng: random.Random,
    *,
    typed: bool = False,
) -> Selection:
    """Pick up to ``count`` questions that this server has not been asked yet.

    ``difficulty`` None means mixed; ``max_spoiler`` is the highest spoiler level allowed
    (NONE: no spoiler questions). Questions not in ``asked_ids`` come first; when fewer
    unasked questions remain than needed, all of them are taken, the history resets
    and the rest are drawn from the already-asked part of the pool — never the same
    question twice in one game. The result is shuffled with ``rng``.
    """
    eligible = eligible_questions(pool, difficulty, max_spoiler, typed=typed)
    pool_ids = frozenset(q.id for q in eligible)
    want = min(max(count, 0), len(eligible))
    fresh = [q for q in eligible if q.id not in asked_ids]
    if len(fresh) >= want:
        return Selection(tuple(rng.sample(fresh, want)), reset_history=False, pool_ids=pool_ids)
    repeats = [q for q in eligible if q.id in asked_ids]
    picks = fresh + rng.sample(repeats, want - len(fresh))
    rng.shuffle(picks)
    return Selection(tuple(picks), reset_history=True, pool_ids=pool_ids)


@dataclass(frozen=True, slots=True)
class Shortfall:
    """Too few questions of one difficulty for the game asked for: why, in numbers.

    ``by_spoilers``: more of them exist, but the spoiler limit (the channel's rules, or
    ``spoilers: exclude`` when ``spoilers_excluded``) leaves only ``available``.
    """

    difficulty: Difficulty
    available: int
    wanted: int
    by_spoilers: bool
    spoilers_excluded: bool
    typed: bool


def shortfall(
    pool: Iterable[TriviaQuestion],
    count: int,
    difficulty: Difficulty | None,
    max_spoiler: SpoilerLevel,
    *,
    typed: bool = False,
    spoilers_excluded: bool = False,
) -> Shortfall | None:
    """A ``Shortfall`` when a game of one difficulty cannot have ``count`` questions; else None.

    A mixed game (``difficulty`` None) never falls short: it starts with what there is.
    """
    if difficulty is None:
        return None
    pool = list(pool)
    available = len(eligible_questions(pool, difficulty, max_spoiler, typed=typed))
    if available >= count:
        return None
    without_limit = len(eligible_questions(pool, difficulty, SpoilerLevel.MAJOR, typed=typed))
    return Shortfall(difficulty, available, count, without_limit > available, spoilers_excluded, typed)
