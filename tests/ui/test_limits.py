"""Each limit and default has one home, and the commands agree with it: the settings commands' options
come from the settings table (bot.domain.settings.SETTINGS), /trivia start's from the trivia limits.
(The database's CHECKs and defaults are checked against the table in
tests/storage/test_settings_columns.py.)"""

from __future__ import annotations

from typing import Any

import pytest

from bot.command_sync import command_payload
from bot.domain.settings import SETTINGS, GuildSettings, options_of
from bot.domain.trivia.limits import QUESTION_COUNT, Bounds


def option(payload: list[dict[str, Any]], *path: str) -> dict[str, Any]:
    node: dict[str, Any] = {"options": payload}
    for name in path:
        node = next(o for o in node["options"] if o["name"] == name)
    return node


@pytest.mark.parametrize("key", SETTINGS)
def test_defaults_are_values_their_setting_accepts(key: str) -> None:
    spec = SETTINGS[key]
    assert spec.check(spec.default) == spec.default
    assert GuildSettings(1)[key] == spec.default


SETTINGS_COMMANDS = ("trivia settings", "settings cooldowns")  # their options are generated
GENERATED = [key for key, spec in SETTINGS.items() if spec.option[0] in SETTINGS_COMMANDS]


@pytest.mark.parametrize("key", GENERATED)
async def test_settings_options_take_their_range_help_and_default_from_the_table(
    world: Any, key: str
) -> None:
    spec = SETTINGS[key]
    command, name = spec.option
    found = option((await command_payload(world.bot.tree, None)), *command.split(), name)
    if spec.bounds is not None:
        assert (found["min_value"], found["max_value"]) == (spec.bounds.low, spec.bounds.high)
        assert f"{spec.bounds}; default {spec.default}" in found["description"]
    else:
        assert spec.choices is not None
        assert [c["value"] for c in found["choices"]] == [c.value for c in spec.choices]
        assert f"default {spec.default}" in found["description"]
    assert found["description"].startswith(spec.describe)
    assert not found.get("required", False)


async def test_every_setting_names_an_option_that_exists(world: Any) -> None:
    payload = await command_payload(world.bot.tree, None)
    for key, spec in SETTINGS.items():
        command, name = spec.option
        assert option(payload, *command.split(), name), key


@pytest.mark.parametrize("command", SETTINGS_COMMANDS)
async def test_a_settings_command_has_an_option_per_setting_and_no_other(world: Any, command: str) -> None:
    found = option((await command_payload(world.bot.tree, None)), *command.split())
    assert {o["name"] for o in found["options"]} == set(options_of(command))


@pytest.mark.parametrize(("path", "bounds"), [(("trivia", "start", "questions"), QUESTION_COUNT)])
async def test_trivia_start_takes_its_range_and_help_from_the_domain(
    world: Any, path: tuple[str, ...], bounds: Bounds
) -> None:
    spec = option((await command_payload(world.bot.tree, None)), *path)
    assert (spec["min_value"], spec["max_value"]) == (bounds.low, bounds.high)
    assert str(bounds) in spec["description"]
