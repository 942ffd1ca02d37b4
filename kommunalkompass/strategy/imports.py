"""Reading measures from an uploaded CSV or XLSX file: every row checked, bad rows named.

The first line names the columns (English keys as in the API, or the German headings;
case does not matter); only ``title`` is required. Lists (fields of action, goals,
dependencies) are separated by semicolons; fields and goals are named as in the strategy,
dependencies by code (``M03``) or by the title of a measure (already there or in the file).
Amounts may use a decimal comma (``1.234,50``); dates are ``2027-03-31`` or ``31.03.2027``.

``measures_parse`` only reads and checks (like ``register_parse`` and ``catalog_parse``);
the write, all rows or none, is the service ``services.measures_import``. Bad rows are
``documents.tables.RowError``s, raised together in a ``RowsError`` (a bad header as line 1).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kommunalkompass.documents.tables import RowError, RowsError, TableFileError, UploadedTable
from kommunalkompass.organisations.models import Department

from .models import FieldOfAction, Goal, Measure, Strategy

# column key → accepted headings (lower case)
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "titel", "maßnahme", "massnahme"),
    "description": ("description", "beschreibung"),
    "fields": ("fields", "fields of action", "handlungsfelder", "handlungsfeld"),
    "goals": ("goals", "ziele", "ziel"),
    "lead_department": ("lead_department", "lead department", "federführung", "fachbereich"),
    "lead_person": ("lead_person", "lead person", "verantwortlich", "verantwortliche person"),
    "participants": ("participants", "beteiligte"),
    "status": ("status",),
    "progress": ("progress", "fortschritt"),
    "start": ("start", "beginn"),
    "end": ("end", "ende"),
    "duration_quarters": ("duration_quarters", "duration", "dauer", "dauer (quartale)"),
    "earliest_start": ("earliest_start", "earliest start", "frühester beginn"),
    "one_time_cost": ("one_time_cost", "one-time cost", "einmalige kosten"),
    "annual_cost": ("annual_cost", "annual cost", "jährliche kosten"),
    "person_days": ("person_days", "person-days per year", "personentage", "personentage je jahr"),
    "funding_source": ("funding_source", "funding", "finanzierung"),
    "benefit_citizens": ("benefit_citizens", "nutzen bürger", "nutzen bürgerinnen und bürger"),
    "benefit_staff": ("benefit_staff", "nutzen mitarbeitende"),
    "benefit_efficiency": ("benefit_efficiency", "nutzen effizienz"),
    "benefit_legal": ("benefit_legal", "rechtliche verpflichtung"),
    "benefit_goals": ("benefit_goals", "beitrag zu den zielen"),
    "effort": ("effort", "aufwand"),
    "risk": ("risk", "risiko"),
    "depends_on": ("depends_on", "depends on", "abhängig von", "hängt ab von"),
}
# The headings of the import template (``documents.build_measure_import_template``): the
# German heading of each column, in the order of ``COLUMNS``; each is one of its accepted
# headings (tests/test_import_template.py reads the template back).
TEMPLATE_HEADINGS: dict[str, str] = {
    "title": "Titel",
    "description": "Beschreibung",
    "fields": "Handlungsfelder",
    "goals": "Ziele",
    "lead_department": "Federführung",
    "lead_person": "Verantwortliche Person",
    "participants": "Beteiligte",
    "status": "Status",
    "progress": "Fortschritt",
    "start": "Beginn",
    "end": "Ende",
    "duration_quarters": "Dauer (Quartale)",
    "earliest_start": "Frühester Beginn",
    "one_time_cost": "Einmalige Kosten",
    "annual_cost": "Jährliche Kosten",
    "person_days": "Personentage je Jahr",
    "funding_source": "Finanzierung",
    "benefit_citizens": "Nutzen Bürgerinnen und Bürger",
    "benefit_staff": "Nutzen Mitarbeitende",
    "benefit_efficiency": "Nutzen Effizienz",
    "benefit_legal": "Rechtliche Verpflichtung",
    "benefit_goals": "Beitrag zu den Zielen",
    "effort": "Aufwand",
    "risk": "Risiko",
    "depends_on": "Abhängig von",
}
INTEGERS = (
    "progress",
    "duration_quarters",
    "person_days",
    "benefit_citizens",
    "benefit_staff",
    "benefit_efficiency",
    "benefit_legal",
    "benefit_goals",
    "effort",
    "risk",
)
MONEY = ("one_time_cost", "annual_cost")
DATES = ("start", "end", "earliest_start")
MAX_ROWS = 1000


@dataclass(frozen=True)
class MeasureRow:
    """One good row of the file: the measure's values, ready for ``measure_create``."""

    line: int
    values: dict
    fields: list[FieldOfAction]
    goals: list[Goal]
    depends_on: list[str]  # codes or titles, resolved when the measures exist


def measures_parse(*, strategy: Strategy, table: UploadedTable) -> list[MeasureRow]:
    """Every row of ``table`` checked against ``strategy``, in the order of the file.

    Raises ``TableFileError`` when the file has no rows or more than ``MAX_ROWS``, and
    ``RowsError`` naming every bad row (a bad header as line 1) when one row is bad.
    Reads only; dependencies are checked when the measures are created.
    """
    if len(table.rows) > MAX_ROWS:
        raise TableFileError(_("At most %(max)d rows can be imported at once.") % {"max": MAX_ROWS})
    if not table.rows:
        raise TableFileError(_("The file has no rows below the header."))
    rows, errors = _parse(strategy, table)
    if errors:
        raise RowsError(filename=table.filename, row_count=len(table.rows), errors=errors)
    return rows


def validation_faults(error: ValidationError) -> list[str]:
    """The messages of a service's ``ValidationError``, each with its field where it has one."""
    if hasattr(error, "error_dict"):
        return [
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def _columns(table: UploadedTable) -> dict[str, int]:
    lookup = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    unknown = []
    for index, heading in enumerate(table.header):
        name = heading.strip().lower()
        if not name:
            continue
        key = lookup.get(name)
        if key is None:
            unknown.append(heading)
        elif key in found:
            _header_fault(table, _("the column “%(name)s” appears twice") % {"name": heading})
        else:
            found[key] = index
    if unknown:
        _header_fault(
            table,
            _("unknown columns: %(names)s. Known columns: %(known)s")
            % {"names": ", ".join(unknown), "known": ", ".join(COLUMNS)},
        )
    if "title" not in found:
        _header_fault(table, _("the column “title” is missing"))
    return found


def _header_fault(table: UploadedTable, fault: str) -> NoReturn:
    raise RowsError(
        filename=table.filename,
        row_count=len(table.rows),
        errors=[RowError(line=1, reason=fault, unit=table.unit)],
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _list(value) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", _text(value)) if part.strip()]


def _money(text: str) -> Decimal:
    cleaned = text.replace("€", "").replace("EUR", "").replace(" ", "").strip()
    if "," in cleaned:  # German: 1.234,50
        cleaned = cleaned.replace(".", "").replace(",", ".")
    return Decimal(cleaned)


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise ValueError(text)


def _status(text: str) -> str:
    by_label = {str(label).lower(): value for value, label in Measure.Status.choices}
    by_german = {"idee": "idea", "geplant": "planned", "in umsetzung": "in_progress",
                 "abgeschlossen": "done", "verworfen": "dropped"}  # fmt: skip
    key = text.strip().lower()
    for table in ({v: v for v in Measure.Status.values}, by_label, by_german):
        if key in table:
            return table[key]
    raise ValueError(text)


def _parse(strategy: Strategy, table: UploadedTable) -> tuple[list[MeasureRow], list[RowError]]:
    columns = _columns(table)
    fields = {f.name.lower(): f for f in strategy.fields.all()}
    goals = {g.title.lower(): g for g in strategy.goals.all()}
    departments = {
        d.name.lower(): d for d in Department.objects.for_organisation(strategy.organisation)
    }
    rows: list[MeasureRow] = []
    errors: list[RowError] = []
    for line, cells in table.rows:

        def cell(key, cells=cells):
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        problems = []
        values: dict = {"title": _text(cell("title"))}
        if not values["title"]:
            problems.append(_("the title is missing"))
        for key in ("description", "lead_person", "participants", "funding_source"):
            if key in columns:
                values[key] = _text(cell(key))
        for key in INTEGERS:
            raw = _text(cell(key))
            if raw:
                try:
                    values[key] = int(raw)
                except ValueError:
                    problems.append(_("%(column)s: “%(value)s” is not a whole number")
                                    % {"column": key, "value": raw})  # fmt: skip
        for key in MONEY:
            raw = _text(cell(key))
            if raw:
                try:
                    values[key] = _money(raw)
                except InvalidOperation:
                    problems.append(_("%(column)s: “%(value)s” is not an amount")
                                    % {"column": key, "value": raw})  # fmt: skip
        for key in DATES:
            raw = cell(key)
            if _text(raw):
                try:
                    values[key] = _date(raw)
                except ValueError:
                    problems.append(_("%(column)s: “%(value)s” is not a date (2027-03-31)")
                                    % {"column": key, "value": _text(raw)})  # fmt: skip
        if _text(cell("status")):
            try:
                values["status"] = _status(_text(cell("status")))
            except ValueError:
                problems.append(_("status: “%(value)s” is not a status")
                                % {"value": _text(cell("status"))})  # fmt: skip
        department = _text(cell("lead_department"))
        if department:
            if department.lower() in departments:
                values["lead_department"] = departments[department.lower()]
            else:
                problems.append(_("lead_department: no department “%(name)s”")
                                % {"name": department})  # fmt: skip
        chosen_fields, chosen_goals = [], []
        for name in _list(cell("fields")):
            if name.lower() in fields:
                chosen_fields.append(fields[name.lower()])
            else:
                problems.append(_("fields: no field of action “%(name)s”") % {"name": name})
        for name in _list(cell("goals")):
            if name.lower() in goals:
                chosen_goals.append(goals[name.lower()])
            else:
                problems.append(_("goals: no goal “%(name)s”") % {"name": name})
        if problems:
            errors.append(RowError.of(line, problems, unit=table.unit))
            continue
        rows.append(
            MeasureRow(
                line=line,
                values=values,
                fields=chosen_fields,
                goals=chosen_goals,
                depends_on=_list(cell("depends_on")),
            )
        )
    return rows, errors
