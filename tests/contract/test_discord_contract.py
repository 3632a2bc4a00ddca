"""Contract test: every request body the bot sends is one Discord's HTTP API accepts.

SimCord records each REST call discord.py makes for the bot (``env.http_requests``).
This test drives the real bot through nearly everything it can do, then validates
every JSON body against the request schemas of Discord's own OpenAPI spec, extracted
into ``discord_schemas.json`` by ``extract_schemas.py`` (run by hand; the spec itself is
never read here). SimCord accepts what discord.py sends; this catches what Discord
would refuse: a label over 80 characters, 26 choices, an embed field over 1024...

A route missing from ``ROUTES`` fails the test: map it to its operation (re-running
the extractor if the bundle lacks it) rather than let a request go unchecked.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from bot.client import create_bot
from bot.config import Config
from bot.domain.content import Content
from tests.support.trivia_driver import Trivia
from tests.support.world import SimClock, World, without_cooldowns

BUNDLE_PATH = Path(__file__).with_name("discord_schemas.json")

SNOWFLAKE = r"\d+"
TOKEN = r"[^/]+"
# (method, path as discord.py sends it, the spec operation whose request body it must match)
ROUTES: tuple[tuple[str, str, str], ...] = (
    ("POST", rf"/interactions/{SNOWFLAKE}/{TOKEN}/callback", "create_interaction_response"),
    ("POST", rf"/webhooks/{SNOWFLAKE}/{TOKEN}", "execute_webhook"),
    ("PATCH", rf"/webhooks/{SNOWFLAKE}/{TOKEN}/messages/@original", "update_original_webhook_message"),
    ("PATCH", rf"/webhooks/{SNOWFLAKE}/{TOKEN}/messages/{SNOWFLAKE}", "update_webhook_message"),
    ("POST", rf"/channels/{SNOWFLAKE}/messages", "create_message"),
    ("PATCH", rf"/channels/{SNOWFLAKE}/messages/{SNOWFLAKE}", "update_message"),
    ("POST", rf"/guilds/{SNOWFLAKE}/auto-moderation/rules", "create_auto_moderation_rule"),
    ("PATCH", rf"/guilds/{SNOWFLAKE}/auto-moderation/rules/{SNOWFLAKE}", "update_auto_moderation_rule"),
    ("POST", rf"/guilds/{SNOWFLAKE}/scheduled-events", "create_guild_scheduled_event"),
    ("PUT", rf"/applications/{SNOWFLAKE}/commands", "bulk_set_application_commands"),
    ("PUT", rf"/applications/{SNOWFLAKE}/guilds/{SNOWFLAKE}/commands", "bulk_set_guild_application_commands"),
)
COMPILED_ROUTES = tuple((method, re.compile(path), op) for method, path, op in ROUTES)

# How often (at least) the scenario below must reach each operation, so the test cannot
# pass by validating nothing. A run sends about 150 requests; the floors leave some slack.
# update_webhook_message (editing a followup) is in the table and the bundle, though the
# bot does not edit followups today.
EXPECTED = {
    "create_interaction_response": 90,
    "execute_webhook": 4,
    "update_original_webhook_message": 2,
    "create_message": 12,
    "update_message": 5,
    "create_auto_moderation_rule": 2,
    "update_auto_moderation_rule": 1,
    "create_guild_scheduled_event": 1,
    "bulk_set_application_commands": 1,
    "bulk_set_guild_application_commands": 1,
}
# The interaction callbacks the scenario must send: a message (4), a deferred message (5),
# an update of the component's message (7), autocomplete choices (8), a modal (9).
# (6, a deferred update, is only the paginator's never-enabled counter button.)
EXPECTED_CALLBACK_TYPES = {4, 5, 7, 8, 9}


# -- the schemas ---------------------------------------------------------------------------


@cache
def bundle() -> dict[str, Any]:
    return json.loads(BUNDLE_PATH.read_text(encoding="utf-8"))


@cache
def validator(op_id: str) -> jsonschema.protocols.Validator:
    """A Draft 2020-12 validator for one operation's request body.

    The bundle is registered under its ``$id`` so ``#/$defs/...`` references resolve in
    it. Unknown keywords (the spec's ``x-discord-union``, ...) are ignored, as JSON
    Schema requires; ``format`` is an annotation only (int32, snowflake, uri).
    """
    data = spec_gaps(copy.deepcopy(bundle()))
    registry = Registry().with_resource(data["$id"], Resource.from_contents(data, DRAFT202012))
    schema = {"$ref": f"{data['$id']}#/operations/{op_id}/requestBody"}
    cls = jsonschema.Draft202012Validator
    cls.check_schema(data["operations"][op_id]["requestBody"])
    return cls(schema, registry=registry)


def operation_for(method: str, path: str) -> str | None:
    for route_method, pattern, op_id in COMPILED_ROUTES:
        if method == route_method and pattern.fullmatch(path):
            return op_id
    return None


# -- relaxations: the spec's gaps and discord.py's own payloads, never this bot's content ----

GUILD_MEDIA = 16


def spec_gaps(data: dict[str, Any]) -> dict[str, Any]:
    """The bundle with what the preview spec leaves out (and Discord accepts) added back.

    - ``ChannelTypes`` stops at GUILD_FORUM (15) and lacks GUILD_MEDIA (16), a documented
      channel type (https://discord.com/developers/docs/resources/channel#channel-object-channel-types).
      discord.py maps a ``discord.ForumChannel`` option to ``channel_types: [15, 16]``
      (``app_commands.transformers.CHANNEL_TO_TYPES``), so every discord.py bot with a
      forum-channel option sends 16 in its command sync. Only that one value is added.
    """
    channel_types = data["$defs"]["ChannelTypes"]["oneOf"]
    assert all(t["const"] != GUILD_MEDIA for t in channel_types), "the spec has GUILD_MEDIA now: drop this"
    channel_types.append({"title": "GUILD_MEDIA", "const": GUILD_MEDIA})
    return data


def stringify_ids(items: Any) -> Any:
    if not isinstance(items, list):
        return items
    return [str(item) if isinstance(item, int) and not isinstance(item, bool) else item for item in items]


def select_menus(node: Any) -> Iterator[dict[str, Any]]:
    """Every component with ``default_values`` (user, role, mentionable, channel selects)."""
    if isinstance(node, dict):
        if "default_values" in node and "type" in node:
            yield node
        for value in node.values():
            yield from select_menus(value)
    elif isinstance(node, list):
        for value in node:
            yield from select_menus(value)


def discord_py_quirks(op_id: str, body: Any) -> Any:
    """The body with the snowflakes discord.py 2.7 itself sends as JSON numbers made strings.

    The spec types every snowflake as a decimal string; Discord's API accepts a number
    as well, and discord.py sends numbers in exactly these three places, whatever the bot:

    - ``AutoModRule.edit(exempt_channels=..., exempt_roles=...)`` sends ``[x.id ...]``
      (``automod.py``; ``Guild.create_automod_rule`` sends strings, and is not relaxed).
    - ``SelectDefaultValue.to_dict()`` sends ``{"id": self.id, ...}`` for a select menu's
      ``default_values`` (``components.py``).
    - ``File.to_dict(index)`` sends ``{"id": index, "filename": ...}`` for each uploaded file in
      a message's ``attachments`` (``file.py``): the number of its ``files[n]`` part.

    Only those fields are touched, and only int -> str: any other problem still fails.
    """
    if op_id == "update_auto_moderation_rule" and isinstance(body, dict):
        for key in ("exempt_channels", "exempt_roles"):
            if key in body:
                body[key] = stringify_ids(body[key])
    message = body.get("data") if op_id == "create_interaction_response" and isinstance(body, dict) else body
    if isinstance(message, dict) and isinstance(message.get("attachments"), list):
        for upload in message["attachments"]:
            if isinstance(upload, dict) and isinstance(upload.get("id"), int):
                upload["id"] = str(upload["id"])
    for menu in select_menus(body):
        for value in menu["default_values"] or ():
            if isinstance(value, dict) and isinstance(value.get("id"), int):
                value["id"] = str(value["id"])
    return body


# -- the check -------------------------------------------------------------------------------


def _rules_out(error: ValidationError) -> bool:
    """Whether an error inside one branch of a union shows the body is not that variant at all.

    Discord's unions (components, callbacks, command options, AutoMod rules) are told
    apart by a ``type`` or ``trigger_type`` field; a branch whose discriminator does not
    match, or whose JSON type differs (``null`` against an object), is noise, not the
    reason the body was refused. So is a ``const`` branch of an enum-like union (``ChannelTypes``).
    """
    where = list(error.relative_path)
    if error.validator in ("type", "enum", "const") and not where:
        return True
    return error.validator in ("enum", "const") and len(where) == 1 and str(where[0]).endswith("type")


def reasons(error: ValidationError) -> list[ValidationError]:
    """The errors that explain a failure: inside a union, those of the variant the body is
    closest to (its discriminator matches; then the fewest errors)."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    plausible = [
        [reason for sub in errors for reason in reasons(sub)]
        for errors in branches.values()
        if not any(_rules_out(e) for e in errors)
    ]
    if not plausible:
        return [error]
    fewest = min(len(found) for found in plausible)
    return [reason for found in plausible if len(found) == fewest for reason in found]


@dataclass
class Violation:
    index: int
    method: str
    path: str
    op_id: str
    errors: list[ValidationError]
    body: Any

    def __str__(self) -> str:
        lines = [f"#{self.index} {self.method} {self.path} ({self.op_id}):"]
        seen: set[tuple[str, str]] = set()
        for error in self.errors:
            where = "/".join(str(p) for p in error.absolute_path) or "(body)"
            if (where, error.message) in seen:
                continue
            seen.add((where, error.message))
            value = json.dumps(error.instance, ensure_ascii=False)
            lines.append(f"    at {where}: {error.message[:300]}")
            lines.append(f"      value: {value[:300]}")
        return "\n".join(lines)


def check_requests(entries: list[Any]) -> tuple[Counter[str], list[str], list[Violation]]:
    """Validate every logged request; returns (requests validated per operation, unmapped, violations)."""
    validated: Counter[str] = Counter()
    unmapped: list[str] = []
    violations: list[Violation] = []
    for index, entry in enumerate(entries):
        op_id = operation_for(entry.method, entry.path)
        if op_id is None:
            if entry.method in ("GET", "DELETE") and entry.json is None:
                continue  # nothing to validate
            unmapped.append(f"{entry.method} {entry.path}")
            continue
        body = discord_py_quirks(op_id, copy.deepcopy(entry.json))
        errors = [reason for error in validator(op_id).iter_errors(body) for reason in reasons(error)]
        validated[op_id] += 1
        if errors:
            violations.append(Violation(index, entry.method, entry.path, op_id, errors, entry.json))
    return validated, unmapped, violations


def callback_types(entries: list[Any]) -> set[int]:
    return {
        e.json["type"]
        for e in entries
        if operation_for(e.method, e.path) == "create_interaction_response" and isinstance(e.json, dict)
    }


# -- the scenario ----------------------------------------------------------------------------


def buttons_of(message: Any) -> Iterator[dict[str, Any]]:
    for row in message.components:
        row = row if isinstance(row, dict) else row.to_dict()
        yield from row["components"]


async def lookups(world: World) -> None:
    member, other, general = world.member, world.other, world.general
    for command, options in (
        ("cast", {}),
        ("cast", {"name": "baba yaga"}),
        ("cast", {"name": "winston", "private": True}),
        ("cast", {"private": True}),
        ("crew", {"name": "editor"}),
        ("crew", {"name": "director", "private": True}),
        ("quote", {}),
        ("quote", {"search": "fierce and powerful"}),
        ("quote", {"speaker": "Keanu Reeves", "private": True}),
        ("quote", {"search": "pretty cool"}),  # profanity, masked
        ("film", {"private": True}),
        ("help", {}),
        ("about", {}),
        # Error paths: an ephemeral explanation each.
        ("cast", {"name": "zzqx @everyone ||x||"}),
        ("crew", {"name": "Wisemon Lenny zzz"}),
        ("quote", {"speaker": "Nobody Atall Zzz"}),
        ("quote", {"search": "qqqq zzzz xxxx wwww"}),
    ):
        await member.slash(general, command, **options)
    for command, option, typed in (
        ("cast", "name", ""),
        ("cast", "name", "winst"),
        ("crew", "name", ""),
        ("crew", "name", "comp"),
        ("quote", "search", ""),
        ("quote", "search", "pretty cool"),
        ("quote", "speaker", ""),
        ("quote", "speaker", "kea"),
        ("cast", "name", "zzzzzzzz"),  # no choices at all
    ):
        await member.autocomplete(general, command, option, typed)

    # Paging: forward to the end and back, plus a click by someone else (refused).
    for command in ("film", "crew"):
        message = (await member.slash(general, command)).response
        labels = [b["label"] for b in buttons_of(message)]
        assert labels[0] == "◀" and labels[2] == "▶", labels
        assert (await other.click(message, label="▶")).ephemeral
        pages = int(labels[1].split(" / ")[1])
        for _ in range(pages - 1):
            await member.click(message, label="▶")
        for _ in range(pages - 1):
            await member.click(message, label="◀")

    await world.mod.slash(general, "settings profanity", allowed=True)
    await member.slash(general, "quote", search="pretty cool")
    await world.mod.slash(general, "settings profanity", allowed=False)


async def spoiler_settings(world: World) -> None:
    mod, general = world.mod, world.general
    now = world.env.now()
    for command, options in (
        ("spoilers show", {}),
        ("spoilers mode", {"mode": "hide"}),
        ("spoilers mode", {"mode": "hide"}),  # nothing changed
        ("spoilers threshold", {"level": "major"}),
        ("spoilers channel", {"channel": world.spoiler_channel, "allowed": True}),
        ("spoilers embargo", {"until": f"{now.year}-{now.month:02d}-{now.day:02d} 23:59 +00:00"}),
        ("spoilers embargo", {"until": "tomorrow"}),  # refused
        ("spoilers show", {}),
        ("spoilers embargo", {"until": "off"}),
        ("spoilers history", {}),
        ("spoilers automod", {"enabled": "on"}),  # creates the rule (deferred, then a followup)
        ("spoilers automod", {"enabled": "on"}),  # updates it
        ("spoilers automod", {"enabled": "off"}),
    ):
        await mod.slash(general, command, **options)
    # Discord refuses the rule: the refusal is explained in a followup after the deferral.
    world.env.inject_error("POST", f"/guilds/{world.guild.id}/auto-moderation/rules", status=400, code=50035)
    await mod.slash(general, "spoilers automod", enabled="on")
    for seen in ("yes", "no"):
        await world.member.slash(general, "seen", seen=seen)
    await world.member.slash(general, "cast", name="winston")  # withheld under the new rules

    panel = (await mod.slash(general, "spoilers panel")).response
    custom_ids = [c["custom_id"] for c in buttons_of(panel)]
    await mod.select(panel, ["tag"], custom_id=custom_ids[0])
    await mod.select(panel, ["minor"], custom_id=custom_ids[1])
    await mod.select(panel, [world.spoiler_channel, world.general], custom_id=custom_ids[2])
    form = await mod.click(panel, label="Set embargo…")
    assert form.modal is not None
    await mod.submit_modal(form, {"until": "someday"})  # refused with an ephemeral message
    form = await mod.click(panel, label="Set embargo…")
    await mod.submit_modal(form, {"until": f"{now.year}-12-31"})  # updates the panel
    await mod.click(panel, label="End embargo")
    await mod.click(panel, label="Done")


async def trivia_games(world: World, trivia: Trivia) -> None:
    alice, bob, mod, general = world.member, world.other, world.mod, world.general
    # A whole choice game: a question that runs out, then ones that close when all answered.
    await trivia.start(questions=3, spoilers="exclude")
    for number in (1, 2, 3):
        shown = trivia.question()
        assert shown.number == number
        await trivia.click(alice, shown.right)
        await trivia.click(alice, shown.wrong)  # already answered
        await trivia.click(bob, shown.wrong)
        if number == 1:
            await trivia.close()
        if number < 3:
            await trivia.next()

    # A whole typed game (answers in a modal), including an answer sent too late.
    pool = {q.id: q for q in trivia.content_pool}
    await trivia.ask_only([pool["trivia-001"], pool["trivia-002"], pool["trivia-003"]])
    await trivia.start(mode="typed", questions=3)
    first = trivia.question()
    await trivia.type(alice, first.question.answer)
    await trivia.type(bob, "no idea")
    await trivia.close()
    await trivia.next()
    second = trivia.question()
    late = await trivia.open_form(bob)
    await trivia.close()
    await bob.submit_modal(late, {"response": second.question.answer})
    await trivia.next()
    await trivia.type(alice, trivia.question().question.answer)
    await trivia.type(bob, "Keanu Reeves")

    # Stopping: with no game, then by someone else, then by the starter.
    await alice.slash(general, "trivia stop")
    await trivia.start(actor=alice, questions=2, difficulty="easy")
    await bob.slash(general, "trivia stop")
    await alice.slash(general, "trivia stop")

    for period in ("all", "week", "month"):
        await bob.slash(general, "trivia leaderboard", period=period)
    await alice.slash(general, "trivia stats")
    await alice.slash(general, "trivia stats", member=bob)

    # Moderators: their own questions and the settings.
    await mod.slash(general, "trivia questions")  # none yet
    form = await mod.slash(general, "trivia add", spoiler="major", difficulty="hard")
    assert form.modal is not None
    question = {
        "question": "Which colour are the pointe shoes on the teaser poster?",
        "answer": "Crimson",
        "wrong1": "Teal",
        "wrong2": "Gold",
        "wrong3": "Ivory",
    }
    await mod.submit_modal(form, question)
    form = await mod.slash(general, "trivia add")
    await mod.submit_modal(form, {**question, "wrong2": "crimson!"})  # refused: not all different
    await mod.slash(general, "trivia questions")
    await mod.slash(general, "trivia remove", id=1)
    await mod.slash(general, "trivia remove", id=1)  # no such question
    await mod.slash(general, "trivia settings")
    await mod.slash(general, "trivia settings", time_limit=30, questions=5, points=200)
    await alice.slash(general, "trivia add")  # not a moderator: refused
    # A trivia night: the scheduled event's body (external, with its location and end time).
    await mod.slash(
        general, "trivia schedule add", when="2026-06-06 20:00 +02:00", channel=general, questions=3
    )
    await mod.slash(general, "trivia schedule list")
    await mod.slash(general, "trivia schedule cancel", id=1)


async def data_lifecycle(world: World) -> None:
    """/privacy and /server: file uploads (multipart), confirmations and their buttons."""
    alice, mod, general = world.member, world.mod, world.general
    shown = (await alice.slash(general, "privacy show")).response
    await alice.slash(general, "privacy export")
    await alice.slash(general, "privacy leaderboard", hidden=True)
    await alice.slash(general, "privacy leaderboard", hidden=True)  # nothing changed
    asked = (await alice.slash(general, "privacy delete")).response
    await alice.click(asked, label="Keep my data")
    await alice.click(shown, label="Delete my data in this server")
    await mod.slash(general, "server export")
    asked = (await mod.slash(general, "server reset")).response
    await mod.click(asked, label="Cancel")
    asked = (await mod.slash(general, "server reset", questions="delete")).response
    await mod.click(asked, label="Delete this server's data")
    await mod.slash(general, "spoilers history")


async def sync_to_a_guild(world: World, config: Config, content: Content, clock: SimClock) -> None:
    """Restart as a bot syncing its commands to one server (DEV_GUILD_ID): the guild bulk PUT."""
    old = world.bot
    await old.close_storage()
    new = create_bot(
        config, content=content, clock=clock, wall_clock=clock.wall, sync_guild_id=world.guild.id
    )
    await world.env.restart_bot(new)
    world.bot = new
    assert new.synced_commands


async def test_everything_the_bot_sends_matches_discords_request_schemas(
    world: World, config: Config, content: Content, sim_clock: SimClock
) -> None:
    # Deterministic bodies: the bot's one random source (quotes, questions, option order) is
    # seeded by the rng fixture.
    await without_cooldowns(world)
    await lookups(world)
    await spoiler_settings(world)
    await trivia_games(world, Trivia(world))
    await data_lifecycle(world)
    # Paginators time out after 5 minutes: they disable their buttons by editing the
    # original response through the interaction webhook.
    await world.env.advance_time(15 * 60)
    await sync_to_a_guild(world, config, content, sim_clock)

    entries = list(world.env.http_requests)
    validated, unmapped, violations = check_requests(entries)

    if unmapped:
        pytest.fail(
            "unmapped route: add its schema (extract_schemas.py) and a ROUTES entry:\n"
            + "\n".join(sorted(set(unmapped)))
        )
    if violations:
        report = "\n".join(str(v) for v in violations[:20])
        pytest.fail(f"{len(violations)} request(s) Discord would refuse:\n{report}")
    short = {op: (validated[op], least) for op, least in EXPECTED.items() if validated[op] < least}
    assert not short, f"routes exercised less than expected (seen, expected at least): {short}"
    assert callback_types(entries) >= EXPECTED_CALLBACK_TYPES, callback_types(entries)
    assert sum(validated.values()) >= 130


# -- the checker itself ----------------------------------------------------------------------


def test_every_route_has_its_schema_in_the_bundle() -> None:
    data = bundle()
    assert data["x-source"]["license"] == "MIT" and "Copyright" in data["x-source"]["license_notice"]
    assert (BUNDLE_PATH.parent / data["x-source"]["license_file"]).is_file()
    assert {op for _, _, op in ROUTES} == set(data["operations"])
    for op in data["operations"]:
        validator(op)  # the schema is valid Draft 2020-12 and compiles


def test_every_reference_in_the_bundle_resolves() -> None:
    data = bundle()
    text = json.dumps(data)
    refs = set(re.findall(r'"\$ref": "([^"]+)"', text))
    assert refs and all(ref.startswith("#/$defs/") for ref in refs), refs
    assert {ref.removeprefix("#/$defs/") for ref in refs} <= set(data["$defs"])


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("POST", "/interactions/1/tok-en_1.x/callback", "create_interaction_response"),
        ("POST", "/webhooks/1/tok", "execute_webhook"),
        ("PATCH", "/webhooks/1/tok/messages/@original", "update_original_webhook_message"),
        ("PATCH", "/webhooks/1/tok/messages/22", "update_webhook_message"),
        ("PUT", "/applications/1/guilds/2/commands", "bulk_set_guild_application_commands"),
        ("PUT", "/applications/1/commands", "bulk_set_application_commands"),
        ("POST", "/channels/1/messages/2/threads", None),
        ("DELETE", "/channels/1/messages/2", None),
        ("PUT", "/channels/1/messages/2/reactions/x/@me", None),
    ],
)
def test_routes_map_exactly(method: str, path: str, expected: str | None) -> None:
    assert operation_for(method, path) == expected


@dataclass
class Entry:
    method: str
    path: str
    json: Any


def callback(data: dict[str, Any], kind: int = 4) -> Entry:
    return Entry("POST", "/interactions/1/token/callback", {"type": kind, "data": data})


def row(*components: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(components)}


def where(violation: Violation) -> list[tuple[str, str]]:
    return [("/".join(map(str, e.absolute_path)), e.validator) for e in violation.errors]  # type: ignore[misc]


def test_the_checker_catches_what_discord_would_refuse() -> None:
    button = {"type": 2, "style": 1, "label": "A", "custom_id": "a"}
    field = {"name": "Spoiler", "value": "x" * 1024}
    entries = [
        Entry("POST", "/channels/1/messages", {"content": "ok", "components": [row(button)]}),
        # The preview spec allows 4000 characters here (Discord's limit for bots is 2000).
        Entry("POST", "/channels/1/messages", {"content": "x" * 4001}),
        callback({"components": [row({**button, "label": "x" * 81})]}),
        callback({"choices": [{"name": str(n), "value": str(n)} for n in range(26)]}, kind=8),
        Entry("POST", "/interactions/1/token/callback", {"type": 1}),  # PONG is not ours to send
        callback({"embeds": [{"fields": [field, {**field, "value": "x" * 1025}]}]}, kind=7),
        Entry("GET", "/channels/1/messages/2", None),
        Entry("POST", "/channels/1/messages/2/threads", {"name": "x"}),
    ]
    validated, unmapped, violations = check_requests(entries)
    assert unmapped == ["POST /channels/1/messages/2/threads"]
    assert validated == {"create_message": 2, "create_interaction_response": 4}
    assert [v.index for v in violations] == [1, 2, 3, 4, 5]
    # Inside the unions, the report names the field at fault, not every variant it is not.
    assert where(violations[1]) == [("data/components/0/components/0/label", "maxLength")]
    assert where(violations[2]) == [("data/choices", "maxItems")]
    assert where(violations[4]) == [("data/embeds/0/fields/1/value", "maxLength")]


def command_with_channel_option(*channel_types: int) -> list[dict[str, Any]]:
    option = {"type": 7, "name": "where", "description": "d", "channel_types": list(channel_types)}
    return [{"name": "c", "description": "d", "type": 1, "options": [option]}]


def test_relaxations_are_exactly_as_narrow_as_documented() -> None:
    select = {"type": 8, "custom_id": "c", "default_values": [{"id": 5, "type": "channel"}]}
    new_rule = {"name": "n", "event_type": 1, "trigger_type": 1, "exempt_channels": [1]}
    entries = [
        callback({"components": [row(select)]}),  # discord.py's int default_values id: accepted
        callback({"components": [row({**select, "placeholder": "x" * 151})]}),  # the rest still checked
        Entry("PATCH", "/guilds/1/auto-moderation/rules/2", {"exempt_channels": [1, 2]}),  # accepted
        Entry("POST", "/guilds/1/auto-moderation/rules", new_rule),  # discord.py sends strings here
        Entry("PUT", "/applications/1/commands", command_with_channel_option(15, 16)),  # GUILD_MEDIA
        Entry("PUT", "/applications/1/commands", command_with_channel_option(15, 17)),  # no such type
        Entry("POST", "/webhooks/1/t", {"attachments": [{"id": 0, "filename": "a.json"}]}),  # an upload
        Entry("POST", "/webhooks/1/t", {"attachments": [{"id": 0, "filename": 5}]}),  # the rest still checked
    ]
    _, _, violations = check_requests(entries)
    assert [v.index for v in violations] == [1, 3, 5, 7]
    assert where(violations[0]) == [("data/components/0/components/0/placeholder", "maxLength")]
    assert where(violations[1]) == [("exempt_channels/0", "type")]
    assert where(violations[2]) == [("0/options/0/channel_types/1", "oneOf")]
    assert set(where(violations[3])) == {("attachments/0/filename", "type")}  # in each branch of a union
    assert entries[0].json["data"]["components"][0]["components"][0]["default_values"][0]["id"] == 5


def test_the_bundle_stays_small_and_names_its_source() -> None:
    assert BUNDLE_PATH.stat().st_size < 200_000
    source = bundle()["x-source"]
    assert source["title"].startswith("Discord HTTP API") and source["version"] == "10"
