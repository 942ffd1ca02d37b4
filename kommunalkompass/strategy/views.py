from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kommunalkompass.core.filters import filter_select
from kommunalkompass.core.forms import add_service_errors
from kommunalkompass.core.language import content_language
from kommunalkompass.documents.formatting import format_euro
from kommunalkompass.documents.tables import (
    MAX_BYTES,
    RowsError,
    TableFileError,
    format_row_errors,
    read_table,
)
from kommunalkompass.organisations.downloads import Offer, downloads
from kommunalkompass.organisations.selectors import department_list
from kommunalkompass.organisations.tenancy import (
    get_scoped_or_404,
    membership_for,
    organisation_view,
)

from . import imports, roadmap, selectors, services
from .charts import (
    budget_figure,
    burn_up_figure,
    indicator_figure,
    portfolio_figure,
    roadmap_figure,
    status_figure,
)
from .extensions import measure_sections, staff_capacities
from .forms import (
    FieldForm,
    GoalForm,
    IndicatorForm,
    LimitsForm,
    MeasureForm,
    ReportForm,
    StatusForm,
    StrategyForm,
    ValueForm,
    WeightsForm,
)
from .models import FieldOfAction, Goal, Indicator, IndicatorValue, Measure, Strategy
from .priority import derived_priority, priority, weighted_benefit
from .public_views import public_address


def with_strategy(view):
    """Pass the current strategy; without one, go to the page that starts it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        strategy = selectors.current_strategy(organisation=request.organisation)
        if strategy is None:
            if kwargs:  # an address of an object: there is none without a strategy
                raise Http404
            return redirect("strategy:home", request.organisation.slug)
        return view(request, strategy, *args, **kwargs)

    return wrapper


def _can_manage(request: HttpRequest) -> bool:
    return request.user.has_perm("strategy.manage_strategy", request.organisation)


def _downloads(request: HttpRequest) -> list:
    """The documents of the current strategy: the strategy document and the measures table."""
    return downloads(
        request,
        Offer(
            "strategy:document",
            _("Strategy document"),
            description=_(
                "Vision, fields of action, goals, measures with fact sheets, roadmap and budget: "
                "for the council vote. Edit the Word file before the vote."
            ),
        ),
        Offer(
            "strategy:measures_export",
            _("Measures as a table"),
            description=_("Every measure with all its fields, one row each."),
        ),
    )


@organisation_view("strategy.view_strategy")
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The current strategy at a glance; without one, the form to start it."""
    strategy = selectors.current_strategy(organisation=request.organisation)
    if strategy is None:
        return _create_page(request, _create_form(request))
    counts = selectors.measure_counts(strategy=strategy)
    return TemplateResponse(
        request,
        "strategy/home.html",
        {
            "strategy": strategy,
            "can_manage": _can_manage(request),
            "downloads": _downloads(request),
            "fields": selectors.fields_of(strategy),
            "goals": selectors.goal_progress(strategy=strategy),
            "status_rows": [(label, counts[value]) for value, label in Measure.Status.choices],
            "measure_total": sum(counts.values()),
            "versions": list(
                selectors.strategy_list(organisation=request.organisation).exclude(pk=strategy.pk)
            ),
            "weights_form": WeightsForm(strategy=strategy),
            "origins": selectors.strategy_origins(strategy=strategy),
            "publication": selectors.publication_settings(organisation=request.organisation),
            "can_publish": request.user.has_perm("strategy.publish_strategy", request.organisation),
            "public_url": public_address(request, request.organisation.slug),
            "status_form": StatusForm(
                initial={
                    "status": strategy.status,
                    "agreed_on": strategy.agreed_on,
                    "agreed_by": strategy.agreed_by,
                }
            ),  # fmt: skip
        },
    )


def _create_form(request: HttpRequest, data=None) -> StrategyForm:
    return StrategyForm(
        data,
        organisation=request.organisation,
        initial={
            "start_year": timezone.localdate().year + 1,
            "horizon_years": 5,
            "title": _("Digital strategy"),
        },
    )


def _create_page(request: HttpRequest, form: StrategyForm) -> HttpResponse:
    return TemplateResponse(
        request,
        "strategy/create.html",
        {"form": form, "can_manage": _can_manage(request)},
        status=400 if form.errors else 200,
    )


@organisation_view("strategy.manage_strategy")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """Start a new strategy version; it becomes the current one."""
    form = _create_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            services.strategy_create(actor=request.user, organisation=request.organisation, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The strategy has been started as a draft."))
            return redirect("strategy:fields", request.organisation.slug)
    return _create_page(request, form)


@organisation_view("strategy.manage_strategy")
@require_http_methods(["GET", "POST"])
@with_strategy
def edit(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    form = StrategyForm(
        request.POST or None,
        instance=strategy,
        organisation=request.organisation,
        initial={"version": strategy.version},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.strategy_update(actor=request.user, strategy=strategy, version=version, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("strategy:home", request.organisation.slug)
    return TemplateResponse(
        request,
        "strategy/edit.html",
        {"form": form, "strategy": strategy},
        status=400 if form.errors else 200,
    )


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def status(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.strategy_set_status(actor=request.user, strategy=strategy, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The status of the strategy has been saved."))
    else:
        messages.error(request, _("Choose a status and enter a valid date."))
    return redirect("strategy:home", request.organisation.slug)


def _fields_page(request: HttpRequest, strategy: Strategy, form: FieldForm) -> HttpResponse:
    return TemplateResponse(
        request,
        "strategy/fields.html",
        {
            "strategy": strategy,
            "fields": selectors.fields_of(strategy),
            "starter": selectors.starter_field_names(
                strategy=strategy, language=content_language()
            ),
            "form": form,
            "goal_form": GoalForm(strategy=strategy),
            "can_manage": _can_manage(request),
            "origins": selectors.strategy_origins(strategy=strategy),
        },
        status=400 if form.errors else 200,
    )


@organisation_view("strategy.view_strategy")
@require_GET
@with_strategy
def fields(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    """The fields of action: choose from the starter set or add one's own."""
    return _fields_page(request, strategy, FieldForm())


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def field_add(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    if "starter" in request.POST:
        services.field_create_starters(
            actor=request.user,
            strategy=strategy,
            names=request.POST.getlist("starter"),
            language=content_language(),
        )
        messages.success(request, _("The fields of action have been added."))
        return redirect("strategy:fields", request.organisation.slug)
    form = FieldForm(request.POST)
    if form.is_valid():
        try:
            services.field_create(actor=request.user, strategy=strategy, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The field of action has been added."))
            return redirect("strategy:fields", request.organisation.slug)
    return _fields_page(request, strategy, form)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def goal_create(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    form = GoalForm(request.POST, strategy=strategy)
    if form.is_valid():
        services.goal_create(actor=request.user, strategy=strategy, **form.cleaned_data)
        messages.success(request, _("The goal has been added."))
    else:
        messages.error(request, _("Enter the goal and choose a field of action of this strategy."))
    return redirect("strategy:fields", request.organisation.slug)


# The sortable columns of the measure list: (sort key, heading, numeric).
MEASURE_COLUMNS = (
    ("number", _lazy("No."), False),
    ("title", _lazy("Measure"), False),
    ("priority", _lazy("Priority"), False),
    ("benefit", _lazy("Benefit"), True),
    ("effort", _lazy("Effort"), True),
    ("risk", _lazy("Risk"), True),
    ("cost", _lazy("Cost (EUR)"), True),
    ("status", _lazy("Status"), False),
    ("lead", _lazy("Lead"), False),
)


def _sort_headers(request: HttpRequest, sort: str) -> list[dict]:
    """Each column heading with the address that sorts by it (again: the other way round)
    and its ``aria-sort``; the default order is by priority."""
    current = sort or "priority"
    key, descending = current.removeprefix("-"), current.startswith("-")
    headers = []
    for name, label, numeric in MEASURE_COLUMNS:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{name}" if name == key and not descending else name
        headers.append(
            {
                "label": label,
                "numeric": numeric,
                "url": f"?{query.urlencode()}",
                "aria_sort": ("descending" if descending else "ascending") if name == key else "",
            }
        )
    return headers


@organisation_view("strategy.view_strategy")
@require_GET
@with_strategy
def measure_list(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    """The measures: filters, search, "my measures", sortable columns and the totals of
    their planned costs; htmx requests (search as one types) get the table only."""
    get = request.GET
    filters = {
        "field": _int(get.get("field")),
        "status": get.get("status", "") if get.get("status") in Measure.Status.values else "",
        "department": _int(get.get("department")),
        "priority_filter": get.get("priority", "")
        if get.get("priority") in Measure.Priority.values
        else "",
        "search": get.get("q", "")[:200],
        "sort": get.get("sort", "")
        if get.get("sort", "").removeprefix("-") in selectors.MEASURE_SORTS
        else "",
    }
    mine = get.get("mine") == "1"
    lead = None
    if mine:
        membership = membership_for(request.user, request.organisation)
        lead = selectors.MeasureLead(
            department_id=membership.department_id if membership else None,
            person=request.user.full_name,
        )
    rows = selectors.measure_rows(strategy=strategy, lead=lead, **filters)
    totals = selectors.measure_totals(rows)
    language = get_language()
    context = {
        "strategy": strategy,
        "measure_rows": rows,
        "portfolio": portfolio_figure(rows, content_language()),
        "filters": filters,
        "mine": mine,
        "sort_headers": _sort_headers(request, filters["sort"]),
        "totals": totals,
        "totals_text": {
            "one_time": format_euro(totals.one_time, 0, language),
            "annual": format_euro(totals.annual, 0, language),
            "total": format_euro(totals.total, 0, language),
        },
    }
    if request.htmx:
        return TemplateResponse(request, "strategy/_measure_table.html", context)
    context.update(
        {
            "downloads": _downloads(request),
            "filter_selects": [
                filter_select(
                    "field",
                    _("Field of action"),
                    [(f.pk, f.name) for f in selectors.fields_of(strategy)],
                    filters["field"],
                ),
                filter_select("status", _("Status"), Measure.Status.choices, filters["status"]),
                filter_select(
                    "department",
                    _("Lead department"),
                    [(d.pk, d.name) for d in department_list(organisation=request.organisation)],
                    filters["department"],
                ),
                filter_select(
                    "priority",
                    _("Priority"),
                    Measure.Priority.choices,
                    filters["priority_filter"],
                ),
            ],  # fmt: skip
            "can_manage": _can_manage(request),
        }
    )
    return TemplateResponse(request, "strategy/measures.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _measure_values(form: MeasureForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    return {
        "fields_of_action": data.pop("fields"),
        "goals": data.pop("goals"),
        "depends_on": data.pop("depends_on"),
        **data,
    }


@organisation_view("strategy.manage_strategy")
@require_http_methods(["GET", "POST"])
@with_strategy
def measure_create(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    form = MeasureForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(
                actor=request.user, strategy=strategy, **_measure_values(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Measure %(code)s has been created.") % {"code": measure.code}
            )
            return redirect("strategy:measure", request.organisation.slug, measure.pk)
    return TemplateResponse(
        request,
        "strategy/measure_form.html",
        {"form": form, "strategy": strategy, "measure": None},
        status=400 if form.errors else 200,
    )


def _measure_page(
    request: HttpRequest,
    strategy: Strategy,
    pk: int,
    form: MeasureForm | None = None,
    report_form: ReportForm | None = None,
    stale: Measure | None = None,
) -> HttpResponse:
    detail = selectors.measure_detail(strategy=strategy, pk=pk)
    weights = strategy.benefit_weights()
    form = form or MeasureForm(
        instance=detail, strategy=strategy, initial={"version": detail.version}
    )
    report_form = report_form or ReportForm(
        initial={"status": detail.status, "progress": detail.progress}
    )
    return TemplateResponse(
        request,
        "strategy/measure_detail.html",
        {
            "strategy": strategy,
            "measure": detail,
            "stale": stale,
            "benefit": weighted_benefit(detail, weights),
            "priority": Measure.Priority(priority(detail, weights)).label,
            "derived_priority": Measure.Priority(derived_priority(detail, weights)).label,
            "form": form,
            "report_form": report_form,
            "can_manage": _can_manage(request),
            "sections": measure_sections(detail, request.user),
            "planned": (
                roadmap.quarter_label(strategy, detail.planned_quarter),
                roadmap.quarter_label(
                    strategy, detail.planned_quarter + detail.duration_quarters - 1
                ),
            )
            if detail.planned_quarter is not None
            else None,
        },
        status=400 if form.errors or report_form.errors else 200,
    )


def _measure(request: HttpRequest, strategy: Strategy, pk: int) -> Measure:
    return get_scoped_or_404(Measure, request.organisation, pk=pk, strategy=strategy)


@organisation_view("strategy.view_strategy")
@require_GET
@with_strategy
def measure_detail(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    """A measure's fact sheet, its status reports and, for editors, the forms."""
    _measure(request, strategy, pk)
    return _measure_page(request, strategy, pk)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def measure_edit(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    """Save an edit; refused with the other's version shown when someone saved in between."""
    measure = _measure(request, strategy, pk)
    form = MeasureForm(request.POST, instance=measure, strategy=strategy)
    stale = None
    if form.is_valid():
        try:
            services.measure_update(
                actor=request.user,
                measure=measure,
                version=form.cleaned_data.get("version"),
                **_measure_values(form),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "stale":
                stale = selectors.measure_detail(strategy=strategy, pk=pk)
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("strategy:measure", request.organisation.slug, pk)
    return _measure_page(request, strategy, pk, form=form, stale=stale)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def measure_report(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    measure = _measure(request, strategy, pk)
    report_form = ReportForm(request.POST)
    if report_form.is_valid():
        try:
            services.measure_report(actor=request.user, measure=measure, **report_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(report_form, error)
        else:
            messages.success(request, _("The status report has been saved."))
            return redirect("strategy:measure", request.organisation.slug, pk)
    return _measure_page(request, strategy, pk, report_form=report_form)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def adopt_one(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    assessment = selectors.assessment_of(
        organisation=request.organisation, pk=_int(request.POST.get("assessment"))
    )
    if assessment is None:
        messages.error(request, _("Choose an assessment of this organisation."))
        return redirect("strategy:adopt", request.organisation.slug)
    try:
        measure = services.measure_adopt(
            actor=request.user,
            strategy=strategy,
            assessment=assessment,
            recommendation_key=request.POST.get("recommendation", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The recommendation is now measure %(code)s.") % {"code": measure.code}
        )
    return redirect("strategy:adopt", request.organisation.slug)


@organisation_view("strategy.view_strategy")
@require_GET
@with_strategy
def adopt(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    """The recommendations for the weakest dimensions of the linked closed assessments."""
    offers = selectors.adoption_offers(strategy=strategy, language=content_language())
    return TemplateResponse(
        request,
        "strategy/adopt.html",
        {"strategy": strategy, "offers": offers, "can_manage": _can_manage(request)},
    )


# The Gantt chart on its page is drawn for the width of the content column at 1366 px
# (it scales with the column and scrolls sideways on a phone).
ROADMAP_PAGE_WIDTH = 1200


def _roadmap_page(request, strategy, limits_form=None, status=200) -> HttpResponse:
    overview = selectors.roadmap_overview(strategy=strategy)
    period = f"{strategy.start_year}–{strategy.end_year}"
    can_manage = _can_manage(request)
    return TemplateResponse(
        request,
        "strategy/roadmap.html",
        {
            "strategy": strategy,
            # the title often names the period already ("Digitalstrategie 2027–2031")
            "subtitle": strategy.title
            if period in strategy.title
            else f"{strategy.title}, {period}",
            "figure": roadmap_figure(
                strategy,
                overview.measures,
                content_language(),
                width=ROADMAP_PAGE_WIDTH,
                draggable=can_manage,
            ),
            "loads": overview.loads,
            "planned": overview.planned,
            "unplanned": overview.unplanned,
            "quarters": overview.quarters,
            "limits_form": limits_form or LimitsForm(strategy=strategy),
            "can_manage": can_manage,
            "staff_capacities": staff_capacities(strategy),
        },
        status=status,
    )


@organisation_view("strategy.view_strategy")
@require_GET
@with_strategy
def roadmap_page(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    """The roadmap by quarter: Gantt chart, what each year books, what is not planned."""
    return _roadmap_page(request, strategy)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def roadmap_compute(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    try:
        plan = services.roadmap_compute(actor=request.user, strategy=strategy)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("strategy:roadmap", request.organisation.slug)
    messages.success(
        request,
        _("The roadmap has been computed: %(planned)d measures planned, %(unplanned)d not.")
        % {"planned": len(plan.schedule.starts), "unplanned": len(plan.unplanned)}
        + " "
        + (
            _("No plan brings more benefit earlier.")
            if plan.schedule.exact
            else _("At most %(gap)s %% more benefit would be possible.")
            % {"gap": f"{100 * plan.schedule.gap():.1f}"}
        ),
    )
    for measure, reason in plan.unplanned:
        messages.warning(
            request,
            _("%(code)s %(title)s does not fit: %(reason)s.")
            % {"code": measure.code, "title": measure.title, "reason": reason},
        )
    return redirect("strategy:roadmap", request.organisation.slug)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def roadmap_move(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    """Move one measure to another start quarter by hand; it keeps that start."""
    measure = selectors.measure_of(strategy=strategy, pk=_int(request.POST.get("measure")))
    quarter = _int(request.POST.get("quarter"))
    if measure is None or quarter is None or not 0 <= quarter < strategy.horizon_years * 4:
        messages.error(request, _("Choose a measure and a quarter of the horizon."))
        return redirect("strategy:roadmap", request.organisation.slug)
    try:
        services.measure_move(
            actor=request.user, measure=measure, quarter=quarter, pin=bool(request.POST.get("pin"))
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(code)s now starts in %(quarter)s.")
            % {"code": measure.code, "quarter": roadmap.quarter_label(strategy, quarter)},
        )
    return redirect("strategy:roadmap", request.organisation.slug)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def roadmap_limits(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    form = LimitsForm(request.POST, strategy=strategy)
    if form.is_valid():
        try:
            services.strategy_set_limits(
                actor=request.user,
                strategy=strategy,
                budgets=form.budgets(),
                capacities=form.capacities(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The budgets and capacities have been saved."))
            return redirect("strategy:roadmap", request.organisation.slug)
    return _roadmap_page(request, strategy, limits_form=form, status=400)


@organisation_view("strategy.view_strategy")
@require_GET
@with_strategy
def dashboard(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    """Implementation at a glance: overdue measures first, then statuses, the burn-up of
    completed measures, fields, budget planned and spent, each chart with its table."""
    data = selectors.dashboard(strategy=strategy, today=timezone.localdate())
    language = content_language()
    return TemplateResponse(
        request,
        "strategy/dashboard.html",
        {
            "strategy": strategy,
            "dashboard": data,
            "status_figure": status_figure(data.by_status, language),
            "burn_up_figure": burn_up_figure(data.burn_up, language),
            "budget_figure": budget_figure(data.years, language),
            "status_labels": [label for _value, label in Measure.Status.choices],
            "can_view_audit_log": request.user.has_perm(
                "organisations.view_audit_log", request.organisation
            ),
        },
    )


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def measure_import(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    """Measures from an uploaded CSV or XLSX file: all rows, or none with each bad row named."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a CSV or XLSX file."))
        return redirect("strategy:measures", request.organisation.slug)
    try:
        table = read_table(upload.read(MAX_BYTES + 1), upload.name, max_rows=imports.MAX_ROWS)
        created = services.measures_import(actor=request.user, strategy=strategy, table=table)
    except TableFileError as error:
        messages.error(request, str(error))
    except RowsError as error:
        messages.error(request, _("Nothing was imported. Correct these rows and try again:"))
        for message in format_row_errors(error.errors, limit=20):
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(count)d measures have been imported.") % {"count": len(created)}
        )
    return redirect("strategy:measures", request.organisation.slug)


def _goals_page(request, strategy, forms: dict | None = None, status=200) -> HttpResponse:
    """The goals with their indicators, each with its chart and, for editors, its forms
    (``forms`` keeps a form sent with errors, keyed ``("indicator", goal pk)`` or
    ``("value", indicator pk)``)."""
    language = content_language()
    forms = forms or {}
    return TemplateResponse(
        request,
        "strategy/goals.html",
        {
            "strategy": strategy,
            "goals": [
                {
                    "goal": entry.goal,
                    # collapsed, unless a form in it came back with errors
                    "open": ("indicator", entry.goal.pk) in forms
                    or any(("value", row.indicator.pk) in forms for row in entry.indicators),
                    "indicator_form": forms.get(("indicator", entry.goal.pk))
                    or IndicatorForm(prefix=f"goal-{entry.goal.pk}"),
                    "indicators": [
                        {
                            "indicator": row.indicator,
                            "latest": row.latest,
                            "state": row.state,
                            "state_label": row.state_label,
                            "values": row.values,
                            "figure": indicator_figure(row.indicator, row.values, language),
                            "value_form": forms.get(("value", row.indicator.pk))
                            or ValueForm(prefix=f"indicator-{row.indicator.pk}"),
                        }
                        for row in entry.indicators
                    ],
                }
                for entry in selectors.goal_progress(strategy=strategy)
            ],
            "can_manage": _can_manage(request),
        },
        status=status,
    )


def _goal_url(request: HttpRequest, goal_pk: int) -> str:
    """The goals page opened at one goal (kompass.js opens its collapsed section)."""
    return reverse("strategy:goals", args=[request.organisation.slug]) + f"#goal-{goal_pk}"


@organisation_view("strategy.view_strategy")
@require_GET
@with_strategy
def goals(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    """Goals with their indicators: values over time against the path to the target."""
    return _goals_page(request, strategy)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def indicator_create(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    goal = get_scoped_or_404(Goal, request.organisation, pk=pk, strategy=strategy)
    form = IndicatorForm(request.POST, prefix=f"goal-{goal.pk}")
    if form.is_valid():
        try:
            services.indicator_create(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The indicator has been added."))
            return redirect(_goal_url(request, goal.pk))
    return _goals_page(request, strategy, {("indicator", goal.pk): form}, status=400)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def indicator_value(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    indicator = get_scoped_or_404(Indicator, request.organisation, pk=pk, goal__strategy=strategy)
    form = ValueForm(request.POST, prefix=f"indicator-{indicator.pk}")
    if form.is_valid():
        services.indicator_value_add(actor=request.user, indicator=indicator, **form.cleaned_data)
        messages.success(request, _("The value has been recorded."))
        return redirect(_goal_url(request, indicator.goal_id))
    return _goals_page(request, strategy, {("value", indicator.pk): form}, status=400)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def weights(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    """The weights of the benefit criteria; priorities follow at once."""
    form = WeightsForm(request.POST, strategy=strategy)
    if form.is_valid():
        try:
            services.strategy_set_weights(
                actor=request.user, strategy=strategy, weights=form.cleaned_data
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The weights have been saved."))
    else:
        messages.error(request, _("A weight is a whole number from 0 to 100."))
    return redirect("strategy:home", request.organisation.slug)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def measure_delete(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    measure = _measure(request, strategy, pk)
    if request.POST.get("confirm") != measure.code:
        messages.error(
            request, _("To delete, type the measure's number %(code)s.") % {"code": measure.code}
        )
        return redirect("strategy:measure", request.organisation.slug, pk)
    try:
        services.measure_delete(actor=request.user, measure=measure)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("strategy:measure", request.organisation.slug, pk)
    messages.success(request, _("Measure %(code)s has been deleted.") % {"code": measure.code})
    return redirect("strategy:measures", request.organisation.slug)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def field_delete(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    field = get_scoped_or_404(FieldOfAction, request.organisation, pk=pk, strategy=strategy)
    services.field_delete(actor=request.user, field=field)
    messages.success(request, _("The field of action has been deleted."))
    return redirect("strategy:fields", request.organisation.slug)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def goal_delete(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    goal = get_scoped_or_404(Goal, request.organisation, pk=pk, strategy=strategy)
    services.goal_delete(actor=request.user, goal=goal)
    messages.success(request, _("The goal has been deleted."))
    return redirect("strategy:goals", request.organisation.slug)


# Editing the parts of the strategy: a page each, reached from the fields and goals pages ---


@dataclass(frozen=True)
class _Deletion:
    """What the edit page says, below the form, about deleting the part for good."""

    url: str
    heading: str
    text: str


def _part_edit_page(
    request: HttpRequest,
    *,
    form,
    heading: str,
    lead: str,
    back: str,
    deletion: _Deletion | None = None,
) -> HttpResponse:
    return TemplateResponse(
        request,
        "strategy/part_edit.html",
        {
            "form": form,
            "heading": heading,
            "lead": lead,
            "back_url": back,
            "deletion": deletion,
        },
        status=400 if form.errors else 200,
    )


def _save_part(request: HttpRequest, form, save) -> bool:
    """Run ``save(cleaned_data)`` for a valid form; a service's refusal goes to the form's
    fields. True when saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, _("The changes have been saved."))
    return True


@organisation_view("strategy.manage_strategy")
@require_http_methods(["GET", "POST"])
@with_strategy
def field_edit(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    """Rename a field of action, describe it, link it to other maturity dimensions."""
    field = get_scoped_or_404(FieldOfAction, request.organisation, pk=pk, strategy=strategy)
    form = FieldForm(
        request.POST or None,
        initial={"name": field.name, "description": field.description,
                 "dimensions": field.dimensions},
    )  # fmt: skip
    back = reverse("strategy:fields", args=[request.organisation.slug])
    if _save_part(
        request, form, lambda data: services.field_update(actor=request.user, field=field, **data)
    ):
        return redirect(back)
    return _part_edit_page(
        request,
        form=form,
        heading=_("Edit the field of action"),
        lead=field.name,
        back=back,
        deletion=_Deletion(
            url=reverse("strategy:field_delete", args=[request.organisation.slug, field.pk]),
            heading=_("Delete the field of action"),
            text=_(
                "Its goals and measures stay and lose their field of action; the audit log "
                "keeps the deletion."
            ),
        ),
    )


@organisation_view("strategy.manage_strategy")
@require_http_methods(["GET", "POST"])
@with_strategy
def goal_edit(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    """Change a goal's wording, description and field of action."""
    goal = get_scoped_or_404(Goal, request.organisation, pk=pk, strategy=strategy)
    form = GoalForm(
        request.POST or None,
        strategy=strategy,
        initial={"title": goal.title, "field": goal.field_id, "description": goal.description},
    )
    back = reverse("strategy:goals", args=[request.organisation.slug]) + f"#goal-{goal.pk}"
    if _save_part(
        request, form, lambda data: services.goal_update(actor=request.user, goal=goal, **data)
    ):
        return redirect(back)
    return _part_edit_page(
        request,
        form=form,
        heading=_("Edit the goal"),
        lead=goal.title,
        back=back,
        deletion=_Deletion(
            url=reverse("strategy:goal_delete", args=[request.organisation.slug, goal.pk]),
            heading=_("Delete the goal"),
            text=_(
                "Deletes the goal with its indicators and all their measured values for good. "
                "Measures linked to the goal stay."
            ),
        ),
    )


@organisation_view("strategy.manage_strategy")
@require_http_methods(["GET", "POST"])
@with_strategy
def indicator_edit(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    """Change an indicator's name, unit, direction, baseline and target."""
    indicator = get_scoped_or_404(Indicator, request.organisation, pk=pk, goal__strategy=strategy)
    # No instance: the form must not change the indicator before the service compares.
    form = IndicatorForm(
        request.POST or None,
        initial={name: getattr(indicator, name) for name in IndicatorForm.Meta.fields},
    )
    back = reverse("strategy:goals", args=[request.organisation.slug]) + (
        f"#goal-{indicator.goal_id}"
    )
    if _save_part(
        request,
        form,
        lambda data: services.indicator_update(actor=request.user, indicator=indicator, **data),
    ):
        return redirect(back)
    return _part_edit_page(
        request, form=form, heading=_("Edit the indicator"), lead=indicator.name, back=back
    )


@organisation_view("strategy.manage_strategy")
@require_http_methods(["GET", "POST"])
@with_strategy
def indicator_value_edit(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    """Correct a measured value of an indicator."""
    entry = get_scoped_or_404(
        IndicatorValue.objects.select_related("indicator"),
        request.organisation,
        pk=pk,
        indicator__goal__strategy=strategy,
    )
    form = ValueForm(
        request.POST or None,
        initial={"measured_on": entry.measured_on, "value": entry.value, "source": entry.source},
    )
    back = reverse("strategy:goals", args=[request.organisation.slug]) + (
        f"#goal-{entry.indicator.goal_id}"
    )
    if _save_part(
        request,
        form,
        lambda data: services.indicator_value_update(actor=request.user, entry=entry, **data),
    ):
        return redirect(back)
    return _part_edit_page(
        request,
        form=form,
        heading=_("Correct the measured value"),
        lead=entry.indicator.name,
        back=back,
    )
