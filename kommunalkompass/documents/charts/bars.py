"""Grouped horizontal bars: how respondent groups see each dimension (Sichtweisen)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Column, NumberFormat, Table
from . import svg as draw
from .base import WIDTH, ChartBase, Series, legend, legend_height, nice_ticks, tick_decimals
from .radar import MAX_SERIES, _plain
from .svg import Canvas
from .texts import join

LABEL_SIZE = draw.LABEL
BAR = 13.0  # height of one bar
BAR_GAP = 2.0
GROUP_GAP = 14.0


@dataclass(frozen=True)
class GroupedBarChart(ChartBase):
    """For each category (dimension) one bar per series (respondent group).

    ``None`` is a value that is not shown (e.g. a group below the anonymity threshold); it is
    drawn as "k. A." / "n/a" and left empty in the data table.
    """

    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    language: str = "de"
    scale_min: float = 0
    scale_max: float = 5
    decimals: int = 1
    category_label: str = ""  # the data table's first column (default "Dimension")

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "series", tuple(self.series))
        self._check_basics()
        self._check_scale(self.scale_min, self.scale_max)
        if not self.categories:
            self._fail("no categories to draw (empty data).")
        self._check_labels(self.categories, "category")
        if not self.series:
            self._fail("no series to draw (empty data).")
        if len(self.series) > MAX_SERIES:
            self._fail(f"at most {MAX_SERIES} series can be told apart, got {len(self.series)}.")
        self._check_labels([series.name for series in self.series], "series")
        for series in self.series:
            if len(series.values) != len(self.categories):
                self._fail(
                    f"series {series.name!r} has {len(series.values)} values "
                    f"for {len(self.categories)} categories."
                )
            for category, value in zip(self.categories, series.values, strict=True):
                if value is not None:
                    self._number(
                        value,
                        f"series {series.name!r}, {category!r}",
                        self.scale_min,
                        self.scale_max,
                    )
        if all(value is None for series in self.series for value in series.values):
            self._fail("every value is missing (empty data).")

    # -- text alternatives ------------------------------------------------------------
    def alt_text(self) -> str:
        places = tick_decimals(nice_ticks(self.scale_min, self.scale_max))
        sentences = [
            self._t(
                "bars_summary",
                count=len(self.categories),
                groups=len(self.series),
                low=self._n(self.scale_min, places),
                high=self._n(self.scale_max, places),
            )
        ]
        for series in self.series:
            known = [
                (float(value), category)
                for category, value in zip(self.categories, series.values, strict=True)
                if value is not None
            ]
            if not known:
                continue
            top = max(value for value, _ in known)
            bottom = min(value for value, _ in known)
            sentences.append(
                self._t(
                    "series_summary",
                    name=draw.clean(series.name),
                    mean=self._n(sum(value for value, _ in known) / len(known)),
                    top=self._n(top),
                    top_at=self._names(known, top),
                    bottom=self._n(bottom),
                    bottom_at=self._names(known, bottom),
                )
            )
        if len(self.series) > 1:
            spreads = []
            for index, category in enumerate(self.categories):
                column = [series.values[index] for series in self.series]
                values = [float(value) for value in column if value is not None]
                if len(values) > 1:
                    spreads.append((max(values) - min(values), category))
            if spreads and max(spreads)[0] > 0:
                largest = max(spread for spread, _ in spreads)
                sentences.append(
                    self._t(
                        "largest_spread",
                        where=self._names(spreads, largest),
                        gap=self._n(largest),
                    )
                )
        missing = sum(value is None for series in self.series for value in series.values)
        if missing:
            key = "missing_values_one" if missing == 1 else "missing_values"
            sentences.append(self._t(key, count=missing))
        return " ".join(sentences)

    def _names(self, pairs: Sequence[tuple[float, str]], target: float) -> str:
        return join(
            [draw.clean(name) for value, name in pairs if value == target], self.language, 3
        )

    def data_table(self) -> Table:
        columns = [Column(self.category_label or self._t("dimension"))] + [
            Column(draw.clean(series.name), NumberFormat.DECIMAL, decimals=self.decimals)
            for series in self.series
        ]
        rows = [
            [draw.clean(category), *(_plain(series.values[index]) for series in self.series)]
            for index, category in enumerate(self.categories)
        ]
        return Table(columns=columns, rows=rows, caption=draw.clean(self.title))

    # -- drawing ----------------------------------------------------------------------
    def _draw(self) -> Canvas:
        label_width = 180.0
        left, right = 20 + label_width + 12, WIDTH - 52
        entries = [
            (series.name, {"colour": draw.SERIES_COLOURS[index]})
            for index, series in enumerate(self.series)
        ]
        top = 16 + legend_height(entries, WIDTH - 40) + 8
        count = len(self.series)
        group_height = count * BAR + (count - 1) * BAR_GAP
        plot_height = len(self.categories) * (group_height + GROUP_GAP) + GROUP_GAP
        canvas = self._canvas(top + plot_height + 30)
        legend(canvas, entries, x=20, y=16, max_width=WIDTH - 40)

        span = self.scale_max - self.scale_min

        def x_of(value: float) -> float:
            return left + (right - left) * (value - self.scale_min) / span

        ticks = nice_ticks(self.scale_min, self.scale_max)
        places = tick_decimals(ticks)
        bottom = top + plot_height
        for tick in ticks:
            x = x_of(tick)
            canvas.line(x, top, x, bottom, stroke=draw.GRID)
            canvas.text(
                x,
                bottom + 16,
                self._n(tick, places),
                size=draw.SMALL,
                fill=draw.MUTED,
                anchor="middle",
            )
        canvas.line(left, top, left, bottom, stroke=draw.AXIS, stroke_width=1.25)

        y = top + GROUP_GAP
        for index, category in enumerate(self.categories):
            lines = draw.wrap(category, label_width, LABEL_SIZE, max_lines=2)
            canvas.lines(
                left - 12,
                y + group_height / 2,
                lines,
                size=LABEL_SIZE,
                anchor="end",
                fill=draw.TEXT,
            )
            for number, series in enumerate(self.series):
                bar_y = y + number * (BAR + BAR_GAP)
                value = series.values[index]
                if value is None:
                    canvas.text(
                        left + 6,
                        bar_y + BAR / 2,
                        self._t("no_value"),
                        size=draw.TINY,
                        fill=draw.MUTED,
                        middle=True,
                        font_style="italic",
                    )
                    continue
                end = x_of(float(value))
                canvas.rect(
                    left,
                    bar_y,
                    end - left,
                    BAR,
                    fill=draw.SERIES_COLOURS[number],
                    rx=1.5,
                    class_="bar",
                )
                canvas.text(
                    end + 5,
                    bar_y + BAR / 2,
                    self._n(value),
                    size=draw.SMALL,
                    fill=draw.TEXT,
                    middle=True,
                )
            y += group_height + GROUP_GAP
            if index < len(self.categories) - 1:
                canvas.line(20, y - GROUP_GAP / 2, right, y - GROUP_GAP / 2, stroke=draw.BAND)
        return canvas
