"""Extract, update and check the catalogues (``python -m bot.i18n``; the checks also run as tests).

Developer tooling: it builds the bot offline (no Discord, a scratch SQLite file) to read the command
tree, so it is imported by ``__main__`` and the tests, never by the running bot.
"""

from __future__ import annotations

import re
import string
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import write_po

from bot.domain import discord_limits as limits
from bot.i18n.catalogues import COMMANDS, DOMAINS, LOCALES_DIR, NOT_TRANSLATED, po_path, read_catalogue
from bot.i18n.languages import DEFAULT, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS: dict[str, Any] = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
COMMENT_TAG = "i18n:"  # "# i18n: limit 80" above a string: its translations must fit in 80 characters
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # templates do not change when nothing in them did

# Contexts of the command tree's strings, and Discord's rules for them.
NAME, OPTION, CHOICE = "command name", "option name", "choice"
NAME_RULE = re.compile(rf"^[-_\w]{{1,{limits.COMMAND_NAME}}}$")  # Discord: no spaces (and lowercase)


def domain_of(relative: str) -> str | None:
    if any(fnmatch(relative, pattern) for pattern in NOT_TRANSLATED):
        return None
    for domain, patterns in DOMAINS.items():
        if any(fnmatch(relative, pattern) for pattern in patterns):
            return domain
    return None


def source_files() -> Iterator[tuple[str, Path]]:
    for folder in ("bot", "cogs"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            domain = domain_of(path.relative_to(ROOT).as_posix())
            if domain is not None:
                yield domain, path


def new_catalogue(domain: str, locale: str | None = None) -> Catalog:
    return Catalog(
        locale=locale,
        domain=domain,
        project="ballerina-bot",
        version="",
        copyright_holder="ballerina-bot contributors",
        charset="utf-8",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )


def add_code_strings(catalogue: Catalog, path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    for lineno, message, comments, context in extract_from_file(
        "python", str(path), keywords=KEYWORDS, comment_tags=(COMMENT_TAG,), strip_comment_tags=True
    ):
        catalogue.add(message, locations=[(relative, lineno)], auto_comments=comments, context=context)


async def command_tree_strings() -> list[tuple[str | None, str, str]]:
    """(context, text, limit comment) for every string of the command tree Discord is told about."""
    from discord import app_commands  # the bot's edge: only this part of the tool needs Discord

    from bot.client import create_bot
    from bot.config import Config, Secret

    found: list[tuple[str | None, str, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        config = Config(Secret("offline"), Path(scratch) / "offline.sqlite3", shard_count=2, shard_ids=(1,))
        bot = create_bot(config)
        try:
            await bot.setup_hook()  # not shard 0: builds the tree, syncs nothing, reaches nothing
            for command in bot.tree.walk_commands():
                found.append((NAME, command.name, "limit 32, lowercase, no spaces"))
                found.append((None, command.description, f"limit {limits.COMMAND_DESCRIPTION}"))
                if isinstance(command, app_commands.Command):
                    for parameter in command.parameters:
                        found.append((OPTION, parameter.name, "limit 32, lowercase, no spaces"))
                        found.append((None, parameter.description, f"limit {limits.COMMAND_DESCRIPTION}"))
                        for choice in parameter.choices:
                            found.append((CHOICE, choice.name, f"limit {limits.COMMAND_DESCRIPTION}"))
        finally:
            await bot.close_storage()
            await bot.http.close()
    return found


async def extract_all(*, write: bool = False) -> dict[str, Catalog]:
    templates = {domain: new_catalogue(domain) for domain in DOMAINS}
    for domain, path in source_files():
        add_code_strings(templates[domain], path)
    for context, text, limit in await command_tree_strings():
        if text and text != "…":
            templates[COMMANDS].add(text, context=context, auto_comments=[limit])
    if write:
        for domain, template in templates.items():
            with (LOCALES_DIR / f"{domain}.pot").open("wb") as handle:
                write_po(handle, template, include_lineno=False, sort_output=True, width=100)
    return templates


def update_all(templates: dict[str, Catalog]) -> None:
    for language in LANGUAGES:
        if language is DEFAULT:
            continue
        for domain, template in templates.items():
            path = po_path(language.code, domain)
            catalogue = (
                read_catalogue(path, language.code) if path.exists() else new_catalogue(domain, language.code)
            )
            catalogue.update(template)
            catalogue.obsolete.clear()  # a string the code no longer has is gone, not kept commented out
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                write_po(handle, catalogue, include_lineno=False, sort_output=True, width=100)


# ---------------------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class Entry:
    context: str | None
    source: str  # the English text (the singular, for a plural)
    sources: tuple[str, ...]  # the singular, and the plural if any
    comments: tuple[str, ...]


def entries(template: Catalog) -> dict[tuple[str | None, str], Entry]:
    found = {}
    for message in template:
        if not message.id:
            continue
        ids = tuple(message.id) if isinstance(message.id, tuple | list) else (str(message.id),)
        found[(message.context, ids[0])] = Entry(message.context, ids[0], ids, tuple(message.auto_comments))
    return found


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


NUMBER = re.compile(r"\d+")


def limit_of(entry: Entry) -> int | None:
    for comment in entry.comments:
        match = re.search(r"limit (\d+)", comment)
        if match:
            return int(match.group(1))
    return None


def problems_of(entry: Entry, translated: tuple[str, ...], where: str) -> Iterator[str]:
    expected = placeholders(entry.sources[-1]) | placeholders(entry.sources[0])
    for text in translated:
        got = placeholders(text)
        # a plural's singular may say "one" where English says {n}; nothing else may differ
        if got - expected or (expected - got and len(entry.sources) == 1):
            yield f"{where}: placeholders {sorted(got)} differ from the source's {sorted(expected)}"
        if len(entry.sources) == 1 and sorted(NUMBER.findall(text)) != sorted(NUMBER.findall(entry.source)):
            yield f"{where}: numbers differ from the source's {NUMBER.findall(entry.source)}"
        limit = limit_of(entry)
        if limit is not None and len(text) > limit:
            yield f"{where}: {len(text)} characters, over Discord's limit of {limit}"
        if entry.context in (NAME, OPTION) and not (NAME_RULE.match(text) and text == text.lower()):
            yield f"{where}: {text!r} is not a valid command or option name (1–32, lowercase, no spaces)"


def check(templates: dict[str, Catalog]) -> list[str]:
    """Every problem in every shipped language's catalogues, one line each."""
    problems: list[str] = []
    for language in LANGUAGES:
        if language is DEFAULT:
            continue
        for domain, template in templates.items():
            path = po_path(language.code, domain)
            expected = entries(template)
            if not path.exists():
                if expected:
                    problems.append(
                        f"{language.code}/{domain}: no catalogue ({len(expected)} strings to translate)"
                    )
                continue
            catalogue = read_catalogue(path, language.code)
            seen = set()
            for message in catalogue:
                if not message.id:
                    continue
                ids = tuple(message.id) if isinstance(message.id, tuple | list) else (str(message.id),)
                key = (message.context, ids[0])
                where = f"{language.code}/{domain}: {ids[0][:60]!r}"
                seen.add(key)
                if key not in expected:
                    problems.append(f"{where}: stale (the code no longer has it; run update)")
                    continue
                strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
                if message.fuzzy or not all(strings):
                    problems.append(f"{where}: not translated" + (" (fuzzy)" if message.fuzzy else ""))
                    continue
                problems.extend(problems_of(expected[key], tuple(str(s) for s in strings), where))
            for key in expected.keys() - seen:
                problems.append(f"{language.code}/{domain}: {key[1][:60]!r}: missing (run update)")
    return problems
