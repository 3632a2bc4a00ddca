-- 0005_data_lifecycle: members who stay off public leaderboards, and servers the bot has left.
-- Written to port to PostgreSQL as is (BIGINT for the Discord ids there, no STRICT/WITHOUT ROWID).

-- /privacy leaderboard hidden:True. A member listed here keeps playing and keeps their stats,
-- but no public message names them next to a score.
CREATE TABLE hidden_players (
    guild_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    hidden_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) STRICT, WITHOUT ROWID;

-- The bot was removed from these servers (kicked, or the server deleted) at left_at. Their data
-- is deleted PURGE_AFTER_DAYS later; the row goes away when the bot is added back in time.
CREATE TABLE guild_departures (
    guild_id INTEGER PRIMARY KEY,
    left_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX guild_departures_by_time ON guild_departures (left_at);

-- /server export reads a server's rows page by page in key order. Name the whole order in these
-- two indexes (SQLite already keeps the key at the end of a secondary index; PostgreSQL does not),
-- so both databases read a page as a range, with no sort.
DROP INDEX trivia_games_by_guild;
CREATE INDEX trivia_games_by_guild ON trivia_games (guild_id, started_at, id);
DROP INDEX trivia_answers_by_member;
CREATE INDEX trivia_answers_by_member ON trivia_answers (guild_id, user_id, game_id, question_no);
