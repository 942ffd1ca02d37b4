"""How a measure's benefit and priority follow from its scores (docs/strategy.md)."""

from __future__ import annotations

from decimal import Decimal

from .models import BENEFIT_CRITERIA, Measure

HIGH_FROM = 3.0
MEDIUM_FROM = 1.5


def weighted_benefit(measure: Measure, weights: dict[str, int]) -> float:
    """The benefit on the 0–5 scale: the criteria scores weighted by the strategy's weights."""
    total = sum(weights.values())
    if not total:
        return 0.0
    return (
        sum(getattr(measure, f"benefit_{key}") * weights[key] for key, _ in BENEFIT_CRITERIA)
        / total
    )


def priority_score(measure: Measure, weights: dict[str, int]) -> float:
    """Benefit discounted by effort and risk: benefit × (6 − (effort + risk) / 2) / 5, 0–5."""
    return weighted_benefit(measure, weights) * (6 - (measure.effort + measure.risk) / 2) / 5


def derived_priority(measure: Measure, weights: dict[str, int]) -> str:
    """High from a score of 3, medium from 1.5, low below; a legal obligation scored 5 is
    always high (it has to be done, and usually by a deadline)."""
    if measure.benefit_legal == 5:
        return Measure.Priority.HIGH
    score = priority_score(measure, weights)
    if score >= HIGH_FROM:
        return Measure.Priority.HIGH
    if score >= MEDIUM_FROM:
        return Measure.Priority.MEDIUM
    return Measure.Priority.LOW


def priority(measure: Measure, weights: dict[str, int]) -> str:
    """The priority that counts: the manual override where there is one."""
    return measure.priority_override or derived_priority(measure, weights)


def total_cost(measure: Measure) -> Decimal:
    """One-time cost plus the annual cost for each year the measure runs (at least one)."""
    years = max(1, -(-measure.duration_quarters // 4))
    return measure.one_time_cost + measure.annual_cost * years
