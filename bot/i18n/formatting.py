"""Numbers and dates as the language of the moment writes them (Babel's CLDR data).

Discord's ``<t:…>`` timestamps are left alone: the member's client formats those itself.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date as _format_date
from babel.numbers import format_decimal

from bot.i18n.context import current


def number(value: int | float) -> str:
    """``1234`` → "1,234" (English), "1.234" (German), "1 234" (French)."""
    return format_decimal(value, locale=current().code)


def day(value: date | datetime, form: str = "long") -> str:
    """A calendar date: "6 June 2025", "6 de junio de 2025"."""
    return _format_date(value, format=form, locale=current().code)
