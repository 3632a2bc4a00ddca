-- Trivia nights (/trivia schedule): a game planned for a moment, with the Discord scheduled event
-- members see. The row is what makes it restart-safe: a tick claims a due night with one
-- conditional UPDATE (status 'scheduled' -> 'started'), so two processes or a restart at the start
-- minute start it once. Depends on no table of 0007. The PostgreSQL twin is
-- bot/storage/postgres/migrations/0008_trivia_nights.sql.
CREATE TABLE trivia_nights (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id         INTEGER NOT NULL,
    channel_id       INTEGER NOT NULL,
    rules_channel_id INTEGER NOT NULL,  -- whose spoiler rules apply: a thread's parent, else the channel
    event_id         INTEGER NOT NULL,  -- the Discord scheduled event
    starts_at        INTEGER NOT NULL,  -- Unix seconds, UTC; follows the event when it is moved
    questions        INTEGER CHECK (questions BETWEEN 1 AND 25),  -- NULL: the server's setting
    difficulty       TEXT    NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard', 'mixed')),
    created_by       INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'scheduled'
                     CHECK (status IN ('scheduled', 'started', 'cancelled', 'dropped'))
) STRICT;

-- The tick's one query: the due nights of every server, by time.
CREATE INDEX trivia_nights_due ON trivia_nights (status, starts_at);
-- A server's nights in order: /trivia schedule list, export, reset, deleting a departed server.
CREATE INDEX trivia_nights_by_guild ON trivia_nights (guild_id, id);
