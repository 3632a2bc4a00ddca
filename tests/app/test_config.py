"""Configuration parsing: every error path ends in one clear message, and the token never shows."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.config import DEFAULT_DATABASE_URL, ConfigError, load_config
from bot.logging_setup import RedactTokens
from tests.support.world import FAKE_TOKEN


def test_defaults_with_only_a_token() -> None:
    config = load_config({"DISCORD_TOKEN": FAKE_TOKEN})
    assert config.token.reveal() == FAKE_TOKEN
    assert config.database_path == Path("data/ballerina.sqlite3")
    assert DEFAULT_DATABASE_URL.endswith(str(config.database_path))
    assert config.dev_guild_id is None
    assert config.log_level == "INFO"
    assert config.log_file is None
    assert config.purge_after_days == 30


def test_all_values_parsed() -> None:
    config = load_config(
        {
            "DISCORD_TOKEN": f"  {FAKE_TOKEN}\n",
            "DATABASE_URL": "sqlite:////var/lib/ballerina/bot.sqlite3",
            "DEV_GUILD_ID": "123456789012345678",
            "LOG_LEVEL": "debug",
            "LOG_FILE": "logs/bot.log",
            "PURGE_AFTER_DAYS": " 7 ",
        }
    )
    assert config.token.reveal() == FAKE_TOKEN
    assert config.database_path == Path("/var/lib/ballerina/bot.sqlite3")
    assert config.dev_guild_id == 123456789012345678
    assert config.log_level == "DEBUG"
    assert config.log_file == Path("logs/bot.log")
    assert config.purge_after_days == 7
    assert load_config({"DISCORD_TOKEN": FAKE_TOKEN, "PURGE_AFTER_DAYS": "0"}).purge_after_days == 0


def test_token_never_in_repr_or_str() -> None:
    config = load_config({"DISCORD_TOKEN": FAKE_TOKEN})
    assert FAKE_TOKEN not in repr(config)
    assert FAKE_TOKEN not in str(config.token)
    assert FAKE_TOKEN not in f"{config.token!r}"


def test_a_postgresql_url_selects_postgresql_and_its_password_never_shows() -> None:
    url = "postgresql://ballerina:s3cret-pw@db.internal:5432/ballerina?search_path=bot"
    config = load_config({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": url})
    assert config.postgres_url is not None and config.postgres_url.reveal() == url
    assert config.database_path is None
    assert "s3cret-pw" not in repr(config)
    assert (
        load_config({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": "postgres://h/db"}).postgres_url is not None
    )
    assert load_config({"DISCORD_TOKEN": FAKE_TOKEN}).postgres_url is None
    with pytest.raises(ConfigError) as caught:
        load_config({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": "mysql://ballerina:s3cret-pw@h/db"})
    assert "s3cret-pw" not in str(caught.value)


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({}, "DISCORD_TOKEN is not set"),
        ({"DISCORD_TOKEN": "   "}, "DISCORD_TOKEN is not set"),
        ({"DISCORD_TOKEN": f"Bot {FAKE_TOKEN}"}, "without the 'Bot ' prefix"),
        ({"DISCORD_TOKEN": "not-a-token"}, "does not look like a bot token"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": "mysql://x/y"}, "DATABASE_URL must look like"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": "postgresql://host:port/db"}, "malformed"),
        (
            {"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": "postgresql://u:pw@host"},
            "needs a host and a database",
        ),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": "sqlite:///"}, "DATABASE_URL must look like"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "DEV_GUILD_ID": "my server"}, "DEV_GUILD_ID must be a server id"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "DEV_GUILD_ID": "12"}, "DEV_GUILD_ID must be a server id"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be one of"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "PURGE_AFTER_DAYS": "thirty"}, "PURGE_AFTER_DAYS must be a whole"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "PURGE_AFTER_DAYS": "-1"}, "PURGE_AFTER_DAYS must be a whole"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "PURGE_AFTER_DAYS": "1.5"}, "PURGE_AFTER_DAYS must be a whole"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "PURGE_AFTER_DAYS": "3651"}, "PURGE_AFTER_DAYS must be a whole"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "PURGE_AFTER_DAYS": "²"}, "PURGE_AFTER_DAYS must be a whole"),
    ],
)
def test_bad_values_name_the_fix(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(env)
    assert fragment in str(caught.value)


def test_malformed_token_is_not_echoed() -> None:
    wrong = "abc.def"
    with pytest.raises(ConfigError) as caught:
        load_config({"DISCORD_TOKEN": wrong})
    assert wrong not in str(caught.value)


def test_log_filter_redacts_tokens() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "login with %s failed", (FAKE_TOKEN,), None)
    RedactTokens(FAKE_TOKEN).filter(record)
    assert FAKE_TOKEN not in record.getMessage()
    assert "[token redacted]" in record.getMessage()
