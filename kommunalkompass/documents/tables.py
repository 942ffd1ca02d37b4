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

Hostile files: an import reads at most ``max_rows`` rows below the header and stops at the
first row beyond, row by row. A workbook is a ZIP archive of XML that openpyxl parses
whole in places (the shared strings, a sheet without a stated size, a row), so before
openpyxl sees it ``open_workbook`` judges it by its ZIP directory (how large it unpacks,
how strongly a part is compressed) and by one streaming pass over its XML that stops at the
first fault: a document type declaration (entities, “billion laughs”), a row of more cells
than any table has, more rows than the limit, more XML elements than such a table needs.
See docs/security.md, "Imports".
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers import expat

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

MAX_BYTES = 5 * 1024 * 1024
# Rows below the header an import takes unless it names its own limit (the measures: 1,000).
MAX_ROWS = 100_000
# A workbook is refused before it is parsed when its parts together unpack to more than
# this, or when a part of more than a megabyte is compressed more strongly than this: real
# spreadsheets compress about ten to one (the register's workbook 9:1, a sheet of formatted
# empty cells 16:1), a decompression bomb a thousand to one.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECKED_FROM = 1024 * 1024
# Parts (files in the ZIP archive): a workbook has a dozen, with pictures a few dozen more.
MAX_PARTS = 1000
# Cells in one row of a sheet (LibreOffice's classic column count); openpyxl builds a row
# whole before the reader sees it.
MAX_COLUMNS = 1024
# XML elements a workbook may hold for a table of n rows: styles, themes and the like, and
# per row its cells with their values and shared strings (a row of 64 cells in rich text).
_BASE_ELEMENTS = 100_000
_ELEMENTS_PER_ROW = 200
# The XML parts are read in pieces of this size.
_CHUNK = 64 * 1024
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


def read_table(data: bytes, filename: str, *, max_rows: int = MAX_ROWS) -> UploadedTable:
    """The table in an uploaded file (``.csv``, ``.txt`` or ``.xlsx`` by its name).

    At most ``max_rows`` rows below the header are read; the reader stops at the next one.
    Raises ``TableFileError`` saying why when the file cannot be read as a table, holds more
    rows, or is a workbook that ``open_workbook`` refuses.
    """
    if len(data) > MAX_BYTES:
        raise TableFileError(_("%(file)s: the file is larger than 5 MB.") % {"file": filename})
    if filename.lower().endswith(".xlsx"):
        return _xlsx(data, filename, max_rows=max_rows)
    if filename.lower().endswith((".csv", ".txt")):
        return _csv(data, filename, max_rows=max_rows)
    raise TableFileError(_("%(file)s: upload a CSV or XLSX file.") % {"file": filename})


def _too_many_rows(filename: str, max_rows: int) -> TableFileError:
    return TableFileError(
        _(
            "%(file)s: more than %(max)d rows below the header; at most %(max)d rows can be "
            "imported at once."
        )
        % {"file": filename, "max": max_rows}
    )


def _csv(data: bytes, filename: str, *, max_rows: int) -> UploadedTable:
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
                if len(rows) == max_rows:
                    raise _too_many_rows(filename, max_rows)
                rows.append((line, list(cells)))
            line = reader.line_num + 1
    except csv.Error as error:
        raise TableFileError(
            _("%(file)s: not a readable CSV file (%(error)s).") % {"file": filename, "error": error}
        ) from error
    return UploadedTable(header=header, rows=rows, unit=LINE, filename=filename)


def _xlsx(data: bytes, filename: str, *, max_rows: int) -> UploadedTable:
    workbook = open_workbook(data, filename, max_rows=max_rows)
    try:
        rows_iter = sheet_rows(workbook.worksheets[0], filename, max_rows=max_rows)
        try:
            _line, first = next(rows_iter)
        except StopIteration:
            raise TableFileError(
                _("%(file)s: the first sheet is empty.") % {"file": filename}
            ) from None
        header = [str(cell).strip() if cell is not None else "" for cell in first]
        rows = [(line, list(values)) for line, values in rows_iter if not _blank(values)]
    finally:
        workbook.close()
    return UploadedTable(header=header, rows=rows, unit=ROW, filename=filename)


def _blank(values: Sequence[object]) -> bool:
    return all(value in (None, "") for value in values)


# Workbooks: checked before openpyxl parses them, then read row by row.

# What openpyxl, Python's zipfile and the XML parsers raise for a damaged workbook.
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    SyntaxError,  # xml.etree's ParseError and lxml's XMLSyntaxError
    KeyError,
    IndexError,
    TypeError,
    ValueError,
)


def _unreadable(filename: str) -> TableFileError:
    return TableFileError(_("%(file)s: not a readable XLSX workbook.") % {"file": filename})


def open_workbook(source: bytes | Path, filename: str, *, max_rows: int = MAX_ROWS) -> Workbook:
    """The workbook in ``source`` (its bytes, or a path), opened read-only by openpyxl once
    it has passed ``check_workbook``; the caller closes it. Read its sheets with
    ``sheet_rows``. Raises ``TableFileError`` for a refused or unreadable workbook."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_workbook(source, filename, max_rows=max_rows)
    try:
        return load_workbook(
            io.BytesIO(source) if isinstance(source, bytes) else source,
            read_only=True,
            data_only=True,
        )
    except TableFileError:
        raise
    except (InvalidFileException, *_DAMAGED) as error:
        raise _unreadable(filename) from error


def sheet_rows(
    sheet: ReadOnlyWorksheet, filename: str, *, max_rows: int = MAX_ROWS
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """Every row of a sheet of ``open_workbook`` as (row number, values), blank rows too,
    each as wide as its last cell. Stops with ``TableFileError`` at the first row beyond
    ``max_rows`` rows with a value below the first row, at a row of more than
    ``MAX_COLUMNS`` cells, and at a fault of the XML."""
    # A sheet may state its size (“A1:XFD1048576”); openpyxl would pad every row to it.
    sheet.reset_dimensions()
    filled = 0
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(values) > MAX_COLUMNS:
                raise _too_wide(filename, number)
            if number > 1 and not _blank(values):
                filled += 1
                if filled > max_rows:
                    raise _too_many_rows(filename, max_rows)
            yield number, values
    except TableFileError:
        raise
    except _DAMAGED as error:
        raise _unreadable(filename) from error


def _too_wide(filename: str, row: int) -> TableFileError:
    return TableFileError(
        _(
            "%(file)s: row %(row)d has more than %(max)d cells; no table to import is so wide. "
            "Delete the cells to the right of the table."
        )
        % {"file": filename, "row": row, "max": MAX_COLUMNS}
    )


def check_workbook(source: bytes | Path, filename: str, *, max_rows: int = MAX_ROWS) -> None:
    """Refuse a workbook that openpyxl should not parse, before it does: with
    ``TableFileError`` naming the limit or the fault.

    From the ZIP directory: more than ``MAX_PARTS`` parts (files), all parts unpacking to
    more than ``MAX_UNPACKED_BYTES``, or a part compressed more than ``MAX_COMPRESSION_RATIO``
    to 1. Python's zipfile never
    unpacks more than a part's stated size (and then finds its checksum wrong), so the
    stated sizes bound the work. Then one streaming pass over every part with expat, which
    stops at the first fault: a document type declaration (where entities are declared),
    a sheet row of more than ``MAX_COLUMNS`` cells, more than ``max_rows`` rows with a value
    below the first, more XML elements than a table of ``max_rows`` rows needs.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            members = [info for info in zf.infolist() if not info.is_dir()]
            if len(members) > MAX_PARTS:
                raise TableFileError(
                    _("%(file)s: the workbook has more than %(max)d parts; it has not been read.")
                    % {"file": filename, "max": MAX_PARTS}
                )
            if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
                raise TableFileError(
                    _(
                        "%(file)s: the workbook unpacks to more than %(limit)d MB; "
                        "it has not been read."
                    )
                    % {"file": filename, "limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
                )
            for info in members:
                if (
                    info.file_size > _RATIO_CHECKED_FROM
                    and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
                ):
                    raise TableFileError(
                        _(
                            "%(file)s: the part %(part)s of the workbook is compressed more "
                            "than %(ratio)d to 1, as no spreadsheet is; it has not been read."
                        )
                        % {"file": filename, "part": info.filename, "ratio": MAX_COMPRESSION_RATIO}
                    )
            budget = _XmlBudget(_BASE_ELEMENTS + (max_rows + 1) * _ELEMENTS_PER_ROW)
            for info in members:
                with zf.open(info) as part:
                    _XmlPass(filename, info.filename, max_rows, budget).run(part)
    except TableFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        # NotImplementedError: a compression method zipfile does not know.
        raise _unreadable(filename) from error


class _XmlBudget:
    """The XML elements the parts of one workbook may still hold."""

    def __init__(self, elements: int) -> None:
        self.limit = elements
        self.left = elements


class _XmlPass:
    """One streaming pass over a part of a workbook; see ``check_workbook``.

    Rows and cells are recognised by their names wherever they stand, as openpyxl's sheet
    parser does; only element starts are looked at, which keeps the pass cheap (about a
    third of what openpyxl then takes to read the sheet).
    """

    def __init__(self, filename: str, part: str, max_rows: int, budget: _XmlBudget) -> None:
        self.filename = filename
        self.part = part
        self.max_rows = max_rows
        self.budget = budget
        self.rows_with_values = 0
        self.row_number = 0
        self.cells = 0
        self.row_has_value = False
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.ordered_attributes = True
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.StartElementHandler = self.start

    def run(self, stream) -> None:
        try:
            while chunk := stream.read(_CHUNK):
                self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except expat.ExpatError:
            # Not XML (a picture), or XML that expat cannot read: openpyxl's parsers refuse
            # it too where they read it, and that is reported as an unreadable workbook.
            return
        self.row_end()

    def doctype(self, *_args) -> None:
        raise TableFileError(
            _(
                "%(file)s: the part %(part)s of the workbook declares a document type "
                "(<!DOCTYPE …>), which spreadsheets do not use and which can hide entities; "
                "it has not been read."
            )
            % {"file": self.filename, "part": self.part}
        )

    def start(self, name: str, attributes: list[str]) -> None:
        self.budget.left -= 1
        if self.budget.left < 0:
            raise TableFileError(
                _(
                    "%(file)s: the workbook holds more XML elements than a table of %(rows)d "
                    "rows needs (in %(part)s); it has not been read."
                )
                % {"file": self.filename, "rows": self.max_rows, "part": self.part}
            )
        local = name[name.rfind(" ") + 1 :]
        if local == "c":
            self.cells += 1
            if self.cells > MAX_COLUMNS:
                raise _too_wide(self.filename, self.row_number)
        elif local in ("v", "is", "f"):
            self.row_has_value = True
        elif local == "row":
            self.row_end()
            stated = dict(zip(attributes[::2], attributes[1::2], strict=True)).get("r")
            self.row_number = _row_number(stated, self.row_number + 1)

    def row_end(self) -> None:
        if self.row_has_value:
            self.rows_with_values += 1
            # The first row with a value is the header, or a title above it.
            if self.rows_with_values > self.max_rows + 1:
                raise _too_many_rows(self.filename, self.max_rows)
        self.cells = 0
        self.row_has_value = False


def _row_number(stated: str | None, following: int) -> int:
    return int(stated) if stated and stated.isdigit() and len(stated) < 8 else following
