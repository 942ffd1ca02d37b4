"""Portfolio matrix: measures by benefit and effort, bubbles sized by cost, named quadrants."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ..model import Column, NumberFormat, Table
from . import svg as draw
from .base import nice_ticks, tick_decimals
from .formats import format_euro_short
from .quadrants import LABEL_SIZE, PLOT, Point, QuadrantChart, check_items, mark_radius
from .svg import Canvas

# bubble radii: the dearest measure, the smallest that still holds its number, no cost known
BIGGEST, SMALLEST, UNKNOWN = 28.0, 10.0, 10.0
# Bubbles may cover at most this share of a quadrant; beyond it they are drawn smaller.
CROWDED, QUADRANT_AREA = 0.4, (PLOT / 2) ** 2


@dataclass(frozen=True)
class PortfolioItem:
    """A measure: benefit and effort on the chart's scale, cost in euros (optional)."""

    label: str
    benefit: float | Decimal
    effort: float | Decimal
    cost: float | Decimal | None = None
    group: str = ""  # e.g. the field of action (Handlungsfeld); colours the bubble
    code: str = ""  # short mark in the bubble and the key (e.g. "M32"); default its number


@dataclass(frozen=True)
class PortfolioMatrix(QuadrantChart):
    """Effort to the right, benefit upwards; the bubble's area is proportional to its cost.

    Quadrants: Quick Wins (high benefit, low effort), Großprojekte (high, high),
    Lückenfüller (low, low), Undankbare Aufgaben (low benefit, high effort). A value on the
    middle of the scale counts as high.
    """

    title: str
    items: Sequence[PortfolioItem]
    language: str = "de"
    scale_min: float = 1
    scale_max: float = 5
    decimals: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        self._check_basics()
        self._check_scale(self.scale_min, self.scale_max)
        check_items(self, self.items, "measures")
        for item in self.items:
            where = f"measure {item.label!r}"
            self._number(item.benefit, f"{where}, benefit", self.scale_min, self.scale_max)
            self._number(item.effort, f"{where}, effort", self.scale_min, self.scale_max)
            if item.cost is not None and self._number(item.cost, f"{where}, cost") < 0:
                self._fail(f"{where}, cost: {item.cost} is negative.")

    def quadrant(self, item: PortfolioItem) -> str:
        """The name of the quadrant ``item`` falls in, in the chart's language."""
        return self._t(self._quadrant_key(float(item.effort), float(item.benefit)))

    # -- hooks ------------------------------------------------------------------------
    def _axis_titles(self) -> tuple[str, str]:
        return self._t("effort"), self._t("benefit")

    def _quadrant_keys(self) -> tuple[str, str, str, str]:
        return "quick_wins", "major_projects", "fill_ins", "thankless_tasks"

    def _max_cost(self) -> float:
        return max((float(item.cost) for item in self.items if item.cost is not None), default=0)

    def _radius(self, cost: float | Decimal | None, mark: str = "") -> float:
        """Area by cost, but never smaller than its mark needs (no cost: that smallest)."""
        smallest = max(SMALLEST, mark_radius(mark)) if mark else SMALLEST
        biggest = self._max_cost()
        if cost is None or biggest <= 0:
            return max(UNKNOWN, smallest)
        return max(smallest, BIGGEST * math.sqrt(float(cost) / biggest))

    def _points(self) -> list[Point]:
        points = [
            Point(
                number,
                item.label,
                float(item.effort),
                float(item.benefit),
                self._radius(item.cost, draw.clean(item.code)),
                draw.clean(item.group),
                draw.clean(item.code),
            )
            for number, item in enumerate(self.items, start=1)
        ]
        # In a crowded quadrant the bubbles could not all be set apart: every bubble shrinks
        # by the same factor (sizes stay comparable), down to what its mark needs.
        area: dict[str, float] = {}
        for point in points:
            key = self._quadrant_key(point.x, point.y)
            area[key] = area.get(key, 0.0) + math.pi * point.radius**2
        factor = min(1.0, math.sqrt(CROWDED * QUADRANT_AREA / max(area.values())))
        if factor == 1.0:
            return points
        return [
            replace(point, radius=max(self._radius(None, point.mark), point.radius * factor))
            for point in points
        ]

    def _extra_legend_height(self) -> float:
        return 2 * BIGGEST + 26 if self._max_cost() > 0 else 0

    def _draw_extra_legend(self, canvas: Canvas, x: float, y: float) -> None:
        """Two reference circles: the largest cost and a quarter of it."""
        biggest = self._max_cost()
        if biggest <= 0:
            return
        canvas.text(
            x, y + BIGGEST + 4, self._t("bubble_area"), size=LABEL_SIZE, middle=True, fill=draw.TEXT
        )
        cursor = x + draw.text_width(self._t("bubble_area"), LABEL_SIZE) + 16
        quarter = float(f"{biggest / 4:.2g}")  # a round reference amount
        for cost in (biggest, quarter):
            radius = self._radius(cost)
            centre_y = y + 4 + 2 * BIGGEST - radius
            canvas.circle(cursor + radius, centre_y, radius, fill="none", stroke=draw.MUTED)
            label = format_euro_short(cost, self.language)
            canvas.text(
                cursor + 2 * radius + 6,
                centre_y,
                label,
                size=draw.SMALL,
                middle=True,
                fill=draw.MUTED,
            )
            cursor += 2 * radius + 16 + draw.text_width(label, draw.SMALL)

    # -- text alternatives ------------------------------------------------------------
    def alt_text(self) -> str:
        places = tick_decimals(nice_ticks(self.scale_min, self.scale_max))
        sentences = [
            self._t(
                "portfolio_summary",
                count=len(self.items),
                low=self._n(self.scale_min, places),
                high=self._n(self.scale_max, places),
            ),
            *self._quadrant_summary(),
        ]
        costly = [item for item in self.items if item.cost is not None]
        if costly:
            top = max(costly, key=lambda item: float(item.cost))  # type: ignore[arg-type]
            sentences.append(
                self._t(
                    "highest_cost",
                    name=draw.clean(top.label),
                    cost=format_euro_short(top.cost, self.language),  # type: ignore[arg-type]
                )
            )
        return " ".join(sentences)

    def data_table(self) -> Table:
        grouped = any(item.group for item in self.items)
        coded = any(draw.clean(item.code) for item in self.items)
        columns = [
            Column(self._t("code")) if coded else Column(self._t("number"), NumberFormat.INTEGER),
            Column(self._t("measure")),
            Column(self._t("benefit"), NumberFormat.DECIMAL, decimals=self.decimals),
            Column(self._t("effort"), NumberFormat.DECIMAL, decimals=self.decimals),
            Column(self._t("cost"), NumberFormat.EURO, decimals=0),
            *([Column(self._t("group"))] if grouped else []),
            Column(self._t("quadrant")),
        ]
        rows = [
            [
                (draw.clean(item.code) or str(number)) if coded else number,
                draw.clean(item.label),
                float(item.benefit),
                float(item.effort),
                None if item.cost is None else Decimal(str(item.cost)),
                *([draw.clean(item.group)] if grouped else []),
                self.quadrant(item),
            ]
            for number, item in enumerate(self.items, start=1)
        ]
        return Table(columns=columns, rows=rows, caption=draw.clean(self.title))
