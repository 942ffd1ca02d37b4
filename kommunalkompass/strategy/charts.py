"""The strategy's charts, shared by its pages and its document."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kommunalkompass.documents.charts import (
    Milestone,
    PortfolioItem,
    PortfolioMatrix,
    Quarter,
    RoadmapChart,
    RoadmapItem,
    TrajectoryChart,
)
from kommunalkompass.documents.model import Figure

from . import roadmap
from .models import Measure, Strategy


def roadmap_figure(strategy: Strategy, measures: list[Measure], language: str) -> Figure | None:
    """The Gantt chart: each measure of the horizon as a bar, arrows for dependencies."""
    last = strategy.horizon_years * 4 - 1
    spans = {}
    for measure in measures:
        if measure.status == Measure.Status.DROPPED:
            continue
        found = roadmap.span(strategy, measure)
        if found is None or found[1] < 0 or found[0] > last:
            continue
        spans[measure.pk] = (max(found[0], 0), min(found[1], last))
    if not spans:
        return None
    first_quarter = Quarter(strategy.start_year, 1)
    items = [
        RoadmapItem(
            label=f"{m.code} {m.title}",
            start=Quarter.from_index(first_quarter.index + spans[m.pk][0]),
            end=Quarter.from_index(first_quarter.index + spans[m.pk][1]),
            depends_on=[str(d.pk) for d in m.depends_on.all() if d.pk in spans],
            group=next(iter(f.name for f in m.fields.all()), ""),
            key=str(m.pk),
        )
        for m in measures
        if m.pk in spans
    ]
    milestones = []
    if strategy.agreed_on and strategy.agreed_on.year in strategy.years:
        milestones.append(Milestone(_("Strategy agreed"), strategy.agreed_on))
    return Figure(
        RoadmapChart(
            title=_("Roadmap %(first)d–%(last)d")
            % {"first": strategy.start_year, "last": strategy.end_year},
            items=items,
            milestones=milestones,
            language=language,
            period=(first_quarter, Quarter(strategy.end_year, 4)),
        ),
        caption=_("Measures by quarter; arrows lead from a measure to those that wait for it."),
    )


def portfolio_figure(rows, language: str) -> Figure | None:
    """Benefit against effort, bubbles by total cost (rows from ``selectors.measure_rows``)."""
    if not rows:
        return None
    return Figure(
        PortfolioMatrix(
            title=_("Benefit and effort of the measures"),
            items=[
                PortfolioItem(
                    label=f"{row.measure.code} {row.measure.title}",
                    benefit=row.benefit,
                    effort=row.measure.effort,
                    cost=row.cost,
                    group=next(iter(f.name for f in row.measure.fields.all()), ""),
                )
                for row in rows
            ],
            language=language,
            scale_min=0,
        ),
        caption=_(
            "Weighted benefit (0–5) against effort (1–5); the area of a bubble shows the "
            "total cost over the measure's years."
        ),
    )


def indicator_figure(indicator, values, language: str) -> Figure:
    """An indicator's measured values against the straight path from baseline to target."""
    return Figure(
        TrajectoryChart(
            title=indicator.name,
            start=indicator.baseline_date,
            baseline=indicator.baseline,
            end=indicator.target_date,
            target=indicator.target,
            values=[
                (v.measured_on, v.value)
                for v in values
                if indicator.baseline_date <= v.measured_on <= indicator.target_date
            ],
            unit=indicator.unit,
            language=language,
        ),
        caption=_("Dashed: the path from the baseline to the target; dots: measured values."),
    )
