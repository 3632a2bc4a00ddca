"""Trivia through real payloads: start a game, click its answer buttons, stop it.

A game is started the way a member starts one (a ``/trivia start`` INTERACTION_CREATE);
the session then posts question 1 to the channel through the fake REST layer, and the
clicks are type-3 interactions on that message, with the answer buttons' custom_ids
(``trivia:<game>:<question>:<letter>``, bot/ui/trivia/buttons.py). Games are stopped
through the cog's registry and the session's public ``stop()``.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench import payloads
from bench.bare_bot import Canned
from bench.interactions import CLICK_TARGET, Case
from bench.world import World
from bot.services.running_game import RunningGame
from bot.services.trivia_games import TriviaGames
from bot.storage.driver import Driver

LETTERS = ("A", "B", "C", "D")
STARTER = 10_000  # member number of whoever starts games (never one of the clickers)


def trivia_available(world: World) -> bool:
    return "Trivia" in world.real.cogs


def start_payload() -> dict[str, Any]:
    return payloads.slash("trivia", sub="start", user_n=STARTER)


def answer_id(game_id: int, number: int, letter: str) -> str:
    return f"trivia:{game_id}:{number}:{letter}"


def _question_message(world: World, after: int) -> dict[str, Any] | None:
    for msg in world.real_rest.messages[after:]:
        for row in msg.get("components") or []:
            for c in row.get("components") or []:
                if str(c.get("custom_id", "")).startswith("trivia:") and not c.get("disabled"):
                    return msg
    return None


def parse_answer_id(msg: dict[str, Any]) -> tuple[int, int]:
    custom_id = msg["components"][0]["components"][0]["custom_id"]
    _, game, number, _ = custom_id.split(":")
    return int(game), int(number)


async def start_game(world: World, *, wait_s: float = 5.0) -> tuple[int, int, dict[str, Any]]:
    """Start a game in #general through a real /trivia start; returns (game id, question number, message)."""
    before = len(world.real_rest.messages)
    text, token = payloads.renumber(start_payload(), user_n=STARTER)
    timing = await world.driver.interact(world.real, text, token)
    body = timing.call.payload or {}
    if not (body.get("data") or {}).get("embeds"):
        raise RuntimeError(f"/trivia start did not start a game: {body}")
    deadline = time.monotonic() + wait_s
    while (msg := _question_message(world, before)) is None:
        if time.monotonic() > deadline:
            raise RuntimeError("the trivia session did not post its first question")
        await asyncio.sleep(0.001)
    game_id, number = parse_answer_id(msg)
    return game_id, number, msg


def game_in(games: TriviaGames, channel_id: int) -> RunningGame | None:
    """The launched game in a channel, if any."""
    return next((game for game in games.running() if game.channel_id == channel_id), None)


async def game_status(db: Driver, game_id: int) -> str | None:
    row = await db.fetchone("SELECT status FROM trivia_games WHERE id = ?", (game_id,))
    return None if row is None else str(row[0])


async def stop_game(world: World, *, wait_s: float = 5.0) -> None:
    """Stop the game in #general (if any) and wait until its end is recorded in the database."""
    running = game_in(world.real.services.trivia_games, payloads.CHANNEL_ID)
    if running is None:
        return
    await running.session.stop()
    deadline = time.monotonic() + wait_s
    while True:
        if await game_status(world.real.storage.database, running.game_id) != "running":
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"trivia game {running.game_id} did not finish")
        await asyncio.sleep(0.001)
    await world.real.storage.answers.flush()


# ------------------------------------------------------------------------------ teaching the bare bot


async def teach_bare(world: World) -> dict[str, Any]:
    """Capture the real answers to /trivia start and to a click on each letter; the bare bot replays them.

    Returns the question message (the bare bot's clicks reference the same payload).
    """
    await stop_game(world)
    payload = start_payload()
    before = len(world.real_rest.messages)
    calls = await world.capture_for_bare(payload)
    deadline = time.monotonic() + 5
    while (msg := _question_message(world, before)) is None:
        if time.monotonic() > deadline:
            raise RuntimeError("the trivia session did not post its first question")
        await asyncio.sleep(0.001)
    if len(calls) < 1:
        raise RuntimeError("no answer to /trivia start")
    game_id, number = parse_answer_id(msg)
    for n, letter in enumerate(LETTERS):
        click = payloads.click(answer_id(game_id, number, letter), msg, user_n=STARTER + 1 + n)
        click_calls = await world.driver.capture(world.real, click)
        text = ((click_calls[0].payload or {}).get("data") or {}).get("content", "")
        if not text.startswith("Locked in"):
            raise RuntimeError(f"a click on {letter} was not accepted: {text!r}")
        world.book.by_key[("answer", letter)] = Canned.from_calls(click_calls, view_timeout=None)
    await stop_game(world)
    return msg


# ------------------------------------------------------------------------------ the cases


def cases(world: World, question_message: dict[str, Any]) -> list[Case]:
    async def between_starts(w: World, bot: Any) -> None:
        if bot is w.real:
            await stop_game(w)

    async def fresh_clicks(w: World, bot: Any, n: int) -> list[dict[str, Any]]:
        if bot is w.real:
            await stop_game(w)
            game_id, number, msg = await start_game(w)
        else:
            game_id, number, msg = 1, 1, question_message
        return [payloads.click(answer_id(game_id, number, LETTERS[i % 4]), msg) for i in range(4)]

    async def end_game(w: World, bot: Any) -> None:
        if bot is w.real:
            await stop_game(w)

    start = Case(
        "trivia_start",
        "`/trivia start`",
        [start_payload()],
        None,
        between=between_starts,
        taught=True,
        notes="includes the game's database writes (create game, mark questions asked) before the reply; "
        "each start is followed (untimed) by a stop",
    )
    click = Case(
        "answer_click",
        "answer click (button)",
        [],
        CLICK_TARGET,
        prepare=fresh_clicks,
        after_sample=end_game,
        distinct_users=True,
        taught=True,
        notes="every click by a different member on question 1 of a fresh game; the answer is queued "
        "for the AnswerWriter before the reply (the write itself is in 'total')",
    )
    return [start, click]
