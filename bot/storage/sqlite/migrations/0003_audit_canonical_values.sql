-- The audit history keeps canonical values; the bot formats them for Discord when it shows them.
-- Before this, the embargo was stored as Discord markup (<t:1780000000:f>) and a spoiler channel
-- change as '<#123> allowed' under the setting 'spoiler_channel'.

-- Embargo times: <t:N:f> -> ISO 8601 UTC.
UPDATE audit_log
SET old_value = strftime('%Y-%m-%dT%H:%M:%SZ', CAST(substr(old_value, 4, length(old_value) - 6) AS INTEGER), 'unixepoch')
WHERE old_value GLOB '<t:[0-9]*:f>';

UPDATE audit_log
SET new_value = strftime('%Y-%m-%dT%H:%M:%SZ', CAST(substr(new_value, 4, length(new_value) - 6) AS INTEGER), 'unixepoch')
WHERE new_value GLOB '<t:[0-9]*:f>';

-- Spoiler channels: setting 'spoiler_channel', '<#123> not allowed' -> setting 'spoiler_channel:123', 'not allowed'.
UPDATE audit_log
SET setting = 'spoiler_channel:' || substr(old_value, 3, instr(old_value, '>') - 3),
    old_value = substr(old_value, instr(old_value, '>') + 2),
    new_value = substr(new_value, instr(new_value, '>') + 2)
WHERE setting = 'spoiler_channel' AND old_value GLOB '<#[0-9]*> *';
