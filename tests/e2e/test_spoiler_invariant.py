"""The invariant: no command shows spoiler text outside ||…|| in a non-spoiler channel.

Every command that declares it can show spoiler-level text (``@declare(spoilers=True)``) is run
under `tag` and `hide`, publicly and privately (by a member who
has not marked the film as seen), and every string of every request the bot sent to
Discord is scanned: message content, embed titles, descriptions, fields, footers and
authors, button labels, select options and autocomplete choices, and the Sources lists under the
answers (a headline can give the plot away). Log lines too.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import simcord

from bot.domain.content import SpoilerLevel
from bot.i18n import LANGUAGES
from bot.ui.commands import policies
from tests.support.locales import said_in, speak
from tests.support.spoiler_scan import leaks, spoiler_texts, untagged
from tests.support.world import World, without_cooldowns

# Declared spoiler commands whose scan lives with their feature (a test there runs them under
# every mode and checks the tags), by file and test function.
SCANNED_ELSEWHERE = {
    "trivia start": (
        "test_trivia_spoilers.py",
        "test_tag_mode_asks_every_spoiler_question_inside_spoiler_tags",
    ),
    "trivia questions": ("test_trivia_moderators.py", "test_listing_and_removing_questions"),
    "daily now": ("test_daily.py", "test_daily_question_follows_the_channels_spoiler_rules"),
}


LOCALES = [language.discord[0] for language in LANGUAGES]  # every language the bot speaks


class Recording:
    """A member that notes which slash commands it ran, so the scan can be held to the declarations."""

    def __init__(self, actor: simcord.MemberActor, ran: set[str]) -> None:
        self.actor, self.ran = actor, ran

    async def slash(self, channel: Any, command: str, /, **options: Any) -> simcord.InteractionResult:
        self.ran.add(command)
        return await self.actor.slash(channel, command, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.actor, name)


async def run_every_lookup(
    world: World, *, private: bool, ran: set[str] | None = None, locale: str = "en-US"
) -> None:
    sources = said_in(locale, "Sources")
    ran = set() if ran is None else ran
    member, mod = Recording(world.member, ran), Recording(world.mod, ran)
    channel, content = world.general, world.bot.content
    for name in ("", "winst", "lena", "the director"):
        await member.autocomplete(channel, "cast", "name", name)
        await member.autocomplete(channel, "crew", "name", name)
        await member.autocomplete(channel, "quote", "search", name)
        await member.autocomplete(channel, "quote", "speaker", name)
    listing = await member.slash(channel, "cast", private=private)
    assert listing.response.embeds
    spoiler_headlines = {k for k, s in content.sources.items() if s.spoiler is not SpoilerLevel.NONE}
    for cast in content.cast:
        answer = await member.slash(channel, "cast", name=cast.id, private=private)
        if spoiler_headlines & set(cast.sources):  # the Sources list shows headlines
            await member.click(answer.response, label=sources)
        await member.slash(channel, "cast", name=cast.character, private=private)
    await member.slash(channel, "crew", private=private)
    for crew in content.crew:
        await member.slash(channel, "crew", name=crew.id, private=private)
    for quote in content.quotes:
        answer = await member.slash(channel, "quote", search=quote.id, private=private)
        if spoiler_headlines & set(quote.sources):
            await member.click(answer.response, label=sources)
        await member.slash(channel, "quote", search=quote.text[:40], private=private)
    for _ in range(10):
        await member.slash(channel, "quote", private=private)
    film = await member.slash(channel, "film", private=private)
    message = film.response
    await member.click(message, label=sources)
    while message.components and not message.components[0]["components"][-1]["disabled"]:
        message = (await member.click(message, label="▶")).response
    await member.slash(channel, "help")
    await member.slash(channel, "about")
    await mod.slash(channel, "spoilers show")


@pytest.mark.parametrize("mode", ["tag", "hide"])
@pytest.mark.parametrize("private", [False, True])
async def test_no_spoiler_outside_tags(
    world: World, mode: str, private: bool, caplog: pytest.LogCaptureFixture
) -> None:
    await scan(world, mode, private, "en-US", caplog)


# Every other language: public replies in both modes, private ones in one mode each (alternating,
# so both modes are covered across languages; a private scan is slow in SimCord). Rendering does
# not depend on the storage backend, so SQLite only.
IN_OTHER_LANGUAGES = [
    (locale, mode, private)
    for number, locale in enumerate(LOCALES[1:])
    for mode, private in (("tag", False), ("hide", False), (("tag", "hide")[number % 2], True))
]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("locale", "mode", "private"), IN_OTHER_LANGUAGES)
async def test_no_spoiler_outside_tags_in_every_language(
    world: World, locale: str, mode: str, private: bool, caplog: pytest.LogCaptureFixture
) -> None:
    await scan(world, mode, private, locale, caplog)


async def scan(world: World, mode: str, private: bool, locale: str, caplog: pytest.LogCaptureFixture) -> None:
    probes = spoiler_texts(world.bot.content)
    assert len(probes) >= 10, "the content should have spoilers to look for"
    # Members and the server in that language: a translated spoiler is still a spoiler.
    speak(world, members={world.member: locale, world.mod: locale}, server=locale)
    await without_cooldowns(world)  # every lookup must really run, not be told to slow down
    await world.mod.slash(world.general, "spoilers mode", mode=mode)
    before = len(world.env.http_requests)
    ran: set[str] = set()
    with caplog.at_level(logging.DEBUG):
        await run_every_lookup(world, private=private, ran=ran, locale=locale)
    declared = {name for name, p in policies(world.bot.tree).items() if p and p.spoilers}
    assert declared - ran - set(SCANNED_ELSEWHERE) == set(), "a spoiler command the scan does not run"
    sent = [entry.json for entry in world.env.http_requests[before:] if entry.json is not None]
    content = world.bot.content
    commands_run = 16 + 2 + 2 * len(content.cast) + len(content.crew) + 2 * len(content.quotes) + 10 + 5
    assert len(sent) >= commands_run, "the scan must have seen a reply to every command"
    assert leaks(sent, probes) == []
    assert leaks([r.getMessage() for r in caplog.records], probes) == []
    if mode == "tag":
        # The spoilers were there, inside tags: the scan is not passing because nothing was sent.
        tagged_only = [t for t in (str(p) for p in sent) if "||" in t]
        assert tagged_only


async def test_scanner_catches_a_leak() -> None:
    probes = {"Lena turns out to be her sister; she kills"}
    payload = {
        "embeds": [{"title": "x", "fields": [{"value": "so Lena turns out to be her sister; she kills"}]}]
    }
    assert leaks([payload], probes)
    hidden = {"content": "||so Lena turns out to be her sister; she kills||"}
    assert leaks([hidden], probes) == []
    assert untagged("a ||b \\|| c|| d") == "a  d"


def test_commands_scanned_elsewhere_are_scanned_there() -> None:
    for command, (file, test) in SCANNED_ELSEWHERE.items():
        source = (Path(__file__).parent / file).read_text(encoding="utf-8")
        assert f"def {test}(" in source, f"/{command}: {file} has no {test}"
