-- Placeholder on the 'nights' branch only: migration 0007 is the daily question's (branch 'daily').
-- Numbers may not have gaps, so this empty step keeps 0008 applicable here. Delete this file when
-- merging 'daily': its 0007 takes the number, and 0008 does not use its tables.
SELECT 1;
