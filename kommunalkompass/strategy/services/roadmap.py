"""Writes of the roadmap: a computed plan and a measure moved by hand, stored on the measures.

The planning itself is ``strategy/roadmap.py`` (which writes nothing); the yearly budgets
and capacities it plans within are ``strategies.strategy_set_limits``.
"""

from __future__ import annotations

from django.db import transaction

from kommunalkompass.accounts.models import User
from kommunalkompass.audit.services import audit_record

from .. import roadmap
from ..models import Measure, Strategy


@transaction.atomic
def roadmap_compute(*, actor: User | None, strategy: Strategy) -> roadmap.Plan:
    """Schedule the active measures and store each planned start; clears the unplanned.
    Measures fixed by hand keep their start."""
    measures = roadmap.measures_of(strategy)
    plan = roadmap.plan(strategy, measures)
    changed = []
    for measure in measures:
        if measure.status not in roadmap.ACTIVE:
            continue
        quarter = plan.schedule.starts.get(measure.pk)
        reason = plan.schedule.unplanned.get(measure.pk, "")
        if (measure.planned_quarter, measure.unplanned_reason) != (quarter, reason):
            measure.planned_quarter, measure.unplanned_reason = quarter, reason
            changed.append(measure)
    Measure.objects.bulk_update(changed, ["planned_quarter", "unplanned_reason"])
    audit_record(
        actor=actor,
        organisation=strategy.organisation,
        action="update",
        obj=strategy,
        changes={
            "roadmap": [
                None,
                {"planned": len(plan.schedule.starts), "unplanned": len(plan.schedule.unplanned)},
            ]
        },
    )
    return plan


@transaction.atomic
def measure_move(
    *, actor: User | None, measure: Measure, quarter: int, pin: bool = True
) -> Measure:
    """Move a measure to start in ``quarter`` (and fix it there); refused, naming the rule,
    when the plan would then break a dependency, the horizon or a yearly limit."""
    strategy = measure.strategy
    roadmap.check_move(strategy, roadmap.measures_of(strategy), measure, quarter, pin)
    old = (measure.planned_quarter, measure.pinned)
    Measure.objects.filter(pk=measure.pk).update(
        planned_quarter=quarter, pinned=pin, unplanned_reason=""
    )
    measure.planned_quarter, measure.pinned = quarter, pin
    audit_record(
        actor=actor,
        organisation=strategy.organisation,
        action="update",
        obj=measure,
        changes={"planned_quarter": [old[0], quarter], "pinned": [old[1], pin]},
    )
    return measure
