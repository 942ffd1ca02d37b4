"""What the portfolio matrix and the power/interest grid share: a 2×2 field with named
quadrants, numbered points (spread apart where several share a spot) and a key beside it."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import svg as draw
from .base import (
    WIDTH,
    ChartBase,
    GroupColours,
    LegendEntry,
    legend,
    legend_height,
    nice_ticks,
    tick_decimals,
)
from .svg import Canvas
from .texts import join

LEFT, TOP, PLOT = 72.0, 20.0, 380.0
KEY_X = LEFT + PLOT + 26
KEY_WIDTH = WIDTH - KEY_X - 12
KEY_LINE = 19.0
LABEL_SIZE = draw.LABEL
OPACITY = 0.92  # overlapping bubbles stay visible, numbers stay legible


@dataclass(frozen=True)
class Point:
    """A point to place: its number in the key, label, coordinates and drawing size.
    ``mark`` is what the bubble and the key show (its code, e.g. "M32"; else the number)."""

    number: int
    label: str
    x: float
    y: float
    radius: float
    group: str
    mark: str = ""

    @property
    def shown(self) -> str:
        return self.mark or str(self.number)


def mark_radius(mark: str) -> float:
    """The smallest radius of a bubble that holds ``mark`` in bold small type."""
    return draw.text_width(mark, draw.TINY, bold=True) / 2 + 3.5


class QuadrantChart(ChartBase):
    """Subclasses provide the axes, the quadrant names and the points."""

    scale_min: float
    scale_max: float

    # -- hooks ------------------------------------------------------------------------
    def _axis_titles(self) -> tuple[str, str]:
        """(x axis, y axis)."""
        raise NotImplementedError

    def _quadrant_keys(self) -> tuple[str, str, str, str]:
        """Text keys of the quadrants: top left, top right, bottom left, bottom right."""
        raise NotImplementedError

    def _points(self) -> list[Point]:
        raise NotImplementedError

    def _extra_legend(self) -> list[LegendEntry]:
        return []

    def _extra_legend_height(self) -> float:
        return 0.0

    def _draw_extra_legend(self, canvas: Canvas, x: float, y: float) -> None:
        return None

    # -- shared logic -----------------------------------------------------------------
    def _midpoint(self) -> float:
        return (self.scale_min + self.scale_max) / 2

    def _quadrant_key(self, x: float, y: float) -> str:
        """On the middle line counts as the upper half (high) of that axis."""
        top_left, top_right, bottom_left, bottom_right = self._quadrant_keys()
        high_x, high_y = x >= self._midpoint(), y >= self._midpoint()
        if high_y:
            return top_right if high_x else top_left
        return bottom_right if high_x else bottom_left

    def _group_colours(self) -> GroupColours:
        return GroupColours([point.group for point in self._points()], self.language)

    def _quadrant_summary(self) -> list[str]:
        members: dict[str, list[str]] = defaultdict(list)
        for point in self._points():
            name = f"{point.mark} {point.label}" if point.mark else point.label
            members[self._quadrant_key(point.x, point.y)].append(draw.clean(name))
        return [
            f"{self._t(key)}: {join(members[key], self.language)}." for key in self._quadrant_keys()
        ]

    # -- drawing ----------------------------------------------------------------------
    def _draw(self) -> Canvas:
        points = self._points()
        colour_of = self._group_colours()
        group_entries = colour_of.legend()
        bottom = TOP + PLOT
        legend_top = bottom + 50
        # the legend stays in the column of the field, clear of the key beside it
        legend_width = KEY_X - 20 - 16
        legend_h = legend_height(group_entries, legend_width) if group_entries else 0
        extra_top = legend_top + legend_h
        extra_h = self._extra_legend_height()
        key_bottom = TOP + 4 + len(points) * KEY_LINE
        height = max(extra_top + extra_h + 8, key_bottom + 12)
        canvas = self._canvas(height)

        # a margin around the scale keeps points on its ends clear of the frame and names
        pad = (self.scale_max - self.scale_min) * 0.1
        low, span = self.scale_min - pad, self.scale_max - self.scale_min + 2 * pad

        def position(x: float, y: float) -> tuple[float, float]:
            return LEFT + PLOT * (x - low) / span, bottom - PLOT * (y - low) / span

        # quadrants: a quiet checkerboard with the names in the outer corners
        half = PLOT / 2
        canvas.rect(LEFT, TOP, half, half, fill=draw.BAND)
        canvas.rect(LEFT + half, TOP + half, half, half, fill=draw.BAND)
        # grid, middle lines and ticks
        ticks = nice_ticks(self.scale_min, self.scale_max)
        places = tick_decimals(ticks)
        for tick in ticks:
            x, y = position(tick, tick)
            canvas.text(
                x,
                bottom + 16,
                self._n(tick, places),
                size=draw.SMALL,
                anchor="middle",
                fill=draw.MUTED,
            )
            canvas.text(
                LEFT - 8,
                y,
                self._n(tick, places),
                size=draw.SMALL,
                anchor="end",
                middle=True,
                fill=draw.MUTED,
            )
        canvas.rect(LEFT, TOP, PLOT, PLOT, fill="none", stroke=draw.AXIS)
        canvas.line(LEFT + half, TOP, LEFT + half, bottom, stroke=draw.AXIS, stroke_dasharray="4 3")
        canvas.line(
            LEFT, TOP + half, LEFT + PLOT, TOP + half, stroke=draw.AXIS, stroke_dasharray="4 3"
        )

        x_title, y_title = self._axis_titles()
        canvas.text(
            LEFT + half,
            bottom + 36,
            f"{x_title} →",
            size=LABEL_SIZE,
            anchor="middle",
            weight="bold",
        )
        y_x, y_y = LEFT - 34, TOP + half
        canvas.text(
            y_x,
            y_y,
            f"{y_title} →",
            size=LABEL_SIZE,
            anchor="middle",
            weight="bold",
            transform=f"rotate(-90 {draw.number(y_x)} {draw.number(y_y)})",
        )

        # the points, larger ones first so that small ones stay visible on top
        quadrant_box = (LEFT, TOP, LEFT + half, TOP + half, LEFT + PLOT, bottom)
        placed = _spread([(point, *position(point.x, point.y)) for point in points], quadrant_box)
        for point, x, y in sorted(placed, key=lambda item: -item[0].radius):
            colour = colour_of(point.group)
            canvas.circle(
                x,
                y,
                point.radius,
                fill=colour,
                fill_opacity=OPACITY,
                class_="point",
                stroke=draw.SURFACE,
                stroke_width=1.5,
            )
            canvas.text(
                x,
                y,
                draw.clean(point.shown),
                size=draw.SMALL if not point.mark else draw.TINY,
                anchor="middle",
                middle=True,
                weight="bold",
                fill=draw.text_colour_on(draw.blend(colour, OPACITY)),
            )

        # the quadrants' names above the bubbles, with a halo where one lies beneath
        names = [self._t(key) for key in self._quadrant_keys()]
        room = half - 16
        corners = [
            (LEFT + 7, TOP + 15, "start"),
            (LEFT + PLOT - 7, TOP + 15, "end"),
            (LEFT + 7, bottom - 7, "start"),
            (LEFT + PLOT - 7, bottom - 7, "end"),
        ]
        for name, (x, y, anchor) in zip(names, corners, strict=True):
            canvas.text(
                x,
                y,
                draw.truncate(name, room, 12, bold=True),
                size=12,
                weight="bold",
                anchor=anchor,
                fill=draw.MUTED,
                **draw.HALO,
            )

        # the key: number and name of every point
        badge = max(18.0, *(mark_radius(draw.clean(point.shown)) * 2 - 4 for point in points))
        for index, point in enumerate(points):
            y = TOP + 4 + index * KEY_LINE + KEY_LINE / 2
            colour = colour_of(point.group)
            canvas.rect(KEY_X, y - 9, badge, 18, rx=9, fill=colour)
            canvas.text(
                KEY_X + badge / 2,
                y,
                draw.clean(point.shown),
                size=draw.TINY,
                anchor="middle",
                middle=True,
                weight="bold",
                fill=draw.text_colour_on(colour),
            )
            canvas.text(
                KEY_X + badge + 6,
                y,
                draw.truncate(point.label, KEY_WIDTH - badge - 6, LABEL_SIZE),
                size=LABEL_SIZE,
                middle=True,
            )

        if group_entries:
            legend(canvas, group_entries, x=20, y=legend_top, max_width=legend_width)
        self._draw_extra_legend(canvas, 20, extra_top)
        return canvas


GAP = 1.5  # between two bubbles
# Candidate places around a bubble's own spot: rings this far apart, this many per ring.
RING_STEP, RING_POINTS, RINGS = 4.0, 24, 60


def _overlap(x: float, y: float, radius: float, others: list[tuple[float, float, float]]) -> float:
    """How far a bubble at (x, y) reaches into the bubbles already placed (0: clear of all)."""
    deepest = 0.0
    for ox, oy, other in others:
        reach = radius + other + GAP - math.hypot(x - ox, y - oy)
        deepest = max(deepest, reach)
    return deepest


def _inside(x: float, y: float, bounds: tuple[float, float, float, float]) -> tuple[float, float]:
    """(x, y) moved into the box (x from, x to, y from, y to)."""
    x_from, x_to, y_from, y_to = bounds
    return min(max(x, x_from), x_to), min(max(y, y_from), y_to)


def _spread(
    placed: Sequence[tuple[Point, float, float]],
    box: tuple[float, float, float, float, float, float],
) -> list[tuple[Point, float, float]]:
    """Bubbles that would cover one another are moved apart, each as little as it takes and
    never out of its quadrant, so that every one stays visible and its mark readable.

    ``box`` is (left, top, middle x, middle y, right, bottom) of the field. The largest
    bubbles are placed first, on their own spots where free; each other one takes the free
    place nearest its spot (on rings around it), or, in a quadrant too crowded for that, the
    place where it covers the least."""
    left, top, mid_x, mid_y, right, bottom = box
    order = sorted(range(len(placed)), key=lambda i: (-placed[i][0].radius, i))
    taken: list[tuple[float, float, float]] = []
    result = list(placed)
    for index in order:
        point, x, y = placed[index]
        radius = point.radius
        # the quadrant of its spot (on the middle line counts as the upper or right half)
        x_low, x_high = (mid_x, right) if x >= mid_x else (left, mid_x)
        y_low, y_high = (top, mid_y) if y <= mid_y else (mid_y, bottom)

        bounds = (x_low + radius, x_high - radius, y_low + radius, y_high - radius)
        best = _inside(x, y, bounds)
        best_overlap = _overlap(*best, radius, taken)
        ring = 0
        while best_overlap > 0 and ring < RINGS:
            ring += 1
            distance = ring * RING_STEP
            for step in range(RING_POINTS):
                angle = -math.pi / 2 + 2 * math.pi * (step + 0.5 * (ring % 2)) / RING_POINTS
                candidate = _inside(
                    x + distance * math.cos(angle), y + distance * math.sin(angle), bounds
                )
                overlap = _overlap(*candidate, radius, taken)
                if overlap < best_overlap - 1e-9:
                    best, best_overlap = candidate, overlap
                    if overlap <= 0:
                        break
        taken.append((*best, radius))
        result[index] = (point, *best)
    return result


def check_items(chart: ChartBase, items: Sequence[Any], what: str) -> None:
    if not items:
        chart._fail(f"no {what} to draw (empty data).")
    for item in items:
        label = getattr(item, "label", None) or getattr(item, "name", None)
        if not isinstance(label, str) or not draw.clean(label):
            chart._fail(f"every {what[:-1] if what.endswith('s') else what} needs a name.")
