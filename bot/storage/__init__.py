"""Storage: the protocols the services depend on, and the backends that implement them.

No discord imports anywhere in this package, and no validation or display formatting:
values arrive checked by ``bot.domain`` and leave as the records of ``records``.
"""

from bot.domain.records import (
    AnswerRow,
    AuditEntry,
    CustomQuestion,
    GameRow,
    GameStatus,
    LeaderboardRow,
    MemberStats,
)
from bot.storage.answer_writer import AnswerWriter
from bot.storage.bundle import Storage
from bot.storage.migrations import MigrationError
from bot.storage.postgres.errors import DatabaseUnreachable

__all__ = [
    "AnswerRow",
    "AnswerWriter",
    "AuditEntry",
    "CustomQuestion",
    "DatabaseUnreachable",
    "GameRow",
    "GameStatus",
    "LeaderboardRow",
    "MemberStats",
    "MigrationError",
    "Storage",
]
