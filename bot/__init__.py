"""ballerina-bot: a self-hosted Discord bot for fans of Ballerina (2025)."""

__version__ = "0.1.0"
