"""/trivia: games in a channel, scores, and the server's own questions.

A thin cog: the rules are in bot.domain.trivia (TriviaGame, TriviaSession), the
messages and buttons in bot.ui.trivia_views / trivia_render, the storage in
bot.storage. This file wires them: it starts sessions, keeps the running games
(one per channel), writes answers through the AnswerWriter as they happen and
records each game's end, and cleans up after deleted channels, crashes and shutdowns.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.trivia import (
    AnswerRecord,
    EndReason,
    TriviaGame,
    TriviaMode,
    TriviaSession,
    select_questions,
)
from bot.errors import UserFacingError
from bot.storage import GameStatus
from bot.tree import NO_MENTIONS
from bot.ui.audience import channel_redactor, redactor_for
from bot.ui.paginator import send_pages
from bot.ui.trivia_render import (
    custom_question_pages,
    highest_allowed_level,
    leaderboard_pages,
    settings_embed,
    spoiler_summary,
    start_embed,
    stats_embed,
)
from bot.ui.trivia_views import (
    COG_NAME,
    AddQuestionModal,
    AnswerButton,
    DiscordPresenter,
    GameChannel,
    GameRegistry,
    RunningGame,
    custom_pool,
    display_name,
    limit_text,
)
from cogs.spoilers import describe_changes

if TYPE_CHECKING:
    from bot.client import BallerinaBot

log = logging.getLogger(__name__)

CUSTOM_QUESTION_LIMIT = 200
LEADERBOARD_LIMIT = 100  # ten pages of ten
PERIODS = {"week": timedelta(days=7), "month": timedelta(days=30)}
STATUS_FOR = {
    EndReason.FINISHED: GameStatus.FINISHED,
    EndReason.STOPPED: GameStatus.STOPPED,
    EndReason.IDLE: GameStatus.STOPPED,
    EndReason.CANCELLED: GameStatus.INTERRUPTED,
    EndReason.ERROR: GameStatus.INTERRUPTED,
}
ERROR_TEXT = "Something went wrong with this game; it has ended. The scores so far are kept."
RECOVERED_TEXT = (
    "The trivia game in this channel was interrupted when the bot restarted. The scores so far are kept."
)
SHUTDOWN_TEXT = "The bot is shutting down, so this trivia game ends here. The scores so far are kept."


@app_commands.guild_only()
class TriviaGroup(
    app_commands.Group, name="trivia", description="Ballerina trivia: play, scores, questions."
):
    def __init__(self, cog: TriviaCog) -> None:
        super().__init__()
        self.cog = cog
        self.bot = cog.bot

    # -- playing --------------------------------------------------------------------------
    @app_commands.command(name="start", description="Start a trivia game in this channel.")
    @app_commands.describe(
        questions="How many questions (1-25; default: the server's setting)",
        difficulty="easy, medium, hard, or mixed (default)",
        spoilers="include (default): spoiler questions as this channel's spoiler rules allow; exclude: none",
        mode="choice (default): click A-D; typed: type the answer in a form",
    )
    async def start(
        self,
        interaction: discord.Interaction,
        questions: app_commands.Range[int, 1, 25] | None = None,
        difficulty: Literal["easy", "medium", "hard", "mixed"] = "mixed",
        spoilers: Literal["include", "exclude"] = "include",
        mode: Literal["choice", "typed"] = "choice",
    ) -> None:
        await self.cog.start_game(interaction, questions, difficulty, spoilers == "include", TriviaMode(mode))

    @app_commands.command(
        name="stop", description="Stop the game in this channel (its starter or Manage Messages)."
    )
    async def stop(self, interaction: discord.Interaction) -> None:
        running = self.cog.games.in_channel(interaction.channel_id or 0)
        if running is None:
            raise UserFacingError("There's no trivia game running in this channel.")
        if interaction.user.id != running.starter_id and not interaction.permissions.manage_messages:
            raise UserFacingError(
                f"Only <@{running.starter_id}>, who started this game, or someone with the Manage Messages "
                "permission can stop it."
            )
        running.stopped_by = interaction.user.id
        await interaction.response.send_message("Stopping the game; the standings follow.", ephemeral=True)
        await running.session.stop()

    # -- scores ---------------------------------------------------------------------------
    @app_commands.command(name="leaderboard", description="This server's best trivia players.")
    @app_commands.describe(period="all (default), month (last 30 days) or week (last 7 days)")
    async def leaderboard(
        self, interaction: discord.Interaction, period: Literal["all", "month", "week"] = "all"
    ) -> None:
        assert interaction.guild_id is not None
        since = datetime.now(UTC) - PERIODS[period] if period in PERIODS else None
        repo = self.bot.trivia_repo
        rows = await repo.leaderboard(interaction.guild_id, since, limit=LEADERBOARD_LIMIT)
        players = await repo.leaderboard_size(interaction.guild_id, since)
        await send_pages(
            interaction, leaderboard_pages(rows, period=period, players=players), ephemeral=False
        )

    @app_commands.command(
        name="stats", description="Trivia stats for you or another member (only you see them)."
    )
    @app_commands.describe(member="Whose stats (default: yours)")
    async def stats(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        assert interaction.guild_id is not None
        who = member or interaction.user
        repo = self.bot.trivia_repo
        stats = await repo.member_stats(interaction.guild_id, who.id)
        rank = await repo.rank(interaction.guild_id, who.id)
        players = await repo.leaderboard_size(interaction.guild_id)
        embed = stats_embed(who.id, display_name(who), stats, rank, players)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)

    # -- moderators -----------------------------------------------------------------------
    @app_commands.command(name="add", description="Moderators: add a question of this server's own.")
    @app_commands.describe(
        spoiler="How much of the film it gives away: none (default), minor or major",
        difficulty="easy, medium (default) or hard",
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def add(
        self,
        interaction: discord.Interaction,
        spoiler: Literal["none", "minor", "major"] = "none",
        difficulty: Literal["easy", "medium", "hard"] = "medium",
    ) -> None:
        assert interaction.guild_id is not None
        if await self.bot.trivia_repo.count_questions(interaction.guild_id) >= CUSTOM_QUESTION_LIMIT:
            raise UserFacingError(limit_text(CUSTOM_QUESTION_LIMIT))
        modal = AddQuestionModal(
            self.bot,
            spoiler=SpoilerLevel(spoiler),
            difficulty=Difficulty(difficulty),
            limit=CUSTOM_QUESTION_LIMIT,
        )
        await interaction.response.send_modal(modal)

    @app_commands.command(name="questions", description="Moderators: list this server's own questions.")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def questions(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        rows = await self.bot.trivia_repo.questions(interaction.guild_id)
        redactor = await redactor_for(self.bot, interaction, ephemeral=True)
        pages = custom_question_pages(rows, redactor, limit=CUSTOM_QUESTION_LIMIT)
        await send_pages(interaction, pages, ephemeral=True)

    @app_commands.command(name="remove", description="Moderators: remove one of this server's questions.")
    @app_commands.describe(id="The question's number, from /trivia questions")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def remove(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        assert interaction.guild_id is not None
        if not await self.bot.trivia_repo.remove_question(interaction.guild_id, id):
            raise UserFacingError(f"This server has no question #{id}. `/trivia questions` lists them.")
        await interaction.response.send_message(f"Removed question #{id}.", ephemeral=True)

    @app_commands.command(name="settings", description="Moderators: time limit, questions per game, points.")
    @app_commands.describe(
        time_limit="Seconds to answer each question (10-60; default 20)",
        questions="Questions per game when /trivia start doesn't say (1-25; default 10)",
        points="Points for a correct answer before the speed bonus (1-1000; default 100)",
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def settings(
        self,
        interaction: discord.Interaction,
        time_limit: app_commands.Range[int, 10, 60] | None = None,
        questions: app_commands.Range[int, 1, 25] | None = None,
        points: app_commands.Range[int, 1, 1000] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        wanted = {
            "trivia_time_limit": time_limit,
            "trivia_question_count": questions,
            "trivia_points": points,
        }
        changes = {key: value for key, value in wanted.items() if value is not None}
        repo = self.bot.settings_repo
        if not changes:
            current = (await repo.get(interaction.guild_id)).trivia
            await interaction.response.send_message(embed=settings_embed(current), ephemeral=True)
            return
        try:
            made = await repo.update(interaction.guild_id, interaction.user.id, **changes)
        except ValueError as exc:
            raise UserFacingError(str(exc)) from None
        note = "\nGames started from now on use the new values." if made else ""
        await interaction.response.send_message(describe_changes(made) + note, ephemeral=True)


class TriviaCog(commands.Cog, name=COG_NAME):
    def __init__(self, bot: BallerinaBot) -> None:
        self.bot = bot
        self.games = GameRegistry()
        self.rng = random.Random()
        self._starting: set[int] = set()  # channels where a start is between its checks and its session
        self._tasks: set[asyncio.Task[Any]] = set()
        self._interrupted: list[int] = []  # channels of games a crash cut short, to tell when ready
        self._closing = False
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
    ) -> None:
        channel, guild_id = interaction.channel, interaction.guild_id
        if not isinstance(channel, GameChannel) or guild_id is None:
            raise UserFacingError("Trivia is played in a server's text channels and threads.")
        perms = interaction.app_permissions
        can_send = (
            perms.send_messages_in_threads if isinstance(channel, discord.Thread) else perms.send_messages
        )
        if not (perms.view_channel and can_send and perms.embed_links):
            raise UserFacingError("I need the View Channel, Send Messages and Embed Links permissions here.")
        running = self.games.in_channel(channel.id)
        if running is not None:
            raise UserFacingError(f"A game is already running in this channel: {running.start_url}")
        if channel.id in self._starting:
            raise UserFacingError("A game is starting in this channel right now.")
        self._starting.add(channel.id)
        try:
            await self._start(interaction, channel, guild_id, count, difficulty, include_spoilers, mode)
        finally:
            self._starting.discard(channel.id)

    async def _start(
        self,
        interaction: discord.Interaction,
        channel: GameChannel,
        guild_id: int,
        count: int | None,
        difficulty: str,
        include_spoilers: bool,
        mode: TriviaMode,
    ) -> None:
        repo = self.bot.trivia_repo
        settings = (await self.bot.settings_repo.get(guild_id)).trivia
        redactor = await channel_redactor(self.bot, guild_id, channel)
        max_spoiler = highest_allowed_level(redactor) if include_spoilers else SpoilerLevel.NONE
        wanted = count or settings.question_count
        asked = await repo.asked_ids(guild_id)
        pool = [*self.bot.content.trivia, *custom_pool(await repo.questions(guild_id))]
        level = None if difficulty == "mixed" else Difficulty(difficulty)
        selection = select_questions(pool, wanted, level, max_spoiler, asked, self.rng)
        if not selection.questions:
            raise UserFacingError("No questions match those options here. Try `difficulty: mixed`.")
        picked = selection.questions
        game_id = await repo.create_game(
            guild_id, channel.id, interaction.user.id, mode, difficulty, len(picked)
        )
        try:
            if selection.reset_history:  # every eligible question was asked: start the cycle again
                await repo.reset_asked(guild_id)
                await repo.mark_asked(guild_id, selection.history_after(asked))
            else:
                await repo.mark_asked(guild_id, (q.id for q in picked))
            embed = start_embed(
                starter_id=interaction.user.id,
                total=len(picked),
                requested=wanted,
                mode=mode,
                difficulty=difficulty,
                settings=settings,
                spoilers=spoiler_summary(redactor, include_spoilers),
            )
            await interaction.response.send_message(embed=embed, allowed_mentions=NO_MENTIONS)
            start_url = (await interaction.original_response()).jump_url
        except Exception:
            await repo.finish_game(game_id, GameStatus.INTERRUPTED)
            raise
        running = RunningGame(game_id, guild_id, channel, interaction.user.id, start_url, mode)
        running.presenter = DiscordPresenter(self.bot, running)
        game = TriviaGame(picked, mode=mode, settings=settings, rng=self.rng)
        session = TriviaSession(
            game,
            running.presenter,
            clock=self.bot.clock,
            on_answer=lambda record: self.on_answer(running, record),
            on_error=lambda _session, exc: self.on_error(running, exc),
            on_end=lambda _session: self.on_end(running),
            name=f"game {game_id} (guild {guild_id}, channel {channel.id})",
        )
        running.attach(session)
        self.games.add(running)
        session.start()

    # -- session hooks (plain callbacks on the event loop) --------------------------------
    def on_answer(self, running: RunningGame, record: AnswerRecord) -> None:
        running.streaks[record.user_id] = record.streak
        self.bot.answer_writer.submit(running.stored(record, answered_at_ms=int(time.time() * 1000)))

    def on_error(self, running: RunningGame, exc: BaseException) -> None:
        # The session logged the error and tried to show the end; say so if that failed too.
        if running.presenter is None or not running.presenter.end_shown:
            self.spawn(self.tell(running.channel, ERROR_TEXT))

    def on_end(self, running: RunningGame) -> None:
        self.games.remove(running)
        if not self._closing:  # cog_unload finishes the games it cancels itself
            self.spawn(self.finish(running))

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def finish(self, running: RunningGame, status: GameStatus | None = None) -> None:
        """Write the game's last answers, then record its end and who played and won."""
        session = running.session
        reason = session.end_reason or EndReason.CANCELLED
        standings = session.game.standings()
        winners = [s.user_id for s in session.game.winners()] if reason is EndReason.FINISHED else []
        try:
            await self.bot.answer_writer.flush()
            await self.bot.trivia_repo.finish_game(
                running.game_id, status or STATUS_FOR[reason], winners, [s.user_id for s in standings]
            )
        except Exception:
            log.exception("Could not record the end of trivia game %s", running.game_id)

    async def tell(self, channel: discord.abc.Messageable, text: str) -> None:
        try:
            await channel.send(text, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.warning("Could not post a trivia notice in channel %s: %s", getattr(channel, "id", "?"), exc)

    # -- the world changing under a game ---------------------------------------------------
    def cancel_where(
        self, reason: str, *, channel_id: int | None = None, guild_id: int | None = None
    ) -> None:
        for running in self.games.all():
            here = channel_id is not None and channel_id in (running.channel_id, running.parent_id)
            if here or running.guild_id == guild_id:
                running.session.cancel(reason)

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        self.cancel_where("channel deleted", channel_id=channel.id)

    @commands.Cog.listener()
    async def on_raw_thread_delete(self, payload: discord.RawThreadDeleteEvent) -> None:
        self.cancel_where("thread deleted", channel_id=payload.thread_id)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        self.cancel_where("the bot left the server", guild_id=guild.id)

    async def cog_load(self) -> None:
        """Games still 'running' in the database were cut short by a crash: close them now.

        This runs in setup_hook, before the bot connects, so no game of this process can be
        starting yet; the channels are told once the bot is ready (on_ready).
        """
        repo = self.bot.trivia_repo
        self._interrupted = []
        if self.bot.sync_only:  # a `sync` next to a running bot: its games are alive, not crashed
            return
        for row in await repo.running_games():
            players = await repo.game_players(row.id)  # their answers are kept, and so is the game played
            if await repo.finish_game(row.id, GameStatus.INTERRUPTED, player_ids=players):
                log.info(
                    "Trivia game %s in channel %s was interrupted; marked as such.", row.id, row.channel_id
                )
                self._interrupted.append(row.channel_id)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Once per process: tell the channels of interrupted games that their scores were kept."""
        channels, self._interrupted = self._interrupted, []
        for channel_id in dict.fromkeys(channels):
            try:
                channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
            except discord.HTTPException:  # deleted, or no longer visible to the bot
                continue
            if isinstance(channel, discord.abc.Messageable):
                await self.tell(channel, RECOVERED_TEXT)

    async def cog_unload(self) -> None:
        """Shutting down: end every game, tell its channel, keep its answers, record it as interrupted."""
        self._closing = True
        self.bot.tree.remove_command(self.group.name)
        self.bot.remove_dynamic_items(AnswerButton)
        running = self.games.all()
        for game in running:
            game.session.cancel("the bot is shutting down")
        for game in running:
            await game.session.wait()
            await self.tell(game.channel, SHUTDOWN_TEXT)
            await self.finish(game, GameStatus.INTERRUPTED)
        if self._tasks:
            await asyncio.wait(set(self._tasks))


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(TriviaCog(bot))
