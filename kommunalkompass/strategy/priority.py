"""How a measure's benefit and priority follow from its scores (docs/strategy.md)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    Value,
    When,
)
from django.db.models.functions import Greatest

from .models import BENEFIT_CRITERIA, Measure

HIGH_FROM = 3.0
MEDIUM_FROM = 1.5


def weighted_benefit(measure: Measure, weights: dict[str, int]) -> float:
    """The benefit on the 0–5 scale: the criteria scores weighted by the strategy's weights."""
    total = sum(weights.values())
    if not total:
        return 0.0
    return benefit_points(measure, weights) / total


def priority_score(measure: Measure, weights: dict[str, int]) -> float:
    """Benefit discounted by effort and risk: benefit × (6 − (effort + risk) / 2) / 5, 0–5."""
    return weighted_benefit(measure, weights) * (6 - (measure.effort + measure.risk) / 2) / 5


def benefit_points(measure: Measure, weights: dict[str, int]) -> int:
    """The weighted sum of the criteria scores: the benefit times the sum of the weights."""
    return sum(getattr(measure, f"benefit_{key}") * weights[key] for key, _ in BENEFIT_CRITERIA)


def derived_priority(measure: Measure, weights: dict[str, int]) -> str:
    """High from a score of 3, medium from 1.5, low below; a legal obligation scored 5 is
    always high (it has to be done, and usually by a deadline).

    Compared in whole numbers (score × 10 × the sum of the weights), as the database does in
    ``priority_expressions``: a score of exactly 3 is high here and there, whatever the
    rounding of a division."""
    if measure.benefit_legal == 5:
        return Measure.Priority.HIGH
    total = sum(weights.values())
    merit = benefit_points(measure, weights) * (12 - measure.effort - measure.risk)
    if total and merit >= round(HIGH_FROM * 10) * total:
        return Measure.Priority.HIGH
    if total and merit >= round(MEDIUM_FROM * 10) * total:
        return Measure.Priority.MEDIUM
    return Measure.Priority.LOW


def priority(measure: Measure, weights: dict[str, int]) -> str:
    """The priority that counts: the manual override where there is one."""
    return measure.priority_override or derived_priority(measure, weights)


def total_cost(measure: Measure) -> Decimal:
    """One-time cost plus the annual cost for each year the measure runs (at least one)."""
    years = max(1, -(-measure.duration_quarters // 4))
    return measure.one_time_cost + measure.annual_cost * years


# The rank of each priority in the list's default order: high first.
PRIORITY_RANK: dict[str, int] = {
    Measure.Priority.HIGH: 0,
    Measure.Priority.MEDIUM: 1,
    Measure.Priority.LOW: 2,
}


def priority_expressions(weights: dict[str, int]) -> dict[str, Expression]:
    """The figures above as database expressions, to filter, order and page the measure list
    in the database instead of reading every measure (annotate a ``Measure`` queryset with
    them, in this order):

    - ``figure_points``: ``benefit_points`` (orders like the benefit);
    - ``figure_merit``: points × (12 − effort − risk), which orders like the priority score
      (score = merit / (10 × the sum of the weights)) in whole numbers;
    - ``figure_rank``: ``PRIORITY_RANK`` of ``priority`` (the override, else derived);
    - ``figure_cost``: ``total_cost``."""
    total = sum(weights.values())
    points: Expression = Value(0)
    for key, _label in BENEFIT_CRITERIA:
        if total and weights[key]:
            points = points + F(f"benefit_{key}") * weights[key]
    whens = [
        When(priority_override=priority, then=Value(rank))
        for priority, rank in PRIORITY_RANK.items()
    ]
    whens.append(When(benefit_legal=5, then=Value(PRIORITY_RANK[Measure.Priority.HIGH])))
    if total:
        whens += [
            When(
                figure_merit__gte=round(HIGH_FROM * 10) * total,
                then=Value(PRIORITY_RANK[Measure.Priority.HIGH]),
            ),
            When(
                figure_merit__gte=round(MEDIUM_FROM * 10) * total,
                then=Value(PRIORITY_RANK[Measure.Priority.MEDIUM]),
            ),
        ]
    years = Greatest(Value(1), (F("duration_quarters") + Value(3)) / Value(4))
    return {
        "figure_points": ExpressionWrapper(points, output_field=IntegerField()),
        "figure_merit": ExpressionWrapper(
            F("figure_points") * (Value(12) - F("effort") - F("risk")),
            output_field=IntegerField(),
        ),
        "figure_rank": Case(
            *whens,
            default=Value(PRIORITY_RANK[Measure.Priority.LOW]),
            output_field=IntegerField(),
        ),
        "figure_cost": ExpressionWrapper(
            F("one_time_cost") + F("annual_cost") * years,
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
    }
