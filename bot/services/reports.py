"""Members' reports of a mistake in the film's content: kept, and posted where moderators chose."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.clocks import WallClock
from bot.domain.errors import InvalidInput
from bot.domain.items import ContentItem, ContentItems
from bot.i18n import _
from bot.i18n.formatting import number
from bot.storage.protocols import ReportStore, SettingsStore

REPORT_TEXT_MAX = 1000


@dataclass(frozen=True, slots=True)
class SubmittedReport:
    id: int
    item: ContentItem | None  # None for a report about no particular item
    channel_id: int | None  # the server's reports channel; None when the moderators chose none


class Reports:
    def __init__(
        self, store: ReportStore, settings: SettingsStore, items: ContentItems, wall_clock: WallClock
    ) -> None:
        self._store = store
        self._settings = settings
        self._items = items
        self._now = wall_clock

    def item(self, kind: str, item_id: str) -> ContentItem | None:
        return self._items.get(kind, item_id)

    async def submit(
        self, guild_id: int | None, user_id: int, text: str, item: ContentItem | None = None
    ) -> SubmittedReport:
        """Keep a report; ``InvalidInput`` (nothing kept) for an empty or too long text."""
        text = text.strip()
        if not text:
            raise InvalidInput(_("Say what is wrong, and what it should say if you know."))
        if len(text) > REPORT_TEXT_MAX:
            raise InvalidInput(
                _("That is {length} characters; a report can have at most {limit}.").format(
                    length=number(len(text)), limit=number(REPORT_TEXT_MAX)
                )
            )
        kind, item_id = (item.kind, item.id) if item is not None else ("other", "")
        report_id = await self._store.add_report(guild_id, user_id, kind, item_id, text, self._now())
        channel_id = None
        if guild_id is not None:
            channel_id = (await self._settings.get(guild_id)).reports_channel_id
        return SubmittedReport(report_id, item, channel_id)
