-- 0007_daily_question: one question a day per server (/daily), who answered it, and streaks.
-- The PostgreSQL twin is bot/storage/postgres/migrations/0007_daily_question.sql.

-- A server's schedule. Days are the server's local dates ('YYYY-MM-DD', text so they compare in
-- order on both databases; '' = never). A post is claimed by one conditional UPDATE
-- (… WHERE last_posted_day < the day), so two processes or a restart never post a day twice.
CREATE TABLE daily_schedules (
    guild_id        INTEGER PRIMARY KEY,
    channel_id      INTEGER NOT NULL,
    post_minute     INTEGER NOT NULL CHECK (post_minute BETWEEN 0 AND 1439),  -- local time of day
    time_zone       TEXT    NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),  -- IANA name
    paused          INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    last_posted_day TEXT    NOT NULL DEFAULT '' CHECK (length(last_posted_day) IN (0, 10)),
    previous_day    TEXT    NOT NULL DEFAULT '' CHECK (length(previous_day) IN (0, 10)),
    next_due_at     INTEGER NOT NULL,  -- UTC seconds: the next local post time, DST included
    question_id     TEXT    CHECK (length(question_id) <= 100),  -- the question of last_posted_day
    message_id      INTEGER,
    posted_at       INTEGER
) STRICT;

-- The scheduler's one query per tick: the servers due now, a range read of this index.
CREATE INDEX daily_schedules_due ON daily_schedules (paused, next_due_at);

-- One answer per member per day (the primary key), stored before the member is told "Locked in".
-- Whether it was right, never the letter clicked (as for trivia answers).
CREATE TABLE daily_answers (
    guild_id    INTEGER NOT NULL,
    day         TEXT    NOT NULL CHECK (length(day) = 10),
    user_id     INTEGER NOT NULL,
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answered_at INTEGER NOT NULL,  -- UTC milliseconds: the first right answers are the day's top
    PRIMARY KEY (guild_id, day, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE daily_streaks (
    guild_id       INTEGER NOT NULL,
    user_id        INTEGER NOT NULL,
    current_streak INTEGER NOT NULL CHECK (current_streak >= 0),
    best_streak    INTEGER NOT NULL CHECK (best_streak >= current_streak),
    last_day       TEXT    NOT NULL CHECK (length(last_day) = 10),
    PRIMARY KEY (guild_id, user_id)
) STRICT, WITHOUT ROWID;

-- The questions a server's daily question has asked, so none repeats until all have been asked.
CREATE TABLE daily_asked (
    guild_id    INTEGER NOT NULL,
    question_id TEXT    NOT NULL CHECK (length(question_id) <= 100),
    day         TEXT    NOT NULL CHECK (length(day) = 10),
    PRIMARY KEY (guild_id, question_id)
) STRICT, WITHOUT ROWID;
