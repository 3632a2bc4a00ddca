"""Questions about the crew: a credit (``job``), whose credit it is (``credit``), who else
shares it (``shared-credit``), and who a note describes (``crew-note``).

Wrong options come from other departments, so nobody offered could hold the credit too.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.domain.content import CrewMember, Difficulty
from bot.domain.question_families.assembly import Generated, assemble
from bot.domain.question_families.index import Index, at_most, in_quotes, pick, slug
from bot.domain.question_families.names import mentions, typed_forms, words
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


def questions(index: Index) -> Iterator[Generated]:
    crew_list = index.content.crew
    holders: dict[str, list[CrewMember]] = {}
    for crew in crew_list:
        holders.setdefault(fold(crew.job), []).append(crew)
    notes = [fold(c.note) for c in crew_list if c.note]
    for crew in crew_list:
        # Someone with two credits: either is right, so only "which of these" has one answer.
        several = sum(fold(c.name) == fold(crew.name) for c in crew_list) > 1
        made = assemble(
            index,
            family="job",
            key=slug(crew.id),
            text=(
                f"Which of these is one of {crew.name}'s credits on Ballerina?"
                if several
                else f"What is {crew.name}'s credit on Ballerina?"
            ),
            answer=crew.job,
            wrong=wrong_jobs(index, crew, f"job:{crew.id}"),
            basis=[crew.id],
            difficulty=Difficulty.MEDIUM,
            forms=job_forms(crew),
            explanation=f"{crew.name}: {crew.job} ({crew.department}).",
            needs_options=several,
        )
        if made:
            yield made
        producing = crew.department in _PRODUCING
        names = [(o.name, o.id) for o in _outsiders(index, crew, producing_job=producing)]
        forms = typed_forms(index, crew.name, crew.aliases)
        sharing = holders[fold(crew.job)]
        if len(sharing) == 1:
            made = assemble(
                index,
                family="credit",
                key=slug(crew.id),
                text=f"Whose credit on Ballerina is “{crew.job}”?",
                answer=crew.name,
                wrong=pick(f"credit:{crew.id}", names),
                basis=[crew.id],
                difficulty=Difficulty.MEDIUM,
                forms=forms,
                explanation=f"{crew.name}: {crew.job} ({crew.department}).",
            )
        else:
            others = [o for o in sharing if o is not crew]
            listed = " and ".join(o.name for o in others)
            made = assemble(
                index,
                family="shared-credit",
                key=slug(crew.id),
                text=f"Besides {listed}, who else has the credit “{crew.job}” on Ballerina?",
                answer=crew.name,
                wrong=pick(f"shared-credit:{crew.id}", names),
                basis=[crew.id, *(o.id for o in others)],
                difficulty=Difficulty.HARD,
                forms=forms,
                explanation=f"{crew.job}: " + ", ".join(o.name for o in sharing) + ".",
            )
        if made:
            yield made
        # The note as a clue, unless it names them or is shared word for word.
        note = fold(crew.note)
        giveaway = words(crew.name) | {w for a in crew.aliases for w in words(a)}
        if len(crew.note) < 30 or notes.count(note) > 1 or mentions(crew.note, giveaway):
            continue
        clue_names = [(n, i) for n, i in names if not mentions(crew.note, words(n))]
        made = assemble(
            index,
            family="crew-note",
            key=slug(crew.id),
            text=f"Which member of Ballerina's crew is this? {in_quotes(crew.note)}",
            answer=crew.name,
            wrong=pick(f"crew-note:{crew.id}", clue_names),
            basis=[crew.id],
            difficulty=Difficulty.HARD,
            forms=forms,
            explanation=f"{crew.name}: {crew.job}.",
        )
        if made:
            yield made
