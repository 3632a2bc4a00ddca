-- 0010: role rewards (/settings rewards) and the daily question's optional close time.
-- See the SQLite twin, bot/storage/sqlite/migrations/0010_role_rewards_and_daily_close.sql.
CREATE TABLE role_rewards (
    guild_id        BIGINT NOT NULL,
    role_id         BIGINT NOT NULL,
    kind            TEXT   NOT NULL CHECK (kind IN ('points', 'streak')),
    threshold       BIGINT NOT NULL CHECK (threshold BETWEEN 1 AND 100000000),
    created_by      BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    needs_attention BIGINT CHECK (needs_attention IS NULL OR needs_attention > 0),
    PRIMARY KEY (guild_id, role_id)
);

CREATE TABLE role_grants (
    guild_id   BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    role_id    BIGINT NOT NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id, role_id)
);

ALTER TABLE daily_schedules ADD COLUMN close_minute BIGINT CHECK (close_minute BETWEEN 0 AND 1439);
ALTER TABLE daily_schedules ADD COLUMN close_due_at BIGINT;
ALTER TABLE daily_schedules ADD COLUMN closed_day TEXT NOT NULL DEFAULT ''
    CHECK (length(closed_day) IN (0, 10));

CREATE INDEX daily_schedules_close ON daily_schedules (close_due_at);
