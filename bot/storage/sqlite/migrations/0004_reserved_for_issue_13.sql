-- Placeholder so this branch's 0005 has no gap: 0004 belongs to issue 13 (data lifecycle).
-- When merging, delete this file and keep issue 13's 0004_….sql.
SELECT 1;
