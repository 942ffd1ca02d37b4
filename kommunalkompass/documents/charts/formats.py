"""Numbers as people read them (3,5 · 1.234 € / 3.5 · €1,234): the documents app's own
formatting, so a value reads the same in a chart, its table, the PDF and the DOCX."""

from __future__ import annotations

from decimal import Decimal

from .. import formatting
from ..model import CellValue, Column


def format_number(value: float | Decimal, language: str, decimals: int = 1) -> str:
    return formatting.format_number(value, decimals, language)


def format_euro_short(value: float | Decimal, language: str) -> str:
    """A compact amount for a label in a drawing: 250.000 € or 1,2 Mio. € / €250,000, €1.2m."""
    amount = float(value)
    if abs(amount) >= 1_000_000:
        short = format_number(amount / 1_000_000, language, 1)
        return f"{short}\u00a0Mio.\u00a0€" if language == "de" else f"€{short}m"
    return formatting.format_euro(amount, 0, language)


def format_cell(value: CellValue, column: Column, language: str) -> str:
    """A cell of a chart's data table for the web page; an empty one reads "–"."""
    return "–" if value is None else formatting.format_cell(value, column, language)
