"""Heat map: a value per dimension (row) and group (column); suppressed cells shown as such."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model import Column, NumberFormat, Table
from . import svg as draw
from .base import WIDTH, ChartBase, legend, nice_ticks, tick_decimals
from .svg import Canvas
from .texts import join

LABEL_SIZE = draw.LABEL
HEADER_SIZE = draw.SMALL
ROW = 32.0


@dataclass(frozen=True)
class HeatCell:
    """One cell: a value, or none because it is ``suppressed`` for anonymity (or unknown)."""

    value: float | Decimal | None = None
    suppressed: bool = False


SUPPRESSED = HeatCell(None, suppressed=True)


@dataclass(frozen=True)
class HeatMap(ChartBase):
    """``values[row][column]`` for each of ``rows`` (dimensions) × ``columns`` (groups).

    A cell is a number, ``None`` (no data), or a ``HeatCell``; ``SUPPRESSED`` marks a cell
    hidden because too few people answered (it must not carry a value).
    """

    title: str
    rows: Sequence[str]
    columns: Sequence[str]
    values: Sequence[Sequence[HeatCell | float | Decimal | None]]
    language: str = "de"
    scale_min: float = 1
    scale_max: float = 5
    decimals: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", tuple(self.rows))
        object.__setattr__(self, "columns", tuple(self.columns))
        self._check_basics()
        self._check_scale(self.scale_min, self.scale_max)
        if not self.rows or not self.columns:
            self._fail("needs at least one row and one column (empty data).")
        self._check_labels(self.rows, "row")
        self._check_labels(self.columns, "column")
        if len(self.values) != len(self.rows):
            self._fail(f"has {len(self.values)} rows of values for {len(self.rows)} rows.")
        cells = []
        for row, line in zip(self.rows, self.values, strict=True):
            if len(line) != len(self.columns):
                self._fail(f"row {row!r} has {len(line)} values for {len(self.columns)} columns.")
            converted = []
            for column, cell in zip(self.columns, line, strict=True):
                if not isinstance(cell, HeatCell):
                    cell = HeatCell(cell)
                where = f"row {row!r}, column {column!r}"
                if cell.suppressed and cell.value is not None:
                    self._fail(f"{where} is suppressed but carries a value.")
                if cell.value is not None:
                    self._number(cell.value, where, self.scale_min, self.scale_max)
                converted.append(cell)
            cells.append(tuple(converted))
        object.__setattr__(self, "values", tuple(cells))

    @property
    def cells(self) -> tuple[tuple[HeatCell, ...], ...]:
        return self.values  # type: ignore[return-value]

    # -- text alternatives ------------------------------------------------------------
    def alt_text(self) -> str:
        places = tick_decimals(nice_ticks(self.scale_min, self.scale_max))
        sentences = [
            self._t(
                "heatmap_summary",
                rows=len(self.rows),
                columns=len(self.columns),
                low=self._n(self.scale_min, places),
                high=self._n(self.scale_max, places),
            )
        ]
        known = [
            (float(cell.value), f"{draw.clean(row)} / {draw.clean(column)}")
            for row, line in zip(self.rows, self.cells, strict=True)
            for column, cell in zip(self.columns, line, strict=True)
            if cell.value is not None
        ]
        if known:
            top = max(value for value, _ in known)
            bottom = min(value for value, _ in known)
            sentences.append(
                self._t(
                    "heatmap_extremes",
                    top=self._n(top),
                    top_at=join([n for v, n in known if v == top], self.language, 3),
                    bottom=self._n(bottom),
                    bottom_at=join([n for v, n in known if v == bottom], self.language, 3),
                )
            )
        suppressed = sum(cell.suppressed for line in self.cells for cell in line)
        if suppressed == 1:
            sentences.append(self._t("heatmap_suppressed_one"))
        elif suppressed:
            sentences.append(self._t("heatmap_suppressed", count=suppressed))
        return " ".join(sentences)

    def data_table(self) -> Table:
        """Suppressed cells hold the word "unterdrückt" / "suppressed"; unknown ones None."""
        columns = [Column(self._t("dimension"))] + [
            Column(draw.clean(name), NumberFormat.DECIMAL, decimals=self.decimals)
            for name in self.columns
        ]
        rows = [
            [draw.clean(row), *(self._table_cell(cell) for cell in line)]
            for row, line in zip(self.rows, self.cells, strict=True)
        ]
        return Table(columns=columns, rows=rows, caption=draw.clean(self.title))

    def _table_cell(self, cell: HeatCell) -> float | str | None:
        if cell.suppressed:
            return self._t("suppressed")
        return None if cell.value is None else round(float(cell.value), 6)

    # -- drawing ----------------------------------------------------------------------
    def _draw(self) -> Canvas:
        label_width = 180.0
        left = 20 + label_width + 12
        cell_width = min(120.0, (WIDTH - 20 - left) / len(self.columns))
        header_lines = [
            draw.wrap(name, cell_width - 8, HEADER_SIZE, max_lines=3, bold=True)
            for name in self.columns
        ]
        header = max(len(lines) for lines in header_lines) * HEADER_SIZE * 1.25 + 14
        top = 16 + header
        bottom = top + len(self.rows) * ROW
        suppressed = any(cell.suppressed for line in self.cells for cell in line)
        unknown = any(
            cell.value is None and not cell.suppressed for line in self.cells for cell in line
        )
        canvas = self._canvas(bottom + 50)

        for index, lines in enumerate(header_lines):
            x = left + (index + 0.5) * cell_width
            canvas.lines(
                x, 16 + header / 2 - 4, lines, size=HEADER_SIZE, anchor="middle", weight="bold"
            )
        for row_index, (row, line) in enumerate(zip(self.rows, self.cells, strict=True)):
            y = top + row_index * ROW
            canvas.lines(
                left - 12,
                y + ROW / 2,
                draw.wrap(row, label_width, LABEL_SIZE, max_lines=2),
                size=LABEL_SIZE,
                anchor="end",
            )
            for column_index, cell in enumerate(line):
                x = left + column_index * cell_width
                self._cell(canvas, cell, x, y, cell_width)
        # white gaps between the cells read as a grid in print and on screen
        canvas.rect(
            left,
            top,
            cell_width * len(self.columns),
            ROW * len(self.rows),
            fill="none",
            stroke=draw.GRID,
        )

        # legend: the colour scale with its ends, then the special cells
        y = bottom + 20
        steps = 7
        canvas.text(20, y + 9, self._n(self.scale_min), size=draw.SMALL, fill=draw.MUTED)
        start = 20 + draw.text_width(self._n(self.scale_min), draw.SMALL) + 6
        for step in range(steps):
            fraction = step / (steps - 1)
            canvas.rect(start + step * 22, y, 22, 12, fill=_colour(fraction))
        canvas.text(
            start + steps * 22 + 6, y + 9, self._n(self.scale_max), size=draw.SMALL, fill=draw.MUTED
        )
        entries = []
        if suppressed:
            entries.append((self._t("suppressed_legend"), {"hatch": True}))
        if unknown:
            entries.append((self._t("no_data"), {"empty": True}))
        after = start + steps * 22 + 40
        legend(canvas, entries, x=after, y=y - 5, max_width=WIDTH - after - 10, size=draw.SMALL)
        return canvas

    def _cell(self, canvas: Canvas, cell: HeatCell, x: float, y: float, width: float) -> None:
        inner = (x + 1, y + 1, width - 2, ROW - 2)
        centre_x, centre_y = x + width / 2, y + ROW / 2
        if cell.suppressed:
            canvas.rect(*inner, fill=canvas.hatch(), class_="cell suppressed")
            label = draw.truncate(self._t("suppressed"), width - 8, 10)
            canvas.text(
                centre_x,
                centre_y,
                label,
                size=draw.TINY,
                anchor="middle",
                middle=True,
                fill=draw.TEXT,
                **draw.HALO_GREY,
            )
            return
        if cell.value is None:
            canvas.rect(*inner, fill=draw.SURFACE, class_="cell empty")
            canvas.text(
                centre_x,
                centre_y,
                "–",
                size=draw.SMALL,
                anchor="middle",
                middle=True,
                fill=draw.MUTED,
            )
            return
        fraction = (float(cell.value) - self.scale_min) / (self.scale_max - self.scale_min)
        fill = _colour(fraction)
        canvas.rect(*inner, fill=fill, class_="cell")
        canvas.text(
            centre_x,
            centre_y,
            self._n(cell.value),
            size=13,
            anchor="middle",
            middle=True,
            weight="600",
            fill=draw.text_colour_on(fill),
        )


def _colour(fraction: float) -> str:
    """The sequential colour at ``fraction`` (0–1), interpolated between the palette stops."""
    stops = draw.SEQUENTIAL
    position = max(0.0, min(1.0, fraction)) * (len(stops) - 1)
    index = min(int(position), len(stops) - 2)
    local = position - index
    a, b = draw.rgb(stops[index]), draw.rgb(stops[index + 1])
    return "#" + "".join(f"{round(p + (q - p) * local):02x}" for p, q in zip(a, b, strict=True))
