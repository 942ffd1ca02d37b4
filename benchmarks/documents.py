"""How fast a large document renders: a ~40-page report with 30 tables and 10 charts.

Prints the median time per format (PDF, DOCX, XLSX), and the PDF pipeline's overhead: the
full ``render_pdf`` path against compiling the same Typst template and data directly.
Targets on the reference machine: the PDF under 1 s, the overhead ratio under 1.5.

Every run renders a *different* document of the same size: Typst memoises layout across
compilations in one process, so rendering one document again would measure its cache.
"""

import os
import random
import re
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommunalkompass.config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
import json  # noqa: E402
from importlib import import_module  # noqa: E402

import typst  # noqa: E402

from kommunalkompass.documents import pdf as pdf_module  # noqa: E402
from kommunalkompass.documents.model import (  # noqa: E402
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
    NumberFormat,
    Paragraph,
    Span,
    Table,
)
from kommunalkompass.documents.serialize import serialize  # noqa: E402

RUNS = 9
SECTIONS = 10  # each: 3 tables and 1 chart
WORDS = [
    "Verwaltung",
    "Digitalisierung",
    "Bürgerservice",
    "Onlinezugang",
    "Fachverfahren",
    "Schnittstelle",
    "Datenschutz",
    "Informationssicherheit",
    "Beschaffung",
    "Personalentwicklung",
    "Prozessanalyse",
    "Ratsbeschluss",
    "Haushaltsmittel",
    "Umsetzungsplanung",
    "Kommunikation",
    "Beteiligung",
]

try:
    from kommunalkompass.documents.charts import GroupedBarChart, RadarChart, Series

    CHARTS = "documents.charts (radar and grouped bars)"
except ImportError:  # the charts package is not there yet: a fixed SVG stands in
    GroupedBarChart = RadarChart = Series = None
    CHARTS = "a fixed stand-in SVG (documents.charts is missing)"


class FixedChart:
    title = "Diagramm"

    def svg(self) -> str:
        bars = "".join(
            f'<rect x="{40 + 60 * n}" y="{200 - 30 * n}" width="40" height="{30 * n}"'
            ' fill="#1b4f8a"/>'
            for n in range(1, 7)
        )
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="720" height="240" '
            f'viewBox="0 0 720 240">{bars}</svg>'
        )

    def png(self) -> bytes:
        return b""

    def alt_text(self) -> str:
        return "Balken"

    def data_table(self) -> Table:
        return Table([Column("x")], [])


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def chart(rng: random.Random, number: int):
    if RadarChart is None:
        return FixedChart()
    axes = ["Strategie", "Organisation", "Prozesse", "Technik", "Daten", "Kultur"]
    values = [[round(rng.uniform(1, 5), 1) for _ in axes] for _ in range(2)]
    if number % 2:
        return RadarChart(
            title=f"Reifegrad {number}",
            axes=axes,
            series=[Series("Ist", values[0]), Series("Ziel", values[1])],
        )
    return GroupedBarChart(
        title=f"Perspektiven {number}",
        categories=axes,
        series=[Series("Verwaltung", values[0]), Series("Politik", values[1])],
    )


def table(rng: random.Random, number: int) -> Table:
    rows = [
        [
            sentence(rng, 3)[:-1],
            rng.randint(1, 500),
            Decimal(rng.randint(1000, 9_000_000)) / 100,
            rng.random(),
            datetime.date(2027, rng.randint(1, 12), rng.randint(1, 28)),
        ]
        for _ in range(20)
    ]
    return Table(
        columns=[
            Column("Maßnahme"),
            Column("Anzahl", NumberFormat.INTEGER),
            Column("Kosten", NumberFormat.EURO),
            Column("Anteil", NumberFormat.PERCENT),
            Column("Beginn", NumberFormat.DATE),
        ],
        rows=rows,
        caption=f"Übersicht {number}",
        total_row=["Summe", sum(r[1] for r in rows), sum(r[2] for r in rows), None, None],
    )


def large_document(seed: int) -> Document:
    """About 40 pages: 10 chapters, each with text, 3 tables, a chart and call-outs."""
    rng = random.Random(seed)
    blocks = []
    for section in range(1, SECTIONS + 1):
        blocks += [
            Heading(f"Handlungsfeld {section}: {rng.choice(WORDS)}", 1),
            Paragraph([sentence(rng, 40), " ", Span(sentence(rng, 6), bold=True)]),
            KeyFigures([KeyFigure(rng.choice(WORDS), str(rng.randint(1, 99))) for _ in range(3)]),
            Heading("Ausgangslage", 2),
            Paragraph(sentence(rng, 80)),
            BulletList([sentence(rng, 8) for _ in range(5)]),
            table(rng, 3 * section - 2),
            Paragraph(sentence(rng, 70)),
            Heading("Ziele und Maßnahmen", 2),
            Paragraph(sentence(rng, 60)),
            Figure(chart(rng, section), caption=f"Abbildung zum Handlungsfeld {section}"),
            table(rng, 3 * section - 1),
            Heading("Umsetzung", 3),
            Callout(sentence(rng, 25), title="Hinweis", kind=CalloutKind.INFO),
            Paragraph(sentence(rng, 120)),
            table(rng, 3 * section),
        ]
    return Document(
        meta=Metadata(
            title="Digitalisierungsstrategie 2027–2031",
            subtitle="Benchmark",
            organisation="Stadt Musterstadt",
            author="Benchmark",
            date=datetime.date(2026, 11, 26),
            version="1.0",
        ),
        blocks=blocks,
    )


def seconds(render, document: Document) -> float:
    started = time.perf_counter()
    render(document)
    return time.perf_counter() - started


def direct_compile_seconds(seed: int) -> float:
    """Only ``typst.compile`` on a prepared folder: the floor the pipeline is measured on."""
    serialized = serialize(large_document(seed))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / pdf_module.TEMPLATE.name).write_bytes(pdf_module.template_source())
        for name, figure in serialized.figures.items():
            (root / name).write_text(figure.chart.svg(), encoding="utf-8")
        inputs = {"document": json.dumps(serialized.data, ensure_ascii=False)}
        started = time.perf_counter()
        typst.compile(
            str(root / pdf_module.TEMPLATE.name),
            root=str(root),
            font_paths=pdf_module.fonts(),
            sys_inputs=inputs,
            pdf_standards=pdf_module.PDF_STANDARDS,
        )
        return time.perf_counter() - started


def outside_typst_seconds(seed: int) -> float:
    """What ``render_pdf`` does besides compiling: serialize, write the folder, JSON."""
    document = large_document(seed)
    for block in document.blocks:
        if isinstance(block, Figure):
            block.chart.svg()
    started = time.perf_counter()
    serialized = serialize(document)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / pdf_module.TEMPLATE.name).write_bytes(pdf_module.template_source())
        for name, figure in serialized.figures.items():
            (root / name).write_text(pdf_module.chart_svg(figure), encoding="utf-8")
        json.dumps(serialized.data, ensure_ascii=False)
    return time.perf_counter() - started


def main() -> None:
    started = time.perf_counter()
    sample = large_document(0)
    pdf = pdf_module.render_pdf(sample)  # warms fonts and the template
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    print(
        f"Document: {len(sample.tables())} tables, "
        f"{sum(isinstance(b, Figure) for b in sample.blocks)} charts from {CHARTS}, "
        f"{pages} PDF pages; median of {RUNS} runs, a different document each run"
    )

    def pre_drawn(document: Document) -> Document:
        for block in document.blocks:
            if isinstance(block, Figure):
                block.chart.svg()  # drawn and cached by the chart before the clock starts
        return document

    # The three measurements take turns, so a slow moment of the machine hits all alike.
    full_times, pre_drawn_times, direct_times = [], [], []
    for run in range(RUNS):
        full_times.append(seconds(pdf_module.render_pdf, large_document(1000 + run)))
        document = pre_drawn(large_document(2000 + run))
        pre_drawn_times.append(seconds(pdf_module.render_pdf, document))
        direct_times.append(direct_compile_seconds(3000 + run))
    full, full_pre_drawn, direct = map(
        statistics.median, (full_times, pre_drawn_times, direct_times)
    )
    outside = statistics.median(outside_typst_seconds(5000 + run) for run in range(RUNS))
    print(f"PDF   {full:7.3f} s  (target < 1 s); charts drawn beforehand {full_pre_drawn:.3f} s")
    print(
        f"      typst.compile alone on prepared folders {direct:.3f} s: "
        f"overhead ratio {full / direct:.2f} (charts drawn in the path), "
        f"{full_pre_drawn / direct:.2f} (drawn beforehand); target < 1.5"
    )
    print(
        f"      the path's own work, timed apart: {outside * 1000:.0f} ms "
        f"(serialize, write files, JSON; ratio {(direct + outside) / direct:.3f} by this)"
    )
    for extension in ("docx", "xlsx"):
        try:
            render = getattr(
                import_module(f"kommunalkompass.documents.{extension}"), f"render_{extension}"
            )
        except (ImportError, AttributeError):
            print(f"{extension.upper():5} skipped: documents.{extension} has no render_{extension}")
            continue
        render(large_document(0))
        median = statistics.median(
            seconds(render, large_document(4000 + run)) for run in range(RUNS)
        )
        print(f"{extension.upper():5} {median:7.3f} s")
    print(f"Benchmark took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
