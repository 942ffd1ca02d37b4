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
    """A point to place: its number in the key, label, coordinates and drawing size."""

    number: int
    label: str
    x: float
    y: float
    radius: float
    group: str


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
            members[self._quadrant_key(point.x, point.y)].append(draw.clean(point.label))
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
        legend_h = legend_height(group_entries, WIDTH - 40) if group_entries else 0
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
            )

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
        placed = _spread([(point, *position(point.x, point.y)) for point in points])
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
                str(point.number),
                size=draw.SMALL,
                anchor="middle",
                middle=True,
                weight="bold",
                fill=draw.text_colour_on(draw.blend(colour, OPACITY)),
            )

        # the key: number and name of every point
        for index, point in enumerate(points):
            y = TOP + 4 + index * KEY_LINE + KEY_LINE / 2
            colour = colour_of(point.group)
            canvas.circle(KEY_X + 9, y, 9, fill=colour)
            canvas.text(
                KEY_X + 9,
                y,
                str(point.number),
                size=draw.TINY,
                anchor="middle",
                middle=True,
                weight="bold",
                fill=draw.text_colour_on(colour),
            )
            canvas.text(
                KEY_X + 24,
                y,
                draw.truncate(point.label, KEY_WIDTH - 24, LABEL_SIZE),
                size=LABEL_SIZE,
                middle=True,
            )

        if group_entries:
            legend(canvas, group_entries, x=20, y=legend_top, max_width=WIDTH - 40)
        self._draw_extra_legend(canvas, 20, extra_top)
        return canvas


def _spread(placed: Sequence[tuple[Point, float, float]]) -> list[tuple[Point, float, float]]:
    """Points on the same spot are set around it in a ring, so that each stays readable."""
    spots: dict[tuple[float, float], list[int]] = defaultdict(list)
    for index, (_, x, y) in enumerate(placed):
        spots[(round(x, 1), round(y, 1))].append(index)
    result = list(placed)
    for (x, y), members in spots.items():
        if len(members) < 2:
            continue
        biggest = max(placed[i][0].radius for i in members)
        ring = min(max(biggest, 11.0) * (1 + 0.12 * len(members)), 40.0)
        for order, index in enumerate(members):
            angle = -math.pi / 2 + 2 * math.pi * order / len(members)
            point = placed[index][0]
            result[index] = (point, x + ring * math.cos(angle), y + ring * math.sin(angle))
    # keep everything inside the field
    return [
        (
            point,
            min(max(x, LEFT + point.radius), LEFT + PLOT - point.radius),
            min(max(y, TOP + point.radius), TOP + PLOT - point.radius),
        )
        for point, x, y in result
    ]


def check_items(chart: ChartBase, items: Sequence[Any], what: str) -> None:
    if not items:
        chart._fail(f"no {what} to draw (empty data).")
    for item in items:
        label = getattr(item, "label", None) or getattr(item, "name", None)
        if not isinstance(label, str) or not draw.clean(label):
            chart._fail(f"every {what[:-1] if what.endswith('s') else what} needs a name.")
