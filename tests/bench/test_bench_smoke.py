"""The benchmark harness still works: the real bot and the bare discord.py bot answer alike.

No timing here (timings live in ``python -m bench``). This drives a handful of
interactions through bench/harness.py, so a discord.py upgrade that moves the
private names it relies on, or a command whose signature drifts from the bare
bot's mirror, fails CI instead of silently breaking the benchmark.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import payloads, trivia
from bench.bare_bot import ANSWER_TEMPLATE as BARE_ANSWER_TEMPLATE
from bench.bare_bot import bare_intents, response_shape, signature_differences
from bench.world import world
from bot.client import bot_intents
from bot.domain.content import Content
from tests.support.db_queries import answer_count

BENCHMARKED = ["cast", "crew", "quote", "film", "spoilers show"]


async def test_real_and_bare_bots_answer_with_the_same_shape(tmp_path: Path, content: Content) -> None:
    assert bare_intents() == bot_intents()
    async with world(tmp=tmp_path, content=content) as w:
        paths = BENCHMARKED + (["trivia start"] if trivia.trivia_available(w) else [])
        assert signature_differences(w.real.tree, w.bare.tree, paths) == []
        # Payloads are typed from the real commands, and refuse what the real commands lack.
        assert payloads.slash("trivia", {"questions": 3}, sub="start")["data"]["options"][0]["options"] == [
            {"name": "questions", "type": 4, "value": 3}
        ]
        with pytest.raises(ValueError, match="has no option 'who'"):
            payloads.slash("cast", {"who": "keanu"})
        with pytest.raises(ValueError, match="has no subcommand 'hide'"):
            payloads.slash("spoilers", sub="hide")
        cast_id = next(m.id for m in content.cast)
        for make in (
            lambda: payloads.slash("cast", {"name": "keanu"}),
            lambda: payloads.slash("cast", {"name": cast_id}),
            lambda: payloads.slash("cast", {"name": "ana"}, focused="name"),
            lambda: payloads.slash("film"),
            lambda: payloads.slash("spoilers", sub="show"),
        ):
            real_calls = await w.capture_for_bare(make())
            bare_calls = await w.driver.capture(w.bare, make())
            assert real_calls, "the real bot sent nothing"
            assert response_shape(real_calls) == response_shape(bare_calls)

        if trivia.trivia_available(w):
            from bot.ui.trivia.buttons import ANSWER_TEMPLATE

            assert BARE_ANSWER_TEMPLATE == ANSWER_TEMPLATE  # clicks are routed the same way
            message = await trivia.teach_bare(w)
            game_id, number, msg = await trivia.start_game(w)
            real_click = await w.driver.capture(
                w.real, payloads.click(trivia.answer_id(game_id, number, "B"), msg, user_n=1)
            )
            bare_click = await w.driver.capture(
                w.bare, payloads.click(trivia.answer_id(1, 1, "B"), message, user_n=1)
            )
            assert response_shape(real_click) == response_shape(bare_click)
            await trivia.stop_game(w)
            assert await answer_count(w.real.storage.database, game_id, number) == 1  # type: ignore[arg-type]


async def test_the_scale_benchmark_runs_bot_processes_over_the_gateway() -> None:
    """bench/scale.py (a small burst, no timing asserts): every click is answered and stored once."""
    from bench import scale

    result = await scale.measure(2, None, clicks=20, runs=1, log=lambda _line: None)
    assert result["exactly_once"] and result["answered_by"] == ["bot0", "bot1"]
