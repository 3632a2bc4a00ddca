-- 0005 in SQLite: members who stay off public leaderboards, and servers the bot has left.
CREATE TABLE hidden_players (
    guild_id  BIGINT NOT NULL,
    user_id   BIGINT NOT NULL,
    hidden_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE guild_departures (
    guild_id BIGINT PRIMARY KEY,
    left_at  BIGINT NOT NULL
);

CREATE INDEX guild_departures_by_time ON guild_departures (left_at);

-- /server export reads a server's rows page by page in key order: the whole order in the index,
-- so a page is a range read with no sort (as in SQLite, whose secondary indexes end with the key).
DROP INDEX trivia_games_by_guild;
CREATE INDEX trivia_games_by_guild ON trivia_games (guild_id, started_at, id);
DROP INDEX trivia_answers_by_member;
CREATE INDEX trivia_answers_by_member ON trivia_answers (guild_id, user_id, game_id, question_no);
