"""The strategy's charts, shared by its pages and its document."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kommunalkompass.documents.charts import (
    GroupedBarChart,
    LineChart,
    Milestone,
    PortfolioItem,
    PortfolioMatrix,
    Quarter,
    RoadmapChart,
    RoadmapItem,
    Series,
    TrajectoryChart,
)
from kommunalkompass.documents.charts.base import scale_top
from kommunalkompass.documents.model import Figure

from . import roadmap
from .models import Measure, Strategy


def roadmap_figure(
    strategy: Strategy,
    measures: list[Measure],
    language: str,
    *,
    width: float | None = None,
    draggable: bool = False,
) -> Figure | None:
    """The Gantt chart: each measure of the horizon as a bar, by start (then end and number)
    so that arrows for dependencies mostly lead down and across few bars. ``width`` for a page
    wider than the printed one; ``draggable`` marks the bars for moving them on the page."""
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
    measures = sorted(
        (m for m in measures if m.pk in spans), key=lambda m: (*spans[m.pk], m.number)
    )
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
            **({"width": width} if width else {}),
            draggable=draggable,
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
                    label=row.measure.title,
                    code=row.measure.code,
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


def status_figure(by_status: list[tuple], language: str) -> Figure | None:
    """The measures by status, as bars (``by_status`` from ``MeasureTally.by_status``)."""
    counts = [count for _value, _label, count in by_status]
    if not any(counts):
        return None
    return Figure(
        GroupedBarChart(
            title=_("Measures by status"),
            categories=[str(label) for _value, label, _count in by_status],
            series=[Series(_("Measures"), counts)],
            language=language,
            scale_max=scale_top(max(counts), whole=True),
            decimals=0,
            category_label=_("Status"),
        ),
        caption=_("Measures by status"),
    )


def budget_figure(years: list[dict], language: str) -> Figure | None:
    """Per year of the horizon: the budget, the cost the roadmap plans and the money spent
    (``years`` from ``selectors.dashboard``), as grouped bars in euros."""
    if not any(year["planned"] or year["spent"] or year["budget"] for year in years):
        return None
    budgets = [year["budget"] for year in years]
    largest = max(
        float(value)
        for year in years
        for value in (year["budget"], year["planned"], year["spent"])
        if value is not None
    )
    return Figure(
        GroupedBarChart(
            title=_("Budget, planned cost and money spent per year (EUR)"),
            categories=[str(year["year"]) for year in years],
            series=[
                Series(_("Budget (EUR)"), budgets),
                Series(_("Planned cost (EUR)"), [year["planned"] for year in years]),
                Series(_("Spent (EUR)"), [year["spent"] for year in years]),
            ],
            language=language,
            scale_max=scale_top(largest),
            decimals=0,
            category_label=_("Year"),
        ),
        caption=_(
            "Per year: the budget (none set: n/a), the cost of the measures the roadmap plans "
            "in it and the money spent according to the status reports, in euros."
        ),
    )


def burn_up_figure(points, language: str) -> Figure | None:
    """Completed measures, counted up by quarter, against the scope (``points`` from
    ``selectors.burn_up``), as lines."""
    if not points or all(point.completed is None for point in points):
        return None
    return Figure(
        LineChart(
            title=_("Completed measures against the scope (burn-up)"),
            periods=[point.label for point in points],
            series=[
                Series(_("Completed (cumulative)"), [point.completed for point in points]),
                Series(_("Scope"), [point.scope for point in points]),
            ],
            language=language,
            scale_max=scale_top(max(point.scope for point in points), whole=True),
            period_label=_("Quarter"),
        ),
        caption=_(
            "Measures completed by the end of each quarter (the date of the status report "
            "that set them to completed, else their end date), against the measures the "
            "strategy carries out today: planned, in progress or completed."
        ),
    )
