import io

import pytest
from openpyxl import load_workbook

from kommunalkompass.documents.tables import RowsError, TableFileError
from kommunalkompass.procurement import services, sheets
from kommunalkompass.procurement.models import Bid, BidAnswer

from .factories import import_bid, make_published

pytestmark = pytest.mark.django_db


def _parse(specification, data):
    return sheets.parse_answer_sheet(
        procurement=specification.procurement, data=data, filename="bid.xlsx"
    )


def _edit(data, change):
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_sheet_has_one_protected_row_per_requirement_and_names_its_version():
    specification = make_published()
    workbook = load_workbook(io.BytesIO(sheets.build_answer_sheet(specification)))
    sheet = workbook["Anforderungen"]
    assert sheet.max_row == specification.requirements.count() + 1
    assert sheet.protection.sheet and workbook.security.lockStructure
    assert sheet["A2"].protection.locked and not sheet["G2"].protection.locked
    assert workbook["Angaben"]["B3"].value == specification.sheet_token


def test_a_filled_sheet_imports_as_a_bid():
    specification = make_published()
    bid = import_bid(specification, "Anbieter A", "12.345,50", fulfilled={"VK-05": "nein"})
    assert bid.prices.get().price == pytest.approx(12345.50)
    assert bid.answers.count() == specification.requirements.count()
    assert bid.answers.get(requirement__key="VK-05").fulfilled is False


def test_a_sheet_of_another_version_is_refused():
    old = make_published()
    data = sheets.fill_answer_sheet(sheets.build_answer_sheet(old), bidder="X", prices={1: 10})
    draft = services.specification_new_draft(actor=None, procurement=old.procurement)
    services.specification_publish(actor=None, specification=draft)
    with pytest.raises(TableFileError, match="belongs to version 1; bids answer version 2"):
        _parse(old, data)
    other = make_published()
    with pytest.raises(TableFileError, match="not made from a published version"):
        _parse(other, data)


def test_every_bad_row_is_named_and_nothing_is_stored():
    specification = make_published()
    data = sheets.fill_answer_sheet(
        sheets.build_answer_sheet(specification), bidder="X", prices={1: -5},
        fulfilled={"VK-02": "vielleicht"},
    )  # fmt: skip

    def tamper(workbook):
        sheet = workbook["Anforderungen"]
        sheet["C2"] = "Externe Teilnehmende brauchen eine App."  # VK-01's text changed
        sheet.delete_rows(4)  # VK-03 missing
        sheet.append(["XX-99", "G", "Extra", "B", 5, "", "ja", "", "", ""])

    with pytest.raises(RowsError) as error:
        _parse(specification, _edit(data, tamper))
    text = error.value.as_text()
    assert "Row 2: the requirement text of VK-01 was changed" in text
    assert "Row 3: fulfilled: “vielleicht” is neither ja nor nein" in text
    assert "the row of requirement VK-03 is missing" in text
    assert "ID “XX-99” is not a requirement of version 1" in text
    assert "Row 2: price sheet: the price of lot 1 must be above 0, not -5" in text
    assert not Bid.objects.exists() and not BidAnswer.objects.exists()


def test_a_zero_price_and_a_missing_bidder_are_named():
    specification = make_published()
    data = sheets.fill_answer_sheet(
        sheets.build_answer_sheet(specification), bidder="", prices={1: 0}
    )
    with pytest.raises(RowsError) as error:
        _parse(specification, data)
    text = error.value.as_text()
    assert "cell B4: enter the bidder's name" in text
    assert "must be above 0, not 0" in text


def test_a_workbook_bomb_is_refused_before_parsing():
    import zipfile

    specification = make_published()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 20_000_000 + b"</a>")
    with pytest.raises(TableFileError, match="compressed more than"):
        _parse(specification, out.getvalue())


def test_not_a_workbook_is_refused():
    specification = make_published()
    with pytest.raises(TableFileError, match="not a readable XLSX"):
        _parse(specification, b"not a zip")
