"""The typed-answer table: (question, what a member types, whether it counts), both ways.

Each question is built here (so the table does not move when the pool is rewritten) and judged
by ``AnswerKnowledge.matcher`` over the real content in ``data/`` (cast and crew names, aliases,
job words): the same matcher a game uses.
"""

from __future__ import annotations

import re

import pytest

from bot.domain.content import AnswerKind, Content, Difficulty, TriviaQuestion
from bot.domain.question_families import generate_questions
from bot.domain.trivia.answers import intrinsic_kind
from bot.domain.trivia.knowledge import AnswerKnowledge

WRONG = ("Florence Pugh", "Zendaya", "Mackenzie Davis")


def q(
    answer: str,
    kind: AnswerKind | None = None,
    *,
    accepted: tuple[str, ...] = (),
    wrong: tuple[str, str, str] = WRONG,
) -> TriviaQuestion:
    return TriviaQuestion(
        id=f"table-{answer}-{kind}",
        question=f"Which is it ({answer})?",
        answer=answer,
        wrong_answers=wrong,
        accepted_answers=accepted,
        difficulty=Difficulty.MEDIUM,
        sources=(),
        answer_kind=kind,
    )


A = AnswerKind
ANA = q("Ana de Armas", A.ACTOR)
BYRNE = q("Gabriel Byrne", A.ACTOR)
CASTANEDA = q("David Castañeda", A.ACTOR)
DUNCAN_BREWSTER = q("Sharon Duncan-Brewster", A.ACTOR)
SOOYOUNG = q("Choi Soo-young", A.ACTOR)
SOOYOUNG_NOTED = q("Sooyoung (Choi Soo-young), as Katla Park")  # the curated answer, no kind declared
REDDICK = q("Lance Reddick", A.ACTOR, accepted=("Reddick", "Charon"))  # "which actor…"
REDDICK_UNDECLARED = q("Lance Reddick", accepted=("Charon",))  # the data decides when no kind is declared
WHO_PLAYS_EVE = q("Ana de Armas", A.ACTOR, accepted=("Eve",))  # "who plays…": a character is wrong
EVE = q("Eve Macarro", A.CHARACTER, wrong=("Lena", "Katla Park", "Nogi"))
PINE = q("Daniel Pine", A.CHARACTER, wrong=("Charon", "Frank", "Javier"))
ERICA_LEE = q("Erica Lee", A.PERSON, wrong=("Basil Iwanyk", "Chad Stahelski", "Shay Hatten"))
WISEMAN = q("Len Wiseman", wrong=("Gareth Evans", "David Leitch", "Derek Kolstad"))
CZECH_ANGLO = q("Czech Anglo Productions")
DOP = q("Director of photography", wrong=("Editor", "Production designer", "Composer"))
EXEC = q("Executive producer", wrong=("Producer", "Editor", "Composer"))
DIRECTOR = q("Director", A.JOB, wrong=("Editor", "Composer", "Producer"))
US_RELEASE = q("June 6, 2025", wrong=("June 13, 2025", "May 30, 2025", "June 20, 2025"))
US_RELEASE_GENERATED = q("6 June 2025", A.DATE)
PLANNED = q("June 7, 2024", A.DATE)
SHOOT_START = q("November 2022", A.DATE)
GRADE = q("A-", accepted=("A minus",), wrong=("A+", "A", "B+"))
RATING = q("R", accepted=("Rated R",), wrong=("PG-13", "PG", "NC-17"))
PG13 = q("PG-13", A.CODE)
RUNTIME = q("125 minutes", accepted=("125",))
DAYS = q("56 days", A.NUMBER)
SONG_WRONG = ("Lzzy Hale and K.Flay", "Poppy and Amy Lee", "Halsey and Poppy")
SONG = q("Halsey and Amy Lee", A.LIST, wrong=SONG_WRONG)
SONG_UNDECLARED = q("Halsey and Amy Lee")  # both names are in crew.yaml: a list without saying so
END_TITLE = q("Evanescence featuring K.Flay", A.LIST)
COMPOSERS = q("Tyler Bates and Joel J. Richard", A.LIST)
LABEL = q("Lions & Tigers")  # one name with an "&" in it, not a list
BLACK_LIST = q("The Black List")
VILLAGE = q("Hallstatt")
NEAR_WRONG = q("Marian", A.TEXT, wrong=("Marion", "Miriam", "Maria"))

TABLE: list[tuple[TriviaQuestion, str, bool]] = [
    # Surnames alone where they name one person, with and without the particle; first names.
    (ANA, "Ana de Armas", True),
    (ANA, "Armas", True),
    (ANA, "de Armas", True),
    (ANA, "Ana", True),
    (ANA, "Anna de Armas", True),  # one letter more in a long name
    (ANA, "Pugh", False),  # a wrong option's surname
    (ANA, "Anya", False),  # short: exact only
    (BYRNE, "Bryne", True),  # two letters swapped: one edit
    (BYRNE, "Byrne", True),
    (BYRNE, "Brine", False),  # two edits in five letters
    (CASTANEDA, "Castenada", True),  # two edits in nine letters
    (CASTANEDA, "castañeda", True),
    (CASTANEDA, "David", True),
    (CASTANEDA, "Castenadaaa", False),  # four edits
    (DUNCAN_BREWSTER, "Brewster", True),  # part of a double-barrelled surname
    (DUNCAN_BREWSTER, "Duncan", True),
    (DUNCAN_BREWSTER, "Duncan Brewster", True),
    (DUNCAN_BREWSTER, "Sharon", True),
    (DUNCAN_BREWSTER, "Nogi", False),  # her character, for "which actor"
    (PINE, "Pine", True),
    (PINE, "Daniel", False),  # Daniel Bernhardt is in the film too
    (PINE, "Norman Reedus", False),  # the actor, for "which character"
    (ERICA_LEE, "Erica", True),
    (ERICA_LEE, "Lee", False),  # Amy Lee sings on the soundtrack
    (WISEMAN, "Wiseman", True),
    (WISEMAN, "Wisemann", True),
    (WISEMAN, "Lena", False),  # one letter from "Len", but someone else
    # Aliases from cast.yaml.
    (SOOYOUNG, "SNSD Sooyoung", True),
    (SOOYOUNG, "Sooyoung", True),
    (SOOYOUNG, "Katla Park", False),
    (SOOYOUNG_NOTED, "SNSD Sooyoung", True),
    (SOOYOUNG_NOTED, "Choi Sooyoung", True),
    # A character is not an actor, nor the reverse, where the question says which it wants.
    (REDDICK, "Charon", False),  # even though the question lists it
    (REDDICK, "Reddick", True),
    (REDDICK, "Lance", True),
    (REDDICK_UNDECLARED, "Charon", True),
    (WHO_PLAYS_EVE, "Eve", False),
    (WHO_PLAYS_EVE, "Ana de Armas", True),
    (EVE, "Eve", True),
    (EVE, "Macarro", True),
    (EVE, "Ana de Armas", False),
    (EVE, "de Armas", False),
    # Job words from crew.yaml; the credit itself, with a typo.
    (DOP, "DP", True),
    (DOP, "DoP", True),
    (DOP, "cinematographer", True),
    (DOP, "Cinematografer", True),
    (DOP, "Director", False),
    (DOP, "Editor", False),
    (EXEC, "EP", True),
    (EXEC, "exec producer", True),
    (EXEC, "Producer", False),
    (EXEC, "PE", False),
    (DIRECTOR, "director", True),
    (DIRECTOR, "DP", False),
    # Short forms of a company.
    (CZECH_ANGLO, "Czech Anglo", True),
    (CZECH_ANGLO, "Czech Anglo Productions", True),
    (CZECH_ANGLO, "Czech", False),
    # Dates in the common forms; a different day, month or year is wrong.
    (US_RELEASE, "6/6/2025", True),
    (US_RELEASE, "2025-06-06", True),
    (US_RELEASE, "June 6", True),
    (US_RELEASE, "6 June 2025", True),
    (US_RELEASE, "June 6th, 2025", True),
    (US_RELEASE, "the 6th of June", True),
    (US_RELEASE, "06.06.2025", True),
    (US_RELEASE, "6/6/25", True),
    (US_RELEASE, "June 7", False),
    (US_RELEASE, "June 2025", False),  # a month is not the date
    (US_RELEASE, "2025", False),
    (US_RELEASE, "6 July 2025", False),
    (US_RELEASE, "June 6, 2024", False),
    (US_RELEASE, "June 13, 2025", False),  # a wrong option
    (US_RELEASE_GENERATED, "June 6", True),
    (US_RELEASE_GENERATED, "6/6/2025", True),
    (PLANNED, "6/7/2024", True),  # month first
    (PLANNED, "7/6/2024", True),  # day first
    (PLANNED, "7 June", True),
    (PLANNED, "2024-07-06", False),  # ISO is year-month-day, never ambiguous
    (PLANNED, "June 7 2025", False),
    (SHOOT_START, "11/2022", True),
    (SHOOT_START, "2022-11", True),
    (SHOOT_START, "Nov 2022", True),
    (SHOOT_START, "2022", False),
    (SHOOT_START, "November 2023", False),
    (SHOOT_START, "November 1, 2022", False),  # a day the facts do not give
    # Grades, ratings and codes: exact.
    (GRADE, "A-", True),
    (GRADE, "a -", True),
    (GRADE, "A minus", True),
    (GRADE, "A+", False),
    (GRADE, "A", False),
    (GRADE, "B-", False),
    (GRADE, "A plus", False),
    (GRADE, "minus", False),
    (RATING, "R", True),
    (RATING, "rated R", True),
    (RATING, "PG-13", False),
    (PG13, "pg 13", True),
    (PG13, "PG-12", False),
    (PG13, "PG", False),
    # Numbers: exact.
    (RUNTIME, "125", True),
    (RUNTIME, "125 mins", True),
    (RUNTIME, "126", False),
    (RUNTIME, "12 5", False),
    (DAYS, "56", True),
    (DAYS, "fifty-six days", True),
    (DAYS, "65 days", False),
    (DAYS, "56 dyas", False),  # a number's words are not forgiven typos
    # Lists in any order, with "and", "&", commas or "featuring"; every name once.
    (SONG, "Amy Lee and Halsey", True),
    (SONG, "Halsey & Amy Lee", True),
    (SONG, "amy lee, halsey", True),
    (SONG, "Halsy and Amy Lee", True),  # a typo in one name
    (SONG, "Halsey", False),
    (SONG, "Halsey and Amy Lee and Poppy", False),
    (SONG, "Halsey and Poppy", False),
    (SONG, "Amy Lee and Poppy", False),
    (SONG_UNDECLARED, "Amy Lee & Halsey", True),
    (END_TITLE, "Evanescence and K.Flay", True),
    (END_TITLE, "K.Flay & Evanescence", True),
    (END_TITLE, "Evanescence ft. K.Flay", True),
    (END_TITLE, "Evanescence and Halsey", False),
    (COMPOSERS, "Richard and Bates", True),
    (COMPOSERS, "Joel Richard & Tyler Bates", True),
    (COMPOSERS, "Bates and Bates", False),
    (COMPOSERS, "Bates and Lacourbas", False),
    (LABEL, "Lions and Tigers", True),
    (LABEL, "Tigers and Lions", False),
    # Free text: small typos, never nearer a wrong option than the answer.
    (BLACK_LIST, "black list", True),
    (BLACK_LIST, "The Blacklist", True),
    (BLACK_LIST, "The White List", False),
    (VILLAGE, "Halstatt", True),
    (VILLAGE, "Hallstat", True),
    (NEAR_WRONG, "Mariann", True),  # one edit from the answer, two from "Marion"
    (NEAR_WRONG, "Mariun", False),  # one edit from each: it could be either
    (NEAR_WRONG, "Marion", False),
]


def test_the_table_is_large_and_goes_both_ways() -> None:
    assert len(TABLE) >= 80
    assert sum(expected for _, _, expected in TABLE) >= 30
    assert sum(not expected for _, _, expected in TABLE) >= 30


@pytest.mark.parametrize(
    ("question", "typed", "expected"),
    TABLE,
    ids=[f"{question.answer}|{typed}" for question, typed, _ in TABLE],
)
def test_typed_answer(content: Content, question: TriviaQuestion, typed: str, expected: bool) -> None:
    assert AnswerKnowledge.of(content).matcher(question).matches(typed) is expected


def test_the_kind_is_worked_out_when_the_question_declares_none(content: Content) -> None:
    knowledge = AnswerKnowledge.of(content)
    assert knowledge.kind_of(q("Halsey and Amy Lee")) is AnswerKind.LIST
    assert knowledge.kind_of(q("Gabriel Byrne")) is AnswerKind.PERSON
    assert knowledge.kind_of(q("Director of photography")) is AnswerKind.JOB
    assert knowledge.kind_of(q("June 6, 2025")) is AnswerKind.DATE
    assert knowledge.kind_of(q("A-")) is AnswerKind.CODE
    assert knowledge.kind_of(q("Lions & Tigers")) is AnswerKind.TEXT
    assert knowledge.kind_of(q("Lions & Tigers", AnswerKind.LIST)) is AnswerKind.LIST  # declared wins


def test_every_question_in_the_pool_takes_its_own_forms_and_no_wrong_option(content: Content) -> None:
    knowledge = AnswerKnowledge.of(content)
    pool = [*content.trivia, *generate_questions(content)]
    for question in pool:
        matcher = knowledge.matcher(question)
        for form in (question.answer, *question.accepted_answers):
            if question.answer_kind in (AnswerKind.ACTOR, AnswerKind.CHARACTER) and form != question.answer:
                continue  # a listed form naming the other side is dropped on purpose
            assert matcher.matches(form), (question.id, form)
        for wrong in question.wrong_answers:
            assert not matcher.matches(wrong), (question.id, wrong)
    assert len(pool) > 100


# --- generated questions: each family declares what it asks for ---------------------------------

# (generated question id, typed, expected): the real question, judged as a game judges it.
GENERATED_TABLE: list[tuple[str, str, bool]] = [
    ("gen-plays-ian-mcshane", "Ian McShane", True),  # "Who plays Winston Scott…?": the actor
    ("gen-plays-ian-mcshane", "McShane", True),
    ("gen-plays-ian-mcshane", "Winston", False),  # the character asked about is not who plays him
    ("gen-plays-keanu-reeves", "Keanu", True),
    ("gen-plays-keanu-reeves", "John Wick", False),
    ("gen-role-catalina-sandino-moreno", "Lena", True),  # "Which character does … play?"
    ("gen-role-catalina-sandino-moreno", "Catalina Sandino Moreno", False),
    ("gen-described-gabriel-byrne", "Chancellor", True),  # "Which Ballerina character is this?"
    ("gen-described-gabriel-byrne", "Gabriel Byrne", False),
    ("gen-described-gabriel-byrne", "Byrne", False),
    ("gen-said-film-04", "The Chancellor", True),  # "Which character says this line…?"
    ("gen-said-film-04", "Gabriel Byrne", False),
    ("gen-said-film-05", "Wick", True),
    ("gen-said-film-05", "Keanu Reeves", False),
    ("gen-said-press-30", "Anjelica Huston", True),  # an interview: the actor, not her character
    ("gen-said-press-30", "Huston", True),
    ("gen-said-press-30", "The Director", False),
    ("gen-said-press-28", "Spidell", True),  # a crew member: the person
    ("gen-speaker-role-press-14", "Winston", True),  # "…plays which Ballerina character?"
    ("gen-speaker-role-press-14", "Ian McShane", False),
    ("gen-speaker-role-press-29", "stunt coordinator", True),  # a crew speaker: the job, its words
    ("gen-speaker-role-press-29", "Stephen Dunlevy", False),
    ("gen-job-keanu-reeves", "EP", True),
    ("gen-job-keanu-reeves", "Producer", False),
    ("gen-job-jason-ballantine", "editor", True),
    ("gen-credit-kevan-van-thompson", "Van Thompson", True),  # a credit: the person
    ("gen-shared-credit-basil-iwanyk", "Iwanyk", True),
    ("gen-shared-credit-basil-iwanyk", "Erica Lee", False),  # named in the question
    ("gen-crew-note-emerald-fennell", "Fennell", True),
    ("gen-figure-release-uk", "6/6/2025", True),  # a dated figure: any common form of the date
    ("gen-figure-release-uk", "June 6", True),
    ("gen-figure-release-uk", "13 June 2025", False),
    ("gen-figure-timeline-2024-additional-photography", "2024-02", True),
    ("gen-figure-timeline-2024-additional-photography", "2024", False),
    ("gen-figure-numbers-us-opening-2", "3409", True),  # a count: exact
    ("gen-figure-numbers-us-opening-2", "3,490", False),
    ("gen-figure-numbers-us-opening-1", "$25 million", True),
    ("gen-figure-numbers-us-opening-1", "$26 million", False),
]


@pytest.fixture(scope="module")
def generated_by_id(content: Content) -> dict[str, TriviaQuestion]:
    return {q.id: q for q in generate_questions(content)}


@pytest.mark.parametrize(
    ("question_id", "typed", "expected"), GENERATED_TABLE, ids=[f"{i}|{t}" for i, t, _ in GENERATED_TABLE]
)
def test_typed_answer_to_a_generated_question(
    content: Content, generated_by_id: dict[str, TriviaQuestion], question_id: str, typed: str, expected: bool
) -> None:
    question = generated_by_id[question_id]
    assert AnswerKnowledge.of(content).matcher(question).matches(typed) is expected


def test_every_generated_question_declares_the_kind_its_text_asks_for(
    content: Content, generated_by_id: dict[str, TriviaQuestion]
) -> None:
    """Read from the question as a player sees it (before any quoted clue), not from the family."""
    actors = {m.actor for m in content.cast}
    characters = {name for m in content.cast for name in (m.character, *m.aliases)}
    for question in generated_by_id.values():
        asks, answer = question.question.split("“")[0], question.answer
        if asks.startswith("Who plays "):
            expected = AnswerKind.ACTOR
        elif "character" in asks:  # "Which character does…", "…plays which Ballerina character?"
            expected = AnswerKind.CHARACTER
        elif asks.startswith("What does the person who said this do") or re.search(
            r"(credit|role)s? on", asks
        ):
            expected = AnswerKind.JOB
        elif asks.startswith("Who said this in an interview"):
            expected = AnswerKind.ACTOR if answer in actors else AnswerKind.PERSON
        elif asks.startswith(("Who ", "Besides ")):  # a credit, a shared credit, a crew member's note
            expected = AnswerKind.PERSON
        elif question.needs_options:
            expected = AnswerKind.TEXT  # an event or a line, asked with its options
        elif intrinsic_kind(answer) is AnswerKind.DATE or re.fullmatch(r"(19|20)\d\d", answer):
            expected = AnswerKind.DATE
        else:
            expected = AnswerKind.NUMBER  # "3,409", "65%", "US$25 million"
        assert question.answer_kind is expected, (question.id, asks, answer)
        if expected is AnswerKind.CHARACTER:
            assert answer in characters, question.id


def test_hand_written_questions_that_ask_for_an_actor_or_a_character_say_so(content: Content) -> None:
    asked = {"actor": AnswerKind.ACTOR, "character": AnswerKind.CHARACTER}
    checked = 0
    for question in content.trivia:
        text = question.question.casefold()
        wants = "actor" if re.match(r"who play|which actor|.* of which actor", text) else ""
        wants = wants or ("character" if re.match(r"which character", text) else "")
        if wants:
            assert question.answer_kind is asked[wants], (question.id, question.question)
            checked += 1
    assert checked >= 10
