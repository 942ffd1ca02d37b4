"""The OZG catalog import: Themenfelder, Lebenslagen, OZG-Leistungen, Verwaltungsleistungen.

A catalog file (CSV in UTF-8 or an XLSX workbook, first sheet) has one row per
Verwaltungsleistung (a LeiKa service) with the OZG-Leistung it belongs to, under the header
``themenfeld, lebenslage, ozg_id, ozg_leistung, leika_key, leistung, leika_typ,
rechtsgrundlage`` and an optional ``zustaendigkeit`` (or ``jurisdiction``) column. See
``docs/ozg-catalog.md`` for the format and the quirks of the published catalog.

``catalog_parse`` only reads and checks; ``catalog_apply`` writes a checked file in one
transaction; ``catalog_import`` does both for a path; ``load_shipped_catalog`` loads the small
catalog that ships with the product. The catalog is matched by keys (Themenfeld and Lebenslage
by name, OZG-Leistung by OZG-ID, Verwaltungsleistung by OZG-Leistung and LeiKa key), so an
import updates rows in place and an organisation's service states stay attached when a
service is renamed. Nothing is ever deleted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kommunalkompass.documents.tables import (
    ERROR_LISTING_LIMIT,
    ROW,
    RowError,
    RowsError,
    TableFileError,
    format_row_errors,
    read_table,
)

from . import counts as level_counts
from .execution import (
    EXECUTION_FILE,
    default_levels,
    jurisdiction_from_leika_types,
    load_execution_list,
)
from .models import Jurisdiction, Lebenslage, OzgLeistung, Themenfeld, Verwaltungsleistung

COLUMNS: tuple[str, ...] = (
    "themenfeld",
    "lebenslage",
    "ozg_id",
    "ozg_leistung",
    "leika_key",
    "leistung",
    "leika_typ",
    "rechtsgrundlage",
)
# The optional ninth column: who carries the service (bund, land, kommune).
JURISDICTION_COLUMNS: tuple[str, ...] = ("zustaendigkeit", "jurisdiction")
SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")

SHIPPED_CATALOG = Path(__file__).resolve().parent / "data" / "catalog-basis.csv"

BATCH_SIZE = 500

_WHITESPACE = re.compile(r"\s+")  # also tabs, line breaks and no-break spaces inside cells
_OZG_ID = re.compile(r"[0-9]{5}")
_LEIKA_KEY = re.compile(r"[0-9]{14}")
_DIGITS = re.compile(r"[0-9]+")
# A number a spreadsheet program turned into scientific notation (9,9012E+13).
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]+)?E\+?[0-9]+", re.IGNORECASE)
# LeiKa types 1 to 11 (some with a letter, 2a), alone or combined: "2/3", "1, 2/3".
_LEIKA_TYPE_PART = re.compile(r"(?:[1-9]|1[01])[ab]?")
_LEIKA_TYPE_SEPARATOR = re.compile(r"\s*[/,]\s*")
_NOT_IN_LEIKA = "nicht im leika"
_JURISDICTIONS = frozenset(Jurisdiction.values)


def _max_length(model: type, name: str) -> int | None:
    return model._meta.get_field(name).max_length


_MAX_THEMENFELD = _max_length(Themenfeld, "name")
_MAX_LEBENSLAGE = _max_length(Lebenslage, "name")
_MAX_OZG_NAME = _max_length(OzgLeistung, "name")
_MAX_SERVICE_NAME = _max_length(Verwaltungsleistung, "name")
_MAX_LEIKA_TYPE = _max_length(Verwaltungsleistung, "leika_type")
_MAX_LEGAL_BASIS = _max_length(Verwaltungsleistung, "legal_basis")


class CatalogError(Exception):
    """The catalog cannot be imported; nothing has been changed."""


class CatalogFileError(CatalogError):
    """The file as a whole is unusable: missing, empty, of another type, wrong header."""


class CatalogRowsError(CatalogError, RowsError):
    """Some rows are bad and the import was all-or-nothing; ``errors`` lists every one."""


@dataclass(slots=True)
class LeistungRecord:
    """An OZG-Leistung as the file describes it (merged over all its rows)."""

    ozg_id: str
    name: str
    themenfeld: str  # "" when no row names one
    lebenslage: str
    jurisdiction: str  # "" when the file names none and none can be derived
    line: int  # where it first appears
    # The single LeiKa types of its rows ("2/3" counts as "2" and "3"), rejected rows included.
    leika_types: set[str] = field(default_factory=set)
    # Where the jurisdiction comes from: the file's column, or derived (see below).
    jurisdiction_source: str = ""


# Where a jurisdiction comes from.
FROM_FILE = "file"
FROM_LEIKA_TYPES = "leika_types"
FROM_DEFAULT_LIST = "default_list"


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    """One checked Verwaltungsleistung, ready to be written."""

    line: int
    ozg_id: str
    leika_key: str
    name: str
    leika_type: str
    legal_basis: str


@dataclass(slots=True)
class CatalogParse:
    """What a catalog file holds: its good records and every bad row."""

    filename: str
    row_count: int
    leistungen: dict[str, LeistungRecord]
    services: list[ServiceRecord]
    errors: list[RowError]
    # Rows that were taken with a change the user should know of (a shortened legal basis).
    notes: list[RowError]
    has_jurisdiction: bool
    # The Themenfeld of each Lebenslage: "" when the file names none or several.
    lebenslage_themenfeld: dict[str, str]

    @property
    def themenfelder(self) -> set[str]:
        names = {record.themenfeld for record in self.leistungen.values()}
        names.update(self.lebenslage_themenfeld.values())
        names.discard("")
        return names

    @property
    def lebenslagen(self) -> set[str]:
        return set(self.lebenslage_themenfeld)

    @property
    def accepted_rows(self) -> int:
        return self.row_count - len(self.errors)

    @property
    def leistungen_without_services(self) -> set[str]:
        """OZG-IDs whose every row was rejected for its Verwaltungsleistung."""
        return set(self.leistungen) - {service.ozg_id for service in self.services}

    def derived_jurisdictions(self, source: str) -> dict[str, int]:
        """How many OZG-Leistungen got which jurisdiction from ``source`` (not the file)."""
        counts: dict[str, int] = {}
        for record in self.leistungen.values():
            if record.jurisdiction_source == source:
                counts[record.jurisdiction] = counts.get(record.jurisdiction, 0) + 1
        return counts


@dataclass(slots=True)
class KindCounts:
    in_file: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows in the database that the file does not contain; they are kept.
    not_in_file: int = 0


@dataclass(slots=True)
class CatalogImportSummary:
    """What an import did, per kind of catalog entry."""

    filename: str
    row_count: int
    rejected: list[RowError]
    notes: list[RowError]
    themenfelder: KindCounts = field(default_factory=KindCounts)
    lebenslagen: KindCounts = field(default_factory=KindCounts)
    leistungen: KindCounts = field(default_factory=KindCounts)
    services: KindCounts = field(default_factory=KindCounts)
    leistungen_without_services: int = 0
    # OZG-Leistungen whose jurisdiction was already set and differs from the file's.
    jurisdictions_kept: int = 0
    # Jurisdictions the file does not name, derived by source: {jurisdiction: count}.
    from_leika_types: dict[str, int] = field(default_factory=dict)
    from_default_list: dict[str, int] = field(default_factory=dict)

    @property
    def kinds(self) -> list[tuple[str, KindCounts]]:
        return [
            (_("Themenfelder"), self.themenfelder),
            (_("Lebenslagen"), self.lebenslagen),
            (_("OZG-Leistungen"), self.leistungen),
            (_("Verwaltungsleistungen"), self.services),
        ]

    @property
    def created(self) -> int:
        return sum(counts.created for _label, counts in self.kinds)

    @property
    def updated(self) -> int:
        return sum(counts.updated for _label, counts in self.kinds)

    def as_text(self, *, error_limit: int | None = ERROR_LISTING_LIMIT) -> str:
        """The summary for the command line: a table of counts, then every rejected row."""
        rejected = len(self.rejected)
        lines = [
            _("%(file)s: %(rows)d rows, %(accepted)d taken, %(rejected)d rejected.")
            % {
                "file": self.filename,
                "rows": self.row_count,
                "accepted": self.row_count - rejected,
                "rejected": rejected,
            }
        ]
        headings = [_("in file"), _("created"), _("updated"), _("unchanged")]
        label_width = max(len(label) for label, _counts in self.kinds)
        widths = [max(len(heading), 7) for heading in headings]
        lines.append(
            "  "
            + " " * label_width
            + "".join(
                f"  {heading:>{width}}" for heading, width in zip(headings, widths, strict=True)
            )
        )
        for label, counts in self.kinds:
            values = (counts.in_file, counts.created, counts.updated, counts.unchanged)
            lines.append(
                f"  {label:<{label_width}}"
                + "".join(
                    f"  {value:>{width}}" for value, width in zip(values, widths, strict=True)
                )
            )
        if self.created or self.updated:
            lines.append(
                _("Created %(created)d and updated %(updated)d catalog entries.")
                % {"created": self.created, "updated": self.updated}
            )
        else:
            lines.append(_("Nothing was created or updated: the catalog already matches the file."))
        kept = [(label, counts.not_in_file) for label, counts in self.kinds if counts.not_in_file]
        if kept:
            lines.append(
                _("Not in the file but kept in the catalog (an import never deletes): %(entries)s.")
                % {"entries": ", ".join(f"{count} {label}" for label, count in kept)}
            )
        if self.leistungen_without_services:
            lines.append(
                ngettext(
                    "%(count)d OZG-Leistung has no Verwaltungsleistung that could be taken "
                    "from the file.",
                    "%(count)d OZG-Leistungen have no Verwaltungsleistung that could be taken "
                    "from the file.",
                    self.leistungen_without_services,
                )
                % {"count": self.leistungen_without_services}
            )
        lines.extend(self._derived_text())
        if self.jurisdictions_kept:
            lines.append(
                ngettext(
                    "%(count)d OZG-Leistung kept the jurisdiction set before; the file's "
                    "jurisdiction is only used where none is set.",
                    "%(count)d OZG-Leistungen kept the jurisdiction set before; the file's "
                    "jurisdiction is only used where none is set.",
                    self.jurisdictions_kept,
                )
                % {"count": self.jurisdictions_kept}
            )
        if self.notes:
            lines.append(
                ngettext(
                    "%(count)d row was taken with a change:",
                    "%(count)d rows were taken with a change:",
                    len(self.notes),
                )
                % {"count": len(self.notes)}
            )
            lines.extend(f"  {line}" for line in format_row_errors(self.notes, limit=error_limit))
        if rejected:
            lines.append(
                ngettext(
                    "%(count)d row was rejected:",
                    "%(count)d rows were rejected:",
                    rejected,
                )
                % {"count": rejected}
            )
            lines.extend(
                f"  {line}" for line in format_row_errors(self.rejected, limit=error_limit)
            )
        return "\n".join(lines)

    def _derived_text(self) -> list[str]:
        federal = self.from_leika_types.get(Jurisdiction.BUND, 0)
        municipal = self.from_leika_types.get(Jurisdiction.KOMMUNE, 0)
        listed = sum(self.from_default_list.values())
        if not (federal or municipal or listed):
            return []
        return [
            _(
                "Jurisdiction derived where the file names none (and stored only where the "
                "catalog has none yet): %(federal)d federal and %(municipal)d municipal from "
                "the LeiKa types (every Verwaltungsleistung of type 1, or of type 5), "
                "%(listed)d municipal from the default list %(file)s (Stand %(stand)s)."
            )
            % {
                "federal": federal,
                "municipal": municipal,
                "listed": listed,
                "file": EXECUTION_FILE.name,
                "stand": load_execution_list().stand.isoformat(),
            }
        ]


# Reading.


def catalog_parse(*, data: bytes, filename: str) -> CatalogParse:
    """Read and check a catalog file's content without touching the database.

    Returns the OZG-Leistungen and Verwaltungsleistungen the file describes and every row
    that cannot be taken, with its line (CSV; the header is line 1) or row (XLSX) and the
    reasons. A row whose Verwaltungsleistung is bad (for example a LeiKa key "nicht im
    LeiKa") still contributes its OZG-Leistung when the OZG columns are good. Raises
    ``CatalogFileError`` when the file as a whole is unusable.
    """
    name = Path(filename).name
    _check_suffix(name)
    if not data:
        raise CatalogFileError(_("%(file)s: the file is empty.") % {"file": name})
    try:
        table = read_table(data, name)
    except TableFileError as error:
        raise CatalogFileError(str(error)) from error
    positions, jurisdiction_position, width = _columns(name, table.header)
    jurisdiction_column = (
        str(table.header[jurisdiction_position]).strip().lower()
        if jurisdiction_position is not None
        else JURISDICTION_COLUMNS[0]
    )
    if not table.rows:
        raise CatalogFileError(
            _("%(file)s: the file has a header but no catalog rows.") % {"file": name}
        )
    return _Reader(
        filename=name,
        unit=table.unit,
        positions=positions,
        jurisdiction_position=jurisdiction_position,
        jurisdiction_column=jurisdiction_column,
        width=width,
    ).read(table.rows)


def catalog_parse_file(*, path: Path | str) -> CatalogParse:
    """``catalog_parse`` for a file on disk."""
    path = Path(path)
    _check_suffix(path.name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogFileError(_("%(file)s: file not found.") % {"file": path}) from None
    except OSError as error:
        raise CatalogFileError(
            _("%(file)s: the file cannot be read (%(error)s).")
            % {"file": path, "error": error.strerror or error}
        ) from error
    return catalog_parse(data=data, filename=path.name)


def _check_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise CatalogFileError(
            _("%(file)s: unsupported file type; give the catalog as a .csv or .xlsx file.")
            % {"file": filename}
        )
    return suffix


def _columns(filename: str, header: Sequence[str]) -> tuple[dict[str, int], int | None, int]:
    """Where each column is, where the jurisdiction is (if any), and how many columns."""
    cells = [str(cell).strip().lstrip("\ufeff").lower() for cell in header]
    while cells and not cells[-1]:  # a spreadsheet may report empty cells after the last
        cells.pop()
    positions: dict[str, int] = {}
    jurisdiction: int | None = None
    problems: list[str] = []
    for index, cell in enumerate(cells):
        if cell in COLUMNS and cell not in positions:
            positions[cell] = index
        elif cell in JURISDICTION_COLUMNS and jurisdiction is None:
            jurisdiction = index
        else:
            problems.append(
                _("unexpected column “%(column)s”") % {"column": header[index]}
                if cell not in COLUMNS and cell not in JURISDICTION_COLUMNS
                else _("column “%(column)s” appears twice") % {"column": header[index]}
            )
    missing = [column for column in COLUMNS if column not in positions]
    if missing:
        problems.insert(0, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
    if problems:
        raise CatalogFileError(
            _(
                "%(file)s: wrong header (%(problems)s). The first line must name the columns "
                "%(columns)s, optionally followed by %(optional)s."
            )
            % {
                "file": filename,
                "problems": "; ".join(problems),
                "columns": ", ".join(COLUMNS),
                "optional": _("%(first)s (or %(second)s)")
                % {"first": JURISDICTION_COLUMNS[0], "second": JURISDICTION_COLUMNS[1]},
            }
        )
    return positions, jurisdiction, len(cells)


def _text(value: object) -> str:
    """A cell as one line of text: whitespace runs become one space, numbers lose ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _WHITESPACE.sub(" ", str(value)).strip()


@dataclass(slots=True)
class _Reader:
    filename: str
    unit: str
    positions: dict[str, int]
    jurisdiction_position: int | None
    jurisdiction_column: str
    width: int
    leistungen: dict[str, LeistungRecord] = field(default_factory=dict)
    services: list[ServiceRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[RowError] = field(default_factory=list)
    first_service_line: dict[tuple[str, str], int] = field(default_factory=dict)
    lebenslage_themenfelder: dict[str, set[str]] = field(default_factory=dict)

    def read(self, rows: Sequence[tuple[int, Sequence[object]]]) -> CatalogParse:
        for line, cells in rows:
            problems = self._row(line, cells)
            if problems:
                self.errors.append(RowError.of(line, problems, unit=self.unit))
        self._derive_jurisdictions()
        lebenslage_themenfeld = {
            name: next(iter(themenfelder)) if len(themenfelder) == 1 else ""
            for name, themenfelder in self.lebenslage_themenfelder.items()
        }
        return CatalogParse(
            filename=self.filename,
            row_count=len(rows),
            leistungen=self.leistungen,
            services=self.services,
            errors=self.errors,
            notes=self.notes,
            has_jurisdiction=self.jurisdiction_position is not None,
            lebenslage_themenfeld=lebenslage_themenfeld,
        )

    def _row(self, line: int, cells: Sequence[object]) -> list[str]:
        """Take what is good in one row; return the reasons it cannot be taken (if any)."""
        cells = list(cells)
        if len(cells) < self.width and self.unit == ROW:
            cells.extend([None] * (self.width - len(cells)))
        if len(cells) < self.width or any(_text(cell) for cell in cells[self.width :]):
            return [
                _("%(count)d columns, expected %(expected)d")
                % {"count": len(cells), "expected": self.width}
            ]
        value = {column: _text(cells[index]) for column, index in self.positions.items()}
        jurisdiction = (
            _text(cells[self.jurisdiction_position]).lower()
            if self.jurisdiction_position is not None
            else ""
        )
        leistung_problems = self._leistung_problems(value, jurisdiction)
        service_problems = self._service_problems(value)
        if not leistung_problems:
            leistung_problems = self._merge_leistung(line, value, jurisdiction)
        if not leistung_problems:
            # The row's type says who executes the OZG-Leistung even if its LeiKa key is bad.
            self._note_leika_types(value["ozg_id"], value["leika_typ"])
        if leistung_problems or service_problems:
            return leistung_problems + service_problems
        ozg_id, leika_key = value["ozg_id"], value["leika_key"]
        first = self.first_service_line.setdefault((ozg_id, leika_key), line)
        if first != line:
            return [
                _("OZG-ID %(ozg_id)s lists LeiKa key %(key)s twice (first on %(unit)s %(line)d)")
                % {"ozg_id": ozg_id, "key": leika_key, "unit": self._unit(), "line": first}
            ]
        legal_basis = value["rechtsgrundlage"]
        if _MAX_LEGAL_BASIS and len(legal_basis) > _MAX_LEGAL_BASIS:
            self.notes.append(
                RowError(
                    line=line,
                    reason=_(
                        "the legal basis (rechtsgrundlage) has %(length)d characters and was "
                        "shortened to %(max)d"
                    )
                    % {"length": len(legal_basis), "max": _MAX_LEGAL_BASIS},
                    unit=self.unit,
                )
            )
            legal_basis = legal_basis[: _MAX_LEGAL_BASIS - 1].rstrip() + "…"
        self.services.append(
            ServiceRecord(
                line=line,
                ozg_id=ozg_id,
                leika_key=leika_key,
                name=value["leistung"],
                leika_type=value["leika_typ"],
                legal_basis=legal_basis,
            )
        )
        return []

    def _unit(self) -> str:
        return _("row") if self.unit == ROW else _("line")

    def _note_leika_types(self, ozg_id: str, leika_type: str) -> None:
        if not leika_type:
            return
        parts = _LEIKA_TYPE_SEPARATOR.split(leika_type)
        if all(_LEIKA_TYPE_PART.fullmatch(part) for part in parts):
            self.leistungen[ozg_id].leika_types.update(parts)

    def _derive_jurisdictions(self) -> None:
        """Fill the jurisdictions the file leaves empty: from the LeiKa types where they
        decide (every type 1: federal; every type 5: municipal), else from the default
        list of execution levels (municipal)."""
        listed = default_levels()
        for record in self.leistungen.values():
            if record.jurisdiction:
                record.jurisdiction_source = FROM_FILE
                continue
            derived = jurisdiction_from_leika_types(record.leika_types)
            if derived:
                record.jurisdiction, record.jurisdiction_source = derived, FROM_LEIKA_TYPES
            elif record.ozg_id in listed:
                record.jurisdiction = Jurisdiction.KOMMUNE.value
                record.jurisdiction_source = FROM_DEFAULT_LIST

    def _leistung_problems(self, value: dict[str, str], jurisdiction: str) -> list[str]:
        problems: list[str] = []
        ozg_id, name = value["ozg_id"], value["ozg_leistung"]
        if not ozg_id and not name:
            problems.append(
                _("the row belongs to no OZG-Leistung (ozg_id and ozg_leistung are empty)")
            )
        elif not ozg_id:
            problems.append(_("the OZG-ID (ozg_id) is empty"))
        elif not _OZG_ID.fullmatch(ozg_id):
            problems.append(_("OZG-ID “%(value)s” is not a number of 5 digits") % {"value": ozg_id})
        if ozg_id and not name:
            problems.append(_("the name of the OZG-Leistung (ozg_leistung) is empty"))
        for column, limit in (
            ("ozg_leistung", _MAX_OZG_NAME),
            ("themenfeld", _MAX_THEMENFELD),
            ("lebenslage", _MAX_LEBENSLAGE),
        ):
            if limit and len(value[column]) > limit:
                problems.append(_too_long(column, limit))
        if jurisdiction and jurisdiction not in _JURISDICTIONS:
            problems.append(
                _("jurisdiction “%(value)s” is not one of %(choices)s")
                % {"value": jurisdiction, "choices": ", ".join(Jurisdiction.values)}
            )
        return problems

    def _service_problems(self, value: dict[str, str]) -> list[str]:
        problems: list[str] = []
        key = value["leika_key"]
        if not key:
            problems.append(_("the LeiKa key (leika_key) is empty"))
        elif _NOT_IN_LEIKA in key.lower():
            problems.append(
                _(
                    "LeiKa key “%(value)s”: the service has no key in the federal service "
                    "catalog (LeiKa); a LeiKa key has 14 digits"
                )
                % {"value": key}
            )
        elif _SCIENTIFIC.fullmatch(key):
            problems.append(
                _(
                    "LeiKa key “%(value)s” was shortened by a spreadsheet program; format the "
                    "column as text and export the file again"
                )
                % {"value": key}
            )
        elif _DIGITS.fullmatch(key) and len(key) != 14:
            problems.append(
                _("LeiKa key %(value)s has %(count)d digits; a LeiKa key has 14")
                % {"value": key, "count": len(key)}
            )
        elif not _LEIKA_KEY.fullmatch(key):
            problems.append(
                _("LeiKa key “%(value)s” is not a number of 14 digits") % {"value": key}
            )
        name = value["leistung"]
        if not name:
            problems.append(_("the name of the Verwaltungsleistung (leistung) is empty"))
        elif _MAX_SERVICE_NAME and len(name) > _MAX_SERVICE_NAME:
            problems.append(_too_long("leistung", _MAX_SERVICE_NAME))
        leika_type = value["leika_typ"]
        if leika_type and not all(
            _LEIKA_TYPE_PART.fullmatch(part) for part in _LEIKA_TYPE_SEPARATOR.split(leika_type)
        ):
            problems.append(
                _(
                    "LeiKa type “%(value)s” is not a LeiKa type (1 to 11, also combined such "
                    "as 2/3 or “1, 2”)"
                )
                % {"value": leika_type}
            )
        elif _MAX_LEIKA_TYPE and len(leika_type) > _MAX_LEIKA_TYPE:
            problems.append(_too_long("leika_typ", _MAX_LEIKA_TYPE))
        return problems

    def _merge_leistung(self, line: int, value: dict[str, str], jurisdiction: str) -> list[str]:
        """Record the row's OZG-Leistung, or say how it contradicts an earlier row."""
        ozg_id = value["ozg_id"]
        themenfeld, lebenslage = value["themenfeld"], value["lebenslage"]
        record = self.leistungen.get(ozg_id)
        if record is None:
            self.leistungen[ozg_id] = LeistungRecord(
                ozg_id=ozg_id,
                name=value["ozg_leistung"],
                themenfeld=themenfeld,
                lebenslage=lebenslage,
                jurisdiction=jurisdiction,
                line=line,
            )
        else:
            # An empty cell says nothing; two different names for one OZG-ID are an error.
            conflicts = [
                (column, known, given)
                for column, known, given in (
                    ("ozg_leistung", record.name, value["ozg_leistung"]),
                    ("themenfeld", record.themenfeld, themenfeld),
                    ("lebenslage", record.lebenslage, lebenslage),
                    (self.jurisdiction_column, record.jurisdiction, jurisdiction),
                )
                if known and given and known != given
            ]
            if conflicts:
                return [
                    _(
                        "%(column)s “%(given)s” contradicts “%(known)s” for OZG-ID %(ozg_id)s "
                        "on %(unit)s %(line)d"
                    )
                    % {
                        "column": column,
                        "given": given,
                        "known": known,
                        "ozg_id": ozg_id,
                        "unit": self._unit(),
                        "line": record.line,
                    }
                    for column, known, given in conflicts
                ]
            record.themenfeld = record.themenfeld or themenfeld
            record.lebenslage = record.lebenslage or lebenslage
            record.jurisdiction = record.jurisdiction or jurisdiction
        if lebenslage:
            themenfelder = self.lebenslage_themenfelder.setdefault(lebenslage, set())
            if themenfeld:
                themenfelder.add(themenfeld)
        return []


def _too_long(column: str, limit: int) -> str:
    return _("%(column)s is longer than %(max)d characters") % {"column": column, "max": limit}


# Writing.


def catalog_apply(*, parsed: CatalogParse, skip_invalid: bool = False) -> CatalogImportSummary:
    """Bring the catalog up to date with a checked file, in one transaction.

    With any rejected row and without ``skip_invalid``, raises ``CatalogRowsError`` and
    changes nothing. Otherwise creates what is new and updates what changed: Themenfelder
    and Lebenslagen by name, OZG-Leistungen by OZG-ID (name, Themenfeld, Lebenslage; the
    jurisdiction only where none is set yet), Verwaltungsleistungen by OZG-Leistung and LeiKa
    key (name, LeiKa type, legal basis). An empty Themenfeld or Lebenslage cell leaves an
    existing assignment alone. Nothing is deleted, so a second run of the same file changes
    nothing and service states stay attached to their (possibly renamed) OZG-Leistung.
    """
    if parsed.errors and not skip_invalid:
        raise CatalogRowsError(
            filename=parsed.filename, row_count=parsed.row_count, errors=parsed.errors
        )
    summary = CatalogImportSummary(
        filename=parsed.filename,
        row_count=parsed.row_count,
        rejected=list(parsed.errors),
        notes=list(parsed.notes),
        leistungen_without_services=len(parsed.leistungen_without_services),
        from_leika_types=parsed.derived_jurisdictions(FROM_LEIKA_TYPES),
        from_default_list=parsed.derived_jurisdictions(FROM_DEFAULT_LIST),
    )
    try:
        with transaction.atomic():
            _write(parsed, summary)
    except IntegrityError as error:
        # Only a concurrent import can get here: the checked file's keys are unique.
        raise CatalogError(
            _(
                "%(file)s: the catalog was changed by someone else during the import "
                "(%(error)s); nothing has been saved, please try again."
            )
            % {"file": parsed.filename, "error": error}
        ) from error
    return summary


def catalog_import(*, path: Path | str, skip_invalid: bool = False) -> CatalogImportSummary:
    """Read, check and import a catalog file (``.csv`` or ``.xlsx``); see ``catalog_apply``."""
    return catalog_apply(parsed=catalog_parse_file(path=path), skip_invalid=skip_invalid)


def load_shipped_catalog() -> CatalogImportSummary:
    """Import the catalog that ships with the product (idempotent).

    ``data/catalog-basis.csv``: the 14 Themenfelder and about 40 OZG-Leistungen that every
    municipality offers, with their Verwaltungsleistungen and a jurisdiction, so that a fresh
    installation works without the full catalog. Loading it over a full catalog only adds
    what is missing and sets jurisdictions that are still empty.
    """
    return catalog_import(path=SHIPPED_CATALOG)


def _write(parsed: CatalogParse, summary: CatalogImportSummary) -> None:
    themenfeld_ids = _write_themenfelder(parsed, summary.themenfelder)
    lebenslage_ids = _write_lebenslagen(parsed, summary.lebenslagen, themenfeld_ids)
    leistung_ids = _write_leistungen(parsed, summary, themenfeld_ids, lebenslage_ids)
    _write_services(parsed, summary.services, leistung_ids)


def _write_themenfelder(parsed: CatalogParse, counts: KindCounts) -> dict[str, int]:
    names = parsed.themenfelder
    existing = dict(Themenfeld.objects.values_list("name", "id"))
    new = [Themenfeld(name=name) for name in sorted(names - existing.keys())]
    Themenfeld.objects.bulk_create(new, batch_size=BATCH_SIZE)
    counts.in_file = len(names)
    counts.created = len(new)
    counts.unchanged = len(names) - len(new)
    counts.not_in_file = len(existing.keys() - names)
    return dict(Themenfeld.objects.values_list("name", "id")) if new else existing


def _write_lebenslagen(
    parsed: CatalogParse, counts: KindCounts, themenfeld_ids: dict[str, int]
) -> dict[str, int]:
    existing = {
        name: (pk, themenfeld_id)
        for pk, name, themenfeld_id in Lebenslage.objects.values_list("id", "name", "themenfeld")
    }
    new: list[Lebenslage] = []
    changed: list[Lebenslage] = []
    for name, themenfeld in sorted(parsed.lebenslage_themenfeld.items()):
        themenfeld_id = themenfeld_ids[themenfeld] if themenfeld else None
        current = existing.get(name)
        if current is None:
            new.append(Lebenslage(name=name, themenfeld_id=themenfeld_id))
        elif themenfeld_id is not None and themenfeld_id != current[1]:
            changed.append(Lebenslage(pk=current[0], name=name, themenfeld_id=themenfeld_id))
    Lebenslage.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Lebenslage.objects.bulk_update(changed, ["themenfeld"], batch_size=BATCH_SIZE)
    counts.in_file = len(parsed.lebenslage_themenfeld)
    counts.created = len(new)
    counts.updated = len(changed)
    counts.unchanged = counts.in_file - len(new) - len(changed)
    counts.not_in_file = len(existing.keys() - parsed.lebenslage_themenfeld.keys())
    if new:
        return dict(Lebenslage.objects.values_list("name", "id"))
    return {name: pk for name, (pk, _themenfeld) in existing.items()}


def _write_leistungen(
    parsed: CatalogParse,
    summary: CatalogImportSummary,
    themenfeld_ids: dict[str, int],
    lebenslage_ids: dict[str, int],
) -> dict[str, int]:
    counts = summary.leistungen
    existing = {
        row[1]: row
        for row in OzgLeistung.objects.values_list(
            "id", "ozg_id", "name", "themenfeld", "lebenslage", "jurisdiction"
        )
    }
    new: list[OzgLeistung] = []
    changed: list[OzgLeistung] = []
    moved: set[int | None] = set()  # Themenfelder that OZG-Leistungen leave or join
    for ozg_id, record in sorted(parsed.leistungen.items()):
        themenfeld_id = themenfeld_ids[record.themenfeld] if record.themenfeld else None
        lebenslage_id = lebenslage_ids[record.lebenslage] if record.lebenslage else None
        current = existing.get(ozg_id)
        if current is None:
            new.append(
                OzgLeistung(
                    ozg_id=ozg_id,
                    name=record.name,
                    themenfeld_id=themenfeld_id,
                    lebenslage_id=lebenslage_id,
                    jurisdiction=record.jurisdiction,
                )
            )
            continue
        pk, _ozg_id, name, current_themenfeld, current_lebenslage, jurisdiction = current
        # A jurisdiction once set (by a user or an earlier file) is never overwritten.
        if jurisdiction and record.jurisdiction and jurisdiction != record.jurisdiction:
            summary.jurisdictions_kept += 1
        values = (
            record.name,
            themenfeld_id or current_themenfeld,
            lebenslage_id or current_lebenslage,
            jurisdiction or record.jurisdiction,
        )
        if values[1] != current_themenfeld:
            moved.update((current_themenfeld, values[1]))
        if values != (name, current_themenfeld, current_lebenslage, jurisdiction):
            changed.append(
                OzgLeistung(
                    pk=pk,
                    ozg_id=ozg_id,
                    name=values[0],
                    themenfeld_id=values[1],
                    lebenslage_id=values[2],
                    jurisdiction=values[3],
                )
            )
    OzgLeistung.objects.bulk_create(new, batch_size=BATCH_SIZE)
    OzgLeistung.objects.bulk_update(
        changed, ["name", "themenfeld", "lebenslage", "jurisdiction"], batch_size=BATCH_SIZE
    )
    if moved:
        # The organisations' services of those Leistungen are counted under the new one.
        level_counts.recount(themenfelder=moved)
    counts.in_file = len(parsed.leistungen)
    counts.created = len(new)
    counts.updated = len(changed)
    counts.unchanged = counts.in_file - len(new) - len(changed)
    counts.not_in_file = len(existing.keys() - parsed.leistungen.keys())
    if new:
        return dict(OzgLeistung.objects.values_list("ozg_id", "id"))
    return {ozg_id: row[0] for ozg_id, row in existing.items()}


def _write_services(parsed: CatalogParse, counts: KindCounts, leistung_ids: dict[str, int]) -> None:
    existing = {
        (row[1], row[2]): row
        for row in Verwaltungsleistung.objects.values_list(
            "id", "leistung", "leika_key", "name", "leika_type", "legal_basis"
        )
    }
    new: list[Verwaltungsleistung] = []
    changed: list[Verwaltungsleistung] = []
    in_file: set[tuple[int, str]] = set()
    for service in parsed.services:
        leistung_id = leistung_ids[service.ozg_id]
        key = (leistung_id, service.leika_key)
        in_file.add(key)
        values = (service.name, service.leika_type, service.legal_basis)
        current = existing.get(key)
        if current is None:
            new.append(
                Verwaltungsleistung(
                    leistung_id=leistung_id,
                    leika_key=service.leika_key,
                    name=service.name,
                    leika_type=service.leika_type,
                    legal_basis=service.legal_basis,
                )
            )
        elif tuple(current[3:]) != values:
            changed.append(
                Verwaltungsleistung(
                    pk=current[0],
                    leistung_id=leistung_id,
                    leika_key=service.leika_key,
                    name=service.name,
                    leika_type=service.leika_type,
                    legal_basis=service.legal_basis,
                )
            )
    Verwaltungsleistung.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Verwaltungsleistung.objects.bulk_update(
        changed, ["name", "leika_type", "legal_basis"], batch_size=BATCH_SIZE
    )
    counts.in_file = len(parsed.services)
    counts.created = len(new)
    counts.updated = len(changed)
    counts.unchanged = counts.in_file - len(new) - len(changed)
    counts.not_in_file = len(existing.keys() - in_file)
