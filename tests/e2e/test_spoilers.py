"""Moderators set the spoiler rules; every lookup obeys them."""

from __future__ import annotations

import pytest
import simcord

from bot.domain.spoilers import WITHHELD_TEXT
from tests.support.locales import Locales
from tests.support.world import World

WINSTON_SPOILER = "known her since she was a child"


async def winston_field(world: World, member, channel, **options) -> str:  # type: ignore[no-untyped-def]
    result = await member.slash(channel, "cast", name="winston", **options)
    embed = result.response.embeds[0]
    return next(f.value for f in embed.fields if f.name.startswith("Spoiler"))


async def test_members_without_manage_server_cannot_use_spoilers(world: World) -> None:
    assert not any(c.startswith("spoilers") for c in world.member.available_commands(world.general))
    assert any(c.startswith("spoilers") for c in world.mod.available_commands(world.general))
    # Discord itself hides and refuses the command (default_member_permissions).
    with pytest.raises(simcord.SetupError, match="default-member-permissions"):
        await world.member.slash(world.general, "spoilers mode", mode="open")
    assert (await world.storage.settings.get(world.guild.id)).spoilers.mode.value == "tag"


async def test_mode_hide_withholds_and_open_shows(world: World) -> None:
    changed = await world.mod.slash(world.general, "spoilers mode", mode="hide")
    assert changed.ephemeral and "tag → hide" in changed.response.content
    assert await winston_field(world, world.member, world.general) == WITHHELD_TEXT
    await world.mod.slash(world.general, "spoilers mode", mode="open")
    assert WINSTON_SPOILER in await winston_field(world, world.member, world.general)
    again = await world.mod.slash(world.general, "spoilers mode", mode="open")
    assert "Nothing changed" in again.response.content


async def test_threshold_major_only_shows_minor_plainly(world: World) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="hide")
    await world.mod.slash(world.general, "spoilers threshold", level="major")
    minor = [m for m in world.bot.content.cast if m.spoiler_note and m.spoiler_note.level.value == "minor"]
    assert minor, "content should have a minor spoiler note to test with"
    result = await world.member.slash(world.general, "cast", name=minor[0].id)
    field = next(f.value for f in result.response.embeds[0].fields if f.name.startswith("Spoiler"))
    assert field == minor[0].spoiler_note.text
    assert await winston_field(world, world.member, world.general) == WITHHELD_TEXT


async def test_spoiler_channel_shows_plainly(world: World) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="hide")
    added = await world.mod.slash(
        world.general, "spoilers channel", channel=world.spoiler_channel, allowed=True
    )
    assert added.ephemeral
    assert WINSTON_SPOILER in await winston_field(world, world.member, world.spoiler_channel)
    assert await winston_field(world, world.member, world.general) == WITHHELD_TEXT
    await world.mod.slash(world.general, "spoilers channel", channel=world.spoiler_channel, allowed=False)
    assert await winston_field(world, world.member, world.spoiler_channel) == WITHHELD_TEXT


async def test_seen_members_read_spoilers_privately_only(world: World) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="hide")
    seen = await world.member.slash(world.general, "seen", seen="yes")
    assert seen.ephemeral
    assert WINSTON_SPOILER in await winston_field(world, world.member, world.general, private=True)
    assert await winston_field(world, world.member, world.general) == WITHHELD_TEXT
    assert await winston_field(world, world.other, world.general, private=True) == WITHHELD_TEXT
    await world.member.slash(world.general, "seen", seen="no")
    assert await winston_field(world, world.member, world.general, private=True) == WITHHELD_TEXT


async def test_embargo_withholds_everywhere_then_lifts_by_itself(world: World) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="open")
    await world.mod.slash(world.general, "spoilers channel", channel=world.spoiler_channel, allowed=True)
    now = world.env.now()
    until = f"{now.year}-{now.month:02d}-{now.day:02d} 23:59 +00:00"
    set_embargo = await world.mod.slash(world.general, "spoilers embargo", until=until)
    assert set_embargo.ephemeral and "**Embargo**: off → <t:" in set_embargo.response.content
    assert await winston_field(world, world.member, world.spoiler_channel) == WITHHELD_TEXT
    shown = await world.mod.slash(world.general, "spoilers show")
    embargo = next(f.value for f in shown.response.embeds[0].fields if f.name == "Embargo")
    assert "left" in embargo
    await world.env.advance_time(24 * 3600)
    assert WINSTON_SPOILER in await winston_field(world, world.member, world.general)


@pytest.mark.parametrize("bad", ["tomorrow", "2020-01-01", "2026-13-45", "2026-01-05 +99:00"])
async def test_bad_embargo_is_refused_and_changes_nothing(world: World, bad: str) -> None:
    result = await world.mod.slash(world.general, "spoilers embargo", until=bad)
    assert result.ephemeral
    assert "YYYY-MM-DD" in result.response.content or "passed" in result.response.content
    assert (await world.storage.settings.get(world.guild.id)).spoilers.embargo_until is None
    assert await world.storage.settings.history(world.guild.id, 15) == []


async def test_history_records_who_changed_what(world: World) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="hide")
    await world.mod.slash(world.general, "spoilers threshold", level="major")
    result = await world.mod.slash(world.general, "spoilers history")
    assert result.ephemeral
    lines = result.response.embeds[0].description.splitlines()
    assert len(lines) == 2
    assert f"<@{world.mod.id}>" in lines[0] and "major" in lines[0]
    assert "**Spoiler mode**: tag → hide" in lines[1]  # in words, not the raw setting key


async def test_panel_changes_settings_for_its_owner(world: World) -> None:
    opened = await world.mod.slash(world.general, "spoilers panel")
    assert opened.ephemeral
    message = opened.response
    custom_ids = [c["custom_id"] for row in message.components for c in row["components"]]
    assert len(custom_ids) == 6 and all(len(c) <= 100 for c in custom_ids)
    selected = await world.mod.select(message, ["hide"], custom_id=custom_ids[0])
    assert "tag → hide" in (selected.response.embeds[0].description or "")
    assert (await world.storage.settings.get(world.guild.id)).spoilers.mode.value == "hide"
    await world.mod.select(message, [world.spoiler_channel], custom_id=custom_ids[2])
    rules = (await world.storage.settings.get(world.guild.id)).spoilers
    assert rules.spoiler_channels == frozenset({world.spoiler_channel.id})
    modal = await world.mod.click(message, label="Set embargo…")
    assert modal.modal is not None
    bad = await world.mod.submit_modal(modal, {"until": "someday"})
    assert bad.ephemeral and "YYYY-MM-DD" in bad.response.content
    now = world.env.now()
    modal = await world.mod.click(message, label="Set embargo…")  # a submitted modal closes: open it again
    good = await world.mod.submit_modal(modal, {"until": f"{now.year}-12-31"})
    assert good.response is not None
    assert (await world.storage.settings.get(world.guild.id)).spoilers.embargo_until is not None


async def test_automod_guard_creates_updates_and_removes_a_rule(world: World) -> None:
    await world.mod.slash(world.general, "spoilers channel", channel=world.spoiler_channel, allowed=True)
    on = await world.mod.slash(world.general, "spoilers automod", enabled="on")
    assert on.ephemeral
    rule_id = (await world.storage.settings.get(world.guild.id)).automod_rule_id
    assert rule_id
    guild = await world.bot.fetch_guild(world.guild.id)  # no guild cache: the bot runs without that intent
    rule = await guild.fetch_automod_rule(rule_id)
    assert set(rule.trigger.keyword_filter) == set(world.bot.content.film.spoiler_keywords)
    assert set(rule.exempt_channel_ids) == {world.spoiler_channel.id}
    assert all(len(k) <= 60 for k in rule.trigger.keyword_filter)
    # A new spoiler channel is exempted too (the rule is updated right after the reply).
    await world.mod.slash(world.general, "spoilers channel", channel=world.general, allowed=True)
    rule = await guild.fetch_automod_rule(rule_id)
    assert set(rule.exempt_channel_ids) == {world.spoiler_channel.id, world.general.id}
    off = await world.mod.slash(world.general, "spoilers automod", enabled="off")
    assert off.ephemeral
    assert (await world.storage.settings.get(world.guild.id)).automod_rule_id is None
    assert await guild.fetch_automod_rules() == []


async def test_panel_keeps_spoiler_channels_it_cannot_show(world: World) -> None:
    """A channel menu holds 25 channels; a server with more must not lose the rest."""
    channels = [world.guild.create_text_channel(f"spoilers-{n}") for n in range(30)]
    for channel in channels:
        await world.mod.slash(world.general, "spoilers channel", channel=channel, allowed=True)
    opened = await world.mod.slash(world.general, "spoilers panel")
    custom_ids = [c["custom_id"] for row in opened.response.components for c in row["components"]]
    await world.mod.select(opened.response, [channels[0]], custom_id=custom_ids[2])
    kept = (await world.storage.settings.get(world.guild.id)).spoilers.spoiler_channels
    shown = sorted(c.id for c in channels)[:25]
    assert kept == frozenset({channels[0].id} | {c.id for c in channels if c.id not in shown})


async def test_a_french_moderator_changes_a_setting_in_french_and_the_history_keeps_english_data(
    world: World, locales: Locales
) -> None:
    locales.member(world.mod, "fr")
    changed = await world.mod.slash(world.general, "settings profanity", allowed=True)
    assert changed.ephemeral
    assert changed.response.content == "**Grossièretés dans les citations** : désactivé → activé"
    mode = await world.mod.slash(world.general, "spoilers mode", mode="hide")
    assert mode.response.content == "**Mode des spoilers** : tag → hide"
    again = await world.mod.slash(world.general, "spoilers mode", mode="hide")
    assert again.response.content == "Rien n'a changé : c'était déjà le réglage."
    shown = (await world.mod.slash(world.general, "spoilers show")).response.embeds[0]
    assert shown.title == "Règles sur les spoilers de ce serveur"
    assert [f.name for f in shown.fields][:2] == ["Mode", "Ce qui compte comme spoiler"]
    # What is stored is data, in the same words whoever made the change.
    history = await world.storage.settings.history(world.guild.id, 15)
    assert {(e.setting, e.old, e.new) for e in history} == {
        ("allow_profanity", "off", "on"),
        ("spoiler_mode", "tag", "hide"),
    }
    locales.member(world.mod, "en-US")
    lines = (await world.mod.slash(world.general, "spoilers history")).response.embeds[0].description
    assert "**Profanity in quotes**: off → on" in lines


async def test_the_automod_rule_speaks_the_servers_language_and_its_reply_the_moderators(
    world: World, locales: Locales
) -> None:
    locales.member(world.mod, "fr")
    locales.server("de")
    on = await world.mod.slash(world.general, "spoilers automod", enabled="on")
    reply = on.response.content  # the deferred reply's text (its first followup)
    assert on.ephemeral and reply.startswith("**Protection AutoMod** : désactivé → activé")
    assert "AutoMod bloque désormais" in reply
    rule_id = (await world.storage.settings.get(world.guild.id)).automod_rule_id
    assert rule_id
    rule = await (await world.bot.fetch_guild(world.guild.id)).fetch_automod_rule(rule_id)
    assert rule.name == "ballerina-bot: Ballerina-Spoiler"
    assert rule.actions[0].custom_message == (
        "Das sieht nach einem Ballerina-Spoiler aus: Bitte poste es im Spoiler-Kanal dieses Servers."
    )


async def test_the_panel_is_in_its_moderators_language(world: World, locales: Locales) -> None:
    locales.member(world.mod, "de")
    locales.server("fr")
    opened = await world.mod.slash(world.general, "spoilers panel")
    message = opened.response
    menus = [c for row in message.components for c in row["components"] if c.get("options")]
    assert [o["label"] for o in menus[0]["options"]] == [
        "Spoiler markieren",
        "Spoiler verbergen",
        "Offen zeigen",
    ]
    assert menus[1].get("placeholder") == "Was als Spoiler gilt"
    modal = await world.mod.click(message, label="Sperrfrist setzen…")
    assert modal.modal is not None and modal.modal["title"] == "Spoiler-Sperrfrist"
