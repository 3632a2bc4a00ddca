"""How an answer names its sources: publishers in footers, full rows for a Sources list.

Plain Python (no discord). Footers name who published a source, never the web address it
was read at: many pages were read on syndicated copies or mirrors whose hosts mean nothing
to a reader (and some must not be advertised at all). The full list (publisher, title, date,
link) is for an ephemeral Sources view, where a copy's link is offered as "read at".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain.content import Content, Source
from bot.domain.spoilers import Redactor
from bot.i18n.context import ngettext

MAX_FOOTER_PUBLISHERS = 3  # then "+N more": a footer is one line, the Sources list has the rest


def citable(content: Content, keys: Iterable[str]) -> list[Source]:
    """The sources behind ``keys``, in order, once each; unknown and never-cite keys are dropped."""
    seen: dict[str, Source] = {}
    for key in keys:
        source = content.sources.get(key)
        if source is not None and not source.never_cite and key not in seen:
            seen[key] = source
    return list(seen.values())


def publishers(content: Content, keys: Iterable[str]) -> list[str]:
    """Who published the sources behind ``keys``: distinct names, in citation order."""
    return list(dict.fromkeys(s.publisher for s in citable(content, keys) if s.publisher))


def publisher_line(names: Sequence[str], *, limit: int = MAX_FOOTER_PUBLISHERS) -> str:
    """'Sources: Wikipedia, /Film, Collider +2 more' ('' when there is nobody to name), in the
    language of the moment."""
    if not names:
        return ""
    shown = ", ".join(names[:limit])
    rest = len(names) - limit
    if rest > 0:
        # i18n: limit 2048
        more = ngettext("Sources: {names} +{rest} more", "Sources: {names} +{rest} more", rest)
        return more.format(names=shown, rest=rest)
    # i18n: limit 2048
    return ngettext("Source: {names}", "Sources: {names}", len(names)).format(names=shown)


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One line of a Sources list.

    ``title`` has been through the spoiler policy (plain, ||tagged|| or the withheld marker),
    so it belongs in an embed description or field value, never in a title, footer or label.
    When ``read_at`` is True the link is a copy of the page (a mirror or a syndicated reprint):
    label it "read at" and never present its host as the source.
    """

    key: str
    publisher: str
    title: str
    date: str  # 'YYYY-MM-DD' or 'YYYY-MM'; '' when unknown
    url: str  # '' when not recorded
    read_at: bool


def source_rows(content: Content, keys: Iterable[str], redactor: Redactor) -> list[SourceRow]:
    """The rows for a Sources list of ``keys`` (an item's ``sources``), in citation order."""
    return [
        SourceRow(
            key=source.key,
            publisher=source.publisher,
            title=redactor.apply(source.shown_title, source.spoiler, short=True),
            date=source.date,
            url=source.url,
            read_at=source.url_is_a_copy and bool(source.url),
        )
        for source in citable(content, keys)
    ]
