"""The XLSX renderer: one typed sheet per table, the formula-injection guard, bad input."""

import dataclasses
import datetime
import io
import logging
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from kommunalkompass.documents.errors import DocumentRenderError
from kommunalkompass.documents.model import (
    Column,
    Document,
    Metadata,
    NumberFormat,
    Paragraph,
    Table,
)
from kommunalkompass.documents.tests.samples import HOSTILE, kitchen_sink
from kommunalkompass.documents.xlsx import number_format, render_xlsx, sheet_names


def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def document(*tables: Table, language: str = "de", title: str = "Test") -> Document:
    return Document(
        meta=Metadata(title=title, author="Anna Admin", language=language), blocks=list(tables)
    )


@pytest.fixture(scope="module")
def sink_bytes():
    return render_xlsx(kitchen_sink())


@pytest.fixture(scope="module")
def sink(sink_bytes):
    return workbook(sink_bytes)


@pytest.fixture(scope="module")
def sheet_xml(sink_bytes):
    with zipfile.ZipFile(io.BytesIO(sink_bytes)) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


# ---------------------------------------------------------------- structure


def test_one_sheet_per_table_named_after_the_caption(sink):
    assert sink.sheetnames == ["Alle Maßnahmen", "Feindliche Eingaben"]


def test_document_properties(sink):
    assert sink.properties.title == "Digitalisierungsstrategie 2027–2031"
    assert sink.properties.creator == "Anna Admin"
    assert sink.properties.subject == "Entwurf für den Stadtrat"
    assert sink.properties.language == "de-DE"


def test_header_is_bold_frozen_and_filtered(sink):
    sheet = sink["Alle Maßnahmen"]
    assert [cell.value for cell in sheet[1]] == ["Maßnahme", "Nr.", "Kosten", "Anteil", "Start"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E81"  # the total row stays outside the filter
    assert sheet.print_title_rows == "$1:$1"


def test_numbers_and_dates_are_typed_cells_with_formats(sink):
    sheet = sink["Alle Maßnahmen"]
    name, number, cost, share, start = sheet[2]
    assert (name.value, name.data_type) == ("Maßnahme 1", "s")
    assert (number.value, number.data_type, number.number_format) == (1, "n", "#,##0")
    assert cost.value == Decimal("1234.5") and cost.data_type == "n"
    assert cost.number_format == '#,##0.00 "€"'
    assert share.value == pytest.approx(0.01) and share.number_format == "0%"
    assert start.is_date and start.value == datetime.datetime(2027, 2, 1)  # noqa: DTZ001
    assert start.number_format == "DD.MM.YYYY"
    assert [cell.alignment.horizontal for cell in sheet[2]] == [
        "left",
        "right",
        "right",
        "right",
        "left",
    ]


def test_total_row_is_bold_below_the_rows(sink):
    sheet = sink["Alle Maßnahmen"]
    total = sheet[82]
    assert total[0].value == "Summe"
    assert total[2].value == sum(Decimal("1234.5") * n for n in range(1, 81))
    assert all(cell.font.b for cell in total)
    assert sheet.max_row == 82


def test_column_widths_fit_the_content_within_limits(sink):
    sheet = sink["Alle Maßnahmen"]
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    assert widths["A"] >= len("Maßnahme 80")
    assert widths["C"] >= len("3.999.780,00 €")
    assert all(8 <= width <= 60 for width in widths.values())
    hostile = sink["Feindliche Eingaben"]
    assert hostile.column_dimensions["A"].width == 60  # the long word wraps instead
    assert hostile["A11"].alignment.wrap_text


@pytest.mark.parametrize(
    ("column", "language", "expected"),
    [
        (Column("x", NumberFormat.TEXT), "de", None),
        (Column("x", NumberFormat.INTEGER, decimals=2), "de", "#,##0"),
        (Column("x", NumberFormat.DECIMAL), "de", "#,##0.0"),
        (Column("x", NumberFormat.DECIMAL, decimals=3), "de", "#,##0.000"),
        (Column("x", NumberFormat.PERCENT, decimals=1), "de", "0.0%"),
        (Column("x", NumberFormat.EURO), "de", '#,##0.00 "€"'),
        (Column("x", NumberFormat.EURO, decimals=0), "de", '#,##0 "€"'),
        (Column("x", NumberFormat.EURO), "en", '"€"#,##0.00'),
    ],
)
def test_number_formats_per_column(column, language, expected):
    assert number_format(column, language) == expected


def test_english_documents_get_english_date_and_euro_formats():
    table = Table(
        [Column("Cost", NumberFormat.EURO), Column("Start", NumberFormat.DATE)],
        [[Decimal("1.5"), datetime.date(2027, 1, 1)]],
    )
    sheet = workbook(render_xlsx(document(table, language="en"))).active
    assert sheet["A2"].number_format == '"€"#,##0.00'
    assert sheet["B2"].number_format == "D MMM YYYY"
    assert sheet.title == "Table 1"


# ---------------------------------------------------------------- sheet names


def test_sheet_names_are_valid_unique_and_short():
    tables = [
        Table([Column("x")], [], sheet_name="Kosten [2026]: a/b\\c*d?e"),
        Table([Column("x")], [], caption="Eine sehr lange Überschrift, die nicht passt"),
        Table([Column("x")], [], caption="kosten  2026 a b c d e"),
        Table([Column("x")], [], caption="Kosten 2026 a b c d e"),
        Table([Column("x")], []),
        Table([Column("x")], [], caption="History"),
        Table([Column("x")], [], caption="'zitiert'"),
        Table([Column("x")], [], caption="Eine sehr lange Überschrift, die nicht passt, zwei"),
    ]
    names = sheet_names(tables)
    assert names == [
        "Kosten 2026 a b c d e",
        "Eine sehr lange Überschrift, di",
        "kosten 2026 a b c d e (2)",
        "Kosten 2026 a b c d e (3)",
        "Tabelle 5",
        "Tabelle 6",
        "zitiert",
        "Eine sehr lange Überschrift (2)",
    ]
    assert all(len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) for name in names)
    assert len({name.casefold() for name in names}) == len(names)
    assert workbook(render_xlsx(document(*tables))).sheetnames == names


# ---------------------------------------------------------------- formula injection


def test_formula_like_text_is_a_text_cell_with_the_quote_prefix(sink):
    sheet = sink["Feindliche Eingaben"]
    for row, value in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.value == value  # the exact text
        assert cell.data_type == "s"
        assert cell.quotePrefix == (value[0] in "=+-@")


def test_no_cell_is_written_as_a_formula(sheet_xml):
    for xml in sheet_xml.values():
        assert "<f>" not in xml and "<f " not in xml
    assert '<c r="A5" s="' in sheet_xml["xl/worksheets/sheet2.xml"]
    assert re.search(
        r'<c r="A5" s="\d+" t="inlineStr"><is><t>=SUMME', sheet_xml["xl/worksheets/sheet2.xml"]
    )


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"]
)
def test_every_formula_trigger_is_guarded(text):
    table = Table([Column(text)], [[text]], total_row=[text])
    sheet = workbook(render_xlsx(document(table))).active
    for cell in (sheet["A1"], sheet["A2"], sheet["A3"]):
        assert cell.value == text
        assert cell.data_type == "s"
        assert cell.quotePrefix


def test_ordinary_text_gets_no_prefix():
    sheet = workbook(render_xlsx(document(Table([Column("x")], [["a=b"], ["E-Mail"]])))).active
    assert not sheet["A2"].quotePrefix and not sheet["A3"].quotePrefix


# ---------------------------------------------------------------- bad input


def test_hostile_german_and_emoji_text_is_kept_exactly(sink):
    values = [cell.value for (cell,) in sink["Feindliche Eingaben"].iter_rows(min_row=2, max_col=1)]
    assert values == HOSTILE
    assert "Äpfel, Öfen, Übermut, Straße, „Anführung“ – ‚halb‘ … € § ½" in values
    assert "Emoji 🚀🏛️👩\u200d💻" in values


def test_a_long_table_keeps_every_row(sink):
    sheet = sink["Alle Maßnahmen"]
    assert [sheet.cell(row=row, column=2).value for row in range(2, 82)] == list(range(1, 81))


def test_control_characters_are_dropped_and_long_text_is_cut():
    table = Table(
        [Column("a\x00b"), Column("Lang")],
        [["x\x01y\x0bz\ud800", "L" * 40_000]],
        caption="Tab\x07elle",
    )
    sheet = workbook(render_xlsx(document(table, title="T\x1fitel"))).active
    assert sheet.title == "Tabelle"
    assert (sheet["A1"].value, sheet["A2"].value) == ("ab", "xyz")
    assert len(sheet["B2"].value) == 32767 and sheet["B2"].value.endswith("…")


def test_odd_values_are_written_safely():
    table = Table(
        [Column("Wert", NumberFormat.DECIMAL), Column("Zeit", NumberFormat.DATE)],
        [
            [float("nan"), datetime.datetime(2026, 11, 26, 12, 30, tzinfo=datetime.UTC)],
            [Decimal("Infinity"), "k. A."],
            [None, None],
        ],
    )
    sheet = workbook(render_xlsx(document(table))).active
    assert sheet["A2"].value == "nan" and sheet["A3"].value == "Infinity"
    # Excel has no time zones: the local time (Europe/Berlin) without zone.
    assert sheet["B2"].value == datetime.datetime(2026, 11, 26, 13, 30)  # noqa: DTZ001
    assert sheet["B2"].number_format == "DD.MM.YYYY hh:mm"
    assert sheet["B3"].value == "k. A."
    assert sheet["A4"].value is None and sheet["B4"].value is None


def test_an_empty_table_has_a_header_and_filter():
    sheet = workbook(render_xlsx(document(Table([Column("A"), Column("B")], [])))).active
    assert [cell.value for cell in sheet[1]] == ["A", "B"]
    assert sheet.auto_filter.ref == "A1:B1"


def test_a_document_without_tables_gives_a_sheet_that_says_so():
    book = workbook(render_xlsx(document(Paragraph("Nur Text"))))  # type: ignore[arg-type]
    assert book.sheetnames == ["Hinweis"]
    assert book.active["A1"].value == "Dieses Dokument enthält keine Tabellen."
    english = workbook(render_xlsx(document(language="en")))
    assert english.active["A1"].value == "This document contains no tables."


def test_a_failing_render_raises_a_clear_error_and_logs_the_cause(caplog):
    table = Table([Column("x")], [[object()]])  # type: ignore[list-item]
    with caplog.at_level(logging.ERROR), pytest.raises(DocumentRenderError) as raised:
        render_xlsx(document(table))
    assert str(raised.value).startswith("The spreadsheet for “Test” could not be created")
    assert raised.value.file_format == "xlsx"
    record = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert record.exc_info is not None


def test_metadata_without_author_names_the_organisation():
    meta = Metadata(title="T", organisation="Stadt Musterstadt")
    book = workbook(render_xlsx(dataclasses.replace(document(), meta=meta)))
    assert book.properties.creator == "Stadt Musterstadt"
