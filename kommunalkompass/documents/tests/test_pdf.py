"""The PDF renderer: every block type, hostile text, fonts, the sandbox and failures.

Text is read back from the PDFs with ``pdftotext`` (Debian's poppler-utils, installed by
``.ci/run``). Each sample document is compiled once per module.
"""

import dataclasses
import datetime
import logging
import os
import re
import shutil
import struct
import subprocess
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
import typst

from kommunalkompass.documents import pdf as pdf_module
from kommunalkompass.documents.charts import RadarChart, Series
from kommunalkompass.documents.errors import DocumentRenderError
from kommunalkompass.documents.model import (
    BulletList,
    Callout,
    CalloutKind,
    Column,
    Document,
    Figure,
    Heading,
    KeyFigure,
    KeyFigures,
    Metadata,
    NumberedList,
    NumberFormat,
    Paragraph,
    Span,
    Table,
)
from kommunalkompass.documents.pdf import render_pdf
from kommunalkompass.documents.serialize import serialize
from kommunalkompass.documents.tests.samples import HOSTILE, kitchen_sink

GERMAN = "ÄÖÜ äöü ß ẞ „Gänsefüßchen“ ‚halbe‘ »Guillemets« – — … € § ½ ° ²"
EMOJI = "Emoji 🚀🏛️👩‍💻"
RIGHT_EDGE = 595.2756 - 56.6929  # A4 width less the right margin (20 mm), in points


def radar(language: str = "de") -> RadarChart:
    return RadarChart(
        title="Reifegrad nach Dimension",
        axes=["Strategie", "Organisation", "Prozesse", "Technik", "Daten"],
        series=[Series("Ist", [2, 3, 2.5, 3.5, 2]), Series("Ziel", [4, 4, 4, 4.5, 4])],
        language=language,
    )


class BrokenSvgChart:
    """A chart whose SVG is not SVG: Typst cannot compile it."""

    title = "Kaputt"

    def svg(self) -> str:
        return "<svg xmlns='http://www.w3.org/2000/svg'><rect width='10' height=</svg>"

    def png(self) -> bytes:
        return b""

    def alt_text(self) -> str:
        return "Ein kaputtes Diagramm"

    def data_table(self) -> Table:
        return Table([Column("x")], [])


class FailingChart(BrokenSvgChart):
    def svg(self) -> str:
        raise ValueError("no data for the axes")


def tiny_png() -> bytes:
    """A valid 2×2 PNG (blue), made by hand so the test needs no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1b\x4f\x8a" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def document(blocks, **meta) -> Document:
    return Document(
        meta=Metadata(title="Prüfdokument", date=datetime.date(2026, 11, 26), **meta),
        blocks=blocks,
        title_page=False,
        table_of_contents=False,
    )


# ---------------------------------------------------------------- reading PDFs


def pdftotext(pdf: bytes, *options: str) -> str:
    """The PDF's text in the order Typst wrote it (``-raw``), or ``options``' output."""
    if shutil.which("pdftotext") is None:
        message = "pdftotext is missing: apt-get install poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(  # noqa: S603
        ["pdftotext", *(options or ["-raw"]), "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def plain(text: str) -> str:
    """Extracted text without line-end hyphens, zero-width breaks and line wrapping."""
    text = re.sub("\u00ad+\n", "", text)  # hyphenation: Typst maps the hyphen to U+00AD
    text = re.sub("\u200b\n?|\u2060", "", text)  # zero-width breaks and word joiners
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def sink_pdf() -> bytes:
    figure = Figure(radar(), caption="Reifegrad: Ist und Ziel", alt_text="Radar chart of maturity")
    return render_pdf(kitchen_sink(figures=[figure]))


@pytest.fixture(scope="module")
def sink_text(sink_pdf) -> str:
    return pdftotext(sink_pdf)


def extras_document() -> Document:
    """German characters, emoji, runs without break points, empty blocks and a logo."""
    return document(
        [
            Heading("Zeichen", 1),
            Paragraph(GERMAN),
            Paragraph(EMOJI),
            Paragraph("x" * 200),
            Heading("Leer", 2),
            Paragraph(""),
            BulletList([]),
            NumberedList([]),
            KeyFigures([]),
            Table([Column("Kennung"), Column("Betrag", NumberFormat.EURO)], []),
            Heading("Lange Kennungen", 2),
            Table(
                [Column("Kennung"), Column("Betrag", NumberFormat.EURO)],
                [["ID-" + "0123456789abcdef" * 8, Decimal("1")], [GERMAN, 2]],
            ),
        ],
        organisation="Gemeinde Üxheim",
        logo=tiny_png(),
    )


@pytest.fixture(scope="module")
def extras_pdf() -> bytes:
    return render_pdf(extras_document())


@pytest.fixture(scope="module")
def extras_text(extras_pdf) -> str:
    return pdftotext(extras_pdf)


# ---------------------------------------------------------------- every block type


def test_pdf_is_an_archivable_accessible_a4_document(sink_pdf):
    assert sink_pdf.startswith(b"%PDF-")
    assert b"/MediaBox[0 0 595.2756 841.8898]" in sink_pdf.replace(b" ]", b"]")
    assert b"<pdfaid:part>2</pdfaid:part>" in sink_pdf
    assert b"<pdfuaid:part>1</pdfuaid:part>" in sink_pdf
    assert b"/Lang(de-DE)" in sink_pdf
    assert b"/StructTreeRoot" in sink_pdf  # tagged: headings, tables, figures for readers


def test_title_page_shows_the_metadata(sink_text):
    title_page = sink_text.split("\f")[0]
    for text in (
        "Stadt Musterstadt",
        "Digitalisierungsstrategie 2027–2031",
        "Entwurf für den Stadtrat",
        "Verfasst von",
        "Anna Admin",
        "Stand",
        "26. November 2026",
        "Version",
        "1.0",
    ):
        assert text in title_page
    assert "Seite 1" not in title_page  # no running header or footer on the title page


def test_table_of_contents_lists_numbered_headings_with_pages(sink_text):
    contents = plain(sink_text.split("\f")[1])
    assert contents.startswith("Stadt Musterstadt Inhalt")
    for entry in ("1 Ausgangslage", "1.1 Ziele", "1.1.1 Details", "2 Sonderzeichen"):
        assert re.search(re.escape(entry) + r"[ .]+\d+", contents), entry


def test_every_page_after_the_title_has_header_and_footer(sink_text):
    pages = [page for page in sink_text.split("\f") if page.strip()]
    for number, page in enumerate(pages[1:], start=2):
        assert page.lstrip().startswith("Stadt Musterstadt")
        assert f"Seite {number} von {len(pages)}" in page
        assert "26. November 2026" in page


def test_blocks_render_in_order(sink_text):
    text = plain(sink_text)
    expected = [
        "1 Ausgangslage",
        "Die Stadt Musterstadt hat ihren Reifegrad erhoben; Details unter kommunalkompass.example.",
        "2,8 Gesamtreifegrad von 5",
        "24 Maßnahmen davon 8 mit hoher Priorität",
        "Abbildung 1: Reifegrad: Ist und Ziel",
        "1.1 Ziele",
        "• Erstes Ziel • Zweites wichtiges Ziel",
        "1. Schritt eins 2. Schritt zwei 3. Schritt drei",
        "1.1.1 Details",
        "Hinweis Die Befragung war freiwillig und anonym.",
        "Achtung Zwei Maßnahmen sind überfällig.",
        "Tabelle 1: Alle Maßnahmen",
        "2 Sonderzeichen",
        "Tabelle 2: Feindliche Eingaben",
        "2.1 Leerer Abschnitt",
    ]
    position = text.index("Seite 2 von")  # after the table of contents
    for part in expected:
        assert part in text[position:], part
        position = text.index(part, position)


def test_a_table_caption_never_stays_behind_at_the_foot_of_a_page(sink_text):
    for page in sink_text.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        captions = [n for n, line in enumerate(lines) if line.startswith("Tabelle ")]
        for n in captions:
            assert not lines[n + 1].startswith("Digitalisierungsstrategie"), page


def test_links_become_link_annotations(sink_pdf):
    assert b"/URI(https://kommunalkompass.example/)" in sink_pdf


def test_figure_embeds_the_chart_with_its_text_alternative(sink_pdf, sink_text):
    assert b"/Alt(Radar chart of maturity)" in sink_pdf
    assert "Strategie" in sink_text and "Technik" in sink_text  # the chart's own labels


def test_figure_alt_text_defaults_to_the_charts_own():
    chart = radar()
    data = serialize(document([Figure(chart)])).data
    assert data["blocks"][0]["alt"] == chart.alt_text()


def test_table_formats_numbers_per_column_and_ends_with_its_total_row(sink_text):
    text = plain(sink_text)
    assert "Maßnahme 12 12 14.814,00 € 12 % 01.01.2027" in text
    assert "Summe 3.999.780,00 €" in text
    assert text.count("Summe") == 1  # the total row is not repeated on every page


def test_long_table_repeats_its_header_row_on_every_page(sink_text):
    pages = [page for page in sink_text.split("\f") if "Maßnahme 4" in page]
    assert len(pages) >= 2
    for page in pages:
        assert re.search(r"Maßnahme\s+Nr\.\s+Kosten\s+Anteil\s+Start", page)


def test_table_cells_are_aligned_per_column(sink_pdf):
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]+)</word>',
        pdftotext(sink_pdf, "-bbox"),
    )
    costs = [float(right) for _, right, word in words if word.endswith(",50")]
    names = [float(left) for left, _, word in words if word == "Maßnahme"]
    assert max(costs) - min(costs) < 0.5  # amounts right-aligned
    assert max(names) - min(names) < 0.5  # text left-aligned


def test_english_documents_use_english_words_numbers_and_hyphenation():
    pdf = render_pdf(kitchen_sink(language="en"))
    text = plain(pdftotext(pdf))
    assert b"/Lang(en-GB)" in pdf
    for expected in ("Contents", "Author", "26 November 2026", "Page 3 of", "Table 1: Alle"):
        assert expected in text
    assert "Maßnahme 12 12 €14,814.00 12% 1 Jan 2027" in text


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_markup_in_user_text_renders_literally(sink_text, hostile):
    text = plain(sink_text)
    # In a paragraph, as a list item and as a table cell:
    assert text.count(hostile) >= 3, hostile


def test_read_in_user_text_reads_no_file(sink_text):
    assert '#read("/etc/passwd")' in sink_text
    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    assert passwd.split(":")[0] + ":x:" not in sink_text


def test_every_german_special_character_renders(extras_text):
    assert GERMAN in plain(extras_text)
    assert "Gemeinde Üxheim" in extras_text


def test_emoji_render_with_the_emoji_font(extras_pdf, extras_text):
    if not pdf_module.EMOJI_FONT.is_file():
        message = "the emoji font is missing: apt-get install fonts-noto-color-emoji"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert EMOJI in extras_text
    assert b"/Subtype/Type3" in extras_pdf  # the colour glyphs, drawn as images


def test_text_is_set_in_source_sans_pro(extras_pdf):
    assert b"SourceSansPro-Regular" in extras_pdf
    assert b"SourceSansPro-Semibold" in extras_pdf


def test_no_font_of_the_machine_is_used():
    embedded = {"DejaVu Sans Mono", "Libertinus Serif", "New Computer Modern"}
    families = set(pdf_module.fonts().families())
    assert "Source Sans Pro" in families
    assert families - embedded <= {
        "Source Sans Pro",
        "New Computer Modern Math",
        "Noto Color Emoji",
    }


def test_long_words_and_runs_break_inside_the_margins(sink_pdf, extras_pdf, extras_text):
    word = HOSTILE[9]
    assert word in plain(pdftotext(sink_pdf))  # a compound broken by hyphenation
    assert "x" * 200 in plain(extras_text)  # a run without hyphenation points
    assert "ID-" + "0123456789abcdef" * 8 in plain(extras_text)
    for pdf in (sink_pdf, extras_pdf):
        right_edges = re.findall(r'xMax="([\d.]+)"', pdftotext(pdf, "-bbox"))
        assert max(float(x) for x in right_edges) <= RIGHT_EDGE + 0.5


def test_empty_blocks_and_sections_render_without_trace(extras_text):
    text = plain(extras_text)
    assert "1.1 Leer Kennung Betrag 1.2 Lange Kennungen Kennung Betrag ID-" in text


def test_control_characters_are_dropped_and_unsafe_links_become_text():
    data = serialize(
        document(
            [
                Paragraph(
                    [
                        "A\x00B\x07C\nD",
                        Span("klick", link="javascript:alert(1)"),
                        Span("Datei", link="file:///etc/passwd"),
                        Span("Post", link="mailto:rathaus@example.org"),
                    ]
                )
            ]
        )
    ).data
    spans = data["blocks"][0]["spans"]
    assert spans[0]["text"] == "ABC\nD"
    assert [span["link"] for span in spans[1:]] == ["", "", "mailto:rathaus@example.org"]


def test_skipped_heading_levels_are_closed_up():
    blocks = serialize(
        document([Heading("A", 2), Heading("B", 3), Heading("C", 1), Heading("D", 3)])
    ).data["blocks"]
    assert [block["level"] for block in blocks] == [1, 2, 1, 2]


# ---------------------------------------------------------------- logo


@pytest.mark.parametrize(
    ("logo", "name"),
    [
        (tiny_png(), "logo.png"),
        (b"\xff\xd8\xff\xe0rest of a jpeg", "logo.jpg"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "logo.svg"),
    ],
)
def test_logo_kinds_are_recognised(logo, name):
    serialized = serialize(document([], logo=logo))
    assert serialized.data["meta"]["logo"] == name
    assert serialized.files == {name: logo}


def test_a_logo_that_is_no_image_is_left_out(caplog):
    with caplog.at_level(logging.WARNING):
        serialized = serialize(document([], logo=b"GIF89a..."))
    assert serialized.data["meta"]["logo"] is None
    assert serialized.files == {}
    assert "no PNG, JPEG or SVG" in caplog.text


def test_logo_appears_in_the_running_header_and_on_the_title_page():
    plain_pdf = render_pdf(document([Paragraph("Text")]))
    with_logo = render_pdf(document([Paragraph("Text")], logo=tiny_png()))
    assert with_logo.count(b"/Subtype/Image") == plain_pdf.count(b"/Subtype/Image") + 1
    titled = dataclasses.replace(
        document([Paragraph("Text")], organisation="Stadt Musterstadt", logo=tiny_png()),
        title_page=True,
    )
    # On the title page the logo is content, described by the organisation's name (in the
    # running header it is a page artifact, which screen readers skip).
    assert b"/Alt(Stadt Musterstadt)" in render_pdf(titled)


# ---------------------------------------------------------------- sandbox and failures


def test_typst_sees_only_the_template_and_the_images_in_a_folder_removed_afterwards(
    monkeypatch,
):
    seen = {}
    compile_with_warnings = typst.compile_with_warnings

    def spy(source, **options):
        root = Path(options["root"])
        seen["root"], seen["files"] = root, sorted(path.name for path in root.iterdir())
        return compile_with_warnings(source, **options)

    monkeypatch.setattr(typst, "compile_with_warnings", spy)
    render_pdf(document([Figure(radar()), Figure(radar())], logo=tiny_png()))
    assert seen["files"] == ["document.typ", "figure-1.svg", "figure-2.svg", "logo.png"]
    assert not seen["root"].exists()


class LinkingChart(BrokenSvgChart):
    """A chart whose SVG links an image from outside the compilation folder."""

    def __init__(self, href: str) -> None:
        self.href = href

    def svg(self) -> str:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">'
            f'<image href="{self.href}" width="40" height="40"/></svg>'
        )


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("/usr/share/pixmaps/debian-logo.png", "absolute paths are not allowed"),
        ("../../../../../etc/passwd", "would escape the project root"),
    ],
)
def test_an_svg_cannot_pull_in_a_file_from_outside_the_folder(href, reason):
    with pytest.raises(DocumentRenderError) as raised:
        render_pdf(document([Figure(LinkingChart(href))]))
    assert reason in str(raised.value)


def test_a_failing_compile_raises_a_clear_error_and_logs_the_diagnostic(caplog):
    broken = document([Heading("Mit Diagramm"), Figure(BrokenSvgChart())])
    with caplog.at_level(logging.ERROR), pytest.raises(DocumentRenderError) as raised:
        render_pdf(broken)
    assert str(raised.value).startswith("The PDF of “Prüfdokument” could not be compiled")
    assert raised.value.file_format == "pdf"
    assert "SVG" in raised.value.detail
    assert "figure-1.svg" in caplog.text or "SVG" in caplog.text
    assert isinstance(raised.value.__cause__, typst.TypstError)


def test_a_chart_that_cannot_draw_raises_a_render_error(caplog):
    with caplog.at_level(logging.ERROR), pytest.raises(DocumentRenderError) as raised:
        render_pdf(document([Figure(FailingChart())]))
    assert str(raised.value) == "The chart “Kaputt” could not be drawn."
    assert isinstance(raised.value.__cause__, ValueError)
    assert "no data for the axes" in caplog.text


def test_content_that_fails_the_conformance_checks_still_gives_a_pdf(tmp_path, caplog):
    data = serialize(document([Heading("A", 1), Heading("B", 2)])).data
    data["blocks"][1]["level"] = 3  # a skipped level, which serialize never produces
    (tmp_path / "document.typ").write_bytes(pdf_module.template_source())
    with caplog.at_level(logging.WARNING):
        pdf = pdf_module.compile_pdf(tmp_path, data, title="Sprung")
    assert pdf.startswith(b"%PDF-")
    assert b"pdfuaid" not in pdf
    assert "does not meet PDF/A-2a and PDF/UA-1" in caplog.text


def test_renders_the_same_document_twice_identically():
    sample = document([Paragraph("Gleich")])
    assert render_pdf(sample) == render_pdf(dataclasses.replace(sample))


def test_callout_kinds_all_render():
    pdf = render_pdf(
        document(
            [Callout(f"Text {kind.value}", title=kind.value, kind=kind) for kind in CalloutKind]
            + [KeyFigures([KeyFigure(str(n), str(n)) for n in range(6)])]
        )
    )
    text = plain(pdftotext(pdf))
    for kind in CalloutKind:
        assert f"{kind.value} Text {kind.value}" in text


def test_dates_and_one_word_values_in_a_crowded_table_stay_on_one_line():
    """The strategy's goals table: the date ran into the status column, "Ausgangswert" wrapped."""
    columns = [
        Column("Ziel", width=2.5),
        Column("Indikator", width=2.5),
        Column("Ausgangswert", NumberFormat.DECIMAL, decimals=1),
        Column("Letzter Wert", NumberFormat.DECIMAL, decimals=1),
        Column("Zielwert", NumberFormat.DECIMAL, decimals=1),
        Column("bis"),
        Column("Stichtag", NumberFormat.DATE),
        Column("Verlauf", width=1.5),
    ]
    row = [
        "Verwaltungsleistungen vollständig online anbieten und bekannt machen",
        "Anteil der OZG-Leistungen, die online nutzbar sind",
        Decimal("12.5"),
        Decimal("40"),
        Decimal("80"),
        "12/2030",
        datetime.date(2030, 12, 31),
        "auf Kurs",
    ]
    table = Table(columns, [row])
    serialized = serialize(document([table])).data["blocks"][0]
    assert [column["fit"] for column in serialized["columns"]] == [
        False,
        False,
        True,
        True,
        True,
        True,
        True,
        False,
    ]
    text = pdftotext(render_pdf(document([table])), "-layout")
    for value in ("Ausgangswert", "12/2030", "31.12.2030", "12,5", "80,0"):
        assert value in text
