"""Uploaded tables for imports: reading a CSV or XLSX file, and naming its bad rows.

Reading: CSV in UTF-8 (with or without byte order mark), separated by semicolons (as German
Excel saves it) or commas; XLSX: the first worksheet. Line numbers are those a person sees
in the spreadsheet program (the header is line 1). Blank rows are skipped.

Bad rows: every import of the project (the municipality register, the OZG catalog, the
measures of a strategy) is all or nothing and reports every row it cannot take as a
``RowError`` — where (the file's line for CSV, the spreadsheet's row for XLSX) and why,
all faults of a row in one reason. ``RowsError`` carries them and reads::

    catalog.csv: 2 of 61 rows cannot be imported; nothing has been saved.
      Line 3: the OZG-ID (ozg_id) is empty; LeiKa key 00000000 has 8 digits, not 14
      Row 7: …

``format_row_errors`` lists them for a command or a page, at most ``limit`` and a count of
the others. A fault that belongs to a column names it (``effort: “zehn” is not a whole
number``); the importer decides how (its column keys, or words with the key in brackets).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
# The bad rows a command or a page lists before it says how many more there are.
ERROR_LISTING_LIMIT = 50

# Where a row is: the file's line (CSV; the header is line 1) or the spreadsheet's row.
LINE = "line"
ROW = "row"


class TableFileError(ValueError):
    """A file that cannot be read as a table; the message says why."""


@dataclass(frozen=True)
class UploadedTable:
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (line number, cells)
    # How a row is named in messages: LINE for a CSV file, ROW for a spreadsheet.
    unit: str = LINE
    filename: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    """One row that cannot be taken (or was taken with a change): where, and why."""

    line: int
    reason: str
    unit: str = LINE

    @classmethod
    def of(cls, line: int, faults: Iterable[str], *, unit: str = LINE) -> RowError:
        """The error of a row with several faults: every fault named, in one reason."""
        return cls(line=line, reason="; ".join(faults), unit=unit)

    def __str__(self) -> str:
        if self.unit == ROW:
            return _("Row %(line)d: %(reason)s") % {"line": self.line, "reason": self.reason}
        return _("Line %(line)d: %(reason)s") % {"line": self.line, "reason": self.reason}


def format_row_errors(
    errors: Sequence[RowError], *, limit: int | None = ERROR_LISTING_LIMIT
) -> list[str]:
    """One text per row, at most ``limit`` of them, then “… and N more” for the others."""
    shown = errors if limit is None else errors[:limit]
    lines = [str(error) for error in shown]
    if len(errors) > len(shown):
        lines.append(_("… and %(count)d more") % {"count": len(errors) - len(shown)})
    return lines


class RowsError(Exception):
    """The file was read, but rows are bad and nothing has been saved; ``errors`` names each.

    ``row_count`` is the number of rows the file holds below its header.
    """

    def __init__(self, *, filename: str, row_count: int, errors: Sequence[RowError]) -> None:
        self.filename = filename
        self.row_count = row_count
        self.errors = list(errors)
        super().__init__(self.as_text())

    @property
    def summary(self) -> str:
        """``<file>: N of M rows cannot be imported; nothing has been saved.``"""
        return _(
            "%(file)s: %(count)d of %(rows)d rows cannot be imported; nothing has been saved."
        ) % {"file": self.filename, "count": len(self.errors), "rows": self.row_count}

    def as_text(self, *, limit: int | None = ERROR_LISTING_LIMIT) -> str:
        """The summary, then the bad rows indented, at most ``limit`` of them."""
        lines = [f"  {line}" for line in format_row_errors(self.errors, limit=limit)]
        return "\n".join([self.summary, *lines])


def read_table(data: bytes, filename: str) -> UploadedTable:
    """The table in an uploaded file (``.csv``, ``.txt`` or ``.xlsx`` by its name).

    Raises ``TableFileError`` saying why when the file cannot be read as a table.
    """
    if len(data) > MAX_BYTES:
        raise TableFileError(_("%(file)s: the file is larger than 5 MB.") % {"file": filename})
    if filename.lower().endswith(".xlsx"):
        return _xlsx(data, filename)
    if filename.lower().endswith((".csv", ".txt")):
        return _csv(data, filename)
    raise TableFileError(_("%(file)s: upload a CSV or XLSX file.") % {"file": filename})


def _csv(data: bytes, filename: str) -> UploadedTable:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableFileError(
            _("%(file)s: the file is not UTF-8 encoded (byte %(byte)d); save it as CSV UTF-8.")
            % {"file": filename, "byte": error.start}
        ) from error
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise TableFileError(
            _("%(file)s: the file is empty or starts with a blank line.") % {"file": filename}
        )
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader)]
        rows = []
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((line, list(cells)))
            line = reader.line_num + 1
    except csv.Error as error:
        raise TableFileError(
            _("%(file)s: not a readable CSV file (%(error)s).") % {"file": filename, "error": error}
        ) from error
    return UploadedTable(header=header, rows=rows, unit=LINE, filename=filename)


def _xlsx(data: bytes, filename: str) -> UploadedTable:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise TableFileError(
            _("%(file)s: not a readable XLSX workbook.") % {"file": filename}
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows_iter = sheet.iter_rows(values_only=True)
        try:
            header = [str(cell).strip() if cell is not None else "" for cell in next(rows_iter)]
        except StopIteration:
            raise TableFileError(
                _("%(file)s: the first sheet is empty.") % {"file": filename}
            ) from None
        rows = []
        for line, cells in enumerate(rows_iter, start=2):
            values = list(cells)
            if any(value not in (None, "") for value in values):
                rows.append((line, values))
    finally:
        workbook.close()
    return UploadedTable(header=header, rows=rows, unit=ROW, filename=filename)
