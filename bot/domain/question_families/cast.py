"""Questions about the cast: who plays whom (``plays``, or the other way round, ``role``) and
which character a spoiler-free description is of (``described``).

Who plays whom is one fact, so each cast member gets one of ``plays``/``role`` (whichever the
stable order picks first, the other when it cannot be built). The main cast's questions are easy.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.domain.content import AnswerKind, CastMember
from bot.domain.question_families import difficulty
from bot.domain.question_families.assembly import Generated, assemble
from bot.domain.question_families.index import Index, adds_to, at_most, pick, rank, slug
from bot.domain.question_families.names import (
    alias_is_of,
    mentions,
    same_person,
    typed_forms,
    words,
)
from bot.domain.question_families.translated import Words, description, quoted
from bot.i18n import N_


def questions(index: Index) -> Iterator[Generated]:
    for member in index.named_cast:
        yield from _casting(index, member)
        yield from _described(index, member)


def _casting(index: Index, member: CastMember) -> Iterator[Generated]:
    built = [plays_question(index, member), role_question(index, member)]
    order = sorted(range(2), key=lambda n: rank(f"casting:{member.id}", str(n)))
    made = next((built[n] for n in order if built[n] is not None), None)
    if made is not None:
        yield made


def _casting_reveal(member: CastMember) -> Words:
    # The description is the fact the reveal adds (the question gave only the two names).
    return Words(
        N_("{character}: {description}"), character=member.character, description=description(member)
    )


def plays_question(index: Index, member: CastMember) -> Generated | None:
    actors = [(m.actor, m.id) for m in index.content.cast if not same_person(m, member)]
    return assemble(
        index,
        family="plays",
        kind=AnswerKind.ACTOR,
        key=slug(member.id),
        text=Words(N_("Who plays {character} in Ballerina?"), character=member.character),
        answer=member.actor,
        wrong=[(text, "") for text, _ in pick(f"plays:{member.id}", actors)],  # actors' names are no spoilers
        basis=[member.id],
        subject=difficulty.of_cast(member),
        reveal=_casting_reveal(member),
        reveal_from=[member.id],
        forms=typed_forms(index.names, member.actor, member.aliases),
    )


def role_question(index: Index, member: CastMember) -> Generated | None:
    ok = at_most(index, member.spoiler)
    characters = [(m.character, m.id) for m in index.named_cast if not same_person(m, member) and ok(m.id)]
    # An actor with two roles: either is right, so only "which of these" has one answer.
    several = sum(m.actor == member.actor for m in index.content.cast) > 1
    text = (
        Words(N_("Which of these characters does {actor} play in Ballerina?"), actor=member.actor)
        if several
        else Words(N_("Which character does {actor} play in Ballerina?"), actor=member.actor)
    )
    return assemble(
        index,
        family="role",
        kind=AnswerKind.CHARACTER,
        key=slug(member.id),
        text=text,
        answer=member.character,
        wrong=pick(f"role:{member.id}", characters),
        basis=[member.id],
        subject=difficulty.of_cast(member),
        reveal=_casting_reveal(member),
        reveal_from=[member.id],
        forms=typed_forms(index.names, member.character, member.aliases),
        needs_options=several,
    )


def _described(index: Index, member: CastMember) -> Iterator[Generated]:
    """The description as the clue, the character as the answer, the actor as what the reveal adds."""
    giveaway = words(member.character) | words(member.actor)
    giveaway |= {
        w
        for a in member.aliases
        if alias_is_of(a, member.character) or alias_is_of(a, member.actor)
        for w in words(a)
    }
    if mentions(member.description, giveaway):
        return  # a description that names the character or the actor gives the answer away
    ok = at_most(index, member.spoiler)
    others = [m for m in index.named_cast if not same_person(m, member) and ok(m.id)]
    text = Words(
        N_("Which Ballerina character is this? {description}"),
        description=quoted(description(member).clipped()),
    )
    reveal = Words(N_("{character} is played by {actor}."), character=member.character, actor=member.actor)
    if not adds_to(str(reveal), str(text), member.character):
        return
    made = assemble(
        index,
        family="described",
        kind=AnswerKind.CHARACTER,
        key=slug(member.id),
        text=text,
        answer=member.character,
        wrong=pick(f"described:{member.id}", [(m.character, m.id) for m in others]),
        basis=[member.id],
        fact=f"{member.id}/description",
        subject=difficulty.of_cast(member),
        reveal=reveal,
        reveal_from=[member.id],
        forms=typed_forms(index.names, member.character, member.aliases),
    )
    if made:
        yield made
