"""The catalogue checks catch what would break a reply: a missing or stale string, a changed
placeholder or number, a text over its Discord limit, a command name Discord refuses."""

from __future__ import annotations

from bot.i18n.tooling import NAME, Entry, problems_of


def entry(
    source: str, *, context: str | None = None, comments: tuple[str, ...] = (), plural: str = ""
) -> Entry:
    return Entry(context, source, (source, plural) if plural else (source,), comments)


def test_a_faithful_translation_has_no_problem() -> None:
    found = entry("Trivia points: {points} (1-1000)")
    assert list(problems_of(found, ("Points de quiz : {points} (1-1000)",), "fr")) == []


def test_a_changed_or_lost_placeholder_is_a_problem() -> None:
    found = entry("Trivia points: {points}")
    assert list(problems_of(found, ("Points : {pts}",), "fr"))
    assert list(problems_of(found, ("Points",), "fr"))


def test_a_changed_number_is_a_problem() -> None:
    assert list(problems_of(entry("Released on 6 June 2025"), ("Sorti le 5 juin 2025",), "fr"))


def test_a_text_over_its_limit_is_a_problem() -> None:
    found = entry("Sources", comments=("limit 10",))
    assert list(problems_of(found, ("Quellenangaben",), "de"))
    assert list(problems_of(found, ("Quellen",), "de")) == []


def test_a_command_name_must_be_one_lowercase_word() -> None:
    for bad in ("Besetzung", "die besetzung", "x" * 33):
        assert list(problems_of(entry("cast", context=NAME), (bad,), "de")), bad
    assert list(problems_of(entry("cast", context=NAME), ("besetzung",), "de")) == []


def test_a_plural_singular_may_drop_the_count() -> None:
    found = entry("{n} question", plural="{n} questions")
    assert list(problems_of(found, ("une question", "{n} questions"), "fr")) == []
    assert list(problems_of(found, ("{count} questions",), "fr"))
