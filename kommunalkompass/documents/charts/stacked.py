"""Shares of a whole: one horizontal bar per category, split into its parts (100 %)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..formatting import format_percent
from ..model import Column, NumberFormat, Table
from . import svg as draw
from .base import WIDTH, ChartBase, Series, legend, legend_height
from .svg import Canvas
from .texts import join

BAR = 18.0
GAP = 10.0
LABEL_WIDTH = 200.0
MAX_PARTS = len(draw.SERIES_COLOURS)
# A segment narrower than this carries no share label (the table has it).
MIN_LABELLED = 34.0


@dataclass(frozen=True)
class StackedBarChart(ChartBase):
    """For each category the counts of its parts (``parts``: one ``Series`` per part, a count
    per category), drawn as shares of the category's total. A category without any count
    is drawn as "no data"."""

    title: str
    categories: Sequence[str]
    parts: Sequence[Series]
    language: str = "de"
    category_label: str = ""
    # The last part is what remains (e.g. "not yet online"): drawn in neutral grey.
    rest_last: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "parts", tuple(self.parts))
        self._check_basics()
        if not self.categories:
            self._fail("no categories to draw (empty data).")
        self._check_labels(self.categories, "category")
        if not self.parts:
            self._fail("no parts to draw (empty data).")
        if len(self.parts) > MAX_PARTS:
            self._fail(f"at most {MAX_PARTS} parts can be told apart, got {len(self.parts)}.")
        self._check_labels([part.name for part in self.parts], "part")
        for part in self.parts:
            if len(part.values) != len(self.categories):
                self._fail(
                    f"part {part.name!r} has {len(part.values)} values "
                    f"for {len(self.categories)} categories."
                )
            for category, value in zip(self.categories, part.values, strict=True):
                self._number(
                    0 if value is None else value, f"{part.name!r}, {category!r}", 0, float("inf")
                )
        if not any(self._total(index) for index in range(len(self.categories))):
            self._fail("every count is zero (empty data).")

    def _count(self, part: Series, index: int) -> float:
        value = part.values[index]
        return 0.0 if value is None else float(value)

    def _total(self, index: int) -> float:
        return sum(self._count(part, index) for part in self.parts)

    def _colour(self, number: int) -> str:
        if self.rest_last and number == len(self.parts) - 1:
            return draw.UNGROUPED
        return draw.SERIES_COLOURS[number]

    def share(self, part: Series, index: int) -> float | None:
        """The part's share of category ``index`` (0–1), None without any count."""
        total = self._total(index)
        return self._count(part, index) / total if total else None

    # -- text alternatives ------------------------------------------------------------
    def alt_text(self) -> str:
        sentences = [self._t("stacked_summary", count=len(self.categories), parts=len(self.parts))]
        for index, category in enumerate(self.categories):
            if not self._total(index):
                continue
            shares = [
                self._t("share_of", name=draw.clean(part.name), share=self._percent(part, index))
                for part in self.parts
            ]
            sentences.append(f"{draw.clean(category)}: {join(shares, self.language, 9)}.")
        return " ".join(sentences)

    def _percent(self, part: Series, index: int) -> str:
        return format_percent(self.share(part, index) or 0.0, 0, self.language)

    def data_table(self) -> Table:
        columns = [Column(self.category_label or self._t("category"))]
        for part in self.parts:
            columns.append(Column(draw.clean(part.name), NumberFormat.INTEGER))
            columns.append(
                Column(self._t("share_column", name=draw.clean(part.name)), NumberFormat.PERCENT)
            )
        rows = []
        for index, category in enumerate(self.categories):
            row: list = [draw.clean(category)]
            for part in self.parts:
                row += [int(self._count(part, index)), self.share(part, index)]
            rows.append(row)
        return Table(columns=columns, rows=rows, caption=draw.clean(self.title))

    # -- drawing ----------------------------------------------------------------------
    def _draw(self) -> Canvas:
        entries = [
            (part.name, {"colour": self._colour(index)}) for index, part in enumerate(self.parts)
        ]
        top = 16 + legend_height(entries, WIDTH - 40) + 10
        left, right = 20 + LABEL_WIDTH + 12, WIDTH - 20
        height = len(self.categories) * (BAR + GAP) + GAP
        canvas = self._canvas(top + height + 26)
        legend(canvas, entries, x=20, y=16, max_width=WIDTH - 40)
        bottom = top + height
        for tick in (0, 25, 50, 75, 100):
            x = left + (right - left) * tick / 100
            canvas.line(x, top, x, bottom, stroke=draw.GRID)
            canvas.text(x, bottom + 16, f"{tick} %", size=draw.SMALL, fill=draw.MUTED,
                        anchor="middle")  # fmt: skip
        y = top + GAP
        for index, category in enumerate(self.categories):
            canvas.lines(left - 12, y + BAR / 2,
                         draw.wrap(category, LABEL_WIDTH, draw.LABEL, max_lines=2),
                         size=draw.LABEL, anchor="end", fill=draw.TEXT)  # fmt: skip
            if not self._total(index):
                canvas.text(left + 6, y + BAR / 2, self._t("no_data"), size=draw.TINY,
                            fill=draw.MUTED, middle=True, font_style="italic")  # fmt: skip
                y += BAR + GAP
                continue
            x = left
            for number, part in enumerate(self.parts):
                width = (right - left) * (self.share(part, index) or 0.0)
                if width <= 0:
                    continue
                colour = self._colour(number)
                canvas.rect(x, y, width, BAR, fill=colour, stroke=draw.SURFACE,
                            stroke_width=1, class_="segment")  # fmt: skip
                if width >= MIN_LABELLED:
                    canvas.text(x + width / 2, y + BAR / 2, self._percent(part, index),
                                size=draw.TINY, fill=draw.text_colour_on(colour),
                                anchor="middle", middle=True)  # fmt: skip
                x += width
            y += BAR + GAP
        return canvas
