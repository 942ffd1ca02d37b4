"""Sample documents for the renderer tests: every block type, and hostile input."""

import datetime
from decimal import Decimal

from kommunalkompass.documents.model import (
    BulletList,
    Callout,
    CalloutKind,
    Column,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    Metadata,
    NumberedList,
    NumberFormat,
    PageBreak,
    Paragraph,
    Span,
    Table,
)

# Text that means something in Typst, HTML, Word or a spreadsheet must come out literally.
HOSTILE = [
    '#read("/etc/passwd")',
    '#import "/etc/passwd": *',
    "$x^2$ * _kursiv_ @label <tag> \\ `code` [link](x) ] ) }",
    "=SUMME(A1:A9)",
    "+49 30 1234",
    "-1",
    "@home",
    "Äpfel, Öfen, Übermut, Straße, „Anführung“ – ‚halb‘ … € § ½",
    "Emoji 🚀🏛️👩‍💻",
    "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellungsverfahren" * 3,
    "<script>alert(1)</script>",
]


def kitchen_sink(*, figures: list | None = None, language: str = "de") -> Document:
    """A document with every block type, in German, with a long table and a total row."""
    long_rows = [
        [f"Maßnahme {n}", n, Decimal("1234.5") * n, n / 100, datetime.date(2027, 1 + n % 12, 1)]
        for n in range(1, 81)
    ]
    blocks = [
        Heading("Ausgangslage", 1),
        Paragraph(
            [
                "Die Stadt ",
                Span("Musterstadt", bold=True),
                " hat ihren ",
                Span("Reifegrad", italic=True),
                " erhoben; Details unter ",
                Span("kommunalkompass.example", link="https://kommunalkompass.example/"),
                ".",
            ]
        ),
        KeyFigures(
            [
                KeyFigure("Gesamtreifegrad", "2,8", "von 5"),
                KeyFigure("Teilnehmende", "142"),
                KeyFigure("Maßnahmen", "24", "davon 8 mit hoher Priorität"),
            ]
        ),
        Heading("Ziele", 2),
        BulletList(["Erstes Ziel", ["Zweites ", Span("wichtiges", bold=True), " Ziel"]]),
        NumberedList(["Schritt eins", "Schritt zwei", "Schritt drei"]),
        Heading("Details", 3),
        Callout("Die Befragung war freiwillig und anonym.", title="Hinweis", kind=CalloutKind.INFO),
        Callout("Zwei Maßnahmen sind überfällig.", title="Achtung", kind=CalloutKind.WARNING),
        Table(
            columns=[
                Column("Maßnahme"),
                Column("Nr.", NumberFormat.INTEGER),
                Column("Kosten", NumberFormat.EURO),
                Column("Anteil", NumberFormat.PERCENT),
                Column("Start", NumberFormat.DATE),
            ],
            rows=long_rows,
            caption="Alle Maßnahmen",
            total_row=["Summe", None, sum(row[2] for row in long_rows), None, None],
        ),
        PageBreak(),
        Heading("Sonderzeichen", 1),
        *[Paragraph(text) for text in HOSTILE],
        BulletList(list(HOSTILE)),
        Table(
            columns=[Column("Eingabe"), Column("Wert", NumberFormat.DECIMAL, decimals=2)],
            rows=[[text, Decimal("3.14159")] for text in HOSTILE],
            caption="Feindliche Eingaben",
        ),
        Heading("Leerer Abschnitt", 2),
    ]
    for figure in figures or []:
        blocks.insert(3, figure)
    return Document(
        meta=Metadata(
            title="Digitalisierungsstrategie 2027–2031",
            subtitle="Entwurf für den Stadtrat",
            organisation="Stadt Musterstadt",
            author="Anna Admin",
            date=datetime.date(2026, 11, 26),
            version="1.0",
            language=language,
        ),
        blocks=blocks,
    )
