"""Importing measures: all rows or none, every bad row named by its line."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kommunalkompass.documents.tables import RowsError, TableFileError, read_table
from kommunalkompass.documents.tests.workbooks import (
    SHEET,
    SHEET_HEAD,
    SHEET_TAIL,
    billion_laughs_sheet,
    entity_sheet,
    number_rows,
    row_bomb,
    text_row,
    with_parts,
)
from kommunalkompass.organisations.tests.factories import DepartmentFactory
from kommunalkompass.strategy import services
from kommunalkompass.strategy.models import Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(editor):
    strategy = services.strategy_create(
        actor=editor.user, organisation=editor.organisation, title="Digital", start_year=2027
    )
    services.field_create(
        actor=editor.user, strategy=strategy, name="Bildung", dimensions=["people"]
    )
    return strategy


GOOD = (
    "Titel;Beschreibung;Handlungsfelder;Einmalige Kosten;Aufwand;Status;Abhängig von\n"
    "WLAN an Schulen;Alle Schulen mit WLAN;Bildung;1.234,50;3;geplant;\n"
    "Tablets;Klassensätze;Bildung;20000;2;Idee;WLAN an Schulen\n"
)


def test_a_semicolon_csv_with_german_headings_is_imported(editor, strategy):
    table = read_table(GOOD.encode("utf-8-sig"), "massnahmen.csv")
    created = services.measures_import(actor=editor.user, strategy=strategy, table=table)
    assert [m.code for m in created] == ["M01", "M02"]
    wlan, tablets = created
    assert wlan.one_time_cost == Decimal("1234.50") and wlan.status == "planned"
    assert [f.name for f in wlan.fields.all()] == ["Bildung"]
    assert list(tablets.depends_on.all()) == [wlan]


def test_bad_rows_are_named_by_line_and_nothing_is_saved(editor, strategy):
    text = (
        "title,one_time_cost,effort,fields,status\n"
        "Gut,100,3,Bildung,planned\n"
        ",abc,9,Mobilität,vielleicht\n"
        "Auch gut,-5,2,,idea\n"
    )
    table = read_table(text.encode(), "m.csv")
    with pytest.raises(RowsError) as error:
        services.measures_import(actor=editor.user, strategy=strategy, table=table)
    messages = [str(row) for row in error.value.errors]
    assert messages[0].startswith("Line 3: the title is missing")
    assert "“abc” is not an amount" in messages[0]
    assert "no field of action “Mobilität”" in messages[0]
    assert "“vielleicht” is not a status" in messages[0]
    assert not Measure.objects.exists()


def test_service_rules_apply_per_row(editor, strategy):
    text = "title;one_time_cost;effort\nGut;100;3\nNegativ;-5;2\nZu viel;0;9\n"
    with pytest.raises(RowsError) as error:
        services.measures_import(
            actor=editor.user, strategy=strategy, table=read_table(text.encode(), "m.csv")
        )
    assert [str(row).split(":")[0] for row in error.value.errors] == ["Line 3", "Line 4"]
    assert not Measure.objects.exists()


def test_a_cycle_in_the_file_is_refused(editor, strategy):
    text = "title;depends_on\nA;B\nB;A\n"
    with pytest.raises(RowsError) as error:
        services.measures_import(
            actor=editor.user, strategy=strategy, table=read_table(text.encode(), "m.csv")
        )
    assert "cycle" in str(error.value)
    assert not Measure.objects.exists()


def test_unknown_columns_and_missing_title_are_named(editor, strategy):
    for text, expected in (
        ("name;cost\nA;1\n", "unknown columns: name, cost"),
        ("description\nA\n", "the column “title” is missing"),
    ):
        with pytest.raises(RowsError, match=expected):
            services.measures_import(
                actor=editor.user, strategy=strategy, table=read_table(text.encode(), "m.csv")
            )


def test_unreadable_files_are_refused():
    with pytest.raises(TableFileError, match="not UTF-8"):
        read_table("Titel;Kosten\nÄpfel;1".encode("cp1252"), "m.csv")
    with pytest.raises(TableFileError, match="not a readable XLSX"):
        read_table(b"not a zip", "m.xlsx")
    with pytest.raises(TableFileError, match="CSV or XLSX"):
        read_table(b"x", "m.pdf")


def test_xlsx_upload_through_the_page(client, editor, strategy):
    department = DepartmentFactory(organisation=editor.organisation, name="Schulamt")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["title", "lead_department", "annual_cost", "duration_quarters"])
    sheet.append(["Schul-IT-Support", "Schulamt", 45000, 4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("m.xlsx", buffer.getvalue())
    url = reverse("strategy:measure_import", args=[editor.organisation.slug])
    response = client.post(url, {"file": upload}, follow=True)
    assert "1 measures have been imported." in response.content.decode()
    measure = Measure.objects.get()
    assert measure.lead_department == department and measure.annual_cost == 45000


def test_a_failed_upload_says_which_rows(client, editor, strategy):
    upload = SimpleUploadedFile("m.csv", b"title;effort\nA;zehn\n")
    url = reverse("strategy:measure_import", args=[editor.organisation.slug])
    page = client.post(url, {"file": upload}, follow=True).content.decode()
    assert "Nothing was imported" in page and "Line 2: effort: “zehn”" in page
    assert not Measure.objects.exists()


def test_a_dependency_on_no_measure_is_named_and_nothing_is_saved(editor, strategy):
    text = "title;depends_on\nA;M07\n"
    with pytest.raises(RowsError) as error:
        services.measures_import(
            actor=editor.user, strategy=strategy, table=read_table(text.encode(), "m.csv")
        )
    assert [str(row) for row in error.value.errors] == ["Line 2: depends_on: no measure “M07”"]
    assert not Measure.objects.exists()


def test_a_file_without_rows_is_refused_as_a_file(editor, strategy):
    with pytest.raises(TableFileError, match="no rows below the header"):
        services.measures_import(
            actor=editor.user, strategy=strategy, table=read_table(b"title\n", "m.csv")
        )


def test_a_bad_spreadsheet_row_is_named_by_its_row(client, editor, strategy):
    workbook = openpyxl.Workbook()
    workbook.active.append(["title", "effort"])
    workbook.active.append(["Gut", 3])
    workbook.active.append(["Schlecht", "zehn"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    url = reverse("strategy:measure_import", args=[editor.organisation.slug])
    upload = SimpleUploadedFile("m.xlsx", buffer.getvalue())
    page = client.post(url, {"file": upload}, follow=True).content.decode()
    assert "Row 3: effort: “zehn” is not a whole number" in page
    assert not Measure.objects.exists()


def test_the_page_lists_twenty_bad_rows_and_counts_the_others(client, editor, strategy):
    text = "title;effort\n" + "".join(f"M{n};zehn\n" for n in range(25))
    upload = SimpleUploadedFile("m.csv", text.encode())
    url = reverse("strategy:measure_import", args=[editor.organisation.slug])
    page = client.post(url, {"file": upload}, follow=True).content.decode()
    assert "Line 21: effort" in page and "Line 22: effort" not in page
    assert "… and 5 more" in page


# Hostile files through the page (docs/security.md, "Imports"): each used to take a worker
# for many seconds, answer 500 or read an entity into a measure; now a message, nothing saved.


def _upload_page(client, editor, name: str, data: bytes) -> str:
    url = reverse("strategy:measure_import", args=[editor.organisation.slug])
    response = client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_decompression_bomb_is_refused_with_a_message(client, editor, strategy):
    page = _upload_page(client, editor, "bombe.xlsx", row_bomb(unpacked_mb=60))
    assert "bombe.xlsx: the workbook unpacks to more than 50 MB" in page
    assert not Measure.objects.exists()


def test_the_page_stops_reading_at_a_thousand_measures(client, editor, strategy):
    # Behind row 1,002 the sheet's XML is broken: the page names the limit, not the break.
    xml = SHEET_HEAD + text_row(1, "title") + number_rows(2, 1100) + b"<row><<<" + SHEET_TAIL
    page = _upload_page(client, editor, "m.xlsx", with_parts({SHEET: [xml]}))
    assert "m.xlsx: more than 1000 rows below the header" in page
    assert not Measure.objects.exists()


@pytest.mark.parametrize("xml", [entity_sheet(), billion_laughs_sheet()], ids=["entity", "lol"])
def test_entities_in_a_workbook_are_refused_with_a_message(client, editor, strategy, xml):
    page = _upload_page(client, editor, "m.xlsx", with_parts({SHEET: [xml]}))
    assert "declares a document type" in page
    assert not Measure.objects.exists()
