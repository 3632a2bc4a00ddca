-- Cooldowns a server's moderators can adjust (/settings cooldowns); bot/domain/cooldowns.py has the
-- ranges and the defaults, which existing servers get here. 0 means no limit.
-- The SQLite twin is bot/storage/sqlite/migrations/0006_cooldowns.sql.
ALTER TABLE guild_settings ADD COLUMN cooldown_lookups BIGINT NOT NULL DEFAULT 5
    CHECK (cooldown_lookups BETWEEN 0 AND 60);
ALTER TABLE guild_settings ADD COLUMN cooldown_trivia BIGINT NOT NULL DEFAULT 3
    CHECK (cooldown_trivia BETWEEN 0 AND 30);
ALTER TABLE guild_settings ADD COLUMN cooldown_reports BIGINT NOT NULL DEFAULT 5
    CHECK (cooldown_reports BETWEEN 0 AND 30);
