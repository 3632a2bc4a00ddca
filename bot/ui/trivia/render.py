"""Embeds for a trivia game: its start, each question, each reveal, the standings at its end.

Same rule as every renderer: text that can be a spoiler (a question, its options, the
answer, the explanation) goes only into an embed description or field value, always
through ``Redactor.apply``; titles, footers and field names carry spoiler-free text
only, and button labels are letters (see trivia/buttons). Mentions are rendered inside
embeds, where they never ping (and every send passes ``AllowedMentions.none()`` too).
Scores are in ``scores.py``, the moderators' views in ``moderators.py``, values in words in
``words.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet

import discord

from bot.domain import discord_limits as limits
from bot.domain.content import Content, SpoilerLevel, TriviaQuestion
from bot.domain.question_families.translated import asked_in, question_note, reveal_in
from bot.domain.spoilers import Action, Redactor
from bot.domain.text import truncate
from bot.domain.trivia.game import AskedQuestion, Ending, EndReason, Reveal, Standing, TriviaMode
from bot.domain.trivia.limits import IDLE_LIMIT, SPEED_BONUS_SHARE, TriviaSettings
from bot.domain.trivia.questions import is_custom_question
from bot.domain.trivia.selection import Shortfall
from bot.i18n import N_, _, ngettext
from bot.ui.lookup_render import source_footer
from bot.ui.style import BRAND_COLOUR
from bot.ui.trivia.words import difficulty_name, mode_name, player_name, points, spoiler_level_name

STANDINGS_SHOWN = 10
CUSTOM_SOURCE = N_("Added by this server's moderators")
MEDALS = ("🥇", "🥈", "🥉")


def _redact(redactor: Redactor, text: str, level: SpoilerLevel) -> str:
    # short=True: the long "withheld" hint talks about private replies, which trivia has not.
    return redactor.apply(text, level, short=True)


# --------------------------------------------------------------------------- a game


def spoiler_summary(redactor: Redactor, include: bool) -> str:
    if not include:
        return _("Spoiler questions: **excluded** for this game.")
    level = redactor.highest_allowed_level()
    if level is SpoilerLevel.NONE:
        return _("Spoiler questions: **not asked here** (this channel withholds spoilers).")
    if redactor.action(level) is Action.SHOW:
        return _("Spoiler questions: **included**, shown plainly in this channel.")
    return _("Spoiler questions: **included**, hidden in spoiler tags ||like this||.")


def _how_to_play(mode: TriviaMode, settings: TriviaSettings) -> str:
    best = settings.points + int(settings.points * SPEED_BONUS_SHARE)
    if mode is TriviaMode.CHOICE:
        text = ngettext(
            "You have **{seconds} seconds** per question (more for a long one, to read it): click the "
            "letter of your answer. One answer per question; a correct answer earns {points} point, up "
            "to {best} if you are quick.",
            "You have **{seconds} seconds** per question (more for a long one, to read it): click the "
            "letter of your answer. One answer per question; a correct answer earns {points} points, up "
            "to {best} if you are quick.",
            settings.points,
        )
    else:
        text = ngettext(
            "You have **{seconds} seconds** per question (more for a long one, to read it): press "
            "**Answer** and type it (small typos are fine). One answer per question; a correct answer "
            "earns {points} point, up to {best} if you are quick.",
            "You have **{seconds} seconds** per question (more for a long one, to read it): press "
            "**Answer** and type it (small typos are fine). One answer per question; a correct answer "
            "earns {points} points, up to {best} if you are quick.",
            settings.points,
        )
    return text.format(seconds=settings.time_limit, points=points(settings.points), best=points(best))


def start_embed(
    *,
    starter_id: int,
    total: int,
    requested: int,
    mode: TriviaMode,
    difficulty: str,
    settings: TriviaSettings,
    spoilers: str,
) -> discord.Embed:
    started = ngettext(
        "<@{starter}> started a game of **{count} question** "
        "(difficulty: **{difficulty}**, mode: **{mode}**).",
        "<@{starter}> started a game of **{count} questions** "
        "(difficulty: **{difficulty}**, mode: **{mode}**).",
        total,
    )
    lines = [
        started.format(
            starter=starter_id, count=total, difficulty=difficulty_name(difficulty), mode=mode_name(mode)
        ),
        _how_to_play(mode, settings),
        spoilers,
    ]
    if total < requested:
        only = ngettext(
            "⚠️ Only {count} question matches these options, so this game has {count} instead of {requested}.",
            "⚠️ Only {count} questions match these options, so this game has {count} instead of {requested}.",
            total,
        )
        lines.append(only.format(count=total, requested=requested))
    # i18n: limit 256
    title = _("Ballerina trivia")
    embed = discord.Embed(title=title, description="\n\n".join(lines), colour=BRAND_COLOUR)
    # i18n: limit 2048
    embed.set_footer(text=_("/trivia stop ends the game · /trivia leaderboard shows the scores"))
    return embed


def question_title(number: int, total: int) -> str:
    # i18n: limit 256
    return _("Question {number} of {total}").format(number=number, total=total)


def question_embed(
    asked: AskedQuestion,
    number: int,
    total: int,
    redactor: Redactor,
    *,
    closes_at: int,
) -> discord.Embed:
    asked = asked_in(asked)  # its text in the language of the moment (the options keep their letters)
    question = asked.question
    level = question.spoiler
    lines = []
    if level is not SpoilerLevel.NONE and redactor.action(level) is not Action.SHOW:
        lines.append(_("⚠️ *Spoiler question ({level})*").format(level=spoiler_level_name(level)))
    lines.append(f"**{_redact(redactor, question.question, level)}**")
    if asked.mode is TriviaMode.CHOICE:
        lines.append("")
        lines.extend(
            f"**{letter}.** {_redact(redactor, text, level)}" for letter, text in asked.lettered_options()
        )
    lines.append("")
    lines.append(_("Closes <t:{closes_at}:R>.").format(closes_at=closes_at))
    embed = discord.Embed(
        title=question_title(number, total),
        description=truncate("\n".join(lines), limits.EMBED_DESCRIPTION),
        colour=BRAND_COLOUR,
    )
    difficulty = difficulty_name(question.difficulty.value)
    if asked.mode is TriviaMode.CHOICE:
        # i18n: limit 2048
        footer = _("Click a letter · difficulty: {difficulty} · one answer each")
    else:
        # i18n: limit 2048
        footer = _("Press Answer and type your answer · difficulty: {difficulty} · one answer each")
    footer = footer.format(difficulty=difficulty)
    note = question_note(question)
    embed.set_footer(text=f"{footer}\n{note}" if note else footer)
    return embed


def question_source(content: Content, question: TriviaQuestion, redactor: Redactor) -> str:
    if is_custom_question(question.id):
        return _(CUSTOM_SOURCE)
    return source_footer(content, question.sources, redactor)


def _and_more(rest: int) -> str:
    return _("…and {count} more").format(count=rest)


def winner_lines(
    winners: Sequence[tuple[int, int]], streaks: Mapping[int, int], hidden: AbstractSet[int] = frozenset()
) -> str:
    """``<@id> +142 🔥 3 in a row`` lines that fit one field value, then "…and N more"."""
    lines: list[str] = []
    size = 0
    for shown, (user_id, earned) in enumerate(winners):
        streak = streaks.get(user_id, 0)
        name, score = player_name(user_id, hidden), points(earned)
        if streak >= 2:  # in words, not the emoji alone
            line = _("{player} +{points} 🔥 {streak} in a row").format(
                player=name, points=score, streak=streak
            )
        else:
            line = f"{name} +{score}"
        rest = len(winners) - shown - 1
        reserve = len("\n" + _and_more(rest)) if rest else 0
        if size + len(line) + 1 + reserve > limits.EMBED_FIELD_VALUE:
            lines.append(_and_more(len(winners) - shown))
            break
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def missed_line(missed: Sequence[int], hidden: AbstractSet[int], answer: str, letter: str | None) -> str:
    """Who answered wrong, in words: "<@a>, <@b> — the answer was **B.** …", within one field value."""
    if letter:
        template = _("{players} — the answer was **{letter}.** {answer}")
    else:
        template = _("{players} — the answer was {answer}")
    room = limits.EMBED_FIELD_VALUE - len(template.format(players="", letter=letter, answer=answer))
    names: list[str] = []
    size = 0
    for shown, user_id in enumerate(missed):
        name = player_name(user_id, hidden)
        rest = len(missed) - shown - 1
        reserve = len(", " + _and_more(rest)) if rest else 0
        if size + len(name) + 2 + reserve > room:
            names.append(_and_more(len(missed) - shown))
            break
        names.append(name)
        size += len(name) + 2
    return truncate(
        template.format(players=", ".join(names), letter=letter, answer=answer), limits.EMBED_FIELD_VALUE
    )


def reveal_embed(
    reveal: Reveal,
    number: int,
    total: int,
    redactor: Redactor,
    *,
    source: str,
    hidden: AbstractSet[int] = frozenset(),
) -> discord.Embed:
    """The answer, then each player's result in words: "Got it right" or "Not this time"."""
    reveal = reveal_in(reveal)  # in the language of the moment
    question = reveal.question
    level = question.spoiler
    answer = _redact(redactor, reveal.correct_text, level)
    if reveal.correct_letter:
        said = _("The answer was **{letter}.** {answer}").format(letter=reveal.correct_letter, answer=answer)
    else:
        said = _("The answer was {answer}").format(answer=answer)
    lines = [said]
    if question.explanation:
        lines.append(_redact(redactor, question.explanation, level))
    embed = discord.Embed(
        # i18n: limit 256
        title=_("Question {number} of {total}: the answer").format(number=number, total=total),
        description=truncate("\n\n".join(lines), limits.EMBED_DESCRIPTION),
        colour=BRAND_COLOUR,
    )
    if reveal.winners:
        embed.add_field(
            # i18n: limit 256
            name=_("Got it right ({correct} of {answered})").format(
                correct=reveal.correct_count, answered=reveal.answered_count
            ),
            value=winner_lines(reveal.winners, reveal.streaks, hidden),
            inline=False,
        )
    elif reveal.answered_count:
        nobody = ngettext(
            "Nobody this time ({count} answer).", "Nobody this time ({count} answers).", reveal.answered_count
        )
        # i18n: limit 256
        got_it = _("Got it right")
        embed.add_field(name=got_it, value=nobody.format(count=reveal.answered_count), inline=False)
    else:
        left = IDLE_LIMIT - reveal.idle_questions
        value = _("Nobody answered.")
        if left == 1 and number < total:
            value = _("Nobody answered. The game ends if the next question gets no answer either.")
        elif 1 < left < IDLE_LIMIT and number + left <= total:
            value = _("Nobody answered. The game ends if the next {count} questions get no answers either.")
            value = value.format(count=left)
        embed.add_field(name=_("Got it right"), value=value, inline=False)
    if reveal.missed:
        embed.add_field(
            # i18n: limit 256
            name=_("Not this time ({count})").format(count=len(reveal.missed)),
            value=missed_line(reveal.missed, hidden, answer, reveal.correct_letter),
            inline=False,
        )
    footer = source or _(CUSTOM_SOURCE)
    if number < total and reveal.idle_questions < IDLE_LIMIT:  # an idle game ends with this reveal
        # i18n: limit 2048
        footer = _("{source} · next question in a few seconds").format(source=footer)
    if note := question_note(question):
        footer += f"\n{note}"
    embed.set_footer(text=truncate(footer, limits.EMBED_FOOTER))
    return embed


END_TITLES = {
    # i18n: limit 256
    EndReason.FINISHED: N_("Trivia over: final standings"),
    # i18n: limit 256
    EndReason.STOPPED: N_("Trivia stopped"),
    # i18n: limit 256
    EndReason.IDLE: N_("Trivia ended: nobody is answering"),
    # i18n: limit 256
    EndReason.ERROR: N_("Trivia ended: something went wrong"),
    # i18n: limit 256
    EndReason.CANCELLED: N_("Trivia interrupted"),
}
# i18n: limit 2000
FAILURE_TEXT = N_("Something went wrong with this game; it has ended. The scores so far are kept.")


def _score(s: Standing) -> str:
    if s.best_streak >= 2:
        text = ngettext(
            "**{points}** point ({correct}/{answered} correct · best streak {streak})",
            "**{points}** points ({correct}/{answered} correct · best streak {streak})",
            s.points,
        )
    else:
        text = ngettext(
            "**{points}** point ({correct}/{answered} correct)",
            "**{points}** points ({correct}/{answered} correct)",
            s.points,
        )
    return text.format(points=points(s.points), correct=s.correct, answered=s.answered, streak=s.best_streak)


def standings_lines(
    standings: Sequence[Standing], limit: int = STANDINGS_SHOWN, hidden: AbstractSet[int] = frozenset()
) -> list[str]:
    lines = []
    for place, s in enumerate(standings[:limit], start=1):
        # The place in words too: a medal alone says nothing to a screen reader.
        rank = f"{MEDALS[place - 1]} {place}." if place <= len(MEDALS) and s.points > 0 else f"{place}."
        lines.append(f"{rank} {player_name(s.user_id, hidden)} — {_score(s)}")
    if len(standings) > limit:
        more = len(standings) - limit
        rest = ngettext(
            "…and {count} more player ({total} in all)", "…and {count} more players ({total} in all)", more
        )
        lines.append(rest.format(count=more, total=len(standings)))
    return lines


def _end_intro(ending: Ending) -> str:
    reason, total, asked, stopped_by = ending.reason, ending.total, ending.asked, ending.stopped_by
    if reason is EndReason.FINISHED:
        return ngettext("All {count} question played.", "All {count} questions played.", total).format(
            count=total
        )
    if reason is EndReason.STOPPED and stopped_by:
        text = ngettext(
            "<@{member}> stopped the game after {count} question.",
            "<@{member}> stopped the game after {count} questions.",
            asked,
        )
        return text.format(member=stopped_by, count=asked)
    if reason is EndReason.STOPPED:
        text = ngettext(
            "The game was stopped after {count} question.",
            "The game was stopped after {count} questions.",
            asked,
        )
        return text.format(count=asked)
    if reason is EndReason.IDLE:
        return _("Nobody answered {count} questions in a row, so the game ended by itself.").format(
            count=IDLE_LIMIT
        )
    if reason is EndReason.ERROR:
        return _(FAILURE_TEXT)
    return _("The game was interrupted. The scores so far are kept.")


def end_embed(ending: Ending, hidden: AbstractSet[int] = frozenset()) -> discord.Embed:
    lines = [_end_intro(ending), ""]
    lines += standings_lines(ending.standings, hidden=hidden) or [_("Nobody answered a question.")]
    winners = ending.winners
    if ending.reason is EndReason.FINISHED and winners:
        names = ", ".join(player_name(w.user_id, hidden) for w in winners)
        won = _("🏆 Winners (a tie): {names}") if len(winners) > 1 else _("🏆 Winner: {names}")
        lines += ["", won.format(names=names)]
    embed = discord.Embed(
        title=_(END_TITLES[ending.reason]),
        description=truncate("\n".join(lines), limits.EMBED_DESCRIPTION),
        colour=BRAND_COLOUR,
    )
    # i18n: limit 2048
    footer = _("Scores are saved: /trivia leaderboard · /trivia stats · /trivia start to play again")
    embed.set_footer(text=footer)
    return embed


def _shortfall_reason(short: Shortfall, source: str) -> str:
    if short.by_spoilers and short.spoilers_excluded:
        return _("Questions free of spoilers ({which}): {available}; a game needs {wanted}.")
    if short.by_spoilers:
        return _(
            "Questions allowed by this channel's spoiler rules ({which}): {available}; a game needs {wanted}."
        )
    if source == "curated":
        return _(
            "Questions among the film's hand-written ones and this server's own ({which}): {available}; "
            "a game needs {wanted}."
        )
    if source == "generated":
        return _("Questions among the generated ones ({which}): {available}; a game needs {wanted}.")
    return _("Questions available here ({which}): {available}; a game needs {wanted}.")


def shortfall_message(short: Shortfall, source: str = "both") -> str:
    """Why a game of one difficulty did not start, and what to try instead (shown only to the starter).

    "Questions allowed by this channel's spoiler rules (difficulty: easy): 7; a game needs 10. Try
    fewer questions or another difficulty."
    """
    difficulty = difficulty_name(short.difficulty.value)
    if short.typed:
        which = _("difficulty: {difficulty}, answerable by typing").format(difficulty=difficulty)
    else:
        which = _("difficulty: {difficulty}").format(difficulty=difficulty)
    why = _shortfall_reason(short, source).format(which=which, available=short.available, wanted=short.wanted)
    if short.by_spoilers and short.spoilers_excluded:
        return _("{reason} Try fewer questions, `spoilers: include`, or another difficulty.").format(
            reason=why
        )
    return _("{reason} Try fewer questions or another difficulty.").format(reason=why)
