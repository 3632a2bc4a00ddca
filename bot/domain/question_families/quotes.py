"""Questions about quotes, each quote asked one way: who said it (``said``), which line a
speaker said (``said-which``), or the speaker's role or credit (``speaker-role``).

Only attributable quotes are asked about; wrong speakers come from the same kind of source
(film lines or interviews), and a line someone else is printed saying too is never a wrong one.
A line from the film is a famous line (easy); who said what in an interview is medium. The
reveal adds where and when it was said (the quote's context), so the question never shows it:
a context often gives the line away ("on the flamethrower sequence").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from bot.domain.content import AnswerKind, CastMember, CrewMember, Quote
from bot.domain.question_families import difficulty
from bot.domain.question_families.assembly import MAX_OPTION_CHARS, Generated, assemble
from bot.domain.question_families.crew import job_forms, wrong_jobs
from bot.domain.question_families.index import Index, adds_to, at_most, pick, rank, slug
from bot.domain.question_families.names import mentions, nameless, same_person, typed_forms, words
from bot.domain.question_families.translated import Data, Words, clip, quoted
from bot.domain.text import fold, mask_profanity
from bot.i18n import N_

# The line itself is printed verbatim, in its own language, whatever the question's.
_QUOTE_KINDS = {
    "interview": N_("Who said this in an interview? {quote}"),
    "dialogue": N_("Which character says this line in Ballerina? {quote}"),
}


def _attributable(quote: Quote) -> bool:
    """Confirmed quotes of a known speaker: an unverified one is only ever 'as quoted in'."""
    return (
        quote.as_quoted_in is None
        and quote.kind in _QUOTE_KINDS
        and not fold(quote.speaker).startswith("unidentified")
    )


def who_is(quote: Quote) -> Words:
    """ "Keanu Reeves, who plays John Wick"; "Len Wiseman, the film's director"."""
    role = quote.speaker_is
    speaker = quote.speaker
    if role.startswith("plays "):
        return Words(
            N_("{speaker}, who plays {character}"), speaker=speaker, character=role.removeprefix("plays ")
        )
    if role.startswith("played by "):
        return Words(
            N_("{speaker}, played by {actor}"), speaker=speaker, actor=role.removeprefix("played by ")
        )
    if role.startswith(("Eve's", "the ", "The ")):
        return Words(N_("{speaker}, {role}"), speaker=speaker, role=Data(role))
    return Words(N_("{speaker}, the film's {role}"), speaker=speaker, role=Data(role))


def said(quote: Quote, who: Words | str) -> Words:
    """Who said it and where, where the data says: "Said by …. On the red carpet in Berlin." """
    if not quote.context:
        return Words(N_("{who}."), who=who)
    return Words(N_("{who}. {context}"), who=who, context=Data(quote.context))


def reveal_of(quote: Quote) -> Words:
    """Who the speaker is and where the line was said: the facts the question leaves out."""
    return said(quote, who_is(quote))


class _Quotes:
    """The attributable quotes and who each speaker is in the cast or crew."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.quotes = [q for q in index.content.quotes if _attributable(q)]
        self.by_actor = {fold(m.actor): m for m in index.content.cast}
        self.by_character: dict[str, CastMember] = {}
        for entry in index.named_cast:
            for name in (entry.character, *entry.aliases):
                self.by_character.setdefault(fold(name), entry)
        self.crew_by_name: dict[str, list[CrewMember]] = {}
        for crew in index.content.crew:
            self.crew_by_name.setdefault(fold(crew.name), []).append(crew)

    def member(self, quote: Quote) -> CastMember | None:
        """The cast entry a speaker is (the actor) or plays (a character's lines)."""
        if quote.kind == "dialogue":
            return self.by_character.get(fold(quote.speaker))
        return self.by_actor.get(fold(quote.speaker))

    def others(self, quote: Quote) -> list[Quote]:
        """Quotes of the same kind by someone who could not have said this one."""
        member = self.member(quote)
        same_words = {fold(q.speaker) for q in self.quotes if fold(q.text) == fold(quote.text)}
        out = []
        for other in self.quotes:
            if other.kind != quote.kind or fold(other.speaker) in same_words | {fold(quote.speaker)}:
                continue
            theirs = self.member(other)
            if member is not None and theirs is not None and same_person(theirs, member):
                continue  # Young Eve's lines would be Eve's: not a wrong speaker for her
            out.append(other)
        return out


def _line(quote: Quote) -> Words:
    """The line in quotation marks, verbatim (its profanity masked), whatever the language."""
    return quoted(clip(mask_profanity(quote.text, quote.profanity_words)))


def questions(index: Index) -> Iterator[Generated]:
    quotes = _Quotes(index)
    for quote in quotes.quotes:
        ways: list[Callable[[_Quotes, Quote], Generated | None]] = [_said, _speaker_role, _said_which]
        if quote.kind == "dialogue":
            ways = [_said]  # a famous line is asked as itself: who says it
        ways.sort(key=lambda way: rank(f"quote-way:{quote.id}", way.__name__))
        made = next((m for way in ways if (m := way(quotes, quote)) is not None), None)
        if made is not None:
            yield made


def _said(quotes: _Quotes, quote: Quote) -> Generated | None:
    index = quotes.index
    ok = at_most(index, quote.spoiler)
    member = quotes.member(quote)
    speakers = [(q.speaker, (m.id if (m := quotes.member(q)) else "")) for q in quotes.others(quote)]
    # A speaker the quote talks about ("…to have Ian McShane joining us") is no fair guess.
    speakers = [(s, i) for s, i in speakers if (not i or ok(i)) and not mentions(quote.text, words(s))]
    dialogue = member is not None and quote.kind == "dialogue"
    if dialogue and member is not None:
        forms = typed_forms(index.names, member.character, member.aliases)
    elif member is not None:
        forms = typed_forms(index.names, member.actor, member.aliases)
    else:
        credits = quotes.crew_by_name.get(fold(quote.speaker), [])
        forms = typed_forms(index.names, quote.speaker, credits[0].aliases if credits else ())
    text = Words(_QUOTE_KINDS[quote.kind], quote=_line(quote))
    # A film line asks for the character (the actor is wrong), an interview for the person.
    kind = AnswerKind.PERSON if member is None else AnswerKind.ACTOR
    if quote.kind == "dialogue":
        kind = AnswerKind.CHARACTER
    reveal = reveal_of(quote)
    if not adds_to(str(reveal), str(text), quote.speaker):
        return None
    return assemble(
        index,
        family="said",
        kind=kind,
        key=slug(quote.id),
        text=text,
        answer=quote.speaker,
        wrong=pick(f"said:{quote.id}", speakers),
        basis=[quote.id] + ([member.id] if dialogue and member is not None else []),
        fact=quote.id,
        subject=difficulty.of_quote(quote),
        reveal=reveal,
        reveal_from=[quote.id],
        forms=forms,
        raised=quote.context_spoiler,
    )


def _said_which(quotes: _Quotes, quote: Quote) -> Generated | None:
    index = quotes.index
    ok = at_most(index, quote.spoiler)
    lines = [
        (mask_profanity(q.text, q.profanity_words).strip().rstrip(","), q.id)
        for q in quotes.others(quote)
        if ok(q.id)
        and fold(q.text) != fold(quote.text)
        and not mentions(q.text, words(quote.speaker))  # a line about the speaker is no fair guess
    ]
    answer = mask_profanity(quote.text, quote.profanity_words).strip().rstrip(",")
    text = Words(N_("Which of these did {speaker} say in an interview?"), speaker=quote.speaker)
    reveal = reveal_of(quote)
    if not quote.context or not adds_to(str(reveal), str(text), answer):
        return None
    return assemble(
        index,
        family="said-which",
        kind=AnswerKind.TEXT,
        key=slug(quote.id),
        text=text,
        answer=answer,
        wrong=pick(f"said-which:{quote.id}", [(t, i) for t, i in lines if len(t) <= MAX_OPTION_CHARS]),
        basis=[quote.id],
        subject=difficulty.of_quote(quote),
        reveal=reveal,
        reveal_from=[quote.id],
        needs_options=True,
        raised=quote.context_spoiler,
    )


def _speaker_role(quotes: _Quotes, quote: Quote) -> Generated | None:
    """The actor who said it plays whom; a crew speaker's credit."""
    index = quotes.index
    member = quotes.member(quote)
    line = _line(quote)
    # The reveal names the speaker: the question asked only what they do on the film.
    reveal = said(quote, Words(N_("Said by {speaker}"), speaker=quote.speaker))
    if member is not None:
        if sum(m.actor == member.actor for m in index.content.cast) > 1 or nameless(member):
            return None  # "plays which character?" would have two right answers, or none
        ok = at_most(index, index.level((quote.id, member.id)))
        characters = [
            (m.character, m.id) for m in index.named_cast if not same_person(m, member) and ok(m.id)
        ]
        text = Words(
            N_("The actor who said this in an interview plays which Ballerina character? {quote}"), quote=line
        )
        if mentions(quote.text, words(member.character)):
            return None  # "Eve Macarro is Eve Macarro": the line names the answer
        return assemble(
            index,
            family="speaker-role",
            kind=AnswerKind.CHARACTER,
            key=slug(quote.id),
            text=text,
            answer=member.character,
            wrong=pick(f"speaker-role:{quote.id}", characters),
            basis=[quote.id, member.id],
            fact=quote.id,
            subject=difficulty.of_quote(quote),
            reveal=reveal,
            reveal_from=[quote.id],
            forms=typed_forms(index.names, member.character, member.aliases),
            raised=quote.context_spoiler,
        )
    credits = quotes.crew_by_name.get(fold(quote.speaker), [])
    if len(credits) != 1:
        return None
    crew = credits[0]
    if mentions(quote.text, {fold(w) for w in crew.job.split() if len(w) >= 4}):
        return None
    return assemble(
        index,
        family="speaker-role",
        kind=AnswerKind.JOB,
        key=slug(quote.id),
        text=Words(N_("What does the person who said this do on Ballerina? {quote}"), quote=line),
        answer=crew.job,
        wrong=wrong_jobs(index, crew, f"speaker-role:{quote.id}"),
        basis=[quote.id, crew.id],
        fact=quote.id,
        subject=difficulty.of_quote(quote),
        reveal=reveal,
        reveal_from=[quote.id],
        forms=job_forms(crew),
        raised=quote.context_spoiler,
    )
