"""Lookups work in a direct message with the bot; server-only commands say so."""

from __future__ import annotations

import pytest
import simcord

from tests.support.world import World


async def test_lookups_in_a_dm_tag_spoilers(world: World) -> None:
    user = world.env.create_user("dm-fan")
    result = await user.slash("cast", name="winston")
    embed = result.response.embeds[0]
    assert embed.title == "Ian McShane as Winston Scott"
    spoiler = next(f.value for f in embed.fields if f.name.startswith("Spoiler"))
    assert spoiler.startswith("||"), "'seen' is per server, so a DM keeps spoilers tagged"
    quote = await user.slash("quote", search="pretty cool")
    assert "f******" in quote.response.embeds[0].description


async def test_server_only_commands_are_not_offered_in_dms(world: World) -> None:
    user = world.env.create_user("dm-fan")
    offered = user.available_commands()
    assert "cast" in offered and "help" in offered
    assert not any(name.startswith(("trivia", "spoilers", "seen", "settings")) for name in offered)
    with pytest.raises(simcord.SetupError):
        await user.slash("seen", seen="yes")
