"""Numbers, amounts, percentages and dates as text, in German or English.

Every renderer that writes a value as text (PDF, DOCX) formats it here, so the formats agree:
``format_cell(Decimal("1234.5"), Column("Kosten", NumberFormat.EURO))`` is ``1.234,50 €``
in German and ``€1,234.50`` in English. Rounding is commercial (half up), on ``Decimal``,
so a float's binary error never shows. The XLSX writes typed cells and needs none of this.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .model import CellValue, Column, NumberFormat

NBSP = "\u00a0"  # keeps "42 %" and "1.234,50 €" together at a line break
MINUS = "\u2212"  # the typographic minus sign, not the hyphen

_MONTHS = {
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

# The few words a renderer adds to a document by itself, in the document's own language
# (which need not be the language of the request that asked for the file).
LABELS = {
    "de": {
        "contents": "Inhalt",
        "page": "Seite {page} von {pages}",
        "author": "Verfasst von",
        "date": "Stand",
        "version": "Version",
        "organisation": "Organisation",
        "table": "Tabelle",
        "figure": "Abbildung",
        "untitled": "Dokument",
        "logo": "Logo",
    },
    "en": {
        "contents": "Contents",
        "page": "Page {page} of {pages}",
        "author": "Author",
        "date": "Date",
        "version": "Version",
        "organisation": "Organisation",
        "table": "Table",
        "figure": "Figure",
        "untitled": "Document",
        "logo": "Logo",
    },
}

DEFAULT_DECIMALS = {
    NumberFormat.INTEGER: 0,
    NumberFormat.DECIMAL: 1,
    NumberFormat.PERCENT: 0,
    NumberFormat.EURO: 2,
}


def language_of(language: str) -> str:
    """``"en"`` for any English tag (``en``, ``en-GB``), German otherwise."""
    return "en" if language.lower().startswith("en") else "de"


def labels(language: str) -> dict[str, str]:
    return LABELS[language_of(language)]


def format_number(value: int | float | Decimal, decimals: int = 0, language: str = "de") -> str:
    """``48250`` → ``48.250`` (de) or ``48,250`` (en); ``-3.25`` with 1 decimal → ``−3,3``."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)  # NaN or infinity: nothing sensible to round
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{abs(number):,.{decimals}f}"
    if language_of(language) == "de":
        text = text.translate(str.maketrans(",.", ".,"))
    return f"{MINUS}{text}" if number < 0 else text


def format_euro(value: int | float | Decimal, decimals: int = 2, language: str = "de") -> str:
    """``1234.5`` → ``1.234,50 €`` (de) or ``€1,234.50`` (en)."""
    amount = format_number(value, decimals, language)
    if language_of(language) == "de":
        return f"{amount}{NBSP}€"
    sign, digits = (MINUS, amount[1:]) if amount.startswith(MINUS) else ("", amount)
    return f"{sign}€{digits}"


def format_percent(value: int | float | Decimal, decimals: int = 0, language: str = "de") -> str:
    """A share as a percentage: ``0.42`` → ``42 %`` (de) or ``42%`` (en)."""
    share = value if isinstance(value, Decimal) else Decimal(repr(value))
    number = format_number(share * 100, decimals, language)
    return f"{number}{NBSP}%" if language_of(language) == "de" else f"{number}%"


def format_date(value: datetime.date, language: str = "de", *, long: bool = False) -> str:
    """``31.12.2026`` or ``31. Dezember 2026`` (de); ``31 Dec 2026`` or ``31 December 2026``."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    language = language_of(language)
    month = _MONTHS[language][value.month - 1]
    if language == "de":
        return f"{value.day}. {month} {value.year}" if long else f"{value:%d.%m.%Y}"
    return f"{value.day} {month if long else month[:3]} {value.year}"


def format_cell(value: CellValue, column: Column, language: str = "de") -> str:
    """A table cell as text, by the column's number format.

    Empty cells (``None``) are empty; text in a number column (``"k. A."``) stays as it is;
    numbers in a text column are not grouped (a year stays ``2026``).
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.date):
        return format_date(value, language)
    kind = column.format
    if kind in (NumberFormat.TEXT, NumberFormat.DATE):
        return str(value)
    decimals = DEFAULT_DECIMALS[kind] if kind == NumberFormat.INTEGER else column.decimals
    if decimals is None:
        decimals = DEFAULT_DECIMALS[kind]
    if kind == NumberFormat.EURO:
        return format_euro(value, decimals, language)
    if kind == NumberFormat.PERCENT:
        return format_percent(value, decimals, language)
    return format_number(value, decimals, language)
