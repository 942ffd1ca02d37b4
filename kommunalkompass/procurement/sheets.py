"""The bidder answer sheet: an XLSX made from a published specification version, filled in
by a bidder and uploaded back.

Three sheets: “Anforderungen” (one row per requirement: ID, group, text, kind, weight,
evidence asked, and the bidder's columns: fulfilled yes/no, answer, evidence, remarks),
“Preisblatt” (one row per lot, the bidder's net price) and “Angaben” (the procurement, the
version, its version id and the bidder's name). Every sheet is protected except the bidder's
cells, and the workbook's structure is locked; the version id ties an upload to its version.

``parse_answer_sheet`` checks an upload against the version: a sheet of another version or
procurement, missing or extra rows, changed IDs, texts, kinds or weights, a fulfilled column
other than ja/nein, a price that is not a number above 0. Every bad row is named
(``RowsError``) and nothing is stored. The workbook passes ``documents.tables`` checks
(size, compression, XML) before openpyxl parses it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from kommunalkompass.documents.tables import (
    ROW,
    RowError,
    RowsError,
    TableFileError,
    open_workbook,
    sheet_rows,
)

from .models import Lot, Procurement, Requirement, SpecificationVersion

REQUIREMENTS_SHEET = "Anforderungen"
PRICES_SHEET = "Preisblatt"
META_SHEET = "Angaben"
REQUIREMENT_HEADER = (
    "ID", "Gruppe", "Anforderung", "Art", "Gewichtung", "Nachweis gefordert",
    "Erfüllt (ja/nein)", "Antwort des Bieters", "Nachweis / Fundstelle", "Anmerkungen",
)  # fmt: skip
PRICE_HEADER = ("Los", "Bezeichnung", "Preis netto (EUR)")
BIDDER_CELL = "B4"
TOKEN_CELL = "B3"  # noqa: S105 (a cell, not a password)
YES = {"ja", "yes", "j", "y", "x"}
NO = {"nein", "no", "n"}
MAX_ROWS = 2000
MAX_TEXT = 5000

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
_INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
_OPEN = Protection(locked=False)


def build_answer_sheet(specification: SpecificationVersion) -> bytes:
    """The answer sheet of a published version as XLSX bytes."""
    if not specification.is_frozen:
        raise ValueError("Only a published version has an answer sheet.")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REQUIREMENTS_SHEET
    sheet.append(REQUIREMENT_HEADER)
    requirements = list(specification.requirements.order_by("position", "pk"))
    for requirement in requirements:
        sheet.append([
            requirement.key, requirement.group, requirement.text, requirement.kind,
            requirement.weight, requirement.evidence, None, None, None, None,
        ])  # fmt: skip
    for cell in sheet[1]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for row in sheet.iter_rows(min_row=2, max_row=len(requirements) + 1):
        for cell in row[:6]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in row[6:]:
            cell.protection, cell.fill = _OPEN, _INPUT_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHIJ", (10, 22, 60, 5, 10, 24, 12, 40, 24, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    if requirements:
        choice = DataValidation(type="list", formula1='"ja,nein"', allow_blank=True)
        choice.error = "Bitte „ja“ oder „nein“ eintragen."
        sheet.add_data_validation(choice)
        choice.add(f"G2:G{len(requirements) + 1}")
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False

    prices = workbook.create_sheet(PRICES_SHEET)
    prices.append(PRICE_HEADER)
    lots = list(specification.lots.order_by("number"))
    for lot in lots:
        prices.append([lot.number, lot.title, None])
    for cell in prices[1]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for row in prices.iter_rows(min_row=2, max_row=len(lots) + 1):
        row[2].protection, row[2].fill = _OPEN, _INPUT_FILL
        row[2].number_format = "#,##0.00"
    prices.column_dimensions["B"].width = 50
    prices.column_dimensions["C"].width = 20
    prices.protection.sheet = True

    meta = workbook.create_sheet(META_SHEET)
    procurement = specification.procurement
    for label, value in (
        ("Vergabe", procurement.title),
        ("Version", specification.number),
        ("Versionskennung", specification.sheet_token),
        ("Bieter", None),
    ):
        meta.append([label, value])
    meta[BIDDER_CELL].protection, meta[BIDDER_CELL].fill = _OPEN, _INPUT_FILL
    meta.column_dimensions["A"].width = 18
    meta.column_dimensions["B"].width = 60
    meta.protection.sheet = True
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.properties.identifier = specification.sheet_token
    workbook.properties.title = f"{procurement.title} – Version {specification.number}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_filename(specification: SpecificationVersion) -> str:
    return f"antwortbogen-v{specification.number}.xlsx"


@dataclass(frozen=True)
class AnswerRow:
    requirement: Requirement
    fulfilled: bool | None
    answer: str
    evidence: str
    remarks: str


@dataclass(frozen=True)
class ParsedSheet:
    specification: SpecificationVersion
    bidder: str
    answers: list[AnswerRow]
    prices: list[tuple[Lot, Decimal]]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _same(a: str, b: str) -> bool:
    """Texts compared as a spreadsheet program keeps them (line ends, outer spaces)."""
    return " ".join(a.split()) == " ".join(b.split())


def parse_answer_sheet(*, procurement: Procurement, data: bytes, filename: str) -> ParsedSheet:
    """The bid in an uploaded answer sheet, checked against the version it names.

    Raises ``TableFileError`` for a file that is not an answer sheet of this procurement's
    current published version, and ``RowsError`` naming every bad row.
    """
    workbook = open_workbook(data, filename, max_rows=MAX_ROWS)
    try:
        names = workbook.sheetnames
        for name in (REQUIREMENTS_SHEET, PRICES_SHEET, META_SHEET):
            if name not in names:
                raise TableFileError(
                    _("%(file)s: the sheet “%(sheet)s” is missing; upload the answer sheet "
                      "made for this procurement.") % {"file": filename, "sheet": name}
                )  # fmt: skip
        meta = {
            _text(row[0]): row[1] if len(row) > 1 else None
            for _line, row in sheet_rows(workbook[META_SHEET], filename, max_rows=20)
            if row
        }
        requirement_rows = list(
            sheet_rows(workbook[REQUIREMENTS_SHEET], filename, max_rows=MAX_ROWS)
        )
        price_rows = list(sheet_rows(workbook[PRICES_SHEET], filename, max_rows=MAX_ROWS))
    finally:
        workbook.close()
    token = _text(meta.get("Versionskennung"))
    specification = procurement.versions.filter(sheet_token=token).first() if token else None
    if specification is None or not specification.is_frozen:
        raise TableFileError(
            _("%(file)s: this answer sheet was not made from a published version of this "
              "procurement (its version id is unknown here).") % {"file": filename}
        )  # fmt: skip
    current = (
        procurement.versions.filter(status=SpecificationVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )
    if current is not None and current.pk != specification.pk:
        raise TableFileError(
            _("%(file)s: this answer sheet belongs to version %(old)d; bids answer version "
              "%(new)d. Send the bidder the answer sheet of version %(new)d.")
            % {"file": filename, "old": specification.number, "new": current.number}
        )  # fmt: skip
    errors: list[RowError] = []
    bidder = _text(meta.get("Bieter"))[:200]
    if not bidder:
        errors.append(RowError(4, _("sheet “Angaben”, cell B4: enter the bidder's name"), ROW))
    answers = _answers(specification, requirement_rows, errors)
    prices = _prices(specification, price_rows, errors)
    if errors:
        count = max(len(requirement_rows) - 1, 0) + max(len(price_rows) - 1, 0)
        raise RowsError(filename=filename, row_count=count, errors=errors)
    return ParsedSheet(specification, bidder, answers, prices)


def _answers(specification, rows, errors: list[RowError]) -> list[AnswerRow]:
    requirements = list(specification.requirements.order_by("position", "pk"))
    by_key = {r.key: r for r in requirements}
    seen: dict[str, int] = {}
    answers = []
    header = tuple(_text(c) for c in rows[0][1]) if rows else ()
    if header[: len(REQUIREMENT_HEADER)] != REQUIREMENT_HEADER:
        errors.append(RowError(1, _("sheet “Anforderungen”: the header row was changed"), ROW))
        return []
    for line, values in rows[1:]:
        cells = [*values, *([None] * len(REQUIREMENT_HEADER))][: len(REQUIREMENT_HEADER)]
        if all(c in (None, "") for c in cells):
            continue
        key = _text(cells[0])
        faults = []
        requirement = by_key.get(key)
        if requirement is None:
            message = _("ID “%(key)s” is not a requirement of version %(number)d (an extra or "
                        "changed row)") % {"key": key, "number": specification.number}  # fmt: skip
            errors.append(RowError(line, message, ROW))
            continue
        if key in seen:
            errors.append(RowError(line, _("ID %(key)s appears twice (first in row %(row)d)")
                                   % {"key": key, "row": seen[key]}, ROW))  # fmt: skip
            continue
        seen[key] = line
        if not _same(_text(cells[2]), requirement.text):
            faults.append(_("the requirement text of %(key)s was changed") % {"key": key})
        if _text(cells[3]) != requirement.kind or _text(cells[4]) != str(requirement.weight):
            faults.append(_("the kind or weight of %(key)s was changed") % {"key": key})
        answer = _text(cells[6]).lower()
        fulfilled: bool | None = None
        if answer in YES:
            fulfilled = True
        elif answer in NO:
            fulfilled = False
        elif answer:
            faults.append(_("fulfilled: “%(value)s” is neither ja nor nein") % {"value": cells[6]})
        elif requirement.kind == Requirement.Kind.A:
            faults.append(_("fulfilled: answer ja or nein for the A requirement %(key)s")
                          % {"key": key})  # fmt: skip
        texts = [_text(c) for c in cells[7:10]]
        if any(len(t) > MAX_TEXT for t in texts):
            faults.append(_("an answer is longer than %(max)d characters") % {"max": MAX_TEXT})
        if faults:
            errors.append(RowError.of(line, faults, unit=ROW))
            continue
        answers.append(AnswerRow(requirement, fulfilled, *texts))
    for position, requirement in enumerate(requirements, start=2):
        if requirement.key not in seen:
            errors.append(RowError(position, _("the row of requirement %(key)s is missing")
                                   % {"key": requirement.key}, ROW))  # fmt: skip
    return answers


def _prices(specification, rows, errors: list[RowError]) -> list[tuple[Lot, Decimal]]:
    lots = {lot.number: lot for lot in specification.lots.order_by("number")}
    found: dict[int, Decimal] = {}
    named: set[int] = set()

    def fault(line: int, message: str, values: dict) -> None:
        where = _("price sheet")
        errors.append(RowError(line, f"{where}: {message % values}", ROW))

    for line, values in rows[1:]:
        cells = [*values, None, None, None][:3]
        if all(c in (None, "") for c in cells):
            continue
        try:
            number = int(_text(cells[0]))
        except ValueError:
            number = -1
        lot = lots.get(number)
        if lot is None or number in named:
            fault(line, _("“%(lot)s” is not a lot of this version"), {"lot": _text(cells[0])})
            continue
        named.add(number)
        price = _price(cells[2])
        if price is None:
            fault(line, _("the price of lot %(lot)d is not a number"), {"lot": number})
        elif price <= 0:
            fault(
                line,
                _("the price of lot %(lot)d must be above 0, not %(price)s"),
                {"lot": number, "price": price},
            )
        elif price >= Decimal("1e10"):
            fault(line, _("the price of lot %(lot)d is too large"), {"lot": number})
        else:
            found[number] = price.quantize(Decimal("0.01"))
    for number in lots:
        if number not in named:
            fault(number + 1, _("no price for lot %(lot)d"), {"lot": number})
    return [(lots[n], p) for n, p in sorted(found.items())]


def _price(raw: object) -> Decimal | None:
    """A number cell, or a text in German (1.234,50) or plain (1234.50) notation."""
    if raw is None or raw == "" or isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        text = str(raw)
    else:
        text = str(raw).replace(" ", "").replace("€", "").replace("EUR", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
    try:
        price = Decimal(text)
    except InvalidOperation:
        return None
    return price if price.is_finite() else None


def fill_answer_sheet(
    data: bytes,
    *,
    bidder: str,
    fulfilled: dict[str, str] | None = None,
    answers: dict[str, str] | None = None,
    prices: dict[int, object] | None = None,
    default: str = "ja",
) -> bytes:
    """What a bidder does in the spreadsheet program: fills in the name, “ja”/“nein” per
    requirement (``default`` for those not named), answers and the price per lot. For the
    demo and the tests, which send their bids through the real import."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    workbook[META_SHEET][BIDDER_CELL] = bidder
    sheet = workbook[REQUIREMENTS_SHEET]
    for row in sheet.iter_rows(min_row=2):
        key = _text(row[0].value)
        if not key:
            continue
        row[6].value = (fulfilled or {}).get(key, default)
        row[7].value = (answers or {}).get(key, f"{bidder}: Anforderung {key} wird erfüllt.")
    for row in workbook[PRICES_SHEET].iter_rows(min_row=2):
        number = row[0].value
        if prices and number in prices:
            row[2].value = prices[number]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
