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
from bot.domain.question_families.translated import asked_in, question_note, reveal_in
from bot.domain.records import CustomQuestion, LeaderboardRow, MemberStats
from bot.domain.spoilers import Action, Redactor
from bot.domain.text import escape_markdown, plural, spoiler_tag, truncate
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
from bot.ui.lookup_render import FIELD_VALUE_LIMIT, source_footer
from bot.ui.paginator import list_pages
from bot.ui.style import BRAND_COLOUR

DESCRIPTION_LIMIT = 4096
STANDINGS_SHOWN = 10
HIDDEN_PLAYER = "a hidden player"  # a member who stays off public leaderboards (/privacy leaderboard)
CUSTOM_SOURCE = "Added by this server's moderators"
MEDALS = ("🥇", "🥈", "🥉")
PERIOD_TITLES = {"all": "all time", "month": "the last 30 days", "week": "the last 7 days"}


def points(n: int) -> str:
    return f"{n:,}"


def _redact(redactor: Redactor, text: str, level: SpoilerLevel) -> str:
    # short=True: the long "withheld" hint talks about private replies, which trivia has not.
    return redactor.apply(text, level, short=True)


# --------------------------------------------------------------------------- a game


def spoiler_summary(redactor: Redactor, include: bool) -> str:
    if not include:
        return "Spoiler questions: **excluded** for this game."
    level = redactor.highest_allowed_level()
    if level is SpoilerLevel.NONE:
        return "Spoiler questions: **not asked here** (this channel withholds spoilers)."
    if redactor.action(level) is Action.SHOW:
        return "Spoiler questions: **included**, shown plainly in this channel."
    return "Spoiler questions: **included**, hidden in spoiler tags ||like this||."


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
    how = (
        "click the letter of your answer"
        if mode is TriviaMode.CHOICE
        else "press **Answer** and type it (small typos are fine)"
    )
    best = settings.points + int(settings.points * SPEED_BONUS_SHARE)
    lines = [
        f"<@{starter_id}> started a game of **{plural(total, 'question')}** "
        f"(difficulty: **{difficulty}**, mode: **{mode.value}**).",
        f"You have **{settings.time_limit} seconds** per question (more for a long one, to read it): "
        f"{how}. One answer per question; "
        f"a correct answer earns {points(settings.points)} points, up to {points(best)} if you are quick.",
        spoilers,
    ]
    if total < requested:
        lines.append(
            f"⚠️ Only {plural(total, 'question')} match these options, so this game has {total} "
            f"instead of {requested}."
        )
    embed = discord.Embed(title="Ballerina trivia", description="\n\n".join(lines), colour=BRAND_COLOUR)
    embed.set_footer(text="/trivia stop ends the game · /trivia leaderboard shows the scores")
    return embed


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
        lines.append(f"⚠️ *Spoiler question ({level.value})*")
    lines.append(f"**{_redact(redactor, question.question, level)}**")
    if asked.mode is TriviaMode.CHOICE:
        lines.append("")
        lines.extend(
            f"**{letter}.** {_redact(redactor, text, level)}" for letter, text in asked.lettered_options()
        )
    lines.append("")
    lines.append(f"Closes <t:{closes_at}:R>.")
    embed = discord.Embed(
        title=f"Question {number} of {total}",
        description=truncate("\n".join(lines), DESCRIPTION_LIMIT),
        colour=BRAND_COLOUR,
    )
    how = "Click a letter" if asked.mode is TriviaMode.CHOICE else "Press Answer and type your answer"
    footer = f"{how} · difficulty: {question.difficulty.value} · one answer each"
    note = question_note(question)
    embed.set_footer(text=f"{footer}\n{note}" if note else footer)
    return embed


def question_source(content: Content, question: TriviaQuestion, redactor: Redactor) -> str:
    if is_custom_question(question.id):
        return CUSTOM_SOURCE
    return source_footer(content, question.sources, redactor)


def player_name(user_id: int, hidden: AbstractSet[int]) -> str:
    """A player next to a score in public: their mention, or HIDDEN_PLAYER if they asked (/privacy)."""
    return HIDDEN_PLAYER if user_id in hidden else f"<@{user_id}>"


def winner_lines(
    winners: Sequence[tuple[int, int]], streaks: Mapping[int, int], hidden: AbstractSet[int] = frozenset()
) -> str:
    """``<@id> +142 🔥 3 in a row`` lines that fit one field value, then "…and N more"."""
    lines: list[str] = []
    size = 0
    for shown, (user_id, earned) in enumerate(winners):
        streak = streaks.get(user_id, 0)
        run = f" 🔥 {streak} in a row" if streak >= 2 else ""  # in words, not the emoji alone
        line = f"{player_name(user_id, hidden)} +{points(earned)}{run}"
        rest = len(winners) - shown - 1
        reserve = len(f"\n…and {rest} more") if rest else 0
        if size + len(line) + 1 + reserve > FIELD_VALUE_LIMIT:
            lines.append(f"…and {len(winners) - shown} more")
            break
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def reveal_embed(
    reveal: Reveal,
    number: int,
    total: int,
    redactor: Redactor,
    *,
    source: str,
    hidden: AbstractSet[int] = frozenset(),
) -> discord.Embed:
    reveal = reveal_in(reveal)  # in the language of the moment
    question = reveal.question
    level = question.spoiler
    answer = _redact(redactor, reveal.correct_text, level)
    lines = [
        f"The answer was **{reveal.correct_letter}.** {answer}"
        if reveal.correct_letter
        else f"The answer was {answer}"
    ]
    if question.explanation:
        lines.append(_redact(redactor, question.explanation, level))
    embed = discord.Embed(
        title=f"Question {number} of {total}: the answer",
        description=truncate("\n\n".join(lines), DESCRIPTION_LIMIT),
        colour=BRAND_COLOUR,
    )
    if reveal.winners:
        embed.add_field(
            name=f"Got it right ({reveal.correct_count} of {reveal.answered_count})",
            value=winner_lines(reveal.winners, reveal.streaks, hidden),
            inline=False,
        )
    elif reveal.answered_count:
        embed.add_field(
            name="Got it right",
            value=f"Nobody this time ({plural(reveal.answered_count, 'answer')}).",
            inline=False,
        )
    else:
        left = IDLE_LIMIT - reveal.idle_questions
        value = "Nobody answered."
        if left == 1 and number < total:
            value += " The game ends if the next question gets no answer either."
        elif 1 < left < IDLE_LIMIT and number + left <= total:
            value += f" The game ends if the next {left} questions get no answers either."
        embed.add_field(name="Got it right", value=value, inline=False)
    footer = source or CUSTOM_SOURCE
    if number < total and reveal.idle_questions < IDLE_LIMIT:  # an idle game ends with this reveal
        footer += " · next question in a few seconds"
    if note := question_note(question):
        footer += f"\n{note}"
    embed.set_footer(text=truncate(footer, 2048))
    return embed


END_TITLES = {
    EndReason.FINISHED: "Trivia over: final standings",
    EndReason.STOPPED: "Trivia stopped",
    EndReason.IDLE: "Trivia ended: nobody is answering",
    EndReason.ERROR: "Trivia ended: something went wrong",
    EndReason.CANCELLED: "Trivia interrupted",
}


def standings_lines(
    standings: Sequence[Standing], limit: int = STANDINGS_SHOWN, hidden: AbstractSet[int] = frozenset()
) -> list[str]:
    lines = []
    for place, s in enumerate(standings[:limit], start=1):
        rank = MEDALS[place - 1] if place <= len(MEDALS) and s.points > 0 else f"{place}."
        streak = f" · best streak {s.best_streak}" if s.best_streak >= 2 else ""
        score = f"**{points(s.points)}** points ({s.correct}/{s.answered} correct{streak})"
        lines.append(f"{rank} {player_name(s.user_id, hidden)} — {score}")
    if len(standings) > limit:
        lines.append(f"…and {plural(len(standings) - limit, 'more player')} ({len(standings)} in all)")
    return lines


def end_embed(ending: Ending, hidden: AbstractSet[int] = frozenset()) -> discord.Embed:
    reason, total, asked, stopped_by = ending.reason, ending.total, ending.asked, ending.stopped_by
    intro = {
        EndReason.FINISHED: f"All {plural(total, 'question')} played.",
        EndReason.STOPPED: (
            f"<@{stopped_by}> stopped the game after {plural(asked, 'question')}."
            if stopped_by
            else f"The game was stopped after {plural(asked, 'question')}."
        ),
        EndReason.IDLE: f"Nobody answered {IDLE_LIMIT} questions in a row, so the game ended by itself.",
        EndReason.ERROR: "Something went wrong with this game; it has ended. The scores so far are kept.",
        EndReason.CANCELLED: "The game was interrupted. The scores so far are kept.",
    }[reason]
    lines = [intro, ""]
    lines += standings_lines(ending.standings, hidden=hidden) or ["Nobody answered a question."]
    winners = ending.winners
    if reason is EndReason.FINISHED and winners:
        names = ", ".join(player_name(w.user_id, hidden) for w in winners)
        lines += ["", f"🏆 {'Winners (a tie)' if len(winners) > 1 else 'Winner'}: {names}"]
    embed = discord.Embed(
        title=END_TITLES[reason],
        description=truncate("\n".join(lines), DESCRIPTION_LIMIT),
        colour=BRAND_COLOUR,
    )
    embed.set_footer(
        text="Scores are saved: /trivia leaderboard · /trivia stats · /trivia start to play again"
    )
    return embed


# --------------------------------------------------------------------------- scores


def leaderboard_pages(
    rows: Sequence[LeaderboardRow], *, period: str, players: int, per_page: int = 10
) -> list[discord.Embed]:
    title = f"Trivia leaderboard: {PERIOD_TITLES.get(period, period)}"
    if not rows:
        embed = discord.Embed(
            title=title,
            description="Nobody has scored in this period yet. Start a game with `/trivia start`.",
            colour=BRAND_COLOUR,
        )
        return [embed]
    lines = [
        f"{place}. <@{row.user_id}> — {points(row.points)} points ({row.correct:,} correct)"
        for place, row in enumerate(rows, start=1)
    ]
    shown = f"top {len(rows)} of {players}" if players > len(rows) else plural(players, "player")
    return list_pages(title, lines, f"{shown} · /trivia stats for details", max_lines=per_page)


def stats_embed(
    user_id: int, name: str, stats: MemberStats, rank: int | None, players: int, *, hidden: bool = False
) -> discord.Embed:
    embed = discord.Embed(title=truncate(f"Trivia stats: {name}", 256), colour=BRAND_COLOUR)
    if stats.answered == 0:
        embed.description = f"<@{user_id}> has not answered a trivia question in this server yet."
        return embed
    accuracy = round(100 * stats.correct / stats.answered)
    embed.description = f"<@{user_id}>"
    embed.add_field(name="Points", value=points(stats.points))
    if hidden:  # ``players`` counts those shown; a hidden member would be one more
        embed.add_field(
            name="Rank", value=f"hidden (#{rank} of {players + 1} if shown)" if rank else "hidden"
        )
    else:
        embed.add_field(name="Rank", value=f"#{rank} of {players}" if rank else "—")
    embed.add_field(name="Accuracy", value=f"{accuracy}% ({stats.correct:,} of {stats.answered:,})")
    embed.add_field(name="Games played", value=f"{stats.games_played:,}")
    embed.add_field(name="Games won", value=f"{stats.games_won:,}")
    embed.add_field(name="Best streak", value=plural(stats.best_streak, "correct answer"))
    embed.set_footer(
        text="All-time numbers for this server. A game counts as won when all its questions were played."
    )
    return embed


# --------------------------------------------------------------------------- moderators


def _moderator_text(redactor: Redactor, text: str, level: SpoilerLevel) -> str:
    """Moderators see their own questions, but spoilers stay tagged unless the policy shows them plainly."""
    text = escape_markdown(text)  # shown as typed: the moderator's markdown cannot act on the message
    return text if redactor.allows_plain(level) else spoiler_tag(text)


def custom_question_pages(
    rows: Sequence[CustomQuestion], redactor: Redactor, *, limit: int
) -> list[discord.Embed]:
    title = f"This server's trivia questions ({len(rows)} of {limit})"
    if not rows:
        return [
            discord.Embed(
                title=title,
                description="None yet. Add one with `/trivia add`; it joins the film's questions in games.",
                colour=BRAND_COLOUR,
            )
        ]
    entries = []
    for row in rows:
        level = row.spoiler
        spoiler = "no spoiler" if level is SpoilerLevel.NONE else f"{level.value} spoiler"
        wrong = " · ".join(_moderator_text(redactor, w, level) for w in row.wrong)
        entries.append(
            f"**#{row.id}** · {row.difficulty.value} · {spoiler} · by <@{row.author_id}>\n"
            f"{_moderator_text(redactor, row.question, level)}\n"
            f"Right: {_moderator_text(redactor, row.answer, level)} · wrong: {wrong}"
        )
    hint = "Remove one with /trivia remove id:<number>"
    return list_pages(title, entries, hint, max_lines=8, separator="\n\n")


def settings_embed(settings: TriviaSettings) -> discord.Embed:
    embed = discord.Embed(title="Trivia settings for this server", colour=BRAND_COLOUR)
    embed.add_field(
        name="Time limit",
        value=f"{settings.time_limit} s per question ({TIME_LIMIT})",
    )
    embed.add_field(
        name="Questions per game",
        value=f"{settings.question_count} ({QUESTION_COUNT})",
    )
    embed.add_field(
        name="Points",
        value=f"{points(settings.points)} per correct answer, +{int(SPEED_BONUS_SHARE * 100)}% for "
        f"an instant one ({POINTS.low}-{points(POINTS.high)})",
    )
    embed.set_footer(text="Change them with /trivia settings time_limit: questions: points:")
    return embed


_AMONG = {
    "curated": " among the film's hand-written questions and this server's own",
    "generated": " among the generated questions",
}


def shortfall_message(short: Shortfall, source: str = "both") -> str:
    """Why a game of one difficulty did not start, and what to try instead (shown only to the starter).

    "Only 7 easy questions are allowed by this channel's spoiler rules; a game needs 10. Try fewer
    questions or another difficulty."
    """
    level = short.difficulty.value
    noun = f"{level} question" if short.available == 1 else f"{level} questions"
    count = f"Only {short.available}" if short.available else "No"
    verb = "is" if short.available == 1 else "are"
    typed = " that can be answered by typing" if short.typed else ""
    tip = "Try fewer questions or another difficulty."
    if short.by_spoilers and short.spoilers_excluded:
        why = f"{count} {noun}{typed} {verb} free of spoilers"
        tip = "Try fewer questions, `spoilers: include`, or another difficulty."
    elif short.by_spoilers:
        why = f"{count} {noun}{typed} {verb} allowed by this channel's spoiler rules"
    else:
        why = f"{count} {noun}{typed} {verb} available{_AMONG.get(source, ' here')}"
    return f"{why}; a game needs {short.wanted}. {tip}"
