"""Hostile uploads of the table reader: every one is a ``TableFileError`` naming the limit or
the fault, found before openpyxl builds anything big (docs/security.md, "Imports").

Each case once took a worker for many seconds, or answered 500, or read an entity into a
cell. Where the reader must stop before parsing, ``openpyxl.load_workbook`` is replaced by a
function that fails the test: the file is judged by its ZIP directory and a streaming look
at its XML alone. Where it must stop at a row limit, the sheet's XML is broken behind the
limit: a reader that went on would meet the break and say something else.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from kommunalkompass.documents.tables import (
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_PARTS,
    MAX_UNPACKED_BYTES,
    TableFileError,
    read_table,
)
from kommunalkompass.documents.tests.workbooks import (
    MB,
    SHARED_STRINGS,
    SHEET,
    SHEET_HEAD,
    SHEET_TAIL,
    WORKBOOK,
    billion_laughs_sheet,
    entity_sheet,
    external_entity_workbook_part,
    number_rows,
    row_bomb,
    sheet,
    text_row,
    with_parts,
)


@pytest.fixture
def openpyxl_must_not_parse(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a workbook that should be refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def _refused(data: bytes, *, max_rows: int = 1000) -> str:
    with pytest.raises(TableFileError) as caught:
        read_table(data, "massnahmen.xlsx", max_rows=max_rows)
    message = str(caught.value)
    assert message.startswith("massnahmen.xlsx: ")
    return message


def test_a_decompression_bomb_is_refused_from_its_zip_directory(openpyxl_must_not_parse):
    data = row_bomb(unpacked_mb=MAX_UNPACKED_BYTES // MB + 10)
    assert len(data) < 200 * 1024  # tiny on the wire
    message = _refused(data)
    assert f"more than {MAX_UNPACKED_BYTES // MB} MB" in message


def test_a_part_compressed_beyond_the_ratio_is_refused(openpyxl_must_not_parse):
    data = row_bomb(unpacked_mb=3)  # well below the size limit, but 3 MB from a few KB
    message = _refused(data)
    assert f"more than {MAX_COMPRESSION_RATIO} to 1" in message
    assert SHEET in message


def test_a_workbook_of_too_many_parts_is_refused(openpyxl_must_not_parse):
    parts = {f"xl/media/image{n}.png": [b"\x89PNG"] for n in range(MAX_PARTS)}
    assert f"more than {MAX_PARTS} parts" in _refused(with_parts(parts))


def test_the_reading_stops_at_the_row_limit():
    # 1,200 rows, then XML that no parser accepts: only a reader that stops at the limit
    # (1,000 rows below the header) never sees it.
    broken = SHEET_HEAD + text_row(1, "title") + number_rows(2, 1200) + b"<row><c><<<" + SHEET_TAIL
    message = _refused(with_parts({SHEET: [broken]}), max_rows=1000)
    assert "more than 1000 rows below the header" in message


def test_the_row_limit_holds_for_csv_files_too():
    data = ("title\n" + "".join(f"M{n}\n" for n in range(1, 12))).encode()
    with pytest.raises(TableFileError, match="more than 10 rows below the header"):
        read_table(data, "m.csv", max_rows=10)
    assert len(read_table(data, "m.csv", max_rows=11).rows) == 11


def test_rows_up_to_the_limit_are_read():
    data = with_parts({SHEET: [sheet(text_row(1, "title"), number_rows(2, 1001))]})
    table = read_table(data, "m.xlsx", max_rows=1000)
    assert len(table.rows) == 1000
    assert table.rows[-1] == (1001, [1])


def test_a_row_of_too_many_cells_is_refused_before_it_is_built(openpyxl_must_not_parse):
    wide = b"<row>" + b"<c/>" * (MAX_COLUMNS + 1) + b"</row>"
    message = _refused(with_parts({SHEET: [sheet(text_row(1, "title"), wide)]}))
    assert f"row 2 has more than {MAX_COLUMNS} cells" in message


def test_a_workbook_of_too_many_xml_elements_is_refused(openpyxl_must_not_parse):
    # 400,000 different shared strings compress only about tenfold, so neither the size nor
    # the ratio stops them; a table of 1,000 rows never needs so many.
    strings = b"".join(b"<si><t>Text %d</t></si>" % n for n in range(400_000))
    part = b'<?xml version="1.0"?><sst xmlns="%s">%s</sst>' % (
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        strings,
    )
    message = _refused(with_parts({SHARED_STRINGS: [part]}))
    assert "more XML elements than a table of 1000 rows" in message


def test_a_stated_size_of_the_whole_sheet_does_not_widen_the_rows():
    # The sheet claims A1:XFD1048576; the rows are read as wide as they really are.
    head = SHEET_HEAD.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
    data = with_parts({SHEET: [sheet(text_row(1, "title"), text_row(2, "A"), head=head)]})
    table = read_table(data, "m.xlsx", max_rows=1000)
    assert table.header == ["title"]
    assert table.rows == [(2, ["A"])]


@pytest.mark.parametrize(
    "part, xml",
    [
        pytest.param(SHEET, entity_sheet(), id="entity in the sheet"),
        pytest.param(SHEET, billion_laughs_sheet(), id="billion laughs in the sheet"),
        pytest.param(
            SHEET,
            entity_sheet().decode().replace('"UTF-8"', '"UTF-16"').encode("utf-16"),
            id="entity in a sheet in UTF-16",
        ),
        pytest.param(WORKBOOK, external_entity_workbook_part(), id="external entity"),
        pytest.param(
            SHARED_STRINGS,
            b'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY x "y">]>\n<sst xmlns="%s"/>'
            % b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            id="entity in the shared strings",
        ),
    ],
)
def test_a_document_type_declaration_is_refused_before_parsing(openpyxl_must_not_parse, part, xml):
    message = _refused(with_parts({part: [xml]}))
    assert "declares a document type (<!DOCTYPE …>)" in message
    assert part in message


def test_a_sheet_that_is_not_xml_is_an_import_error_not_a_crash():
    data = with_parts({SHEET: [SHEET_HEAD + text_row(1, "title") + b"<row><c><<<" + SHEET_TAIL]})
    assert "not a readable XLSX workbook" in _refused(data)


def test_a_member_that_unpacks_to_more_than_it_says_is_an_import_error():
    data = bytearray(with_parts({SHEET: [sheet(text_row(1, "title"), number_rows(2, 50))]}))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo(SHEET)
    # Lower the size the central directory states for the sheet: Python's zipfile reads no
    # more than stated and then finds the checksum wrong.
    directory = bytes(data).rfind(b"PK\x01\x02", 0, len(data))
    while bytes(data[directory + 46 : directory + 46 + len(SHEET)]) != SHEET.encode():
        directory = bytes(data).rfind(b"PK\x01\x02", 0, directory)
    data[directory + 24 : directory + 28] = (info.file_size // 2).to_bytes(4, "little")
    assert "not a readable XLSX workbook" in _refused(bytes(data))
