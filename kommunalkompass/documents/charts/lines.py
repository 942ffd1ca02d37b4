"""Counts over time: one line per series across labelled periods (e.g. months)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Column, NumberFormat, Table
from . import svg as draw
from .base import WIDTH, ChartBase, Series, legend, legend_height, nice_ticks, tick_decimals
from .svg import Canvas

HEIGHT = 220.0
MARKERS = ("circle", "square", "triangle", "diamond")
MAX_SERIES = len(MARKERS)
# Beyond this many periods only every n-th period is labelled on the axis (the table has all).
MAX_AXIS_LABELS = 12


@dataclass(frozen=True)
class LineChart(ChartBase):
    """For each period (``periods``: labels in order, e.g. "Jan. 2026") one value per series.

    Values are counts or amounts from 0 up; the scale runs from 0 to the largest value (or
    ``scale_max``). Each series has its own colour and marker, so that it is told apart in
    black and white too. ``None`` is a period without a value (the line has a gap).
    """

    title: str
    periods: Sequence[str]
    series: Sequence[Series]
    language: str = "de"
    scale_max: float | None = None
    decimals: int = 0
    period_label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "periods", tuple(self.periods))
        object.__setattr__(self, "series", tuple(self.series))
        self._check_basics()
        if not self.periods:
            self._fail("no periods to draw (empty data).")
        self._check_labels(self.periods, "period")
        if not self.series:
            self._fail("no series to draw (empty data).")
        if len(self.series) > MAX_SERIES:
            self._fail(f"at most {MAX_SERIES} series can be told apart, got {len(self.series)}.")
        self._check_labels([series.name for series in self.series], "series")
        for series in self.series:
            if len(series.values) != len(self.periods):
                self._fail(
                    f"series {series.name!r} has {len(series.values)} values "
                    f"for {len(self.periods)} periods."
                )
            for period, value in zip(self.periods, series.values, strict=True):
                if value is not None:
                    self._number(value, f"series {series.name!r}, {period!r}", 0, float("inf"))
        if self.scale_max is not None:
            self._check_scale(0, self.scale_max)
            if self._largest() > self.scale_max:
                self._fail(f"a value lies above the scale's end {self.scale_max:g}.")
        if all(value is None for series in self.series for value in series.values):
            self._fail("every value is missing (empty data).")

    def _largest(self) -> float:
        return max(
            (
                float(value)
                for series in self.series
                for value in series.values
                if value is not None
            ),
            default=0.0,
        )

    # -- text alternatives ------------------------------------------------------------
    def alt_text(self) -> str:
        sentences = [
            self._t(
                "lines_summary",
                count=len(self.periods),
                first=draw.clean(self.periods[0]),
                last=draw.clean(self.periods[-1]),
            )
        ]
        for series in self.series:
            known = [
                (period, float(value))
                for period, value in zip(self.periods, series.values, strict=True)
                if value is not None
            ]
            (first_period, first), (last_period, last) = known[0], known[-1]
            sentences.append(
                self._t(
                    "line_change",
                    name=draw.clean(series.name),
                    first=self._n(first),
                    first_at=draw.clean(first_period),
                    last=self._n(last),
                    last_at=draw.clean(last_period),
                )
            )
        return " ".join(sentences)

    def data_table(self) -> Table:
        columns = [Column(self.period_label or self._t("period"))] + [
            Column(draw.clean(series.name), NumberFormat.DECIMAL, decimals=self.decimals)
            for series in self.series
        ]
        rows = [
            [
                draw.clean(period),
                *(
                    None if series.values[index] is None else float(series.values[index])
                    for series in self.series
                ),
            ]
            for index, period in enumerate(self.periods)
        ]
        return Table(columns=columns, rows=rows, caption=draw.clean(self.title))

    # -- drawing ----------------------------------------------------------------------
    def _draw(self) -> Canvas:
        entries = [
            (
                series.name,
                {"colour": draw.SERIES_COLOURS[index], "dash": "", "marker": MARKERS[index]},
            )
            for index, series in enumerate(self.series)
        ]
        top = 16 + legend_height(entries, WIDTH - 40) + 14
        left, right = 60.0, WIDTH - 40
        bottom = top + HEIGHT
        canvas = self._canvas(bottom + 40)
        legend(canvas, entries, x=20, y=16, max_width=WIDTH - 40)

        high = self.scale_max if self.scale_max is not None else max(self._largest(), 1.0)
        ticks = nice_ticks(0, high)
        high = max(ticks[-1], high)
        places = tick_decimals(ticks)
        count = len(self.periods)

        def x_of(index: int) -> float:
            if count == 1:
                return (left + right) / 2
            return left + (right - left) * index / (count - 1)

        def y_of(value: float) -> float:
            return bottom - (bottom - top) * value / high

        for tick in ticks:
            y = y_of(tick)
            canvas.line(left, y, right, y, stroke=draw.GRID)
            canvas.text(left - 8, y, self._n(tick, places), size=draw.SMALL, fill=draw.MUTED,
                        anchor="end", middle=True)  # fmt: skip
        canvas.line(left, bottom, right, bottom, stroke=draw.AXIS, stroke_width=1.25)
        step = max(1, -(-count // MAX_AXIS_LABELS))
        for index, period in enumerate(self.periods):
            if index % step and index != count - 1:
                continue
            room = (right - left) / min(count, MAX_AXIS_LABELS)
            canvas.text(x_of(index), bottom + 16, draw.truncate(period, room, draw.TINY),
                        size=draw.TINY, fill=draw.MUTED, anchor="middle")  # fmt: skip

        for number, series in enumerate(self.series):
            colour = draw.SERIES_COLOURS[number]
            runs: list[list[tuple[float, float]]] = [[]]
            for index, value in enumerate(series.values):
                if value is None:
                    runs.append([])
                    continue
                runs[-1].append((x_of(index), y_of(float(value))))
            for run in runs:
                if len(run) > 1:
                    canvas.path(
                        "M " + " L ".join(f"{draw.number(x)} {draw.number(y)}" for x, y in run),
                        fill="none", stroke=colour, stroke_width=2.25, class_="line",
                    )  # fmt: skip
                for x, y in run:
                    canvas.marker(MARKERS[number], x, y, 8, fill=colour, stroke=draw.SURFACE,
                                  stroke_width=1.25, class_="value")  # fmt: skip
            last = next(
                (
                    (index, value)
                    for index, value in reversed(list(enumerate(series.values)))
                    if value is not None
                ),
                None,
            )
            if last is not None:
                index, value = last
                canvas.text(x_of(index) + 8, y_of(float(value)) - 9, self._n(float(value)),
                            size=draw.SMALL, fill=draw.TEXT, **draw.HALO)  # fmt: skip
        return canvas
