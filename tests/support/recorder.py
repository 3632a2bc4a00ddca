"""A trivia presenter for tests of the games service: it writes down what the game showed."""

from __future__ import annotations

from bot.domain.trivia.game import AskedQuestion, Ending, Reveal


class Recorder:
    """A presenter that writes down what the game showed."""

    end_shown = False

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.ending: Ending | None = None

    async def show_question(self, asked: AskedQuestion, number: int, total: int, deadline: float) -> None:
        self.calls.append("question")

    async def show_reveal(self, reveal: Reveal, number: int, total: int) -> None:
        self.calls.append("reveal")

    async def show_end(self, ending: Ending) -> None:
        self.calls.append("end")
        self.ending = ending
        self.end_shown = True

    async def show_failure(self) -> None:
        self.calls.append("failure")

    async def show_shutdown(self) -> None:
        self.calls.append("shutdown")
