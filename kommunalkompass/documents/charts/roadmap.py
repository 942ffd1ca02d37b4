"""Roadmap (Gantt chart) by quarter: a bar per measure, dependency arrows, milestones."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import total_ordering

from ..model import Column, Table
from . import svg as draw
from .base import WIDTH, ChartBase, GroupColours, legend, legend_height
from .svg import Canvas

LABEL_SIZE = draw.LABEL
ROW = 26.0
ROW_WRAPPED = 34.0  # a row whose label takes two lines
BAR = 14.0
_QUARTER = re.compile(r"^\s*Q([1-4])\s*/?\s*(\d{4})\s*$", re.IGNORECASE)


@total_ordering
@dataclass(frozen=True)
class Quarter:
    """A calendar quarter, e.g. ``Quarter(2027, 1)``, written "Q1 2027"."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"A quarter is numbered 1 to 4, not {self.number}.")

    @classmethod
    def of(cls, value: Quarter | datetime.date | str) -> Quarter:
        """The quarter of a date, or parsed from "Q1 2027" (also "Q1/2027")."""
        if isinstance(value, Quarter):
            return value
        if isinstance(value, datetime.date):
            return cls(value.year, (value.month - 1) // 3 + 1)
        if isinstance(value, str) and (match := _QUARTER.match(value)):
            return cls(int(match.group(2)), int(match.group(1)))
        raise ValueError(f"{value!r} is not a quarter (write it as 'Q1 2027' or give a date).")

    @property
    def index(self) -> int:
        return self.year * 4 + self.number - 1

    @classmethod
    def from_index(cls, index: int) -> Quarter:
        return cls(index // 4, index % 4 + 1)

    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    def __lt__(self, other: Quarter) -> bool:
        return self.index < other.index

    def __str__(self) -> str:
        return f"Q{self.number} {self.year}"


When = Quarter | datetime.date | str


@dataclass(frozen=True)
class RoadmapItem:
    """A measure from the start of quarter ``start`` to the end of quarter ``end``.

    ``depends_on`` names the ``key`` (by default the label) of the measures it waits for;
    ``group`` (e.g. the field of action) colours the bar.
    """

    label: str
    start: When
    end: When
    depends_on: Sequence[str] = ()
    group: str = ""
    key: str = ""

    def __post_init__(self) -> None:
        # one prerequisite may be given as a plain string
        refs = (self.depends_on,) if isinstance(self.depends_on, str) else tuple(self.depends_on)
        object.__setattr__(self, "depends_on", refs)

    @property
    def ref(self) -> str:
        return self.key or self.label


@dataclass(frozen=True)
class Milestone:
    """A point in time: a quarter (drawn in its middle) or an exact date."""

    label: str
    when: When


@dataclass(frozen=True)
class RoadmapChart(ChartBase):
    """Measures as bars over quarters; the period runs from the first to the last quarter used,
    or over ``period`` (first, last) when given (everything must then lie inside it)."""

    title: str
    items: Sequence[RoadmapItem]
    milestones: Sequence[Milestone] = ()
    language: str = "de"
    period: tuple[When, When] | None = None
    # Wider than a page for a web page that has the room (the labels and quarters get it).
    width: float = WIDTH
    # For a page where bars can be dragged: each bar carries its key and first quarter.
    draggable: bool = False
    _spans: tuple[tuple[Quarter, Quarter], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "milestones", tuple(self.milestones))
        self._check_basics()
        if not self.items and not self.milestones:
            self._fail("no measures or milestones to draw (empty data).")
        self._check_labels([item.label for item in self.items], "measure")
        self._check_labels([milestone.label for milestone in self.milestones], "milestone")
        spans = []
        for item in self.items:
            where = f"measure {item.label!r}"
            start, end = self._quarter(item.start, where), self._quarter(item.end, where)
            if end < start:
                self._fail(f"measure {item.label!r} ends ({end}) before it starts ({start}).")
            spans.append((start, end))
        object.__setattr__(self, "_spans", tuple(spans))
        for milestone in self.milestones:
            self._quarter(milestone.when, f"milestone {milestone.label!r}")
        refs = [item.ref for item in self.items]
        duplicates = sorted({ref for ref in refs if refs.count(ref) > 1})
        if duplicates:
            self._fail(f"measures must have distinct keys; {duplicates[0]!r} appears twice.")
        for item in self.items:
            for ref in item.depends_on:
                if ref == item.ref:
                    self._fail(f"measure {item.label!r} depends on itself.")
                if ref not in refs:
                    self._fail(f"measure {item.label!r} depends on unknown measure {ref!r}.")
        if self.period is not None:
            first, last = (self._quarter(when, "the period") for when in self.period)
            if last < first:
                self._fail(f"the period ends ({last}) before it starts ({first}).")
            for item, (start, end) in zip(self.items, self._spans, strict=True):
                if start < first or last < end:
                    self._fail(f"measure {item.label!r} ({start}–{end}) lies outside the period.")
            for milestone in self.milestones:
                if not first <= Quarter.of(milestone.when) <= last:
                    self._fail(f"milestone {milestone.label!r} lies outside the period.")

    def _canvas(self, height: float) -> Canvas:
        return draw.Canvas(
            self.width, height, title=self.title, description=self.alt_text(),
            language=self.language,
        )  # fmt: skip

    def _quarter(self, value: object, where: str) -> Quarter:
        try:
            return Quarter.of(value)  # type: ignore[arg-type]
        except ValueError as error:
            self._fail(f"{where}: {error}")

    # -- the time axis ----------------------------------------------------------------
    def quarters(self) -> list[Quarter]:
        """Every quarter shown, in order."""
        if self.period is not None:
            first, last = (Quarter.of(when) for when in self.period)
        else:
            used = [q for span in self._spans for q in span]
            used += [Quarter.of(milestone.when) for milestone in self.milestones]
            first, last = min(used), max(used)
        return [Quarter.from_index(i) for i in range(first.index, last.index + 1)]

    def _position(self, when: When, first: Quarter) -> float:
        """Where ``when`` falls, in quarters from the start of ``first`` (dates exactly)."""
        quarter = Quarter.of(when)
        offset = quarter.index - first.index
        if isinstance(when, datetime.date):
            start = quarter.first_day()
            following = Quarter.from_index(quarter.index + 1).first_day()
            return offset + (when - start).days / (following - start).days
        return offset + 0.5

    def _when_text(self, when: When) -> str:
        if isinstance(when, datetime.date):
            return when.strftime("%d.%m.%Y") if self.language == "de" else when.isoformat()
        return str(Quarter.of(when))

    # -- text alternatives ------------------------------------------------------------
    def alt_text(self) -> str:
        quarters = self.quarters()
        dependencies = sum(len(item.depends_on) for item in self.items)
        sentences = [
            self._t(
                "roadmap_summary",
                first=quarters[0],
                last=quarters[-1],
                count=len(self.items),
                dependencies=dependencies,
                milestones=len(self.milestones),
            )
        ]
        if self.items:
            first = min(range(len(self.items)), key=lambda i: self._spans[i][0])
            last = max(range(len(self.items)), key=lambda i: self._spans[i][1])
            sentences.append(
                self._t(
                    "roadmap_span",
                    first_name=draw.clean(self.items[first].label),
                    first=self._spans[first][0],
                    last_name=draw.clean(self.items[last].label),
                    last=self._spans[last][1],
                )
            )
        if self.milestones:
            listed = [f"{draw.clean(m.label)} ({self._when_text(m.when)})" for m in self.milestones]
            sentences.append(self._t("roadmap_milestones", items=", ".join(listed)))
        return " ".join(sentences)

    def data_table(self) -> Table:
        grouped = any(item.group for item in self.items)
        labels = {item.ref: draw.clean(item.label) for item in self.items}
        columns = [
            Column(self._t("entry")),
            Column(self._t("kind")),
            *([Column(self._t("group"))] if grouped else []),
            Column(self._t("start")),
            Column(self._t("end")),
            Column(self._t("depends_on")),
        ]
        rows: list[list[object]] = [
            [
                draw.clean(item.label),
                self._t("measure"),
                *([draw.clean(item.group)] if grouped else []),
                str(start),
                str(end),
                ", ".join(labels[ref] for ref in item.depends_on),
            ]
            for item, (start, end) in zip(self.items, self._spans, strict=True)
        ]
        rows += [
            [
                draw.clean(milestone.label),
                self._t("milestone"),
                *([""] if grouped else []),
                self._when_text(milestone.when),
                "",
                "",
            ]
            for milestone in self.milestones
        ]
        return Table(columns=columns, rows=rows, caption=draw.clean(self.title))  # type: ignore[arg-type]

    # -- drawing ----------------------------------------------------------------------
    def _draw(self) -> Canvas:
        quarters = self.quarters()
        first = quarters[0]
        colour_of = GroupColours([item.group for item in self.items], self.language)
        width = self.width
        label_width = max(190.0, min(360.0, width * 0.3))
        left, right = 20 + label_width + 10, width - 16
        column = (right - left) / len(quarters)
        labels = [
            draw.wrap(item.label, label_width, LABEL_SIZE, max_lines=2) for item in self.items
        ]
        row_h = ROW_WRAPPED if any(len(lines) > 1 for lines in labels) else ROW
        header = 44.0
        top = 12 + header
        bottom = top + len(self.items) * row_h + len(self.milestones) * ROW
        bottom += 6 if self.milestones and self.items else 0
        entries = colour_of.legend()
        if self.milestones:
            entries.append((self._t("milestone"), {"diamond": True}))
        if any(item.depends_on for item in self.items):
            entries.append((self._t("dependency"), {"arrow": True}))
        legend_h = legend_height(entries, width - 40) if entries else 0
        canvas = self._canvas(bottom + 14 + legend_h + 8)

        def x_of(position: float) -> float:
            return left + position * column

        # header: years above, quarters below; alternate years shaded
        years: dict[int, list[int]] = {}
        for index, quarter in enumerate(quarters):
            years.setdefault(quarter.year, []).append(index)
        for number, (year, indices) in enumerate(years.items()):
            x0, x1 = x_of(indices[0]), x_of(indices[-1] + 1)
            if number % 2 == 0:
                canvas.rect(x0, 12, x1 - x0, bottom - 12, fill=draw.BAND)
            canvas.text(
                (x0 + x1) / 2,
                28,
                draw.truncate(str(year), x1 - x0, 12, bold=True),
                size=13,
                anchor="middle",
                weight="bold",
            )
            canvas.line(x0, 12, x0, bottom, stroke=draw.GRID)
        canvas.line(right, 12, right, bottom, stroke=draw.GRID)
        quarter_label = column >= 22
        for index, quarter in enumerate(quarters):
            if quarter_label or column >= 10:
                text = f"Q{quarter.number}" if quarter_label else str(quarter.number)
                canvas.text(
                    x_of(index + 0.5), 48, text, size=draw.SMALL, anchor="middle", fill=draw.MUTED
                )
        canvas.line(left, top, right, top, stroke=draw.AXIS)

        # milestone guide lines first, behind the bars
        offset = top + len(self.items) * row_h
        if self.milestones and self.items:
            canvas.line(20, offset + 3, right, offset + 3, stroke=draw.GRID)
            offset += 6
        for row, milestone in enumerate(self.milestones):
            x = x_of(self._position(milestone.when, first))
            canvas.line(
                x, top, x, offset + row * ROW + ROW / 2, stroke=draw.MUTED, stroke_dasharray="2 3"
            )

        # bars
        spans: dict[str, tuple[float, float, float]] = {}
        for row, (item, (start, end)) in enumerate(zip(self.items, self._spans, strict=True)):
            y = top + row * row_h + row_h / 2
            canvas.lines(20, y, labels[row], size=LABEL_SIZE, leading=1.15)
            x0 = x_of(start.index - first.index) + 2
            x1 = x_of(end.index - first.index + 1) - 2
            drag = (
                {
                    "data_roadmap_key": item.ref,
                    "data_roadmap_start": start.index - first.index,
                    "data_roadmap_column": column,
                }
                if self.draggable
                else {}
            )
            canvas.rect(
                x0,
                y - BAR / 2,
                x1 - x0,
                BAR,
                rx=3,
                class_="bar",
                fill=colour_of(item.group),
                **drag,
            )
            spans[item.ref] = (x0, x1, y)

        # dependency arrows: from the end of the prerequisite to the start of the measure
        bars = list(spans.values())
        for item in self.items:
            for ref in item.depends_on:
                target = spans[item.ref]
                self._arrow(canvas, spans[ref], (target[0], target[2]), bars, row_h)

        # milestones below the measures, a thin rule between
        for row, milestone in enumerate(self.milestones):
            y = offset + row * ROW + ROW / 2
            canvas.text(
                20,
                y,
                draw.truncate(milestone.label, label_width, LABEL_SIZE),
                size=LABEL_SIZE,
                middle=True,
                weight="bold",
            )
            x = x_of(self._position(milestone.when, first))
            canvas.marker(
                "diamond",
                x,
                y,
                13,
                fill=draw.TEXT,
                stroke=draw.SURFACE,
                class_="milestone",
                stroke_width=1.5,
            )

        if entries:
            legend(canvas, entries, x=20, y=bottom + 14, max_width=width - 40)
        return canvas

    def _arrow(
        self,
        canvas: Canvas,
        source: tuple[float, float, float],
        target: tuple[float, float],
        bars: list[tuple[float, float, float]],
        row_h: float,
    ) -> None:
        """From the prerequisite (start x, end x, y) down (or up) to the start of the measure.

        The connector runs down where it crosses the fewest bars of the rows between: from
        the prerequisite's bar (near its end, where it can) or on from its end, and enters the
        measure from the left. Where there is no room (the measure starts before the
        prerequisite ends), it detours between the rows. A white casing keeps it visible
        where it still has to cross a bar.
        """
        (x_start, x_end, y1), (x2, y2) = source, target
        direction = 1 if y2 >= y1 else -1
        low, high = min(y1, y2), max(y1, y2)
        between = [(b0, b1) for b0, b1, y in bars if low < y < high]

        def crossings(x: float) -> int:
            return sum(b0 - 1.5 <= x <= b1 + 1.5 for b0, b1 in between)

        preferred = min(x_end - 6, x2 - 12)
        first, last = x_start + 4, x2 - 10
        if last >= first:
            candidates = [first + (last - first) * step / 48 for step in range(49)]
            candidates.append(max(first, min(preferred, last)))
            elbow = min(candidates, key=lambda x: (crossings(x), abs(x - preferred)))
            edge = y1 + direction * BAR / 2
            if elbow <= x_end - 4:
                d = (
                    f"M{draw.number(elbow)} {draw.number(edge)}"
                    f"V{draw.number(y2)}H{draw.number(x2 - 1)}"
                )
            else:
                d = (
                    f"M{draw.number(x_end)} {draw.number(y1)}H{draw.number(elbow)}"
                    f"V{draw.number(y2)}H{draw.number(x2 - 1)}"
                )
        else:
            middle = y2 - direction * row_h / 2
            d = (
                f"M{draw.number(x_end)} {draw.number(y1)}h6V{draw.number(middle)}"
                f"H{draw.number(x2 - 12)}V{draw.number(y2)}H{draw.number(x2 - 1)}"
            )
        canvas.open_group(class_="dependency")
        canvas.path(d, fill="none", stroke=draw.SURFACE, stroke_width=3.5)
        canvas.path(d, fill="none", stroke=draw.TEXT, stroke_width=1.25)
        canvas.arrowhead(x2, y2, 0, size=6.5, fill=draw.TEXT)
        canvas.close_group()
