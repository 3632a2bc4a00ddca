"""Sync slash commands only when they changed.

Discord allows about 200 command creates a day per server, so syncing on every
start is a way to get rate-limited. We hash the exact payload ``tree.sync``
would send and compare it with the hash stored after the last successful sync.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands

log = logging.getLogger(__name__)


def scope_key(guild_id: int | None) -> str:
    return "command_hash:global" if guild_id is None else f"command_hash:guild:{guild_id}"


async def command_payload(tree: app_commands.CommandTree[Any], guild_id: int | None) -> list[dict[str, Any]]:
    """What ``tree.sync`` sends, translations included (a new translation is a change to sync)."""
    guild = discord.Object(guild_id) if guild_id is not None else None
    commands = tree._get_all_commands(guild=guild)
    translator = tree.translator
    if translator is None:
        return [command.to_dict(tree) for command in commands]
    return [await command.get_translated_payload(tree, translator) for command in commands]


def payload_hash(payload: list[dict[str, Any]]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def needs_sync(current_hash: str, stored_hash: str | None) -> bool:
    return current_hash != stored_hash
