"""Hostile XLSX workbooks for the import tests, built in memory.

A workbook is a ZIP archive of XML parts. These helpers take a real (tiny) workbook saved
by openpyxl and replace or add parts, so that each attack is the only thing wrong with the
file: a sheet whose XML is huge but compresses to almost nothing (a decompression bomb),
rows beyond an import's limit, a row of thousands of cells, a document type declaration
with an entity or a billion-laughs payload.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

import openpyxl

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
WORKBOOK = "xl/workbook.xml"
SHEET_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN_NS}"><sheetData>'
).encode()
SHEET_TAIL = b"</sheetData></worksheet>"
MB = 1024 * 1024


def workbook_bytes(rows: list[list[object]]) -> bytes:
    """An ordinary workbook with ``rows`` on its first sheet."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_parts(
    parts: dict[str, Iterable[bytes]], *, rows: list[list[object]] | None = None
) -> bytes:
    """A workbook whose parts named in ``parts`` are replaced (or added) by the given chunks.

    The chunks are written one after the other into the compressed member, so a part of
    many megabytes never exists in memory as a whole. An added shared-strings part is
    registered in the content types and the workbook's relationships.
    """
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(rows or [["title"], ["A"]])))
    names = set(source.namelist())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name in parts:
                continue
            data = source.read(name)
            if SHARED_STRINGS in parts and SHARED_STRINGS not in names:
                if name == "[Content_Types].xml":
                    data = data.replace(
                        b"</Types>",
                        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                        b"</Types>",
                    )
                elif name == "xl/_rels/workbook.xml.rels":
                    data = data.replace(
                        b"</Relationships>",
                        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
                        b'officeDocument/2006/relationships/sharedStrings" '
                        b'Target="sharedStrings.xml"/></Relationships>',
                    )
            target.writestr(name, data)
        for name, chunks in parts.items():
            with target.open(name, "w") as member:
                for chunk in chunks:
                    member.write(chunk)
    return buffer.getvalue()


def sheet(*rows: bytes, head: bytes = SHEET_HEAD) -> bytes:
    """The XML of a first sheet with the given ``<row>`` elements."""
    return head + b"".join(rows) + SHEET_TAIL


def text_row(number: int, *texts: str) -> bytes:
    cells = b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % text.encode() for text in texts)
    return b'<row r="%d">%s</row>' % (number, cells)


def number_rows(first: int, last: int) -> bytes:
    """Rows ``first`` to ``last``, each with the number 1 in column A."""
    return b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(first, last + 1)
    )


def row_bomb(*, unpacked_mb: int) -> bytes:
    """A workbook of some ten kilobytes per 100 MB: a sheet of identical rows of one cell
    that unpacks to ``unpacked_mb`` megabytes (the measure import's 92 KB file was one)."""
    row = b'<row><c t="inlineStr"><is><t>Ma\xc3\x9fnahme</t></is></c></row>'
    block = row * (MB // len(row))

    def chunks():
        yield SHEET_HEAD + text_row(1, "title")
        for _ in range(unpacked_mb):
            yield block
        yield SHEET_TAIL

    return with_parts({SHEET: chunks()})


def entity_sheet() -> bytes:
    """A sheet that declares an internal entity and uses it in its only cell."""
    head = SHEET_HEAD.replace(
        b"\n<worksheet", b'\n<!DOCTYPE worksheet [<!ENTITY title "Eingeschleust">]>\n<worksheet'
    )
    return sheet(b'<row r="1"><c t="inlineStr"><is><t>&title;</t></is></c></row>', head=head)


def billion_laughs_sheet() -> bytes:
    """A sheet whose only cell is ten entities deep, ten references each: 10¹⁰ “lol”s."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (level, b"&lol%d;" % (level - 1) * 10) for level in range(1, 10)
    )
    head = SHEET_HEAD.replace(
        b"\n<worksheet", b"\n<!DOCTYPE worksheet [%s]>\n<worksheet" % entities
    )
    return sheet(b'<row r="1"><c t="inlineStr"><is><t>&lol9;</t></is></c></row>', head=head)


def external_entity_workbook_part() -> bytes:
    """The workbook part (read by lxml, not by the sheet parser) with an external entity."""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE workbook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        b'<workbook xmlns="%s" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships"><sheets><sheet name="&secret;" sheetId="1" r:id="rId1"/></sheets>'
        b"</workbook>" % MAIN_NS.encode()
    )
