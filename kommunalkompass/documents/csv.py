"""CSV exports that German Excel opens correctly and that cannot smuggle in a formula.

The dialect is the one German Excel reads on a double click: semicolon-separated, decimal
comma, UTF-8 with a byte order mark (without it Excel guesses Windows-1252 and garbles every
umlaut), CRLF line endings, fields quoted only when they need it. Dates are ISO 8601
(``2026-11-26``), which Excel and LibreOffice recognise as dates in every locale.

Every text cell that a spreadsheet would read as a formula (it begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, as OWASP recommends for
CSV injection: a CSV file has no cell types, so the apostrophe is the only guard that
survives. Numbers are not guarded: ``-1`` written from an ``int`` is a number, not a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

from .model import CellValue, Column

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

BOM = "\ufeff"


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula (or a DDE command)."""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise_formula(text: str) -> str:
    """The text with a leading apostrophe if a spreadsheet would evaluate it, else unchanged."""
    return "'" + text if is_formula_like(text) else text


def _number(value: int | float | Decimal) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return ""
        text = format(value, "f")
    else:
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
    return text.replace(".", ",")


def safe_csv_cell(value: CellValue) -> str:
    """One cell as CSV text: guarded if it is text, German notation if it is a number.

    ``None`` becomes an empty cell; NUL characters, which no spreadsheet keeps, are dropped.
    """
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return _number(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise_formula(str(value).replace("\x00", ""))


def write_csv(rows: Iterable[Sequence[CellValue]], columns: Sequence[str | Column] = ()) -> str:
    """The rows as CSV text with a header line from ``columns`` (headers or ``Column``s).

    The text starts with the byte order mark; encode it as UTF-8 for the response
    (``content_type="text/csv; charset=utf-8"``). Header cells get the same guard as data.
    """
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";", quotechar='"', lineterminator="\r\n")
    if columns:
        writer.writerow(
            [
                safe_csv_cell(column.header if isinstance(column, Column) else column)
                for column in columns
            ]
        )
    for row in rows:
        writer.writerow([safe_csv_cell(value) for value in row])
    return buffer.getvalue()
