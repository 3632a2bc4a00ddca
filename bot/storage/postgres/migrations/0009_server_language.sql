-- The language of the server's public posts (/settings language); NULL follows the server's own
-- Discord language. Which codes the bot speaks is bot/i18n/languages.py's to say (adding a language
-- needs no migration); the column only refuses what is not shaped like one: "fr", "pt_BR", "es_419".
-- The SQLite twin is bot/storage/sqlite/migrations/0009_server_language.sql.
ALTER TABLE guild_settings ADD COLUMN language TEXT
    CHECK (language IS NULL OR language ~ '^[a-z]{2}(_([A-Z]{2}|[0-9]{3}))?$');
