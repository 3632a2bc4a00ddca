"""discord.py's own floor: a bare commands.Bot with the same command signatures and canned answers.

The bare bot has no content, search, spoiler policy, storage or rendering. For each
benchmarked command it declares the SAME slash command (names, options, option
types, defaults, autocomplete, group and permissions), copied from the real bot's tree when it
starts (``mirrored_commands``; ``signature_differences`` checks the copy), and answers with a
response captured once from the real bot, rebuilt up front as discord.py objects
(``discord.Embed.from_dict``, a ``discord.ui.View`` with the same buttons and selects). So a
real/bare ratio isolates what ballerina-bot's own logic adds on top of discord.py.

Public discord.py API only; every private name stays in bench/harness.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bench import harness
from bench.harness import Call

Key = tuple[Any, ...]


def option_key(data: dict[str, Any]) -> Key:
    """The command path and option values of an interaction's ``data`` (marking autocomplete's focus)."""
    path = [data.get("name", "")]
    options = data.get("options") or []
    while len(options) == 1 and options[0].get("type") in (1, 2):  # subcommand (group)
        path.append(options[0]["name"])
        options = options[0].get("options") or []
    values = tuple(sorted((o["name"], o.get("value"), bool(o.get("focused"))) for o in options))
    return (" ".join(path), values)


def component_key(data: dict[str, Any]) -> Key:
    return ("component", data.get("custom_id", ""))


def interaction_key(payload: dict[str, Any]) -> Key:
    data = payload["data"]
    return component_key(data) if payload["type"] == 3 else option_key(data)


# ------------------------------------------------------------------------------- canned responses


def _emoji(raw: dict[str, Any] | None) -> discord.PartialEmoji | None:
    return None if raw is None else discord.PartialEmoji.from_dict(raw)


def build_view(components: Sequence[dict[str, Any]], *, timeout: float | None) -> discord.ui.View | None:
    """A View with the same buttons and selects as a captured ``components`` array."""
    if not components:
        return None
    view = discord.ui.View(timeout=timeout)
    for row, action_row in enumerate(components):
        if action_row.get("type") != 1:
            raise ValueError(f"bare bot: unsupported top-level component {action_row.get('type')}")
        for c in action_row.get("components", []):
            kind = c["type"]
            if kind == 2:
                view.add_item(
                    discord.ui.Button(
                        style=discord.ButtonStyle(c.get("style", 2)),
                        label=c.get("label"),
                        custom_id=None if c.get("url") else c.get("custom_id"),
                        url=c.get("url"),
                        disabled=c.get("disabled", False),
                        emoji=_emoji(c.get("emoji")),
                        row=row,
                    )
                )
            elif kind == 3:
                view.add_item(
                    discord.ui.Select(
                        custom_id=c["custom_id"],
                        placeholder=c.get("placeholder"),
                        min_values=c.get("min_values", 1),
                        max_values=c.get("max_values", 1),
                        disabled=c.get("disabled", False),
                        options=[
                            discord.SelectOption(
                                label=o["label"],
                                value=o["value"],
                                description=o.get("description"),
                                emoji=_emoji(o.get("emoji")),
                                default=o.get("default", False),
                            )
                            for o in c.get("options", [])
                        ],
                        row=row,
                    )
                )
            else:
                raise ValueError(f"bare bot: unsupported component type {kind}")
    return view


@dataclass
class Canned:
    """One precomputed answer: the callback the real bot made, rebuilt once as discord.py objects."""

    kind: int  # interaction callback type: 4 message, 5 deferred, 6 deferred update, 7 update, 8 choices
    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    view_timeout: float | None = 180.0
    flags: int = 0
    choices: list[app_commands.Choice[str]] = field(default_factory=list)
    then: list[str] = field(default_factory=list)  # later calls the real bot made: "original"

    @classmethod
    def from_calls(cls, calls: Sequence[Call], *, view_timeout: float | None) -> Canned:
        if not calls or not calls[0].path.endswith("/callback"):
            raise ValueError(f"bare bot: expected an interaction callback first, got {calls!r}")
        body = calls[0].payload or {}
        data = body.get("data") or {}
        canned = cls(kind=body["type"], view_timeout=view_timeout)
        if canned.kind == 8:
            canned.choices = [app_commands.Choice(name=c["name"], value=c["value"]) for c in data["choices"]]
        else:
            canned.content = data.get("content")
            canned.embeds = [discord.Embed.from_dict(e) for e in data.get("embeds") or []]
            canned.components = list(data.get("components") or [])
            canned.flags = data.get("flags") or 0
        for call in calls[1:]:
            if call.method == "GET" and call.path.endswith("/messages/@original"):
                canned.then.append("original")
            else:
                raise ValueError(f"bare bot: no canned equivalent for {call.method} {call.path}")
        return canned

    async def send(self, interaction: discord.Interaction) -> None:
        response = interaction.response
        kwargs: dict[str, Any] = {}
        if self.content is not None:
            kwargs["content"] = self.content
        if self.embeds:
            kwargs["embeds"] = self.embeds
        view = build_view(self.components, timeout=self.view_timeout)
        if view is not None:
            kwargs["view"] = view
        if self.kind == 4:
            await response.send_message(
                ephemeral=bool(self.flags & 64),
                suppress_embeds=bool(self.flags & 4),
                silent=bool(self.flags & 4096),
                **kwargs,
            )
        elif self.kind == 7:
            await response.edit_message(**kwargs)
        elif self.kind == 5:
            await response.defer(ephemeral=bool(self.flags & 64), thinking=True)
        elif self.kind == 6:
            await response.defer()
        elif self.kind == 8:
            await response.autocomplete(self.choices)
        else:
            raise ValueError(f"bare bot: unsupported callback type {self.kind}")
        for step in self.then:
            if step == "original":
                await interaction.original_response()


class CannedBook:
    """Canned answers keyed by the interaction's command path and options (or component custom_id)."""

    def __init__(self) -> None:
        self.by_key: dict[Key, Canned] = {}

    def add(
        self, payload: dict[str, Any], calls: Sequence[Call], *, view_timeout: float | None = 180.0
    ) -> None:
        self.by_key[interaction_key(payload)] = Canned.from_calls(calls, view_timeout=view_timeout)

    def for_interaction(self, interaction: discord.Interaction) -> Canned:
        data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
        key = (
            component_key(data) if interaction.type is discord.InteractionType.component else option_key(data)
        )
        try:
            return self.by_key[key]
        except KeyError:
            raise KeyError(f"bare bot: nothing canned for {key}") from None

    async def reply(self, interaction: discord.Interaction) -> None:
        await self.for_interaction(interaction).send(interaction)

    def choices(self, interaction: discord.Interaction) -> list[app_commands.Choice[str]]:
        return self.for_interaction(interaction).choices


# ------------------------------------------------------------------------------- the bare commands
# Copies of the real bot's commands (names, options, types, defaults, autocomplete, group and
# permissions: everything Discord is told), made from the real tree when the bare bot starts, so
# a changed option needs no edit here; their bodies answer from the book.

MIRRORED = ("cast", "crew", "quote", "film", "spoilers show", "trivia start")  # what the bench drives


def mirrored_commands(
    real: app_commands.CommandTree[Any], book: CannedBook
) -> list[app_commands.Command[Any, ..., Any] | app_commands.Group]:
    async def answer(interaction: discord.Interaction, **options: Any) -> None:
        await book.reply(interaction)

    async def suggest(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return book.choices(interaction)

    wanted: dict[str, list[str]] = {}
    for path in MIRRORED:
        top, *sub = path.split()
        wanted.setdefault(top, []).extend(sub)
    found = []
    for name, subcommands in wanted.items():
        command = real.get_command(name)
        if command is None:  # a bot without that cog (e.g. trivia switched off): nothing to mirror
            continue
        if isinstance(command, app_commands.ContextMenu):
            raise TypeError(f"/{name} is a context menu, not a slash command")
        found.append(harness.command_mirror(command, answer, suggest, only=subcommands or None))
    return found


@app_commands.command(name="ping", description="A fixed string reply: the cheapest possible answer.")
async def ping(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("pong")


PING = {"name": "ping", "type": 1, "options": []}  # what payloads.slash needs to know of /ping


def bare_intents() -> discord.Intents:
    """The real bot's intents (bot.client.bot_intents: none; the smoke test checks they match).

    Defined here, not imported, so the bare bot's start-up does not import the real bot.
    """
    return discord.Intents.none()


def cached_intents() -> discord.Intents:
    """discord.py as most bots run it: the guilds intent, so a copy of every server and channel.

    The memory benchmark's baseline (bench/memory.py), as the real bot ran before issue 10.
    """
    return discord.Intents(guilds=True)


# The real bot's answer buttons are DynamicItems routed by this custom_id template
# (bot/ui/trivia/buttons.py ANSWER_TEMPLATE); the bare bot routes clicks the same way.
ANSWER_TEMPLATE = r"trivia:(?P<game>\d+):(?P<number>\d+):(?P<choice>[A-D]|answer)"


class BareAnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ANSWER_TEMPLATE):
    """Same routing as the real AnswerButton; answers with the canned reply for its letter."""

    def __init__(self, game_id: int, number: int, choice: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=choice,
                style=discord.ButtonStyle.primary,
                custom_id=f"trivia:{game_id}:{number}:{choice}",
            )
        )
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any
    ) -> BareAnswerButton:
        return cls(int(match["game"]), int(match["number"]), match["choice"])

    async def callback(self, interaction: discord.Interaction) -> None:
        book: CannedBook = interaction.client.book  # type: ignore[attr-defined]
        await book.by_key[("answer", self.choice)].send(interaction)


class BareBot(commands.Bot):
    """commands.Bot with the real bot's intents and allowed mentions, and nothing else of ours."""

    def __init__(
        self,
        book: CannedBook,
        *,
        extra: Callable[[BareBot], None] | None = None,
        intents: discord.Intents | None = None,
        commands_from: app_commands.CommandTree[Any] | None = None,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents or bare_intents(),
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.book = book
        self._extra = extra
        self._commands_from = commands_from  # the real bot's tree: read when this bot starts

    async def setup_hook(self) -> None:
        if self._commands_from is not None:
            for command in mirrored_commands(self._commands_from, self.book):
                self.tree.add_command(command)
        self.tree.add_command(ping)
        self.add_dynamic_items(BareAnswerButton)
        if self._extra is not None:
            self._extra(self)


# ------------------------------------------------------------------------------- checks


def _strip_descriptions(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _strip_descriptions(v)
            for k, v in value.items()
            if not k.startswith("description") and k not in ("id", "version", "application_id")
        }
    if isinstance(value, list):
        return [_strip_descriptions(v) for v in value]
    return value


def command_signature(tree: app_commands.CommandTree[Any], path: str) -> dict[str, Any]:
    """What Discord is told about the command at ``path`` ("cast", "spoilers show"), descriptions aside.

    For a subcommand, the group's own permission and context fields are included.
    """
    names = path.split()
    command: Any = tree.get_command(names[0])
    if command is None:
        raise KeyError(f"no /{names[0]} in the tree")
    group_fields: dict[str, Any] = {}
    for name in names[1:]:
        whole = command.to_dict(tree)
        group_fields.update({k: v for k, v in whole.items() if k not in ("options", "name")})
        command = command.get_command(name)
        if command is None:
            raise KeyError(f"no /{path} in the tree")
    return _strip_descriptions({"group": group_fields, "command": command.to_dict(tree)})


def signature_differences(
    real: app_commands.CommandTree[Any], bare: app_commands.CommandTree[Any], paths: Sequence[str]
) -> list[str]:
    problems = []
    for path in paths:
        a, b = command_signature(real, path), command_signature(bare, path)
        if a != b:
            problems.append(f"/{path}: real {a} != bare {b}")
    return problems


def response_shape(calls: Sequence[Call]) -> list[dict[str, Any]]:
    """The calls with custom_ids blanked (Paginator ids are random per view): equal shape ⇔ equal list."""

    def blank(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: ("<id>" if k == "custom_id" else blank(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [blank(v) for v in value]
        return value

    return [{"method": c.method, "path": c.path, "payload": blank(c.payload)} for c in calls]
