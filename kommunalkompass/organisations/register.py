"""The municipality register import: the Destatis GV-ISys extract into ``RegisterEntry``.

The Federal Statistical Office publishes the "Gemeindeverzeichnis, Auszug" as a workbook
(XLSX); a CSV conversion of it keeps the same 20 columns. Both are read here, every row is
checked, and the register is then brought up to date in one transaction: all rows or none.

``register_parse`` only reads and checks a file; ``register_import`` parses and writes.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from kommunalkompass.documents.tables import (
    LINE,
    MAX_ROWS,
    ROW,
    RowError,
    RowsError,
    TableFileError,
    open_workbook,
    sheet_rows,
)

from .models import RegisterEntry, State

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

COLUMNS: tuple[str, ...] = (
    "satzart",
    "textkennzeichen",
    "land",
    "rb",
    "kreis",
    "vb",
    "gemeinde",
    "gemeindename",
    "flaeche",
    "bevoelkerung",
    "maennlich",
    "weiblich",
    "jekm2",
    "postleitzahl",
    "laengengrad",
    "breitengrad",
    "schluessel",
    "bezeichnung",
    "verstaedterungschluessel",
    "verstaedterungbezeichnung",
)
COLUMN_COUNT = len(COLUMNS)
_COLUMN = {name: index for index, name in enumerate(COLUMNS)}

RecordType = RegisterEntry.RecordType
# Plain ints: enum members are slow in a loop over 16,000 rows.
_DISTRICT = RecordType.DISTRICT.value
_MUNICIPAL_ASSOCIATION = RecordType.MUNICIPAL_ASSOCIATION.value
_MUNICIPALITY = RecordType.MUNICIPALITY.value
_STATE_KEYS = frozenset(State.values)

RECORD_TYPE_PLURALS: dict[int, str] = {
    RecordType.STATE.value: "Länder",
    RecordType.ADMINISTRATIVE_REGION.value: "Regierungsbezirke",
    RecordType.REGION.value: "Regionen",
    RecordType.DISTRICT.value: "Kreise",
    RecordType.MUNICIPAL_ASSOCIATION.value: "Gemeindeverbände",
    RecordType.MUNICIPALITY.value: "Gemeinden",
}

# The key parts each record type carries, with their widths. A Region (Satzart 30, only in
# Baden-Württemberg) keeps its one-digit number in the Kreis column.
KEY_LAYOUT: dict[int, tuple[tuple[str, int], ...]] = {
    RecordType.STATE.value: (("land", 2),),
    RecordType.ADMINISTRATIVE_REGION.value: (("land", 2), ("rb", 1)),
    RecordType.REGION.value: (("land", 2), ("rb", 1), ("kreis", 1)),
    RecordType.DISTRICT.value: (("land", 2), ("rb", 1), ("kreis", 2)),
    RecordType.MUNICIPAL_ASSOCIATION.value: (("land", 2), ("rb", 1), ("kreis", 2), ("vb", 4)),
    RecordType.MUNICIPALITY.value: (
        ("land", 2),
        ("rb", 1),
        ("kreis", 2),
        ("vb", 4),
        ("gemeinde", 3),
    ),
}
KEY_PARTS: tuple[str, ...] = ("land", "rb", "kreis", "vb", "gemeinde")
_SATZART = {str(record_type): record_type for record_type in KEY_LAYOUT}
_KEY_WIDTHS = {record_type: dict(layout) for record_type, layout in KEY_LAYOUT.items()}

# The model fields an import writes besides record_type and key, in a fixed order so that
# a record and a database row can be compared as tuples.
ENTRY_FIELDS: tuple[str, ...] = (
    "ags",
    "ars",
    "name",
    "text_code",
    "state",
    "district_key",
    "district_name",
    "population",
    "area_km2",
    "postcode",
    "urbanisation_code",
    "urbanisation",
    "search_name",
)

BATCH_SIZE = 1000
_MAX_NAME_LENGTH = RegisterEntry._meta.get_field("name").max_length or 200
_MAX_URBANISATION_LENGTH = RegisterEntry._meta.get_field("urbanisation").max_length or 100
_MAX_AREA = Decimal(10) ** 8  # max_digits=10, decimal_places=2
_CENT = Decimal("0.01")
_WHITESPACE = re.compile(r"\s+")  # also the no-break and thin spaces used as separators
_XLSX_HEADER_SCAN_ROWS = 50


class RegisterError(Exception):
    """The register file cannot be imported; nothing has been changed."""


class RegisterFileError(RegisterError):
    """The file as a whole is unusable: missing, empty, of an unknown type, wrong header."""


class RegisterRowsError(RegisterError, RowsError):
    """Some rows of the file are bad; ``errors`` lists every one of them."""


@dataclass(slots=True)
class RegisterRecord:
    """One checked register record, ready to be written as a ``RegisterEntry``."""

    line: int
    record_type: int
    key: str
    ags: str
    ars: str
    name: str
    text_code: str
    state: str
    district_key: str
    district_name: str
    population: int | None
    area_km2: Decimal | None
    postcode: str
    urbanisation_code: str
    urbanisation: str

    @property
    def search_name(self) -> str:
        # Case-folded in Python: SQLite folds the case of ASCII letters only (Ä, Ö, Ü).
        return self.name.casefold()

    def field_values(self) -> tuple:
        """The values of ``ENTRY_FIELDS``, in that order."""
        return tuple(getattr(self, name) for name in ENTRY_FIELDS)


@dataclass(slots=True)
class ParseResult:
    """What a register file holds: its good records and every bad row."""

    path: Path
    file_format: str
    records: list[RegisterRecord]
    errors: list[RowError]
    row_count: int  # the data rows read (lines of a CSV file, rows of a worksheet)

    @property
    def counts_by_type(self) -> dict[int, int]:
        counts = dict.fromkeys(RECORD_TYPE_PLURALS, 0)
        for record in self.records:
            counts[record.record_type] += 1
        return counts


@dataclass(slots=True)
class RecordTypeCounts:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(slots=True)
class ImportSummary:
    """What an import did, per record type."""

    path: Path
    by_type: dict[int, RecordTypeCounts] = field(
        default_factory=lambda: {record_type: RecordTypeCounts() for record_type in KEY_LAYOUT}
    )
    # Entries in the database that the file no longer contains (e.g. merged municipalities).
    missing: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        return sum(counts.total for counts in self.by_type.values())

    @property
    def created(self) -> int:
        return sum(counts.created for counts in self.by_type.values())

    @property
    def updated(self) -> int:
        return sum(counts.updated for counts in self.by_type.values())

    @property
    def unchanged(self) -> int:
        return sum(counts.unchanged for counts in self.by_type.values())

    def as_text(self) -> str:
        """A short table for the command line."""
        lines = [
            f"Read {self.total:,} register records from {self.path.name}.",
            f"  {'':<18} {'in file':>8} {'created':>8} {'updated':>8} {'unchanged':>9}",
        ]
        for record_type, counts in self.by_type.items():
            lines.append(
                f"  {RECORD_TYPE_PLURALS[record_type]:<18} {counts.total:>8,} "
                f"{counts.created:>8,} {counts.updated:>8,} {counts.unchanged:>9,}"
            )
        lines.append(
            f"  {'Total':<18} {self.total:>8,} {self.created:>8,} "
            f"{self.updated:>8,} {self.unchanged:>9,}"
        )
        lines.append(
            f"Created {self.created:,}, updated {self.updated:,}, unchanged {self.unchanged:,}."
        )
        if self.deleted:
            lines.append(f"Deleted {self.deleted:,} entries that are no longer in the file.")
        elif self.missing:
            lines.append(
                f"{self.missing:,} entries in the database are not in the file; they were kept "
                "(use --delete-missing to remove them)."
            )
        return "\n".join(lines)


def register_parse(*, path: Path | str) -> ParseResult:
    """Read and check a GV-ISys extract (``.csv`` or ``.xlsx``) without touching the database.

    Returns every good record and every bad row (with its line or row number and the
    reason). Raises ``RegisterFileError`` when the file as a whole cannot be used: it is
    missing, empty, of another type, or its header is not the register's.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise RegisterFileError(
            f"{path.name}: unsupported file type {suffix or '(none)'!r}; give the register as a "
            ".csv or .xlsx file (an old .xls workbook can be saved as .xlsx)."
        )
    if not path.is_file():
        raise RegisterFileError(f"{path}: file not found.")
    if path.stat().st_size == 0:
        raise RegisterFileError(f"{path.name}: the file is empty.")
    if suffix == ".csv":
        rows, unit = _csv_rows(path), LINE
    else:
        rows, unit = _xlsx_rows(path), ROW
    if not rows:
        raise RegisterFileError(f"{path.name}: the file holds a header but no register records.")
    records, errors = _records_from_rows(rows, unit=unit)
    return ParseResult(
        path=path, file_format=suffix[1:], records=records, errors=errors, row_count=len(rows)
    )


def register_import(*, path: Path | str, delete_missing: bool = False) -> ImportSummary:
    """Bring the register up to date with a GV-ISys extract, all or nothing.

    Records are matched by record type and key: new ones are created, changed ones updated,
    equal ones left alone, so a second run of the same file changes nothing. Entries that
    the file no longer contains are kept unless ``delete_missing`` is set. With any bad row,
    ``RegisterRowsError`` lists them all and the database is not touched; file-level
    problems raise ``RegisterFileError``.
    """
    parsed = register_parse(path=path)
    if parsed.errors:
        raise RegisterRowsError(
            filename=parsed.path.name, row_count=parsed.row_count, errors=parsed.errors
        )
    try:
        with transaction.atomic():
            return _register_write(parsed, delete_missing=delete_missing)
    except IntegrityError as error:
        # Only a concurrent import can get here: the file's keys are unique.
        raise RegisterError(
            f"{parsed.path.name}: the register was changed by someone else during the import "
            f"({error}); nothing has been imported, please try again."
        ) from error


def _register_write(parsed: ParseResult, *, delete_missing: bool) -> ImportSummary:
    summary = ImportSummary(path=parsed.path)
    existing = {
        (row[1], row[2]): row
        for row in RegisterEntry.objects.values_list("id", "record_type", "key", *ENTRY_FIELDS)
    }
    now = timezone.now()
    to_create: list[RegisterEntry] = []
    to_update: list[RegisterEntry] = []
    for record in parsed.records:
        counts = summary.by_type[record.record_type]
        counts.total += 1
        values = record.field_values()
        current = existing.pop((record.record_type, record.key), None)
        entry_values = dict(zip(ENTRY_FIELDS, values, strict=True))
        if current is None:
            counts.created += 1
            to_create.append(
                RegisterEntry(record_type=record.record_type, key=record.key, **entry_values)
            )
        elif tuple(current[3:]) != values:
            counts.updated += 1
            to_update.append(
                RegisterEntry(
                    record_type=record.record_type, key=record.key, updated_at=now, **entry_values
                )
            )
        else:
            counts.unchanged += 1
    RegisterEntry.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    # An upsert on (record_type, key) rather than bulk_update(): its CASE WHEN statements
    # take a minute for a full register on SQLite, the upsert a second (SQLite, PostgreSQL).
    RegisterEntry.objects.bulk_create(
        to_update,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["record_type", "key"],
        update_fields=[*ENTRY_FIELDS, "updated_at"],
    )
    summary.missing = len(existing)
    if delete_missing and existing:
        ids = [row[0] for row in existing.values()]
        for start in range(0, len(ids), BATCH_SIZE):
            RegisterEntry.objects.filter(id__in=ids[start : start + BATCH_SIZE]).delete()
        summary.deleted = len(ids)
    return summary


# Reading the two file formats into (line or row number, cells) pairs.


def _csv_rows(path: Path) -> list[tuple[int, Sequence[object]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first_line = handle.readline()
            if not first_line.strip():
                raise RegisterFileError(
                    f"{path.name}: the file is empty or starts with a blank line."
                )
            # A CSV saved again by a German spreadsheet program uses semicolons.
            delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            header = next(reader)
            _check_csv_header(path, header)
            rows: list[tuple[int, Sequence[object]]] = []
            line = reader.line_num + 1
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    if len(rows) == MAX_ROWS:
                        raise RegisterFileError(
                            f"{path.name}: more than {MAX_ROWS} rows below the header; at most "
                            f"{MAX_ROWS} rows can be imported at once."
                        )
                    rows.append((line, cells))
                line = reader.line_num + 1
    except UnicodeDecodeError as error:
        raise RegisterFileError(
            f"{path.name}: the file is not UTF-8 encoded (byte {error.start}); "
            "save it as CSV UTF-8."
        ) from error
    except csv.Error as error:
        raise RegisterFileError(f"{path.name}: not a readable CSV file ({error}).") from error
    return rows


def _check_csv_header(path: Path, header: list[str]) -> None:
    found = [cell.strip().lstrip("\ufeff").lower() for cell in header]
    if found == list(COLUMNS):
        return
    if len(found) != COLUMN_COUNT:
        problem = f"it has {len(found)} columns, expected {COLUMN_COUNT}"
    else:
        index = next(
            i for i, (got, want) in enumerate(zip(found, COLUMNS, strict=True)) if got != want
        )
        problem = f"column {index + 1} is {header[index]!r}, expected {COLUMNS[index]!r}"
    raise RegisterFileError(
        f"{path.name}: wrong header ({problem}). The first line must name the "
        f"{COLUMN_COUNT} columns of the GV-ISys extract: {', '.join(COLUMNS)}."
    )


def _xlsx_rows(path: Path) -> list[tuple[int, Sequence[object]]]:
    # The workbook is checked before openpyxl parses it, and read row by row up to the
    # limit (documents.tables; docs/security.md, "Imports").
    try:
        workbook = open_workbook(path, path.name, max_rows=MAX_ROWS)
        try:
            for sheet in workbook.worksheets:
                rows = _xlsx_sheet_rows(sheet, path.name)
                if rows is not None:
                    return rows
        finally:
            workbook.close()
    except TableFileError as error:
        raise RegisterFileError(str(error)) from error
    raise RegisterFileError(
        f"{path.name}: wrong header: no sheet has the register layout, a 'Satzart' column "
        "heading followed by rows whose first column is the Satzart (10 to 60)."
    )


def _xlsx_sheet_rows(
    sheet: ReadOnlyWorksheet, filename: str
) -> list[tuple[int, Sequence[object]]] | None:
    """The data rows of a sheet in the official layout, or None for any other sheet."""
    # sheet_rows ignores the stored dimension, which may be wrong: every row comes back at
    # its true length.
    header_seen = False
    rows: list[tuple[int, Sequence[object]]] | None = None
    for number, values in sheet_rows(sheet, filename, max_rows=MAX_ROWS):
        cells = _trim(values)
        if rows is None:
            if cells and header_seen and _is_satzart_like(cells[0]):
                rows = []
            else:
                header_seen = header_seen or any(_is_satzart_heading(cell) for cell in cells)
                if number >= _XLSX_HEADER_SCAN_ROWS and not header_seen:
                    return None
                continue
        if not cells or _is_footnote(cells) or _is_keyless(cells):
            continue
        rows.append((number, cells))
    return rows


def _is_keyless(cells: Sequence[object]) -> bool:
    # A row without Satzart and key (a total for Germany, a repeated heading) is no record.
    return all(cell is None for cell in cells[: _COLUMN["gemeinde"] + 1])


def _trim(values: Iterable[object]) -> list[object]:
    cells = [None if isinstance(value, str) and not value.strip() else value for value in values]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _is_satzart_heading(value: object) -> bool:
    return isinstance(value, str) and re.sub(r"[^a-z]", "", value.lower()) == "satzart"


def _is_satzart_like(value: object) -> bool:
    text = _text(value)
    return len(text) == 2 and text.isdigit()


def _is_footnote(cells: Sequence[object]) -> bool:
    # Notes under the table ("1) Fläche …", "Gebietsstand: …") fill the first column only.
    return (
        isinstance(cells[0], str)
        and not _text(cells[0]).isdigit()
        and all(cell is None for cell in cells[1:])
    )


# Turning cells into records.


def _records_from_rows(
    rows: Sequence[tuple[int, Sequence[object]]], *, unit: str
) -> tuple[list[RegisterRecord], list[RowError]]:
    records: list[RegisterRecord] = []
    errors: list[RowError] = []
    first_line: dict[tuple[int, str], int] = {}
    for line, cells in rows:
        problems: list[str] = []  # a bad row is reported once, with all its reasons
        record = _record_from_cells(line, cells, problems, unit=unit)
        if record is not None and not problems:
            identity = (record.record_type, record.key)
            if identity in first_line:
                problems.append(
                    f"duplicate key {record.key} for Satzart {record.record_type} "
                    f"(first on {unit} {first_line[identity]})"
                )
            else:
                first_line[identity] = line
        if problems:
            errors.append(RowError.of(line, problems, unit=unit))
        elif record is not None:
            records.append(record)
    _resolve_district_names(records, errors, unit=unit)
    errors.sort(key=lambda error: error.line)
    return records, errors


def _resolve_district_names(
    records: list[RegisterRecord], errors: list[RowError], *, unit: str
) -> None:
    district_names = {
        record.key: record.name for record in records if record.record_type == _DISTRICT
    }
    unresolved: list[RegisterRecord] = []
    for record in records:
        if not record.district_key:
            continue
        name = district_names.get(record.district_key)
        if name is None:
            unresolved.append(record)
            errors.append(
                RowError(
                    line=record.line,
                    reason=f"no Kreis record (Satzart 40) with key {record.district_key} "
                    "in the file",
                    unit=unit,
                )
            )
        else:
            record.district_name = name
    if unresolved:
        bad = {id(record) for record in unresolved}
        records[:] = [record for record in records if id(record) not in bad]


def _record_from_cells(
    line: int, cells: Sequence[object], problems: list[str], *, unit: str
) -> RegisterRecord | None:
    if len(cells) != COLUMN_COUNT and (unit == LINE or len(cells) > COLUMN_COUNT):
        problems.append(f"wrong column count: {len(cells)} columns, expected {COLUMN_COUNT}")
        return None
    if len(cells) < COLUMN_COUNT:  # a spreadsheet row ends at its last filled cell
        cells = [*cells, *([None] * (COLUMN_COUNT - len(cells)))]

    def cell(name: str) -> object:
        return cells[_COLUMN[name]]

    satzart = _text(cell("satzart"))
    record_type = _SATZART.get(satzart)
    if record_type is None:
        problems.append(f"unknown Satzart {satzart!r} (expected 10, 20, 30, 40, 50 or 60)")
        return None

    parts = _key_parts(record_type, cells, problems)
    state = parts.get("land", "")
    if state and state not in _STATE_KEYS:
        problems.append(f"state key {state} is outside 01–16")

    name = _WHITESPACE.sub(" ", _text(cell("gemeindename")))
    if not name:
        problems.append("missing name (gemeindename)")
    elif len(name) > _MAX_NAME_LENGTH:
        problems.append(f"name is longer than {_MAX_NAME_LENGTH} characters")

    text_code = _text(cell("textkennzeichen"))
    if text_code and not (len(text_code) == 2 and text_code.isdigit()):
        problems.append(f"Textkennzeichen {text_code!r} is not a two-digit code")
    elif record_type >= _DISTRICT and text_code[:1] != satzart[:1]:
        problems.append(
            f"Textkennzeichen {text_code or '(empty)'!r} does not fit Satzart {satzart} "
            f"(expected {satzart[0]}1 to {satzart[0]}9)"
        )

    population = _whole_number(cell("bevoelkerung"), "population (bevoelkerung)", problems)
    area = _area(cell("flaeche"), problems)
    postcode = _digits(cell("postleitzahl"), 5, "postcode (postleitzahl)", problems)
    urbanisation_code = _digits(
        cell("verstaedterungschluessel"), 2, "urbanisation key (verstaedterungschluessel)", problems
    )
    urbanisation = _WHITESPACE.sub(" ", _text(cell("verstaedterungbezeichnung")))
    if len(urbanisation) > _MAX_URBANISATION_LENGTH:
        problems.append(f"urbanisation is longer than {_MAX_URBANISATION_LENGTH} characters")
    if problems:
        return None

    land, rb, kreis = parts.get("land", ""), parts.get("rb", ""), parts.get("kreis", "")
    vb, gemeinde = parts.get("vb", ""), parts.get("gemeinde", "")
    # Kreis 00 holds areas outside every Kreis (coastal waters, the German-Luxembourg
    # condominium): they have no district.
    in_district = record_type >= _DISTRICT and kreis != "00"
    if record_type == _MUNICIPALITY:
        ags, ars = land + rb + kreis + gemeinde, land + rb + kreis + vb + gemeinde
    elif record_type == _MUNICIPAL_ASSOCIATION:
        ags, ars = "", land + rb + kreis + vb
    elif record_type == _DISTRICT:
        ags, ars = land + rb + kreis + "000", land + rb + kreis
    else:
        ags, ars = "", ""
    return RegisterRecord(
        line=line,
        record_type=record_type,
        key="".join(parts[name] for name, _width in KEY_LAYOUT[record_type]),
        ags=ags,
        ars=ars,
        name=name,
        text_code=text_code,
        state=state,
        district_key=land + rb + kreis if in_district else "",
        district_name="",
        population=population,
        area_km2=area,
        postcode=postcode,
        urbanisation_code=urbanisation_code,
        urbanisation=urbanisation,
    )


def _key_parts(record_type: int, cells: Sequence[object], problems: list[str]) -> dict[str, str]:
    layout = _KEY_WIDTHS[record_type]
    parts: dict[str, str] = {}
    for name in KEY_PARTS:
        value = _text(cells[_COLUMN[name]])
        width = layout.get(name)
        if width is None:
            if value:
                problems.append(
                    f"{name} {value!r} does not belong to a Satzart {record_type} record"
                )
            continue
        if not value:
            problems.append(f"missing {name} key part")
        elif not value.isdigit() or len(value) > width:
            problems.append(f"{name} {value!r} is not a key part of {width} digit(s)")
        else:
            parts[name] = value.zfill(width)
    return parts


def _text(value: object) -> str:
    """A cell as text; whole numbers from a spreadsheet lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _whole_number(value: object, label: str, problems: list[str]) -> int | None:
    if isinstance(value, bool):
        problems.append(f"{label} {value!r} is not a whole number")
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            problems.append(f"{label} {value!r} is not a whole number")
            return None
        number = int(value)
    else:
        # Thousands are separated by blanks in the extract (" 21 852").
        text = _WHITESPACE.sub("", _text(value))
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            problems.append(f"{label} {_text(value)!r} is not a whole number")
            return None
        number = int(text)
    if number < 0:
        problems.append(f"{label} {number} is negative")
        return None
    return number


def _area(value: object, problems: list[str]) -> Decimal | None:
    if isinstance(value, bool):
        problems.append(f"area (flaeche) {value!r} is not a number")
        return None
    if isinstance(value, int | float):
        text = repr(value)
    else:
        text = _WHITESPACE.sub("", _text(value))
        if not text:
            return None
        # The extract writes the area with a decimal point; a re-saved file may use a comma.
        if "," in text and "." not in text:
            text = text.replace(",", ".")
    try:
        area = Decimal(text)
    except InvalidOperation:
        area = None
    if area is None or not area.is_finite():
        problems.append(f"area (flaeche) {_text(value)!r} is not a number")
        return None
    if area < 0 or area >= _MAX_AREA:
        problems.append(f"area (flaeche) {_text(value)} km² is out of range")
        return None
    return area.quantize(_CENT, rounding=ROUND_HALF_UP)


def _digits(value: object, width: int, label: str, problems: list[str]) -> str:
    text = _text(value)
    if not text:
        return ""
    if not (text.isascii() and text.isdigit()) or len(text) > width:
        problems.append(f"{label} {text!r} is not a code of {width} digits")
        return ""
    # A spreadsheet cell holding 1067 (Dresden) has lost its leading zero.
    return text.zfill(width)
