"""What moderators see of trivia: the server's own questions and its trivia settings."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.content import SpoilerLevel
from bot.domain.records import CustomQuestion
from bot.domain.spoilers import Redactor
from bot.domain.text import escape_markdown, spoiler_tag
from bot.domain.trivia.limits import POINTS, QUESTION_COUNT, SPEED_BONUS_SHARE, TIME_LIMIT, TriviaSettings
from bot.i18n import _
from bot.ui.paginator import list_pages
from bot.ui.style import BRAND_COLOUR
from bot.ui.trivia.words import difficulty_name, points, spoiler_label


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
