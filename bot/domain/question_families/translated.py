"""The film's content in the language of the moment: generated questions, hand-written ones, the
cast's descriptions, crew notes, film facts and quotes.

Generated questions are built once, in English (every rule that decides what is asked reads the
English), from ``Words``: a template marked for translation and its parts. Each question then
gets its text in every shipped language, rendered from the same parts at start-up: same id,
same answer and options (names, credits, dates and numbers do not change), same spoiler level
and sources. A part from the data files (``Data``) reads in a language only where the data has
a translation next to the original; otherwise it stays English and the question says so.

Hand-written content is translated only in the data files (``translations: {fr: …}``); where a
language has none, the English is shown with a one-line note in the reader's language. Quotes
stay verbatim; a translation is shown beside one, marked as such. Nothing is machine-translated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from contextvars import ContextVar

import msgspec

from bot.domain.content import CastMember, CrewMember, FilmFact, QuestionText, Quote, TriviaQuestion
from bot.domain.text import truncate
from bot.domain.trivia.game import AskedQuestion, Reveal
from bot.domain.trivia.questions import is_custom_question
from bot.i18n import DEFAULT, LANGUAGES, N_, Language, _, current, use_language

# i18n: limit 200 (a line of an embed footer). Name your language: "Not yet translated into French…"
NOT_TRANSLATED = N_("Not yet translated into this language, so it is shown in English.")
# i18n: limit 200 (a line of an embed footer). Name your language.
PARTLY_TRANSLATED = N_("Partly translated into this language: some of it is shown in English.")

# The data texts a rendering showed in English for want of a translation (None: nobody is counting).
_MISSED: ContextVar[list[str] | None] = ContextVar("missed", default=None)


class Data:
    """A text from the data files: its translation in the language of the moment, else the English."""

    __slots__ = ("english", "translated", "untranslated")

    def __init__(
        self, english: str, translated: Mapping[str, str] | None = None, *, untranslated: str | None = None
    ) -> None:
        self.english = english
        self.translated = translated or {}
        self.untranslated = english if untranslated is None else untranslated  # shown for want of one

    def __str__(self) -> str:
        language = current()
        if language is DEFAULT:
            return self.english
        found = self.translated.get(language.code)
        if found is not None:
            return found
        missed = _MISSED.get()
        if missed is not None:
            missed.append(self.english)
        return self.untranslated

    def clipped(self) -> Data:
        """As printed inside quotation marks: trailing commas and spaces dropped."""
        return Data(clip(self.english), {code: clip(text) for code, text in self.translated.items()})


class Phrased:
    """A part English words differently from the other languages ("Len Wiseman's", "a stunt
    coordinator"); the others get ``other`` (the name alone, the credit in quotation marks), or
    what ``other`` makes in the language of the moment (a date as the language writes it)."""

    __slots__ = ("english", "other")

    def __init__(self, english: str, other: str | Callable[[], str]) -> None:
        self.english, self.other = english, other

    def __str__(self) -> str:
        if current() is DEFAULT:
            return self.english
        return self.other if isinstance(self.other, str) else self.other()


class Words:
    """A sentence: a template (marked with ``N_`` where it is written) and its named parts, read
    in the language of the moment each time it is turned into text."""

    __slots__ = ("parts", "template")

    def __init__(self, template: str, **parts: str | Data | Phrased | Words | Joined) -> None:
        self.template = template
        self.parts = parts

    def __str__(self) -> str:
        return _(self.template).format(**{name: str(part) for name, part in self.parts.items()})


class Joined:
    """Parts one after the other, with commas: "Ballerina's world premiere: June 6, 2025, …"."""

    __slots__ = ("parts",)

    def __init__(self, parts: list[Words]) -> None:
        self.parts = parts

    def __str__(self) -> str:
        return ", ".join(str(part) for part in self.parts)


def quoted(text: str | Data | Phrased | Words) -> Words:
    """A line or a description printed inside a question, in the language's quotation marks."""
    return Words(N_("“{text}”"), text=text)


def clip(text: str) -> str:
    """A text as printed inside quotation marks: trailing commas and spaces dropped."""
    return text.strip().rstrip(",").rstrip()


def description(member: CastMember) -> Data:
    return Data(member.description, {code: t.description for code, t in member.translations.items()})


def note(crew: CrewMember) -> Data:
    return Data(crew.note, {code: t.note for code, t in crew.translations.items()})


def fact_label(fact: FilmFact) -> Data:
    return Data(fact.label, {code: t.label for code, t in fact.translations.items()})


def fact_value(fact: FilmFact) -> Data:
    return Data(fact.value, {code: t.value for code, t in fact.translations.items()})


# --------------------------------------------------------------------------- generated questions


def in_every_language(
    question: TriviaQuestion,
    text: Words,
    reveal: Words,
    *,
    options: Mapping[str, Data] | None = None,
    max_question: int,
    max_explanation: int,
    max_option: int,
) -> TriviaQuestion:
    """``question`` (built in English) with its text and reveal in every other shipped language.

    Its options stay as they are (names, credits, dates, numbers), except those ``options`` maps
    to a text from the data files (an event: "Ballerina's world premiere"), read in each language.
    A language whose catalogue does not translate the template yet, or whose text would be too
    long, gets none: the English is shown there, with the note.
    """
    options = options or {}
    english = (question.answer, *question.wrong_answers)
    found: dict[str, QuestionText] = {}
    for language in LANGUAGES:
        if language is DEFAULT:
            continue
        with use_language(language):
            token = _MISSED.set([])
            try:
                asked, told = str(text), truncate(str(reveal), max_explanation)
                shown = tuple(str(options[o]) if o in options else o for o in english)
                partly = bool(_MISSED.get())
            finally:
                _MISSED.reset(token)
        if (asked, told, shown) == (question.question, question.explanation, english):
            continue
        if not 0 < len(asked) <= max_question or len(set(shown)) != 4 or max(map(len, shown)) > max_option:
            continue
        found[language.code] = QuestionText(
            question=asked,
            answer=shown[0],
            wrong_answers=(shown[1], shown[2], shown[3]),
            accepted_answers=question.accepted_answers if shown == english else (),
            explanation=told,
            english_parts=partly,
        )
    return msgspec.structs.replace(question, translations=found)


# --------------------------------------------------------------------------- what a reader sees


def question_in(question: TriviaQuestion, language: Language | None = None) -> TriviaQuestion:
    """``question`` as a reader of ``language`` (default: the language of the moment) sees it.

    The same id, spoiler level, difficulty and sources; the text, options and reveal of the
    language where the content has them, else the English ones.
    """
    language = language or current()
    if language is DEFAULT:
        return question
    text = question.translations.get(language.code)
    if text is None:
        return question
    return msgspec.structs.replace(
        question,
        question=text.question,
        answer=text.answer,
        wrong_answers=text.wrong_answers,
        accepted_answers=text.accepted_answers,
        explanation=text.explanation or question.explanation,
    )


def question_by_id(
    pool: Mapping[str, TriviaQuestion], question_id: str, language: Language | None = None
) -> TriviaQuestion | None:
    """The question ``question_id`` of ``pool`` (by id) in ``language``; None when the pool has none."""
    found = pool.get(question_id)
    return None if found is None else question_in(found, language)


def _options(original: TriviaQuestion, shown: TriviaQuestion) -> dict[str, str]:
    return dict(
        zip(
            (original.answer, *original.wrong_answers),
            (shown.answer, *shown.wrong_answers),
            strict=True,
        )
    )


def asked_in(asked: AskedQuestion) -> AskedQuestion:
    """A question as put to the players, in the language of the moment: the letters stay where
    they are (the same option behind each), only the texts change."""
    shown = question_in(asked.question)
    if shown is asked.question:
        return asked
    options = _options(asked.question, shown)
    return dataclasses.replace(asked, question=shown, options=tuple(options.get(o, o) for o in asked.options))


def reveal_in(reveal: Reveal) -> Reveal:
    """A question's reveal in the language of the moment."""
    shown = question_in(reveal.question)
    if shown is reveal.question:
        return reveal
    correct = _options(reveal.question, shown).get(reveal.correct_text, reveal.correct_text)
    return dataclasses.replace(reveal, question=shown, correct_text=correct)


def question_note(question: TriviaQuestion) -> str:
    """One line for the footer when a film question is shown (partly) in English; else ""."""
    language = current()
    if language is DEFAULT or is_custom_question(question.id):
        return ""  # a server's own questions are in the words its moderators chose
    text = question.translations.get(language.code)
    if text is None:
        return _(NOT_TRANSLATED)
    return _(PARTLY_TRANSLATED) if text.english_parts else ""


def content_note(record: CastMember | CrewMember | FilmFact) -> str:
    """One line for the footer when a cast member's description, a crew note or a fact is shown in
    English for want of a translation; else ""."""
    language = current()
    if language is DEFAULT or language.code in record.translations:
        return ""
    if isinstance(record, CrewMember) and not record.note:
        return ""
    return _(NOT_TRANSLATED)


def quote_translation(quote: Quote) -> str:
    """The line's translation in the language of the moment, marked as one; "" when there is none.

    Shown beside the verbatim line (never in its place), through the same spoiler rules.
    """
    language = current()
    text = quote.translations.get(language.code) if language is not DEFAULT else None
    if not text:
        return ""
    return _("*Translation:* “{text}”").format(text=text)
