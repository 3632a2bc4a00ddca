"""The bot's look, in one place."""

from __future__ import annotations

import discord

BRAND_COLOUR = discord.Colour.from_rgb(176, 38, 56)  # the poster's crimson
