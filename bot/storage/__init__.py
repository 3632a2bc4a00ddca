"""Storage: one SQLite database (aiosqlite), numbered SQL migrations and repositories.

No discord imports anywhere in this package.
"""

from bot.storage.database import Database, Transaction
from bot.storage.migrations import (
    DEFAULT_MIGRATIONS_DIR,
    Migration,
    MigrationError,
    MigrationResult,
    latest_version,
    pending,
)
from bot.storage.repos import (
    SETTING_KEYS,
    AnswerRecord,
    AnswerWriter,
    AuditEntry,
    CustomQuestionRow,
    GameRow,
    GameStatus,
    LeaderboardRow,
    MemberStats,
    MetaRepo,
    SettingChange,
    SettingsRepo,
    TriviaRepo,
)

__all__ = [
    "DEFAULT_MIGRATIONS_DIR",
    "SETTING_KEYS",
    "AnswerRecord",
    "AnswerWriter",
    "AuditEntry",
    "CustomQuestionRow",
    "Database",
    "GameRow",
    "GameStatus",
    "LeaderboardRow",
    "MemberStats",
    "MetaRepo",
    "Migration",
    "MigrationError",
    "MigrationResult",
    "SettingChange",
    "SettingsRepo",
    "Transaction",
    "TriviaRepo",
    "latest_version",
    "pending",
]
