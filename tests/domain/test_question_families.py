"""Every generated trivia question, checked against the data independently of the generator.

For each question: one right answer that the data makes right, three wrong answers the data
makes wrong, the spoiler level of everything it shows or rests on, the sources of what the
answer rests on, Discord-sized texts, typed forms that are accepted and wrong options that are
not. Then the pool as a whole: the target size, stable ids, no question giving away a spoiler
answer of another, and the tricky cases (two roles, two credits, a spoiler character).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

import msgspec
import pytest

from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain import figures
from bot.domain.content import CastMember, Content, CrewMember, FilmFact, SpoilerLevel, TriviaQuestion
from bot.domain.question_families import Generated, generate, generate_questions
from bot.domain.question_families import cast as cast_family
from bot.domain.question_families import crew as crew_family
from bot.domain.question_families.index import Index
from bot.domain.spoilers import DEFAULT_RULES, Audience, Redactor
from bot.domain.text import fold, mask_profanity, normalise_answer
from bot.domain.trivia import AnswerMatcher, eligible_questions

MAX_QUESTION = 300
MAX_OPTION = 80
TARGET = 400
NOW = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def generated(content: Content) -> tuple[Generated, ...]:
    return generate(content)


def rank(level: SpoilerLevel) -> int:
    return level.rank


def words(name: str) -> set[str]:
    return {w for w in fold(name).split() if len(w) >= 3 and w not in ("the", "young", "little", "and")}


def same_person(a: CastMember, b: CastMember) -> bool:
    return a.actor == b.actor or bool(words(a.character) & words(b.character))


class Data:
    """The content, looked up the way the checks need it (written apart from the generator)."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.items: dict[str, object] = {
            i.id: i for i in (*content.cast, *content.crew, *content.quotes, *content.film.facts)
        }
        self.cast = {c.id: c for c in content.cast}
        self.crew = {c.id: c for c in content.crew}
        self.quotes = {q.id: q for q in content.quotes}
        self.figures: dict[str, tuple[FilmFact, figures.Figure]] = {}
        for fact in content.film.facts:
            for n, figure in enumerate(fact.figures, start=1):
                key = fact.id if len(fact.figures) == 1 else f"{fact.id}-{n}"
                self.figures[key] = (fact, figure)
        self.events = {cap(f.event): (fact, f) for fact, f in self.figures.values()}

    def level(self, item_id: str) -> SpoilerLevel:
        return self.items[item_id].spoiler  # type: ignore[attr-defined, no-any-return]

    def cast_of(self, slug: str) -> CastMember:
        return self.cast[f"cast-{slug}"]

    def crew_of(self, slug: str) -> CrewMember:
        return self.crew[f"crew-{slug}"]

    def actor_entries(self, actor: str) -> list[CastMember]:
        return [c for c in self.content.cast if c.actor == actor]

    def character_entry(self, name: str) -> CastMember | None:
        for member in self.content.cast:
            if fold(name) in {fold(member.character), *(fold(a) for a in member.aliases)}:
                return member
        return None


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def stripped(text: str) -> str:
    return text.strip().rstrip(",").rstrip()


# --- per family: the right answer is right and the wrong ones are wrong, per the data ----------


def check_plays(d: Data, q: TriviaQuestion, slug: str) -> None:
    member = d.cast_of(slug)
    assert member.character in q.question and q.answer == member.actor
    for wrong in q.wrong_answers:
        entries = d.actor_entries(wrong)
        assert entries, f"{wrong} is not in the cast"
        assert not any(same_person(e, member) for e in entries), f"{wrong} also plays {member.character}"


def check_role(d: Data, q: TriviaQuestion, slug: str) -> None:
    member = d.cast_of(slug)
    assert member.actor in q.question and q.answer == member.character
    roles = d.actor_entries(member.actor)
    assert (len(roles) > 1) == q.needs_options, "an actor with two roles gets a 'which of these' question"
    for wrong in q.wrong_answers:
        entry = d.character_entry(wrong)
        assert entry is not None and not same_person(entry, member), wrong
        assert entry.actor != member.actor, f"{member.actor} also plays {wrong}"


def check_described(d: Data, q: TriviaQuestion, slug: str, *, actor: bool) -> None:
    member = d.cast_of(slug)
    assert member.description in q.question
    assert q.answer == (member.actor if actor else member.character)
    for name in words(member.character) | words(member.actor):  # it would give the answer away
        assert not re.search(rf"\b{name}", fold(member.description)), (name, member.description)
    for wrong in q.wrong_answers:
        entries = d.actor_entries(wrong) if actor else [e for e in [d.character_entry(wrong)] if e]
        assert entries and not any(same_person(e, member) for e in entries), wrong
        assert not any(e.description == member.description for e in entries), wrong


def check_said(d: Data, q: TriviaQuestion, slug: str) -> None:
    quote = d.quotes[f"quote-{slug}"]
    assert quote.as_quoted_in is None, "an unverified quote is never attributed as fact"
    assert stripped(mask_profanity(quote.text, quote.profanity_words)) in q.question
    assert q.answer == quote.speaker
    same_kind = {x.speaker for x in d.content.quotes if x.kind == quote.kind}
    for wrong in q.wrong_answers:
        assert wrong in same_kind, f"{wrong} is not a speaker of the same kind of source"
        said_it = [x for x in d.content.quotes if x.speaker == wrong and fold(x.text) == fold(quote.text)]
        assert not said_it, f"{wrong} is printed saying it too"


def check_said_which(d: Data, q: TriviaQuestion, slug: str) -> None:
    quote = d.quotes[f"quote-{slug}"]
    assert quote.as_quoted_in is None and quote.speaker in q.question
    assert q.answer == stripped(mask_profanity(quote.text, quote.profanity_words))
    for wrong in q.wrong_answers:
        by = [x for x in d.content.quotes if stripped(mask_profanity(x.text, x.profanity_words)) == wrong]
        assert by and all(x.speaker != quote.speaker and x.kind == quote.kind for x in by), wrong


def check_speaker_role(d: Data, q: TriviaQuestion, slug: str) -> None:
    quote = d.quotes[f"quote-{slug}"]
    assert quote.as_quoted_in is None
    if quote.kind == "dialogue":
        member = d.character_entry(quote.speaker)
        assert member is not None and q.answer == member.actor
        for wrong in q.wrong_answers:
            assert not any(same_person(e, member) for e in d.actor_entries(wrong)), wrong
        return
    roles = d.actor_entries(quote.speaker)
    if roles:
        assert len(roles) == 1 and q.answer == roles[0].character
        for wrong in q.wrong_answers:
            entry = d.character_entry(wrong)
            assert entry is not None and entry.actor != quote.speaker, wrong
        return
    credits = [c for c in d.content.crew if c.name == quote.speaker]
    assert len(credits) == 1 and q.answer == credits[0].job
    for wrong in q.wrong_answers:
        assert any(c.job == wrong for c in d.content.crew) and wrong not in {c.job for c in credits}


def check_job(d: Data, q: TriviaQuestion, slug: str) -> None:
    crew = d.crew_of(slug)
    assert crew.name in q.question and q.answer == crew.job
    own = {c.job for c in d.content.crew if fold(c.name) == fold(crew.name)}
    assert (len(own) > 1) == q.needs_options
    for wrong in q.wrong_answers:
        holders = [c for c in d.content.crew if c.job == wrong]
        assert holders and wrong not in own, wrong
        assert all(h.department != crew.department for h in holders), f"{wrong}: same department"


def check_credit(d: Data, q: TriviaQuestion, slug: str, *, shared: bool) -> None:
    crew = d.crew_of(slug)
    holders = [c for c in d.content.crew if c.job == crew.job]
    # A role that is not an on-screen credit is asked as what they did ("uncredited script work").
    assert (fold(crew.job) in fold(q.question) or "uncredited" in q.question) and q.answer == crew.name
    assert (len(holders) > 1) == shared
    for other in holders:
        if other is not crew:
            assert other.name in q.question
    for wrong in q.wrong_answers:
        credits = [c for c in d.content.crew if c.name == wrong]
        assert credits and all(c.job != crew.job for c in credits), wrong


def check_crew_note(d: Data, q: TriviaQuestion, slug: str) -> None:
    crew = d.crew_of(slug)
    assert crew.note and crew.note in q.question and q.answer == crew.name
    for wrong in q.wrong_answers:
        credits = [c for c in d.content.crew if c.name == wrong]
        assert credits and all(c.note != crew.note for c in credits), wrong
        assert not any(re.search(rf"\b{w}", fold(crew.note)) for w in words(wrong)), f"the note names {wrong}"


def check_figure(d: Data, q: TriviaQuestion, key: str) -> None:
    _fact, figure = d.figures[key]
    assert q.answer == figures.shown(figure.kind, figure.value)
    reported = {figures.shown(figure.kind, v) for v in (figure.value, *figure.also)}
    for wrong in q.wrong_answers:
        assert wrong not in reported, wrong
        if figure.kind in figures.SCALED:
            number = float(re.sub(r"[^\d.]", "", wrong.replace("US$", "")))
            for value in (figure.value, *figure.also):
                assert figures.gap(number, float(value)) >= 0.2, (wrong, value)


def check_figure_event(d: Data, q: TriviaQuestion, key: str) -> None:
    _fact, figure = d.figures[key]
    assert q.answer == cap(figure.event) and q.needs_options
    assert figures.shown(figure.kind, figure.value) in q.question
    for wrong in q.wrong_answers:
        _other_fact, other = d.events[wrong]
        if figures.is_dated(figure.kind):
            a, b = figures.span(figure), figures.span(other)
            assert a.last < b.first or b.last < a.first, f"{wrong} happened in those days too"
        else:
            assert other.kind is figure.kind
            assert figures.gap(float(other.value), float(figure.value)) >= 0.2, wrong


def check_order(d: Data, q: TriviaQuestion, direction: str) -> None:
    assert q.question == f"Which of these came {direction}?" and q.needs_options
    answer = figures.span(d.events[q.answer][1])
    for wrong in q.wrong_answers:
        other = figures.span(d.events[wrong][1])
        if direction == "first":
            assert answer.last < other.first, (q.answer, wrong)
        else:
            assert other.last < answer.first, (q.answer, wrong)


CHECKS: dict[str, Callable[[Data, TriviaQuestion, str], None]] = {
    "plays": check_plays,
    "role": check_role,
    "described": lambda d, q, s: check_described(d, q, s, actor=False),
    "said": check_said,
    "said-which": check_said_which,
    "speaker-role": check_speaker_role,
    "job": check_job,
    "credit": lambda d, q, s: check_credit(d, q, s, shared=False),
    "shared-credit": lambda d, q, s: check_credit(d, q, s, shared=True),
    "crew-note": check_crew_note,
    "figure": check_figure,
    "figure-event": check_figure_event,
    "first": lambda d, q, s: check_order(d, q, "first"),
    "last": lambda d, q, s: check_order(d, q, "last"),
}


def family_and_key(question_id: str) -> tuple[str, str]:
    rest = question_id.removeprefix("gen-")
    for family in sorted(CHECKS, key=len, reverse=True):
        if rest.startswith(family + "-"):
            return family, rest[len(family) + 1 :]
    raise AssertionError(f"{question_id}: no known family")


def test_every_question_is_right_per_the_data(content: Content, generated: tuple[Generated, ...]) -> None:
    d = Data(content)
    seen_families = set()
    for g in generated:
        family, key = family_and_key(g.question.id)
        assert family == g.family, g.question.id
        seen_families.add(family)
        try:
            CHECKS[family](d, g.question, key)
        except (AssertionError, KeyError) as exc:
            raise AssertionError(f"{g.question.id}: {exc}") from exc
    assert seen_families == set(CHECKS)


# --- shape, levels, sources ------------------------------------------------------------------


def test_every_question_fits_and_has_four_distinct_options(generated: tuple[Generated, ...]) -> None:
    for g in generated:
        q = g.question
        options = (q.answer, *q.wrong_answers)
        assert 0 < len(q.question) <= MAX_QUESTION, q.id
        assert all(0 < len(o) <= MAX_OPTION for o in options), q.id
        assert len({fold(o) for o in options}) == 4, q.id
        assert len({normalise_answer(o) for o in options}) == 4, q.id
        assert len(q.explanation) <= 600 and q.explanation, q.id
        assert "||" not in q.question + "".join(options)
        if q.question.startswith("Which of these") or " which of these?" in q.question:
            assert q.needs_options, f"{q.id}: a 'which of these' question cannot be typed"


def test_level_is_the_highest_of_everything_used_and_sources_are_attached(
    content: Content, generated: tuple[Generated, ...]
) -> None:
    d = Data(content)
    for g in generated:
        q = g.question
        assert g.basis, q.id
        assert q.spoiler is expected_level(d, g), q.id
        revealed = (*g.basis, *g.reveal_from)
        expected = list(dict.fromkeys(key for i in revealed for key in d.items[i].sources))  # type: ignore[attr-defined]
        assert list(q.sources) == expected and q.sources, q.id
        assert all(key in content.sources for key in q.sources), q.id


def test_no_option_names_something_above_the_questions_level(
    content: Content, generated: tuple[Generated, ...]
) -> None:
    # Independently of the provenance: any option that is a character name, a quote or an event
    # of some item carries that item's level.
    d = Data(content)
    level_of: dict[str, SpoilerLevel] = {}
    for member in content.cast:
        level_of[fold(member.character)] = member.spoiler
    for quote in content.quotes:
        level_of[fold(stripped(mask_profanity(quote.text, quote.profanity_words)))] = quote.spoiler
    for fact, figure in d.figures.values():
        level_of[fold(cap(figure.event))] = fact.spoiler
    for g in generated:
        for option in (g.question.answer, *g.question.wrong_answers):
            level = level_of.get(fold(option), SpoilerLevel.NONE)
            assert level.rank <= g.question.spoiler.rank, (g.question.id, option)


def test_ids_are_unique_stable_and_apart_from_the_curated_ones(
    content: Content, generated: tuple[Generated, ...]
) -> None:
    ids = [g.question.id for g in generated]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"gen-[a-z0-9]+(-[a-z0-9]+)*", i) and len(i) <= 100 for i in ids)
    assert not set(ids) & {q.id for q in content.trivia}
    assert "gen-plays-keanu-reeves" in ids  # the documented form: gen-<family>-<content id>


def test_same_content_gives_the_same_questions() -> None:
    # Two separate loads: nothing cached carries over, the output is rebuilt and must match.
    first = generate_questions(load_content(DEFAULT_DATA_DIR))
    second = generate_questions(load_content(DEFAULT_DATA_DIR))
    assert first == second
    assert [q.wrong_answers for q in first] == [q.wrong_answers for q in second]


def test_generated_questions_do_not_repeat_curated_ones(
    content: Content, generated: tuple[Generated, ...]
) -> None:
    curated = {fold(q.question) for q in content.trivia}
    assert not [g.question.id for g in generated if fold(g.question.question) in curated]
    assert "gen-plays-ana-de-armas" not in {g.question.id for g in generated}  # trivia-001 asks it


# --- typed answers ----------------------------------------------------------------------------


def test_typed_forms_are_accepted_and_wrong_options_are_not(generated: tuple[Generated, ...]) -> None:
    with_forms = 0
    for g in generated:
        q = g.question
        matcher = AnswerMatcher.for_question(q)
        assert matcher.matches(q.answer), q.id
        for form in q.accepted_answers:
            assert matcher.matches(form), (q.id, form)
        for wrong in q.wrong_answers:
            assert not matcher.matches(wrong), (q.id, wrong)
        with_forms += bool(q.accepted_answers)
    assert with_forms >= 50


def test_surnames_and_first_names_are_accepted(generated: tuple[Generated, ...]) -> None:
    by_id = {g.question.id: g.question for g in generated}

    def accepts(question_id: str, *typed: str) -> None:
        matcher = AnswerMatcher.for_question(by_id[question_id])
        assert all(matcher.matches(t) for t in typed), (
            question_id,
            [t for t in typed if not matcher.matches(t)],
        )

    accepts("gen-plays-keanu-reeves", "Keanu", "Reeves", "keanu reeves")
    accepts("gen-described-ian-mcshane", "Winston", "Winston Scott", "Scott")
    accepts("gen-described-catalina-sandino-moreno", "Lena")
    accepts("gen-said-film-04", "The Chancellor", "Chancellor")
    accepts("gen-credit-kevan-van-thompson", "Van Thompson", "Kevan")
    accepts("gen-figure-numbers-us-opening-2", "3409", "3,409")
    accepts("gen-figure-timeline-2024-additional-photography", "February 2024", "Feb 2024", "2024-02")
    # Ambiguous first names are not taken: "Daniel" is Daniel Bernhardt and Daniel Pine.
    pine = by_id["gen-described-norman-reedus"]
    assert "Daniel" not in pine.accepted_answers and not AnswerMatcher.for_question(pine).matches("Daniel")


# --- the pool ---------------------------------------------------------------------------------


@pytest.mark.parametrize("with_handwritten", [True, False])
def test_no_family_is_above_a_tenth_of_the_whole_pool(content: Content, with_handwritten: bool) -> None:
    # Without the hand-written questions the pool is smaller and the cap bites on more families.
    if not with_handwritten:
        content = msgspec.structs.replace(content, trivia=())
    generated = generate(content)
    total = len(content.trivia) + len(generated)
    # "Which of these came first?" and "…last?" are one template.
    families = Counter("first/last" if g.family in ("first", "last") else g.family for g in generated)
    assert families and max(families.values()) <= total // 10, families


def test_every_question_is_askable_at_the_default_setting(
    content: Content, generated: tuple[Generated, ...]
) -> None:
    # Default rules tag spoilers and /trivia start includes them: every level is askable.
    highest = Redactor(DEFAULT_RULES, Audience(channel_id=1), now=NOW).highest_allowed_level()
    pool = [*content.trivia, *(g.question for g in generated)]
    assert highest is SpoilerLevel.MAJOR
    assert len(eligible_questions(pool, None, highest)) == len(pool)


def spoiler_free_text(content: Content) -> str:
    """Everything shown at level none, folded: an answer found in it is no secret."""
    texts = [content.film.title, content.film.marketing_title, content.film.tagline]
    for member in content.cast:
        texts += [member.actor, member.description]
        if member.spoiler is SpoilerLevel.NONE:
            texts.append(member.character)
    for crew in content.crew:
        if crew.spoiler is SpoilerLevel.NONE:
            texts += [crew.name, crew.job, crew.note]
    for fact in content.film.facts:
        texts.append(fact.label)
        if fact.spoiler is SpoilerLevel.NONE:
            texts += [fact.value, *(f.event for f in fact.figures)]
    for quote in content.quotes:
        if quote.spoiler is SpoilerLevel.NONE:
            texts += [quote.speaker, quote.speaker_is, quote.text, quote.context]
    for question in content.trivia:
        if question.spoiler is SpoilerLevel.NONE:
            texts += [question.question, question.answer]
    return "\n".join(fold(t) for t in texts)


def test_no_question_gives_away_a_spoiler_answer_of_another(
    content: Content, generated: tuple[Generated, ...]
) -> None:
    pool = [*content.trivia, *(g.question for g in generated)]
    no_secret = spoiler_free_text(content)
    secrets = [
        (q.id, q.spoiler, fold(q.answer))
        for q in pool
        if q.spoiler is not SpoilerLevel.NONE and len(fold(q.answer)) >= 5 and fold(q.answer) not in no_secret
    ]
    assert {"trivia-064", "trivia-061"} <= {i for i, _, _ in secrets}  # "Eve's sister", the snow globe
    for question in (g.question for g in generated):
        shown = fold("\n".join((question.question, *question.wrong_answers)))
        for other_id, level, answer in secrets:
            if other_id != question.id and level.rank > question.spoiler.rank:
                assert answer not in shown, (question.id, "shows", other_id, answer)


# --- tricky content: two roles, two credits, shared credits, a spoiler character ---------------


def test_an_actor_with_two_roles_gets_one_right_answer(content: Content) -> None:
    lena = next(c for c in content.cast if c.character == "Lena")
    twin = msgspec.structs.replace(
        lena, id="cast-catalina-twin", character="Ines", aliases=(), description="x"
    )
    changed = msgspec.structs.replace(content, cast=(*content.cast, twin))
    questions = {q.id: q for q in generate_questions(changed)}
    index = Index.of(changed)
    for member in (lena, twin):
        made = cast_family.role_question(index, member)
        assert made is not None
        role = made.question
        assert role.needs_options
        assert not {"Lena", "Ines"} & set(role.wrong_answers)
    for q in questions.values():
        if q.id.startswith(("gen-plays-", "gen-described-actor-")) and q.answer != lena.actor:
            assert lena.actor not in q.wrong_answers or (
                "Lena" not in q.question and "Ines" not in q.question
            )
    check_all(changed)


def test_a_crew_member_with_two_credits_gets_one_right_answer(content: Content) -> None:
    bates = next(c for c in content.crew if c.name == "Tyler Bates")
    producer = msgspec.structs.replace(
        bates,
        id="crew-tyler-bates-song",
        job="Song producer",
        department="Songs",
        note="Produced the end-title song.",
        aliases=(),
    )
    changed = msgspec.structs.replace(content, crew=(*content.crew, producer))
    index = Index.of(changed)
    for entry in (bates, producer):
        made = crew_family.job_question(index, entry)
        assert made is not None
        job = made.question
        assert job.needs_options and "one of Tyler Bates' credits" in job.question
        assert not {"Composer", "Song producer"} & set(job.wrong_answers)
    check_all(changed)


def test_shared_credits_never_offer_a_holder_as_wrong(content: Content) -> None:
    editors = {c.name for c in content.crew if c.job == "Editor"}
    assert len(editors) == 3
    for q in generate_questions(content):
        if "“Editor”" in q.question:
            assert not editors & set(q.wrong_answers), q.id


def test_a_spoiler_character_raises_or_leaves_the_question(content: Content) -> None:
    hidden = tuple(
        msgspec.structs.replace(c, spoiler=SpoilerLevel.MAJOR) if c.character == "Nogi" else c
        for c in content.cast
    )
    changed = msgspec.structs.replace(content, cast=hidden)
    generated = generate(changed)
    for g in generated:
        shown = (g.question.question, g.question.answer, *g.question.wrong_answers)
        if any(re.search(r"\bNogi\b", text) for text in shown):
            assert g.question.spoiler is SpoilerLevel.MAJOR, g.question.id
    assert any(g.question.id == "gen-plays-sharon-duncan-brewster" for g in generated) is False or (
        next(g for g in generated if g.question.id == "gen-plays-sharon-duncan-brewster").question.spoiler
        is SpoilerLevel.MAJOR
    )
    check_all(changed)


def check_all(content: Content) -> None:
    d = Data(content)
    for g in generate(content):
        family, key = family_and_key(g.question.id)
        CHECKS[family](d, g.question, key)
        assert g.question.spoiler is expected_level(d, g), g.question.id


def expected_level(d: Data, g: Generated) -> SpoilerLevel:
    """The highest level of what the question rests on, shows and reveals; raised only by a shown
    context that tells more than its line (said during the attack on Eve's father: who attacks)."""
    level = max((d.level(i) for i in (*g.basis, *g.shown, *g.reveal_from)), key=rank)
    for item_id in g.reveal_from:
        quote = d.quotes.get(item_id)
        if quote and quote.context_spoiler and quote.context and quote.context in g.question.explanation:
            level = max(level, quote.context_spoiler, key=rank)
    return level


def test_a_typed_form_that_is_also_a_wrong_option_is_dropped(content: Content) -> None:
    # Give the director every other credit as a "job word": whichever credits are drawn as his
    # question's wrong options, typing one of them must still be wrong.
    others = tuple(c.job for c in content.crew if c.name != "Len Wiseman")
    crew = tuple(
        msgspec.structs.replace(c, job_words=(*c.job_words, *others)) if c.name == "Len Wiseman" else c
        for c in content.crew
    )
    changed = msgspec.structs.replace(content, crew=crew)
    made = crew_family.job_question(Index.of(changed), next(c for c in crew if c.name == "Len Wiseman"))
    assert made is not None
    question = made.question
    matcher = AnswerMatcher.for_question(question)
    assert not any(matcher.matches(w) for w in question.wrong_answers)
    assert "directed by" in question.accepted_answers  # the job words that are not wrong stay
