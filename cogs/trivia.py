"""/trivia: games in a channel, scores, and the server's own questions.

A thin adapter: it reads the interaction, calls the trivia services (``TriviaGames``,
``TriviaQuestions``, ``TriviaScores``, ``SettingsChanges``) and renders their answers with
``bot.ui``. The rules are in ``bot.domain.trivia``; the running games live in ``TriviaGames``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.errors import UserError
from bot.domain.text import escape_user_text
from bot.domain.trivia.errors import NotEnoughQuestions
from bot.domain.trivia.game import TriviaMode
from bot.domain.trivia.limits import CUSTOM_QUESTIONS_PER_SERVER, QUESTION_COUNT
from bot.i18n import N_, Language, _, for_discord_locale, use_language
from bot.services.daily import DailyQuestions
from bot.services.running_game import GamePlan, GameRequest
from bot.services.settings_changes import SettingsChanges
from bot.services.trivia_games import TriviaGames
from bot.services.trivia_questions import QuestionSource, TriviaQuestions
from bot.services.trivia_scores import TriviaScores
from bot.ui.audience import redactor_for, rules_channel_id
from bot.ui.commands import Access, Help, Policy, Reply, add_declared, declare
from bot.ui.daily import streak_pages
from bot.ui.paginator import send_pages
from bot.ui.replies import NO_MENTIONS
from bot.ui.setting_options import settings_command
from bot.ui.trivia.buttons import AnswerButton
from bot.ui.trivia.forms import AddQuestionModal
from bot.ui.trivia.moderators import custom_question_pages, settings_embed
from bot.ui.trivia.presenter import RECOVERED_TEXT, DiscordPresenter, GameChannel, GameStage, tell
from bot.ui.trivia.render import shortfall_message, spoiler_summary, start_embed
from bot.ui.trivia.scores import leaderboard_pages, stats_embed

if TYPE_CHECKING:
    from bot.client import BallerinaBot

log = logging.getLogger(__name__)


def display_name(member: discord.abc.User) -> str:
    return escape_user_text(member.display_name, 80)


def members_language(interaction: discord.Interaction) -> Language:
    """The member's own language, for a private reply to a command whose other replies are public.

    A public command runs in the server's language (``bot/tree.py``); its refusals reach the member alone.
    """
    return for_discord_locale(str(interaction.locale))


@declare(help=Help.TRIVIA)
@app_commands.guild_only()
class TriviaGroup(
    app_commands.Group, name="trivia", description="Ballerina trivia: play, scores, questions."
):
    def __init__(self, cog: TriviaCog) -> None:
        super().__init__()
        self.cog = cog
        # Options built from the settings table (bot/domain/settings.py): one per trivia setting.
        settings = settings_command(
            "trivia settings",
            "Moderators: time limit, questions per game, points.",
            cog.settings,
            show=lambda current: settings_embed(current.trivia),
            shown=("trivia_time_limit", "trivia_question_count", "trivia_points"),
            changed_note=N_("\nGames started from now on use the new values."),
        )
        add_declared(self, settings, Policy(help=Help.TRIVIA, access=Access.MODERATOR))

    # -- playing --------------------------------------------------------------------------
    @declare(help=Help.TRIVIA, reply=Reply.PUBLIC, cooldown="trivia start", spoilers=True)
    @app_commands.command(name="start", description="Start a trivia game in this channel.")
    @app_commands.describe(
        questions=f"How many questions ({QUESTION_COUNT}; default: the server's setting)",
        difficulty="easy, medium, hard, or mixed (default)",
        spoilers="include (default): spoiler questions as this channel's spoiler rules allow; exclude: none",
        mode="choice (default): click A-D; typed: type the answer in a form",
        source="both (default); curated: the hand-written questions; generated: built from the film's facts",
    )
    async def start(
        self,
        interaction: discord.Interaction,
        questions: app_commands.Range[int, QUESTION_COUNT.low, QUESTION_COUNT.high] | None = None,
        difficulty: Literal["easy", "medium", "hard", "mixed"] = "mixed",
        spoilers: Literal["include", "exclude"] = "include",
        mode: Literal["choice", "typed"] = "choice",
        source: Literal["both", "curated", "generated"] = "both",
    ) -> None:
        await self.cog.start_game(
            interaction, questions, difficulty, spoilers == "include", TriviaMode(mode), source
        )

    @declare(
        help=Help.TRIVIA, access=Access.STARTER_OR_MANAGE_MESSAGES, reply=Reply.PUBLIC, cooldown="trivia stop"
    )
    @app_commands.command(
        name="stop", description="Stop the game in this channel (its starter or Manage Messages)."
    )
    async def stop(self, interaction: discord.Interaction) -> None:
        games = self.cog.games
        with use_language(members_language(interaction)):  # a private reply; the standings are public
            running = games.stoppable(
                interaction.channel_id or 0,
                interaction.user.id,
                may_manage_messages=interaction.permissions.manage_messages,
            )
            stopping = _("Stopping the game; the standings follow.")
        await interaction.response.send_message(stopping, ephemeral=True)
        await games.stop(running, by=interaction.user.id)

    # -- scores ---------------------------------------------------------------------------
    @declare(help=Help.TRIVIA, reply=Reply.PUBLIC)
    @app_commands.command(name="leaderboard", description="This server's best trivia players.")
    @app_commands.describe(
        period="all (default), month (last 30 days), week (last 7 days), or streak (the daily question's)"
    )
    async def leaderboard(
        self, interaction: discord.Interaction, period: Literal["all", "month", "week", "streak"] = "all"
    ) -> None:
        assert interaction.guild_id is not None
        if period == "streak":
            streaks = await self.cog.daily.streak_board(interaction.guild_id)
            await send_pages(interaction, streak_pages(streaks), ephemeral=False)
            return
        board = await self.cog.scores.leaderboard(interaction.guild_id, period)
        pages = leaderboard_pages(board.rows, period=period, players=board.players)
        await send_pages(interaction, pages, ephemeral=False)

    @app_commands.command(
        name="stats", description="Trivia stats for you or another member (only you see them)."
    )
    @app_commands.describe(member="Whose stats (default: yours)")
    async def stats(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        assert interaction.guild_id is not None
        who = member or interaction.user
        player = await self.cog.scores.player(interaction.guild_id, who.id, asked_by=interaction.user.id)
        embed = stats_embed(
            who.id, display_name(who), player.stats, player.rank, player.players, hidden=player.hidden
        )
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)

    # -- moderators -----------------------------------------------------------------------
    @declare(help=Help.TRIVIA, access=Access.MODERATOR)
    @app_commands.command(name="add", description="Moderators: add a question of this server's own.")
    @app_commands.describe(
        spoiler="How much of the film it gives away: none (default), minor or major",
        difficulty="easy, medium (default) or hard",
    )
    async def add(
        self,
        interaction: discord.Interaction,
        spoiler: Literal["none", "minor", "major"] = "none",
        difficulty: Literal["easy", "medium", "hard"] = "medium",
    ) -> None:
        assert interaction.guild_id is not None
        await self.cog.questions.check_room(interaction.guild_id)
        modal = AddQuestionModal(
            self.cog.questions, spoiler=SpoilerLevel(spoiler), difficulty=Difficulty(difficulty)
        )
        await interaction.response.send_modal(modal)

    @declare(help=Help.TRIVIA, access=Access.MODERATOR, spoilers=True)
    @app_commands.command(name="questions", description="Moderators: list this server's own questions.")
    async def questions(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        rows = await self.cog.questions.listed(interaction.guild_id)
        redactor = await redactor_for(self.cog.stage.audiences, interaction, ephemeral=True)
        pages = custom_question_pages(rows, redactor, limit=CUSTOM_QUESTIONS_PER_SERVER)
        await send_pages(interaction, pages, ephemeral=True)

    @declare(help=Help.TRIVIA, access=Access.MODERATOR)
    @app_commands.command(name="remove", description="Moderators: remove one of this server's questions.")
    @app_commands.describe(id="The question's number, from /trivia questions")
    async def remove(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        assert interaction.guild_id is not None
        await self.cog.questions.remove(interaction.guild_id, id)
        await interaction.response.send_message(
            _("Removed question #{number}.").format(number=id), ephemeral=True
        )


class TriviaCog(commands.Cog, name="Trivia"):
    def __init__(
        self,
        bot: BallerinaBot,
        *,
        games: TriviaGames,
        questions: TriviaQuestions,
        scores: TriviaScores,
        settings: SettingsChanges,
        stage: GameStage,
        daily: DailyQuestions,
        recover: bool = True,
    ) -> None:
        self.bot = bot
        self.games = games
        self.questions = questions
        self.scores = scores
        self.settings = settings
        self.stage = stage
        self.recover = recover
        self.daily = daily  # the daily question's streaks, for the leaderboard's streak view
        self._interrupted: list[tuple[int, int]] = []  # (server, channel) of games a crash cut short
        self.group = TriviaGroup(self)
        bot.tree.add_command(self.group)
        bot.add_dynamic_items(AnswerButton)

    # -- starting a game --------------------------------------------------------------------
    async def start_game(
        self,
        interaction: discord.Interaction,
        count: int | None,
        difficulty: str,
        include_spoilers: bool,
        mode: TriviaMode,
        source: QuestionSource = "both",
    ) -> None:
        """Start a game: its start message is public (the server's language), a refusal is private
        (the member's)."""
        with use_language(members_language(interaction)):
            await self._start_game(interaction, count, difficulty, include_spoilers, mode, source)

    async def _start_game(
        self,
        interaction: discord.Interaction,
        count: int | None,
        difficulty: str,
        include_spoilers: bool,
        mode: TriviaMode,
        source: QuestionSource,
    ) -> None:
        channel, guild_id = interaction.channel, interaction.guild_id
        if not isinstance(channel, GameChannel) or guild_id is None:
            raise UserError(_("Trivia is played in a server's text channels and threads."))
        perms = interaction.app_permissions
        can_send = (
            perms.send_messages_in_threads if isinstance(channel, discord.Thread) else perms.send_messages
        )
        if not (perms.view_channel and can_send and perms.embed_links):
            raise UserError(_("I need the View Channel, Send Messages and Embed Links permissions here."))
        request = GameRequest(
            guild_id=guild_id,
            channel_id=channel.id,
            rules_channel_id=rules_channel_id(channel, channel.id) or channel.id,
            starter_id=interaction.user.id,
            count=count,
            difficulty=difficulty,
            include_spoilers=include_spoilers,
            mode=mode,
            source=source,
        )

        async def post(plan: GamePlan) -> tuple[DiscordPresenter, str]:
            with use_language(await self.stage.audiences.language(guild_id)):
                embed = start_embed(
                    starter_id=interaction.user.id,
                    total=len(plan.questions),
                    requested=plan.requested,
                    mode=mode,
                    difficulty=difficulty,
                    settings=plan.settings,
                    spoilers=spoiler_summary(plan.redactor, include_spoilers),
                )
            await interaction.response.send_message(embed=embed, allowed_mentions=NO_MENTIONS)
            start_url = (await interaction.original_response()).jump_url
            presenter = self.stage.presenter(
                channel, game_id=plan.game_id, guild_id=guild_id, rules_channel_id=request.rules_channel_id
            )
            return presenter, start_url

        try:
            await self.games.start(request, post)
        except NotEnoughQuestions as exc:  # nothing started: say why, in the ui's words
            raise UserError(shortfall_message(exc.shortfall, source)) from None

    async def cog_load(self) -> None:
        """Games still 'running' in the database were cut short by a crash: close them now.

        This runs in setup_hook, before the bot connects, so no game of this process can be
        starting yet; the channels are told once the bot is ready (on_ready). Only games of
        this process's own shards: another shard process may be playing the others right now.
        """
        if self.recover:  # not for a `sync` next to a running bot: its games are alive
            self._interrupted = await self.games.recover(self.bot.owns_guild)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Once per process: tell the channels of interrupted games that their scores were kept."""
        channels, self._interrupted = self._interrupted, []
        for guild_id, channel_id in channels:
            with use_language(await self.stage.audiences.language(guild_id)):
                text = _(RECOVERED_TEXT)
            # No channel cache (no guilds intent): post by id; a channel that is gone is logged.
            await tell(self.bot.get_partial_messageable(channel_id), text)

    async def cog_unload(self) -> None:
        """Shutting down: every game ends, its channel is told, its answers are kept.

        The commands stay until then, so a ``/trivia start`` meanwhile hears why it is refused.
        """
        await self.games.shutdown()
        self.bot.tree.remove_command(self.group.name)
        self.bot.remove_dynamic_items(AnswerButton)


async def setup(bot: BallerinaBot) -> None:
    services = bot.services
    await bot.add_cog(
        TriviaCog(
            bot,
            games=services.trivia_games,
            questions=services.trivia_questions,
            scores=services.trivia_scores,
            settings=services.settings,
            stage=bot.game_stage,
            daily=services.daily,
            recover=not bot.sync_only,
        )
    )
