"""Questions about the crew: a credit (``job``) or whose credit it is (``credit``, or who else
shares it, ``shared-credit``), one of those a person, and who a note describes (``crew-note``).
The director's questions are easy, the rest of the crew's medium.

Wrong options come from other departments, so nobody offered could hold the credit too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.domain.content import AnswerKind, CrewMember
from bot.domain.question_families import difficulty
from bot.domain.question_families.assembly import Generated, assemble
from bot.domain.question_families.index import (
    Index,
    adds_to,
    at_most,
    lower_first,
    pick,
    possessive,
    rank,
    slug,
    with_article,
)
from bot.domain.question_families.names import alias_is_of, looks_like_a_person, mentions, typed_forms, words
from bot.domain.question_families.translated import Data, Phrased, Words, fact_label, fact_value, note, quoted
from bot.domain.text import fold
from bot.i18n import N_

# A company named among the film's companies could pass for a producer: never offer it as one.
_PRODUCING = frozenset(["Production", "Studio", "Production services"])


def _is_company(index: Index, crew: CrewMember) -> bool:
    return bool(fold(crew.name)) and fold(crew.name) in index.companies


def _outsiders(index: Index, crew: CrewMember, *, producing_job: bool = False) -> list[CrewMember]:
    """Crew who cannot share ``crew``'s credit: another department, another name."""
    ok = at_most(index, crew.spoiler)
    out = []
    for other in index.content.crew:
        if other.department == crew.department or fold(other.name) == fold(crew.name) or not ok(other.id):
            continue
        if producing_job and _is_company(index, other):
            continue
        out.append(other)
    return out


def wrong_jobs(index: Index, crew: CrewMember, seed: str) -> list[tuple[str, str]]:
    own = {fold(c.job) for c in index.content.crew if fold(c.name) == fold(crew.name)}
    outsiders = _outsiders(index, crew)
    if _is_company(index, crew):
        outsiders = [o for o in outsiders if o.department not in _PRODUCING]
    return pick(seed, [(o.job, o.id) for o in outsiders if fold(o.job) not in own])


def job_forms(crew: CrewMember) -> list[str]:
    return [w for w in crew.job_words if len(w) >= 4 and not fold(w).startswith("who ")]


# Notes that record research rather than the film ("no full executive-producer list was found",
# "per the German press notes") are never a clue.
_RESEARCH_NOTE = re.compile(
    r"\b(reported|per the|press notes|was found|not an on-screen|source)", re.IGNORECASE
)


# Departments the fact sheet gives as roles, not billed credits: a studio's oversight, the stunt
# team, the Czech service company.
_ROLES = frozenset(["Studio", "Stunts", "Production services"])
_REPORTED = re.compile(r"\b(reported|press notes)\b", re.IGNORECASE)


def standing(crew: CrewMember) -> str:
    """What to call the job: "credit" (billed), "role", or "reported role" (one outlet reports it)."""
    if _REPORTED.search(crew.note):
        return "reported role"
    if crew.department in _ROLES or "uncredited" in fold(crew.job):
        return "role"
    return "credit"


def is_credit(crew: CrewMember) -> bool:
    return standing(crew) == "credit"


def _role_phrase(crew: CrewMember) -> str:
    """The job as a phrase after "who did": "uncredited script work"."""
    job = re.sub(r"\s*\(uncredited\)", "", crew.job)
    job = job[:1].lower() + job[1:]
    return f"uncredited {job}" if "uncredited" in fold(crew.job) else job


def reveal_for(index: Index, crew: CrewMember, *shown: str) -> tuple[Words | None, list[str]]:
    """A fact the question did not give: the crew note, a film fact naming them, or their department."""
    if crew.note and not _RESEARCH_NOTE.search(crew.note) and adds_to(crew.note, *shown):
        return Words(N_("{name}: {note}"), name=crew.name, note=note(crew)), [crew.id]
    for fact in index.content.film.facts:
        if mentions(fact.value, {fold(crew.name)}) and adds_to(fact.value, *shown):
            told = Words(N_("{label}: {value}"), label=fact_label(fact), value=fact_value(fact))
            return told, [crew.id, fact.id]
    colleagues = [c for c in index.content.crew if c.department == crew.department and c.name != crew.name]
    if colleagues:
        listed = ", ".join(f"{c.name} ({c.job})" for c in colleagues[:3])  # names and credits as billed
        text = Words(
            N_("Also in {department} on Ballerina: {listed}."),
            department=Data(crew.department.lower(), untranslated=crew.department),
            listed=listed,
        )
        if adds_to(str(text), *shown):
            return text, [crew.id, *(c.id for c in colleagues[:3])]
    if crew.note and adds_to(crew.note, *shown):
        return Words(N_("{name}: {note}"), name=crew.name, note=note(crew)), [crew.id]
    return None, []


def names_list(names: list[str]) -> str | Words:
    """ "Tyler Bates", "Tyler Bates and Joel J. Richard", "A, B and C"."""
    if len(names) == 1:
        return names[0]
    return Words(N_("{names} and {last}"), names=", ".join(names[:-1]), last=names[-1])


# What is someone's job: (their standing, several credits, acting in it too) -> the question.
# i18n: {owner} is "Len Wiseman's" in English; in translations, the name alone
_JOB_QUESTIONS = {
    ("credit", False, False): N_("What is {owner} credit on Ballerina?"),
    ("role", False, False): N_("What is {owner} role on Ballerina?"),
    ("reported role", False, False): N_("What is {owner} reported role on Ballerina?"),
    ("credit", True, False): N_("Which of these is one of {owner} credits on Ballerina?"),
    ("role", True, False): N_("Which of these is one of {owner} roles on Ballerina?"),
    ("reported role", True, False): N_("Which of these is one of {owner} reported roles on Ballerina?"),
    ("credit", False, True): N_("Besides acting in it, what is {owner} credit on Ballerina?"),
    ("role", False, True): N_("Besides acting in it, what is {owner} role on Ballerina?"),
    ("reported role", False, True): N_("Besides acting in it, what is {owner} reported role on Ballerina?"),
    ("credit", True, True): N_(
        "Besides acting in it, which of these is one of {owner} credits on Ballerina?"
    ),
    ("role", True, True): N_("Besides acting in it, which of these is one of {owner} roles on Ballerina?"),
    ("reported role", True, True): N_(
        "Besides acting in it, which of these is one of {owner} reported roles on Ballerina?"
    ),
}
# Whose credit this is, in a note's reveal.
_WHOSE = {
    "credit": N_("{name}, whose credit on Ballerina is “{job}”."),
    "role": N_("{name}, whose role on Ballerina is “{job}”."),
    "reported role": N_("{name}, whose reported role on Ballerina is “{job}”."),
}


def questions(index: Index) -> Iterator[Generated]:
    crew_list = index.content.crew
    holders: dict[str, list[CrewMember]] = {}
    for crew in crew_list:
        holders.setdefault(fold(crew.job), []).append(crew)
    notes = [fold(c.note) for c in crew_list if c.note]
    for crew in crew_list:
        # Who holds which credit is one fact: one of "job" and "credit", whichever the stable
        # order picks first (the other when it cannot be built).
        built = [job_question(index, crew), _credit(index, crew, holders[fold(crew.job)])]
        order = sorted(range(2), key=lambda n: rank(f"credit-way:{crew.id}", str(n)))
        made = next((built[n] for n in order if built[n] is not None), None)
        if made:
            yield made
        note = fold(crew.note)
        # A note another note repeats ("The score album came out…" fits both composers) is no clue.
        shared = sum(note in other or other in note for other in notes) > 1
        # "Who on the crew is this?" is asked of a person: a song's or a company's note describes
        # the song or the company ("The first original song revealed from the film").
        person = looks_like_a_person(crew.name)
        if len(crew.note) >= 30 and person and not shared and not _RESEARCH_NOTE.search(crew.note):
            made = _crew_note(index, crew)
            if made:
                yield made


def job_question(index: Index, crew: CrewMember) -> Generated | None:
    crew_list = index.content.crew
    # Someone with two credits: either is right, so only "which of these" has one answer.
    several = sum(fold(c.name) == fold(crew.name) for c in crew_list) > 1
    acts = any(m.actor == crew.name for m in index.content.cast)  # "actor" would be right too
    owner = Phrased(possessive(crew.name), crew.name)
    text = Words(_JOB_QUESTIONS[(standing(crew), several, acts)], owner=owner)
    reveal, reveal_from = reveal_for(index, crew, str(text), crew.job)
    if reveal is None:
        return None
    return assemble(
        index,
        family="job",
        kind=AnswerKind.JOB,
        key=slug(crew.id),
        text=text,
        answer=crew.job,
        wrong=wrong_jobs(index, crew, f"job:{crew.id}"),
        basis=[crew.id],
        subject=difficulty.of_crew(crew),
        reveal=reveal,
        reveal_from=reveal_from,
        forms=job_forms(crew),
        needs_options=several,
    )


def _credit(index: Index, crew: CrewMember, sharing: list[CrewMember]) -> Generated | None:
    producing = crew.department in _PRODUCING
    names = [(o.name, o.id) for o in _outsiders(index, crew, producing_job=producing)]
    forms = typed_forms(index.names, crew.name, crew.aliases)
    others = [o for o in sharing if o is not crew]
    if "no full" in fold(crew.note):
        return None  # the full list is unknown: someone not in the data may hold it too
    word = standing(crew)
    reported = word == "reported role"
    # In English "a stunt coordinator"; in translations the credit as billed, in English.
    job = Phrased(with_article(crew.job, index.proper), crew.job)
    text: Words
    if not others:
        family = "credit"
        if word == "credit":
            text = Words(N_("Who has the credit “{job}” on Ballerina?"), job=crew.job)
        elif "uncredited" in fold(crew.job):
            # i18n: {work} is the credit as billed, in English ("uncredited script work" in English only)
            text = Words(N_("Who did {work} on Ballerina?"), work=Phrased(_role_phrase(crew), crew.job))
        elif not looks_like_a_person(crew.name):  # a company is "the" team, not "a" team
            the_job = Phrased(lower_first(crew.job, index.proper), crew.job)
            text = (
                # i18n: {job} is the credit as billed, in English
                Words(N_("Who is reported as the {job} on Ballerina?"), job=the_job)
                if reported
                # i18n: {job} is the credit as billed, in English
                else Words(N_("Who was the {job} on Ballerina?"), job=the_job)
            )
        else:
            text = (
                # i18n: {job} is the credit as billed, in English ("a stunt coordinator" in English only)
                Words(N_("Who is reported as {job} on Ballerina?"), job=job)
                if reported
                # i18n: {job} is the credit as billed, in English ("a stunt coordinator" in English only)
                else Words(N_("Who was {job} on Ballerina?"), job=job)
            )
    else:
        family = "shared-credit"
        listed = names_list([o.name for o in others])
        if word == "credit":
            text = Words(
                N_("Besides {names}, who else has the credit “{job}” on Ballerina?"),
                names=listed,
                job=crew.job,
            )
        elif reported:
            # i18n: {job} is the credit as billed, in English ("a stunt coordinator" in English only)
            text = Words(
                N_("Besides {names}, who else is reported as {job} on Ballerina?"), names=listed, job=job
            )
        else:
            # i18n: {job} is the credit as billed, in English ("a stunt coordinator" in English only)
            text = Words(N_("Besides {names}, who else was {job} on Ballerina?"), names=listed, job=job)
    reveal, reveal_from = reveal_for(index, crew, str(text), crew.name, *(o.name for o in others))
    if reveal is None:
        return None
    return assemble(
        index,
        family=family,
        kind=AnswerKind.PERSON,
        key=slug(crew.id),
        text=text,
        answer=crew.name,
        # A role is looser than a billed credit (a supervising stunt coordinator coordinates
        # stunts too): asked with its options only, which come from other departments.
        needs_options=word != "credit",
        wrong=pick(f"{family}:{crew.id}", names),
        basis=[crew.id, *(o.id for o in others)],
        fact=crew.id,
        subject=difficulty.of_crew(crew),
        reveal=reveal,
        reveal_from=reveal_from,
        forms=forms,
    )


def _crew_note(index: Index, crew: CrewMember) -> Generated | None:
    """The note as a clue, unless it names them; the reveal adds their credit."""
    # An alias that names them ("Wiseman") gives the answer away; a nickname ("the Underworld
    # director") is what the note describes, not a giveaway.
    giveaway = words(crew.name) | {w for a in crew.aliases if alias_is_of(a, crew.name) for w in words(a)}
    if mentions(crew.note, giveaway):
        return None
    names = [(o.name, o.id) for o in _outsiders(index, crew, producing_job=crew.department in _PRODUCING)]
    clue_names = [(n, i) for n, i in names if not mentions(crew.note, words(n))]
    word = standing(crew)
    return assemble(
        index,
        family="crew-note",
        kind=AnswerKind.PERSON,
        key=slug(crew.id),
        text=Words(N_("Who on Ballerina's crew is this? {note}"), note=quoted(note(crew).clipped())),
        answer=crew.name,
        wrong=pick(f"crew-note:{crew.id}", clue_names),
        basis=[crew.id],
        fact=f"{crew.id}/note",
        subject=difficulty.of_crew(crew),
        reveal=Words(_WHOSE[word], name=crew.name, job=crew.job),
        reveal_from=[crew.id],
        forms=typed_forms(index.names, crew.name, crew.aliases),
    )
