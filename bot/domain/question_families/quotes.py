"""Questions about quotes: who said it (``said``), which line a speaker said (``said-which``),
and the speaker's role or credit (``speaker-role``).

Only attributable quotes are asked about; wrong speakers come from the same kind of source
(film lines or interviews), and a line someone else is printed saying too is never a wrong one.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.domain.content import CastMember, CrewMember, Difficulty, Quote
from bot.domain.question_families.assembly import MAX_OPTION_CHARS, Generated, assemble
from bot.domain.question_families.crew import job_forms, wrong_jobs
from bot.domain.question_families.index import Index, at_most, in_quotes, pick, slug
from bot.domain.question_families.names import both_names, mentions, nameless, same_person, typed_forms, words
from bot.domain.text import fold, mask_profanity

_QUOTE_KINDS = {"interview": "said this in an interview", "dialogue": "says this line in the film"}


def _attributable(quote: Quote) -> bool:
    """Confirmed quotes of a known speaker: an unverified one is only ever 'as quoted in'."""
    return (
        quote.as_quoted_in is None
        and quote.kind in _QUOTE_KINDS
        and not fold(quote.speaker).startswith("unidentified")
    )


def questions(index: Index) -> Iterator[Generated]:
    quotes = [q for q in index.content.quotes if _attributable(q)]
    cast_by_actor = {fold(m.actor): m for m in index.content.cast}
    cast_by_character: dict[str, CastMember] = {}
    for entry in index.named_cast:
        for name in (entry.character, *entry.aliases):
            cast_by_character.setdefault(fold(name), entry)
    crew_by_name: dict[str, list[CrewMember]] = {}
    for crew in index.content.crew:
        crew_by_name.setdefault(fold(crew.name), []).append(crew)

    def speaker_item(quote: Quote) -> CastMember | None:
        """The cast entry a speaker is (the actor) or plays (a character's lines)."""
        if quote.kind == "dialogue":
            return cast_by_character.get(fold(quote.speaker))
        return cast_by_actor.get(fold(quote.speaker))

    for quote in quotes:
        ok = at_most(index, quote.spoiler)
        member = speaker_item(quote)
        same_kind = [q for q in quotes if q.kind == quote.kind and fold(q.speaker) != fold(quote.speaker)]
        if member is not None:  # Young Eve's lines would be Eve's: not a wrong speaker for her
            same_kind = [q for q in same_kind if not (m := speaker_item(q)) or not same_person(m, member)]
        # Someone who is printed saying these very words is not a wrong answer.
        same_words = {fold(q.speaker) for q in quotes if fold(q.text) == fold(quote.text)}
        speakers = [
            (q.speaker, (m.id if (m := speaker_item(q)) else ""))
            for q in same_kind
            if fold(q.speaker) not in same_words
        ]
        # A speaker the quote talks about ("…to have Ian McShane joining us") is no fair guess.
        speakers = [(s, i) for s, i in speakers if (not i or ok(i)) and not mentions(quote.text, words(s))]
        basis = [quote.id] + ([member.id] if member is not None and quote.kind == "dialogue" else [])
        text = mask_profanity(quote.text, quote.profanity_words)
        about = f"{quote.speaker}, {quote.speaker_is}." + (f" {quote.context}" if quote.context else "")
        if member is not None and quote.kind == "dialogue":
            forms = [
                *typed_forms(index, member.character, member.aliases),
                *both_names(index, member, actor_first=False),
            ]
        elif member is not None:
            forms = typed_forms(index, member.actor, member.aliases)
        else:
            credits = crew_by_name.get(fold(quote.speaker), [])
            forms = typed_forms(index, quote.speaker, credits[0].aliases if credits else ())
        made = assemble(
            index,
            family="said",
            key=slug(quote.id),
            text=f"Who {_QUOTE_KINDS[quote.kind]}? {in_quotes(text)}",
            answer=quote.speaker,
            wrong=pick(f"said:{quote.id}", speakers),
            basis=basis,
            difficulty=Difficulty.MEDIUM,
            forms=forms,
            explanation=about,
        )
        if made:
            yield made
        yield from _said_which(index, quote, same_kind, same_words, about)
        yield from _speaker_role(index, quote, member, crew_by_name, text, about)


def _said_which(
    index: Index, quote: Quote, same_kind: list[Quote], same_words: set[str], about: str
) -> Iterator[Generated]:
    ok = at_most(index, quote.spoiler)
    lines = [
        (mask_profanity(q.text, q.profanity_words).strip().rstrip(","), q.id)
        for q in same_kind
        if ok(q.id)
        and fold(q.speaker) not in same_words
        and fold(q.text) != fold(quote.text)
        and not mentions(q.text, words(quote.speaker))  # a line about the speaker is no fair guess
    ]
    answer = mask_profanity(quote.text, quote.profanity_words).strip().rstrip(",")
    where = "in an interview" if quote.kind == "interview" else "in the film"
    context = f" ({quote.context.rstrip('.')})" if quote.context else ""
    made = assemble(
        index,
        family="said-which",
        key=slug(quote.id),
        text=f"Which of these did {quote.speaker} say {where}{context}?",
        answer=answer,
        wrong=pick(f"said-which:{quote.id}", [(t, i) for t, i in lines if len(t) <= MAX_OPTION_CHARS]),
        basis=[quote.id],
        difficulty=Difficulty.HARD,
        explanation=about,
        needs_options=True,
    )
    if made:
        yield made


def _speaker_role(
    index: Index,
    quote: Quote,
    member: CastMember | None,
    crew_by_name: dict[str, list[CrewMember]],
    text: str,
    about: str,
) -> Iterator[Generated]:
    """The actor who said it plays whom; the actor behind a film line; a crew speaker's credit."""
    quoted = in_quotes(text)
    if member is not None and quote.kind == "dialogue":
        actors = [(m.actor, "") for m in index.content.cast if not same_person(m, member)]
        made = assemble(
            index,
            family="speaker-role",
            key=slug(quote.id),
            text=f"Which actor's character says this line in Ballerina? {quoted}",
            answer=member.actor,
            wrong=pick(f"speaker-role:{quote.id}", actors),
            basis=[quote.id, member.id],
            difficulty=Difficulty.HARD,
            forms=both_names(index, member, actor_first=True),
            explanation=about,
        )
    elif member is not None:
        if sum(m.actor == member.actor for m in index.content.cast) > 1:
            return  # "plays which character?" would have two right answers
        ok = at_most(index, index.level((quote.id, member.id)))
        characters = [
            (m.character, m.id) for m in index.named_cast if not same_person(m, member) and ok(m.id)
        ]
        if nameless(member):
            return
        made = assemble(
            index,
            family="speaker-role",
            key=slug(quote.id),
            text=f"The actor who said this plays which Ballerina character? {quoted}",
            answer=member.character,
            wrong=pick(f"speaker-role:{quote.id}", characters),
            basis=[quote.id, member.id],
            difficulty=Difficulty.HARD,
            forms=typed_forms(index, member.character, member.aliases),
            explanation=about,
        )
    else:
        credits = crew_by_name.get(fold(quote.speaker), [])
        if len(credits) != 1:
            return
        crew = credits[0]
        made = assemble(
            index,
            family="speaker-role",
            key=slug(quote.id),
            text=f"What is the credit on Ballerina of the person who said this? {quoted}",
            answer=crew.job,
            wrong=wrong_jobs(index, crew, f"speaker-role:{quote.id}"),
            basis=[quote.id, crew.id],
            difficulty=Difficulty.HARD,
            forms=job_forms(crew),
            explanation=about,
        )
    if made:
        yield made
