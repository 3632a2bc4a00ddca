-- The language of the server's public posts (/settings language); NULL follows the server's own
-- Discord language. The codes are bot/i18n/languages.py's; adding a language adds it here too.
-- The SQLite twin is bot/storage/sqlite/migrations/0009_server_language.sql.
ALTER TABLE guild_settings ADD COLUMN language TEXT
    CHECK (language IS NULL OR language IN ('en', 'es_ES', 'es_419', 'pt_BR', 'fr', 'de', 'it'));
