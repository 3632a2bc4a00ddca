"""Discord-shaped gateway and REST payloads (API v10), built as plain dicts.

Nothing here touches discord.py: these are the JSON objects Discord sends, so
both the real bot and the bare bot parse exactly the same input. Shapes follow
Discord's documented objects (INTERACTION_CREATE, GUILD_CREATE, READY, Message,
Application); ids are snowflake strings, as on the wire.
"""

from __future__ import annotations

import itertools
import json
import random
from typing import Any

APP_ID = 1_380_000_000_000_000_001  # the application, and the bot user (same id, as on Discord)
GUILD_ID = 1_380_000_000_000_000_100
CHANNEL_ID = 1_380_000_000_000_000_200
SPOILER_CHANNEL_ID = 1_380_000_000_000_000_201
OWNER_ID = 1_380_000_000_000_000_300
FIRST_MEMBER_ID = 1_380_000_000_100_000_000
TIMESTAMP = "2025-06-06T18:00:00.000000+00:00"
# Everything a member of a normal server has in a text channel, as Discord computes it.
MEMBER_PERMISSIONS = "2248473465835073"
# A moderator's: the same and Manage Server (Discord offers /spoilers, /settings and /server only to them).
MODERATOR_PERMISSIONS = str(int(MEMBER_PERMISSIONS) | 1 << 5)
BOT_PERMISSIONS = "2251799813685247"

_snowflakes = itertools.count(1_390_000_000_000_000_000)


def snowflake() -> int:
    return next(_snowflakes)


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name.title(),
        "avatar": None,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "collectibles": None,
        "primary_guild": None,
    }
    if bot:
        data["bot"] = True
    return data


BOT_USER = user(APP_ID, "ballerina-bot", bot=True)


def member(
    user_id: int, name: str, *, roles: list[str] | None = None, permissions: str | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "user": user(user_id, name),
        "roles": roles or [],
        "nick": None,
        "avatar": None,
        "banner": None,
        "joined_at": "2025-01-01T00:00:00.000000+00:00",
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if permissions is not None:
        data["permissions"] = permissions
    return data


def member_id(n: int) -> int:
    return FIRST_MEMBER_ID + n


# ----------------------------------------------------------------------------- interactions


def partial_channel(channel_id: int = CHANNEL_ID, name: str = "general") -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(GUILD_ID),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "parent_id": None,
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
        "permissions": MEMBER_PERMISSIONS,
    }


def _interaction_base(kind: int, user_n: int, channel_id: int) -> dict[str, Any]:
    iid = snowflake()
    return {
        "id": str(iid),
        "application_id": str(APP_ID),
        "type": kind,
        "token": f"bench-token-{iid}",
        "version": 1,
        "guild_id": str(GUILD_ID),
        "channel_id": str(channel_id),
        "channel": partial_channel(channel_id),
        "member": member(member_id(user_n), f"fan{user_n}", permissions=MEMBER_PERMISSIONS),
        "app_permissions": BOT_PERMISSIONS,
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 0,
        "attachment_size_limit": 10_485_760,
    }


# The commands as Discord is told about them (``to_dict`` of the real bot's tree), by name: option
# names and types come from here, so a payload matches the command it is for, or fails to build.
_commands: dict[str, dict[str, Any]] = {}
SUBCOMMAND = 1


def learn_commands(commands: list[dict[str, Any]]) -> None:
    """Take the bot's commands (``bench.harness.command_schemas``) as what ``slash`` builds against."""
    _commands.update({command["name"]: command for command in commands})


def _options(
    path: str, known: list[dict[str, Any]], options: dict[str, Any], focused: str | None
) -> list[dict[str, Any]]:
    by_name = {option["name"]: option for option in known}
    out = []
    for name, value in options.items():
        if name not in by_name:
            raise ValueError(f"/{path} has no option {name!r} (it has {sorted(by_name)})")
        opt: dict[str, Any] = {"name": name, "type": by_name[name]["type"], "value": value}
        if name == focused:
            opt["focused"] = True
        out.append(opt)
    return out


def slash(
    name: str,
    options: dict[str, Any] | None = None,
    *,
    sub: str | None = None,
    user_n: int = 0,
    channel_id: int = CHANNEL_ID,
    focused: str | None = None,
) -> dict[str, Any]:
    """A type 2 (application command) interaction; with ``focused``, a type 4 (autocomplete).

    Built against the command as the bot declares it (``learn_commands``): an unknown command,
    subcommand or option raises instead of sending Discord something it would never send."""
    command = _commands.get(name)
    if command is None:
        raise ValueError(f"no /{name} among the commands learned ({sorted(_commands)})")
    known = command.get("options") or []
    path = name
    if sub is not None:
        path = f"{name} {sub}"
        group = {o["name"]: o for o in known if o["type"] == SUBCOMMAND}
        if sub not in group:
            raise ValueError(f"/{name} has no subcommand {sub!r} (it has {sorted(group)})")
        known = group[sub].get("options") or []
    opts = _options(path, known, options or {}, focused)
    if sub is not None:
        opts = [{"name": sub, "type": SUBCOMMAND, "options": opts}]
    data = _interaction_base(4 if focused else 2, user_n, channel_id)
    data["data"] = {
        "id": str(APP_ID + 1000 + sum(map(ord, name))),
        "name": name,
        "type": 1,
        "options": opts,
    }
    if not opts:
        del data["data"]["options"]
    return data


def click(
    custom_id: str,
    message: dict[str, Any],
    *,
    user_n: int = 0,
    channel_id: int = CHANNEL_ID,
    component_type: int = 2,
    values: list[str] | None = None,
) -> dict[str, Any]:
    """A type 3 (message component) interaction on ``message`` (a Message payload)."""
    data = _interaction_base(3, user_n, channel_id)
    data["message"] = message
    data["data"] = {"custom_id": custom_id, "component_type": component_type}
    if values is not None:
        data["data"]["values"] = values
    return data


_members: dict[tuple[int, str], dict[str, Any]] = {}


def renumber(payload: dict[str, Any], user_n: int | None = None) -> tuple[str, str]:
    """The payload as gateway JSON text with a fresh interaction id and token (and member ``user_n``).

    Returns (text, token).
    """
    iid = snowflake()
    payload = dict(payload)
    payload["id"] = str(iid)
    payload["token"] = token = f"bench-token-{iid}"
    if user_n is not None:
        permissions = payload["member"].get("permissions", MEMBER_PERMISSIONS)  # a moderator stays one
        if (user_n, permissions) not in _members:
            _members[user_n, permissions] = member(member_id(user_n), f"fan{user_n}", permissions=permissions)
        payload["member"] = _members[user_n, permissions]
    return json.dumps(payload), token


# ----------------------------------------------------------------------------- messages


def message(
    data: dict[str, Any],
    *,
    message_id: int,
    channel_id: int = CHANNEL_ID,
    interaction: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A Message object as Discord returns it for message-creating ``data`` (content/embeds/components)."""
    msg: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": 20 if interaction is not None else 0,
        "content": data.get("content") or "",
        "author": BOT_USER,
        "embeds": data.get("embeds") or [],
        "components": data.get("components") or [],
        "attachments": [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "flags": data.get("flags") or 0,
        "application_id": str(APP_ID),
    }
    if interaction is not None:
        msg["interaction_metadata"] = interaction
    return msg


# ----------------------------------------------------------------------------- application, login


def application() -> dict[str, Any]:
    return {
        "id": str(APP_ID),
        "name": "ballerina-bot",
        "icon": None,
        "description": "",
        "rpc_origins": [],
        "bot_public": True,
        "bot_require_code_grant": False,
        "bot": BOT_USER,
        "owner": user(OWNER_ID, "owner"),
        "summary": "",
        "verify_key": "0" * 64,
        "team": None,
        "guild_id": None,
        "flags": 0,
        "tags": [],
        "interactions_endpoint_url": None,
        "redirect_uris": [],
        "approximate_guild_count": 1,
    }


def synced_commands(payload: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What Discord answers to a bulk overwrite of ``payload``: each command with ids added."""
    out = []
    for n, command in enumerate(payload):
        out.append(
            {
                **command,
                "id": str(APP_ID + 1000 + n),
                "application_id": str(APP_ID),
                "version": str(APP_ID + 2000 + n),
                "description": command.get("description", ""),
            }
        )
    return out


def ready(guild_ids: list[int]) -> dict[str, Any]:
    return {
        "v": 10,
        "user": {**BOT_USER, "verified": True, "mfa_enabled": False, "email": None},
        "guilds": [{"id": str(g), "unavailable": True} for g in guild_ids],
        "session_id": "bench-session",
        "resume_gateway_url": "wss://gateway.invalid",
        "shard": [0, 1],
        "application": {"id": str(APP_ID), "flags": 0},
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": ["rotterdam"],
        "auth": {},
        "user_settings": {},
        "session_type": "normal",
    }


# ----------------------------------------------------------------------------- guilds

_TOPICS = (
    "General chat about Ballerina and the John Wick world. Be kind; spoilers go in the spoiler channels.",
    "Fan art, edits and posters. Credit the artist.",
    "",
    "Trivia night every Friday at 20:00 UTC.",
)


def guild(
    guild_id: int,
    *,
    rng: random.Random,
    channels: int | None = None,
    roles: int | None = None,
    members: int = 4,
    emojis: int | None = None,
) -> dict[str, Any]:
    """A GUILD_CREATE payload of realistic size.

    Sizes are drawn from ``rng`` unless given: 20–200 channels (log-uniform, so most
    servers are small and a few are big, like Discord's long tail), 10–50 roles, 0–60
    emojis, a few members (the bot and whoever is in voice: no members intent).
    """
    if channels is None:
        channels = round(20 * (10 ** rng.random()))  # 20..200, log-uniform
    if roles is None:
        roles = rng.randint(10, 50)
    if emojis is None:
        emojis = rng.randint(0, 60)
    gid = str(guild_id)
    role_ids = [gid] + [str(guild_id + 10_000 + i) for i in range(roles - 1)]
    role_list = [
        {
            "id": rid,
            "name": "@everyone"
            if i == 0
            else f"role {i} {rng.choice(('Mods', 'Fans', 'Wick', 'Ruska Roma'))}",
            "color": 0 if i == 0 else rng.randrange(0xFFFFFF),
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": i % 7 == 1,
            "icon": None,
            "unicode_emoji": None,
            "position": i,
            "permissions": MEMBER_PERMISSIONS if i == 0 else str(rng.choice((0, 8, 1071698660929))),
            "managed": False,
            "mentionable": i % 3 == 0,
            "flags": 0,
            "tags": {} if i else None,
        }
        for i, rid in enumerate(role_ids)
    ]
    for r in role_list:
        if r["tags"] is None:
            del r["tags"]
    channel_list: list[dict[str, Any]] = []
    category_id: str | None = None
    for i in range(channels):
        cid = str(guild_id + 100_000 + i)
        overwrites = [
            {"id": rng.choice(role_ids), "type": 0, "allow": "1024", "deny": "2048"}
            for _ in range(rng.randint(0, 3))
        ]
        if i % 10 == 0:
            category_id = cid
            channel_list.append(
                {
                    "id": cid,
                    "type": 4,
                    "name": f"category {i // 10}",
                    "position": i // 10,
                    "permission_overwrites": overwrites,
                    "flags": 0,
                }
            )
            continue
        if i % 10 == 9:
            channel_list.append(
                {
                    "id": cid,
                    "type": 2,
                    "name": f"voice {i}",
                    "position": i,
                    "parent_id": category_id,
                    "permission_overwrites": overwrites,
                    "bitrate": 64000,
                    "user_limit": 0,
                    "rtc_region": None,
                    "video_quality_mode": 1,
                    "nsfw": False,
                    "rate_limit_per_user": 0,
                    "last_message_id": None,
                    "flags": 0,
                }
            )
            continue
        channel_list.append(
            {
                "id": cid,
                "type": 0,
                "name": f"channel-{i}",
                "position": i,
                "parent_id": category_id,
                "permission_overwrites": overwrites,
                "topic": rng.choice(_TOPICS) or None,
                "nsfw": False,
                "last_message_id": str(guild_id + 900_000 + i),
                "rate_limit_per_user": 0,
                "default_thread_rate_limit_per_user": 0,
                "flags": 0,
            }
        )
    member_list = [member(APP_ID, "ballerina-bot", roles=[role_ids[-1]])]
    member_list[0]["user"]["bot"] = True
    member_list += [member(guild_id + 500_000 + i, f"member{i}") for i in range(members - 1)]
    return {
        "id": gid,
        "name": f"Ballerina fans {guild_id % 100_000}",
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": member_list[-1]["user"]["id"],
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": role_list,
        "emojis": [
            {
                "id": str(guild_id + 800_000 + i),
                "name": f"emoji_{i}",
                "roles": [],
                "require_colons": True,
                "managed": False,
                "animated": i % 5 == 0,
                "available": True,
            }
            for i in range(emojis)
        ],
        "features": ["COMMUNITY", "NEWS"] if channels > 100 else [],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": channel_list[1]["id"] if len(channel_list) > 1 else None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "max_members": 500_000,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": None,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": False,
        "safety_alerts_channel_id": None,
        "incidents_data": None,
        "joined_at": "2025-03-01T12:00:00.000000+00:00",
        "large": False,
        "unavailable": False,
        "member_count": rng.randint(30, 5000),
        "voice_states": [],
        "members": member_list,
        "channels": channel_list,
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def partial_guild(guild_id: int) -> dict[str, Any]:
    """A server as ``GET /users/@me/guilds`` lists it."""
    return {
        "id": str(guild_id),
        "name": "Ballerina fans",
        "icon": None,
        "banner": None,
        "owner": False,
        "permissions": "2248473465835073",
        "features": [],
    }


def bench_guild() -> dict[str, Any]:
    """The server the interaction benchmarks run in: #general and #spoilers plus some others."""
    data = guild(GUILD_ID, rng=random.Random(6), channels=30, roles=15, emojis=10)
    data["channels"][1]["id"] = str(CHANNEL_ID)
    data["channels"][1]["name"] = "general"
    data["channels"][2]["id"] = str(SPOILER_CHANNEL_ID)
    data["channels"][2]["name"] = "spoilers"
    data["system_channel_id"] = str(CHANNEL_ID)
    return data
