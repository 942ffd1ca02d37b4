"""Reads of the strategy module, each page a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from .models import FieldOfAction, Goal, Indicator, IndicatorValue, Measure, Strategy
from .priority import priority, priority_score, total_cost, weighted_benefit


def current_strategy(*, organisation) -> Strategy | None:
    return (
        Strategy.objects.for_organisation(organisation)
        .filter(is_current=True)
        .prefetch_related("assessments")
        .first()
    )


def strategy_list(*, organisation) -> QuerySet[Strategy]:
    return Strategy.objects.for_organisation(organisation)


def fields_of(strategy: Strategy) -> list[FieldOfAction]:
    return list(strategy.fields.all())


def goals_with_indicators(strategy: Strategy) -> list[Goal]:
    """Goals with their field, indicators and measured values (three queries)."""
    return list(
        strategy.goals.select_related("field").prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("values", queryset=IndicatorValue.objects.order_by("measured_on"))
                ),
            )
        )
    )


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    benefit: float
    score: float
    priority: str
    cost: Decimal

    @property
    def priority_label(self) -> str:
        return Measure.Priority(self.priority).label


def measure_rows(
    *,
    strategy: Strategy,
    field: int | None = None,
    status: str = "",
    department: int | None = None,
    priority_filter: str = "",
) -> list[MeasureRow]:
    """The measures, filtered, ranked by priority and then by priority score."""
    measures = (
        strategy.measures.select_related("lead_department")
        .prefetch_related("fields", "depends_on")
        .order_by("number")
    )
    if field:
        measures = measures.filter(fields=field)
    if status:
        measures = measures.filter(status=status)
    if department:
        measures = measures.filter(lead_department=department)
    weights = strategy.benefit_weights()
    rows = [
        MeasureRow(
            measure=m,
            benefit=weighted_benefit(m, weights),
            score=priority_score(m, weights),
            priority=priority(m, weights),
            cost=total_cost(m),
        )
        for m in measures
    ]
    if priority_filter:
        rows = [row for row in rows if row.priority == priority_filter]
    rank = {Measure.Priority.HIGH: 0, Measure.Priority.MEDIUM: 1, Measure.Priority.LOW: 2}
    return sorted(rows, key=lambda row: (rank[row.priority], -row.score, row.measure.number))


def measure_counts(*, strategy: Strategy) -> dict[str, int]:
    """Measures per status (one query)."""
    counts = Counter(strategy.measures.values_list("status", flat=True))
    return {status: counts.get(status, 0) for status in Measure.Status.values}


def measure_detail(*, strategy: Strategy, pk: int) -> Measure:
    return (
        strategy.measures.select_related("lead_department", "source_assessment")
        .prefetch_related("fields", "goals", "depends_on", "dependents", "updates__author")
        .get(pk=pk)
    )
