"""Commands as Discord is told about them in every language: a localisation for every name and
description, within Discord's limits (names 1–32, lowercase, no spaces, unique among siblings;
descriptions ≤ 100; a whole command ≤ 8,000 characters counting its longest translations)."""

from __future__ import annotations

import re
from typing import Any

from bot.command_sync import command_payload
from bot.i18n import DEFAULT, LANGUAGES
from tests.support.world import World

LOCALES = [locale for language in LANGUAGES if language is not DEFAULT for locale in language.discord]
NAME = re.compile(r"^[-_\w]{1,32}$")
COMMAND_LIMIT = 8000


def longest(item: dict[str, Any], key: str) -> int:
    texts = [item.get(key) or "", *(item.get(f"{key}_localizations") or {}).values()]
    return max(len(text) for text in texts)


def size(item: dict[str, Any]) -> int:
    """Discord's count: name, description and choice values, each at its longest translation."""
    total = longest(item, "name") + longest(item, "description")
    total += sum(
        len(str(choice.get("value", ""))) + longest(choice, "name") for choice in item.get("choices") or []
    )
    return total + sum(size(option) for option in item.get("options") or [])


def walk(item: dict[str, Any], path: str = "") -> list[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
    """(path, item, its children) for a command and every option under it."""
    here = f"{path} {item['name']}".strip()
    children = item.get("options") or []
    found = [(here, item, children)]
    for child in children:
        found += walk(child, here)
    return found


async def test_every_command_is_localised_within_discords_limits(world: World) -> None:
    payload = await command_payload(world.bot.tree, None)
    assert payload
    for command in payload:
        assert size(command) <= COMMAND_LIMIT, command["name"]
        for path, item, children in walk(command):
            names = item.get("name_localizations") or {}
            descriptions = item.get("description_localizations") or {}
            assert set(LOCALES) <= set(names), f"/{path}: a name without a translation"
            if item.get("description"):
                assert set(LOCALES) <= set(descriptions), f"/{path}: a description without a translation"
            for locale in LOCALES:
                assert NAME.match(names[locale]) and names[locale] == names[locale].lower(), (path, locale)
                assert len(descriptions.get(locale, "")) <= 100, (path, locale)
                siblings = [(c.get("name_localizations") or {}).get(locale, c["name"]) for c in children]
                assert len(siblings) == len(set(siblings)), f"/{path}: two options named alike in {locale}"
            for choice in item.get("choices") or []:
                assert set(LOCALES) <= set(choice.get("name_localizations") or {}), (path, choice["name"])
    for locale in LOCALES:
        top = [(c.get("name_localizations") or {}).get(locale, c["name"]) for c in payload]
        assert len(top) == len(set(top)), f"two commands named alike in {locale}"


async def test_a_french_client_reads_french_command_names(world: World) -> None:
    payload = {c["name"]: c for c in await command_payload(world.bot.tree, None)}
    cast = payload["cast"]
    assert (
        cast["name_localizations"]["fr"] != "cast"
        or cast["description_localizations"]["fr"] != (cast["description"])
    )
    assert cast["description_localizations"]["fr"] != cast["description"]


async def test_a_command_named_in_a_description_is_named_as_the_client_names_it(world: World) -> None:
    payload = await command_payload(world.bot.tree, None)
    trivia = next(c for c in payload if c["name"] == "trivia")
    assert trivia["name_localizations"]["fr"] == "quiz"
    descriptions = [
        (item.get("description", ""), (item.get("description_localizations") or {}).get("fr", ""))
        for command in payload
        for _, item, _ in walk(command)
    ]
    naming = [french for english, french in descriptions if "/trivia " in english]
    assert naming, "some description names a /trivia command"
    assert all("/trivia" not in french for french in naming)
    assert any("/quiz" in french for french in naming)
