"""What every command declares where it is defined: who may use it, how it replies, its cooldown,
whether it can show spoiler-level text, and its help section.

``@declare(...)`` stores a ``Policy`` in the command's ``extras``; ``@declare`` on a group class is
the default for its subcommands. The tree (cooldowns, who may use it), ``/help``, and the tests (the
permission matrix, the spoiler scan, a meta-test that nothing is undeclared) all read these by
walking the command tree, so a new command is declared once, next to its code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from discord import app_commands

from bot.domain.cooldowns import RULES
from bot.i18n import N_

POLICY = "policy"  # the key in a command's ``extras``
T = TypeVar("T")
Command = app_commands.Command[Any, ..., Any]


class Access(StrEnum):
    EVERYONE = "everyone"
    # Manage Server, checked by the bot at every use: the server's Integrations overrides can hide
    # a moderator command from moderators, but never open it to members without Manage Server.
    MODERATOR = "moderator"
    # Anyone may ask; the service allows the game's starter or a member with Manage Messages.
    STARTER_OR_MANAGE_MESSAGES = "starter or manage messages"


class Reply(StrEnum):
    PUBLIC = "public"  # the channel sees it
    PRIVATE = "private"  # only the member sees it
    MEMBER_CHOOSES = "member chooses"  # public unless the member sets the declared option to True


class Help(StrEnum):
    """The /help sections, in the order members meet them (translated where /help shows them)."""

    # i18n: limit 256
    FILM = N_("The film")
    # i18n: limit 256
    TRIVIA = N_("Trivia")
    # i18n: limit 256
    SPOILERS = N_("Spoilers")
    # i18n: limit 256
    ABOUT = N_("About the bot")
    # i18n: limit 256
    SERVER = N_("Server owners (Manage Server)")


@dataclass(frozen=True, slots=True)
class Policy:
    help: Help
    access: Access = Access.EVERYONE
    reply: Reply = Reply.PRIVATE
    private_option: str | None = None  # with Reply.MEMBER_CHOOSES: the boolean option that makes it private
    cooldown: str | None = None  # a rule in ``bot.domain.cooldowns.RULES``
    spoilers: bool = False  # may show spoiler-level text (the spoiler scan must run it)

    def __post_init__(self) -> None:
        if (self.reply is Reply.MEMBER_CHOOSES) != (self.private_option is not None):
            raise ValueError("a reply the member chooses names its option, and only then")
        if self.cooldown is not None and self.cooldown not in RULES:
            raise ValueError(f"no cooldown rule {self.cooldown!r}; the rules: {', '.join(RULES)}")


@dataclass(frozen=True, slots=True)
class ComponentPolicy:
    """What a view, form or persistent button declares (as its class's ``declared``).

    ``Access.MODERATOR`` components re-check Manage Server at every use: a panel or form stays
    open for minutes, and the moderator may have lost the permission since.
    """

    access: Access = Access.EVERYONE
    opener_only: bool = False  # only the member who opened it may use it
    cooldown: str | None = None  # a rule in ``bot.domain.cooldowns.RULES``, checked by the component
    spoilers: bool = False  # may show spoiler-level text

    def __post_init__(self) -> None:
        if self.cooldown is not None and self.cooldown not in RULES:
            raise ValueError(f"no cooldown rule {self.cooldown!r}; the rules: {', '.join(RULES)}")


def declare(**policy: Any) -> Callable[[T], T]:
    """Declare a command's (or a group's default) policy: ``@declare(help=Help.FILM, ...)``.

    A moderator command also gets discord.py's Manage Server check, so the bot re-checks the
    permission itself whatever the server's Integrations settings say.
    """
    declared = Policy(**policy)

    def decorate(target: T) -> T:
        if isinstance(target, app_commands.Command):
            _apply(declared, target)
        elif isinstance(target, type) and issubclass(target, app_commands.Group):
            # The default for subcommands that declare nothing themselves (the group's children
            # are built by now: class decorators run after the methods' decorators).
            target.declared = declared  # type: ignore[attr-defined]
            for child in target.__discord_app_commands_group_children__:
                if isinstance(child, app_commands.Command) and POLICY not in child.extras:
                    _apply(declared, child)
        else:
            raise TypeError("@declare goes above @app_commands.command or on a Group class")
        return target

    return decorate


def _apply(declared: Policy, command: Command) -> None:
    command.extras[POLICY] = declared
    if declared.access is Access.MODERATOR:
        app_commands.checks.has_permissions(manage_guild=True)(command)


def add_declared(group: app_commands.Group, command: Command, declared: Policy | None = None) -> None:
    """Add a command made at run time to ``group``, declared ``declared`` or else as the group is."""
    _apply(declared or type(group).declared, command)  # type: ignore[attr-defined]
    group.add_command(command)


def policy_of(command: Command) -> Policy | None:
    """A command's declaration, or None when it declares nothing."""
    declared = command.extras.get(POLICY)
    return declared if isinstance(declared, Policy) else None


def leaf_commands(tree: app_commands.CommandTree) -> Iterator[Command]:
    """Every slash command members can run (not the groups that hold them)."""
    for command in tree.walk_commands():
        if isinstance(command, app_commands.Command):
            yield command


def policies(tree: app_commands.CommandTree) -> dict[str, Policy | None]:
    """Every slash command's qualified name and its declaration."""
    return {command.qualified_name: policy_of(command) for command in leaf_commands(tree)}
