"""Buttons to page through a list of embeds, for the member who asked."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import discord

from bot.i18n import N_, _
from bot.ui.commands import ComponentPolicy
from bot.ui.owned_view import OwnedView
from bot.ui.style import BRAND_COLOUR

PAGE_TIMEOUT = 300


class Paginator(OwnedView):
    # Paging is the opener's; the pages are lookups', hence spoilers (redacted by whoever renders them).
    declared = ComponentPolicy(opener_only=True, spoilers=True)
    # i18n: limit 2000
    not_yours = N_("These buttons belong to whoever ran the command; run it yourself to page through.")
    where = "a page button"

    def __init__(
        self,
        pages: Sequence[discord.Embed],
        *,
        owner_id: int,
        extra: discord.ui.View | None = None,
    ) -> None:
        super().__init__(owner_id=owner_id, timeout=PAGE_TIMEOUT)
        self.pages = list(pages)
        self.index = 0
        self.message: discord.Message | discord.InteractionMessage | None = None
        # Rows under the pages that anyone may use (Sources, Report: DynamicItems, which discord.py
        # routes by their custom_id, not through this view): only paging is the owner's. Their
        # components are rendered once, by the (shared) view that holds them.
        self.extra_rows: list[dict[str, Any]] = [] if extra is None else extra.to_components()
        self.open_to_all = {getattr(item, "custom_id", None) for item in extra.children} if extra else set()
        self._sync_buttons()

    def to_components(self) -> list[dict[str, Any]]:
        return [*super().to_components(), *self.extra_rows]

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        data: Any = interaction.data or {}
        if data.get("custom_id") in self.open_to_all:
            return True
        return await super().interaction_check(interaction)

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1
        self.counter.label = f"{self.index + 1} / {len(self.pages)}"

    async def on_timeout(self) -> None:
        for item in (self.previous, self.counter, self.next):
            item.disabled = True
        if self.message is not None:
            # The message may be gone or the interaction token expired: nothing left to tidy.
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)

    async def show(self, interaction: discord.Interaction) -> None:
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.index = max(0, self.index - 1)
        await self.show(interaction)

    @discord.ui.button(label="1 / 1", style=discord.ButtonStyle.secondary, disabled=True)
    async def counter(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.defer()  # a label, never enabled

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        await self.show(interaction)


async def send_pages(
    interaction: discord.Interaction,
    pages: Sequence[discord.Embed],
    *,
    ephemeral: bool,
    extra: discord.ui.View | None = None,
) -> None:
    """One page: a plain embed (with the ``extra`` view's buttons). More: the same under page buttons."""
    if len(pages) == 1:
        if extra is None:
            await interaction.response.send_message(embed=pages[0], ephemeral=ephemeral)
            return
        await interaction.response.send_message(embed=pages[0], view=extra, ephemeral=ephemeral)
        return
    # The extra view's rows go under the page buttons (rendered once, by the extra view).
    view = Paginator(pages, owner_id=interaction.user.id, extra=extra)
    await interaction.response.send_message(embed=pages[0], view=view, ephemeral=ephemeral)
    view.message = await interaction.original_response()


def chunk_lines(lines: Sequence[str], *, max_chars: int = 3800, max_lines: int = 20) -> list[list[str]]:
    """Split lines into pages that fit an embed description."""
    pages: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if pages[-1] and (size + len(line) + 1 > max_chars or len(pages[-1]) >= max_lines):
            pages.append([])
            size = 0
        pages[-1].append(line)
        size += len(line) + 1
    return pages


def list_pages(
    title: str,
    lines: Sequence[str],
    footer: str,
    *,
    max_chars: int = 3800,
    max_lines: int = 20,
    separator: str = "\n",
) -> list[discord.Embed]:
    """Lines split into embeds that fit, each footed with its page number and a hint."""
    chunks = chunk_lines(lines, max_chars=max_chars, max_lines=max_lines)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        embed = discord.Embed(title=title, description=separator.join(chunk), colour=BRAND_COLOUR)
        if len(chunks) > 1:
            # i18n: limit 2048
            footer_text = _("Page {number} of {total} · {footer}").format(
                number=number, total=len(chunks), footer=footer
            )
        else:
            footer_text = footer
        embed.set_footer(text=footer_text)
        pages.append(embed)
    return pages
