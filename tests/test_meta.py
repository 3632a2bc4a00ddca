"""Project-wide invariants: cogs load, commands fit Discord's limits, the domain stays discord-free."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from bot.client import BallerinaBot, extension_names
from bot.command_sync import command_payload

ROOT = Path(__file__).resolve().parents[1]
NAME_RE = re.compile(r"^[-_\w]{1,32}$")
DISCORD_FREE = ("bot/domain", "bot/storage", "bot/content")


def walk_options(command: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for option in command.get("options", []):
        found.append((f"{path} {option['name']}", option))
        found.extend(walk_options(option, f"{path} {option['name']}"))
    return found


@pytest.fixture
def payload(world: Any) -> list[dict[str, Any]]:
    return command_payload(world.bot.tree, None)


def test_every_cog_module_is_loaded(world: Any) -> None:
    bot: BallerinaBot = world.bot
    assert extension_names(), "cogs/ has no extensions"
    assert sorted(bot.extensions) == extension_names()


def test_command_names_are_unique_across_cogs(world: Any) -> None:
    names: list[str] = []
    for cog in world.bot.cogs.values():
        names.extend(c.name for c in cog.get_app_commands())
    names.extend(c.name for c in world.bot.tree.get_commands() if c.name not in names)
    assert len(names) == len(set(names)), f"duplicate command names: {names}"


def test_every_command_and_option_fits_discords_limits(payload: list[dict[str, Any]]) -> None:
    assert 0 < len(payload) <= 100
    for command in payload:
        name = command["name"]
        assert NAME_RE.match(name) and name == name.lower(), name
        assert 0 < len(command.get("description", "")) <= 100, f"/{name} description"
        assert len(command.get("options", [])) <= 25
        for path, option in walk_options(command, f"/{name}"):
            assert NAME_RE.match(option["name"]) and option["name"] == option["name"].lower(), path
            assert 0 < len(option.get("description", "")) <= 100, f"{path} description"
            assert len(option.get("options", [])) <= 25, path
            assert len(option.get("choices", [])) <= 25, path
            for choice in option.get("choices", []):
                assert 0 < len(choice["name"]) <= 100, path


def test_moderator_commands_are_hidden_from_members_by_default(payload: list[dict[str, Any]]) -> None:
    by_name = {c["name"]: c for c in payload}
    manage_guild = 1 << 5
    assert int(by_name["spoilers"]["default_member_permissions"]) == manage_guild


@pytest.mark.parametrize("package", DISCORD_FREE)
def test_domain_imports_nothing_from_discord(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, package
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                assert module.split(".")[0] != "discord", f"{file.relative_to(ROOT)} imports {module}"
                edge = ("cogs", "bot.ui", "bot.client", "bot.tree")
                assert not module.startswith(edge), (
                    f"{file.relative_to(ROOT)} imports the Discord edge: {module}"
                )
