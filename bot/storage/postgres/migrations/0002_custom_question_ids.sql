-- 0002 in SQLite: server question numbers are never reused (custom_questions rebuilt with
-- AUTOINCREMENT), and "already asked" entries of questions that no longer exist are forgotten.
-- Here custom_questions.id has been an identity column, which never reuses a number, since
-- 0001; what is left is the clean-up, kept so the two dialects' versions mean the same schema.
-- (CASE, not AND: PostgreSQL may evaluate AND's sides in either order, and the cast must only
-- see digits.)
DELETE FROM trivia_asked
WHERE CASE WHEN question_id ~ '^custom-[0-9]{1,18}$'
           THEN substr(question_id, 8)::bigint NOT IN (SELECT id FROM custom_questions)
           ELSE false END;
