"""API of the strategy module (mounted under /api/v1/): the organisation's current strategy."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from kommunalkompass.core.api import Pagination
from kommunalkompass.organisations.models import Department
from kommunalkompass.organisations.tenancy import api_organisation, get_scoped_or_404, requires

from . import selectors, services
from .models import FieldOfAction, Goal, Indicator, Measure, Strategy

router = Router(tags=["strategy"])
VIEW, MANAGE = "strategy.view_strategy", "strategy.manage_strategy"


def _current(request: HttpRequest, slug: str, permission: str) -> Strategy:
    organisation = api_organisation(request, slug, permission)
    strategy = selectors.current_strategy(organisation=organisation)
    if strategy is None:
        raise Http404
    return strategy


class StrategyOut(Schema):
    id: int
    title: str
    start_year: int
    horizon_years: int
    status: str
    vision: str
    principles: list[str]
    agreed_on: datetime.date | None
    agreed_by: str
    assessments: list[int]
    weights: dict[str, int]
    version: int


def _strategy_out(strategy: Strategy) -> dict:
    return {
        "id": strategy.pk,
        "title": strategy.title,
        "start_year": strategy.start_year,
        "horizon_years": strategy.horizon_years,
        "status": strategy.status,
        "vision": strategy.vision,
        "principles": strategy.principle_list(),
        "agreed_on": strategy.agreed_on,
        "agreed_by": strategy.agreed_by,
        "assessments": [a.pk for a in strategy.assessments.all()],
        "weights": strategy.benefit_weights(),
        "version": strategy.version,
    }


@router.get("/organisations/{slug}/strategy", response=StrategyOut, openapi_extra=requires(VIEW))
def strategy_current(request: HttpRequest, slug: str):
    """The current strategy (404 when the organisation has none yet)."""
    return _strategy_out(_current(request, slug, VIEW))


class StrategyListItem(Schema):
    id: int
    title: str
    start_year: int
    horizon_years: int
    status: str
    is_current: bool


@router.get(
    "/organisations/{slug}/strategies",
    response=list[StrategyListItem],
    openapi_extra=requires(VIEW),
)
@paginate(Pagination)
def strategy_list(request: HttpRequest, slug: str):
    """Every version of the organisation's strategy, the current one first."""
    organisation = api_organisation(request, slug, VIEW)
    return list(selectors.strategy_list(organisation=organisation))


class FieldOut(Schema):
    id: int
    name: str
    description: str
    dimensions: list[str]


class FieldIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    description: str = ""
    dimensions: list[str] = []


@router.get(
    "/organisations/{slug}/strategy/fields",
    response=list[FieldOut],
    openapi_extra=requires(VIEW),
)
def field_list(request: HttpRequest, slug: str):
    return selectors.fields_of(_current(request, slug, VIEW))


@router.post(
    "/organisations/{slug}/strategy/fields",
    response={201: FieldOut},
    openapi_extra=requires(MANAGE),
)
def field_create(request: HttpRequest, slug: str, payload: FieldIn):
    strategy = _current(request, slug, MANAGE)
    field = services.field_create(actor=request.auth, strategy=strategy, **payload.dict())
    return Status(201, field)


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    direction: str
    baseline: Decimal
    baseline_date: datetime.date
    target: Decimal
    target_date: datetime.date
    values: list[dict]


class GoalOut(Schema):
    id: int
    title: str
    field: int | None
    indicators: list[IndicatorOut]


def _goal_out(goal: Goal) -> dict:
    return {
        "id": goal.pk,
        "title": goal.title,
        "field": goal.field_id,
        "indicators": [_indicator_out(i) for i in goal.indicators.all()],
    }


def _indicator_out(indicator: Indicator) -> dict:
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline": indicator.baseline,
        "baseline_date": indicator.baseline_date,
        "target": indicator.target,
        "target_date": indicator.target_date,
        "values": [
            {"date": v.measured_on.isoformat(), "value": str(v.value), "source": v.source}
            for v in indicator.values.all()
        ],
    }


class GoalIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    field: int | None = None


@router.get(
    "/organisations/{slug}/strategy/goals", response=list[GoalOut], openapi_extra=requires(VIEW)
)
def goal_list(request: HttpRequest, slug: str):
    """Goals with their indicators and measured values."""
    return [_goal_out(g) for g in selectors.goals_with_indicators(_current(request, slug, VIEW))]


@router.post(
    "/organisations/{slug}/strategy/goals",
    response={201: GoalOut},
    openapi_extra=requires(MANAGE),
)
def goal_create(request: HttpRequest, slug: str, payload: GoalIn):
    strategy = _current(request, slug, MANAGE)
    field = (
        get_scoped_or_404(FieldOfAction, strategy.organisation, pk=payload.field, strategy=strategy)
        if payload.field
        else None
    )
    goal = services.goal_create(
        actor=request.auth, strategy=strategy, title=payload.title, field=field
    )
    return Status(201, _goal_out(goal))


class IndicatorIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    unit: str = ""
    direction: str = Field("increase", pattern="^(increase|decrease)$")
    baseline: Decimal
    baseline_date: datetime.date
    target: Decimal
    target_date: datetime.date


@router.post(
    "/organisations/{slug}/strategy/goals/{goal_id}/indicators",
    response={201: IndicatorOut},
    openapi_extra=requires(MANAGE),
)
def indicator_create(request: HttpRequest, slug: str, goal_id: int, payload: IndicatorIn):
    strategy = _current(request, slug, MANAGE)
    goal = get_scoped_or_404(Goal, strategy.organisation, pk=goal_id, strategy=strategy)
    indicator = services.indicator_create(actor=request.auth, goal=goal, **payload.dict())
    return Status(201, _indicator_out(indicator))


class ValueIn(Schema):
    date: datetime.date
    value: Decimal
    source: str = ""


@router.post(
    "/organisations/{slug}/strategy/indicators/{indicator_id}/values",
    response={201: IndicatorOut},
    openapi_extra=requires(MANAGE),
)
def indicator_value(request: HttpRequest, slug: str, indicator_id: int, payload: ValueIn):
    """Record a measured value (a second value for the same date replaces the first)."""
    strategy = _current(request, slug, MANAGE)
    indicator = get_scoped_or_404(
        Indicator, strategy.organisation, pk=indicator_id, goal__strategy=strategy
    )
    services.indicator_value_add(
        actor=request.auth,
        indicator=indicator,
        measured_on=payload.date,
        value=payload.value,
        source=payload.source,
    )
    return Status(201, _indicator_out(indicator))


class MeasureOut(Schema):
    id: int
    number: int
    code: str
    title: str
    description: str
    status: str
    progress: int
    priority: str
    benefit: float
    fields: list[int]
    goals: list[int]
    depends_on: list[int]
    lead_department: int | None
    lead_person: str
    start: datetime.date | None
    end: datetime.date | None
    duration_quarters: int
    earliest_start: datetime.date | None
    one_time_cost: Decimal
    annual_cost: Decimal
    person_days: int
    funding_source: str
    benefit_citizens: int
    benefit_staff: int
    benefit_efficiency: int
    benefit_legal: int
    benefit_goals: int
    effort: int
    risk: int
    priority_override: str
    priority_reason: str
    dimension: str
    planned_quarter: int | None
    pinned: bool
    version: int


def _measure_out(row) -> dict:
    m = row.measure
    return {
        **{name: getattr(m, name) for name in MeasureOut.model_fields if hasattr(m, name)},
        "code": m.code,
        "priority": row.priority,
        "benefit": round(row.benefit, 3),
        "fields": [f.pk for f in m.fields.all()],
        "goals": [g.pk for g in m.goals.all()],
        "depends_on": [d.pk for d in m.depends_on.all()],
        "lead_department": m.lead_department_id,
    }


class MeasureIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    status: str = "idea"
    progress: int = Field(0, ge=0, le=100)
    fields: list[int] = []
    goals: list[int] = []
    depends_on: list[int] = Field([], description="Ids of measures of the same strategy")
    lead_department: int | None = None
    lead_person: str = ""
    participants: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    duration_quarters: int = Field(2, ge=1, le=40)
    earliest_start: datetime.date | None = None
    one_time_cost: Decimal = Decimal(0)
    annual_cost: Decimal = Decimal(0)
    person_days: int = Field(0, ge=0)
    funding_source: str = ""
    benefit_citizens: int = Field(0, ge=0, le=5)
    benefit_staff: int = Field(0, ge=0, le=5)
    benefit_efficiency: int = Field(0, ge=0, le=5)
    benefit_legal: int = Field(0, ge=0, le=5)
    benefit_goals: int = Field(0, ge=0, le=5)
    effort: int = Field(3, ge=1, le=5)
    risk: int = Field(3, ge=1, le=5)
    priority_override: str = Field("", pattern="^(|high|medium|low)$")
    priority_reason: str = ""
    dimension: str = ""


class MeasurePatch(Schema):
    """Only the fields sent change; ``version`` is the version the change was made on."""

    version: int
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    status: str | None = None
    progress: int | None = Field(None, ge=0, le=100)
    depends_on: list[int] | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    duration_quarters: int | None = Field(None, ge=1, le=40)
    one_time_cost: Decimal | None = None
    annual_cost: Decimal | None = None
    effort: int | None = Field(None, ge=1, le=5)
    risk: int | None = Field(None, ge=1, le=5)
    priority_override: str | None = Field(None, pattern="^(|high|medium|low)$")
    priority_reason: str | None = None


def _relations(strategy: Strategy, data: dict) -> dict:
    """Turn id lists into objects of the strategy (an unknown id is a 400 naming the field)."""
    out = {}
    for key, model, target in (
        ("fields", FieldOfAction, "fields_of_action"),
        ("goals", Goal, "goals"),
        ("depends_on", Measure, "depends_on"),
    ):
        if data.get(key) is None:
            data.pop(key, None)
            continue
        ids = set(data.pop(key))
        found = list(model.objects.filter(strategy=strategy, pk__in=ids))
        if len(found) != len(ids):
            missing = sorted(ids - {obj.pk for obj in found})
            raise ValidationError(
                {key: _("Not in this strategy: %(ids)s.") % {"ids": ", ".join(map(str, missing))}}
            )
        out[target] = found
    if "lead_department" in data:
        department = data.pop("lead_department")
        out["lead_department"] = (
            Department.objects.for_organisation(strategy.organisation).filter(pk=department).first()
            if department
            else None
        )
        if department and out["lead_department"] is None:
            raise ValidationError(
                {"lead_department": _("Choose a department of this organisation.")}
            )
    return out


def _row(strategy: Strategy, pk: int):
    return next(r for r in selectors.measure_rows(strategy=strategy) if r.measure.pk == pk)


@router.get(
    "/organisations/{slug}/strategy/measures",
    response=list[MeasureOut],
    openapi_extra=requires(VIEW),
)
@paginate(Pagination)
def measure_list(request: HttpRequest, slug: str, status: str = "", field: int | None = None):
    """The measures ranked by priority; filter by ``status`` and ``field``."""
    strategy = _current(request, slug, VIEW)
    return [
        _measure_out(row)
        for row in selectors.measure_rows(
            strategy=strategy,
            status=status if status in Measure.Status.values else "",
            field=field,
        )
    ]


@router.post(
    "/organisations/{slug}/strategy/measures",
    response={201: MeasureOut},
    openapi_extra=requires(MANAGE),
)
def measure_create(request: HttpRequest, slug: str, payload: MeasureIn):
    strategy = _current(request, slug, MANAGE)
    data = payload.dict()
    relations = _relations(strategy, data)
    measure = services.measure_create(actor=request.auth, strategy=strategy, **data, **relations)
    return Status(201, _measure_out(_row(strategy, measure.pk)))


@router.get(
    "/organisations/{slug}/strategy/measures/{measure_id}",
    response=MeasureOut,
    openapi_extra=requires(VIEW),
)
def measure_get(request: HttpRequest, slug: str, measure_id: int):
    strategy = _current(request, slug, VIEW)
    get_scoped_or_404(Measure, strategy.organisation, pk=measure_id, strategy=strategy)
    return _measure_out(_row(strategy, measure_id))


@router.patch(
    "/organisations/{slug}/strategy/measures/{measure_id}",
    response=MeasureOut,
    openapi_extra=requires(MANAGE),
)
def measure_patch(request: HttpRequest, slug: str, measure_id: int, payload: MeasurePatch):
    """Change a measure; a ``version`` older than the stored one is refused (409)."""
    strategy = _current(request, slug, MANAGE)
    measure = get_scoped_or_404(Measure, strategy.organisation, pk=measure_id, strategy=strategy)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    relations = _relations(strategy, data)
    try:
        services.measure_update(
            actor=request.auth, measure=measure, version=version, **data, **relations
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "stale":
            raise HttpError(409, error.messages[0]) from None
        raise
    return _measure_out(_row(strategy, measure_id))


class ScheduledOut(Schema):
    measure: int
    code: str
    start: str
    end: str
    start_index: int
    pinned: bool


class YearOut(Schema):
    year: int
    cost: Decimal
    budget: Decimal | None
    person_days: float
    capacity: float | None


class ScheduleOut(Schema):
    planned: list[ScheduledOut]
    unplanned: list[dict]
    years: list[YearOut]


def _schedule_out(strategy: Strategy, unplanned_reasons: dict[int, str] | None = None) -> dict:
    overview = selectors.roadmap_overview(strategy=strategy)
    return {
        "planned": [
            {
                "measure": entry.measure.pk,
                "code": entry.measure.code,
                "start_index": entry.measure.planned_quarter,
                "start": entry.start,
                "end": entry.end,
                "pinned": entry.measure.pinned,
            }
            for entry in overview.planned
        ],
        "unplanned": [
            {
                "measure": entry.measure.pk,
                "code": entry.measure.code,
                "reason": (unplanned_reasons or {}).get(entry.measure.pk, ""),
            }
            for entry in overview.unplanned
        ],
        "years": [
            {
                "year": strategy.start_year + load.year,
                "cost": load.cost,
                "budget": load.budget,
                "person_days": load.person_days,
                "capacity": load.capacity,
            }
            for load in overview.loads
        ],
    }


@router.get(
    "/organisations/{slug}/strategy/schedule", response=ScheduleOut, openapi_extra=requires(VIEW)
)
def schedule_get(request: HttpRequest, slug: str):
    """The stored roadmap: each planned measure's quarters and what each year books."""
    return _schedule_out(_current(request, slug, VIEW))


@router.post(
    "/organisations/{slug}/strategy/schedule", response=ScheduleOut, openapi_extra=requires(MANAGE)
)
def schedule_compute(request: HttpRequest, slug: str):
    """Compute the roadmap anew (keeping starts fixed by hand); ``unplanned`` gives the reason
    code of each measure that did not fit: budget, capacity, dependency, horizon."""
    strategy = _current(request, slug, MANAGE)
    plan = services.roadmap_compute(actor=request.auth, strategy=strategy)
    return _schedule_out(strategy, plan.schedule.unplanned)


class DashboardYearOut(Schema):
    year: int
    budget: Decimal | None
    planned: Decimal
    spent: Decimal


class DashboardFieldOut(Schema):
    field: str
    counts: dict[str, int]
    total: int


class DashboardOverdueOut(Schema):
    code: str
    title: str
    end: str


class StrategyDashboardOut(Schema):
    measures: int = Field(..., description="All measures of the strategy")
    to_implement: int = Field(
        ..., description="Planned, in progress or completed (not ideas, not dropped)"
    )
    by_status: dict[str, int]
    by_field: list[DashboardFieldOut]
    years: list[DashboardYearOut]
    overdue: list[DashboardOverdueOut]


@router.get(
    "/organisations/{slug}/strategy/dashboard",
    response=StrategyDashboardOut,
    openapi_extra=requires(VIEW),
)
def dashboard(request: HttpRequest, slug: str):
    """The implementation dashboard's figures: measures per status (the counts of the page,
    the strategy document and the Ablaufplan), per field of action, budget planned and spent
    per year, and the overdue measures."""
    strategy = _current(request, slug, VIEW)
    data = selectors.dashboard(strategy=strategy, today=timezone.localdate())
    return {
        "measures": data.tally.total,
        "to_implement": data.tally.to_implement,
        "by_status": data.tally.counts,
        "by_field": [
            {"field": entry["field"], "counts": dict(entry["counts"]), "total": entry["total"]}
            for entry in data.by_field
        ],
        "years": data.years,
        "overdue": [
            {"code": measure.code, "title": measure.title, "end": end}
            for measure, end in data.overdue
        ],
    }


# The vision workshops' operations, under the same paths (strategy/workshop_api.py).
from .workshop_api import router as workshop_router  # noqa: E402

router.add_router("", workshop_router)
