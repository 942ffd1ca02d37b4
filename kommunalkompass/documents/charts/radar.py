"""Radar (spider) chart: a maturity profile, e.g. current level against target per dimension."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model import Column, NumberFormat, Table
from . import svg as draw
from .base import (
    WIDTH,
    ChartBase,
    LegendEntry,
    Series,
    legend,
    legend_height,
    nice_ticks,
    tick_decimals,
)
from .svg import Canvas
from .texts import join

MAX_SERIES = len(draw.SERIES_COLOURS)
# The drawing for phones: narrow, so that a phone shows it at about its own size, with the
# axes numbered and named in a key below (names around the web would be too small to read).
NARROW_WIDTH = 360
NARROW_LABEL = 15.0


@dataclass(frozen=True)
class RadarChart(ChartBase):
    """Values of one or more series on the same axes (at least three).

    ``axes`` are the dimension names; every series has one value per axis, within
    ``scale_min``–``scale_max`` (the maturity scale 1–5 by default; 0–max for scores).
    """

    title: str
    axes: Sequence[str]
    series: Sequence[Series]
    language: str = "de"
    scale_min: float = 1
    scale_max: float = 5
    decimals: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "axes", tuple(self.axes))
        object.__setattr__(self, "series", tuple(self.series))
        self._check_basics()
        self._check_scale(self.scale_min, self.scale_max)
        if len(self.axes) < 3:
            self._fail(f"a radar chart needs at least 3 axes (dimensions), got {len(self.axes)}.")
        self._check_labels(self.axes, "axis")
        if not self.series:
            self._fail("no series to draw (empty data).")
        if len(self.series) > MAX_SERIES:
            self._fail(f"at most {MAX_SERIES} series can be told apart, got {len(self.series)}.")
        self._check_labels([series.name for series in self.series], "series")
        for series in self.series:
            if len(series.values) != len(self.axes):
                self._fail(
                    f"series {series.name!r} has {len(series.values)} values "
                    f"for {len(self.axes)} axes."
                )
            for axis, value in zip(self.axes, series.values, strict=True):
                self._number(
                    value, f"series {series.name!r}, {axis!r}", self.scale_min, self.scale_max
                )

    # -- text alternatives ------------------------------------------------------------
    def alt_text(self) -> str:
        ticks = nice_ticks(self.scale_min, self.scale_max)
        places = tick_decimals(ticks)
        sentences = [
            self._t(
                "radar_summary",
                count=len(self.axes),
                low=self._n(self.scale_min, places),
                high=self._n(self.scale_max, places),
            )
        ]
        for series in self.series:
            values = [_float(v) for v in series.values]
            top, bottom = max(values), min(values)
            sentences.append(
                self._t(
                    "series_summary",
                    name=draw.clean(series.name),
                    mean=self._n(sum(values) / len(values)),
                    top=self._n(top),
                    top_at=self._where(values, top),
                    bottom=self._n(bottom),
                    bottom_at=self._where(values, bottom),
                )
            )
        if len(self.series) == 2:
            first, second = self.series
            gaps = [
                abs(_float(a) - _float(b)) for a, b in zip(first.values, second.values, strict=True)
            ]
            largest = max(gaps)
            if largest > 0:
                sentences.append(
                    self._t(
                        "largest_gap",
                        first=draw.clean(first.name),
                        second=draw.clean(second.name),
                        where=self._where(gaps, largest),
                        gap=self._n(largest),
                    )
                )
        return " ".join(sentences)

    def _where(self, values: Sequence[float], target: float) -> str:
        names = [draw.clean(a) for a, v in zip(self.axes, values, strict=True) if v == target]
        return join(names, self.language, limit=3)

    def data_table(self) -> Table:
        columns = [Column(self._t("dimension"))] + [
            Column(draw.clean(series.name), NumberFormat.DECIMAL, decimals=self.decimals)
            for series in self.series
        ]
        rows = [
            [draw.clean(axis), *(_plain(series.values[index]) for series in self.series)]
            for index, axis in enumerate(self.axes)
        ]
        return Table(columns=columns, rows=rows, caption=draw.clean(self.title))

    # -- drawing ----------------------------------------------------------------------
    def _draw(self) -> Canvas:
        radius = 165.0
        label_size = draw.LABEL
        leading = label_size * 1.25
        count = len(self.axes)
        angles = [-math.pi / 2 + 2 * math.pi * index / count for index in range(count)]
        centre_x = WIDTH / 2

        # axis labels first: their size decides the room above and below the web
        labels = []
        for angle, axis in zip(angles, self.axes, strict=True):
            cos, sin = math.cos(angle), math.sin(angle)
            dx, dy = (radius + 14) * cos, (radius + 14) * sin
            anchor = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
            x = centre_x + dx
            # as wide as the space to the edge allows, at most 200 units
            if anchor == "end":
                room = x - 16
            elif anchor == "start":
                room = WIDTH - 16 - x
            else:
                # a label above or below the web must not reach its neighbours' labels
                chord = 2 * (radius + 14) * math.sin(math.pi / count)
                room = min(2 * min(x, WIDTH - x) - 32, max(120, 1.5 * chord))
            lines = draw.wrap(axis, min(room, 200), label_size, max_lines=3)
            block = (len(lines) - 1) * leading
            if sin < -0.5:
                dy -= block / 2 + 6
            elif sin > 0.5:
                dy += block / 2 + 6
            labels.append((dx, dy, block, anchor, lines))
        above = max([radius] + [block / 2 - dy + label_size for _, dy, block, _, _ in labels])
        below = max([radius] + [block / 2 + dy + label_size for _, dy, block, _, _ in labels])
        centre_y = 12 + above
        legend_y = centre_y + below + 16

        entries = self._legend_entries()
        canvas = self._canvas(legend_y + legend_height(entries, WIDTH - 80, label_size) + 12)
        for dx, dy, _, anchor, lines in labels:
            canvas.lines(
                centre_x + dx, centre_y + dy, lines, size=label_size, anchor=anchor, fill=draw.TEXT
            )

        self._web(canvas, centre_x, centre_y, radius, angles)

        legend(
            canvas, entries, x=40, y=legend_y, max_width=WIDTH - 80, size=label_size, centred=True
        )
        return canvas

    def svg_narrow(self) -> str:
        """The chart for a phone: the web with numbered axes, the key of names below it."""
        cached = self.__dict__.get("_svg_narrow")
        if cached is None:
            cached = self._draw_narrow().render()
            self.__dict__["_svg_narrow"] = cached
        return cached

    def _legend_entries(self) -> list[LegendEntry]:
        return [
            (
                series.name,
                {
                    "colour": draw.SERIES_COLOURS[i],
                    "dash": draw.DASHES[i],
                    "marker": draw.MARKERS[i],
                },
            )
            for i, series in enumerate(self.series)
        ]

    def _draw_narrow(self) -> Canvas:
        width, size = NARROW_WIDTH, NARROW_LABEL
        radius = 120.0
        count = len(self.axes)
        angles = [-math.pi / 2 + 2 * math.pi * index / count for index in range(count)]
        centre_x = width / 2
        centre_y = 14 + size + radius
        legend_y = centre_y + radius + 14 + size + 8
        entries = self._legend_entries()
        legend_rows = legend_height(entries, width - 24, size)

        # the key: "1  Strategie und Führung", each name wrapped beside its number
        number_width = draw.text_width(str(count), size, bold=True) + 10
        leading = size * 1.3
        key = [
            (str(index), draw.wrap(axis, width - 24 - number_width, size, max_lines=3))
            for index, axis in enumerate(self.axes, start=1)
        ]
        key_y = legend_y + legend_rows + 10
        key_height = sum(len(lines) * leading + 4 for _, lines in key)

        canvas = self._canvas(key_y + key_height + 8, width=width, variant="narrow")
        self._web(canvas, centre_x, centre_y, radius, angles, tick_size=12, marker_size=9)
        for index, angle in enumerate(angles, start=1):
            cos, sin = math.cos(angle), math.sin(angle)
            anchor = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
            distance = radius + 8 + (size * 0.4 if anchor == "middle" else 0)
            canvas.text(
                centre_x + distance * cos,
                centre_y + distance * sin,
                str(index),
                size=size,
                weight="bold",
                anchor=anchor,
                middle=True,
                fill=draw.TEXT,
            )
        legend(canvas, entries, x=12, y=legend_y, max_width=width - 24, size=size, centred=True)
        y = key_y
        for number, lines in key:
            canvas.text(12, y + size * 0.8, number, size=size, weight="bold", fill=draw.TEXT)
            for line in lines:
                canvas.text(12 + number_width, y + size * 0.8, line, size=size, fill=draw.TEXT)
                y += leading
            y += 4
        return canvas

    def _web(
        self,
        canvas: Canvas,
        centre_x: float,
        centre_y: float,
        radius: float,
        angles: Sequence[float],
        tick_size: float = draw.TINY,
        marker_size: float = 8,
    ) -> None:
        """The grid (a polygon per tick, spokes, tick labels) and the series on it."""
        span = self.scale_max - self.scale_min

        def point(angle: float, value: float) -> tuple[float, float]:
            distance = radius * (value - self.scale_min) / span
            return centre_x + distance * math.cos(angle), centre_y + distance * math.sin(angle)

        # grid: one polygon per tick, spokes, tick labels along the first spoke
        ticks = nice_ticks(self.scale_min, self.scale_max)
        places = tick_decimals(ticks)
        for tick in ticks:
            if tick <= self.scale_min:
                continue
            canvas.polygon(
                [point(angle, tick) for angle in angles],
                fill="none",
                stroke=draw.GRID,
                stroke_width=1.5 if tick == ticks[-1] else 1,
            )
        for angle in angles:
            canvas.line(centre_x, centre_y, *point(angle, self.scale_max), stroke=draw.GRID)
        for tick in ticks:
            if tick <= self.scale_min:
                continue
            # on the middle of the grid edge between the last and the first axis: no spoke,
            # no data marker there
            (x1, y1), (x2, y2) = point(angles[-1], tick), point(angles[0], tick)
            canvas.text(
                (x1 + x2) / 2,
                (y1 + y2) / 2,
                self._n(tick, places),
                size=tick_size,
                fill=draw.MUTED,
                anchor="middle",
                middle=True,
                **draw.HALO,
            )

        # the series: translucent area (few series only), line with a dash pattern, markers
        fill_opacity = 0.12 if len(self.series) <= 3 else 0
        for index, series in enumerate(self.series):
            colour = draw.SERIES_COLOURS[index]
            pairs = [
                point(angle, _float(value))
                for angle, value in zip(angles, series.values, strict=True)
            ]
            canvas.polygon(
                pairs,
                fill=colour if fill_opacity else "none",
                fill_opacity=fill_opacity or None,
                stroke=colour,
                stroke_width=2.25,
                stroke_dasharray=draw.DASHES[index],
                stroke_linejoin="round",
                class_="series",
            )
        for index, series in enumerate(self.series):
            colour = draw.SERIES_COLOURS[index]
            for angle, value in zip(angles, series.values, strict=True):
                x, y = point(angle, _float(value))
                canvas.marker(
                    draw.MARKERS[index],
                    x,
                    y,
                    marker_size,
                    fill=colour,
                    stroke=draw.SURFACE,
                    stroke_width=1,
                    class_="point",
                )


def _plain(value: float | Decimal | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _float(value: float | Decimal | None) -> float:
    """A validated value (radar values are never None)."""
    assert value is not None  # noqa: S101 - checked in __post_init__
    return float(value)
