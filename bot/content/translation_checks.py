"""Checks of the translations written next to the original in the data files (``translations:``).

A translation is refused at load when it is for a language the bot does not ship, leaves out a
text the original has (or adds one it has not), is empty or too long, or changes a name or a
number: names of people, characters and the film, and every number, are the same in every
language (``data/cast.yaml: item 'cast-ana-de-armas' (cast[0]): field 'translations.fr.description':
the number 2023 of the English is missing``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from bot.content.locations import Item
from bot.content.record_checks import MAX_LENGTHS
from bot.domain.content import (
    CastMember,
    Content,
    CrewMember,
    FilmFact,
    QuestionText,
    Quote,
    TriviaQuestion,
)
from bot.domain.text import normalise_answer
from bot.i18n import DEFAULT, LANGUAGES

# Names the content uses that are not anyone's name in cast.yaml or crew.yaml.
FIXED_NAMES = ("Ballerina", "John Wick", "Ruska Roma", "Parabellum", "Continental", "Lionsgate")
_NUMBER = re.compile(r"\d+")
_NOT_A_NAME = ("the ", "young ", "little ", "cameo", "unnamed")
MAX_EVENT = 80  # an event is an option of "Which of these came first?": a button's text
SHIPPED = tuple(language.code for language in LANGUAGES if language is not DEFAULT)


def names_of(content: Content) -> frozenset[str]:
    """The names no translation may change: actors, crew, named characters, the film's own."""
    names = set(FIXED_NAMES)
    names.update(m.actor for m in content.cast)
    names.update(m.character for m in content.cast if not m.character.casefold().startswith(_NOT_A_NAME))
    names.update(c.name for c in content.crew if len(c.name.split()) >= 2)
    return frozenset(n for n in names if n.strip())


@lru_cache(maxsize=8)
def _finder(names: frozenset[str]) -> re.Pattern[str]:
    """One pattern for every name, longest first ("John Wick" before "John")."""
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def differences(english: str, translated: str, names: frozenset[str]) -> Iterator[str]:
    """What a translation changed that it must keep: each name of the English, every number."""
    for name in dict.fromkeys(_finder(names).findall(english)) if names else ():
        if name not in translated:
            yield f"the name '{name}' of the English is missing (names never change)"
    mine, theirs = sorted(_NUMBER.findall(english)), sorted(_NUMBER.findall(translated))
    if mine != theirs:
        yield f"the numbers {theirs} differ from the English's {mine} (numbers never change)"


def _pairs(record: Any, text: Any) -> Iterator[tuple[str, str, str]]:
    """(field, English, translation) for every text a translation gives."""
    if isinstance(record, TriviaQuestion):
        yield "question", record.question, text.question
        yield "answer", record.answer, text.answer
        for i, (mine, theirs) in enumerate(zip(record.wrong_answers, text.wrong_answers, strict=True)):
            yield f"wrong_answers[{i}]", mine, theirs
        yield "explanation", record.explanation, text.explanation
    elif isinstance(record, CastMember):
        yield "description", record.description, text.description
    elif isinstance(record, CrewMember):
        yield "note", record.note, text.note
    elif isinstance(record, FilmFact):
        yield "label", record.label, text.label
        yield "value", record.value, text.value
    elif isinstance(record, Quote):
        yield "text", record.text, text


def _question_rules(item: Item, code: str, text: QuestionText, errors: list[str]) -> None:
    q: TriviaQuestion = item.record
    where = f"translations.{code}"
    if text.english_parts:
        errors.append(
            f"{item.where(where + '.english_parts')}: only generated questions are partly translated"
        )
    if bool(q.explanation) != bool(text.explanation):
        has = "has" if q.explanation else "has no"
        errors.append(
            f"{item.where(where + '.explanation')}: the original {has} explanation; give the same keys"
        )
    shown = [text.answer, *text.wrong_answers]
    if len({normalise_answer(s) for s in shown}) != len(shown):
        errors.append(
            f"{item.where(where + '.wrong_answers')}: the answer and the wrong answers must all differ"
        )
    wrong = {normalise_answer(w) for w in text.wrong_answers}
    for i, accepted in enumerate(text.accepted_answers):
        if normalise_answer(accepted) in wrong:
            field = f"{where}.accepted_answers[{i}]"
            errors.append(f"{item.where(field)}: '{accepted}' is also a wrong answer when typed")


def _check_figures(item: Item, fact: FilmFact, names: frozenset[str], errors: list[str]) -> None:
    for i, figure in enumerate(fact.figures):
        for code, text in figure.translations.items():
            where = f"figures[{i}].translations.{code}"
            if code not in SHIPPED:
                errors.append(
                    f"{item.where(where)}: unknown language '{code}' (the bot ships {', '.join(SHIPPED)})"
                )
                continue
            if bool(figure.ask) != bool(text.ask):
                has = "has" if figure.ask else "has no"
                errors.append(f"{item.where(where + '.ask')}: the original {has} ask; give the same keys")
            for field, english, translated in (
                ("event", figure.event, text.event),
                ("ask", figure.ask, text.ask),
            ):
                if not english or not translated:
                    continue
                here = item.where(f"{where}.{field}")
                errors.extend(f"{here}: {problem}" for problem in differences(english, translated, names))


def check_translations(item: Item, names: frozenset[str], errors: list[str]) -> None:
    """Every problem of ``item``'s translations, one line each."""
    record = item.record
    if isinstance(record, FilmFact):
        _check_figures(item, record, names, errors)
    translations = getattr(record, "translations", None)
    if not translations:
        return
    if isinstance(record, CrewMember) and not record.note:
        errors.append(
            f"{item.where('translations')}: only a crew note is translated, and this entry has none"
        )
        return
    if isinstance(record, Quote) and record.profanity:
        errors.append(f"{item.where('translations')}: a line with profanity is not translated (it is masked)")
        return
    limits = MAX_LENGTHS.get(type(record), {})
    for code, text in translations.items():
        where = f"translations.{code}"
        if code not in SHIPPED:
            shipped = ", ".join(SHIPPED)
            errors.append(f"{item.where(where)}: unknown language '{code}' (the bot ships {shipped})")
            continue
        if isinstance(record, TriviaQuestion):
            _question_rules(item, code, text, errors)
        for field, english, translated in _pairs(record, text):
            here = item.where(where if isinstance(record, Quote) else f"{where}.{field}")
            if field == "explanation" and not translated:
                continue  # a missing explanation is a missing key, reported above
            if english and not translated.strip():
                errors.append(f"{here}: must not be empty")
                continue
            limit = limits.get(field)
            if limit is not None and len(translated) > limit:
                errors.append(
                    f"{here}: at most {limit} characters so it fits a message, got {len(translated)}"
                )
            errors.extend(f"{here}: {problem}" for problem in differences(english, translated, names))
