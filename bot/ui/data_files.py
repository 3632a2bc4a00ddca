"""Sending an export as ephemeral file attachments, within Discord's upload limit for this interaction."""

from __future__ import annotations

import io
from datetime import datetime

import discord

from bot.i18n import _
from bot.i18n.formatting import number
from bot.services.data_export import fit
from bot.ui.replies import NO_MENTIONS


def file_stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def join_hint(name: str, parts: int) -> str:
    # always several parts: no plural needed
    return _(
        "It was too large for one Discord upload, so it comes gzipped in {parts} parts, one per message. "
        "Join them in order, then unzip: `cat {name}.gz.* > {name}.gz` (on Windows, `copy /b` with the "
        "parts joined by `+`)."
    ).format(parts=number(parts), name=name)


async def send_files(interaction: discord.Interaction, name: str, data: bytes, intro: str) -> int:
    """Send ``data`` as ``name`` after ``interaction.response.defer(ephemeral=True)``; returns messages sent.

    Gzipped when it would not fit this interaction's upload limit, and split into parts (one message
    each) when even that is too large (``bot.services.data_export.fit``).
    """
    files = fit(name, data, interaction.filesize_limit)
    if len(files) == 1 and files[0][0].endswith(".gz"):
        intro += " " + _("It is gzipped, as it was larger than Discord's upload limit.")
    elif len(files) > 1:
        intro += " " + join_hint(name, len(files))
    for index, (filename, chunk) in enumerate(files):
        text = intro if index == 0 else _("Part {part} of {parts}.").format(part=index + 1, parts=len(files))
        file = discord.File(io.BytesIO(chunk), filename=filename)
        await interaction.followup.send(text, file=file, ephemeral=True, allowed_mentions=NO_MENTIONS)
    return len(files)
