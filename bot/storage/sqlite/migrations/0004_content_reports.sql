-- Reports of a mistake in the film's content (/report), and where a server wants them posted.
ALTER TABLE guild_settings ADD COLUMN reports_channel_id INTEGER;

CREATE TABLE content_reports (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id   INTEGER,                          -- NULL: sent from a direct message
    user_id    INTEGER NOT NULL,
    item_kind  TEXT    NOT NULL CHECK (length(item_kind) BETWEEN 1 AND 20),
    item_id    TEXT    NOT NULL CHECK (length(item_id) <= 100),
    text       TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX content_reports_by_time ON content_reports (created_at);
-- A server's reports in order: export, reset and deleting a departed server read them this way.
CREATE INDEX content_reports_by_guild ON content_reports (guild_id, id);
