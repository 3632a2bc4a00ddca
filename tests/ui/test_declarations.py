"""Every command and component declares its policy where it is defined, and what reads the
declarations (cooldowns, /help, who may use a command) agrees with them."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import discord
import pytest
from discord import app_commands

import bot.ui
from bot.command_sync import command_payload
from bot.domain.cooldowns import RULES
from bot.ui.commands import (
    Access,
    ComponentPolicy,
    Help,
    Reply,
    declare,
    leaf_commands,
    policies,
    policy_of,
)


def undeclared_commands(tree: app_commands.CommandTree) -> list[str]:
    return sorted(name for name, declared in policies(tree).items() if declared is None)


def component_classes(prefixes: tuple[str, ...] = ("bot.", "cogs.")) -> list[type]:
    """Every view, form and persistent button class defined under ``prefixes`` (loaded so far)."""
    for module in pkgutil.walk_packages(bot.ui.__path__, "bot.ui."):
        importlib.import_module(module.name)
    found: list[type] = []
    todo: list[type] = [discord.ui.View, discord.ui.Modal, discord.ui.DynamicItem]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith(prefixes) and not sub.__name__.startswith("_"):
                found.append(sub)
    return sorted(set(found), key=lambda c: c.__qualname__)


def undeclared_components(classes: list[type]) -> list[str]:
    """A class counts only with its own ``declared``: a subclass may be used quite differently."""
    return [c.__qualname__ for c in classes if not isinstance(c.__dict__.get("declared"), ComponentPolicy)]


def test_every_command_declares_its_policy(world: Any) -> None:
    tree = world.bot.tree
    assert len(policies(tree)) >= 30
    assert undeclared_commands(tree) == []


def test_an_undeclared_command_is_named(world: Any) -> None:
    """So the check above can fail."""
    tree = world.bot.tree

    @tree.command(name="probe", description="Undeclared (test only).")
    async def probe(interaction: discord.Interaction) -> None: ...

    assert undeclared_commands(tree) == ["probe"]


def test_every_view_form_and_persistent_button_declares_its_policy(world: Any) -> None:
    classes = component_classes()  # after the world: ItemButtons makes its button classes then
    names = {c.__qualname__ for c in classes}
    assert {"SpoilerPanel", "AnswerButton", "ReportModal", "Paginator"} <= names
    assert any(name.endswith("ReportButton") for name in names)
    assert undeclared_components(classes) == []


def test_an_undeclared_component_is_named() -> None:
    class Undeclared(discord.ui.View):
        pass

    class Inherited(discord.ui.View):
        declared = ComponentPolicy()

    class Child(Inherited):
        pass

    classes = [Undeclared, Inherited, Child]
    assert undeclared_components(classes) == [
        "test_an_undeclared_component_is_named.<locals>.Undeclared",
        "test_an_undeclared_component_is_named.<locals>.Child",
    ]


def test_every_cooldown_rule_is_used_by_a_declaration(world: Any) -> None:
    declared = {p.cooldown for p in policies(world.bot.tree).values() if p and p.cooldown}
    declared |= {c.__dict__["declared"].cooldown for c in component_classes()} - {None}
    assert declared == set(RULES)


def test_moderator_commands_check_manage_server_themselves(world: Any) -> None:
    """Whatever a server's Integrations settings allow, the bot asks for Manage Server itself."""
    for command in leaf_commands(world.bot.tree):
        declared = policy_of(command)
        assert declared is not None
        has_check = any(getattr(c, "__qualname__", "").startswith("has_permissions") for c in command.checks)
        assert has_check == (declared.access is Access.MODERATOR), command.qualified_name


async def test_groups_only_for_moderators_are_hidden_from_members_by_default(world: Any) -> None:
    by_name = {c["name"]: c for c in (await command_payload(world.bot.tree, None))}
    access: dict[str, set[Access]] = {}
    for command in leaf_commands(world.bot.tree):
        declared = policy_of(command)
        assert declared is not None
        top = command.qualified_name.split()[0]
        access.setdefault(top, set()).add(declared.access)
    moderator_only = {top for top, kinds in access.items() if kinds == {Access.MODERATOR}}
    assert moderator_only == {"spoilers", "settings", "server"}
    for top in access:
        hidden = int(by_name[top].get("default_member_permissions") or 0) == 1 << 5
        assert hidden == (top in moderator_only), top


async def test_help_lists_each_command_under_its_declared_section(world: Any) -> None:
    result = await world.member.slash(world.general, "help")
    embed = result.response.embeds[0]
    assert len(embed) <= 6000 and all(len(f.value) <= 1024 for f in embed.fields)
    fields: dict[str, str] = {}
    for field in embed.fields:  # a long section goes on in "… (continued)" fields
        section = field.name.removesuffix(" (continued)")
        fields[section] = f"{fields[section]}\n{field.value}" if section in fields else field.value
    assert list(fields) == [h.value for h in Help]  # in the declared order, none left out
    for name, declared in policies(world.bot.tree).items():
        assert declared is not None
        assert f"`/{name}`" in fields[declared.help.value], name


def test_a_declaration_that_cannot_work_is_refused() -> None:
    with pytest.raises(ValueError, match="no cooldown rule"):
        declare(help=Help.FILM, cooldown="lookups")
    with pytest.raises(ValueError, match="names its option"):
        declare(help=Help.FILM, reply=Reply.MEMBER_CHOOSES)
    with pytest.raises(TypeError, match="@declare goes above"):
        declare(help=Help.FILM)(lambda: None)


def test_a_reply_the_member_chooses_names_a_real_true_or_false_option(world: Any) -> None:
    """A misspelt option would make every private reply count against the public cooldown."""
    for command in leaf_commands(world.bot.tree):
        declared = policy_of(command)
        assert declared is not None
        if declared.reply is Reply.MEMBER_CHOOSES:
            option = command.get_parameter(declared.private_option or "")
            assert option is not None, command.qualified_name
            assert option.type is discord.AppCommandOptionType.boolean, command.qualified_name
