"""Peer ranges: where one organisation stands against the distribution of its peers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model import Column, NumberFormat, Table
from . import svg as draw
from .base import WIDTH, ChartBase, legend, legend_height, nice_ticks, tick_decimals
from .radar import _plain
from .svg import Canvas
from .texts import join

ROW = 36.0  # height of one category
BAND = 12.0  # height of the quartile band
BAND_COLOUR = "#9ecae1"
MEDIAN_COLOUR = "#08519c"
OWN_COLOUR = draw.SERIES_COLOURS[1]


@dataclass(frozen=True)
class PeerRange:
    """The distribution of the peers in one category: quartiles and median."""

    lower: float | Decimal
    median: float | Decimal
    upper: float | Decimal


@dataclass(frozen=True)
class RangeChart(ChartBase):
    """For each category (dimension) the peers' middle half as a band, their median as a
    line and the own value as a diamond.

    A category without enough peers has ``None`` as its range; a suppressed own value is
    ``None`` too. Both are drawn as "k. A." / "n/a".
    """

    title: str
    categories: Sequence[str]
    ranges: Sequence[PeerRange | None]
    own: Sequence[float | Decimal | None]
    own_name: str
    language: str = "de"
    scale_min: float = 1
    scale_max: float = 5
    decimals: int = 1

    def __post_init__(self) -> None:
        for name in ("categories", "ranges", "own"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        self._check_basics()
        self._check_scale(self.scale_min, self.scale_max)
        if not self.categories:
            self._fail("no categories to draw (empty data).")
        self._check_labels(self.categories, "category")
        self._check_labels([self.own_name], "own value")
        for what, values in (("ranges", self.ranges), ("own values", self.own)):
            if len(values) != len(self.categories):
                self._fail(f"{len(values)} {what} for {len(self.categories)} categories.")
        for category, peer, own in zip(self.categories, self.ranges, self.own, strict=True):
            if peer is not None:
                low, mid, high = (
                    self._number(value, f"{category!r}", self.scale_min, self.scale_max)
                    for value in (peer.lower, peer.median, peer.upper)
                )
                if not low <= mid <= high:
                    self._fail(f"{category!r}: the quartiles must not decrease.")
            if own is not None:
                self._number(own, f"{self.own_name!r}, {category!r}", *self._scale)
        if all(peer is None for peer in self.ranges):
            self._fail("no category has a peer range (empty data).")

    @property
    def _scale(self) -> tuple[float, float]:
        return self.scale_min, self.scale_max

    # -- text alternatives ------------------------------------------------------------
    def alt_text(self) -> str:
        places = tick_decimals(nice_ticks(self.scale_min, self.scale_max))
        sentences = [
            self._t(
                "ranges_summary",
                count=len(self.categories),
                low=self._n(self.scale_min, places),
                high=self._n(self.scale_max, places),
            )
        ]
        pairs = [
            (category, float(own) - float(peer.median))
            for category, peer, own in zip(self.categories, self.ranges, self.own, strict=True)
            if peer is not None and own is not None
        ]
        name = draw.clean(self.own_name)
        above = [draw.clean(category) for category, delta in pairs if delta > 0]
        below = [draw.clean(category) for category, delta in pairs if delta < 0]
        if above:
            sentences.append(
                self._t("ranges_above", name=name, where=join(above, self.language, 8))
            )
        if below:
            sentences.append(
                self._t("ranges_below", name=name, where=join(below, self.language, 8))
            )
        pairs_all = zip(self.ranges, self.own, strict=True)
        missing = sum(peer is None or own is None for peer, own in pairs_all)
        if missing:
            key = "missing_values_one" if missing == 1 else "missing_values"
            sentences.append(self._t(key, count=missing))
        return " ".join(sentences)

    def data_table(self) -> Table:
        columns = [Column(self._t("dimension"))] + [
            Column(header, NumberFormat.DECIMAL, decimals=self.decimals)
            for header in (
                self._t("lower_quartile"),
                self._t("median"),
                self._t("upper_quartile"),
                draw.clean(self.own_name),
            )
        ]
        rows = [
            [
                draw.clean(category),
                *(
                    (None, None, None)
                    if peer is None
                    else (_plain(peer.lower), _plain(peer.median), _plain(peer.upper))
                ),
                _plain(own),
            ]
            for category, peer, own in zip(self.categories, self.ranges, self.own, strict=True)
        ]
        return Table(columns=columns, rows=rows, caption=draw.clean(self.title))

    # -- drawing ----------------------------------------------------------------------
    def _draw(self) -> Canvas:
        label_width = 180.0
        left, right = 20 + label_width + 12, WIDTH - 52
        entries = [
            (self._t("middle_half"), {"colour": BAND_COLOUR}),
            (self._t("median"), {"colour": MEDIAN_COLOUR}),
            (self.own_name, {"diamond": True}),
        ]
        top = 16 + legend_height(entries, WIDTH - 40) + 8
        plot_height = len(self.categories) * ROW + 8
        canvas = self._canvas(top + plot_height + 30)
        legend(canvas, entries, x=20, y=16, max_width=WIDTH - 40)
        span = self.scale_max - self.scale_min

        def x_of(value: float | Decimal) -> float:
            return left + (right - left) * (float(value) - self.scale_min) / span

        bottom = top + plot_height
        ticks = nice_ticks(self.scale_min, self.scale_max)
        places = tick_decimals(ticks)
        for tick in ticks:
            x = x_of(tick)
            canvas.line(x, top, x, bottom, stroke=draw.GRID)
            canvas.text(
                x, bottom + 16, self._n(tick, places), size=draw.SMALL, fill=draw.MUTED,
                anchor="middle",
            )  # fmt: skip
        for index, (category, peer, own) in enumerate(
            zip(self.categories, self.ranges, self.own, strict=True)
        ):
            centre = top + 4 + index * ROW + ROW / 2
            if index % 2:
                canvas.rect(20, centre - ROW / 2, right - 20, ROW, fill=draw.BAND)
            lines = draw.wrap(category, label_width, draw.LABEL, max_lines=2)
            canvas.lines(left - 12, centre, lines, size=draw.LABEL, anchor="end", fill=draw.TEXT)
            if peer is None:
                canvas.text(
                    left + 6, centre, self._t("no_value"), size=draw.TINY, fill=draw.MUTED,
                    middle=True, font_style="italic",
                )  # fmt: skip
            else:
                start, end = x_of(peer.lower), x_of(peer.upper)
                canvas.rect(
                    start, centre - BAND / 2, max(end - start, 2), BAND, fill=BAND_COLOUR,
                    rx=2, class_="range",
                )  # fmt: skip
                median = x_of(peer.median)
                canvas.line(
                    median, centre - BAND / 2 - 3, median, centre + BAND / 2 + 3,
                    stroke=MEDIAN_COLOUR, stroke_width=3, class_="median",
                )  # fmt: skip
            if own is not None:
                x = x_of(own)
                canvas.marker(
                    "diamond", x, centre, 11, fill=draw.TEXT, stroke=draw.SURFACE,
                    stroke_width=1.5, class_="own",
                )  # fmt: skip
                canvas.text(
                    x, centre - 11, self._n(own), size=draw.SMALL, fill=draw.TEXT,
                    anchor="middle", **draw.HALO,
                )  # fmt: skip
        canvas.line(left, top, left, bottom, stroke=draw.AXIS, stroke_width=1.25)
        return canvas
