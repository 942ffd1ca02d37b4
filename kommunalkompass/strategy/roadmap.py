"""The roadmap of a strategy: measures placed in quarters of its horizon.

The scheduling itself is `scheduling.py` (pure, HiGHS); this module turns measures into its
tasks, plans them and checks a move by hand, and says in the user's language what did not
fit. It writes nothing: `services.roadmap_compute` and `services.measure_move` store a plan.
Quarter indexes count from the first quarter of the strategy's first year (0 = Q1 of
`start_year`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Measure, Strategy
from .priority import weighted_benefit
from .scheduling import Limits, Schedule, SchedulingError, Task, YearLoad, schedule, validate
from .scheduling import year_loads as _year_loads

REASONS = {
    "budget": gettext_lazy("the budget of the years it would run in is used up"),
    "capacity": gettext_lazy("the staff capacity of the years it would run in is used up"),
    "dependency": gettext_lazy("a measure it depends on does not fit"),
    "horizon": gettext_lazy("it does not end within the horizon"),
    "pinned_conflict": gettext_lazy("its fixed start breaks a rule"),
}
MIN_BENEFIT = 0.01
# Seconds the solver may take in a web request; the plan found by then is kept (its gap to
# the best possible plan is shown when it is not proven optimal).
TIME_LIMIT = 3.0
# Measures that are finished or dropped take no part in planning.
ACTIVE = (Measure.Status.IDEA, Measure.Status.PLANNED, Measure.Status.IN_PROGRESS)


def quarter_index(strategy: Strategy, day: datetime.date) -> int:
    return (day.year - strategy.start_year) * 4 + (day.month - 1) // 3


def quarter_label(strategy: Strategy, index: int) -> str:
    year, quarter = divmod(index, 4)
    return f"Q{quarter + 1} {strategy.start_year + year}"


def quarter_end(strategy: Strategy, index: int) -> datetime.date:
    """The last day of quarter ``index``."""
    year, quarter = divmod(index + 1, 4)
    return datetime.date(strategy.start_year + year, 3 * quarter + 1, 1) - datetime.timedelta(1)


def span(strategy: Strategy, measure: Measure) -> tuple[int, int] | None:
    """First and last quarter index of a measure: the plan, else its own dates."""
    if measure.planned_quarter is not None:
        first = measure.planned_quarter
        return first, first + measure.duration_quarters - 1
    if measure.start is not None:
        first = quarter_index(strategy, measure.start)
        last = (
            quarter_index(strategy, measure.end)
            if measure.end
            else first + measure.duration_quarters - 1
        )
        return first, max(first, last)
    return None


def _money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def limits_for(strategy: Strategy) -> Limits:
    years = strategy.years
    return Limits(
        quarters=strategy.horizon_years * 4,
        first_quarter=1,
        budgets=tuple(_money(strategy.budgets.get(str(y))) for y in years),
        capacities=tuple(
            float(strategy.capacities[str(y)])
            if strategy.capacities.get(str(y)) not in (None, "")
            else None
            for y in years
        ),
        first_year=strategy.start_year,
    )


def _tasks(strategy: Strategy, measures: list[Measure]) -> list[Task]:
    weights = strategy.benefit_weights()
    active = {m.pk for m in measures if m.status in ACTIVE}
    tasks = []
    horizon = strategy.horizon_years * 4
    for m in measures:
        if m.pk not in active:
            continue
        pinned = m.planned_quarter if m.pinned and m.planned_quarter is not None else None
        running = m.status == Measure.Status.IN_PROGRESS
        if pinned is None and running:
            # Running already: it keeps its start (the horizon's first quarter at the latest),
            # and what it waited for is history.
            started = quarter_index(strategy, m.start) if m.start else 0
            pinned = min(max(started, 0), max(horizon - m.duration_quarters, 0))
        earliest = (
            min(max(quarter_index(strategy, m.earliest_start), 0), horizon - 1)
            if m.earliest_start
            else 0
        )
        tasks.append(
            Task(
                key=m.pk,
                title=f"{m.code} {m.title}",
                duration=m.duration_quarters,
                # A measure nobody has scored yet still starts as early as the limits allow.
                benefit=max(weighted_benefit(m, weights), MIN_BENEFIT),
                one_time_cost=m.one_time_cost,
                annual_cost=m.annual_cost,
                person_days=float(m.person_days),
                depends_on=()
                if running
                else tuple(d.pk for d in m.depends_on.all() if d.pk in active),
                earliest=earliest,
                pinned=pinned,
            )
        )
    return tasks


def measures_of(strategy: Strategy) -> list[Measure]:
    """The strategy's measures with their dependencies, by number: what a plan is made of."""
    return list(strategy.measures.prefetch_related("depends_on").order_by("number"))


@dataclass(frozen=True)
class Plan:
    """A computed roadmap: the schedule, what it books per year, why measures did not fit."""

    schedule: Schedule
    loads: list[YearLoad]
    unplanned: list[tuple[Measure, str]]


def _error(error: SchedulingError, measures: dict[int, Measure]) -> ValidationError:
    if error.cycle:
        path = " → ".join(measures[k].code for k in error.cycle if k in measures)
        return ValidationError(
            _("These dependencies form a cycle: %(path)s.") % {"path": path}, code="cycle"
        )
    if error.key in measures:
        return ValidationError(
            _("Measure %(code)s cannot be planned: %(problem)s")
            % {"code": measures[error.key].code, "problem": str(error)},
            code="scheduling",
        )
    return ValidationError(str(error), code="scheduling")


def plan(strategy: Strategy, measures: list[Measure]) -> Plan:
    """Schedule the active ones of ``measures`` (from ``measures_of``) within the strategy's
    limits; refused, naming the cycle or the measure, when they cannot be planned."""
    by_key = {m.pk: m for m in measures}
    tasks = _tasks(strategy, measures)
    limits = limits_for(strategy)
    try:
        result = schedule(tasks, limits, time_limit=TIME_LIMIT)
    except SchedulingError as error:
        raise _error(error, by_key) from None
    return Plan(
        schedule=result,
        loads=_year_loads(tasks, limits, result.starts),
        unplanned=[(by_key[k], str(REASONS[reason])) for k, reason in result.unplanned.items()],
    )


def loads(strategy: Strategy, measures: list[Measure] | None = None) -> list[YearLoad]:
    """What the stored plan books per year against the budgets and capacities."""
    measures = measures if measures is not None else measures_of(strategy)
    limits = limits_for(strategy)
    # What a measure books depends on its own quarters only. One longer than the horizon
    # cannot be in a plan (computing one says so), and dependencies do not matter here:
    # neither may stop the stored plan from being read.
    tasks = [
        replace(task, depends_on=())
        for task in _tasks(strategy, measures)
        if task.duration <= limits.quarters
    ]
    starts = {
        m.pk: m.planned_quarter
        for m in measures
        if m.planned_quarter is not None and m.status in ACTIVE
    }
    return _year_loads(tasks, limits, starts)


PROBLEMS = {
    "horizon": gettext_lazy("%(code)s would not end within the horizon."),
    "earliest": gettext_lazy("%(code)s would start before its earliest start."),
    "pinned": gettext_lazy("%(code)s has a fixed start that the plan does not keep."),
    "dependency": gettext_lazy("%(code)s would start before a measure it depends on ends."),
    "budget": gettext_lazy("The plan would exceed the budget of %(year)s."),
    "capacity": gettext_lazy("The plan would exceed the staff capacity of %(year)s."),
    "unknown": gettext_lazy("The plan names a measure that is not part of it."),
}


def check_move(
    strategy: Strategy, measures: list[Measure], measure: Measure, quarter: int, pin: bool
) -> None:
    """Refuse, naming each broken rule, to start ``measure`` in ``quarter`` when the plan of
    ``measures`` (from ``measures_of``) would then break a dependency, the horizon, an
    earliest start or a yearly limit."""
    if measure.status not in ACTIVE:
        raise ValidationError(_("Finished or dropped measures are not planned."))
    by_key = {m.pk: m for m in measures}
    target = by_key[measure.pk]
    target.planned_quarter, target.pinned = quarter, pin
    tasks = _tasks(strategy, measures)
    starts = {
        m.pk: m.planned_quarter
        for m in measures
        if m.planned_quarter is not None and m.status in ACTIVE
    }
    try:
        problems = validate(tasks, limits_for(strategy), starts)
    except SchedulingError as error:
        raise _error(error, by_key) from None
    if problems:
        messages = []
        for problem in problems:
            code = by_key[problem.key].code if problem.key in by_key else ""
            year = strategy.start_year + problem.year if problem.year is not None else ""
            messages.append(
                str(PROBLEMS.get(problem.rule, problem.message)) % {"code": code, "year": year}
            )
        raise ValidationError(list(dict.fromkeys(messages)), code="plan")


def reason_label(code: str) -> str:
    """The reason a measure was left out of the roadmap, in words ('' when none is known)."""
    return str(REASONS[code]) if code in REASONS else ""
