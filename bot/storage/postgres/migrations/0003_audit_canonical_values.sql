-- The audit history keeps canonical values; the bot formats them for Discord when it shows them.
-- The PostgreSQL twin of sqlite/migrations/0003_audit_canonical_values.sql (same rewrites).

-- Embargo times: <t:N:f> -> ISO 8601 UTC. (The digits are length - 6 long; SQLite's twin takes
-- length - 5 and its lenient CAST drops the trailing colon, which PostgreSQL's would refuse.)
UPDATE audit_log
SET old_value = to_char(to_timestamp(substr(old_value, 4, length(old_value) - 6)::bigint) AT TIME ZONE 'UTC',
                        'YYYY-MM-DD"T"HH24:MI:SS"Z"')
WHERE old_value ~ '^<t:[0-9]+:f>$';

UPDATE audit_log
SET new_value = to_char(to_timestamp(substr(new_value, 4, length(new_value) - 6)::bigint) AT TIME ZONE 'UTC',
                        'YYYY-MM-DD"T"HH24:MI:SS"Z"')
WHERE new_value ~ '^<t:[0-9]+:f>$';

-- Spoiler channels: setting 'spoiler_channel', '<#123> not allowed' -> setting 'spoiler_channel:123', 'not allowed'.
UPDATE audit_log
SET setting = 'spoiler_channel:' || substr(old_value, 3, strpos(old_value, '>') - 3),
    old_value = substr(old_value, strpos(old_value, '>') + 2),
    new_value = substr(new_value, strpos(new_value, '>') + 2)
WHERE setting = 'spoiler_channel' AND old_value ~ '^<#[0-9].*> ';
