"""An indicator over time: the straight path from baseline to target and the measured values."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..formatting import format_date
from ..model import Column, NumberFormat, Table
from . import svg as draw
from .base import WIDTH, ChartBase, legend, legend_height, nice_ticks, tick_decimals
from .svg import Canvas

PATH_COLOUR = draw.SERIES_COLOURS[0]
MEASURED_COLOUR = draw.SERIES_COLOURS[1]
HEIGHT = 220.0


@dataclass(frozen=True)
class TrajectoryChart(ChartBase):
    """``baseline`` at ``start`` to ``target`` at ``end`` as a dashed line; ``values`` as
    points joined by a line. Values outside the period are refused."""

    title: str
    start: datetime.date
    baseline: float | Decimal
    end: datetime.date
    target: float | Decimal
    values: Sequence[tuple[datetime.date, float | Decimal]]
    unit: str = ""
    language: str = "de"
    decimals: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(sorted(self.values, key=lambda v: v[0])))
        self._check_basics()
        if not self.start < self.end:
            self._fail("the target date must lie after the baseline date.")
        self._number(self.baseline, "the baseline")
        self._number(self.target, "the target")
        for day, value in self.values:
            if not isinstance(day, datetime.date) or not self.start <= day <= self.end:
                self._fail(f"the value of {day} lies outside {self.start}–{self.end}.")
            self._number(value, f"the value of {day}")

    def _expected(self, day: datetime.date) -> float:
        share = (day - self.start).days / (self.end - self.start).days
        return float(self.baseline) + (float(self.target) - float(self.baseline)) * share

    # -- text alternatives ------------------------------------------------------------
    def alt_text(self) -> str:
        sentences = [
            self._t(
                "trajectory_summary",
                start=format_date(self.start, self.language),
                end=format_date(self.end, self.language),
                baseline=self._n(self.baseline),
                target=self._n(self.target),
                count=len(self.values),
            )
        ]
        if self.values:
            day, value = self.values[-1]
            sentences.append(
                self._t(
                    "trajectory_latest",
                    value=self._n(value),
                    date=format_date(day, self.language),
                    expected=self._n(self._expected(day)),
                )
            )
        return " ".join(sentences)

    def data_table(self) -> Table:
        rows = [[self.start, float(self.baseline), float(self.baseline)]]
        rows += [[day, float(value), round(self._expected(day), 6)] for day, value in self.values]
        rows.append([self.end, None, float(self.target)])
        return Table(
            columns=[
                Column(self._t("date"), NumberFormat.DATE),
                Column(self._t("measured"), NumberFormat.DECIMAL, decimals=self.decimals),
                Column(self._t("expected"), NumberFormat.DECIMAL, decimals=self.decimals),
            ],
            rows=rows,
            caption=draw.clean(self.title),
        )

    # -- drawing ----------------------------------------------------------------------
    def _draw(self) -> Canvas:
        entries = [
            (self._t("expected_path"), {"colour": PATH_COLOUR, "dash": "7 4"}),
            (self._t("measured"), {"colour": MEASURED_COLOUR, "dash": "", "marker": "circle"}),
        ]
        top = 16 + legend_height(entries, WIDTH - 40) + (26 if self.unit else 10)
        left, right = 70.0, WIDTH - 30
        bottom = top + HEIGHT
        canvas = self._canvas(bottom + 40)
        legend(canvas, entries, x=20, y=16, max_width=WIDTH - 40)
        numbers = [float(self.baseline), float(self.target), *(float(v) for _d, v in self.values)]
        low, high = min(numbers), max(numbers)
        if low == high:
            low, high = low - 1, high + 1
        ticks = nice_ticks(low - (high - low) * 0.05, high + (high - low) * 0.05)
        low, high = min(ticks[0], low), max(ticks[-1], high)
        places = tick_decimals(ticks)
        span_days = (self.end - self.start).days

        def x_of(day: datetime.date) -> float:
            return left + (right - left) * (day - self.start).days / span_days

        def y_of(value: float) -> float:
            return bottom - (bottom - top) * (value - low) / (high - low)

        for tick in ticks:
            y = y_of(tick)
            canvas.line(left, y, right, y, stroke=draw.GRID)
            canvas.text(left - 8, y, self._n(tick, places), size=draw.SMALL, fill=draw.MUTED,
                        anchor="end", middle=True)  # fmt: skip
        if self.unit:
            canvas.text(left - 8, top - 12, draw.truncate(self.unit, WIDTH - 100, draw.SMALL),
                        size=draw.SMALL, fill=draw.MUTED)  # fmt: skip
        for year in range(self.start.year + 1, self.end.year + 1):
            x = x_of(datetime.date(year, 1, 1))
            canvas.line(x, top, x, bottom, stroke=draw.GRID)
            canvas.text(x, bottom + 16, str(year), size=draw.SMALL, fill=draw.MUTED,
                        anchor="middle")  # fmt: skip
        canvas.line(left, bottom, right, bottom, stroke=draw.AXIS, stroke_width=1.25)
        canvas.line(
            x_of(self.start), y_of(float(self.baseline)), x_of(self.end),
            y_of(float(self.target)), stroke=PATH_COLOUR, stroke_width=2,
            stroke_dasharray="7 4", class_="expected",
        )  # fmt: skip
        canvas.marker("diamond", x_of(self.end), y_of(float(self.target)), 10, fill=PATH_COLOUR)
        points = [(x_of(self.start), y_of(float(self.baseline)))] + [
            (x_of(day), y_of(float(value))) for day, value in self.values
        ]
        if len(points) > 1:
            canvas.path(
                "M " + " L ".join(f"{draw.number(x)} {draw.number(y)}" for x, y in points),
                fill="none", stroke=MEASURED_COLOUR, stroke_width=2.25, class_="measured",
            )  # fmt: skip
        for x, y in points[1:]:
            canvas.marker("circle", x, y, 8, fill=MEASURED_COLOUR, stroke=draw.SURFACE,
                          stroke_width=1.5, class_="value")  # fmt: skip
        if self.values:
            day, value = self.values[-1]
            canvas.text(x_of(day), y_of(float(value)) - 10, self._n(value), size=draw.SMALL,
                        anchor="middle", fill=draw.TEXT, **draw.HALO)  # fmt: skip
        return canvas
