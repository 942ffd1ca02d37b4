"""Uploaded tables: reading CSV and XLSX, and the one way every import names its bad rows."""

import io

import openpyxl
import pytest
from django.utils import translation

from kommunalkompass.documents.tables import (
    LINE,
    ROW,
    RowError,
    RowsError,
    format_row_errors,
    read_table,
)


def test_a_csv_file_counts_lines_and_names_them_as_lines():
    table = read_table("Titel;Kosten\n\nA;1\nB;2\n".encode("utf-8-sig"), "m.csv")
    assert table.header == ["Titel", "Kosten"]
    assert table.rows == [(3, ["A", "1"]), (4, ["B", "2"])]
    assert (table.unit, table.filename) == (LINE, "m.csv")


def test_a_workbook_counts_spreadsheet_rows_and_names_them_as_rows():
    workbook = openpyxl.Workbook()
    workbook.active.append(["title"])
    workbook.active.append([None])
    workbook.active.append(["A"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "m.xlsx")
    assert table.rows == [(3, ["A"])]
    assert (table.unit, table.filename) == (ROW, "m.xlsx")


def test_a_row_error_names_line_or_row_and_every_fault():
    error = RowError.of(3, ["the title is missing", "effort: “zehn” is not a whole number"])
    assert str(error) == "Line 3: the title is missing; effort: “zehn” is not a whole number"
    assert str(RowError(line=7, reason="bad", unit=ROW)) == "Row 7: bad"


def test_row_errors_are_german_in_german():
    with translation.override("de"):
        assert str(RowError(line=3, reason="x")) == "Zeile 3: x"
        assert str(RowError(line=7, reason="x", unit=ROW)) == "Zeile 7: x"
        assert format_row_errors([RowError(line=n, reason="x") for n in range(3)], limit=1)[-1] == (
            "… und 2 weitere"
        )


def test_a_listing_stops_at_its_limit_and_counts_the_others():
    errors = [RowError(line=n, reason="bad") for n in range(2, 8)]
    assert format_row_errors(errors, limit=2) == ["Line 2: bad", "Line 3: bad", "… and 4 more"]
    assert len(format_row_errors(errors, limit=None)) == 6
    assert format_row_errors(errors, limit=6)[-1] == "Line 7: bad"


def test_rows_error_says_how_many_rows_of_the_file_and_that_nothing_was_saved():
    errors = [RowError(line=n, reason="bad") for n in range(2, 5)]
    with pytest.raises(RowsError) as caught:
        raise RowsError(filename="m.csv", row_count=10, errors=errors)
    assert caught.value.errors == errors
    assert str(caught.value) == (
        "m.csv: 3 of 10 rows cannot be imported; nothing has been saved.\n"
        "  Line 2: bad\n  Line 3: bad\n  Line 4: bad"
    )
    assert caught.value.as_text(limit=1).endswith("  Line 2: bad\n  … and 2 more")
