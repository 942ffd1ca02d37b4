"""What the portfolio matrix and the power/interest grid share: a 2×2 field with named
quadrants, numbered points (spread apart where several share a spot) and a key beside it."""

from __future__ import annotations

import functools
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
# In a quadrant too crowded for a free place, the least covered one is sought on every
# COARSE-th ring with every other point only: it will be covered anyway, and the fine rings
# (more than a thousand places) cost far too much for every bubble of a crowded page.
COARSE = 3


def _overlap(
    x: float,
    y: float,
    radius: float,
    others: list[tuple[float, float, float]],
    enough: float = math.inf,
) -> float:
    """How far a bubble at (x, y) reaches into the bubbles already placed (0: clear of all);
    as soon as that is ``enough`` or more, some value of at least ``enough`` (the caller
    rejects such a place anyway: a crowded chart of 50 bubbles tries thousands)."""
    deepest = 0.0
    for ox, oy, other in others:
        limit = radius + other + GAP - deepest  # nearer than this, it reaches deeper
        dx, dy = x - ox, y - oy
        if -limit < dx < limit and -limit < dy < limit:
            reach = limit + deepest - math.hypot(dx, dy)
            if reach > deepest:
                deepest = reach
                if deepest >= enough:
                    return deepest
    return deepest


def _inside(x: float, y: float, bounds: tuple[float, float, float, float]) -> tuple[float, float]:
    """(x, y) moved into the box (x from, x to, y from, y to)."""
    x_from, x_to, y_from, y_to = bounds
    return min(max(x, x_from), x_to), min(max(y, y_from), y_to)


# The places of each ring relative to the spot, from straight up clockwise; odd rings are
# turned by half a step so that the points of neighbouring rings do not line up.
_RINGS: tuple[tuple[tuple[float, float], ...], ...] = tuple(
    tuple(
        (ring * RING_STEP * math.cos(angle), ring * RING_STEP * math.sin(angle))
        for angle in (
            -math.pi / 2 + 2 * math.pi * (step + 0.5 * (ring % 2)) / RING_POINTS
            for step in range(RING_POINTS)
        )
    )
    for ring in range(RINGS + 1)
)


# The eight directions of a step about a place (the diagonal ones of the same length).
_COMPASS = tuple((math.cos(math.pi * turn / 4), math.sin(math.pi * turn / 4)) for turn in range(8))


class _Places:
    """The places a bubble may take around its spot, nearest first: the spot itself (moved
    into ``bounds``), then ring after ring; each place once (the outer rings reach beyond the
    quadrant and are pushed back onto its edges, many onto the same places). Made as far as
    asked for, and shared by the bubbles of the same spot and size: places that one found
    covered stay covered for the next, which starts where it stopped."""

    def __init__(self, x: float, y: float, bounds: tuple[float, float, float, float]) -> None:
        self.x, self.y, self.bounds = x, y, bounds
        first = _inside(x, y, bounds)
        self.places = [first]
        self._seen = {first}
        self._ring = 0
        self.start = 0  # the places before it are covered
        # how far the bubble reaches into the first ``covered`` bubbles placed, at each of
        # the coarse places (0: clear of them)
        self.covered = 0
        self.cover: list[float] = []

    def more(self) -> bool:
        """Adds the next ring's places (False: all rings are there)."""
        if self._ring >= RINGS:
            return False
        self._ring += 1
        self._add(_RINGS[self._ring], RING_STEP * self._ring)
        return True

    def _add(self, ring: Sequence[tuple[float, float]], distance: float) -> None:
        x, y = self.x, self.y
        x_from, x_to, y_from, y_to = self.bounds
        if x_from <= x - distance <= x + distance <= x_to and (
            y_from <= y - distance <= y + distance <= y_to
        ):
            # all inside: none pushed back, none the same as another
            self.places.extend([(x + dx, y + dy) for dx, dy in ring])
            return
        seen = self._seen
        for dx, dy in ring:
            place = (min(max(x + dx, x_from), x_to), min(max(y + dy, y_from), y_to))
            if place not in seen:
                seen.add(place)
                self.places.append(place)

    @functools.cached_property
    def coarse(self) -> list[tuple[float, float]]:
        """Fewer places over the same rings (every COARSE-th ring, every other point), for
        the least covered one."""
        x, y = self.x, self.y
        x_from, x_to, y_from, y_to = self.bounds
        places = [self.places[0]]
        seen = {self.places[0]}
        for ring in _RINGS[COARSE::COARSE]:
            for dx, dy in ring[::2]:
                place = (min(max(x + dx, x_from), x_to), min(max(y + dy, y_from), y_to))
                if place not in seen:
                    seen.add(place)
                    places.append(place)
        return places


def _near(
    taken: list[tuple[float, float, float]],
    radius: float,
    bounds: tuple[float, float, float, float],
) -> list[tuple[float, float, float]]:
    """The placed bubbles that a bubble of ``radius`` anywhere in ``bounds`` could reach:
    those of its quadrant and the ones just beyond its edges, not the whole field."""
    x_from, x_to, y_from, y_to = bounds
    near = []
    for ox, oy, other in taken:
        reach = radius + other + GAP
        if x_from - reach < ox < x_to + reach and y_from - reach < oy < y_to + reach:
            near.append((ox, oy, other))
    return near


def _first_free(
    places: _Places, radius: float, near: list[tuple[float, float, float]]
) -> tuple[float, float] | None:
    """The first of ``places`` that no bubble in ``near`` covers, if any."""
    index = places.start
    blocker = near[0] if near else (0.0, 0.0, -math.inf)
    while index < len(places.places) or places.more():
        for x, y in places.places[index:]:
            # the bubble that covered the last place mostly covers this one too: asked first
            ox, oy, other = blocker
            if math.hypot(x - ox, y - oy) >= radius + other + GAP:
                for candidate in near:
                    ox, oy, other = candidate
                    limit = radius + other + GAP
                    dx, dy = x - ox, y - oy
                    if -limit < dx < limit and -limit < dy < limit and math.hypot(dx, dy) < limit:
                        blocker = candidate
                        break
                else:
                    places.start = index
                    return x, y
            index += 1
    places.start = index
    return None


def _least_covered(
    places: _Places, radius: float, taken: list[tuple[float, float, float]]
) -> tuple[float, float]:
    """The place (of the coarse ones) where a bubble covers the others least; the nearest
    to its spot of equal ones. How far it would reach into the others at each place is kept
    and brought up to date with the bubbles placed since (it only grows)."""
    coarse = places.coarse
    cover = places.cover or [0.0] * len(coarse)
    for ox, oy, other in _near(taken[places.covered :], radius, places.bounds):
        limit = radius + other + GAP
        cover = [
            deepest if deepest >= (reach := limit - math.hypot(x - ox, y - oy)) else reach
            for deepest, (x, y) in zip(cover, coarse, strict=True)
        ]
    places.cover, places.covered = cover, len(taken)
    least = min(cover)
    best = coarse[cover.index(least)]
    # then closer to where it covers least, in ever smaller steps about the best so far
    x, y = best
    near = sorted(  # the nearest first: they rule out a place soonest
        _near(taken, radius, places.bounds),
        key=lambda bubble: (bubble[0] - x) ** 2 + (bubble[1] - y) ** 2,
    )
    step = RING_STEP * COARSE / 2
    while least > 0 and step >= 0.75:
        x, y = best
        for dx, dy in _COMPASS:
            place = _inside(x + step * dx, y + step * dy, places.bounds)
            overlap = _overlap(*place, radius, near, least - 1e-9)
            if overlap < least - 1e-9:
                best, least = place, overlap
        if best == (x, y):
            step /= 2
    return best


def _spread(
    placed: Sequence[tuple[Point, float, float]],
    box: tuple[float, float, float, float, float, float],
) -> list[tuple[Point, float, float]]:
    """Bubbles that would cover one another are moved apart, each as little as it takes and
    never out of its quadrant, so that every one stays visible and its mark readable.

    ``box`` is (left, top, middle x, middle y, right, bottom) of the field. The largest
    bubbles are placed first, on their own spots where free; each other one takes the free
    place nearest its spot (on rings around it), or, in a quadrant too crowded for that, the
    place where it covers the least (on fewer rings).

    Cheap enough for a page of 50 bubbles crowded on a few spots: each is tested only against
    the bubbles near its quadrant, and bubbles of the same spot and size share their places,
    so that each place is found covered once, not once for every such bubble."""
    left, top, mid_x, mid_y, right, bottom = box
    order = sorted(range(len(placed)), key=lambda i: (-placed[i][0].radius, i))
    taken: list[tuple[float, float, float]] = []
    result = list(placed)
    searches: dict[tuple[float, float, float], _Places] = {}
    for index in order:
        point, x, y = placed[index]
        radius = point.radius
        places = searches.get((x, y, radius))
        if places is None:
            # the quadrant of its spot (on the middle line counts as the upper or right half)
            x_low, x_high = (mid_x, right) if x >= mid_x else (left, mid_x)
            y_low, y_high = (top, mid_y) if y <= mid_y else (mid_y, bottom)
            bounds = (x_low + radius, x_high - radius, y_low + radius, y_high - radius)
            places = searches[(x, y, radius)] = _Places(x, y, bounds)
        # the nearest to its spot first: they are the likeliest to cover the places tried
        near = sorted(
            _near(taken, radius, places.bounds),
            key=lambda bubble: (bubble[0] - x) ** 2 + (bubble[1] - y) ** 2,
        )
        best = _first_free(places, radius, near)
        if best is None:
            best = _least_covered(places, radius, taken)
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
