"""XLSX through openpyxl: every table of a document on a sheet of its own, as typed cells.

Numbers, amounts and dates are written as numbers and dates with a number format (so they
can be summed and sorted), not as formatted text; text cells are text. The header row is
bold, frozen and carries an auto filter; the total row is bold and outside the filter, so
sorting leaves it at the bottom.

Formula injection: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is stored as a string cell (``t="inlineStr"``, never a formula) with the
``quotePrefix`` style, the flag Excel and LibreOffice set themselves when someone types
``'=…``. Neither program evaluates such a cell on opening, and editing it keeps it text,
while the cell still shows exactly the text of the document (a phone number ``+49 30 1234``
stays readable). CSV files have no cell types; ``documents.csv`` uses an apostrophe.

A document without tables gives a workbook with a single sheet that says so, because the
download views offer ``.xlsx`` for every document.
"""

from __future__ import annotations

import datetime
import io
import logging
import math
import re
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .csv import is_formula_like
from .errors import DocumentRenderError
from .formatting import DEFAULT_DECIMALS, format_cell, language_of
from .model import Align, CellValue, Column, Document, NumberFormat, Table

logger = logging.getLogger(__name__)

SHEET_NAME_MAX = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
# XML 1.0 cannot carry these; openpyxl refuses them (IllegalCharacterError).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CELL_TEXT_MAX = 32767  # Excel's limit; longer text makes Excel "repair" the file

MIN_WIDTH = 8
MAX_WIDTH = 60

HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
HEADER_BORDER = Border(bottom=Side(style="thin", color="7F8FA6"))
TOTAL_BORDER = Border(top=Side(style="thin", color="404040"))
BOLD = Font(name="Calibri", size=11, bold=True)  # the workbook default, bold

_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}

_TEXTS = {
    "de": {
        "empty_sheet": "Hinweis",
        "empty": "Dieses Dokument enthält keine Tabellen.",
        "sheet": "Tabelle {number}",
    },
    "en": {
        "empty_sheet": "Note",
        "empty": "This document contains no tables.",
        "sheet": "Table {number}",
    },
}


def render_xlsx(document: Document) -> bytes:
    """The tables of ``document`` as an XLSX workbook, one sheet per table.

    Raises ``DocumentRenderError`` (with the cause logged) when a table cannot be written;
    a partly written workbook is never returned.
    """
    try:
        workbook = _workbook(document)
        buffer = io.BytesIO()
        workbook.save(buffer)
    except DocumentRenderError:
        raise
    except Exception as error:
        raise DocumentRenderError(
            f"The spreadsheet for “{document.meta.title}” could not be created: {error}",
            file_format="xlsx",
            detail=repr(error),
            cause=error,
        ) from error
    return buffer.getvalue()


def clean_text(text: str) -> str:
    """Text without the characters XML cannot carry, cut to Excel's cell limit."""
    text = _XML_INVALID.sub("", text)
    if len(text) > CELL_TEXT_MAX:
        text = text[: CELL_TEXT_MAX - 1] + "…"
    return text


def sheet_names(tables: list[Table], language: str = "de") -> list[str]:
    """A valid, unique sheet name for each table: from ``sheet_name`` or the caption.

    Excel allows at most 31 characters, none of ``[]:*?/\\``, no apostrophe at either end,
    and compares names without regard to case; "History" is reserved.
    """
    texts = _TEXTS[language_of(language)]
    names: list[str] = []
    taken: set[str] = set()
    for number, table in enumerate(tables, start=1):
        raw = table.sheet_name or table.caption
        name = _SHEET_NAME_FORBIDDEN.sub(" ", _XML_INVALID.sub("", raw))
        name = re.sub(r"\s+", " ", name).strip().strip("'").strip()
        name = name[:SHEET_NAME_MAX].strip().strip("'").strip()
        if not name or name.casefold() == "history":
            name = texts["sheet"].format(number=number)
        candidate, suffix = name, 2
        while candidate.casefold() in taken:
            ending = f" ({suffix})"
            candidate = name[: SHEET_NAME_MAX - len(ending)].rstrip() + ending
            suffix += 1
        taken.add(candidate.casefold())
        names.append(candidate)
    return names


def _workbook(document: Document) -> Workbook:
    meta = document.meta
    language = language_of(meta.language)
    workbook = Workbook()
    properties = workbook.properties
    properties.title = clean_text(meta.title)
    properties.subject = clean_text(meta.subtitle) or None
    properties.creator = clean_text(meta.author or meta.organisation or "Kommunalkompass")
    properties.lastModifiedBy = properties.creator
    properties.language = "de-DE" if language == "de" else "en-GB"
    properties.version = clean_text(meta.version) or None
    now = timezone.now().astimezone(datetime.UTC).replace(tzinfo=None)
    properties.created = properties.modified = now

    tables = document.tables()
    sheet = workbook.active
    if not tables:
        texts = _TEXTS[language]
        sheet.title = texts["empty_sheet"]
        sheet["A1"] = texts["empty"]
        sheet.column_dimensions["A"].width = len(texts["empty"]) + 4
        return workbook
    for index, (table, name) in enumerate(zip(tables, sheet_names(tables, language), strict=True)):
        if index:
            sheet = workbook.create_sheet()
        sheet.title = name
        _write_table(sheet, table, language)
    return workbook


def number_format(column: Column, language: str = "de") -> str | None:
    """The Excel number format of a column's numbers (``None``: "General").

    Format codes use the en-US separators; Excel and LibreOffice show them with the reader's
    own (``1.234,50 €`` in a German Excel). Dates get ``date_format`` whatever the column.
    """
    kind = column.format
    if kind in (NumberFormat.TEXT, NumberFormat.DATE):
        return None
    decimals = column.decimals if kind != NumberFormat.INTEGER else None
    if decimals is None:
        decimals = DEFAULT_DECIMALS[kind]
    digits = "0." + "0" * decimals if decimals > 0 else "0"
    if kind == NumberFormat.PERCENT:
        return f"{digits}%"
    grouped = "#,##" + digits
    if kind == NumberFormat.EURO:
        return f'{grouped} "€"' if language == "de" else f'"€"{grouped}'
    return grouped


def date_format(language: str = "de") -> str:
    """``31.12.2026`` in German, ``31 Dec 2026`` in English, as ``formatting`` writes them."""
    return "DD.MM.YYYY" if language == "de" else "D MMM YYYY"


def _typed(value: CellValue) -> CellValue | bool:
    """The value as openpyxl should store it, or text where Excel has no such value."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # Excel has no NaN or infinity
    if isinstance(value, Decimal) and not value.is_finite():
        return str(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    return value


def _write_cell(
    sheet: Worksheet, row: int, column: int, value: CellValue, fmt: str | None, dates: str
) -> Cell:
    cell = sheet.cell(row=row, column=column)
    typed = _typed(value)
    if typed is None:
        return cell
    cell.value = typed
    if isinstance(typed, str):
        # openpyxl turns any string starting with "=" into a formula; force text.
        cell.data_type = "s"
        if is_formula_like(typed):
            cell.quotePrefix = True
    elif isinstance(typed, datetime.datetime):
        cell.number_format = f"{dates} hh:mm"
    elif isinstance(typed, datetime.date):
        cell.number_format = dates
    elif fmt is not None and not isinstance(typed, bool):
        cell.number_format = fmt
    return cell


def _write_table(sheet: Worksheet, table: Table, language: str) -> None:
    columns = table.columns
    formats = [number_format(column, language) for column in columns]
    dates = date_format(language)
    alignments = [
        Alignment(horizontal=_ALIGN[column.alignment], vertical="top") for column in columns
    ]
    widths = [len(column.header) + 4 for column in columns]  # room for the filter button

    for number, column in enumerate(columns, start=1):
        cell = _write_cell(sheet, 1, number, column.header, None, dates)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(
            horizontal=_ALIGN[column.alignment], vertical="bottom", wrap_text=True
        )

    def write_row(row_number: int, values: list[CellValue]) -> list[Cell]:
        cells = []
        for number, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
            cell = _write_cell(sheet, row_number, number, value, formats[number - 1], dates)
            cell.alignment = alignments[number - 1]
            if value is not None:
                shown = format_cell(value, column, language)
                longest = max((len(line) for line in shown.splitlines()), default=0)
                widths[number - 1] = max(widths[number - 1], longest + 2)
            cells.append(cell)
        return cells

    for row_number, values in enumerate(table.rows, start=2):
        write_row(row_number, values)
    last_data_row = len(table.rows) + 1

    if table.total_row is not None:
        for cell in write_row(last_data_row + 1, table.total_row):
            cell.font = BOLD
            cell.border = TOTAL_BORDER

    line_counts: dict[int, int] = {}
    for number, width in enumerate(widths, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = min(max(width, MIN_WIDTH), MAX_WIDTH)
        if width <= MAX_WIDTH:
            continue
        wrapped = Alignment(
            horizontal=alignments[number - 1].horizontal, vertical="top", wrap_text=True
        )
        for (cell,) in sheet.iter_rows(
            min_row=2, min_col=number, max_col=number, max_row=sheet.max_row
        ):
            cell.alignment = wrapped
            if isinstance(cell.value, str):
                lines = sum(
                    max(1, math.ceil(len(line) / (MAX_WIDTH - 2)))
                    for line in cell.value.splitlines() or [""]
                )
                line_counts[cell.row] = max(line_counts.get(cell.row, 1), lines)
    # Excel and LibreOffice do not grow rows for wrapped text written by a program.
    for row_number, lines in line_counts.items():
        if lines > 1:
            sheet.row_dimensions[row_number].height = min(409, 15 * lines)

    last_letter = get_column_letter(len(columns))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_letter}{last_data_row}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if len(columns) > 5 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
