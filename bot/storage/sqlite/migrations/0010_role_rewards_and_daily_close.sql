-- 0010: role rewards (/settings rewards) and the daily question's optional close time.
-- The PostgreSQL twin is bot/storage/postgres/migrations/0010_role_rewards_and_daily_close.sql.

-- A moderator's reward: a role for members who reach a threshold of all-time trivia points or of
-- daily streak. One per role (the primary key); the service allows 25 per server.
CREATE TABLE role_rewards (
    guild_id        INTEGER NOT NULL,
    role_id         INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('points', 'streak')),
    threshold       INTEGER NOT NULL CHECK (threshold BETWEEN 1 AND 100000000),
    created_by      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    -- Set when a grant failed (the role was moved above the bot's, Manage Roles was taken away):
    -- the failure is logged once, and /settings rewards list shows it, until a grant works again.
    needs_attention INTEGER CHECK (needs_attention IS NULL OR needs_attention > 0),  -- since (UTC s)
    PRIMARY KEY (guild_id, role_id)
) STRICT, WITHOUT ROWID;

-- Each role given to a member, so it is given once, and taken back by /privacy delete and
-- /server reset. A row is written before Discord is asked (the claim), and removed if it refused.
CREATE TABLE role_grants (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    role_id    INTEGER NOT NULL,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, role_id)
) STRICT, WITHOUT ROWID;

-- The daily question's close time (local, minutes after midnight; NULL: the answer comes with the
-- next question), when the open question closes (UTC seconds; NULL: nothing to close), and the
-- last day whose answer has been revealed. A reveal is claimed like a post: one conditional
-- UPDATE (... WHERE closed_day < the day), so it is posted once.
ALTER TABLE daily_schedules ADD COLUMN close_minute INTEGER CHECK (close_minute BETWEEN 0 AND 1439);
ALTER TABLE daily_schedules ADD COLUMN close_due_at INTEGER;
ALTER TABLE daily_schedules ADD COLUMN closed_day TEXT NOT NULL DEFAULT ''
    CHECK (length(closed_day) IN (0, 10));

-- The scheduler's one query for closes per tick, like daily_schedules_due for posts.
CREATE INDEX daily_schedules_close ON daily_schedules (close_due_at);
