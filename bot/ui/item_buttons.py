""" "Sources" and "Report a mistake" under an answer, and the report form.

Both buttons are ``DynamicItem``s whose custom_id carries only ``<kind>:<id>`` of the content item
(``item:sources:cast:cast-ana-de-armas``), so they work for anyone, on any message, after a
restart: discord.py rebuilds a clicked button from its id, and the button finds its services on
the bot (``bot.item_buttons``). Their labels are fixed words: a button can never carry a
spoiler. The Sources list goes through the spoiler policy for the member who clicked (a private
reply), like any answer. Labels are in the language of the reply the buttons sit under; what a
click answers, in the clicker's; a report posted for the moderators, in the server's.

Every lookup reply carries the two buttons, so they are built once per item (and language) and the
same ``SharedButtons`` view is sent under every reply about that item: clicks never need it (they are
routed by the custom_id's template, registered once with ``add_dynamic_items``), so nothing about it
changes per reply.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import discord

from bot.domain import discord_limits as limits
from bot.domain.content import Content
from bot.domain.cooldowns import Use, slow_down_message
from bot.domain.errors import UserError
from bot.domain.items import KINDS, ContentItem
from bot.domain.sources import SourceRow, source_rows
from bot.domain.text import escape_markdown, spoiler_tag, truncate
from bot.i18n import N_, Language, _, current, ngettext, use_language
from bot.services.audiences import Audiences
from bot.services.cooldowns import CommandCooldowns
from bot.services.reports import REPORT_TEXT_MAX, Reports, SubmittedReport
from bot.ui.audience import redactor_for
from bot.ui.commands import ComponentPolicy
from bot.ui.replies import NO_MENTIONS, report_error
from bot.ui.style import BRAND_COLOUR

log = logging.getLogger(__name__)

# The kinds come from the domain, so a new kind of item gets its buttons without an edit here.
_ITEM = rf"(?P<kind>{'|'.join(map(re.escape, KINDS))}):(?P<id>[a-z0-9][a-z0-9_.-]{{0,79}})"
SOURCES_TEMPLATE = rf"item:sources:{_ITEM}"
REPORT_TEMPLATE = rf"item:report:{_ITEM}"
FORM_TIMEOUT = 900.0
SHARED_VIEWS_MAX = 4096  # (item, language) pairs kept; a few hundred items in a few languages


def source_lines(rows: list[SourceRow]) -> list[str]:
    """One line per source: who published it, the (policy-checked) title, the date, the link."""
    # i18n: limit 100
    read_at = _("read at")
    # i18n: limit 100
    link = _("link")
    lines = []
    for row in rows:
        parts = [f"**{escape_markdown(row.publisher)}**", row.title]
        if row.date:
            parts.append(row.date)
        line = " · ".join(parts)
        if row.url:
            line += f"\n[{read_at if row.read_at else link}]({row.url})"
        lines.append(line)
    return lines


def sources_embed(rows: list[SourceRow]) -> discord.Embed:
    # i18n: limit 256
    embed = discord.Embed(title=_("Sources"), colour=BRAND_COLOUR)
    if not rows:
        # i18n: limit 4096
        embed.description = _("No published source is recorded for this.")
        return embed
    shown: list[str] = []
    size = 0
    for number, line in enumerate(source_lines(rows)):
        rest = len(rows) - number
        if size + len(line) + 40 > limits.EMBED_DESCRIPTION:
            # i18n: limit 4096
            shown.append(ngettext("…and {rest} more", "…and {rest} more", rest).format(rest=rest))
            break
        shown.append(line)
        size += len(line) + 2
    embed.description = "\n\n".join(shown)
    # i18n: limit 2048
    embed.set_footer(text=_('"read at": where the text was read, a copy of the original publisher\'s page.'))
    return embed


@dataclass(frozen=True, eq=False)
class ItemButtons:
    """The Sources and Report buttons' services; the bot holds one (``bot.item_buttons``)."""

    content: Content
    audiences: Audiences
    reports: Reports
    cooldowns: CommandCooldowns

    _shared: dict[tuple[str, str, Language], SharedButtons] = field(
        default_factory=dict, init=False, repr=False
    )

    def view(self, kind: str, item_id: str) -> SharedButtons:
        """The buttons for a reply about one item: one view per item and language, shared by every reply.

        (The language is part of the key so that labels, once translated, never cross languages.)
        """
        key = (kind, item_id, current())
        view = self._shared.get(key)
        if view is None:
            if len(self._shared) >= SHARED_VIEWS_MAX:
                self._shared.clear()
            view = self._shared[key] = SharedButtons(self.items(kind, item_id))
        return view

    def items(self, kind: str, item_id: str) -> list[_ItemButton]:
        """The buttons alone, to add to another view (the page buttons) without building a view for them."""
        return [item_type(kind, item_id, self) for item_type in ITEM_BUTTON_TYPES]


class SharedButtons(discord.ui.View):
    """A view sent under many messages: built once, its components rendered once.

    It never listens itself (``is_finished``), so discord.py neither stores it per message nor
    changes it (it gives a stored view without a timeout 15 minutes when it is sent privately):
    its buttons are ``DynamicItem``s, which discord.py routes by their custom_id alone.
    """

    declared = ComponentPolicy()  # its buttons declare their own

    def __init__(self, items: Sequence[discord.ui.Item[Any]]) -> None:
        super().__init__(timeout=None)
        for item in items:
            self.add_item(item)
        self._components = super().to_components()
        self.custom_ids = frozenset(getattr(item, "custom_id", None) for item in items)

    def to_components(self) -> list[dict[str, Any]]:
        return self._components  # only serialised (the same buttons under every reply)

    def is_finished(self) -> bool:
        return True

    def has_components_v2(self) -> bool:
        return False


class _ItemButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=SOURCES_TEMPLATE):
    """One button about one content item; subclasses name the action and its label (marked ``N_``,
    translated as the button is made)."""

    action: ClassVar[str]
    label: ClassVar[str]

    def __init__(self, kind: str, item_id: str, services: ItemButtons) -> None:
        super().__init__(
            discord.ui.Button(
                label=_(self.label),
                style=discord.ButtonStyle.secondary,
                custom_id=f"item:{self.action}:{kind}:{item_id}",
            )
        )
        self.kind = kind
        self.item_id = item_id
        self.services = services

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any
    ) -> _ItemButton:
        services = getattr(interaction.client, "item_buttons", None)  # the bot's (built in setup_hook)
        assert isinstance(services, ItemButtons), "the bot holds the item buttons' services"
        return cls(match["kind"], match["id"], services)

    def content_item(self) -> ContentItem:
        found = self.services.reports.item(self.kind, self.item_id)
        if found is None:  # the content changed since the message was posted
            # i18n: limit 2000
            raise UserError(N_("That item is no longer in the bot's content."))
        return found

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.act(interaction)
        except Exception as exc:  # dynamic items bypass View.on_error
            await report_error(interaction, exc, where=f"the {self.label} button")

    async def act(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


class SourcesButton(_ItemButton, template=SOURCES_TEMPLATE):
    # i18n: limit 80
    action, label = "sources", N_("Sources")
    declared = ComponentPolicy(spoilers=True)  # source headlines (redacted for the clicker)

    async def act(self, interaction: discord.Interaction) -> None:
        services = self.services
        redactor = await redactor_for(services.audiences, interaction, ephemeral=True)
        rows = source_rows(services.content, self.content_item().sources, redactor)
        await interaction.response.send_message(embed=sources_embed(rows), ephemeral=True)


class ReportButton(_ItemButton, template=REPORT_TEMPLATE):
    # i18n: limit 80
    action, label = "report", N_("Report a mistake")
    declared = ComponentPolicy(cooldown="report")

    async def act(self, interaction: discord.Interaction) -> None:
        services = self.services
        # The same form as /report, so the same limit: a button is no way around it.
        use = Use("report", interaction.guild_id, interaction.channel_id, interaction.user.id, public=False)
        wait = await services.cooldowns.check(use)
        if wait > 0:
            await reply(interaction, slow_down_message(wait))
            return
        await interaction.response.send_modal(
            ReportModal(services.reports, services.audiences, self.content_item())
        )


ITEM_BUTTON_TYPES: tuple[type[_ItemButton], ...] = (SourcesButton, ReportButton)


# i18n: limit 45
REPORT_TITLE = N_("Report a mistake")
# i18n: limit 45
REPORT_LABEL = N_("What is wrong, and what should it say?")
# i18n: limit 100
REPORT_PLACEHOLDER = N_("A link to a source helps the bot's operator check it.")


class ReportModal(discord.ui.Modal):
    """The form, in the language of the member who opens it (so its text input is made here)."""

    declared = ComponentPolicy()

    def __init__(self, reports: Reports, audiences: Audiences, item: ContentItem | None) -> None:
        super().__init__(title=_(REPORT_TITLE), timeout=FORM_TIMEOUT)
        self.text: discord.ui.TextInput[ReportModal] = discord.ui.TextInput(
            label=_(REPORT_LABEL),
            custom_id="text",
            style=discord.TextStyle.paragraph,
            placeholder=_(REPORT_PLACEHOLDER),
            max_length=REPORT_TEXT_MAX,
        )
        self.add_item(self.text)
        self.reports = reports
        self.audiences = audiences
        self.item = item

    async def on_submit(self, interaction: discord.Interaction) -> None:
        try:
            submitted = await self.reports.submit(
                interaction.guild_id, interaction.user.id, self.text.value, self.item
            )
        except UserError as exc:
            # i18n: limit 2000
            await reply(interaction, _("Nothing was sent. {reason}").format(reason=exc.message))
            return
        if submitted.channel_id is None:
            if interaction.guild_id is not None:
                # i18n: limit 2000
                saved = _(
                    "Thanks: report #{id} is in. It is saved for the bot's operator (this server's "
                    "moderators have not chosen a reports channel: `/settings reports`)."
                )
            else:
                # i18n: limit 2000
                saved = _("Thanks: report #{id} is in. It is saved for the bot's operator.")
            await reply(interaction, saved.format(id=submitted.id))
            return
        posted = await post_report(interaction, submitted, self.audiences, self.text.value)
        if posted:
            # i18n: limit 2000
            thanks = _("Thanks: report #{id} reached this server's moderators.")
        else:
            # i18n: limit 2000
            thanks = _(
                "Thanks: report #{id} is saved for the bot's operator. (The moderators' reports channel "
                "could not be reached; a moderator can choose another with `/settings reports`.)"
            )
        await reply(interaction, thanks.format(id=submitted.id))

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]  # Modal's own signature (discord.py's stubs compare it to View's)
        await report_error(interaction, error, where="the report form")


async def reply(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


def report_embed(submitted: SubmittedReport, reporter_id: int, text: str, item_line: str) -> discord.Embed:
    """What the moderators see. The member's words may give the plot away: they stay ||tagged||."""
    # i18n: limit 256
    title = _("Report #{id}: a mistake in the film's facts").format(id=submitted.id)
    embed = discord.Embed(title=title, colour=BRAND_COLOUR)
    # i18n: limit 4096
    sender = _("From <@{reporter}>").format(reporter=reporter_id)
    embed.description = truncate(
        f"{sender}\n\n{spoiler_tag(escape_markdown(text))}", limits.EMBED_DESCRIPTION
    )
    # i18n: limit 256
    embed.add_field(name=_("About"), value=truncate(item_line, limits.EMBED_FIELD_VALUE), inline=False)
    # i18n: limit 2048
    embed.set_footer(text=_("Kept for the bot's operator too: ballerina-bot reports"))
    return embed


async def post_report(
    interaction: discord.Interaction, submitted: SubmittedReport, audiences: Audiences, text: str
) -> bool:
    """Post a report in the server's reports channel (in the server's language, the moderators read
    it there); False when Discord refuses (gone, no access)."""
    assert submitted.channel_id is not None and interaction.guild_id is not None
    with use_language(await audiences.language(interaction.guild_id)):
        item = submitted.item
        if item is None:
            # i18n: limit 1024
            item_line = _("Nothing in particular")
        else:
            # The channel's own spoiler rules decide how the item's label shows there.
            redactor = await audiences.for_channel(interaction.guild_id, submitted.channel_id)
            item_line = f"{item.kind} `{item.id}`: {redactor.apply(item.label, item.level, short=True)}"
        embed = report_embed(submitted, interaction.user.id, text, item_line)
    channel = interaction.client.get_partial_messageable(submitted.channel_id, guild_id=interaction.guild_id)
    try:
        await channel.send(embed=embed, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as exc:
        log.warning(
            "Could not post report %s in channel %s: %s", submitted.id, submitted.channel_id, exc.status
        )
        return False
    return True
