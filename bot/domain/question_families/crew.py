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
    in_quotes,
    lower_first,
    pick,
    possessive,
    rank,
    slug,
    with_article,
)
from bot.domain.question_families.names import alias_is_of, looks_like_a_person, mentions, typed_forms, words
from bot.domain.text import fold

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


def reveal_for(index: Index, crew: CrewMember, *shown: str) -> tuple[str, list[str]]:
    """A fact the question did not give: the crew note, a film fact naming them, or their department."""
    if crew.note and not _RESEARCH_NOTE.search(crew.note) and adds_to(crew.note, *shown):
        return f"{crew.name}: {crew.note}", [crew.id]
    for fact in index.content.film.facts:
        if mentions(fact.value, {fold(crew.name)}) and adds_to(fact.value, *shown):
            return f"{fact.label}: {fact.value}", [crew.id, fact.id]
    colleagues = [c for c in index.content.crew if c.department == crew.department and c.name != crew.name]
    if colleagues:
        listed = ", ".join(f"{c.name} ({c.job})" for c in colleagues[:3])
        text = f"Also in {crew.department.lower()} on Ballerina: {listed}."
        if adds_to(text, *shown):
            return text, [crew.id, *(c.id for c in colleagues[:3])]
    if crew.note and adds_to(crew.note, *shown):
        return f"{crew.name}: {crew.note}", [crew.id]
    return "", []


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
    word = standing(crew)
    text = (
        f"Which of these is one of {possessive(crew.name)} {word}s on Ballerina?"
        if several
        else f"What is {possessive(crew.name)} {word} on Ballerina?"
    )
    if any(m.actor == crew.name for m in index.content.cast):  # "actor" would be right too
        text = "Besides acting in it, w" + text[1:]
    reveal, reveal_from = reveal_for(index, crew, text, crew.job)
    if not reveal:
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
    was = "is reported as" if word == "reported role" else "was"
    if not others:
        family = "credit"
        if word == "credit":
            text = f"Who has the credit “{crew.job}” on Ballerina?"
        elif "uncredited" in fold(crew.job):
            text = f"Who did {_role_phrase(crew)} on Ballerina?"
        elif not looks_like_a_person(crew.name):  # a company is "the" team, not "a" team
            text = f"Who {was} the {lower_first(crew.job, index.proper)} on Ballerina?"
        else:
            text = f"Who {was} {with_article(crew.job, index.proper)} on Ballerina?"
    else:
        family = "shared-credit"
        listed = " and ".join(o.name for o in others)
        if word == "credit":
            text = f"Besides {listed}, who else has the credit “{crew.job}” on Ballerina?"
        else:
            text = f"Besides {listed}, who else {was} {with_article(crew.job, index.proper)} on Ballerina?"
    reveal, reveal_from = reveal_for(index, crew, text, crew.name, *(o.name for o in others))
    if not reveal:
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
        text=f"Who on Ballerina's crew is this? {in_quotes(crew.note)}",
        answer=crew.name,
        wrong=pick(f"crew-note:{crew.id}", clue_names),
        basis=[crew.id],
        fact=f"{crew.id}/note",
        subject=difficulty.of_crew(crew),
        reveal=f"{crew.name}, whose {word} on Ballerina is “{crew.job}”.",
        reveal_from=[crew.id],
        forms=typed_forms(index.names, crew.name, crew.aliases),
    )
