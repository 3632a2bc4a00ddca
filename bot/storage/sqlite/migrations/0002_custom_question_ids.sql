-- Server question numbers are never reused: with a plain INTEGER PRIMARY KEY, SQLite hands
-- out the highest id + 1, so removing the newest question and adding another gave the new
-- one the old number (and its "already asked" history). AUTOINCREMENT never reuses an id.
-- SQLite cannot add AUTOINCREMENT to a table, so the table is rebuilt.
CREATE TABLE custom_questions_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
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

INSERT INTO custom_questions_new
    (id, guild_id, author_id, question, answer, wrong1, wrong2, wrong3, spoiler, difficulty, created_at)
SELECT id, guild_id, author_id, question, answer, wrong1, wrong2, wrong3, spoiler, difficulty, created_at
FROM custom_questions;

DROP TABLE custom_questions;

ALTER TABLE custom_questions_new RENAME TO custom_questions;

CREATE INDEX custom_questions_by_guild ON custom_questions (guild_id, id);

-- Forget "already asked" entries of questions that no longer exist.
DELETE FROM trivia_asked
WHERE question_id LIKE 'custom-%'
  AND CAST(substr(question_id, 8) AS INTEGER) NOT IN (SELECT id FROM custom_questions);
