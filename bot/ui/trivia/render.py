"""Embeds for trivia: the start, each question, each reveal, the standings, scores and settings.

Same rule as every renderer: text that can be a spoiler (a question, its options, the
answer, the explanation) goes only into an embed description or field value, always
through ``Redactor.apply``; titles, footers and field names carry spoiler-free text
only, and button labels are letters (see trivia/buttons). Mentions are rendered inside
embeds, where they never ping (and every send passes ``AllowedMentions.none()`` too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet

import discord

from bot.domain.content import Content, SpoilerLevel, TriviaQuestion
from bot.domain.records import CustomQuestion, LeaderboardRow, MemberStats
from bot.domain.spoilers import Action, Redactor
from bot.domain.text import escape_markdown, spoiler_tag, truncate
from bot.domain.trivia.game import AskedQuestion, Ending, EndReason, Reveal, Standing, TriviaMode
from bot.domain.trivia.limits import (
    IDLE_LIMIT,
    POINTS,
    QUESTION_COUNT,
    SPEED_BONUS_SHARE,
    TIME_LIMIT,
    TriviaSettings,
)
from bot.domain.trivia.questions import is_custom_question
from bot.domain.trivia.selection import Shortfall
from bot.i18n import N_, _, ngettext, pgettext
from bot.i18n.formatting import number as format_number
from bot.ui.lookup_render import FIELD_VALUE_LIMIT, source_footer
from bot.ui.paginator import list_pages
from bot.ui.style import BRAND_COLOUR

DESCRIPTION_LIMIT = 4096
STANDINGS_SHOWN = 10
# A member who stays off public leaderboards (/privacy leaderboard).
HIDDEN_PLAYER = N_("a hidden player")
CUSTOM_SOURCE = N_("Added by this server's moderators")
MEDALS = ("🥇", "🥈", "🥉")
PERIOD_TITLES = {
    # i18n: limit 256
    "all": N_("Trivia leaderboard: all time"),
    # i18n: limit 256
    "month": N_("Trivia leaderboard: the last 30 days"),
    # i18n: limit 256
    "week": N_("Trivia leaderboard: the last 7 days"),
}


def points(n: int) -> str:
    """A score as the language of the moment writes numbers: 1,234 · 1.234 · 1 234."""
    return format_number(n)


def _redact(redactor: Redactor, text: str, level: SpoilerLevel) -> str:
    # short=True: the long "withheld" hint talks about private replies, which trivia has not.
    return redactor.apply(text, level, short=True)


# --------------------------------------------------------------------------- words for values


def difficulty_name(value: str) -> str:
    """A difficulty ("easy", ..., "mixed") in the language of the moment; its key stays English."""
    if value == "easy":
        return pgettext("difficulty", "easy")
    if value == "medium":
        return pgettext("difficulty", "medium")
    if value == "hard":
        return pgettext("difficulty", "hard")
    if value == "mixed":
        return pgettext("difficulty", "mixed")
    return value


def mode_name(mode: TriviaMode) -> str:
    if mode is TriviaMode.CHOICE:
        return pgettext("trivia mode", "choice")
    return pgettext("trivia mode", "typed")


def spoiler_level_name(level: SpoilerLevel) -> str:
    """"minor" or "major" (a question's spoiler level), in the language of the moment."""
    if level is SpoilerLevel.MAJOR:
        return pgettext("spoiler level", "major")
    return pgettext("spoiler level", "minor")


def spoiler_label(level: SpoilerLevel) -> str:
    """ "no spoiler", "minor spoiler", "major spoiler": how much of the film a question gives away."""
    if level is SpoilerLevel.MINOR:
        return _("minor spoiler")
    if level is SpoilerLevel.MAJOR:
        return _("major spoiler")
    return _("no spoiler")


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
        description=truncate("\n".join(lines), DESCRIPTION_LIMIT),
        colour=BRAND_COLOUR,
    )
    difficulty = difficulty_name(question.difficulty.value)
    if asked.mode is TriviaMode.CHOICE:
        # i18n: limit 2048
        footer = _("Click a letter · difficulty: {difficulty} · one answer each")
    else:
        # i18n: limit 2048
        footer = _("Press Answer and type your answer · difficulty: {difficulty} · one answer each")
    embed.set_footer(text=footer.format(difficulty=difficulty))
    return embed


def question_source(content: Content, question: TriviaQuestion, redactor: Redactor) -> str:
    if is_custom_question(question.id):
        return _(CUSTOM_SOURCE)
    return source_footer(content, question.sources, redactor)


def player_name(user_id: int, hidden: AbstractSet[int]) -> str:
    """A player next to a score in public: their mention, or HIDDEN_PLAYER if they asked (/privacy)."""
    return _(HIDDEN_PLAYER) if user_id in hidden else f"<@{user_id}>"


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
        if size + len(line) + 1 + reserve > FIELD_VALUE_LIMIT:
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
    room = FIELD_VALUE_LIMIT - len(template.format(players="", letter=letter, answer=answer))
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
        template.format(players=", ".join(names), letter=letter, answer=answer), FIELD_VALUE_LIMIT
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
        description=truncate("\n\n".join(lines), DESCRIPTION_LIMIT),
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
    embed.set_footer(text=truncate(footer, 2048))
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
        rank = MEDALS[place - 1] if place <= len(MEDALS) and s.points > 0 else f"{place}."
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
        description=truncate("\n".join(lines), DESCRIPTION_LIMIT),
        colour=BRAND_COLOUR,
    )
    # i18n: limit 2048
    footer = _("Scores are saved: /trivia leaderboard · /trivia stats · /trivia start to play again")
    embed.set_footer(text=footer)
    return embed


# --------------------------------------------------------------------------- scores


def leaderboard_pages(
    rows: Sequence[LeaderboardRow], *, period: str, players: int, per_page: int = 10
) -> list[discord.Embed]:
    title = _(PERIOD_TITLES.get(period, PERIOD_TITLES["all"]))
    if not rows:
        embed = discord.Embed(
            title=title,
            description=_("Nobody has scored in this period yet. Start a game with `/trivia start`."),
            colour=BRAND_COLOUR,
        )
        return [embed]
    lines = []
    for place, row in enumerate(rows, start=1):
        line = ngettext(
            "{place}. <@{member}> — {points} point ({correct} correct)",
            "{place}. <@{member}> — {points} points ({correct} correct)",
            row.points,
        )
        lines.append(
            line.format(
                place=place, member=row.user_id, points=points(row.points), correct=points(row.correct)
            )
        )
    if players > len(rows):
        # i18n: limit 2000
        shown = _("top {shown} of {players} · /trivia stats for details").format(
            shown=len(rows), players=points(players)
        )
    else:
        shown = ngettext(
            "{count} player · /trivia stats for details",
            "{count} players · /trivia stats for details",
            players,
        ).format(count=points(players))
    return list_pages(title, lines, shown, max_lines=per_page)


def stats_embed(
    user_id: int, name: str, stats: MemberStats, rank: int | None, players: int, *, hidden: bool = False
) -> discord.Embed:
    title = _("Trivia stats: {name}").format(name=name)
    embed = discord.Embed(title=truncate(title, 256), colour=BRAND_COLOUR)
    if stats.answered == 0:
        embed.description = _("<@{member}> has not answered a trivia question in this server yet.").format(
            member=user_id
        )
        return embed
    accuracy = round(100 * stats.correct / stats.answered)
    embed.description = f"<@{user_id}>"
    # i18n: limit 256
    embed.add_field(name=_("Points"), value=points(stats.points))
    # i18n: limit 256
    rank_name = _("Rank")
    if hidden:  # ``players`` counts those shown; a hidden member would be one more
        shown_as = _("hidden (#{rank} of {players} if shown)").format(rank=rank, players=points(players + 1))
        embed.add_field(name=rank_name, value=shown_as if rank else _("hidden"))
    else:
        place = _("#{rank} of {players}").format(rank=rank, players=points(players))
        embed.add_field(name=rank_name, value=place if rank else "—")
    accuracy_value = _("{percent}% ({correct} of {answered})").format(
        percent=accuracy, correct=points(stats.correct), answered=points(stats.answered)
    )
    # i18n: limit 256
    embed.add_field(name=_("Accuracy"), value=accuracy_value)
    # i18n: limit 256
    embed.add_field(name=_("Games played"), value=points(stats.games_played))
    # i18n: limit 256
    embed.add_field(name=_("Games won"), value=points(stats.games_won))
    streak = ngettext("{count} correct answer", "{count} correct answers", stats.best_streak)
    # i18n: limit 256
    embed.add_field(name=_("Best streak"), value=streak.format(count=points(stats.best_streak)))
    # i18n: limit 2048
    footer = _("All-time numbers for this server. A game counts as won when all its questions were played.")
    embed.set_footer(text=footer)
    return embed


# --------------------------------------------------------------------------- moderators


def _moderator_text(redactor: Redactor, text: str, level: SpoilerLevel) -> str:
    """Moderators see their own questions, but spoilers stay tagged unless the policy shows them plainly."""
    text = escape_markdown(text)  # shown as typed: the moderator's markdown cannot act on the message
    return text if redactor.allows_plain(level) else spoiler_tag(text)


def custom_question_pages(
    rows: Sequence[CustomQuestion], redactor: Redactor, *, limit: int
) -> list[discord.Embed]:
    # i18n: limit 256
    title = _("This server's trivia questions ({count} of {limit})").format(count=len(rows), limit=limit)
    if not rows:
        return [
            discord.Embed(
                title=title,
                description=_(
                    "None yet. Add one with `/trivia add`; it joins the film's questions in games."
                ),
                colour=BRAND_COLOUR,
            )
        ]
    entries = []
    template = _(
        "**#{number}** · {difficulty} · {spoiler} · by <@{author}>\n"
        "{question}\n"
        "Right: {answer} · wrong: {wrong}"
    )
    for row in rows:
        level = row.spoiler
        wrong = " · ".join(_moderator_text(redactor, w, level) for w in row.wrong)
        entries.append(
            template.format(
                number=row.id,
                difficulty=difficulty_name(row.difficulty.value),
                spoiler=spoiler_label(level),
                author=row.author_id,
                question=_moderator_text(redactor, row.question, level),
                answer=_moderator_text(redactor, row.answer, level),
                wrong=wrong,
            )
        )
    # i18n: limit 2000
    hint = _("Remove one with /trivia remove id:<number>")
    return list_pages(title, entries, hint, max_lines=8, separator="\n\n")


def settings_embed(settings: TriviaSettings) -> discord.Embed:
    # i18n: limit 256
    embed = discord.Embed(title=_("Trivia settings for this server"), colour=BRAND_COLOUR)
    embed.add_field(
        # i18n: limit 256
        name=_("Time limit"),
        value=_("{seconds} s per question ({low}-{high})").format(
            seconds=settings.time_limit, low=TIME_LIMIT.low, high=TIME_LIMIT.high
        ),
    )
    embed.add_field(
        # i18n: limit 256
        name=_("Questions per game"),
        value=f"{settings.question_count} ({QUESTION_COUNT})",
    )
    value = _("{points} per correct answer, +{bonus}% for an instant one ({low}-{high})")
    embed.add_field(
        # i18n: limit 256
        name=_("Points"),
        value=value.format(
            points=points(settings.points),
            bonus=int(SPEED_BONUS_SHARE * 100),
            low=POINTS.low,
            high=points(POINTS.high),
        ),
    )
    # i18n: limit 2048
    embed.set_footer(text=_("Change them with /trivia settings time_limit: questions: points:"))
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
