"""``ballerina-bot questions``: the film's trivia pool, for moderators and maintainers.

One block per question (id, family, difficulty, spoiler level, sources, then its reveal wrapped
to the terminal, at most three lines), or ``--json`` (everything, in full), or ``--summary``
(counts per family and difficulty). ``--family``, ``--difficulty`` and ``--spoiler`` filter all
three; ``--sample N --seed S`` then draws N of them at random, the same N for the same seed and
pool (for an audit that others can repeat). Reads ``data/`` only: no database, no network. The
server's own questions are not listed (they live in each server's database; ``/trivia questions``
shows them there).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.cli.common import EXIT_CONFIG, EXIT_OK, CommandFailed
from bot.content.loader import DEFAULT_DATA_DIR, ContentError, load_content
from bot.domain.content import Content, Difficulty, SpoilerLevel, TriviaQuestion
from bot.domain.question_families import generate
from bot.domain.trivia.knowledge import AnswerKnowledge

CURATED = "curated"  # the family of data/trivia.yaml's hand-written questions
REVEAL_LINES = 3


@dataclass(frozen=True, slots=True)
class Listed:
    question: TriviaQuestion
    family: str


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "questions",
        help="list the film's trivia questions (id, family, difficulty, spoilers, sources, reveal)",
    )
    parser.add_argument("--family", action="append", metavar="NAME", help="only this family (repeatable)")
    parser.add_argument("--difficulty", choices=[d.value for d in Difficulty], help="only this difficulty")
    parser.add_argument("--spoiler", choices=[s.value for s in SpoilerLevel], help="only this spoiler level")
    parser.add_argument(
        "--sample", type=int, metavar="N", help="N questions drawn at random from those chosen"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="the draw's seed (default 0)")
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="every field in full, as JSON")
    shown.add_argument("--summary", action="store_true", help="counts per family and difficulty")
    parser.set_defaults(handler=questions_command)


def pool(content: Content) -> list[Listed]:
    """The film's questions as a game draws them: hand-written first, then generated."""
    return [
        *(Listed(q, CURATED) for q in content.trivia),
        *(Listed(g.question, g.family) for g in generate(content)),
    ]


def questions_command(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    try:
        content = load_content(DEFAULT_DATA_DIR)
    except ContentError as exc:
        raise CommandFailed(f"content: {exc}", EXIT_CONFIG) from None
    listed = pool(content)
    families = sorted({item.family for item in listed})
    unknown = sorted(set(args.family or ()) - set(families))
    if unknown:
        raise CommandFailed(
            f"No family {', '.join(unknown)}; the families are: {', '.join(families)}.", EXIT_CONFIG
        )
    chosen = [
        item
        for item in listed
        if (not args.family or item.family in args.family)
        and (args.difficulty is None or item.question.difficulty == args.difficulty)
        and (args.spoiler is None or item.question.spoiler == args.spoiler)
    ]
    if args.sample is not None:
        if args.sample < 1:
            raise CommandFailed("--sample needs a number of questions, 1 or more.", EXIT_CONFIG)
        chosen = draw(chosen, args.sample, args.seed)
    if args.json:
        knowledge = AnswerKnowledge.of(content)
        text = json.dumps([as_json(item, knowledge) for item in chosen], indent=2, ensure_ascii=False)
    elif args.summary:
        text = summary(chosen)
    else:
        width = max(60, shutil.get_terminal_size((100, 24)).columns)
        text = "\n".join(
            [*(block(item, width) for item in chosen), f"{len(chosen)} of {len(listed)} questions."]
        )
    try:
        print(text, flush=True)
    except BrokenPipeError:  # `| head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
    return EXIT_OK


def draw(items: Sequence[Listed], n: int, seed: int) -> list[Listed]:
    """``n`` of ``items`` (all when fewer) drawn with ``seed``: ordered by id first, so the draw
    depends on the pool and the seed, not on the order families are generated in."""
    ordered = sorted(items, key=lambda item: item.question.id)
    return random.Random(seed).sample(ordered, min(n, len(ordered)))


def plain(text: str) -> str:
    """One line, no control characters: nothing in the data can move the cursor or clear a screen."""
    return " ".join("".join(c if unicodedata.category(c) not in ("Cc", "Cf") else " " for c in text).split())


def block(item: Listed, width: int) -> str:
    q = item.question
    sources = ", ".join(q.sources) or "-"
    head = plain(f"{q.id} {item.family} · {q.difficulty} · spoiler {q.spoiler} · sources: {sources}")
    head = textwrap.shorten(head, width, placeholder=" …") if len(head) > width else head
    reveal = plain(q.explanation) or "(no reveal)"
    lines = textwrap.wrap(reveal, width - 4, max_lines=REVEAL_LINES, placeholder=" …")
    return "\n".join([head, *(f"    {line}" for line in lines)])


def as_json(item: Listed, knowledge: AnswerKnowledge) -> dict[str, object]:
    q = item.question
    return {
        "id": q.id,
        "family": item.family,
        "difficulty": q.difficulty.value,
        "spoiler": q.spoiler.value,
        "sources": list(q.sources),
        "reveal": q.explanation,
        "question": q.question,
        "answer": q.answer,
        "accepted_answers": list(q.accepted_answers),
        "wrong_answers": list(q.wrong_answers),
        "answer_kind": knowledge.kind_of(q).value,  # declared, or as the matcher works it out
        "needs_options": q.needs_options,
    }


def summary(items: Sequence[Listed]) -> str:
    """Counts per family (rows) and difficulty (columns), with each family's share of the total."""
    counts = Counter((item.family, item.question.difficulty) for item in items)
    families = sorted({item.family for item in items})
    levels = list(Difficulty)
    name_width = max([len("family"), len("total"), *map(len, families)])
    header = (
        f"{'family':<{name_width}}" + "".join(f"{d.value:>8}" for d in levels) + f"{'total':>8}{'share':>8}"
    )
    total = len(items) or 1
    rows = [header]
    for family in families:
        cells = [counts[(family, d)] for d in levels]
        share = f"{100 * sum(cells) / total:.0f}%"
        rows.append(
            f"{family:<{name_width}}" + "".join(f"{n:>8}" for n in cells) + f"{sum(cells):>8}{share:>8}"
        )
    totals = [sum(counts[(f, d)] for f in families) for d in levels]
    rows.append(f"{'total':<{name_width}}" + "".join(f"{n:>8}" for n in totals) + f"{len(items):>8}{'':>8}")
    return "\n".join(rows)
