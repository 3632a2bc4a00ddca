-- 0001_initial: the first schema.
-- Conventions: STRICT tables; Discord snowflakes as INTEGER; times as INTEGER unix
-- seconds in UTC (answers in milliseconds, since their order within a second matters).
-- Default setting values live in bot/domain/guild_settings.py only: the repository
-- always writes every column, so no DEFAULTs for settings here.

CREATE TABLE bot_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- ---------------------------------------------------------------- settings

CREATE TABLE guild_settings (
    guild_id              INTEGER PRIMARY KEY,
    spoiler_mode          TEXT    NOT NULL CHECK (spoiler_mode IN ('tag', 'hide', 'open')),
    spoiler_threshold     TEXT    NOT NULL CHECK (spoiler_threshold IN ('minor', 'major')),
    embargo_until         INTEGER,
    allow_profanity       INTEGER NOT NULL CHECK (allow_profanity IN (0, 1)),
    trivia_time_limit     INTEGER NOT NULL CHECK (trivia_time_limit BETWEEN 10 AND 60),
    trivia_question_count INTEGER NOT NULL CHECK (trivia_question_count BETWEEN 1 AND 25),
    trivia_points         INTEGER NOT NULL CHECK (trivia_points BETWEEN 1 AND 1000),
    automod_rule_id       INTEGER,
    updated_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE spoiler_channels (
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE member_seen (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    seen_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    guild_id  INTEGER NOT NULL,
    actor_id  INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    setting   TEXT    NOT NULL,
    old_value TEXT    NOT NULL,
    new_value TEXT    NOT NULL
) STRICT;

CREATE INDEX audit_log_by_guild ON audit_log (guild_id, id DESC);

-- ---------------------------------------------------------------- trivia

CREATE TABLE trivia_games (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL,
    channel_id     INTEGER NOT NULL,
    starter_id     INTEGER NOT NULL,
    mode           TEXT    NOT NULL,
    difficulty     TEXT    NOT NULL,
    question_count INTEGER NOT NULL CHECK (question_count >= 1),
    status         TEXT    NOT NULL DEFAULT 'running'
                           CHECK (status IN ('running', 'finished', 'stopped', 'interrupted')),
    started_at     INTEGER NOT NULL,
    ended_at       INTEGER,
    CHECK ((status = 'running') = (ended_at IS NULL))
) STRICT;

CREATE INDEX trivia_games_running ON trivia_games (id) WHERE status = 'running';
CREATE INDEX trivia_games_by_guild ON trivia_games (guild_id, started_at);

-- The primary key makes "each member is counted at most once per question" a
-- database guarantee: the writer inserts with INSERT OR IGNORE.
CREATE TABLE trivia_answers (
    game_id        INTEGER NOT NULL REFERENCES trivia_games (id) ON DELETE CASCADE,
    question_no    INTEGER NOT NULL CHECK (question_no >= 0),
    question_id    TEXT    NOT NULL,
    user_id        INTEGER NOT NULL,
    guild_id       INTEGER NOT NULL,
    correct        INTEGER NOT NULL CHECK (correct IN (0, 1)),
    points         INTEGER NOT NULL,
    answered_at_ms INTEGER NOT NULL,
    PRIMARY KEY (game_id, question_no, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX trivia_answers_by_time ON trivia_answers (guild_id, answered_at_ms);
CREATE INDEX trivia_answers_by_member ON trivia_answers (guild_id, user_id);

CREATE TABLE member_stats (
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    points       INTEGER NOT NULL DEFAULT 0,
    correct      INTEGER NOT NULL DEFAULT 0 CHECK (correct >= 0),
    answered     INTEGER NOT NULL DEFAULT 0 CHECK (answered >= 0),
    games_played INTEGER NOT NULL DEFAULT 0 CHECK (games_played >= 0),
    games_won    INTEGER NOT NULL DEFAULT 0 CHECK (games_won >= 0),
    best_streak  INTEGER NOT NULL DEFAULT 0 CHECK (best_streak >= 0),
    PRIMARY KEY (guild_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX member_stats_ranking ON member_stats (guild_id, points DESC, correct DESC, user_id);

CREATE TABLE trivia_asked (
    guild_id    INTEGER NOT NULL,
    question_id TEXT    NOT NULL,
    asked_at    INTEGER NOT NULL,
    PRIMARY KEY (guild_id, question_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE custom_questions (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    author_id  INTEGER NOT NULL,
    question   TEXT    NOT NULL CHECK (length(question) > 0),
    answer     TEXT    NOT NULL CHECK (length(answer) > 0),
    wrong1     TEXT    NOT NULL CHECK (length(wrong1) > 0),
    wrong2     TEXT    NOT NULL CHECK (length(wrong2) > 0),
    wrong3     TEXT    NOT NULL CHECK (length(wrong3) > 0),
    spoiler    TEXT    NOT NULL CHECK (spoiler IN ('none', 'minor', 'major')),
    difficulty TEXT    NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX custom_questions_by_guild ON custom_questions (guild_id, id);

CREATE TABLE guild_stats (
    guild_id     INTEGER PRIMARY KEY,
    games_played INTEGER NOT NULL DEFAULT 0 CHECK (games_played >= 0)
) STRICT;
