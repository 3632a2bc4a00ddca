"""The permissions a command group asks Discord for by default, as the synced payload carries them."""

from __future__ import annotations

from bot.command_sync import command_payload
from tests.support.world import World


async def test_the_settings_group_is_for_moderators(world: World) -> None:
    """Mutation caught: dropping ``default_permissions(manage_guild=True)`` from the /settings group."""
    by_name = {c["name"]: c for c in (await command_payload(world.bot.tree, None))}
    assert int(by_name["settings"]["default_member_permissions"]) == 1 << 5  # Manage Server
