"""Trivia's rules, plain Python with no discord: one import path for the game's domain.

``limits`` (every bound), ``errors`` (refusals the member sees), ``questions`` (a server's
own questions: validation once), ``selection`` (what a game asks), ``answers`` (typed-answer
matching), ``game`` (asking, scoring, the synchronous state machine) and ``session`` (the
asyncio task that runs a game through a presenter).
"""

from __future__ import annotations

from bot.domain.trivia.answers import (
    AnswerMatcher,
    canonical_answer,
    typed_answer_is_correct,
    typo_allowance,
)
from bot.domain.trivia.errors import (
    AlreadyAnswered,
    GameNotRunning,
    InvalidAnswer,
    QuestionClosed,
    TriviaError,
)
from bot.domain.trivia.game import (
    AnswerOutcome,
    AskedQuestion,
    Ending,
    EndReason,
    Reveal,
    Standing,
    TriviaGame,
    TriviaMode,
    ask,
    score_answer,
)
from bot.domain.trivia.limits import IDLE_LIMIT, LETTERS, SPEED_BONUS_SHARE
from bot.domain.trivia.questions import (
    CUSTOM_ID_PREFIX,
    CustomQuestion,
    custom_question,
    custom_question_id,
    custom_question_number,
    is_custom_question,
    playable,
)
from bot.domain.trivia.selection import Selection, eligible_questions, select_questions
from bot.domain.trivia.session import (
    DEFAULT_REVEAL_PAUSE,
    AcceptedAnswer,
    AnswerListener,
    EndHook,
    ErrorHook,
    Presenter,
    TriviaSession,
)

__all__ = [
    "CUSTOM_ID_PREFIX",
    "DEFAULT_REVEAL_PAUSE",
    "IDLE_LIMIT",
    "LETTERS",
    "SPEED_BONUS_SHARE",
    "AcceptedAnswer",
    "AlreadyAnswered",
    "AnswerListener",
    "AnswerMatcher",
    "AnswerOutcome",
    "AskedQuestion",
    "CustomQuestion",
    "EndHook",
    "EndReason",
    "Ending",
    "ErrorHook",
    "GameNotRunning",
    "InvalidAnswer",
    "Presenter",
    "QuestionClosed",
    "Reveal",
    "Selection",
    "Standing",
    "TriviaError",
    "TriviaGame",
    "TriviaMode",
    "TriviaSession",
    "ask",
    "canonical_answer",
    "custom_question",
    "custom_question_id",
    "custom_question_number",
    "eligible_questions",
    "is_custom_question",
    "playable",
    "score_answer",
    "select_questions",
    "typed_answer_is_correct",
    "typo_allowance",
]
