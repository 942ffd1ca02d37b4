"""The neutral document model: what a module prints, described once.

Modules build a ``Document`` from these plain dataclasses in their own ``documents.py``;
the renderers (``render_pdf``, ``render_docx``, ``render_xlsx``) turn it into files. No
block knows anything about a file format.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Span:
    """A run of text in a paragraph, list item or call-out, with optional emphasis and link."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""


Inline = str | Span | list[str | Span]


def spans(content: Inline) -> list[Span]:
    """Normalise inline content to a list of spans."""
    if isinstance(content, str):
        return [Span(content)]
    if isinstance(content, Span):
        return [content]
    return [Span(part) if isinstance(part, str) else part for part in content]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1–3

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"Heading level must be 1, 2 or 3, not {self.level}.")


@dataclass(frozen=True)
class Paragraph:
    content: Inline


@dataclass(frozen=True)
class BulletList:
    items: list[Inline]


@dataclass(frozen=True)
class NumberedList:
    items: list[Inline]


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class NumberFormat(StrEnum):
    TEXT = "text"
    INTEGER = "integer"  # 48.250
    DECIMAL = "decimal"  # 3,2 (one decimal place unless ``decimals`` says otherwise)
    PERCENT = "percent"  # 0.42 → 42 %
    EURO = "euro"  # 1.234,50 €
    DATE = "date"  # 31.12.2026


@dataclass(frozen=True)
class Column:
    header: str
    format: NumberFormat = NumberFormat.TEXT
    align: Align | None = None  # default: right for numbers, left for text
    decimals: int | None = None
    width: float | None = None  # relative width; None shares the rest

    @property
    def alignment(self) -> Align:
        if self.align is not None:
            return self.align
        return Align.LEFT if self.format in (NumberFormat.TEXT, NumberFormat.DATE) else Align.RIGHT


CellValue = str | int | float | Decimal | datetime.date | None

# A text column whose every value is one short word — a date or a month written as text
# ("31.12.2030", "12/2030"), a code, a status of one word — is sized to its content like a
# number column, so that no such value ever wraps or runs into the next column.
SHORT_WORD = 14


def fits_content(column: Column, texts: list[str]) -> bool:
    """Whether ``column`` takes the width its formatted ``texts`` need (and never wraps them)
    instead of a share of what the other columns leave. A set ``width`` is always a share."""
    if column.width is not None:
        return False
    if column.format != NumberFormat.TEXT:
        return True
    values = [text for text in texts if text]
    return bool(values) and all(
        len(text) <= SHORT_WORD and not any(character.isspace() for character in text)
        for text in values
    )


@dataclass(frozen=True)
class Table:
    """A table with a header row; long tables break across pages with the header repeated."""

    columns: list[Column]
    rows: list[list[CellValue]]
    caption: str = ""
    total_row: list[CellValue] | None = None
    sheet_name: str = ""  # name of the XLSX sheet; the caption otherwise

    def __post_init__(self) -> None:
        width = len(self.columns)
        if width == 0:
            raise ValueError("A table needs at least one column.")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ValueError(
                    f"Row {number} of table {self.caption!r} has {len(row)} cells, not {width}."
                )
        if self.total_row is not None and len(self.total_row) != width:
            raise ValueError(
                f"The total row of table {self.caption!r} has the wrong number of cells."
            )


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class KeyFigures:
    items: list[KeyFigure]


@runtime_checkable
class Chart(Protocol):
    """What the documents app needs of a chart (see ``documents.charts``)."""

    title: str

    def svg(self) -> str: ...

    def png(self) -> bytes: ...

    def alt_text(self) -> str: ...

    def data_table(self) -> Table: ...


@dataclass(frozen=True)
class Figure:
    chart: Chart
    caption: str = ""
    alt_text: str = ""  # defaults to the chart's own text alternative

    @property
    def description(self) -> str:
        return self.alt_text or self.chart.alt_text()


class CalloutKind(StrEnum):
    INFO = "info"
    WARNING = "warning"
    SUCCESS = "success"


@dataclass(frozen=True)
class Callout:
    body: Inline
    title: str = ""
    kind: CalloutKind = CalloutKind.INFO


@dataclass(frozen=True)
class PageBreak:
    pass


Block = (
    Heading
    | Paragraph
    | BulletList
    | NumberedList
    | Table
    | KeyFigures
    | Figure
    | Callout
    | PageBreak
)


@dataclass(frozen=True)
class Metadata:
    title: str
    organisation: str = ""
    subtitle: str = ""
    author: str = ""
    date: datetime.date = field(default_factory=datetime.date.today)
    version: str = ""
    language: str = "de"  # "de" or "en"
    logo: bytes | None = None  # PNG, JPEG or SVG of the organisation's logo


@dataclass(frozen=True)
class Document:
    meta: Metadata
    blocks: list[Block]
    title_page: bool = True
    table_of_contents: bool = True

    def tables(self) -> list[Table]:
        """Every table of the document, in order (the XLSX has one sheet for each)."""
        return [block for block in self.blocks if isinstance(block, Table)]
