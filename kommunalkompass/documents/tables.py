"""Reading an uploaded table (CSV or XLSX) into a header and numbered rows, for imports.

CSV: UTF-8 (with or without byte order mark), separated by semicolons (as German Excel
saves it) or commas. XLSX: the first worksheet. Line numbers are those a person sees in
the spreadsheet program (the header is line 1). Blank rows are skipped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024


class TableFileError(ValueError):
    """A file that cannot be read as a table; the message says why."""


@dataclass(frozen=True)
class UploadedTable:
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (line number, cells)


def read_table(data: bytes, filename: str) -> UploadedTable:
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
    return UploadedTable(header=header, rows=rows)


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
    return UploadedTable(header=header, rows=rows)
