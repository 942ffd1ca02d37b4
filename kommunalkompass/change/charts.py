"""The power/interest grid of the stakeholders with their movement: the grid of
``documents`` (one chart for the page, the PDF and the DOCX), plus an arrow from each
re-assessed stakeholder's previous position to the current one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kommunalkompass.documents.charts import GroupedBarChart, PowerInterestGrid, Series, Stakeholder
from kommunalkompass.documents.charts import svg as draw
from kommunalkompass.documents.charts.quadrants import LEFT, PLOT, TOP
from kommunalkompass.documents.charts.radar import MAX_SERIES
from kommunalkompass.documents.charts.svg import Canvas
from kommunalkompass.documents.formatting import format_date

from .selectors import GridPoint, TrendSeries

ARROW = "#5a6470"


@dataclass(frozen=True)
class MovementGrid(PowerInterestGrid):
    """``moves``: per stakeholder (in order) its previous (power, interest) or None."""

    moves: Sequence[tuple[float, float] | None] = ()

    def _draw(self) -> Canvas:
        canvas = super()._draw()
        pad = (self.scale_max - self.scale_min) * 0.1
        low, span = self.scale_min - pad, self.scale_max - self.scale_min + 2 * pad
        bottom = TOP + PLOT

        def position(interest: float, power: float) -> tuple[float, float]:
            return LEFT + PLOT * (interest - low) / span, bottom - PLOT * (power - low) / span

        for person, previous in zip(self.stakeholders, self.moves, strict=False):
            if previous is None or previous == (float(person.power), float(person.interest)):
                continue
            x1, y1 = position(previous[1], previous[0])
            x2, y2 = position(float(person.interest), float(person.power))
            length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
            ux, uy = (x2 - x1) / length, (y2 - y1) / length
            # stop at the edge of the current point's circle, with a small head
            ex, ey = x2 - ux * 12, y2 - uy * 12
            canvas.circle(x1, y1, 4, fill="none", stroke=ARROW, stroke_width=1.5)
            canvas.line(x1, y1, ex, ey, stroke=ARROW, stroke_width=1.5, stroke_dasharray="3 2")
            for side in (1, -1):
                hx = ex - ux * 7 + side * uy * 4
                hy = ey - uy * 7 - side * ux * 4
                canvas.line(ex, ey, hx, hy, stroke=ARROW, stroke_width=1.5)
        return canvas


def grid_chart(points: list[GridPoint], *, title: str, language: str) -> MovementGrid:
    """The grid of ``points``, coloured by attitude, with arrows for movements."""
    return MovementGrid(
        title=title,
        language=language,
        stakeholders=[
            Stakeholder(
                name=draw.clean(point.stakeholder.name),
                power=point.power,
                interest=point.interest,
                group=str(point.stakeholder.get_attitude_display()),
            )
            for point in points
        ],
        moves=[point.previous for point in points],
    )


def trend_chart(series: TrendSeries, *, title: str, language: str) -> GroupedBarChart | None:
    """Bars per ADKAR element, one colour per pulse with figures (the latest ones), hidden
    values empty; None when no pulse has figures that may be shown."""
    pulses = [(p, f) for p, f in series.pulses if not f.suppressed][-MAX_SERIES:]
    if not pulses:
        return None  # nothing to draw: no pulse has figures that may be shown
    first = pulses[0][1]
    return GroupedBarChart(
        title=title,
        language=language,
        categories=[element.name for element in first.elements],
        series=[
            Series(
                name=f"{pulse.assessment.title} ({format_date(pulse.created_at, language)})",
                values=[element.score for element in figures.elements],
            )
            for pulse, figures in pulses
        ],
        scale_min=1,
        scale_max=5,
    )
