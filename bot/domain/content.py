"""The film's content as typed, validated records.

These structs are the schema of the YAML files in ``data/``: the loader decodes
each file straight into them, so a typo in a field name or a wrong type is an
error that names the file, the item and the field. No discord imports here.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec


class SpoilerLevel(StrEnum):
    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {SpoilerLevel.NONE: 0, SpoilerLevel.MINOR: 1, SpoilerLevel.MAJOR: 2}


class Confidence(StrEnum):
    CONFIRMED = "confirmed"
    SINGLE_SOURCE = "single_source"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class AnswerKind(StrEnum):
    """What a trivia answer is, which decides how a typed answer is compared with it."""

    ACTOR = "actor"  # a performer: a character's name is wrong ("Charon" for "which actor")
    CHARACTER = "character"  # a character: an actor's name is wrong ("Ana de Armas" for "who is")
    PERSON = "person"  # anyone else named in the content (crew, a band): names and aliases
    JOB = "job"  # a crew credit: its job words count ("DP" for "Director of photography")
    DATE = "date"  # typed in any common form: "6/6/2025", "2025-06-06", "June 6"
    NUMBER = "number"  # the numbers must be exact: 126 is not 125
    CODE = "code"  # a grade, rating or code, typed exactly: "A+" and "A" are not "A-"
    LIST = "list"  # several names, typed in any order with "and", "&" or commas
    TEXT = "text"  # anything else: small typos forgiven


class _Record(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


# --- translations, next to the original in the data files ------------------------------------
# ``translations: {fr: {...}}`` on a record: its text in other languages, written by people and
# checked at load (known language codes, the same keys as the original, the same names and
# numbers; ``bot.content.translation_checks``). Never machine-made; missing ones show the English.


class CastText(_Record, kw_only=True, frozen=True):
    description: str


class CrewText(_Record, kw_only=True, frozen=True):
    note: str


class FactText(_Record, kw_only=True, frozen=True):
    label: str
    value: str


class FigureText(_Record, kw_only=True, frozen=True):
    event: str  # as it reads in the language's "When was …?" and on its own, as an option
    ask: str = ""  # given where the original has one


class QuestionText(_Record, kw_only=True, frozen=True):
    """A trivia question in another language: the same keys as the original's (names unchanged)."""

    question: str
    answer: str
    wrong_answers: tuple[str, str, str]
    accepted_answers: tuple[str, ...] = ()
    explanation: str = ""
    # Generated questions only: the template is translated but a piece of the content it shows
    # (a crew note, an event) is not yet, so it reads partly in English.
    english_parts: bool = False


class _Translated(_Record, kw_only=True, frozen=True):
    """A record with a ``translations`` mapping: hashed by id (a dict is not hashable)."""

    id: str

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.id))


class Source(_Record, kw_only=True, frozen=True):
    key: str
    title: str  # the headline as recorded; it may carry research notes ("(syndicated copy)")
    # Who published it: the name a reader sees in footers (for a syndicated copy, the original
    # outlet). Required for a cited source; a web address is never shown in its place.
    publisher: str = ""
    display_title: str = ""  # the headline without research notes, when the title carries some
    date: str = ""  # publication date when known: 'YYYY-MM-DD' or 'YYYY-MM'
    url: str = ""
    # The url is a mirror or a syndicated copy: offered only as a "read at" link, never named.
    url_is_a_copy: bool = False
    note: str = ""
    # A headline can give the plot away ("... the ending explained"). Footers cannot hide
    # text, so a title above none is shown only where the policy shows that level plainly.
    spoiler: SpoilerLevel = SpoilerLevel.NONE
    # Why this source must never be cited (e.g. a copy on a piracy site); empty when it may be.
    never_cite: str = ""

    @property
    def shown_title(self) -> str:
        return self.display_title or self.title


class SpoilerNote(_Record, kw_only=True, frozen=True):
    """Extra text about an item that gives something away (its level is never none)."""

    level: SpoilerLevel
    text: str


class CastMember(_Translated, kw_only=True, frozen=True):
    actor: str
    character: str
    # Everything people type for this person or role: nicknames, first names, misspellings.
    aliases: tuple[str, ...] = ()
    description: str  # must be spoiler-free: it is shown everywhere
    # Level of the entry itself (its character name). Above none, the entry is hidden
    # from autocomplete and its character is rendered through the spoiler policy.
    spoiler: SpoilerLevel = SpoilerLevel.NONE
    spoiler_note: SpoilerNote | None = None
    confidence: Confidence = Confidence.CONFIRMED
    sources: tuple[str, ...]
    # Billed in the main cast: a fan is expected to know who plays them (easy questions).
    main: bool = False
    translations: dict[str, CastText] = {}


class CrewMember(_Translated, kw_only=True, frozen=True):
    name: str
    job: str  # the credit as billed, e.g. "Director", "Composer"
    department: str  # groups the /crew list: "Direction", "Writing", "Music", ...
    # Words people use for the job: "director", "composer", "who wrote", "DP", "stunts".
    job_words: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    note: str = ""
    spoiler: SpoilerLevel = SpoilerLevel.NONE
    confidence: Confidence = Confidence.CONFIRMED
    sources: tuple[str, ...]
    translations: dict[str, CrewText] = {}


class Quote(_Translated, kw_only=True, frozen=True):
    speaker: str
    speaker_is: str  # who they are: "plays John Wick", "director"
    text: str
    context: str = ""
    # "interview" (press, junkets), "dialogue" (a line from the film) or "lyric" (a song for the film)
    kind: str = "interview"
    spoiler: SpoilerLevel = SpoilerLevel.NONE
    profanity: bool = False
    profanity_words: tuple[str, ...] = ()
    # Set when no independent source confirms the quote: it is then shown as
    # "as quoted in <that source's title>" and never as a confirmed quote.
    as_quoted_in: str | None = None
    sources: tuple[str, ...]
    # Set when the context tells more than the line itself (it names who attacks whom): a
    # question that shows the context takes this level.
    context_spoiler: SpoilerLevel | None = None
    # A translation of the line, shown beside it and marked as one: the line itself stays verbatim.
    translations: dict[str, str] = {}


class TriviaQuestion(_Translated, kw_only=True, frozen=True):
    question: str
    answer: str
    wrong_answers: tuple[str, str, str]
    # Other spellings accepted in typed mode ("de Armas", "Ana De Armas").
    accepted_answers: tuple[str, ...] = ()
    spoiler: SpoilerLevel = SpoilerLevel.NONE
    difficulty: Difficulty
    explanation: str = ""  # shown with the reveal
    sources: tuple[str, ...]
    # "Which of these…": the question only makes sense with its four options shown, so typed
    # mode (which shows none) should not ask it.
    needs_options: bool = False
    # How a typed answer is compared; empty: worked out from the answer and the content
    # (``bot/domain/trivia/knowledge.py``).
    answer_kind: AnswerKind | None = None
    # Ids of the cast, crew, quote or film-fact entries the answer rests on ("cast-ana-de-armas",
    # a figure as "release-us#1"): a generated question about the same fact is then left out.
    rests_on: tuple[str, ...] = ()
    translations: dict[str, QuestionText] = {}


class FigureKind(StrEnum):
    DATE = "date"  # value 'YYYY-MM-DD'
    MONTH = "month"  # value 'YYYY-MM'
    YEAR = "year"  # value 'YYYY'
    MONEY = "money"  # value in millions of US dollars: '137.2'
    COUNT = "count"  # value a whole number: '3409'
    MINUTES = "minutes"  # value a whole number of minutes: '125'
    PERCENT = "percent"  # value a whole number: '65' for 65%


class Figure(_Record, kw_only=True, frozen=True):
    """One date or number a fact states, in a form trivia questions can be generated from."""

    kind: FigureKind
    value: str
    # What it is the date or number of, as a phrase at the fact's spoiler level:
    # "Ballerina's world premiere". Questions read "When was <event>?" / "What was <event>?".
    event: str
    ask: str = ""  # the question, when the phrase above does not read well in those
    # Other values reported for the same thing ("24.5" beside "25"): never offered as wrong.
    also: tuple[str, ...] = ()
    translations: dict[str, FigureText] = {}

    def __hash__(self) -> int:  # a dict is not hashable
        return hash((self.kind, self.value, self.event))


class FilmFact(_Translated, kw_only=True, frozen=True):
    group: str  # embed section: "Titles", "Release", "Numbers", "Companies", "Timeline", "Places"
    label: str  # spoiler-free: used as a field name
    value: str
    spoiler: SpoilerLevel = SpoilerLevel.NONE
    sources: tuple[str, ...]
    figures: tuple[Figure, ...] = ()  # the dates and numbers in value, for generated questions
    translations: dict[str, FactText] = {}


class Film(_Record, kw_only=True, frozen=True):
    title: str
    marketing_title: str
    tagline: str = ""  # one spoiler-free line under the title in /film
    facts: tuple[FilmFact, ...]
    # Curated words and phrases that give the plot away, for the optional AutoMod rule.
    spoiler_keywords: tuple[str, ...] = ()


class Content(msgspec.Struct, kw_only=True, frozen=True):
    """Everything in data/, cross-checked (ids unique, source keys resolve)."""

    film: Film
    cast: tuple[CastMember, ...]
    crew: tuple[CrewMember, ...]
    quotes: tuple[Quote, ...]
    trivia: tuple[TriviaQuestion, ...]
    sources: dict[str, Source]
