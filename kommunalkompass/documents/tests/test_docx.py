"""The DOCX renderer: Word structures for every block type, hostile text and failures.

Each file is re-opened with python-docx and read back. Whether Word and LibreOffice open it
without a repair prompt was checked by hand (``docs/documents-office.md``).
"""

import dataclasses
import datetime
import io
import logging
import re
import zipfile
from decimal import Decimal

import docx
import pytest
import typst
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from kommunalkompass.documents.charts import RadarChart, Series
from kommunalkompass.documents.docx import clean, render_docx, safe_link
from kommunalkompass.documents.errors import DocumentRenderError
from kommunalkompass.documents.formatting import format_cell
from kommunalkompass.documents.model import (
    BulletList,
    Callout,
    Column,
    Document,
    Figure,
    Heading,
    KeyFigures,
    Metadata,
    NumberedList,
    NumberFormat,
    Paragraph,
    Span,
    Table,
)
from kommunalkompass.documents.tests.samples import HOSTILE, kitchen_sink

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def tiny_png() -> bytes:
    return typst.compile(
        b"#set page(width: 2cm, height: 1cm)\n#rect(width: 100%, height: 100%, fill: blue)",
        format="png",
    )


def radar(language: str = "de") -> RadarChart:
    return RadarChart(
        title="Reifegrad nach Dimension",
        axes=["Strategie", "Organisation", "Prozesse", "Technik", "Daten"],
        series=[Series("Ist", [2, 3, 2.5, 3.5, 2]), Series("Ziel", [4, 4, 4, 4.5, 4])],
        language=language,
    )


def with_logo(document: Document, logo: bytes | None) -> Document:
    return dataclasses.replace(document, meta=dataclasses.replace(document.meta, logo=logo))


def document(blocks, **meta) -> Document:
    return Document(
        meta=Metadata(title="Test", date=datetime.date(2026, 11, 26), **meta),
        blocks=blocks,
        title_page=False,
        table_of_contents=False,
    )


def reopen(content: bytes):
    return docx.Document(io.BytesIO(content))


def body_texts(word) -> list[str]:
    return [paragraph.text for paragraph in word.paragraphs]


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def figure():
    return Figure(radar(), caption="Reifegradprofil")


@pytest.fixture(scope="module")
def sink_bytes(figure):
    return render_docx(with_logo(kitchen_sink(figures=[figure]), tiny_png()))


@pytest.fixture(scope="module")
def sink(sink_bytes):
    return reopen(sink_bytes)


@pytest.fixture(scope="module")
def sink_xml(sink_bytes):
    with zipfile.ZipFile(io.BytesIO(sink_bytes)) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


def data_tables(word):
    """The tables that came from ``Table`` blocks (they carry a caption for screen readers)."""
    return [table for table in word.tables if table._tbl.tblPr.find(qn("w:tblCaption")) is not None]


# ---------------------------------------------------------------- document set-up


def test_core_properties_come_from_the_metadata(sink):
    properties = sink.core_properties
    assert properties.title == "Digitalisierungsstrategie 2027–2031"
    assert properties.subject == "Entwurf für den Stadtrat"
    assert properties.author == "Anna Admin"
    assert properties.language == "de-DE"
    assert properties.version == "1.0"
    assert properties.created.year >= 2026  # not the template's 2013


def test_no_template_thumbnail_is_left_in_the_package(sink_xml):
    assert not any("thumbnail" in name for name in sink_xml)


def test_pages_are_a4_with_the_pdf_margins(sink):
    section = sink.sections[0]
    sizes = [section.page_width, section.page_height, section.left_margin, section.right_margin]
    assert [round(size.mm, 1) for size in sizes] == [210, 297, 25, 20]


def test_language_is_set_for_hyphenation_and_spell_checking(sink_xml):
    styles = sink_xml["word/styles.xml"]
    assert '<w:lang w:val="de-DE" w:eastAsia="de-DE"' in styles
    settings = sink_xml["word/settings.xml"]
    assert "<w:autoHyphenation/>" in settings
    assert "w:proofState" not in settings


def test_english_documents_use_english_words_and_language(figure):
    word = reopen(render_docx(kitchen_sink(language="en", figures=[figure])))
    assert word.core_properties.language == "en-GB"
    assert "Contents" in body_texts(word)
    footer = word.sections[0].footer.paragraphs[0].text
    assert "Page 1 of 1" in footer
    assert "26 November 2026" in footer
    assert any(text.startswith("Table 1: ") for text in body_texts(word))
    assert any(text.startswith("Figure 1: ") for text in body_texts(word))
    # English number formats in the cells, through formatting.py
    assert "€1,234.50" in cell_texts(data_tables(word)[0])[1]


# ---------------------------------------------------------------- title page, TOC, header


def test_title_page_shows_title_subtitle_and_facts_then_breaks_the_page(sink):
    paragraphs = sink.paragraphs
    title = next(p for p in paragraphs if p.style.name == "Title")
    subtitle = next(p for p in paragraphs if p.style.name == "Subtitle")
    assert title.text == "Digitalisierungsstrategie 2027–2031"
    assert subtitle.text == "Entwurf für den Stadtrat"
    facts = cell_texts(sink.tables[0])
    assert facts == [
        ["Organisation", "Stadt Musterstadt"],
        ["Verfasst von", "Anna Admin"],
        ["Stand", "26. November 2026"],
        ["Version", "1.0"],
    ]
    body = sink.element.body
    after_facts = sink.tables[0]._tbl.getnext()
    assert after_facts.xpath(".//w:br/@w:type") == ["page"]
    assert body.index(after_facts) < body.index(
        next(p for p in paragraphs if p.text == "Inhalt")._p
    )
    # No running header or footer on the title page.
    section = sink.sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""


def test_table_of_contents_is_a_real_toc_field_with_a_hint(sink):
    heading = next(p for p in sink.paragraphs if p.text == "Inhalt")
    assert heading.style.name == "TOC Heading"
    instructions = [node.text for node in sink.element.body.iter(qn("w:instrText"))]
    assert ' TOC \\o "1-3" \\h \\z \\u ' in instructions
    assert any("Rechtsklick → „Feld aktualisieren“" in text for text in body_texts(sink))


def test_without_title_page_and_contents_the_title_heads_the_text():
    word = reopen(render_docx(document([Paragraph("Text")], organisation="Stadt Musterstadt")))
    texts = body_texts(word)
    assert texts[:2] == ["Test", "Stadt Musterstadt · 26. November 2026"]
    assert not list(word.element.body.iter(qn("w:instrText")))
    assert not word.sections[0].different_first_page_header_footer


def test_running_header_has_organisation_and_logo(sink):
    header = sink.sections[0].header
    assert header.paragraphs[0].text.startswith("Stadt Musterstadt")
    pictures = header._element.xpath(".//wp:docPr")
    assert [picture.get("descr") for picture in pictures] == ["Stadt Musterstadt"]


def test_drawing_ids_are_unique_across_body_and_headers(sink_xml):
    ids = [
        match
        for name, xml in sink_xml.items()
        if name.startswith(("word/document", "word/header", "word/footer"))
        for match in re.findall(r'<wp:docPr id="(\d+)"', xml)
    ]
    assert len(ids) == 3  # the logo in the header and on the title page, the chart
    assert len(set(ids)) == len(ids)


def test_footer_has_title_date_and_page_fields(sink):
    footer = sink.sections[0].footer.paragraphs[0]
    instructions = [node.text.strip() for node in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text == (
        "Digitalisierungsstrategie 2027–2031  ·  26. November 2026\tSeite 1 von 1"
    )


def test_an_svg_logo_is_rasterised_and_a_broken_one_left_out(caplog):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="red"/></svg>'  # noqa: E501
    word = reopen(render_docx(document([], organisation="Amt", logo=svg)))
    assert word.sections[0].header._element.xpath(".//wp:docPr")
    with caplog.at_level(logging.WARNING):
        word = reopen(render_docx(document([], organisation="Amt", logo=b"GIF89a...")))
    assert not word.sections[0].header._element.xpath(".//wp:docPr")
    assert "logo" in caplog.text


# ---------------------------------------------------------------- blocks


def test_headings_use_word_heading_styles_numbered_like_the_pdf(sink):
    headings = [(p.style.name, p.text) for p in sink.paragraphs if p.style.name.startswith("Head")]
    assert headings == [
        ("Heading 1", "Ausgangslage"),
        ("Heading 2", "Ziele"),
        ("Heading 3", "Details"),
        ("Heading 1", "Sonderzeichen"),
        ("Heading 2", "Leerer Abschnitt"),
    ]
    for level in (1, 2, 3):
        numbering = sink.styles[f"Heading {level}"].element.pPr.numPr
        assert numbering.ilvl.val == level - 1
    assert sink.styles["TOC Heading"].element.pPr.numPr.numId.val == 0


def test_skipped_heading_levels_are_closed_up():
    word = reopen(render_docx(document([Heading("A", 2), Heading("B", 3), Heading("C", 1)])))
    assert [p.style.name for p in word.paragraphs if p.text in "ABC"] == [
        "Heading 1",
        "Heading 2",
        "Heading 1",
    ]


def test_paragraph_keeps_bold_italic_and_a_real_hyperlink(sink):
    paragraph = next(p for p in sink.paragraphs if p.text.startswith("Die Stadt"))
    assert paragraph.text == (
        "Die Stadt Musterstadt hat ihren Reifegrad erhoben; Details unter kommunalkompass.example."
    )
    runs = {run.text: run for run in paragraph.runs}
    assert runs["Musterstadt"].bold
    assert runs["Reifegrad"].italic
    (link,) = paragraph.hyperlinks
    assert link.text == "kommunalkompass.example"
    assert link.url == "https://kommunalkompass.example/"
    assert link.runs[0].style.name == "Hyperlink"


def test_lists_use_list_styles_and_each_numbered_list_starts_at_one():
    word = reopen(
        render_docx(
            document(
                [
                    BulletList(["a", ["b ", Span("fett", bold=True)]]),
                    NumberedList(["eins", "zwei"]),
                    NumberedList(["wieder eins"]),
                ]
            )
        )
    )
    styles = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("List")]
    assert styles == [
        ("List Bullet", "a"),
        ("List Bullet", "b fett"),
        ("List Number", "eins"),
        ("List Number", "zwei"),
        ("List Number", "wieder eins"),
    ]
    num_ids = [p._p.pPr.numPr.numId.val for p in word.paragraphs if p.style.name == "List Number"]
    assert num_ids[0] == num_ids[1] != num_ids[2]
    numbering = word.part.numbering_part.element
    for num_id in (num_ids[0], num_ids[2]):
        num = numbering.num_having_numId(num_id)
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]


def test_tables_have_a_repeated_header_row_formatted_cells_and_a_bold_total(sink):
    table, hostile = data_tables(sink)
    block = kitchen_sink().tables()[0]
    rows = cell_texts(table)
    assert len(rows) == 1 + 80 + 1
    assert rows[0] == ["Maßnahme", "Nr.", "Kosten", "Anteil", "Start"]
    header = table.rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    for values, texts in zip(block.rows, rows[1:-1], strict=False):
        assert texts == [
            format_cell(v, c, "de") for v, c in zip(values, block.columns, strict=True)
        ]
    assert rows[1] == ["Maßnahme 1", "1", "1.234,50\u00a0€", "1\u00a0%", "01.02.2027"]
    assert rows[-1][:3] == ["Summe", "", "3.999.780,00\u00a0€"]
    total_runs = [run for cell in table.rows[-1].cells for p in cell.paragraphs for run in p.runs]
    assert total_runs and all(run.bold for run in total_runs)
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def test_table_columns_are_aligned_and_sized(sink):
    table = data_tables(sink)[0]
    alignments = [cell.paragraphs[0].alignment for cell in table.rows[1].cells]
    assert [str(a) if a is not None else None for a in alignments] == [
        None,  # left: the default
        "RIGHT (2)",
        "RIGHT (2)",
        "RIGHT (2)",
        None,
    ]
    widths = [column.width for column in table.columns]
    assert sum(widths) <= Mm(165) + Mm(1)
    assert widths[0] > widths[1]  # text gets the room, numbers what they need
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_column_widths_follow_the_pdf_rules():
    table = Table(
        [
            Column("Name", width=2),
            Column("Notiz"),
            Column("Betrag", NumberFormat.EURO),
            Column("Anteil", NumberFormat.PERCENT, width=1),
        ],
        [["a", "eine Notiz", Decimal("1.5"), 0.5]],
    )
    numbers = Table([Column("A", NumberFormat.INTEGER), Column("Betrag", NumberFormat.EURO)], [])
    word = reopen(render_docx(document([table, numbers])))
    name, note, amount, share = [round(c.width.mm) for c in word.tables[0].columns]
    assert name == 2 * note == 2 * share and amount < note
    assert name + note + amount + share == 165
    a, b = [round(c.width.mm) for c in word.tables[1].columns]
    assert a < b and a + b == 165


def test_dates_and_one_word_values_take_the_width_they_need_and_never_wrap():
    """A goals table: a date column, a month written as text and a narrow heading word
    ("Ausgangswert") are as wide as their longest value; the text columns share the rest."""
    table = Table(
        [
            Column("Ziel", width=2.5),
            Column("Indikator", width=2.5),
            Column("Ausgangswert", NumberFormat.DECIMAL, decimals=1),
            Column("Zielwert", NumberFormat.DECIMAL, decimals=1),
            Column("bis"),
            Column("Stichtag", NumberFormat.DATE),
            Column("Verlauf", width=1.5),
        ],
        [
            [
                "Verwaltungsleistungen online anbieten",
                "Anteil der Leistungen online",
                Decimal("12.5"),
                Decimal("80"),
                "12/2030",
                datetime.date(2030, 12, 31),
                "auf Kurs",
            ]
        ],
    )
    word = reopen(render_docx(document([table])))
    widths = [column.width for column in word.tables[0].columns]
    char = Pt(9.5) * 0.6
    assert widths[2] >= len("Ausgangswert") * char
    assert widths[4] >= len("12/2030") * char
    assert widths[5] >= len("31.12.2030") * char
    assert widths[0] > widths[5]


def test_table_and_figure_captions_are_numbered_caption_fields(sink):
    captions = [p for p in sink.paragraphs if p.style.name == "Caption"]
    assert [p.text for p in captions] == [
        "Abbildung 1: Reifegradprofil",
        "Tabelle 1: Alle Maßnahmen",
        "Tabelle 2: Feindliche Eingaben",
    ]
    instructions = [node.text.strip() for p in captions for node in p._p.iter(qn("w:instrText"))]
    assert instructions == [
        "SEQ Abbildung \\* ARABIC",
        "SEQ Tabelle \\* ARABIC",
        "SEQ Tabelle \\* ARABIC",
    ]


def test_key_figures_are_tiles_with_value_label_and_note(sink):
    tiles = next(t for t in sink.tables if "Gesamtreifegrad" in t.rows[0].cells[0].text)
    texts = [cell.text for cell in tiles.rows[0].cells]
    assert texts == [
        "2,8\nGesamtreifegrad\nvon 5",
        "",
        "142\nTeilnehmende",
        "",
        "24\nMaßnahmen\ndavon 8 mit hoher Priorität",
    ]
    assert tiles.rows[0].cells[0]._tc.xpath("./w:tcPr/w:shd/@w:fill") == ["EEF3F9"]


def test_callouts_are_shaded_boxes_with_title_and_body(sink):
    boxes = [t for t in sink.tables if len(t.columns) == 1]
    assert [cell_texts(box) for box in boxes] == [
        [["Hinweis\nDie Befragung war freiwillig und anonym."]],
        [["Achtung\nZwei Maßnahmen sind überfällig."]],
    ]
    fills = [box.rows[0].cells[0]._tc.xpath("./w:tcPr/w:shd/@w:fill")[0] for box in boxes]
    assert fills == ["EAF2FB", "FDF4E3"]


def test_figure_is_the_charts_png_with_alt_text(sink, figure):
    pictures = sink.element.body.xpath(".//wp:docPr")
    # The logo on the title page, then the chart.
    assert [picture.get("descr") for picture in pictures] == [
        "Stadt Musterstadt",
        figure.description,
    ]
    assert pictures[1].get("title") == "Reifegrad nach Dimension"
    assert round(sink.inline_shapes[1].width.mm) == 165
    images = [part for part in sink.part.package.iter_parts() if "image" in part.content_type]
    assert any(part.blob == figure.chart.png() for part in images)


def test_page_break_block_breaks_the_page(sink):
    breaks = sink.element.body.xpath(".//w:br[@w:type='page']")
    assert len(breaks) == 3  # after the title page, after the contents, the block


def test_tables_never_touch_so_word_keeps_them_apart(sink):
    for table in sink.tables:
        assert table._tbl.getnext().tag == qn("w:p")


# ---------------------------------------------------------------- bad input


def test_hostile_text_renders_literally_everywhere(sink):
    texts = body_texts(sink)
    for value in HOSTILE:
        assert texts.count(value) == 2, value  # the paragraph and the list item
    hostile_table = data_tables(sink)[1]
    assert [row[0] for row in cell_texts(hostile_table)[1:]] == HOSTILE
    assert [row[1] for row in cell_texts(hostile_table)[1:]] == ["3,14"] * len(HOSTILE)


def test_markup_stays_text_in_the_xml(sink_xml):
    document_xml = sink_xml["word/document.xml"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document_xml
    assert "<script>" not in document_xml


def test_german_characters_and_emoji_survive(sink):
    texts = body_texts(sink)
    assert "Äpfel, Öfen, Übermut, Straße, „Anführung“ – ‚halb‘ … € § ½" in texts
    assert "Emoji 🚀🏛️👩\u200d💻" in texts


def test_long_words_and_a_long_table_render(sink):
    word = HOSTILE[9]
    assert len(word) > 200 and word in body_texts(sink)
    assert len(data_tables(sink)[0].rows) == 82


def test_empty_blocks_and_sections_leave_no_trace():
    word = reopen(
        render_docx(
            document(
                [
                    Heading("Leer", 1),
                    Paragraph(""),
                    Paragraph([Span(""), ""]),
                    BulletList([]),
                    NumberedList([]),
                    KeyFigures([]),
                    Table([Column("Spalte")], []),
                    Heading("Auch leer", 2),
                ]
            )
        )
    )
    assert [p.text for p in word.paragraphs if p.text] == [
        "Test",
        "26. November 2026",
        "Leer",
        "Auch leer",
    ]
    assert cell_texts(word.tables[0]) == [["Spalte"]]


def test_an_empty_document_renders():
    word = reopen(render_docx(Document(meta=Metadata(title=""), blocks=[])))
    assert word.paragraphs


def test_control_characters_are_dropped_so_the_file_stays_valid():
    text = "a\x00b\x01c\x0bd\x1fe\x7ff\ud800g\ufffeh"
    content = render_docx(
        document(
            [
                Heading(text),
                Paragraph(text),
                Table([Column(text)], [[text]], caption=text, total_row=[text]),
                Callout(text, title=text),
            ],
            organisation=text,
            author=text,
        )
    )
    word = reopen(content)
    assert word.paragraphs[2].text == "abcdefgh"
    assert cell_texts(data_tables(word)[0]) == [["abcdefgh"]] * 3
    assert word.core_properties.author == "abcdefgh"


def test_line_breaks_and_tabs_become_word_breaks():
    assert clean("a\r\nb\rc\td") == "a\nb\nc\td"
    word = reopen(render_docx(document([Paragraph("eins\nzwei\tdrei")])))
    assert "eins\nzwei\tdrei" in body_texts(word)


def test_only_web_and_mail_links_become_hyperlinks():
    assert safe_link("javascript:alert(1)") == ""
    assert safe_link("file:///etc/passwd") == ""
    assert safe_link("/relative") == ""
    assert safe_link("https://example.org/a b?q=ä") == "https://example.org/a%20b?q=%C3%A4"
    assert safe_link("mailto:rathaus@example.org") == "mailto:rathaus@example.org"
    word = reopen(
        render_docx(
            document(
                [
                    Paragraph(
                        [
                            Span("böse", link="javascript:alert(1)"),
                            Span(" gut", link="https://example.org/a b"),
                        ]
                    )
                ]
            )
        )
    )
    paragraph = word.paragraphs[-1]
    assert paragraph.text == "böse gut"
    assert [link.url for link in paragraph.hyperlinks] == ["https://example.org/a%20b"]


def test_numbers_in_text_columns_and_odd_values_are_written_as_text():
    table = Table(
        [Column("Jahr"), Column("Betrag", NumberFormat.EURO)],
        [[2026, Decimal("NaN")], [None, "k. A."]],
    )
    word = reopen(render_docx(document([table])))
    assert cell_texts(word.tables[0]) == [["Jahr", "Betrag"], ["2026", "NaN\u00a0€"], ["", "k. A."]]


# ---------------------------------------------------------------- failures


class FailingChart:
    title = "Kaputt"

    def __init__(self, png: bytes | None = None) -> None:
        self._png = png

    def svg(self) -> str:
        return "<svg xmlns='http://www.w3.org/2000/svg'/>"

    def png(self) -> bytes:
        if self._png is None:
            raise ValueError("no data for the axes")
        return self._png

    def alt_text(self) -> str:
        return "Ein kaputtes Diagramm"

    def data_table(self) -> Table:
        return Table([Column("x")], [])


@pytest.mark.parametrize(
    ("chart", "cause"), [(FailingChart(), "no data for the axes"), (FailingChart(b"nope"), "")]
)
def test_a_failing_render_raises_a_clear_error_and_logs_the_cause(caplog, chart, cause):
    with caplog.at_level(logging.ERROR), pytest.raises(DocumentRenderError) as raised:
        render_docx(document([Figure(chart)]))
    assert str(raised.value).startswith("The Word document for “Test” could not be created")
    assert raised.value.file_format == "docx"
    assert cause in str(raised.value)
    record = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert record.exc_info is not None
