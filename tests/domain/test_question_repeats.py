"""A hand-written question's reveal counts as asking what it tells, and notes are asked of people."""

from __future__ import annotations

import msgspec

from bot.domain.content import Content, Difficulty, TriviaQuestion
from bot.domain.question_families import generate

REEDUS_LINE = "quote-press-19"  # Norman Reedus: "He shows up in human form. In human form."


def _with_only(
    content: Content, explanation: str, *, about_reedus: bool = True, rests_on: tuple[str, ...] = ()
) -> Content:
    question = TriviaQuestion(
        id="trivia-900",
        question="Which character does Norman Reedus play?" if about_reedus else "Where were reshoots?",
        answer="Daniel Pine" if about_reedus else "Budapest",
        wrong_answers=("Frank", "Javier", "Charon") if about_reedus else ("Warsaw", "Vienna", "Bratislava"),
        difficulty=Difficulty.EASY,
        explanation=explanation,
        sources=(),
        rests_on=rests_on,
    )
    return msgspec.structs.replace(content, trivia=(question,))


def _asks_about(content: Content, quote_id: str) -> bool:
    return any(quote_id in g.basis for g in generate(content))


def test_a_line_the_reveal_quotes_with_its_speaker_is_not_asked_again(content: Content) -> None:
    assert _asks_about(_with_only(content, "Reedus was asked about his character."), REEDUS_LINE)
    told = _with_only(content, "Asked by IGN about Wick, Reedus said: 'He shows up in human form.'")
    assert not _asks_about(told, REEDUS_LINE)
    declared = msgspec.structs.replace(
        told, trivia=(msgspec.structs.replace(told.trivia[0], rests_on=("cast-norman-reedus",)),)
    )
    assert not _asks_about(declared, REEDUS_LINE)  # with its facts declared too
    # Five words in a row are the line; fewer are not.
    assert not _asks_about(_with_only(content, "Reedus: Wick 'shows up in human form'."), REEDUS_LINE)
    assert _asks_about(_with_only(content, "Reedus: Wick comes 'in human form'."), REEDUS_LINE)


def test_a_line_the_reveal_quotes_without_its_speaker_is_still_asked(content: Content) -> None:
    # "Who said it?" is still a question when the reveal only quotes it.
    quoted = _with_only(content, "Someone said: 'He shows up in human form.'", about_reedus=False)
    assert _asks_about(quoted, REEDUS_LINE)
    named = _with_only(content, "Norman Reedus said: 'He shows up in human form.'", about_reedus=False)
    assert not _asks_about(named, REEDUS_LINE)


def test_the_pool_asks_no_line_a_hand_written_reveal_tells(content: Content) -> None:
    by_id = {q.id: q for q in content.trivia}
    assert "He shows up in human form" in by_id["trivia-018"].explanation
    assert not _asks_about(content, REEDUS_LINE)


def test_who_on_the_crew_is_asked_only_of_a_person(content: Content) -> None:
    notes = {g.question.id: g.question for g in generate(content) if g.family == "crew-note"}
    assert "gen-crew-note-len-wiseman" in notes
    # A song's note ("The first original song revealed…") and a company's are not a person's.
    assert "gen-crew-note-halsey-amy-lee" not in notes
    assert "gen-crew-note-87eleven" not in notes
    assert all(" and " not in q.answer and not q.answer[:1].isdigit() for q in notes.values())
