"""Questions about the cast: who plays whom (``plays``, ``role``) and which character, or
which actor, a spoiler-free description is of (``described``, ``described-actor``)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.domain.content import Difficulty
from bot.domain.question_families.assembly import Generated, assemble
from bot.domain.question_families.index import Index, at_most, in_quotes, pick, slug
from bot.domain.question_families.names import (
    alias_is_of,
    both_names,
    mentions,
    same_person,
    typed_forms,
    words,
)


def questions(index: Index) -> Iterator[Generated]:
    yield from _plays(index)
    yield from _described(index)


def _plays(index: Index) -> Iterator[Generated]:
    cast = index.named_cast
    for number, member in enumerate(cast):
        ok = at_most(index, member.spoiler)
        difficulty = Difficulty.EASY if number < 8 else Difficulty.MEDIUM
        actors = [(m.actor, m.id) for m in index.content.cast if not same_person(m, member)]
        wrong = pick(f"plays:{member.id}", actors)
        made = assemble(
            index,
            family="plays",
            key=slug(member.id),
            text=f"Who plays {member.character} in Ballerina?",
            answer=member.actor,
            wrong=[(text, "") for text, _ in wrong],  # actors' names are never spoilers
            basis=[member.id],
            difficulty=difficulty,
            forms=typed_forms(index, member.actor, member.aliases),
            explanation=f"{member.actor} plays {member.character}.",
        )
        if made:
            yield made
        characters = [(m.character, m.id) for m in cast if not same_person(m, member) and ok(m.id)]
        # An actor with two roles: either is right, so only "which of these" has one answer.
        several = sum(m.actor == member.actor for m in index.content.cast) > 1
        which = "Which of these characters" if several else "Which character"
        made = assemble(
            index,
            family="role",
            key=slug(member.id),
            text=f"{which} does {member.actor} play in Ballerina?",
            answer=member.character,
            wrong=pick(f"role:{member.id}", characters),
            basis=[member.id],
            difficulty=difficulty,
            forms=typed_forms(index, member.character, member.aliases),
            explanation=f"{member.actor} plays {member.character}.",
            needs_options=several,
        )
        if made:
            yield made


def _described(index: Index) -> Iterator[Generated]:
    cast = index.named_cast
    for member in cast:
        # A description that names the character or the actor gives the answer away.
        giveaway = words(member.character) | words(member.actor)
        giveaway |= {
            w
            for a in member.aliases
            if alias_is_of(a, member.character) or alias_is_of(a, member.actor)
            for w in words(a)
        }
        if mentions(member.description, giveaway):
            continue
        ok = at_most(index, member.spoiler)
        others = [m for m in cast if not same_person(m, member) and ok(m.id)]
        quoted = in_quotes(member.description)
        made = assemble(
            index,
            family="described",
            key=slug(member.id),
            text=f"Which Ballerina character is this? {quoted}",
            answer=member.character,
            wrong=pick(f"described:{member.id}", [(m.character, m.id) for m in others]),
            basis=[member.id],
            difficulty=Difficulty.MEDIUM,
            forms=both_names(index, member, actor_first=False),
            explanation=f"{member.character}, played by {member.actor}.",
        )
        if made:
            yield made
        made = assemble(
            index,
            family="described-actor",
            key=slug(member.id),
            text=f"Who plays this Ballerina character? {quoted}",
            answer=member.actor,
            wrong=[
                (a, "") for a, _ in pick(f"described-actor:{member.id}", [(m.actor, m.id) for m in others])
            ],
            basis=[member.id],
            difficulty=Difficulty.HARD,
            forms=both_names(index, member, actor_first=True),
            explanation=f"{member.actor} plays {member.character}.",
        )
        if made:
            yield made
