"""/server export|reset (Manage Server), and what happens to a server's data when the bot leaves it.

Manage Server is asked twice, as for every moderator command (``Access.MODERATOR``): Discord hides
the group from everyone else (default permissions), and each command checks it again when used, so
granting /server to a role in Server Settings → Integrations cannot hand a whole server's data to
members without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.i18n import ngettext
from bot.i18n.formatting import number
from bot.services.retention import Retention
from bot.services.server_data import ServerData
from bot.ui.commands import Access, Help, declare
from bot.ui.data_files import file_stamp, send_files
from bot.ui.replies import NO_MENTIONS
from bot.ui.server_render import reset_embed
from bot.ui.server_views import ResetConfirm

if TYPE_CHECKING:
    from bot.client import BallerinaBot


@declare(help=Help.SERVER, access=Access.MODERATOR)
@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class ServerGroup(
    app_commands.Group, name="server", description="Server owners: export or reset this server's bot data."
):
    def __init__(self, server_data: ServerData) -> None:
        super().__init__()
        self.server_data = server_data

    @app_commands.command(
        name="export",
        description="This server's bot data (settings, history, questions, games, scores) as JSON.",
    )
    async def export(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        export = await self.server_data.export(interaction.guild_id)
        name = f"ballerina-server-{interaction.guild_id}-{file_stamp(export.exported_at)}.json"
        rows = sum(export.counts.values())
        # every table is listed (there are always several), so only the rows need a plural
        intro = ngettext(
            "This server's data: {n} row in {tables} tables, as stored. The bot's README (section "
            "'Your data') explains the format.",
            "This server's data: {n} rows in {tables} tables, as stored. The bot's README (section "
            "'Your data') explains the format.",
            rows,
        ).format(n=number(rows), tables=number(len(export.counts)))
        await send_files(interaction, name, export.data, intro)

    @app_commands.command(
        name="reset", description="Delete this server's settings, games and scores (asks first)."
    )
    @app_commands.describe(
        questions="keep (default): keep this server's own trivia questions; delete: them too"
    )
    async def reset(
        self, interaction: discord.Interaction, questions: Literal["keep", "delete"] = "keep"
    ) -> None:
        assert interaction.guild_id is not None
        keep = questions == "keep"
        plan = await self.server_data.plan_reset(interaction.guild_id, keep_questions=keep)
        view = ResetConfirm(self.server_data, owner_id=interaction.user.id, keep_questions=keep)
        await interaction.response.send_message(
            embed=reset_embed(plan), view=view, ephemeral=True, allowed_mentions=NO_MENTIONS
        )


class ServerDataCog(commands.Cog):
    def __init__(self, bot: BallerinaBot, *, server_data: ServerData, retention: Retention) -> None:
        self.bot = bot
        self.retention = retention
        self.group = ServerGroup(server_data)
        bot.tree.add_command(self.group)

    # -- the bot leaving and joining servers ---------------------------------------------------
    # These events need the `guilds` intent; ``Retention`` does not care how it learns.
    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.retention.server_left(guild.id)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.retention.server_joined(guild.id)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        # At start-up: added back while the bot was offline.
        await self.retention.server_joined(guild.id)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if not self.bot.sync_only:  # `ballerina-bot sync` next to a running bot deletes nothing
            self.retention.start()

    async def cog_load(self) -> None:
        await self.retention.load()

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)
        await self.retention.stop()


async def setup(bot: BallerinaBot) -> None:
    services = bot.services
    await bot.add_cog(ServerDataCog(bot, server_data=services.server_data, retention=services.retention))
