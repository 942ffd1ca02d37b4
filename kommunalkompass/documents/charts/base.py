"""What every chart shares: validation, the cached SVG and PNG, the table for the web."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn

from ..model import Align, NumberFormat, Table
from . import svg as draw
from .formats import format_cell, format_number
from .raster import svg_to_png
from .texts import text

if TYPE_CHECKING:
    from .svg import Canvas

LANGUAGES = ("de", "en")
WIDTH = 720  # every chart is drawn 720 units wide, so charts in a document line up


@dataclass(frozen=True)
class Series:
    """One line of a radar chart or one colour of a bar chart: a name and a value per axis.

    ``None`` marks a missing value (grouped bars only; e.g. a group below the anonymity
    threshold).
    """

    name: str
    values: Sequence[float | Decimal | None]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(self.values))


@dataclass(frozen=True)
class Cell:
    """A formatted cell; ``header`` is its column's name (the label on narrow screens)."""

    text: str
    numeric: bool = False
    header: str = ""
    row_header: bool = False


@dataclass(frozen=True)
class TableView:
    """A chart's data table, formatted in the chart's language, for the ``_figure.html``."""

    caption: str
    headers: list[Cell]
    rows: list[list[Cell]]


class ChartBase:
    """Mix-in of the chart dataclasses.

    Subclasses implement ``_draw``, ``alt_text`` and ``data_table``.
    """

    title: str
    language: str

    # -- the Chart protocol ------------------------------------------------------------
    def svg(self) -> str:
        """The chart as a self-contained SVG document (drawn once per chart object)."""
        cached = self.__dict__.get("_svg")
        if cached is None:
            cached = self._draw().render()
            # A frozen dataclass: the cache bypasses __setattr__ on purpose.
            self.__dict__["_svg"] = cached
        return cached

    def png(self, scale: float = 2.0) -> bytes:
        """The chart as PNG, ``scale`` pixels per unit (1440 pixels wide by default)."""
        key = f"_png_{scale}"
        cached = self.__dict__.get(key)
        if cached is None:
            cached = svg_to_png(self.svg(), WIDTH, title=self.title, scale=scale)
            self.__dict__[key] = cached
        return cached

    def svg_narrow(self) -> str:
        """The chart drawn for a phone's width, or "" where the chart has no such drawing
        (the web page then shows ``svg`` scaled down)."""
        return ""

    def alt_text(self) -> str:
        raise NotImplementedError

    def data_table(self) -> Table:
        raise NotImplementedError

    def table_view(self) -> TableView:
        """The data table as formatted text cells (what the web page shows next to the chart)."""
        table = self.data_table()
        # the first text column names the row (a <th scope="row">)
        names = next(
            (i for i, column in enumerate(table.columns) if column.format == NumberFormat.TEXT), 0
        )
        headers = [Cell(column.header, column.alignment == Align.RIGHT) for column in table.columns]
        rows = [
            [
                Cell(
                    format_cell(value, column, self.language),
                    numeric=column.alignment == Align.RIGHT,
                    header=column.header,
                    row_header=index == names,
                )
                for index, (value, column) in enumerate(zip(row, table.columns, strict=True))
            ]
            for row in table.rows
        ]
        return TableView(caption=table.caption, headers=headers, rows=rows)

    # -- for subclasses ----------------------------------------------------------------
    def _draw(self) -> Canvas:
        raise NotImplementedError

    def _canvas(self, height: float, width: float = WIDTH, variant: str = "") -> Canvas:
        return draw.Canvas(
            width,
            height,
            title=self.title,
            description=self.alt_text(),
            language=self.language,
            variant=variant,
        )

    def _t(self, key: str, **values: Any) -> str:
        return text(key, self.language, **values)

    def _n(self, value: float | Decimal, decimals: int | None = None) -> str:
        places = getattr(self, "decimals", 1) if decimals is None else decimals
        return format_number(value, self.language, places)

    def _fail(self, problem: str) -> NoReturn:
        raise ValueError(f"{type(self).__name__} {self.title!r}: {problem}")

    def _check_basics(self) -> None:
        if not isinstance(self.title, str) or not draw.clean(self.title):
            raise ValueError(f"{type(self).__name__}: a chart needs a title.")
        if self.language not in LANGUAGES:
            self._fail(f"language must be 'de' or 'en', not {self.language!r}.")

    def _check_labels(self, labels: Sequence[str], what: str) -> None:
        for label in labels:
            if not isinstance(label, str) or not draw.clean(label):
                self._fail(f"every {what} needs a name; got {label!r}.")

    def _check_scale(self, low: float, high: float) -> None:
        for value in (low, high):
            self._number(value, "the scale")
        if not low < high:
            self._fail(f"the scale must run from a lower to a higher value, not {low}–{high}.")

    def _number(
        self,
        value: object,
        where: str,
        low: float | None = None,
        high: float | None = None,
    ) -> float:
        """``value`` as a finite number within [low, high], or a ValueError naming ``where``."""
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            self._fail(f"{where}: {value!r} is not a number.")
        number = float(value)
        if not math.isfinite(number):
            self._fail(f"{where}: {value!r} is not a finite number.")
        if low is not None and high is not None and not low <= number <= high:
            self._fail(f"{where}: {value} is outside the scale {low:g}–{high:g}.")
        return number


def nice_ticks(low: float, high: float, target: int = 6) -> list[float]:
    """Tick values from ``low`` to ``high``: whole steps on small integer scales (1–5)."""
    span = high - low
    if float(low).is_integer() and float(high).is_integer() and span <= 10:
        step = 1.0 if span <= 6 else 2.0
    else:
        raw = span / target
        magnitude = 10 ** math.floor(math.log10(raw))
        step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def scale_top(largest: float, whole: bool = False) -> float:
    """A round upper end for a scale of amounts from 0: at least 5, on a tick. ``whole``
    (for counts): one whose ticks are whole numbers too (20 rather than 15 by 2.5)."""
    if largest <= 5:
        return 5
    ticks = nice_ticks(0, largest)
    step = ticks[1] - ticks[0]
    top = -(-largest // step) * step
    if whole and not all(float(tick).is_integer() for tick in nice_ticks(0, top)):
        return scale_top(top + 1, whole=True)
    return top


def tick_decimals(ticks: Sequence[float]) -> int:
    return 0 if all(float(t).is_integer() for t in ticks) else 1


LegendEntry = tuple[str, dict[str, Any]]


class GroupColours:
    """A colour per group (e.g. field of action) in order of appearance.

    Items without a group are grey when others have one, so that no colour means two things;
    beyond the palette (7 groups) everything is one colour and the table names the groups.
    """

    def __init__(self, groups: Sequence[str], language: str) -> None:
        named = list(dict.fromkeys(group for group in groups if group))
        fits = 0 < len(named) < len(draw.SERIES_COLOURS)
        self.colours = dict(zip(named, draw.SERIES_COLOURS, strict=False)) if fits else {}
        self.ungrouped = fits and any(not group for group in groups)
        self.language = language

    def __call__(self, group: str) -> str:
        if not self.colours:
            return draw.SERIES_COLOURS[0]
        return self.colours.get(group, draw.UNGROUPED)

    def legend(self) -> list[LegendEntry]:
        entries: list[LegendEntry] = [(g, {"colour": c}) for g, c in self.colours.items()]
        if self.ungrouped:
            entries.append((text("no_group", self.language), {"colour": draw.UNGROUPED}))
        return entries


def _legend_layout(
    entries: Sequence[LegendEntry], max_width: float, size: float
) -> list[tuple[float, int, str, float, dict[str, Any]]]:
    """(x offset, row, label, sample width, swatch) of each entry, wrapping at ``max_width``."""
    placed = []
    cursor, row = 0.0, 0
    label_width = min(max_width * 0.45, 220)
    for name, swatch in entries:
        label = draw.truncate(name, label_width, size)
        sample = 26.0 if "dash" in swatch or swatch.get("arrow") else 12.0
        needed = sample + 6 + draw.text_width(label, size) + 18
        if cursor and cursor + needed > max_width:
            cursor, row = 0.0, row + 1
        placed.append((cursor, row, label, sample, swatch))
        cursor += needed
    return placed


def legend_height(
    entries: Sequence[LegendEntry], max_width: float, size: float = draw.LABEL
) -> float:
    layout = _legend_layout(entries, max_width, size)
    rows = layout[-1][1] + 1 if layout else 0
    return rows * size * 1.9


def legend(
    canvas: Canvas,
    entries: Sequence[LegendEntry],
    *,
    x: float,
    y: float,
    max_width: float,
    size: float = draw.LABEL,
    centred: bool = False,
) -> float:
    """A legend line (wrapping) of swatches and names from (x, y); returns its height.

    Each entry is a name and a swatch: ``{"colour": …}`` for a filled box, with ``dash`` and
    ``marker`` for a line sample, ``{"hatch": True}``, ``{"diamond": True}``,
    ``{"arrow": True}`` or ``{"empty": True}`` (a box with a border).
    """
    row_height = size * 1.9
    layout = _legend_layout(entries, max_width, size)
    shift: dict[int, float] = {}
    if centred:
        for offset, row, label, sample, _ in layout:
            used = offset + sample + 6 + draw.text_width(label, size)
            shift[row] = (max_width - used) / 2
    for offset, row, label, sample, swatch in layout:
        centre = y + row * row_height + row_height / 2
        left = x + offset + shift.get(row, 0)
        _swatch(canvas, left, centre, sample, swatch)
        canvas.text(left + sample + 6, centre, label, size=size, fill=draw.TEXT, middle=True)
    return legend_height(entries, max_width, size)


def _swatch(canvas: Canvas, x: float, centre: float, width: float, swatch: dict[str, Any]) -> None:
    colour = swatch.get("colour", draw.TEXT)
    if "dash" in swatch:
        canvas.line(
            x,
            centre,
            x + width,
            centre,
            stroke=colour,
            stroke_width=2.25,
            stroke_dasharray=swatch["dash"],
        )
        canvas.marker(
            swatch.get("marker", "circle"),
            x + width / 2,
            centre,
            7,
            fill=colour,
            stroke=draw.SURFACE,
            stroke_width=1,
        )
    elif swatch.get("hatch"):
        canvas.rect(x, centre - 6, 12, 12, fill=canvas.hatch(), stroke=draw.SUPPRESSED_LINE)
    elif swatch.get("diamond"):
        canvas.marker("diamond", x + 6, centre, 10, fill=draw.TEXT)
    elif swatch.get("empty"):
        canvas.rect(x, centre - 6, 12, 12, fill=draw.SURFACE, stroke=draw.AXIS)
    elif swatch.get("arrow"):
        canvas.line(x, centre, x + width - 5, centre, stroke=draw.TEXT, stroke_width=1.25)
        canvas.arrowhead(x + width, centre, 0, size=6.5, fill=draw.TEXT)
    else:
        canvas.rect(x, centre - 6, 12, 12, fill=colour, rx=2)
